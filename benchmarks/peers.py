"""`make bench-peers`: the peer benchmark's figures for `verifier links`, side by side.

Reads the per-run results `../shared/bench/run_peers.sh` wrote (`$WORK/results/results.jsonl`,
`WORK` as that script defaults it) and prints, per configuration, the median wall time,
URLs/s, CPU per URL and peak RSS over its rounds, then the ratios issue 16 sets targets on:
`verifier links` URLs/s over linkinator's (target >= 2) and its CPU ms per URL (target <= 3).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

URLS = int(os.environ.get("N", "1000"))
VERIFIER, LINKINATOR = "verifier links", "linkinator (defaults)"


def main() -> int:
    work = Path(os.environ.get("WORK", Path(tempfile.gettempdir()) / "bench"))
    results = work / "results" / "results.jsonl"
    if not results.is_file():
        print(f"bench-peers: no results at {results}: run ../shared/bench/run_peers.sh first")
        return 2
    runs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in results.read_text("utf-8").splitlines():
        run = json.loads(line)
        if run.get("group") == "main":
            runs[run["config"]].append(run)
    figures = {name: _figures(found) for name, found in runs.items()}
    print(f"{'configuration':28} {'wall s':>7} {'URLs/s':>7} {'CPU ms/URL':>10} {'MB':>6} exit")
    for name, (wall, cpu, rss, code) in sorted(figures.items()):
        per_url = cpu * 1000 / URLS
        print(f"{name:28} {wall:7.2f} {URLS / wall:7.0f} {per_url:10.1f} {rss:6.0f} {code}")
    if VERIFIER in figures and LINKINATOR in figures:
        ratio = figures[LINKINATOR][0] / figures[VERIFIER][0]
        per_url = figures[VERIFIER][1] * 1000 / URLS
        print(f"verifier links / linkinator, URLs/s: {ratio:.2f}x (target >= 2)")
        print(f"verifier links CPU per URL: {per_url:.1f} ms (target <= 3)")
    return 0


def _figures(runs: list[dict[str, Any]]) -> tuple[float, float, float, int]:
    """Median wall seconds, CPU seconds, peak RSS (MB) over the rounds; the last exit code."""
    wall = statistics.median(run["wall_s"] for run in runs)
    cpu = statistics.median(run["user_s"] + run["sys_s"] for run in runs)
    rss = statistics.median(run["maxrss_kb"] for run in runs) / 1024
    return wall, cpu, rss, runs[-1]["exit"]


if __name__ == "__main__":
    sys.exit(main())
