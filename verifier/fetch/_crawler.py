"""The crawler: one client, many fetches, each a guarded chain of hops.

For every hop of a fetch, in order:

1. the URL must be absolute http(s), and not an IP literal in a private
   range (host names are checked later, by the resolver, on every connect);
2. robots.txt of its origin must allow it (unless ``obey_robots`` is off);
3. a host slot is taken (per-host limit, Crawl-delay), and the request is
   sent and its body read under the total time limit, retried per the
   policy in `_retry`;
4. a 3xx Location or a quick meta refresh becomes a recorded `Hop`, checked
   for loops and the redirect limit, and the walk goes on; anything else
   ends the fetch.

Whatever ends a fetch becomes exactly one `FetchResult`; failures are data.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import replace
from itertools import islice
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from verifier.fetch._guard import refuse_ip_literal
from verifier.fetch._http import Exchange, exchange, open_client
from verifier.fetch._outcome import (
    FETCH_ERRORS,
    UnsupportedURLError,
    bot_check,
    describe_error,
)
from verifier.fetch._redirects import next_hop
from verifier.fetch._retry import RETRYABLE_STATUSES, build_retrying, parse_retry_after
from verifier.fetch._robots import RobotsRules
from verifier.fetch._shared import host_gate
from verifier.fetch._sites import accept_language, is_lookup, reading_url, untracked_url
from verifier.fetch._trail import NOT_MODIFIED, Trail, conditional_headers
from verifier.settings import Settings
from verifier.types import FetchResult, Hop, LinkStatus, Validator

# aiohttp closes a connection dropped mid-exchange (error, timeout, capped
# body) with a TLS shutdown that needs a few loop turns; ending the loop first
# leaks its socket. aiohttp's docs advise this pause before the loop closes.
TLS_SHUTDOWN_GRACE = 0.25


class Crawler:
    """Fetches URLs politely over one shared client; use as ``async with``."""

    def __init__(
        self, settings: Settings, validators: Mapping[str, Validator] | None = None
    ) -> None:
        self._settings = settings
        self._validators = validators or {}
        self._client: httpx.AsyncClient | None = None
        self._dropped_connections = False
        self._gate = host_gate(settings)
        self._robots = RobotsRules(self._fetch_robots, self._gate, settings.user_agent)
        # Built once: each request runs a copy, since a tenacity engine keeps state.
        self._retrying = build_retrying(settings, _status_of, _retry_after)
        self._asked_once = build_retrying(replace(settings, retries=0), _status_of, _retry_after)

    async def __aenter__(self) -> Crawler:
        self._client = open_client(self._settings)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._robots.aclose()
        await self._gate.aclose()
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._dropped_connections:
            await asyncio.sleep(TLS_SHUTDOWN_GRACE)

    async def crawl(self, urls: Iterable[str]) -> AsyncIterator[FetchResult]:
        """Fetch each distinct URL once; yield results as they complete.

        At most `max_connections` fetches exist at a time, so a crawl of tens of thousands
        of URLs holds a window of them, not all; the URLs are taken host by host in turn, so
        the window is never filled by one host's queue. A wider window bought no speed and
        cost memory (four per connection: 75 MB more at the peak of a 20,000-URL crawl).
        """
        waiting = iter(interleaved(dict.fromkeys(urls)))
        window = self._settings.max_connections
        running = {asyncio.create_task(self.fetch(url)) for url in islice(waiting, window)}
        try:
            while running:
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                running |= {
                    asyncio.create_task(self.fetch(url)) for url in islice(waiting, len(done))
                }
                for task in done:
                    yield task.result()
        finally:
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)

    async def fetch(self, url: str) -> FetchResult:
        """Fetch one URL, following its redirects; never raises for a bad link."""
        return await self._run(url, self._settings.obey_robots, once=is_lookup(url))

    async def _fetch_robots(self, url: str) -> FetchResult:
        """A robots.txt, asked once: a host that does not answer it is asked again for the page
        itself, with the page's retries (retrying both would double a dead host's wait)."""
        return await self._run(url, obey_robots=False, once=True)

    async def _run(self, url: str, obey_robots: bool, *, once: bool = False) -> FetchResult:
        """Fetch `url` and its redirects; `once`: no retries (a lookup, a robots.txt)."""
        trail = Trail(url)
        reading = reading_url(url)
        untracked = untracked_url(url)
        if reading is not None:
            trail.read_at(reading, "reading-view")
        elif untracked is not None:
            trail.read_at(untracked, "tracking-removed")
        try:
            return await self._follow(trail, obey_robots, once)
        except FETCH_ERRORS as exc:
            failure = describe_error(exc)
            return trail.result(failure.status, failure.reason, error=str(exc) or repr(exc))

    async def _follow(self, trail: Trail, obey_robots: bool, once: bool) -> FetchResult:
        while True:
            url = trail.current
            host = self._checked_host(url)
            if obey_robots and not await self._robots.allowed(url):
                return trail.result(LinkStatus.BLOCKED, "disallowed by robots.txt")
            validator = self._validators.get(url)
            headers = self._headers(url, host, validator)
            response = await self._request(url, host, trail, headers, once=once)
            if validator is not None and response.status_code == NOT_MODIFIED:
                return trail.unchanged(response, validator)
            hop = next_hop(response)
            if hop is None:
                return trail.finish(response, self._settings)
            target, via = hop
            loop = trail.loop(target)
            trail.hops.append(Hop(url, response.status_code, target, via))
            if loop:
                return trail.result(LinkStatus.ERROR, loop, response)
            if len(trail.hops) > self._settings.max_redirects:
                limit = self._settings.max_redirects
                return trail.result(
                    LinkStatus.ERROR, f"too many redirects (more than {limit})", response
                )
            trail.current = target

    def _headers(self, url: str, host: str, validator: Validator | None) -> dict[str, str] | None:
        """This request's own headers: the site's language, the archived answer's
        validators, the settings' headers and the site's own rule's headers and cookies
        (a `Credentials` dict: its answer's Set-Cookie is not archived)."""
        headers = conditional_headers(validator) or {}
        language = accept_language(url)
        if language is not None:
            headers["Accept-Language"] = language
        rule = self._settings.host_rule(host)
        given = [*self._settings.headers, *(rule.headers if rule else ())]
        cookies = rule.cookies if rule else ()
        if not given and not cookies:
            return headers or None
        credentials = Credentials(headers)
        credentials.update(given)
        if cookies:
            credentials["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies)
        return credentials

    def _checked_host(self, url: str) -> str:
        """The host of `url`; refuse, before any connection, what must never be requested."""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise UnsupportedURLError(url) from exc
        if parsed.scheme not in {"http", "https"} or not parsed.host:
            raise UnsupportedURLError(url)
        refusal = refuse_ip_literal(parsed.host, self._settings.allow_private)
        if refusal is not None:
            raise refusal
        return parsed.host

    async def _request(
        self,
        url: str,
        host: str,
        trail: Trail,
        headers: dict[str, str] | None = None,
        *,
        once: bool = False,
    ) -> Exchange:
        """One hop's request, with retries (none when `once`); the retries are added to the
        trail."""
        assert self._client is not None, "use Crawler as an async context manager"
        client, settings = self._client, self._settings
        tries = 0

        async def attempt() -> Exchange:
            nonlocal tries
            tries += 1
            async with self._gate.slot(host):
                trail.begin()
                try:
                    response = await exchange(client, url, settings, headers)
                except BaseException:
                    self._dropped_connections = True
                    raise
            self._dropped_connections |= response.truncated
            return response.without_cookies() if isinstance(headers, Credentials) else response

        retrying = (self._asked_once if once else self._retrying).copy()
        try:
            result: Exchange = await retrying(attempt)
            return result
        finally:
            trail.retries += max(0, tries - 1)


class Credentials(dict[str, str]):
    """Request headers that carry the user's own headers or a site's cookies: what such a
    request gets back keeps no Set-Cookie in the archive (a session a server renews is the
    subscriber's, not the source's)."""


def _status_of(response: Exchange) -> int:
    """The status the retry policy sees: a bot check's 503 is a refusal (asked again, it
    answers the same), so it is not retried."""
    wall = bot_check(response.status_code, response.header("cf-mitigated"), response.body)
    return 403 if wall is not None else response.status_code


def _retry_after(response: Exchange) -> float | None:
    if response.status_code not in RETRYABLE_STATUSES:
        return None
    return parse_retry_after(response.header("retry-after"))


def interleaved(urls: Iterable[str]) -> Iterator[str]:
    """`urls` host by host in turn (a, b, c, a, b, c, ...), each host's in their order."""
    by_host: dict[str, deque[str]] = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).hostname or "", deque()).append(url)
    queues = deque(by_host.values())
    while queues:
        queue = queues.popleft()
        yield queue.popleft()
        if queue:
            queues.append(queue)
