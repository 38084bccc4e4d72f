"""Politeness shared by every worker of a service on Redis (`SharedHostGate`), and the Redis
client the service's parts share (`redis_client`).

Each worker keeps its own `HostGate` (so at most ``per_host`` of its fetches wait on a host),
and each request also takes one of the host's slots in Redis: a sorted set of holders, each
with the time its hold ends (a worker killed mid-request frees its slot when that time
passes), and the host's next allowed start time for its delay. Both are changed by one Lua
script, atomically, on Redis's own clock, so workers on machines whose clocks differ still
keep the limit.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis
import redis.asyncio
import redis.asyncio.retry
import redis.retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from verifier.errors import SettingsError
from verifier.fetch._hosts import HostGate
from verifier.settings import Settings, shown_url

REDIS_RETRIES = 40
"""Attempts of a Redis command whose connection failed, backing off up to 2 s: a Redis
restart (a few seconds) costs a pause, not a run."""
HOLD_MARGIN = 5.0
"""Seconds a slot is held beyond the request's own time limit before Redis frees it (the
slot of a worker killed mid-request: a live one always lets go by then)."""
POLL = (0.01, 0.1)
"""Seconds a request waits before it asks again for a full host's slot: the first, the most."""

_TAKE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
local limit, hold, delay = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= limit then return '-1' end
redis.call('ZADD', KEYS[1], now + hold, ARGV[3])
redis.call('EXPIRE', KEYS[1], math.ceil(hold) + 1)
if delay <= 0 then return '0' end
local start = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
redis.call('SET', KEYS[2], tostring(start + delay), 'EX', math.ceil(delay) + 60)
return tostring(start - now)
"""


def _retrying(asynchronous: bool = False) -> dict[str, Any]:
    kind = redis.asyncio.retry.Retry if asynchronous else redis.retry.Retry
    return {
        "retry": kind(ExponentialBackoff(cap=2.0, base=0.05), REDIS_RETRIES),
        "retry_on_error": [RedisConnectionError, RedisTimeoutError],
        "socket_connect_timeout": 5,
        "health_check_interval": 10,
    }


def redis_client(url: str) -> redis.Redis:
    """A client of the Redis at `url` whose commands are retried through a restart; a
    `SettingsError` now, in one line, if no Redis answers there at all."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        raise SettingsError(f"queue {shown_url(url)}: no Redis answers there ({exc})") from None
    return redis.Redis.from_url(url, **_retrying())


class SharedHostGate(HostGate):
    """`HostGate` whose per-host requests in flight and delay are counted in Redis, across
    every worker that shares it."""

    def __init__(self, settings: Settings, url: str) -> None:
        super().__init__(settings)
        self._url = url
        self._hold = settings.total_timeout + HOLD_MARGIN
        self._client: redis.asyncio.Redis | None = None

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of the host's slots here and in Redis, starting no sooner than the
        host's delay after the last start of any worker."""
        async with self._semaphore(host):
            client = self._redis()
            token = uuid.uuid4().hex
            slots = f"verifier:host:{host}:slots"
            wait, pause = await self._take(client, host, slots, token), POLL[0]
            while wait < 0:
                await asyncio.sleep(pause * random.uniform(0.5, 1.5))
                pause = min(pause * 2, POLL[1])
                wait = await self._take(client, host, slots, token)
            try:
                await asyncio.sleep(wait)
                yield
            finally:
                await client.zrem(slots, token)

    async def _take(self, client: redis.asyncio.Redis, host: str, slots: str, token: str) -> float:
        """Seconds until this request may start, or -1 when the host's slots are all held."""
        keys = [slots, f"verifier:host:{host}:next"]
        args: list[str | float] = [self._limit(host), self._hold, token, self._delay(host)]
        answer = await client.eval(_TAKE, 2, *keys, *args)
        return float(answer)

    def _redis(self) -> redis.asyncio.Redis:
        """The client, made in the crawl's own event loop (each crawl runs its own)."""
        if self._client is None:
            self._client = redis.asyncio.Redis.from_url(self._url, **_retrying(asynchronous=True))
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def host_gate(settings: Settings) -> HostGate:
    """The gate of a crawl: shared through Redis when the settings name a queue there."""
    return SharedHostGate(settings, settings.queue) if settings.queue else HostGate(settings)
