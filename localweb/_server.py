"""`LocalWeb`: the HTTPS (and plain-HTTP) server the tests, demo and bench use.

Both listeners run on one asyncio loop in a background thread, so a
synchronous test can start the server once and any client, sync or async,
can talk to it. A request is answered, after `latency` seconds, by the
first of: a `Route` (exact URL), a built-in failure route, a bench page,
a 404 page. `/robots.txt` is therefore a 404 everywhere unless a route or
the built-in ``other.test`` defines it.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import socket
import ssl
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from types import TracebackType

from aiohttp import web

from localweb._bench import bench_hosts, bench_page
from localweb._failures import (
    CATCHALL_HOST,
    FAILURE_HOSTS,
    PARKED_HOST,
    ROBOTS_HOST,
    WAYBACK_HOST,
    FailureSite,
)
from localweb._pages import error_page
from localweb._routes import (
    RecordedRequest,
    RequestLog,
    Route,
    RouteTable,
    normalise_host,
)
from localweb._tls import EXAMPLE_HOSTS, LOOPBACK_HOSTS, server_context

_NOT_FOUND = error_page(404, "Not Found")
# Enough for a benchmark's few hundred simultaneous connects.
_BACKLOG = 1024
# Streams that never end (/endless, /drip) must not hold up stop().
_SHUTDOWN_TIMEOUT = 0.5


class LocalWeb:
    """HTTPS server on 127.0.0.1 in a background thread (own asyncio loop), routing by Host.

    Usage::

        with LocalWeb(example_routes()) as web:
            client_options = ["--ca-bundle", str(web.ca_path), "--connect-to", web.connect_to()]

    The certificate names the example hosts, ``failures.test``,
    ``other.test``, the bench hosts, ``localhost``, ``127.0.0.1``, the
    `hostnames` given and the hosts of the routes known at `start`; a
    route added later for a new host is served but not covered by it.
    """

    def __init__(
        self,
        routes: Iterable[Route] = (),
        *,
        hostnames: Iterable[str] = (),
        latency: float = 0.0,
        bench_hosts: int = 0,
        bench_pages: int = 0,
        workdir: Path | None = None,
        port: int = 0,
        http_port: int = 0,
    ) -> None:
        self._table = RouteTable(routes)
        self._log = RequestLog()
        self._in_flight: Counter[str] = Counter()  # per host, now (changed on the loop only)
        self._peak: Counter[str] = Counter()  # per host, the most at once so far
        self._hostnames = {normalise_host(h) for h in hostnames}
        self._latency = latency
        self._bench_hosts = bench_hosts
        self._bench_pages = bench_pages
        self._workdir = workdir
        self._ports = (port, http_port)
        self._bound: tuple[int, int] | None = None
        self._ca_path: Path | None = None
        self._tempdir: Path | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.ServerRunner | None = None

    # -- the public surface -------------------------------------------------

    @property
    def port(self) -> int:
        """The HTTPS port."""
        return self._started()[0]

    @property
    def http_port(self) -> int:
        """The plain-HTTP port: same routes, for http:// URLs and redirects to https."""
        return self._started()[1]

    @property
    def ca_path(self) -> Path:
        """PEM of the CA that signed the certificate: a client's ``--ca-bundle``."""
        self._started()
        assert self._ca_path is not None
        return self._ca_path

    def connect_to(self) -> str:
        """The ``--connect-to`` value that sends every https:// URL here."""
        return f":443:127.0.0.1:{self.port}"

    def connect_to_all(self) -> list[str]:
        """``--connect-to`` values for https:// and http:// URLs."""
        return [self.connect_to(), f":80:127.0.0.1:{self.http_port}"]

    def hits(self, host: str, path: str) -> int:
        """Requests that reached `host` + `path` (a `path` with ``?`` must match the query)."""
        return self._log.hits(host, path)

    def requests(self) -> list[RecordedRequest]:
        """Every request so far, oldest first."""
        return self._log.all()

    def peak_in_flight(self) -> dict[str, int]:
        """Per host, the most requests it was answering at once (a politeness limit kept
        by every client together is never exceeded here)."""
        return dict(self._peak)

    def add(self, route: Route) -> None:
        """Add or replace a route, before or after `start`."""
        self._table.add(route)

    def hostnames(self) -> list[str]:
        """Every name the certificate covers."""
        return sorted(
            {
                *EXAMPLE_HOSTS,
                *FAILURE_HOSTS,
                ROBOTS_HOST,
                CATCHALL_HOST,
                PARKED_HOST,
                WAYBACK_HOST,
                *LOOPBACK_HOSTS,
                *bench_hosts(self._bench_hosts),
                *self._hostnames,
                *self._table.hosts(),
            }
        )

    def start(self) -> LocalWeb:
        """Bind both ports, make the certificate and serve until `stop`."""
        if self._thread is not None:
            raise RuntimeError("LocalWeb is already started")
        ca_path = self._ca_file()
        context = server_context(ca_path, self.hostnames())
        tls_sock, http_sock = (_listen(port) for port in self._ports)
        self._bound = (tls_sock.getsockname()[1], http_sock.getsockname()[1])
        self._ca_path = ca_path
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="localweb", daemon=True)
        self._thread.start()
        serving = asyncio.run_coroutine_threadsafe(self._serve(tls_sock, http_sock, context), loop)
        try:
            serving.result(timeout=30)
        except BaseException:
            self.stop()
            tls_sock.close()
            http_sock.close()
            raise
        return self

    def stop(self) -> None:
        """Close the listeners and open connections, end the thread, drop a temporary CA."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()
        self._loop = self._thread = None
        self._bound = None
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    def __enter__(self) -> LocalWeb:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- inside the loop ----------------------------------------------------

    async def _serve(
        self, tls_sock: socket.socket, http_sock: socket.socket, context: ssl.SSLContext
    ) -> None:
        failures = FailureSite(https_port=tls_sock.getsockname()[1])
        server = web.Server(
            lambda request: self._handle(request, failures),
            handler_cancellation=True,
            access_log=None,
        )
        runner = web.ServerRunner(server, shutdown_timeout=_SHUTDOWN_TIMEOUT)
        await runner.setup()
        self._runner = runner
        for sock, tls in ((tls_sock, context), (http_sock, None)):
            await web.SockSite(runner, sock, ssl_context=tls, backlog=_BACKLOG).start()

    async def _shutdown(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            server = runner.server
            open_transports = [c.transport for c in server.connections] if server else []
            await runner.cleanup()
            # cleanup() starts a polite TLS close that waits for the client; the loop
            # is about to stop, so cut those connections now or their sockets leak.
            for transport in open_transports:
                if transport is not None:
                    transport.abort()
            await asyncio.sleep(0)
        await asyncio.get_running_loop().shutdown_default_executor()

    async def _handle(self, request: web.BaseRequest, failures: FailureSite) -> web.StreamResponse:
        host = normalise_host(request.host)
        self._in_flight[host] += 1
        self._peak[host] = max(self._peak[host], self._in_flight[host])
        try:
            return await self._answer(request, host, failures)
        finally:
            self._in_flight[host] -= 1

    async def _answer(
        self, request: web.BaseRequest, host: str, failures: FailureSite
    ) -> web.StreamResponse:
        self._log.record(
            RecordedRequest(
                scheme=request.scheme,
                method=request.method,
                host=host,
                path=request.path_qs,
                headers=tuple(request.headers.items()),
            )
        )
        if self._latency:
            await asyncio.sleep(self._latency)
        route = self._table.find(request.scheme, host, request.path, request.query_string)
        if route is not None:
            return _answer(route, request)
        handler = failures.handler(host, request.path)
        if handler is not None:
            return await handler(request)
        page = bench_page(host, request.path, hosts=self._bench_hosts, pages=self._bench_pages)
        if page is not None:
            return web.Response(body=page, content_type="text/html", charset="utf-8")
        return web.Response(status=404, body=_NOT_FOUND, content_type="text/html", charset="utf-8")

    # -- helpers --------------------------------------------------------------

    def _started(self) -> tuple[int, int]:
        if self._bound is None:
            raise RuntimeError("LocalWeb is not started: call start() or use it as a context")
        return self._bound

    def _ca_file(self) -> Path:
        if self._workdir is not None:
            return self._workdir / "ca.pem"
        self._tempdir = Path(tempfile.mkdtemp(prefix="localweb-"))
        return self._tempdir / "ca.pem"


def _listen(port: int) -> socket.socket:
    """A bound (not yet listening) socket on 127.0.0.1, so the port is known before serving."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


# Every page of the table has one version, as a static file server's would.
_LAST_MODIFIED = "Tue, 05 Nov 2024 09:30:00 GMT"


def _answer(route: Route, request: web.BaseRequest) -> web.Response:
    """A table route's response; a 200 carries an `ETag` and a `Last-Modified`, and a
    conditional request that still matches gets a bodiless 304, as real servers do."""
    headers = route.response_headers()
    if route.status != HTTPStatus.OK:
        return web.Response(status=route.status, body=route.body, headers=headers)
    etag = f'"{hashlib.sha256(route.body).hexdigest()[:16]}"'
    validators = [("ETag", etag), ("Last-Modified", _LAST_MODIFIED)]
    asked = request.headers.get("If-None-Match")
    since = request.headers.get("If-Modified-Since")
    if (asked is not None and etag in asked) or (asked is None and since == _LAST_MODIFIED):
        return web.Response(status=HTTPStatus.NOT_MODIFIED, headers=validators)
    return web.Response(status=route.status, body=route.body, headers=[*headers, *validators])
