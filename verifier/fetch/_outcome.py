"""What a response code or a transport failure means, in `LinkStatus` terms.

This is the one place where foreign exceptions are translated. The transport
(httpx-aiohttp) maps every ``aiohttp.ClientConnectionError`` to
``httpx.ConnectTimeout``, so the type on top says little: the cause chain
underneath (aiohttp, ssl, socket, our own guard) is what tells a bad
certificate from a refused port, a missing DNS name, a reset or a real
timeout. Rules are tried in order and the first one found anywhere in the
chain wins, most specific first.

HTTP codes: 2xx ok; 404/410 dead (only these prove absence); 401, 403, 429,
451 and LinkedIn's 999 blocked (inconclusive, never dead); any other 4xx
and every 5xx error (the server refused or failed this request, which says
nothing certain about the page), except a bot check's challenge page (a 503
from Cloudflare), which is blocked.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus

import aiohttp
import httpx

from verifier.fetch._guard import PrivateAddressError
from verifier.types import GONE_STATUSES, NO_SUCH_HOST, LinkStatus

BLOCKED_STATUSES = frozenset({401, 403, 429, 451, 999})
_CHALLENGE_CODES = frozenset({403, 429, 503})
_CHALLENGE_SNIFF = 16_384
_CHALLENGE_MARKERS = (
    (b"<title>just a moment", "Cloudflare challenge"),
    (b"challenges.cloudflare.com", "Cloudflare challenge"),
    (b"attention required! | cloudflare", "Cloudflare block page"),
    (b"captcha-delivery.com", "DataDome"),
    (b"_incapsula_resource", "Imperva"),
    (b"px-captcha", "PerimeterX"),
)
_NAME_NOT_FOUND = frozenset({socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)})


class TotalTimeoutError(TimeoutError):
    """One request (connect to last body byte) outlived ``total_timeout``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no complete response within the total limit of {seconds:g} s")


class UnsupportedURLError(ValueError):
    """Not an absolute http(s) URL: nothing is sent."""


#: What a fetch may raise because of the remote side or the URL; anything
#: else is a bug in the crawler and must not be disguised as a link status.
FETCH_ERRORS: tuple[type[Exception], ...] = (
    httpx.HTTPError,
    httpx.InvalidURL,
    aiohttp.ClientError,
    OSError,
    TimeoutError,
    UnsupportedURLError,
)


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed request, as the report sees it and as the retry policy sees it."""

    status: LinkStatus
    reason: str
    retryable: bool


def status_for_code(code: int) -> LinkStatus:
    """The link status an HTTP response code alone implies (see module doc)."""
    if 200 <= code < 300:
        return LinkStatus.OK
    if code in GONE_STATUSES:
        return LinkStatus.DEAD
    if code in BLOCKED_STATUSES:
        return LinkStatus.BLOCKED
    return LinkStatus.ERROR


def bot_check(code: int, mitigated: str | None, body: bytes) -> str | None:
    """The bot wall a 403, 429 or 503 is, if it is one (Cloudflare's `cf-mitigated: challenge`,
    the challenge pages of Cloudflare, DataDome, Imperva and PerimeterX): `blocked` at once,
    never retried and never `error`, since asking again gets the same wall."""
    if (mitigated or "").strip().lower() == "challenge":
        return "a bot check (Cloudflare challenge)"
    if code not in _CHALLENGE_CODES:
        return None
    head = body[:_CHALLENGE_SNIFF].lower()
    name = next((name for marker, name in _CHALLENGE_MARKERS if marker in head), None)
    return f"a bot check ({name})" if name else None


def http_reason(code: int, phrase: str = "") -> str:
    """``HTTP 404 Not Found``: the server's phrase, else the standard one."""
    if not phrase:
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = ""
    return f"HTTP {code} {phrase}".rstrip()


def describe_error(exc: BaseException) -> Failure:
    """Translate any exception a fetch can raise into a `Failure`."""
    chain = list(_causes(exc))
    for rule in _RULES:
        for item in chain:
            failure = rule(item)
            if failure is not None:
                return failure
    return Failure(LinkStatus.ERROR, f"{type(exc).__name__}: {exc}".rstrip(": "), False)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, its causes and contexts, and the errors aiohttp wraps, each once."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        item = pending.pop(0)
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        wrapped = getattr(item, "certificate_error", None) or getattr(item, "os_error", None)
        pending += [wrapped, item.__cause__, item.__context__]


def _ours(exc: BaseException) -> Failure | None:
    if isinstance(exc, TotalTimeoutError):
        return Failure(LinkStatus.TIMEOUT, str(exc), False)
    if isinstance(exc, PrivateAddressError):
        return Failure(LinkStatus.ERROR, str(exc), False)
    if isinstance(exc, UnsupportedURLError | httpx.UnsupportedProtocol | aiohttp.InvalidURL):
        return Failure(LinkStatus.ERROR, "unsupported URL", False)
    return None


def _tls(exc: BaseException) -> Failure | None:
    if isinstance(exc, aiohttp.ClientError):
        return None  # aiohttp's wrappers pose as ssl errors; the wrapped one has the detail
    if isinstance(exc, ssl.SSLCertVerificationError):
        detail = getattr(exc, "verify_message", None) or _ssl_reason(exc)
        return Failure(LinkStatus.ERROR, f"TLS certificate verify failed: {detail}", False)
    if isinstance(exc, ssl.SSLError):
        return Failure(LinkStatus.ERROR, f"TLS handshake failed: {_ssl_reason(exc)}", False)
    return None


def _ssl_reason(exc: ssl.SSLError) -> str:
    """OpenSSL's short reason (``WRONG_VERSION_NUMBER``); set only for real errors."""
    return str(getattr(exc, "reason", None) or exc.strerror or exc)


def _dns(exc: BaseException) -> Failure | None:
    """A name that does not exist is dead; any other lookup failure may pass. aiohttp wraps
    the resolver's `gaierror` in `ClientConnectorDNSError` (its `os_error`)."""
    lookup: OSError
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        lookup = exc.os_error
    elif isinstance(exc, socket.gaierror):
        lookup = exc
    else:
        return None
    if isinstance(lookup, socket.gaierror) and lookup.errno in _NAME_NOT_FOUND:
        return Failure(LinkStatus.DEAD, NO_SUCH_HOST, False)
    return Failure(LinkStatus.ERROR, f"DNS lookup failed: {lookup.strerror or lookup}", True)


def _connection(exc: BaseException) -> Failure | None:
    if isinstance(exc, ConnectionRefusedError):
        return Failure(LinkStatus.DEAD, "connection refused", True)
    if isinstance(exc, ConnectionResetError):
        return Failure(LinkStatus.ERROR, "connection reset by peer", True)
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return Failure(LinkStatus.ERROR, "server closed the connection without a response", True)
    return None


def _timeout(exc: BaseException) -> Failure | None:
    if isinstance(exc, aiohttp.SocketTimeoutError | httpx.ReadTimeout):
        return Failure(LinkStatus.TIMEOUT, "read timed out", False)
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return Failure(LinkStatus.TIMEOUT, "connect timed out", True)
    if isinstance(exc, asyncio.TimeoutError | httpx.TimeoutException) and exc.__cause__ is None:
        return Failure(LinkStatus.TIMEOUT, "timed out", isinstance(exc, httpx.ConnectTimeout))
    return None


def _malformed(exc: BaseException) -> Failure | None:
    malformed = (
        aiohttp.ClientResponseError,
        aiohttp.ClientPayloadError,
        httpx.RemoteProtocolError,
        httpx.DecodingError,
    )
    if isinstance(exc, malformed):
        detail = str(getattr(exc, "message", "") or exc).strip().splitlines()
        summary = detail[0].rstrip(":") if detail else type(exc).__name__
        return Failure(LinkStatus.ERROR, f"malformed HTTP response: {summary}", False)
    return None


def _other_os(exc: BaseException) -> Failure | None:
    if isinstance(exc, OSError) and exc.strerror:
        return Failure(LinkStatus.ERROR, f"connection failed: {exc.strerror}", True)
    return None


_RULES: tuple[Callable[[BaseException], Failure | None], ...] = (
    _ours,
    _tls,
    _dns,
    _connection,
    _timeout,
    _malformed,
    _other_os,
)
