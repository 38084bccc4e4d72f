"""`make bench` (parse): a 2,000-line issue parsed, cold, as `verifier run` parses it.

The example issue (IWJ-style text) and a Markdown digest of the corpus, each repeated to
2,000 lines; the parse stage's caches (a shared passage's claims, each line's links) are
emptied before every round, so each round is a first parse. The best of seven rounds of
CPU time is printed (the machine's other work moves wall time; the target is 50 ms).
"""

from __future__ import annotations

import time
from pathlib import Path

from verifier.parse import claims, parse_text
from verifier.parse.lines import line_anchors

ROOT = Path(__file__).resolve().parent.parent
ISSUES = (
    (ROOT / "examples" / "iwj-guide-2024-11-11.txt", "issue.txt"),
    (ROOT / "tests" / "corpus" / "issues" / "en-md-merz-wins.md", "issue.md"),
)
LINES = 2_000
ROUNDS = 7


def main() -> None:
    for path, name in ISSUES:
        lines = path.read_text("utf-8").split("\n")
        text = "\n".join((lines * (LINES // len(lines) + 1))[:LINES])
        best = min(_round(text, name) for _ in range(ROUNDS))
        print(f"parse: {path.name} repeated to {LINES} lines in {best * 1000:.0f} ms of CPU")


def _round(text: str, name: str) -> float:
    claims.clear_cache()
    line_anchors.cache_clear()
    start = time.process_time()
    parse_text(text, name)
    return time.process_time() - start


if __name__ == "__main__":
    main()
