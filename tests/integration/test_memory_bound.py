"""Memory bounded by design: a 60 MB page, a 10 MB page of one line and a page of 100,000
elements keep a whole command within its bound (`links` citing them all at once, `run` each).

Each command runs in its own process, and the bound is that process's peak resident memory
as the kernel counted it (`os.wait4`, in a fresh interpreter between): the fetch keeps
10 MiB of a body, extraction reads 4 MiB of it (`extract.MAX_READ_BYTES`) and keeps 300,000
characters of text (`extract.MAX_TEXT_CHARS`), and a page gives at most `MAX_SENTENCES`
sentences to embed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from localweb import LocalWeb

F = "https://failures.test"
HEAVY = [f"{F}/huge?mb=60", f"{F}/huge-line?mb=10", f"{F}/elements?n=100000"]
PEAK_MB = 400  # issue 16: the 60 MB page keeps a run under 400 MB


def _issue(tmp_path: Path, urls: list[str]) -> Path:
    title = "※Heavy {}「港のフェリー」(Example、2024年11月6日)\n{}\n"
    blocks = [title.format(n, url) for n, url in enumerate(urls)]
    path = tmp_path / "heavy.txt"
    path.write_text("Heavy pages 2024.11.11号\n\n" + "\n".join(blocks), "utf-8")
    return path


# Run by a fresh interpreter between this test and the command: a process started straight
# from the test would inherit the test process's own size as its peak (Linux counts a
# parent's memory, shared until exec, in the child's high-water mark).
_MEASURE = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _peak_mb(command: list[str]) -> tuple[int, float]:
    """Exit code and peak resident memory (MB) of `command` run in a process of its own."""
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    )
    code, kib = measured.stdout.split()
    return int(code), int(kib) / 1024  # Linux counts KiB


def _args(web: LocalWeb, tmp_path: Path, command: str, urls: list[str]) -> list[str]:
    args = [sys.executable, "-m", "verifier", command, str(_issue(tmp_path, urls))]
    args += ["--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports")]
    args += ["--ca-bundle", str(web.ca_path), "--no-progress"]
    return args + [f"--connect-to={route}" for route in web.connect_to_all()]


def test_links_over_every_heavy_page_at_once_stays_within_the_bound(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    code, peak = _peak_mb(_args(local_web, tmp_path, "links", HEAVY))
    assert code in (0, 1)
    assert peak < PEAK_MB, f"verifier links peaked at {peak:.0f} MB"


@pytest.mark.parametrize("url", HEAVY)
def test_a_run_citing_a_heavy_page_stays_within_the_bound(
    local_web: LocalWeb, tmp_path: Path, url: str
) -> None:
    """`run` also loads its models (about 130 MB) and checks the claims against the page."""
    code, peak = _peak_mb(_args(local_web, tmp_path, "run", [url]))
    assert code in (0, 1)
    assert peak < PEAK_MB, f"verifier run peaked at {peak:.0f} MB"
