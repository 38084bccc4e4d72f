"""Throwaway PostgreSQL and Redis servers for `make test-cluster`: Debian's binaries, each
server in a temporary folder on a free loopback port, stopped (or killed) by the test.

Started only where `make test-cluster` asks (``VERIFIER_CLUSTER=1``): `make test` needs
neither server. PostgreSQL refuses to run as root, so as root it runs as the ``postgres``
user Debian's package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

from localweb import LocalWeb

CLUSTER = os.environ.get("VERIFIER_CLUSTER") == "1"
START_WITHIN = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} while starting")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within {START_WITHIN:.0f} s")


@dataclass
class Server:
    """One server process: its command, port and folder; start, stop, kill and restart."""

    name: str
    folder: Path
    port: int
    command: Sequence[str]
    process: subprocess.Popen[bytes] | None = field(default=None)

    ready: Callable[[], bool] = field(default=lambda: True)

    def start(self) -> Server:
        with (self.folder / f"{self.name}.log").open("ab") as log:
            self.process = subprocess.Popen(
                self.command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        _wait_for_port(self.port, self.process, self.name)
        deadline = time.monotonic() + START_WITHIN
        while not self.ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not get ready within {START_WITHIN:.0f} s")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # the whole group: as root, the server is a child of `runuser`
            os.killpg(self.process.pid, signal.SIGINT)  # PostgreSQL's fast shutdown
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _postgres_bin(program: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"))
    if not found:
        raise RuntimeError(f"no PostgreSQL {program}: run `make test-cluster` (it installs it)")
    return found[-1]


def postgres(folder: Path) -> tuple[Server, str]:
    """A new PostgreSQL cluster (database ``verifier``, user ``verifier``, no password on
    loopback) and its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "pgdata"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    init = [_postgres_bin("initdb"), "-D", str(data), "-U", "verifier", "-A", "trust"]
    subprocess.run(_as_postgres(init), check=True, capture_output=True)
    port = free_port()
    command = [_postgres_bin("postgres"), "-D", str(data), "-p", str(port), "-k", str(folder)]
    command += ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]
    url = f"postgresql://verifier@127.0.0.1:{port}/postgres"

    def accepting() -> bool:  # listening is not enough: "the database system is starting up"
        try:
            psycopg.connect(url, connect_timeout=2).close()
        except psycopg.OperationalError:
            return False
        return True

    server = Server("postgresql", folder, port, _as_postgres(command), ready=accepting).start()
    return server, url


def redis(folder: Path) -> tuple[Server, str]:
    """A Redis server that keeps its data in an append-only file (a restart loses nothing),
    and its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        raise RuntimeError("no redis-server: run `make test-cluster` (it installs it)")
    port = free_port()
    command = [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    command += ["--appendonly", "yes", "--save", ""]
    server = Server("redis", folder, port, command).start()
    return server, f"redis://127.0.0.1:{port}/0"


# --- the service's processes, started as an operator would (the test and the benchmark) ---


def web_options(web: LocalWeb, root: Path) -> list[str]:
    """The options that route a verifier process to the local web, and its folders."""
    cache, reports = root / "cache", root / "reports"
    options = ["--cache", str(cache), "--reports", str(reports), "--ca-bundle", str(web.ca_path)]
    return [*options, "--connect-to", web.connect_to()]


def verifier(
    args: Sequence[str], log: Path, environment: dict[str, str]
) -> subprocess.Popen[bytes]:
    """A `verifier` command in a process of its own, its output appended to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "verifier", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **environment},
        )


Job = tuple[str, str, str | None, int]  # id, state, worker (host:pid), URLs fetched


@dataclass
class Cluster:
    """The API (`serve --workers 0`) and its `verifier worker` processes, on one queue and
    one archive database, with their folders under `root`."""

    api: str
    processes: list[subprocess.Popen[bytes]]
    database: str
    root: Path

    @property
    def workers(self) -> list[subprocess.Popen[bytes]]:
        return self.processes[1:]

    def submit(self, issue: Path) -> str:
        answer = httpx.post(
            f"{self.api}/api/issues",
            content=issue.read_bytes(),
            headers={"Content-Type": "text/plain"},
            timeout=30,
        )
        answer.raise_for_status()
        return str(answer.json()["job"])

    def jobs(self) -> list[Job]:
        with psycopg.connect(self.database) as connection:
            rows = connection.execute("select id, state, worker, done from jobs").fetchall()
        return [(str(a), str(b), c, int(d or 0)) for a, b, c, d in rows]

    def wait_done(self, count: int, within: float) -> list[Job]:
        """Every job once `count` jobs are done or failed; AssertionError after `within` s."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            jobs = self.jobs()
            if len(jobs) == count and all(state in {"done", "failed"} for _, state, _, _ in jobs):
                return jobs
            time.sleep(0.5)
        raise AssertionError(f"jobs not finished within {within:.0f} s: {self.jobs()}")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(30)


def start_cluster(
    root: Path,
    web: LocalWeb,
    *,
    queue: str,
    database: str,
    workers: int,
    threads: int,
    environment: dict[str, str],
) -> Cluster:
    """Start the API and `workers` worker processes of `threads` each; wait for the API."""
    shared = [*web_options(web, root), "--queue", queue, "--database", database]
    port = free_port()
    api = verifier(
        ["serve", *shared, "--workers", "0", "--port", str(port)], root / "api.log", environment
    )
    started = [
        verifier(
            ["worker", *shared, "--workers", str(threads)], root / f"worker-{n}.log", environment
        )
        for n in range(workers)
    ]
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_WITHIN
    while True:
        if api.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the API did not start: see {root / 'api.log'}")
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return Cluster(url, [api, *started], database, root)
        except httpx.TransportError:
            time.sleep(0.2)
