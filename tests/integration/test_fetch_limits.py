"""The crawler's limits against the real local web: time, size, robots.txt, politeness,
and the crawl's window, held back by a slow archive's backlog."""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import verifier.fetch
from localweb import LocalWeb
from verifier import pipeline
from verifier.archive import Archive
from verifier.fetch import crawl, fetch_one
from verifier.settings import Settings
from verifier.types import FetchResult, LinkStatus, Snapshot

F = "https://failures.test"
MIB = 1024 * 1024


async def _crawl_all(urls: list[str], settings: Settings) -> list[FetchResult]:
    return [result async for result in crawl(urls, settings)]


# --- time -----------------------------------------------------------------------


async def test_slow_headers_time_out(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/slow/headers?delay=3", fetch_settings)
    assert (result.status, result.reason, result.attempts) == (
        LinkStatus.TIMEOUT,
        "read timed out",
        1,
    )


async def test_slow_body_times_out(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/slow/body?delay=3", fetch_settings)
    assert (result.status, result.reason) == (LinkStatus.TIMEOUT, "read timed out")


async def test_drip_feed_hits_the_total_timeout(fetch_settings: Settings) -> None:
    settings = replace(fetch_settings, total_timeout=1.5)
    result = await fetch_one(f"{F}/drip?seconds=6", settings)
    assert result.status is LinkStatus.TIMEOUT
    assert result.reason == "no complete response within the total limit of 1.5 s"
    assert result.elapsed >= 1.5  # it waited for the limit (a lower bound cannot flake)


# --- broken connections ---------------------------------------------------------


async def test_reset_is_an_error_after_retries(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/reset", fetch_settings)
    assert (result.status, result.reason) == (LinkStatus.ERROR, "connection reset by peer")
    assert result.attempts == fetch_settings.retries + 1
    assert result.error


async def test_malformed_response_is_an_error(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/malformed", fetch_settings)
    assert result.status is LinkStatus.ERROR
    assert result.reason == "malformed HTTP response: Bad status line"


# --- size -----------------------------------------------------------------------


async def test_huge_body_is_truncated_in_bounded_memory(fetch_settings: Settings) -> None:
    settings = replace(fetch_settings, max_body_bytes=MIB, total_timeout=20)
    tracemalloc.start()
    try:
        result = await fetch_one(f"{F}/huge?mb=64", settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.status, result.truncated, len(result.body or b"")) == (LinkStatus.OK, True, MIB)
    assert result.reason == f"HTTP 200 OK; body truncated at {MIB} bytes"
    assert peak < 16 * MIB  # the server offered 64 MiB


async def test_gzip_bomb_stops_at_the_cap(fetch_settings: Settings) -> None:
    # The server builds its bomb on first use: allow it the time.
    settings = replace(fetch_settings, max_body_bytes=MIB, read_timeout=30, total_timeout=60)
    result = await fetch_one(f"{F}/gzip-bomb", settings)
    assert (result.status, result.truncated) == (LinkStatus.OK, True)
    assert result.body == bytes(MIB)


@pytest.mark.parametrize("scheme", ["http", "https"])
async def test_endless_body_stops_at_the_cap(fetch_settings: Settings, scheme: str) -> None:
    settings = replace(fetch_settings, max_body_bytes=MIB)
    result = await fetch_one(f"{scheme}://failures.test/endless", settings)
    assert (result.status, result.truncated, len(result.body or b"")) == (LinkStatus.OK, True, MIB)


async def test_the_web_still_answers_after_an_abandoned_endless_stream(
    fetch_settings: Settings,
) -> None:
    settings = replace(fetch_settings, max_body_bytes=MIB)
    await fetch_one("https://failures.test/endless", settings)
    result = await fetch_one("https://failures.test/ok", fetch_settings)
    assert result.status is LinkStatus.OK


# --- robots.txt -----------------------------------------------------------------


async def test_robots_disallow_is_blocked_without_a_request(
    local_web: LocalWeb, fetch_settings: Settings
) -> None:
    path = "/robots-blocked/page?obeyed"
    result = await fetch_one(f"https://other.test{path}", fetch_settings)
    assert (result.status, result.reason, result.http_status) == (
        LinkStatus.BLOCKED,
        "disallowed by robots.txt",
        None,
    )
    assert local_web.hits("other.test", path) == 0


async def test_robots_can_be_ignored(local_web: LocalWeb, fetch_settings: Settings) -> None:
    path = "/robots-blocked/page?ignored"
    result = await fetch_one(
        f"https://other.test{path}", replace(fetch_settings, obey_robots=False)
    )
    assert result.status is LinkStatus.OK
    assert local_web.hits("other.test", path) == 1


async def test_robots_fetched_once_per_host_and_crawl_delay_kept(
    local_web: LocalWeb, fetch_settings: Settings
) -> None:
    before = local_web.hits("other.test", "/robots.txt")
    urls = [f"https://other.test/allowed/{n}" for n in range(3)]
    started = time.monotonic()
    results = await _crawl_all([*urls, "https://other.test/robots-blocked/page?x"], fetch_settings)
    assert sorted(r.status for r in results) == [LinkStatus.BLOCKED, *[LinkStatus.OK] * 3]
    assert local_web.hits("other.test", "/robots.txt") == before + 1
    assert time.monotonic() - started >= 2.0  # three requests, Crawl-delay: 1


# --- concurrency and crawl() ----------------------------------------------------


async def _slow_crawl_seconds(settings: Settings, tag: str) -> float:
    urls = [f"{F}/slow/headers?delay=0.4&{tag}={n}" for n in range(6)]
    started = time.monotonic()
    results = await _crawl_all(urls, replace(settings, read_timeout=3))
    assert {r.status for r in results} == {LinkStatus.OK}
    return time.monotonic() - started


async def test_per_host_concurrency_is_honoured(fetch_settings: Settings) -> None:
    # Six 0.4 s requests, two at a time: three waves at the least.
    assert await _slow_crawl_seconds(replace(fetch_settings, per_host=2), "two") >= 1.2


async def test_crawl_yields_each_unique_url_once(
    local_web: LocalWeb, fetch_settings: Settings
) -> None:
    urls = [f"{F}/ok?crawl={n}" for n in range(40)]
    results = await _crawl_all([*urls, *urls[:10], f"{F}/404"], fetch_settings)
    assert sorted(r.url for r in results) == sorted([*urls, f"{F}/404"])
    assert all(local_web.hits("failures.test", f"/ok?crawl={n}") == 1 for n in range(40))


# --- the crawl's window, and the archive's backlog -----------------------------------------


def test_a_crawl_larger_than_its_window_fetches_every_url_once(
    fetch_settings: Settings, local_web: LocalWeb
) -> None:
    settings = replace(fetch_settings, max_connections=2)  # a window of 2 fetches
    urls = [f"https://failures.test/ok?key=window-{n}" for n in range(30)]

    async def crawl() -> list[str]:
        return [result.url async for result in verifier.fetch.crawl(urls, settings)]

    assert sorted(asyncio.run(crawl())) == sorted(urls)
    assert all(
        local_web.hits("failures.test", url.removeprefix("https://failures.test")) == 1
        for url in urls
    )


def test_a_crawl_holds_at_most_its_window_of_fetches(
    fetch_settings: Settings, local_web: LocalWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = replace(fetch_settings, max_connections=3)
    urls = [f"https://failures.test/ok?key=held-{n}" for n in range(12)]
    running, most = 0, 0
    real_fetch = verifier.fetch.Crawler.fetch

    async def counted(self: verifier.fetch.Crawler, url: str) -> FetchResult:
        nonlocal running, most
        running += 1
        most = max(most, running)
        try:
            return await real_fetch(self, url)
        finally:
            running -= 1

    monkeypatch.setattr(verifier.fetch.Crawler, "fetch", counted)

    async def crawl() -> int:
        return len([result async for result in verifier.fetch.crawl(urls, settings)])

    assert asyncio.run(crawl()) == len(urls)
    assert most == 3


def test_a_slow_archive_holds_the_crawl_back_to_its_backlog(
    fetch_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bodies fetched but not yet written never exceed the backlog (plus the batch being
    written): a disk slower than the network makes the crawl wait, not memory grow."""
    monkeypatch.setattr(pipeline._crawl, "WRITE_BACKLOG", 2)
    urls = [f"https://failures.test/ok?key=backlog-{n}" for n in range(30)]
    yielded, written, ahead = 0, 0, []
    real_crawl = verifier.fetch.crawl

    async def counting_crawl(*args: Any, **kwargs: Any) -> AsyncIterator[FetchResult]:
        nonlocal yielded
        async for result in real_crawl(*args, **kwargs):
            yielded += 1
            yield result

    def slow_record(results: list[FetchResult], run_id: str | None = None) -> list[Snapshot]:
        nonlocal written
        ahead.append(yielded - written)
        time.sleep(0.05)
        written += len(results)
        return real_record(results, run_id)

    monkeypatch.setattr(verifier.fetch, "crawl", counting_crawl)
    with Archive(tmp_path / "cache") as archive:
        real_record = archive.record_fetches
        monkeypatch.setattr(archive, "record_fetches", slow_record)
        stored = asyncio.run(pipeline.fetch_and_archive(archive, urls, fetch_settings))
    assert sorted(stored) == sorted(urls)
    assert written == len(urls)
    # the batch being written (at most the backlog), the backlog refilled, one result in hand
    assert max(ahead) <= 2 + 2 + 1
