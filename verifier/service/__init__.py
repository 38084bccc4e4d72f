"""`verifier serve`: the verification service an editorial team runs on one machine, and
`verifier worker`: more of its workers, on this machine or others.

`serve` starts two processes: the web server (uvicorn running the Starlette app of `_app`:
the reports, the submit page, the JSON API) and the workers (`_queue`: huey's consumer, a
bounded pool of threads running the same pipeline as the CLI, and the scheduled link-rot
re-check of `_recheck`). The workers' process ends with the server's, however the server
ends; jobs survive both (`_jobs`). With the queue on Redis and the archive on PostgreSQL
(docs/scaling.md), `serve --workers 0` is the API alone and `worker` runs anywhere.
"""

from __future__ import annotations

import ipaddress
import logging
import multiprocessing
import os
import socket
import threading
import time
from collections.abc import Callable

import uvicorn

from verifier import report
from verifier.errors import SettingsError
from verifier.service._app import create_app
from verifier.service._queue import Queue, schedule
from verifier.settings import Settings

__all__ = ["schedule", "serve", "work"]

log = logging.getLogger("verifier")


def serve(
    settings: Settings,
    host: str,
    port: int,
    ready: Callable[[str], None],
    *,
    token: str | None = None,
    workers: int = 2,
    recheck_every: str | None = None,
    webhook: str | None = None,
    verbose: bool = False,
) -> None:
    """Serve until interrupted; `ready` is told the base URL once it is listening."""
    if token is None and not _loopback(host):
        raise SettingsError(
            f"--host {host} serves beyond this machine: set --token (or VERIFIER_TOKEN) so "
            "only those who have it can submit"
        )
    if recheck_every:
        schedule(recheck_every)  # a mistyped schedule stops the command, not the workers
    report.check_writable(settings.reports_dir)
    listening = _listen(host, port)
    queue = Queue(settings)
    if settings.queue is None:  # the embedded queue: no other worker can hold a job
        requeued = queue.requeue_unfinished()
        if requeued:
            log.warning("%d unfinished job(s) queued again", requeued)
    workers_process = _start_workers(settings, workers, recheck_every, webhook) if workers else None
    try:
        ready(f"http://{_shown(host)}:{listening.getsockname()[1]}/")
        level = "info" if verbose else "warning"
        config = uvicorn.Config(create_app(queue, token), log_level=level, access_log=verbose)
        uvicorn.Server(config).run(sockets=[listening])
    finally:
        listening.close()
        if workers_process is not None:
            workers_process.terminate()
            workers_process.join(5)


def work(
    settings: Settings,
    ready: Callable[[], None],
    *,
    workers: int = 2,
    recheck_every: str | None = None,
    webhook: str | None = None,
) -> None:
    """Be one of the service's workers until stopped: take jobs from its queue (Redis, or
    the cache folder's SQLite one), and when `recheck_every` is given, queue the re-check
    at those times (give it to one worker only)."""
    if recheck_every:
        schedule(recheck_every)
    report.check_writable(settings.reports_dir)
    queue = Queue(settings)
    ready()
    queue.consume(workers, recheck_every, webhook)


def _listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before anything starts: a port in use is one line."""
    try:
        return socket.create_server((host, port), family=_family(host))
    except OSError as exc:
        raise SettingsError(f"cannot listen on {_shown(host)}:{port}: {exc.strerror}") from None


def _start_workers(
    settings: Settings, workers: int, recheck_every: str | None, webhook: str | None
) -> multiprocessing.process.BaseProcess:
    context = multiprocessing.get_context("spawn")
    process = context.Process(
        target=_work,
        args=(settings, workers, recheck_every, webhook, os.getpid()),
        name="verifier-workers",
    )
    process.start()
    return process


def _work(
    settings: Settings, workers: int, recheck_every: str | None, webhook: str | None, parent: int
) -> None:
    """The workers' process: consume the queue until the server's process is gone."""
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="watch-server").start()
    Queue(settings).consume(workers, recheck_every, webhook)


def _watch(parent: int) -> None:
    """End this process when the server's has ended (even by kill -9): a job it was running
    stays `running` in the job table, and the next start queues it again."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host
