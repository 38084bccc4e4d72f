"""Politeness per host: at most ``per_host`` requests in flight, Crawl-delay apart.

The connector's ``limit_per_host`` counts connections; this gate counts
requests, including the time spent waiting for a slow body, and spaces
request starts by the host's robots.txt Crawl-delay (capped, so one
robots.txt cannot stall a crawl). A site's own rule in the settings
(``[hosts."example.com"]``) sets its requests in flight and a delay of its own;
of that delay and the Crawl-delay, the longer holds.

With a Redis queue (``queue = "redis://..."``: workers on many machines) the gate is
`SharedHostGate`: the same limits, counted in Redis across every worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from verifier.settings import Settings

CRAWL_DELAY_CAP = 10.0


class HostGate:
    """Per-host semaphores and start times, shared by every fetch of a crawl."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._delays: dict[str, float] = {}
        self._next_start: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        """Space requests to `host` by `seconds` (capped at `CRAWL_DELAY_CAP`)."""
        self._delays[host] = max(0.0, min(seconds, CRAWL_DELAY_CAP))

    def _limit(self, host: str) -> int:
        rule = self._settings.host_rule(host)
        return rule.per_host if rule and rule.per_host else self._settings.per_host

    def _semaphore(self, host: str) -> asyncio.Semaphore:
        if host not in self._slots:
            self._slots[host] = asyncio.Semaphore(self._limit(host))
        return self._slots[host]

    def _delay(self, host: str) -> float:
        rule = self._settings.host_rule(host)
        own = rule.delay if rule and rule.delay else 0.0
        return max(own, self._delays.get(host, 0.0))

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of the host's request slots, starting no sooner than allowed."""
        async with self._semaphore(host):
            await self._wait_turn(host)
            yield

    async def _wait_turn(self, host: str) -> None:
        delay = self._delay(host)
        if not delay:
            return
        now = asyncio.get_running_loop().time()
        start = max(now, self._next_start.get(host, now))
        # Claimed before sleeping, so concurrent waiters queue up behind it.
        self._next_start[host] = start + delay
        await asyncio.sleep(start - now)

    async def aclose(self) -> None:
        """Let go of what the gate holds beyond this process (nothing, here)."""
