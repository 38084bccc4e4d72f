"""The shared client and one HTTP exchange: request sent, capped body read.

One ``httpx.AsyncClient`` serves a whole crawl, over the httpx-aiohttp
transport with our own aiohttp session: httpx's own pool is CPU-bound at
~250 URLs/s here, aiohttp's connector does 860-1,180 (docs/decisions.md). The
connector carries the global and per-host connection limits, our TLS
context and the guarded resolver; httpx stays the API everything above it
speaks. Redirects are never followed here: the crawler follows them by hand
so each hop is recorded and guarded.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass, replace

import aiohttp
import certifi
import httpx
from httpx_aiohttp import AiohttpTransport

from verifier.errors import SettingsError
from verifier.fetch._guard import GuardedResolver
from verifier.fetch._outcome import TotalTimeoutError
from verifier.settings import Settings

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_LANGUAGE = "en, ja;q=0.9, *;q=0.5"


@dataclass(frozen=True, slots=True)
class Exchange:
    """One response as received: code, headers and the (capped, decoded) body."""

    url: str
    status_code: int
    reason_phrase: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    truncated: bool

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def without_cookies(self) -> Exchange:
        """This response without its Set-Cookie headers (for an authenticated request)."""
        kept = tuple((k, v) for k, v in self.headers if k.lower() != "set-cookie")
        return replace(self, headers=kept)


def ssl_context(settings: Settings) -> ssl.SSLContext:
    """System trust plus certifi's roots plus the user's extra ``--ca-bundle``; a bundle
    that is missing or holds no PEM certificate is a `SettingsError` naming it (the pipeline
    asks for this before the archive is touched)."""
    context = ssl.create_default_context()
    context.load_verify_locations(cafile=certifi.where())
    if settings.ca_bundle is not None:
        try:
            context.load_verify_locations(cafile=str(settings.ca_bundle))
        except (OSError, ssl.SSLError) as exc:
            reason = exc.strerror or str(exc)
            raise SettingsError(
                f"CA bundle {settings.ca_bundle} (--ca-bundle or SSL_CERT_FILE) cannot be "
                f"used: {reason or 'no PEM certificate in it'}"
            ) from None
    return context


def open_client(settings: Settings) -> httpx.AsyncClient:
    """The crawl's one client; call inside the event loop, close with ``aclose``."""
    connector = aiohttp.TCPConnector(
        limit=settings.max_connections,
        limit_per_host=max([settings.per_host, *(r.per_host or 0 for r in settings.hosts)]),
        ssl=ssl_context(settings),
        resolver=GuardedResolver(settings.connect_to, settings.allow_private),
    )
    # httpx keeps the cookies; aiohttp's own jar would send them twice.
    session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
    return httpx.AsyncClient(
        transport=AiohttpTransport(client=session),
        headers={
            "User-Agent": settings.user_agent,
            "Accept": ACCEPT,
            "Accept-Language": ACCEPT_LANGUAGE,
        },
        timeout=httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=None,
        ),
        follow_redirects=False,
        trust_env=False,
    )


async def exchange(
    client: httpx.AsyncClient,
    url: str,
    settings: Settings,
    headers: dict[str, str] | None = None,
) -> Exchange:
    """GET `url` once, reading at most ``max_body_bytes`` decoded bytes.

    The cap counts bytes after gzip/br/deflate decoding, so a compression
    bomb stops there too; an endless body stops there or at the total limit.
    """
    try:
        async with asyncio.timeout(settings.total_timeout) as deadline:
            return await _get(client, url, settings.max_body_bytes, headers)
    except TimeoutError as exc:
        if deadline.expired():
            raise TotalTimeoutError(settings.total_timeout) from exc
        raise


async def _get(
    client: httpx.AsyncClient, url: str, limit: int, headers: dict[str, str] | None
) -> Exchange:
    async with client.stream("GET", url, headers=headers) as response:
        body = bytearray()
        truncated = False
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > limit:
                del body[limit:]
                truncated = True
                break
        return Exchange(
            url=url,
            status_code=response.status_code,
            reason_phrase=response.reason_phrase,
            headers=tuple(response.headers.multi_items()),
            body=bytes(body),
            truncated=truncated,
        )
