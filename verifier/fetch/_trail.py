"""The record of one fetch in progress, and the `FetchResult` it ends as.

A fetch walks a chain of hops; whatever ends it (a final response, a
refusal, an exception) turns the trail into exactly one `FetchResult` here,
so every way out reports the hops, attempts and timing the same way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import httpx

from verifier.fetch._http import Exchange
from verifier.fetch._outcome import bot_check, http_reason, status_for_code
from verifier.fetch._retry import RETRYABLE_STATUSES, parse_retry_after
from verifier.settings import Settings
from verifier.types import FetchResult, Hop, LinkStatus, Validator


@dataclass(slots=True)
class Trail:
    """Mutable while one fetch runs; only `FetchResult`s leave the package."""

    url: str
    current: str = ""
    hops: list[Hop] = field(default_factory=list)
    retries: int = 0
    started_at: datetime | None = None
    clock: float | None = None
    reading: str | None = None

    def __post_init__(self) -> None:
        self.current = self.current or self.url

    def read_at(self, target: str, via: str) -> None:
        """Fetch `target` in the cited page's place: the site's reading view of it, or the
        same address without its tracking parameters."""
        self.hops.append(Hop(self.url, None, target, via=via))
        self.current = self.reading = target

    def begin(self) -> None:
        """Start the clock at the first request, not while queued behind others."""
        if self.clock is None:
            self.started_at = datetime.now(UTC)
            self.clock = time.monotonic()

    def loop(self, target: str) -> str | None:
        """``redirect loop: a -> b -> a`` if `target` was already requested."""
        visited = [*(hop.url for hop in self.hops), self.current]
        for start, url in enumerate(visited):
            if same_page(url, target):
                return "redirect loop: " + " -> ".join([*visited[start:], target])
        return None

    def finish(self, response: Exchange, settings: Settings) -> FetchResult:
        """The result of a chain that ended on `response` (no further hop); a status the
        settings `accept` is `ok`, whatever it would have been."""
        code = response.status_code
        reason = http_reason(code, response.reason_phrase)
        if code in settings.accept and not 200 <= code < 300:
            status = LinkStatus.OK if self._same_page(response.url) else LinkStatus.REDIRECTED
            return self.result(status, f"{reason} (accepted by the settings)", response)
        status = status_for_code(code)
        retry_after_cap = settings.retry_after_cap
        wall = bot_check(code, response.header("cf-mitigated"), response.body)
        if wall is not None:
            return self.result(LinkStatus.BLOCKED, f"{reason}: {wall}", response)
        if code in RETRYABLE_STATUSES:
            delay = parse_retry_after(response.header("retry-after"))
            if delay is not None and delay > retry_after_cap:
                status = LinkStatus.BLOCKED
                reason += f"; Retry-After {delay:.0f} s is over the {retry_after_cap:g} s cap"
            elif self.retries:
                reason += f" after {self.retries + 1} attempts"
        if status is LinkStatus.OK and not self._same_page(response.url):
            status = LinkStatus.REDIRECTED
        if response.truncated:
            reason += f"; body truncated at {len(response.body)} bytes"
        return self.result(status, reason, response)

    def unchanged(self, response: Exchange, validator: Validator) -> FetchResult:
        """A 304 to a conditional re-check: the archived body stands, nothing new came."""
        status = LinkStatus.OK if self._same_page(response.url) else LinkStatus.REDIRECTED
        reason = "HTTP 304 Not Modified: unchanged since the last check"
        result = self.result(status, reason, response)
        return replace(result, body=None, content_type=validator.content_type, unchanged=validator)

    def _same_page(self, url: str) -> bool:
        """Whether `url` is the cited page or its reading view (no redirect either way)."""
        return same_page(self.url, url) or (
            self.reading is not None and same_page(self.reading, url)
        )

    def result(
        self,
        status: LinkStatus,
        reason: str,
        response: Exchange | None = None,
        error: str | None = None,
    ) -> FetchResult:
        """Freeze the trail into the stage's output."""
        return FetchResult(
            url=self.url,
            final_url=self.current,
            status=status,
            reason=reason,
            http_status=response.status_code if response else None,
            hops=tuple(self.hops),
            headers=response.headers if response else (),
            body=response.body if response else None,
            content_type=response.header("content-type") if response else None,
            fetched_at=self.started_at or datetime.now(UTC),
            elapsed=0.0 if self.clock is None else time.monotonic() - self.clock,
            attempts=1 + self.retries,
            truncated=response.truncated if response else False,
            error=error,
        )


def same_page(a: str, b: str) -> bool:
    """Whether two URLs name the same resource (the fragment never reaches a server). The
    same string is the common case, answered before any parsing (a crawl asks this of every
    page it gets)."""
    if a.split("#", 1)[0] == b.split("#", 1)[0]:
        return True
    try:
        return httpx.URL(a).copy_with(fragment=None) == httpx.URL(b).copy_with(fragment=None)
    except httpx.InvalidURL:
        return a == b


NOT_MODIFIED = 304


def conditional_headers(validator: Validator | None) -> dict[str, str] | None:
    """`If-None-Match` and `If-Modified-Since` from the archived answer, when there is one."""
    if validator is None:
        return None
    headers = {}
    if validator.etag:
        headers["If-None-Match"] = validator.etag
    if validator.last_modified:
        headers["If-Modified-Since"] = validator.last_modified
    return headers
