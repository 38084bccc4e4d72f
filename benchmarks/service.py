"""`make bench-service`: the service under load. The example issue is submitted over HTTP by
1, 4 and 16 concurrent clients (each submits, waits for its report, submits again) to a
real `verifier serve` (4 workers) over the bundled local web; prints submissions per minute,
p50/p95 time from submission to report, and the peak memory of the server and its workers.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from localweb import LocalWeb
from localweb.example import example_routes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "iwj-guide-2024-11-11.txt").read_bytes()
ROUNDS = ((1, 3), (4, 2), (16, 1))  # (clients, submissions each)


def _time_to_report(url: str) -> float:
    started = time.monotonic()
    job = httpx.post(url + "api/issues", content=EXAMPLE, headers={"content-type": "text/plain"})
    job.raise_for_status()
    while True:
        state = httpx.get(f"{url}api/jobs/{job.json()['job']}").json()
        if state["state"] == "done":
            return time.monotonic() - started
        if state["state"] == "failed":
            raise RuntimeError(state["error"])
        time.sleep(0.2)


def _peak_mb(pid: int) -> float:
    """Peak RSS (VmHWM) of a process and its children, in MB."""
    pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    total = 0
    for each in pids:
        status = Path(f"/proc/{each}/status").read_text()
        total += int(re.search(r"VmHWM:\s+(\d+) kB", status)[1])  # type: ignore[index]
    return total / 1024


def main() -> None:
    with LocalWeb(example_routes()) as web, tempfile.TemporaryDirectory() as folder:
        routes = [f"--connect-to={route}" for route in web.connect_to_all()]
        command = [
            sys.executable, "-m", "verifier", "serve", "--port", "0", "--workers", "4",
            "--recheck", "off", "--cache", f"{folder}/cache", "--reports", f"{folder}/reports",
            "--ca-bundle", str(web.ca_path), *routes,
        ]  # fmt: skip
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert server.stdout is not None
        url = server.stdout.readline().split(" at ")[1].split(" ")[0]
        try:
            _time_to_report(url)  # the workers load their models once
            for clients, each in ROUNDS:
                started = time.monotonic()
                with ThreadPoolExecutor(clients) as pool:
                    times = list(pool.map(lambda _: _time_to_report(url), range(clients * each)))
                minutes = (time.monotonic() - started) / 60
                p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
                print(
                    f"{clients:>2} client(s): {len(times) / minutes:5.1f} submissions/min, "
                    f"time to report p50 {statistics.median(times):5.1f} s, p95 {p95:5.1f} s"
                )
            print(f"peak memory: {_peak_mb(server.pid):.0f} MB (server and workers)")
        finally:
            server.terminate()
            server.wait(20)
            server.stdout.close()


if __name__ == "__main__":
    main()
