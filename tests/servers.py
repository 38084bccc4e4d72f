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
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

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

    def start(self) -> Server:
        with (self.folder / f"{self.name}.log").open("ab") as log:
            self.process = subprocess.Popen(
                self.command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        _wait_for_port(self.port, self.process, self.name)
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
    server = Server("postgresql", folder, port, _as_postgres(command)).start()
    url = f"postgresql://verifier@127.0.0.1:{port}/postgres"
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
