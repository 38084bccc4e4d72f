"""robots.txt, fetched once per origin per crawl and asked before each request.

The file is fetched with the crawl's own machinery (same client, guard,
timeouts and retries), so it costs what any page costs and cannot reach
what a page could not. A missing file (4xx) allows everything, as the
standard says; so does an unreachable one or a 5xx, where we choose to
check the links rather than report them all blocked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
from protego import Protego

from verifier.fetch._hosts import HostGate
from verifier.types import FetchResult

ROBOTS_MAX_BYTES = 500 * 1024


class RobotsRules:
    """The robots.txt answers for one crawl, one parsed file per origin."""

    def __init__(
        self,
        fetch: Callable[[str], Awaitable[FetchResult]],
        gate: HostGate,
        user_agent: str,
    ) -> None:
        self._fetch = fetch
        self._gate = gate
        self._user_agent = user_agent
        self._files: dict[str, asyncio.Task[Protego | None]] = {}

    async def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's origin lets us fetch `url`."""
        parsed = httpx.URL(url)
        origin = str(parsed.copy_with(path="/", query=None, fragment=None))
        task = self._files.get(origin)
        if task is None:
            task = asyncio.create_task(self._load(origin, parsed.host))
            self._files[origin] = task
        # Shielded: one waiter giving up must not cancel the file for the others.
        rules = await asyncio.shield(task)
        return rules is None or bool(rules.can_fetch(url, self._user_agent))

    async def aclose(self) -> None:
        for task in self._files.values():
            task.cancel()
        await asyncio.gather(*self._files.values(), return_exceptions=True)

    async def _load(self, origin: str, host: str) -> Protego | None:
        result = await self._fetch(origin + "robots.txt")
        status = result.http_status
        if status is None or not 200 <= status < 300 or result.body is None:
            return None
        rules = Protego.parse(result.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace"))
        delay = rules.crawl_delay(self._user_agent)
        if delay:
            self._gate.set_delay(host, float(delay))
        return rules
