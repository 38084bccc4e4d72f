"""Memory bounded by design: a 60 MB page, a 10 MB page of one line and a page of 100,000
elements, cited together, keep a whole run within its bound.

Each command runs in its own process, and the bound is that process's peak resident memory
as the kernel counted it (`os.wait4`, in a fresh interpreter between): the fetch keeps
10 MiB of a body, extraction reads 4 MiB of it (`extract.MAX_READ_BYTES`) and keeps 500,000
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


def _issue(tmp_path: Path) -> Path:
    title = "※Heavy {}「港のフェリー」(Example、2024年11月6日)\n{}\n"
    blocks = [title.format(n, url) for n, url in enumerate(HEAVY)]
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


@pytest.mark.parametrize("command", ["links", "run"])
def test_heavy_pages_keep_a_run_within_its_memory_bound(
    local_web: LocalWeb, tmp_path: Path, command: str
) -> None:
    args = [sys.executable, "-m", "verifier", command, str(_issue(tmp_path))]
    args += ["--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports")]
    args += ["--ca-bundle", str(local_web.ca_path), "--no-progress"]
    args += [f"--connect-to={route}" for route in local_web.connect_to_all()]
    code, peak = _peak_mb(args)
    assert code in (0, 1)
    assert peak < PEAK_MB, f"verifier {command} peaked at {peak:.0f} MB"
