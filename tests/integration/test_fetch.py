"""The crawler against the real local HTTPS web: statuses, retries, redirects, guard, TLS."""

from __future__ import annotations

import re
from dataclasses import replace

from localweb import LocalWeb
from verifier import fetch
from verifier.fetch import fetch_one
from verifier.settings import ConnectTo, Settings
from verifier.types import Hop, LinkStatus

F = "https://failures.test"


# --- statuses -------------------------------------------------------------------


async def test_ok(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/ok", fetch_settings)
    assert (result.status, result.http_status, result.reason) == (LinkStatus.OK, 200, "HTTP 200 OK")
    assert result.final_url == f"{F}/ok" and result.hops == ()
    assert result.body and b"<html" in result.body.lower()
    assert result.content_type == "text/html; charset=utf-8"
    assert ("content-type", "text/html; charset=utf-8") in result.headers
    assert result.fetched_at.tzinfo is not None and result.elapsed > 0
    assert (result.attempts, result.truncated, result.error) == (1, False, None)


async def test_404_is_dead_and_not_retried(local_web: LocalWeb, fetch_settings: Settings) -> None:
    before = local_web.hits("failures.test", "/404")
    result = await fetch_one(f"{F}/404", fetch_settings)
    assert (result.status, result.reason, result.attempts) == (
        LinkStatus.DEAD,
        "HTTP 404 Not Found",
        1,
    )
    assert local_web.hits("failures.test", "/404") == before + 1


async def test_410_is_dead(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/410", fetch_settings)
    assert (result.status, result.http_status) == (LinkStatus.DEAD, 410)


async def test_403_is_blocked_not_dead(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/403", fetch_settings)
    assert (result.status, result.reason, result.attempts) == (
        LinkStatus.BLOCKED,
        "HTTP 403 Forbidden",
        1,
    )


async def test_unsupported_url_is_not_requested(fetch_settings: Settings) -> None:
    for url in ("ftp://failures.test/ok", "mailto:editor@example.com", "not a url", "/ok"):
        result = await fetch_one(url, fetch_settings)
        assert (result.status, result.reason, result.http_status) == (
            LinkStatus.ERROR,
            "unsupported URL",
            None,
        )


# --- retries --------------------------------------------------------------------


async def test_429_honours_retry_after_then_succeeds(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/flaky/429?key=ra-seconds&times=1&retry_after=1", fetch_settings)
    assert (result.status, result.attempts) == (LinkStatus.OK, 2)
    assert result.elapsed >= 1.0


async def test_retry_after_as_http_date(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/flaky/retry-after-date?key=ra-date", fetch_settings)
    assert (result.status, result.attempts) == (LinkStatus.OK, 2)
    assert result.elapsed >= 0.9  # the date is 1-2 s ahead, in whole seconds


async def test_retry_after_over_the_cap_is_blocked_at_once(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/429-forever?retry_after=3600", fetch_settings)
    assert (result.status, result.http_status, result.attempts) == (LinkStatus.BLOCKED, 429, 1)
    assert "Retry-After 3600 s is over the 5 s cap" in result.reason


async def test_503_then_200(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/flaky/503?key=503-once&times=1", fetch_settings)
    assert (result.status, result.attempts) == (LinkStatus.OK, 2)


async def test_500_after_retries_is_error(local_web: LocalWeb, fetch_settings: Settings) -> None:
    before = local_web.hits("failures.test", "/500")
    result = await fetch_one(f"{F}/500", fetch_settings)
    attempts = fetch_settings.retries + 1
    assert (result.status, result.attempts) == (LinkStatus.ERROR, attempts)
    assert result.reason == f"HTTP 500 Internal Server Error after {attempts} attempts"
    assert local_web.hits("failures.test", "/500") == before + attempts


# --- redirects ------------------------------------------------------------------


async def test_redirect_chain_is_recorded_hop_by_hop(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/redirect/chain", fetch_settings)
    assert result.hops == (
        Hop(f"{F}/redirect/chain", 301, f"{F}/redirect/chain/2"),
        Hop(f"{F}/redirect/chain/2", 302, f"{F}/redirect/chain/3"),
        Hop(f"{F}/redirect/chain/3", 307, f"{F}/ok"),
    )
    assert (result.status, result.http_status, result.final_url) == (
        LinkStatus.REDIRECTED,
        200,
        f"{F}/ok",
    )


async def test_redirect_loop(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/redirect/loop-a", fetch_settings)
    assert result.status is LinkStatus.ERROR
    assert result.reason == (
        f"redirect loop: {F}/redirect/loop-a -> {F}/redirect/loop-b -> {F}/redirect/loop-a"
    )
    assert len(result.hops) == 2


async def test_too_many_redirects(fetch_settings: Settings) -> None:
    settings = replace(fetch_settings, max_redirects=3)
    result = await fetch_one(f"{F}/redirect/endless/1", settings)
    assert (result.status, result.reason) == (LinkStatus.ERROR, "too many redirects (more than 3)")
    assert len(result.hops) == 4


async def test_meta_refresh_is_a_hop(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/redirect/meta", fetch_settings)
    assert result.hops == (Hop(f"{F}/redirect/meta", 200, f"{F}/ok", "meta-refresh"),)
    assert (result.status, result.final_url) == (LinkStatus.REDIRECTED, f"{F}/ok")


async def test_https_to_http_redirect_is_followed(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/redirect/to-http", fetch_settings)
    assert (result.status, result.final_url) == (LinkStatus.REDIRECTED, "http://failures.test/ok")


# --- private-address guard ------------------------------------------------------


async def test_redirect_to_private_address_is_refused(
    local_web: LocalWeb, fetch_settings: Settings
) -> None:
    result = await fetch_one(f"{F}/redirect/to-private", fetch_settings)
    assert (result.status, result.reason) == (
        LinkStatus.ERROR,
        "refused: private address 10.0.0.1",
    )
    assert result.hops == (Hop(f"{F}/redirect/to-private", 302, "https://10.0.0.1/secret"),)
    assert (result.final_url, result.http_status) == ("https://10.0.0.1/secret", None)
    # The catch-all --connect-to would have routed it to the local web.
    assert local_web.hits("10.0.0.1", "/secret") == 0


async def test_redirect_to_loopback_is_refused(
    local_web: LocalWeb, fetch_settings: Settings
) -> None:
    before = local_web.hits("127.0.0.1", "/ok")
    result = await fetch_one(f"{F}/redirect/to-loopback", fetch_settings)
    assert (result.status, result.reason) == (
        LinkStatus.ERROR,
        "refused: private address 127.0.0.1",
    )
    assert local_web.hits("127.0.0.1", "/ok") == before


async def test_private_ip_literal_is_refused_unless_allowed(
    local_web: LocalWeb, fetch_settings: Settings
) -> None:
    url = f"https://127.0.0.1:{local_web.port}/ok"
    refused = await fetch_one(url, fetch_settings)
    assert (refused.status, refused.reason) == (
        LinkStatus.ERROR,
        "refused: private address 127.0.0.1",
    )
    allowed = await fetch_one(url, replace(fetch_settings, allow_private=True))
    assert allowed.status is LinkStatus.OK


async def test_name_resolving_to_loopback_is_refused_without_connect_to(
    local_web: LocalWeb, fetch_settings: Settings
) -> None:
    settings = replace(fetch_settings, connect_to=())
    url = f"https://localhost:{local_web.port}/ok"
    refused = await fetch_one(url, settings)
    assert refused.status is LinkStatus.ERROR
    assert re.fullmatch(r"refused: private address (127\.0\.0\.1|::1)", refused.reason)
    allowed = await fetch_one(url, replace(settings, allow_private=True))
    assert allowed.status is LinkStatus.OK


# --- TLS and --connect-to -------------------------------------------------------


async def test_untrusted_ca_is_a_certificate_error(fetch_settings: Settings) -> None:
    result = await fetch_one(f"{F}/ok", replace(fetch_settings, ca_bundle=None))
    assert result.status is LinkStatus.ERROR
    assert result.reason.startswith("TLS certificate verify failed:")
    assert result.attempts == 1  # a bad certificate does not get better by asking again


async def test_connect_to_keeps_the_hostname_for_the_certificate_check(
    fetch_settings: Settings,
) -> None:
    result = await fetch_one("https://not-in-the-certificate.test/ok", fetch_settings)
    assert result.status is LinkStatus.ERROR
    assert "certificate verify failed" in result.reason and "Hostname mismatch" in result.reason


async def test_connect_to_a_closed_port_is_dead(fetch_settings: Settings) -> None:
    settings = replace(fetch_settings, connect_to=(ConnectTo.parse(":443:127.0.0.1:1"),))
    result = await fetch_one(f"{F}/ok", settings)
    assert (result.status, result.reason) == (LinkStatus.DEAD, "connection refused")
    assert result.attempts == settings.retries + 1


async def test_request_headers_seen_by_the_server(
    local_web: LocalWeb, fetch_settings: Settings
) -> None:
    await fetch_one(f"{F}/ok?headers-test", fetch_settings)
    [request] = [r for r in local_web.requests() if r.path == "/ok?headers-test"]
    headers = {name.lower(): value for name, value in request.headers}
    assert headers["user-agent"] == fetch_settings.user_agent
    assert headers["accept-language"] == "en, ja;q=0.9, *;q=0.5"
    assert headers["accept"].startswith("text/html")


async def test_a_lookup_is_asked_once_and_a_cited_page_with_retries(
    fetch_settings: Settings,
) -> None:
    """The Internet Archive's availability API, and any robots.txt, are asked once: a host
    that refuses them costs one attempt, while a cited page on it is retried."""
    closed = ConnectTo.parse("archive.org:443:127.0.0.1:9")  # nothing listens on port 9
    settings = replace(fetch_settings, connect_to=(closed,), allow_private=True, retries=2)
    lookup = await fetch_one(fetch.wayback_lookup_url("https://gone.test/a", None), settings)
    page = await fetch_one("https://archive.org/details/some-page", settings)
    assert (lookup.status, lookup.attempts) == (LinkStatus.DEAD, 1)
    assert (page.status, page.attempts) == (LinkStatus.DEAD, 3)
