"""`make test-cluster`: the service past one machine, on real Redis and PostgreSQL servers.

The API and three `verifier worker` processes verify 20 issues citing 5,000 URLs of the
local web, with a worker killed (``kill -9``) while it runs a job and Redis and PostgreSQL
each restarted mid-run; then the reports must be those of one `verifier run` process over
the same issues, every URL archived exactly once, and no host of the local web may ever
have answered more requests at once than the per-host limit.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from localweb import LocalWeb
from localweb._bench import bench_issues, bench_urls
from tests import servers
from verifier.pipeline._crawl import WRITE_BACKLOG

HOSTS, PAGES, ISSUES = 50, 100, 20  # 5,000 URLs
SHARED = 25  # each issue cites 250 URLs of its own and 25 of the next issue's (500 cited twice)
PER_HOST = 2
MAX_CONNECTIONS = 20  # a worker's thread has at most this many requests in flight
WORKERS, THREADS = 3, 2
#: Every process of the cluster and the single run: no model (the checks that need none
#: run), a short job lease (a killed worker's job moves on within seconds), a tight
#: per-host limit the local web can catch being broken.
ENVIRONMENT = {
    "VERIFIER_EMBEDDER": "none",
    "VERIFIER_JOB_LEASE": "4",
    "VERIFIER_PER_HOST": str(PER_HOST),
    "VERIFIER_MAX_CONNECTIONS": str(MAX_CONNECTIONS),
    "VERIFIER_TOTAL_TIMEOUT": "10",
}
DONE_WITHIN = 900.0
VOLATILE = {"fetched_at", "snapshot", "generated_at", "checked_at", "path"}


@pytest.fixture(scope="module")
def web() -> Iterator[LocalWeb]:
    with LocalWeb(bench_hosts=HOSTS, bench_pages=PAGES, latency=0.02) as started:
        yield started


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[servers.Server, str]]:
    server, url = servers.redis(tmp_path_factory.mktemp("redis"))
    yield server, url
    server.stop()


@pytest.fixture(scope="module")
def issues(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """20 issues: each cites 250 URLs of its own and 25 of the next issue's."""
    urls = bench_urls(HOSTS, PAGES)
    return bench_issues(tmp_path_factory.mktemp("issues"), urls, ISSUES, shared=SHARED)


@pytest.fixture
def cluster(
    tmp_path: Path,
    web: LocalWeb,
    redis_server: tuple[servers.Server, str],
    postgres_database: str,
) -> Iterator[servers.Cluster]:
    started = servers.start_cluster(
        tmp_path,
        web,
        queue=redis_server[1],
        database=postgres_database,
        workers=WORKERS,
        threads=THREADS,
        environment=ENVIRONMENT,
    )
    yield started
    started.stop()


def _normalised(data: Any) -> Any:
    """A report without what differs from run to run (times, snapshot ids, the issue's
    file)."""
    if isinstance(data, dict):
        return {k: _normalised(v) for k, v in data.items() if k not in VOLATILE}
    if isinstance(data, list):
        return [_normalised(item) for item in data]
    return data


def _reports(folder: Path) -> dict[str, Any]:
    found = {path.parent.name: path for path in folder.glob("*/report.json")}
    return {
        issue: _normalised(json.loads(path.read_text("utf-8"))) for issue, path in found.items()
    }


def _bench_requests(web: LocalWeb, since: int) -> Counter[str]:
    """Requests for bench pages (not robots.txt) after the first `since` the web received."""
    later = web.requests()[since:]
    return Counter(f"https://{r.host}{r.path}" for r in later if r.path.startswith("/page/"))


def _kill_a_busy_worker(cluster: servers.Cluster) -> int:
    """Wait until a worker holds a job that has fetched something, then kill -9 it."""
    deadline = time.monotonic() + DONE_WITHIN
    workers = {process.pid for process in cluster.workers}
    while time.monotonic() < deadline:
        for _, state, worker, done in cluster.jobs():
            pid = int(worker.rsplit(":", 1)[1]) if worker else None
            if state == "running" and done > 50 and pid in workers:
                os.kill(pid, signal.SIGKILL)
                return pid
        time.sleep(0.2)
    raise AssertionError("no worker was ever seen running a job")


@pytest.mark.timeout(1800)
def test_three_workers_on_redis_and_postgresql_verify_as_one_process_does(
    tmp_path: Path,
    web: LocalWeb,
    issues: list[Path],
    cluster: servers.Cluster,
    redis_server: tuple[servers.Server, str],
    postgres_server: tuple[servers.Server, str],
) -> None:
    before = len(web.requests())
    for issue in issues:
        cluster.submit(issue)
    killed = _kill_a_busy_worker(cluster)
    redis_server[0].restart()
    postgres_server[0].restart()
    jobs = cluster.wait_done(ISSUES, DONE_WITHIN)
    assert [state for _, state, _, _ in jobs] == ["done"] * ISSUES
    assert all(worker and int(worker.rsplit(":", 1)[1]) != killed for _, _, worker, _ in jobs)
    fetched = _bench_requests(web, before)

    alone = tmp_path / "alone"
    single = [sys.executable, "-m", "verifier", "run", *map(str, issues)]
    single += [*servers.web_options(web, alone), "--no-progress", "-q"]
    finished = subprocess.run(single, env={**os.environ, **ENVIRONMENT}, capture_output=True)
    assert finished.returncode in (0, 1), finished.stderr.decode()

    together, one = _reports(cluster.root / "reports"), _reports(alone / "reports")
    assert len(together) == ISSUES and together.keys() == one.keys()
    for issue_id in one:
        assert together[issue_id] == one[issue_id], f"{issue_id} differs"

    urls = bench_urls(HOSTS, PAGES)
    with psycopg.connect(cluster.database) as connection:
        archived = dict(
            connection.execute(
                "select url, count(*) from snapshots where url like '%/page/%' group by url"
            ).fetchall()
        )
    assert archived == dict.fromkeys(urls, 1)  # nothing lost, nothing archived twice
    assert set(fetched) == set(urls)
    again = sum(count - 1 for count in fetched.values())
    # only what the killed worker's jobs had fetched and not yet archived (in flight, or
    # waiting for their archive writer) was asked again
    lost_with_it = THREADS * (MAX_CONNECTIONS + WRITE_BACKLOG)
    assert again <= lost_with_it, f"{again} pages fetched more than once"
    assert max(web.peak_in_flight().values()) <= PER_HOST
