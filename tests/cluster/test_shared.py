"""What workers on many machines share through Redis: each host's requests in flight and
the delay between their starts (`SharedHostGate`), and the URLs being fetched (`SharedClaims`),
each seen by two workers at once (two crawls, each in a thread with its own event loop)."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Iterator

import pytest

from localweb import LocalWeb
from localweb._bench import bench_host
from tests import servers
from verifier import fetch
from verifier.pipeline import SharedClaims, _crawl
from verifier.settings import ConnectTo, HostRule, Settings


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server, url = servers.redis(tmp_path_factory.mktemp("redis"))
    yield url
    server.stop()


def _two_workers_crawl(web: LocalWeb, settings: Settings, urls: list[str]) -> None:
    """Crawl `urls`, half each, from two threads (two workers) sharing only Redis."""

    def crawl(part: list[str]) -> None:
        async def run() -> None:
            async for result in fetch.crawl(part, settings):
                assert result.http_status == 200, result.reason

        asyncio.run(run())

    threads = [threading.Thread(target=crawl, args=(urls[n::2],)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _settings(web: LocalWeb, redis_url: str, **values: object) -> Settings:
    return Settings(
        connect_to=(ConnectTo.parse(web.connect_to()),),
        ca_bundle=web.ca_path,
        queue=redis_url,
        obey_robots=False,
        **values,  # type: ignore[arg-type]
    )


def test_two_workers_together_never_exceed_the_hosts_requests_in_flight(redis_url: str) -> None:
    with LocalWeb(bench_hosts=1, bench_pages=40, latency=0.05) as web:
        urls = [f"https://{bench_host(0)}/page/{n}" for n in range(40)]
        _two_workers_crawl(web, _settings(web, redis_url, per_host=3), urls)
        # each worker alone may hold 3: together they hold 3, not 6
        assert web.peak_in_flight()[bench_host(0)] == 3


def test_two_workers_together_keep_the_hosts_delay_between_request_starts(
    redis_url: str,
) -> None:
    rule = HostRule(bench_host(0), delay=0.2)
    with LocalWeb(bench_hosts=1, bench_pages=6) as web:
        urls = [f"https://{bench_host(0)}/page/{n}" for n in range(6)]
        _two_workers_crawl(web, _settings(web, redis_url, hosts=(rule,)), urls)
        starts = sorted(request.at for request in web.requests())
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert len(starts) == 6 and min(gaps) >= 0.19


def test_a_url_claimed_by_one_worker_is_waited_for_by_another(redis_url: str) -> None:
    first = SharedClaims(fetch.redis_client(redis_url))
    second = SharedClaims(fetch.redis_client(redis_url))
    urls = ["https://a.test/1", "https://a.test/2"]
    assert first.take(urls, owner="run-a") == (urls, [])
    assert second.take([*urls, "https://a.test/3"], owner="run-b") == (["https://a.test/3"], urls)
    # a resumed run (the same run id, on another worker) keeps its own claims
    assert second.take(urls, owner="run-a") == (urls, [])
    released = threading.Timer(0.3, first.release, args=(urls,))
    released.start()
    second.wait(urls)  # returns once they are released, not after CLAIM_WAIT
    assert not released.is_alive()
    assert second.take(urls, owner="run-b") == (urls, [])
    second.release([*urls, "https://a.test/3"])


def test_a_claim_lives_while_its_worker_does_and_ends_after_it(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_crawl, "SHARED_CLAIM_HOLD", 3.0)
    alive = SharedClaims(fetch.redis_client(redis_url))
    dead = SharedClaims(fetch.redis_client(redis_url))
    assert alive.take(["https://a.test/long"], owner="run-a") == (["https://a.test/long"], [])
    assert dead.take(["https://a.test/gone"], owner="run-d") == (["https://a.test/gone"], [])
    with dead._lock:  # the process that took it stopped renewing it: killed
        dead._held.clear()
    time.sleep(4.5)  # past the hold: only renewed claims are left
    other = SharedClaims(fetch.redis_client(redis_url))
    urls = ["https://a.test/long", "https://a.test/gone"]
    assert other.take(urls, owner="run-b") == (["https://a.test/gone"], ["https://a.test/long"])
    alive.release(["https://a.test/long"])
    other.release(["https://a.test/gone"])
