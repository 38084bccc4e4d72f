"""`verifier serve`: the reports folder as a small website on this machine.

A browser gives a `file://` page an opaque origin: its scripts may not fetch the
`report.json` beside it, and every page is a site of its own. Served over HTTP
from 127.0.0.1 the reports are one ordinary origin, with nothing exposed to the
network unless `--host` says so. Python's own `http.server` is enough for one
reader, and a request cannot climb out of the folder (it drops `..` from paths).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from verifier.errors import SettingsError

#: Sent with every response. No Content-Security-Policy header: each HTML report
#: carries its own policy (a meta tag with the hashes of its scripts), and a second
#: policy from the server could only forbid more, so it would have to repeat them.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",  # a .json or .txt is never run as a script
    "Referrer-Policy": "no-referrer",  # links out of a report do not reveal it
    "Cache-Control": "no-cache",  # a report rebuilt by the next run shows on reload
}


class ReportsHandler(SimpleHTTPRequestHandler):
    """Static files with the security headers, silent unless `verbose`."""

    def __init__(self, *args: Any, verbose: bool = False, **kwargs: Any) -> None:
        self.verbose = verbose  # set first: the base class handles the request in __init__
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        if self.verbose:
            super().log_message(format, *args)


class ReportsServer(ThreadingHTTPServer):
    """Does not wait for open connections on close, so Ctrl-C stops it at once."""

    block_on_close = False


def make_server(reports_dir: Path, host: str, port: int, *, verbose: bool = False) -> ReportsServer:
    """A bound server for `reports_dir`, not yet serving (port 0: any free port).

    Tests run its `serve_forever` in a thread; `serve` runs it in the foreground.
    """
    if not reports_dir.is_dir():
        raise SettingsError(
            f"{reports_dir}: no such reports folder (`verifier run` or `verifier report` "
            "writes it; --reports names another)"
        )
    handler = functools.partial(ReportsHandler, directory=str(reports_dir), verbose=verbose)
    try:
        return ReportsServer((host, port), handler)
    except OSError as exc:
        raise SettingsError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def server_url(server: ReportsServer) -> str:
    """The address the server really listens on (the port chosen for port 0)."""
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/"


def serve(
    reports_dir: Path,
    host: str,
    port: int,
    ready: Callable[[str], None] | None = None,
    *,
    verbose: bool = False,
) -> None:
    """Serve `reports_dir` until Ctrl-C, which ends it normally (nothing was left half-done).

    `ready` gets the URL once the socket is bound, before the first request.
    """
    with make_server(reports_dir, host, port, verbose=verbose) as server:
        if ready is not None:
            ready(server_url(server))
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
