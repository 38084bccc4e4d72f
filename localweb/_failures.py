"""Built-in failure routes: every way a source can misbehave, on demand.

Served on ``failures.test`` (and on ``localhost``/``127.0.0.1``, so a
redirect that slips past the private-address guard visibly succeeds), over
HTTPS and plain HTTP alike. Numbers in the query are seconds unless named
otherwise; a bad number answers 400.

Status codes
    ``/ok``                   200, a small HTML article (JSON-LD date, Open Graph)
    ``/404`` ``/410`` ``/403`` that status with a short error page
    ``/500``                  always 500
    ``/empty``                200 with an empty body
    ``/binary``               200, a 1x1 ``image/png``
    ``/injection``            200, an article whose title and text are markup that tries
                              to run (``<script>``, ``onerror=``): reports must show text

Redirects
    ``/redirect/chain``       301 -> ``/redirect/chain/2`` 302 -> ``/redirect/chain/3``
                              307 -> ``/ok`` (3 hops)
    ``/redirect/loop-a``      302 -> ``/redirect/loop-b`` 302 -> ``/redirect/loop-a`` ...
    ``/redirect/endless/N``   302 -> ``/redirect/endless/N+1``, for ever
    ``/redirect/meta``        200, ``<meta http-equiv="refresh" content="0; url=/ok">``
    ``/redirect/to-private``  302 -> ``https://10.0.0.1/secret``
    ``/redirect/to-loopback`` 302 -> ``https://127.0.0.1:{https port}/ok``
    ``/redirect/to-http``     301 -> ``http://failures.test/ok`` (served by the
                              plain-HTTP listener like any route)

Stateful, counted per ``key`` so tests stay independent
    ``/flaky/429?key=K&times=N&retry_after=S``  429 with ``Retry-After: S`` (sent
                              verbatim, default 1) for the first N (default 1)
                              requests of K, then 200
    ``/flaky/503?key=K&times=N``  the same with 503 and no Retry-After
    ``/flaky/retry-after-date?key=K``  first request 429 with ``Retry-After`` as an
                              HTTP date 1-2 s ahead (dates have whole seconds), then 200
    ``/429-forever?retry_after=S``  always 429, ``Retry-After: S`` (default 3600)

Slow and broken
    ``/slow/headers?delay=S`` waits S (default 10) before the status line
    ``/slow/body?delay=S``    headers and half the body (Content-Length set), a
                              stall of S (default 10), then the rest
    ``/drip?seconds=S``       one byte every 0.2 s for S (default 10) seconds;
                              no read timeout ever fires, only a total one
    ``/reset``                the TCP connection is aborted with RST (SO_LINGER 0)
                              before any response
    ``/malformed``            bytes that are not HTTP, then a close

Big bodies
    ``/huge?mb=N``            N MiB (default 20) of HTML, chunked, generated
    ``/huge-line?mb=N``       N MiB (default 10) of text in one line, no tag, no break
    ``/elements?n=N``         N (default 100,000) tiny elements in one page
    ``/endless``              HTML, chunked, until the client hangs up
    ``/gzip-bomb``            ~200 KB with ``Content-Encoding: gzip`` that inflates
                              to 200 MiB of zeros (built once, on first use)

Encodings (the same Japanese article each time)
    ``/shift-jis``            Shift_JIS, charset in the header and a meta tag
    ``/shift-jis-no-charset`` the same bytes, header ``text/html`` only
    ``/euc-jp``               EUC-JP, charset in the header and a meta tag
    ``/wrong-charset``        UTF-8 bytes, header says ISO-8859-1, no meta tag
    ``/windows-1251``         a Russian article in windows-1251, no charset, no ``lang``

Pages that are not what their status says (soft 404s, bot walls)
    ``/soft404/not-found``    200 whose title and text say the page was not found
    ``/soft404/ja``           the same in Japanese (ページが見つかりません)
    ``/soft404/to-search``    302 -> ``/search?q=harbour+ferry`` (a search results page)
    ``/soft404/mentions``     200, a long article that mentions "page not found" (not one)
    ``/challenge/cloudflare`` 503, ``cf-mitigated: challenge``, "Just a moment..." page
    ``/challenge/200``        200, "Attention Required! | Cloudflare" page
    ``/999``                  LinkedIn's 999
    ``/members/ferry-report`` 200, a subscription wall ("Subscribe to continue reading")
    ``/redirect/to-section``  301 -> ``/politics/`` (a section front, not the article)
    ``/members/story``        302 -> ``/account/login?next=...`` (a login page)
    ``/amp/ok``               301 -> ``/ok`` (the AMP copy's canonical article)
    ``/session``              the article to a request that sends a ``Cookie`` (with a
                              ``Set-Cookie`` renewing the session), else the
                              subscription wall
    ``/live/harbour``         200, a live blog (its content changes)
    ``/politics/``            200, a section front

Documents
    ``/report.pdf``           a one-page PDF with a title, an author and a creation date
    ``/broken.pdf``           ``application/pdf`` that no parser can read
    ``/data.json``            a small JSON answer

Whole sites
    ``catchall.test``         every path answers 200 with the same page (a site that
                              never says 404; the probe of a made-up path shows it)
    ``parked.test``           every path answers 200 with a parked-domain page

The Internet Archive, on ``archive.org`` (a local fake of its availability API)
    ``/wayback/available?url=U&timestamp=YYYYMMDD``  JSON naming a snapshot of U taken on
                              that day when U is on ``failures.test``; none otherwise

Robots, on ``other.test``
    ``/robots.txt``           ``Disallow: /robots-blocked/`` and ``Crawl-delay: 1``
                              for every agent
    ``/robots-blocked/page``  200 (a polite crawler never asks)
    ``/allowed/<anything>``   200 (for crawl-delay timing)
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import math
import socket
import struct
import time
import zlib
from collections.abc import Awaitable, Callable, Iterable, Iterator
from email.utils import formatdate

from aiohttp import web

from localweb._pages import (
    ATTENTION_PAGE,
    CATCHALL_PAGE,
    CHALLENGE_PAGE,
    DATA_JSON,
    EUC_JP_PAGE,
    INJECTION_PAGE,
    LOGIN_PAGE,
    MENTIONS_NOT_FOUND_PAGE,
    NOT_FOUND_JA_PAGE,
    NOT_FOUND_PAGE,
    OK_PAGE,
    PARKED_PAGE,
    PNG,
    REPORT_PDF,
    SEARCH_PAGE,
    SHIFT_JIS_PAGE,
    SUBSCRIBERS_PAGE,
    WINDOWS_1251_PAGE,
    WRONG_CHARSET_PAGE,
    error_page,
)
from localweb._routes import HTML
from localweb._tls import LOOPBACK_HOSTS

FAILURE_HOSTS = ("failures.test", *LOOPBACK_HOSTS)
ROBOTS_HOST = "other.test"
CATCHALL_HOST = "catchall.test"
WAYBACK_HOST = "archive.org"
PARKED_HOST = "parked.test"
ROBOTS_TXT = b"User-agent: *\nDisallow: /robots-blocked/\nCrawl-delay: 1\n"

MIB = 1024 * 1024
DRIP_INTERVAL = 0.2
_FILLER = (b"<p>" + b"The harbour ferry ran late again this evening. " * 40 + b"</p>\n") * 40
_CHUNK = _FILLER[: 64 * 1024]
_LINE_WORDS = b"the harbour ferry ran late again this evening "
_ENDLESS_REDIRECT = "/redirect/endless/"

Handler = Callable[[web.BaseRequest], Awaitable[web.StreamResponse]]
#: A streamed body: pauses (seconds) before each chunk.
Chunks = Iterable[tuple[float, bytes]]


class FailureSite:
    """The handlers above; holds the flaky counters, so one per server."""

    def __init__(self, https_port: int) -> None:
        self._counts: dict[tuple[str, str], int] = {}
        self._routes: dict[str, Handler] = {
            "/ok": _static(200, OK_PAGE),
            "/injection": _static(200, INJECTION_PAGE),
            "/404": _static(404, error_page(404, "Not Found")),
            "/410": _static(410, error_page(410, "Gone")),
            "/403": _static(403, error_page(403, "Forbidden")),
            "/500": _static(500, error_page(500, "Internal Server Error")),
            "/empty": _static(200, b""),
            "/binary": _static(200, PNG, "image/png"),
            "/redirect/chain": _redirect(301, "/redirect/chain/2"),
            "/redirect/chain/2": _redirect(302, "/redirect/chain/3"),
            "/redirect/chain/3": _redirect(307, "/ok"),
            "/redirect/loop-a": _redirect(302, "/redirect/loop-b"),
            "/redirect/loop-b": _redirect(302, "/redirect/loop-a"),
            "/redirect/meta": _static(200, _META_REFRESH),
            "/redirect/to-private": _redirect(302, "https://10.0.0.1/secret"),
            "/redirect/to-loopback": _redirect(302, f"https://127.0.0.1:{https_port}/ok"),
            "/redirect/to-http": _redirect(301, "http://failures.test/ok"),
            "/flaky/429": self._flaky_429,
            "/flaky/503": self._flaky_503,
            "/flaky/retry-after-date": self._flaky_retry_after_date,
            "/429-forever": _forever_429,
            "/slow/headers": _slow_headers,
            "/slow/body": _slow_body,
            "/drip": _drip,
            "/reset": _reset,
            "/malformed": _malformed,
            "/huge": _huge,
            "/huge-line": _huge_line,
            "/elements": _elements,
            "/endless": _endless,
            "/gzip-bomb": _gzip_bomb,
            "/shift-jis": _static(200, SHIFT_JIS_PAGE, "text/html; charset=Shift_JIS"),
            "/shift-jis-no-charset": _static(200, SHIFT_JIS_PAGE, "text/html"),
            "/euc-jp": _static(200, EUC_JP_PAGE, "text/html; charset=EUC-JP"),
            "/wrong-charset": _static(200, WRONG_CHARSET_PAGE, "text/html; charset=ISO-8859-1"),
            "/windows-1251": _static(200, WINDOWS_1251_PAGE, "text/html"),
            "/soft404/not-found": _static(200, NOT_FOUND_PAGE),
            "/soft404/ja": _static(200, NOT_FOUND_JA_PAGE),
            "/soft404/to-search": _redirect(302, "/search?q=harbour+ferry"),
            "/search": _static(200, SEARCH_PAGE),
            "/soft404/mentions": _static(200, MENTIONS_NOT_FOUND_PAGE),
            "/challenge/cloudflare": _challenge(503),
            "/challenge/200": _static(200, ATTENTION_PAGE),
            "/999": _static(999, error_page(999, "Request denied")),
            "/members/ferry-report": _static(200, SUBSCRIBERS_PAGE),
            "/redirect/to-section": _redirect(301, "/politics/"),
            "/members/story": _redirect(302, "/account/login?next=/members/story"),
            "/account/login": _static(200, LOGIN_PAGE),
            "/amp/ok": _redirect(301, "/ok"),
            "/session": _session,
            "/report.pdf": _static(200, REPORT_PDF, "application/pdf"),
            "/broken.pdf": _static(200, b"%PDF-1.4\n1 0 obj << broken", "application/pdf"),
            "/data.json": _static(200, DATA_JSON, "application/json"),
            "/live/harbour": _static(200, OK_PAGE),
            "/politics/": _static(200, OK_PAGE),
        }

    def handler(self, host: str, path: str) -> Handler | None:
        """The handler for `host` + `path`, or None when this site has no such page."""
        if host == ROBOTS_HOST:
            return _robots_host(path)
        if host == CATCHALL_HOST:
            return _static(200, CATCHALL_PAGE)
        if host == WAYBACK_HOST:
            return _wayback_available if path == "/wayback/available" else None
        if host == PARKED_HOST:
            return _static(200, PARKED_PAGE)
        if host not in FAILURE_HOSTS:
            return None
        if path.startswith(_ENDLESS_REDIRECT):
            step = path.removeprefix(_ENDLESS_REDIRECT)
            return _redirect(302, f"{_ENDLESS_REDIRECT}{int(step) + 1}") if step.isdigit() else None
        return self._routes.get(path)

    def _count(self, path: str, request: web.BaseRequest) -> int:
        """Count this request against its ``key``; 1 for the first."""
        key = (path, request.query.get("key", ""))
        self._counts[key] = self._counts.get(key, 0) + 1
        return self._counts[key]

    async def _flaky_429(self, request: web.BaseRequest) -> web.StreamResponse:
        if self._count("429", request) <= _number(request, "times", 1):
            return _too_many(request.query.get("retry_after", "1"))
        return _response(200, OK_PAGE)

    async def _flaky_503(self, request: web.BaseRequest) -> web.StreamResponse:
        if self._count("503", request) <= _number(request, "times", 1):
            return _response(503, error_page(503, "Service Unavailable"))
        return _response(200, OK_PAGE)

    async def _flaky_retry_after_date(self, request: web.BaseRequest) -> web.StreamResponse:
        if self._count("date", request) == 1:
            return _too_many(formatdate(math.ceil(time.time()) + 1, usegmt=True))
        return _response(200, OK_PAGE)


_META_REFRESH = b"""<!doctype html><html><head>
<meta http-equiv="refresh" content="0; url=/ok"><title>Moved</title></head>
<body><p>This page has moved to <a href="/ok">/ok</a>.</p></body></html>
"""


def _response(
    status: int, body: bytes, headers: dict[str, str] | None = None, content_type: str = HTML
) -> web.Response:
    headers = {"Content-Type": content_type, **(headers or {})}
    return web.Response(status=status, body=body, headers=headers)


def _too_many(retry_after: str) -> web.Response:
    return _response(429, error_page(429, "Too Many Requests"), {"Retry-After": retry_after})


async def _session(request: web.BaseRequest) -> web.StreamResponse:
    """A subscriber's page: the article with a session cookie (renewed), a wall without."""
    if "Cookie" not in request.headers:
        return _response(200, SUBSCRIBERS_PAGE)
    renewed = {"Set-Cookie": "session=renewed-by-the-site; Path=/; HttpOnly"}
    return _response(200, OK_PAGE, renewed)


def _static(status: int, body: bytes, content_type: str = HTML) -> Handler:
    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        return _response(status, body, content_type=content_type)

    return handle


def _redirect(status: int, location: str) -> Handler:
    body = f'<!doctype html><p>Moved to <a href="{location}">{location}</a></p>\n'.encode()

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        return _response(status, body, {"Location": location})

    return handle


async def _wayback_available(request: web.BaseRequest) -> web.StreamResponse:
    """The availability API's answer: a snapshot of a `failures.test` URL on the asked day."""
    url, stamp = request.query.get("url", ""), request.query.get("timestamp", "20241105")
    found: dict[str, object] = {}
    if "//failures.test/" in url:
        stamp = (stamp + "120000")[:14]
        found["closest"] = {
            "status": "200",
            "available": True,
            "url": f"http://web.archive.org/web/{stamp}/{url}",
            "timestamp": stamp,
        }
    body = json.dumps({"url": url, "archived_snapshots": found}).encode()
    return _response(200, body, content_type="application/json")


def _challenge(status: int) -> Handler:
    """A Cloudflare-style bot check: the status, its header and its "Just a moment..." page."""
    headers = {"cf-mitigated": "challenge", "Server": "cloudflare"}

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        return _response(status, CHALLENGE_PAGE, headers)

    return handle


def _robots_host(path: str) -> Handler | None:
    if path == "/robots.txt":
        return _static(200, ROBOTS_TXT, "text/plain; charset=utf-8")
    if path == "/robots-blocked/page" or path.startswith("/allowed/"):
        return _static(200, OK_PAGE)
    return None


def _number(request: web.BaseRequest, name: str, default: float) -> float:
    """A non-negative number from the query string; 400 when it is not one."""
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise web.HTTPBadRequest(text=f"{name} must be a non-negative number\n")
    return value


async def _forever_429(request: web.BaseRequest) -> web.StreamResponse:
    return _too_many(request.query.get("retry_after", "3600"))


async def _slow_headers(request: web.BaseRequest) -> web.StreamResponse:
    await asyncio.sleep(_number(request, "delay", 10))
    return _response(200, OK_PAGE)


async def _slow_body(request: web.BaseRequest) -> web.StreamResponse:
    half = len(OK_PAGE) // 2
    chunks = [(0.0, OK_PAGE[:half]), (_number(request, "delay", 10), OK_PAGE[half:])]
    return await _stream(request, chunks, content_length=len(OK_PAGE))


async def _drip(request: web.BaseRequest) -> web.StreamResponse:
    count = int(_number(request, "seconds", 10) / DRIP_INTERVAL)
    body = (b"<!doctype html><p>" + b"." * count)[:count]
    chunks = ((DRIP_INTERVAL if i else 0.0, body[i : i + 1]) for i in range(count))
    return await _stream(request, chunks)


async def _huge(request: web.BaseRequest) -> web.StreamResponse:
    return await _stream(request, _sized(int(_number(request, "mb", 20) * MIB)))


async def _huge_line(request: web.BaseRequest) -> web.StreamResponse:
    """One paragraph of N MiB: no newline and no tag a parser could cut it at."""
    total = int(_number(request, "mb", 10) * MIB)
    words = _LINE_WORDS * (len(_CHUNK) // len(_LINE_WORDS))
    chunks = itertools.chain([(0.0, b"<html><body><p>")], _sized_from(words, total))
    return await _stream(request, chunks)


async def _elements(request: web.BaseRequest) -> web.StreamResponse:
    """N tiny elements: a tree of many nodes in a small body."""
    count = int(_number(request, "n", 100_000))
    spans = (b"<span>a</span>" * 1000 for _ in range(count // 1000))
    chunks = itertools.chain([(0.0, b"<html><body><div>")], ((0.0, c) for c in spans))
    return await _stream(request, chunks)


async def _endless(request: web.BaseRequest) -> web.StreamResponse:
    return await _stream(request, ((0.0, _CHUNK) for _ in itertools.count()))


def _sized(total: int) -> Iterator[tuple[float, bytes]]:
    """Exactly `total` bytes of filler HTML, in 64 KiB chunks."""
    return _sized_from(_CHUNK, total)


def _sized_from(chunk: bytes, total: int) -> Iterator[tuple[float, bytes]]:
    """Exactly `total` bytes of `chunk` repeated."""
    full, rest = divmod(total, len(chunk))
    yield from ((0.0, chunk) for _ in range(full))
    if rest:
        yield 0.0, chunk[:rest]


async def _stream(
    request: web.BaseRequest, chunks: Chunks, *, content_length: int | None = None
) -> web.StreamResponse:
    """Send `chunks` with their pauses; stop quietly when the client hangs up."""
    response = web.StreamResponse(headers={"Content-Type": HTML})
    if content_length is None:
        response.enable_chunked_encoding()
    else:
        response.content_length = content_length
    await response.prepare(request)
    try:
        for pause, chunk in chunks:
            # Always yield to the loop: over TLS a write to a closed peer neither
            # raises nor blocks, so without a pause the loop never learns of the hang-up.
            await asyncio.sleep(pause)
            if _hung_up(request):
                break
            await response.write(chunk)
    except ConnectionError:
        pass  # the client gave up: that is what these routes are for
    return response


def _hung_up(request: web.BaseRequest) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()


async def _gzip_bomb(request: web.BaseRequest) -> web.StreamResponse:
    body = await asyncio.to_thread(_build_gzip_bomb)
    return _response(200, body, {"Content-Encoding": "gzip"})


@functools.cache
def _build_gzip_bomb() -> bytes:
    """200 MiB of zeros, gzipped a MiB at a time so the zeros never sit in memory at once."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MIB)
    parts = [compressor.compress(zeros) for _ in range(200)]
    parts.append(compressor.flush())
    return b"".join(parts)


async def _reset(request: web.BaseRequest) -> web.StreamResponse:
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # Linger 0 turns close() into an RST instead of a FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    return web.Response()  # never sent: aiohttp finds the connection gone


async def _malformed(request: web.BaseRequest) -> web.StreamResponse:
    transport = request.transport
    if transport is not None:
        transport.write(b"NOT HTTP AT ALL \x00\x01\x02\xff\xfe\r\n<<garbage>>\r\n\r\n")
        transport.close()
    return web.Response()  # never sent: the connection is closing
