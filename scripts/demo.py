"""`make demo`: verify the bundled example issue, and a Markdown digest and an HTML e-mail
of the labelled corpus, over the bundled local web.

Starts `python -m localweb serve --example --pages ...` (a real HTTPS server on
127.0.0.1 that answers for www.politico.com, t.me, the corpus's outlets and its
click trackers, with its own trustme CA), runs `verifier run` on the three issues
through it with `--connect-to` and `--ca-bundle`, stops the server and prints
where the HTML reports are.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".localweb"
ISSUE = ROOT / "examples" / "iwj-guide-2024-11-11.txt"
CORPUS = ROOT / "tests" / "corpus"
# An English Markdown digest (inline links, footnotes, a blockquote) and an HTML e-mail
# (click-tracking links, a hidden preheader, a footer of share and unsubscribe links).
MORE = (
    CORPUS / "issues" / "en-md-merz-wins.md",
    CORPUS / "issues" / "en-html-germany-election.html",
)
PAGES = (CORPUS / "web" / "md", CORPUS / "web" / "html")


def _wait_ready(
    server: subprocess.Popen[bytes], ready: Path, seconds: float = 30.0
) -> dict[str, object]:
    """The server writes ready.json once it listens; wait for it (or its death)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready.exists():
            data: dict[str, object] = json.loads(ready.read_text("utf-8"))
            return data
        if server.poll() is not None:
            sys.exit(f"demo: the local web exited with status {server.returncode}")
        time.sleep(0.1)
    sys.exit("demo: the local web did not start within 30 s")


def main() -> int:
    STATE.mkdir(exist_ok=True)
    ready = STATE / "ready.json"
    ready.unlink(missing_ok=True)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "localweb",
            "serve",
            "--example",
            *(f"--pages={folder}" for folder in PAGES),
            "--state-dir",
            str(STATE),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        info = _wait_ready(server, ready)
        routes = [f"--connect-to={route}" for route in info["connect_to"]]  # type: ignore[union-attr]
        issues = [str(ISSUE), *(str(issue) for issue in MORE)]
        command = [sys.executable, "-m", "verifier", "run", *issues, *routes]
        command += ["--ca-bundle", str(info["ca"])]
        status = subprocess.call(command, cwd=ROOT)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"\nOpen the report: {ROOT / 'reports' / 'index.html'}")
    # Exit status 1 means "findings" (the example issue has real mistakes): the demo worked.
    return 0 if status in (0, 1) else status


if __name__ == "__main__":
    sys.exit(main())
