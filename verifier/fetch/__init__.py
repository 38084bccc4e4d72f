"""The fetch stage: every cited URL, fetched politely and safely -> `FetchResult`.

The only module of the package that touches the network (httpx over the
httpx-aiohttp transport). Link failures come back as data: each result has
a `LinkStatus` and a short reason, never an exception. See `_crawler` for
the steps of one fetch, `_outcome` for the status rules, `_retry` for the
retry policy and `_guard` for the private-address guard and ``--connect-to``.

Example::

    async for result in crawl(urls, settings):
        print(result.url, result.status, result.reason)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping

from verifier.fetch._crawler import Crawler
from verifier.fetch._http import ssl_context
from verifier.fetch._outcome import status_for_code
from verifier.fetch._shared import redis_client
from verifier.fetch._sites import probe_url, reading_url, wayback_closest, wayback_lookup_url
from verifier.settings import Settings
from verifier.types import FetchResult, Validator

__all__ = [
    "Crawler",
    "check_trust",
    "crawl",
    "fetch_one",
    "probe_url",
    "reading_url",
    "redis_client",
    "status_for_code",
    "wayback_closest",
    "wayback_lookup_url",
]


async def crawl(
    urls: Iterable[str], settings: Settings, validators: Mapping[str, Validator] | None = None
) -> AsyncIterator[FetchResult]:
    """Fetch each distinct URL once over one shared client; yield as completed. A URL with a
    validator (the archive's last good answer) is asked conditionally."""
    async with Crawler(settings, validators) as crawler:
        async for result in crawler.crawl(urls):
            yield result


def check_trust(settings: Settings) -> None:
    """Raise `SettingsError` now if the trust roots asked for (``--ca-bundle``,
    ``SSL_CERT_FILE``) cannot be used: before a run touches the archive, not at its first
    request."""
    ssl_context(settings)


async def fetch_one(url: str, settings: Settings) -> FetchResult:
    """Fetch a single URL with the same machinery as `crawl`."""
    async with Crawler(settings) as crawler:
        return await crawler.fetch(url)
