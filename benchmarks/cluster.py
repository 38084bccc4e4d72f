"""`make bench-cluster`: the service on Redis and PostgreSQL with 1, 2 and 3 workers.

Each round starts a new PostgreSQL database and the API with its workers (one thread each,
`verifier worker --workers 1`), submits 20 issues citing 5,000 URLs of the local web (50
hosts, 20 ms latency), and waits for every report. Prints, per round, URLs verified a
second in all and per worker, and the CPU seconds per 1,000 URLs spent by the workers,
PostgreSQL and Redis (read from /proc): where the time goes as workers are added. The
numbers feed docs/scaling.md.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from localweb import LocalWeb
from localweb._bench import bench_issues, bench_urls
from tests import servers

HOSTS, PAGES, ISSUES = 50, 100, 20
ENVIRONMENT = {"VERIFIER_EMBEDDER": "none", "VERIFIER_PER_HOST": "4"}
CLOCK_TICKS = 100  # os.sysconf("SC_CLK_TCK") on Linux


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command's name (field 3 onwards)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes, and of their children that ended, so far."""
    return sum(sum(int(v) for v in _stat(pid)[11:15]) for pid in pids) / CLOCK_TICKS


def _tree(server: servers.Server) -> list[int]:
    """The server's process and all its descendants (PostgreSQL's backends; as root, the
    server is itself a child of `runuser`)."""
    assert server.process is not None
    parents: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                parents[int(proc.name)] = int(_stat(int(proc.name))[1])
            except (OSError, IndexError, ValueError):
                continue
    found = [server.process.pid]
    for pid in found:
        found.extend(child for child, parent in parents.items() if parent == pid)
    return found


def _round(
    root: Path, web: LocalWeb, workers: int, redis: tuple[servers.Server, str], pg: str
) -> dict[str, float]:
    name = f"bench_{workers}"
    with psycopg.connect(pg, autocommit=True) as connection:
        connection.execute(f"create database {name}")
    database = f"{pg.rsplit('/', 1)[0]}/{name}"
    root.mkdir(parents=True)
    issues = bench_issues(root, bench_urls(HOSTS, PAGES), ISSUES, shared=25)
    cluster = servers.start_cluster(
        root,
        web,
        queue=redis[1],
        database=database,
        workers=workers,
        threads=1,
        environment=ENVIRONMENT,
    )
    try:
        time.sleep(3)  # the workers' imports, before the clock starts
        pids = [process.pid for process in cluster.workers]
        before = _cpu_seconds(pids)
        started = time.monotonic()
        for issue in issues:
            cluster.submit(issue)
        jobs = cluster.wait_done(ISSUES, 1800)
        elapsed = time.monotonic() - started
        spent = _cpu_seconds(pids) - before
        peak = max(_peak_mb(pid) for pid in pids)
    finally:
        cluster.stop()
    assert all(state == "done" for _, state, _, _ in jobs)
    urls = HOSTS * PAGES
    return {
        "workers": workers,
        "seconds": elapsed,
        "urls_s": urls / elapsed,
        "cpu": spent,
        "peak_mb": peak,
    }


def _peak_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _links_alone(root: Path, web: LocalWeb, database: str | None) -> dict[str, float]:
    """`verifier links` over the same issues in one process (the nightly re-check's
    pipeline), on SQLite or on PostgreSQL: wall time and CPU."""
    root.mkdir(parents=True)
    issues = bench_issues(root, bench_urls(HOSTS, PAGES), ISSUES, shared=25)
    command = [sys.executable, "-m", "verifier", "links", *map(str, issues), "-q"]
    command += [*servers.web_options(web, root), "--no-progress"]
    if database:
        command += ["--database", database]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    finished = subprocess.run(command, env={**os.environ, **ENVIRONMENT}, stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert finished.returncode in (0, 1), finished
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": elapsed, "cpu": cpu}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="verifier-bench-cluster-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)
        pg_server, pg = servers.postgres(root / "pg")
        redis = servers.redis(root / "redis")
        rows = []
        try:
            with LocalWeb(bench_hosts=HOSTS, bench_pages=PAGES, latency=0.02) as web:
                for workers in (1, 2, 3):
                    pg_before = _cpu_seconds(_tree(pg_server))
                    redis_before = _cpu_seconds(_tree(redis[0]))
                    row = _round(root / f"round-{workers}", web, workers, redis, pg)
                    row["pg"] = _cpu_seconds(_tree(pg_server)) - pg_before
                    row["redis"] = _cpu_seconds(_tree(redis[0])) - redis_before
                    rows.append(row)
                    print(f"{workers} worker(s): {row['seconds']:.1f} s", file=sys.stderr)
                with psycopg.connect(pg, autocommit=True) as connection:
                    connection.execute("create database bench_links")
                links = {
                    "SQLite": _links_alone(root / "links-sqlite", web, None),
                    "PostgreSQL": _links_alone(
                        root / "links-pg", web, f"{pg.rsplit('/', 1)[0]}/bench_links"
                    ),
                }
        finally:
            redis[0].stop()
            pg_server.stop()
    urls = HOSTS * PAGES / 1000
    print(
        "| workers | wall | URLs/s | URLs/s per worker | CPU s per 1,000 URLs: workers |"
        " PostgreSQL | Redis | worker peak RSS |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['workers']:.0f} | {row['seconds']:.1f} s | {row['urls_s']:.0f} |"
            f" {row['urls_s'] / row['workers']:.0f} | {row['cpu'] / urls:.1f} |"
            f" {row['pg'] / urls:.2f} | {row['redis'] / urls:.2f} | {row['peak_mb']:.0f} MB |"
        )
    print()
    print("| `verifier links`, one process | wall | URLs/s | CPU s per 1,000 URLs |")
    print("| --- | ---: | ---: | ---: |")
    for backend, row in links.items():
        print(
            f"| archive on {backend} | {row['seconds']:.1f} s |"
            f" {urls * 1000 / row['seconds']:.0f} | {row['cpu'] / urls:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
