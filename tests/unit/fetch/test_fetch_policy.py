"""Unit tests of the fetch stage's pure parts: retry policy, guard, status rules."""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import socket
import ssl
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import aiohttp
import httpx
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from verifier.fetch._crawler import interleaved
from verifier.fetch._guard import GuardedResolver, PrivateAddressError, is_public, refuse_ip_literal
from verifier.fetch._hosts import HostGate
from verifier.fetch._http import Exchange
from verifier.fetch._outcome import (
    TotalTimeoutError,
    UnsupportedURLError,
    describe_error,
    http_reason,
    status_for_code,
)
from verifier.fetch._redirects import meta_refresh_target, next_hop
from verifier.fetch._retry import RETRYABLE_STATUSES, parse_retry_after, should_retry
from verifier.fetch._trail import Trail, same_page
from verifier.settings import ConnectTo, HostRule, Settings
from verifier.types import NO_SUCH_HOST, Hop, LinkStatus

# --- retry policy ---------------------------------------------------------------


@pytest.mark.parametrize("code", [429, 500, 502, 503, 504, 408])
def test_retryable_statuses_are_retried(code: int) -> None:
    assert code in RETRYABLE_STATUSES
    assert should_retry(code)


@pytest.mark.parametrize("code", [200, 301, 400, 401, 403, 404, 405, 410, 451, 501, 999])
def test_final_statuses_are_not_retried(code: int) -> None:
    assert not should_retry(code)


def test_connection_failures_are_retried_but_tls_and_read_timeouts_are_not() -> None:
    assert should_retry(_wrapped(ConnectionRefusedError(111, "Connection refused")))
    assert should_retry(_wrapped(ConnectionResetError(104, "Connection reset by peer")))
    assert should_retry(_wrapped(aiohttp.ConnectionTimeoutError("Connection timeout")))
    assert not should_retry(_wrapped(_cert_error("unable to get local issuer certificate")))
    assert not should_retry(_wrapped(aiohttp.SocketTimeoutError("read"), httpx.ReadTimeout))
    assert not should_retry(TotalTimeoutError(3))
    assert not should_retry(_wrapped(PrivateAddressError("10.0.0.1")))


def test_cancellation_is_never_retried_even_when_it_interrupts_a_connection_error() -> None:
    cancelled = asyncio.CancelledError()
    cancelled.__context__ = ConnectionResetError(104, "Connection reset by peer")
    assert not should_retry(cancelled)
    assert not should_retry(KeyboardInterrupt())


def test_retry_after_in_seconds() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 120 ") == 120.0


def test_retry_after_as_http_date() -> None:
    now = datetime(2024, 11, 11, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=10), usegmt=True)
    earlier = format_datetime(now - timedelta(seconds=10), usegmt=True)
    assert parse_retry_after(later, now) == 10.0
    assert parse_retry_after(earlier, now) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5e3x"])
def test_retry_after_garbage_is_no_advice(value: str | None) -> None:
    assert parse_retry_after(value) is None


# --- private-address guard ------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "0.0.0.0",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "2002:a00:1::",
    ],
)
def test_private_and_special_addresses_are_refused(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "172.32.0.1", "93.184.216.34", "2606:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_ip_literal_hosts() -> None:
    refusal = refuse_ip_literal("10.0.0.1", allow_private=False)
    assert refusal is not None and str(refusal) == "refused: private address 10.0.0.1"
    assert refuse_ip_literal("[::1]", allow_private=False) is not None
    assert refuse_ip_literal("10.0.0.1", allow_private=True) is None
    assert refuse_ip_literal("8.8.8.8", allow_private=False) is None
    assert refuse_ip_literal("www.example.com", allow_private=False) is None


class _FakeDNS(AbstractResolver):
    """Answers every name with fixed addresses, and counts the questions."""

    def __init__(self, *addresses: str) -> None:
        self.addresses = addresses
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        return [
            {"hostname": host, "host": a, "port": port, "family": family, "proto": 0, "flags": 0}
            for a in self.addresses
        ]

    async def close(self) -> None:
        pass


async def test_resolver_refuses_names_that_resolve_privately() -> None:
    resolver = GuardedResolver((), allow_private=False, inner=_FakeDNS("10.1.2.3"))
    with pytest.raises(PrivateAddressError, match=r"refused: private address 10\.1\.2\.3"):
        await resolver.resolve("intranet.example", 443)


async def test_resolver_keeps_only_public_answers() -> None:
    resolver = GuardedResolver((), allow_private=False, inner=_FakeDNS("127.0.0.1", "8.8.4.4"))
    assert [r["host"] for r in await resolver.resolve("mixed.example", 443)] == ["8.8.4.4"]


async def test_resolver_allow_private() -> None:
    resolver = GuardedResolver((), allow_private=True, inner=_FakeDNS("10.1.2.3"))
    assert [r["host"] for r in await resolver.resolve("intranet.example", 443)] == ["10.1.2.3"]


async def test_resolver_connect_to_routes_are_trusted_and_skip_dns() -> None:
    dns = _FakeDNS("8.8.8.8")
    routes = (ConnectTo.parse("www.politico.com:443:127.0.0.1:8443"),)
    resolver = GuardedResolver(routes, allow_private=False, inner=dns)
    [result] = await resolver.resolve("www.politico.com", 443)
    assert (result["host"], result["port"], result["hostname"]) == (
        "127.0.0.1",
        8443,
        "www.politico.com",
    )
    assert dns.asked == []
    assert (await resolver.resolve("www.politico.com", 80))[0]["host"] == "8.8.8.8"


async def test_resolver_empty_connect_to_host_matches_every_host() -> None:
    routes = (ConnectTo.parse(":443:[::1]:9443"),)
    resolver = GuardedResolver(routes, allow_private=False, inner=_FakeDNS("8.8.8.8"))
    [result] = await resolver.resolve("t.me", 443)
    assert (result["host"], result["port"], result["family"]) == ("::1", 9443, socket.AF_INET6)


# --- error and status mapping ---------------------------------------------------


def _wrapped(cause: BaseException, top: type[Exception] = httpx.ConnectTimeout) -> Exception:
    """An exception as httpx-aiohttp raises it: a misleading type over the real cause."""
    exc = top(str(cause))
    exc.__cause__ = cause
    return exc


def _cert_error(message: str) -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, f"certificate verify failed: {message}")
    error.verify_message = message
    return error


@pytest.mark.parametrize(
    ("cause", "status", "reason"),
    [
        (
            _cert_error("unable to get local issuer certificate"),
            LinkStatus.ERROR,
            "TLS certificate verify failed: unable to get local issuer certificate",
        ),
        (ssl.SSLError(1, "WRONG_VERSION_NUMBER"), LinkStatus.ERROR, "TLS handshake failed"),
        (
            socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
            LinkStatus.DEAD,
            "DNS name not found",
        ),
        (
            socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"),
            LinkStatus.ERROR,
            "DNS lookup failed: Temporary failure in name resolution",
        ),
        (ConnectionRefusedError(111, "Connection refused"), LinkStatus.DEAD, "connection refused"),
        (ConnectionResetError(104, "reset"), LinkStatus.ERROR, "connection reset by peer"),
        (
            aiohttp.ServerDisconnectedError(),
            LinkStatus.ERROR,
            "server closed the connection without a response",
        ),
        (aiohttp.ConnectionTimeoutError("slow"), LinkStatus.TIMEOUT, "connect timed out"),
        (aiohttp.SocketTimeoutError("slow"), LinkStatus.TIMEOUT, "read timed out"),
        (PrivateAddressError("10.0.0.1"), LinkStatus.ERROR, "refused: private address 10.0.0.1"),
        (
            httpx.RemoteProtocolError("Bad status line:\n  more"),
            LinkStatus.ERROR,
            "malformed HTTP response: Bad status line",
        ),
        (UnsupportedURLError("mailto:x@y"), LinkStatus.ERROR, "unsupported URL"),
    ],
)
def test_each_failure_maps_to_a_status(cause: Exception, status: LinkStatus, reason: str) -> None:
    failure = describe_error(_wrapped(cause))
    assert failure.status is status
    assert failure.reason.startswith(reason)


class _NoSuchName(AbstractResolver):
    """A resolver that answers as getaddrinfo does for a name that does not exist."""

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[ResolveResult]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    async def close(self) -> None:
        return None


async def _aiohttp_error(resolver: AbstractResolver) -> BaseException:
    connector = aiohttp.TCPConnector(resolver=resolver)
    async with aiohttp.ClientSession(connector=connector) as session:
        try:
            await session.get("https://no-such-host.invalid/")
        except aiohttp.ClientError as exc:
            return exc
    raise AssertionError("the request did not fail")


def test_a_name_that_does_not_exist_is_dead_through_aiohttp_s_wrapping() -> None:
    """aiohttp wraps the resolver's gaierror in ClientConnectorDNSError: still dead."""
    exc = asyncio.run(_aiohttp_error(_NoSuchName()))
    assert isinstance(exc, aiohttp.ClientConnectorDNSError)
    failure = describe_error(exc)
    assert (failure.status, failure.reason) == (LinkStatus.DEAD, NO_SUCH_HOST)


def test_total_timeout_and_unknown_errors() -> None:
    failure = describe_error(TotalTimeoutError(3))
    assert failure.status is LinkStatus.TIMEOUT and "3 s" in failure.reason
    failure = describe_error(RuntimeError("boom"))
    assert (failure.status, failure.reason, failure.retryable) == (
        LinkStatus.ERROR,
        "RuntimeError: boom",
        False,
    )


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (200, LinkStatus.OK),
        (204, LinkStatus.OK),
        (404, LinkStatus.DEAD),
        (410, LinkStatus.DEAD),
        (401, LinkStatus.BLOCKED),
        (403, LinkStatus.BLOCKED),
        (429, LinkStatus.BLOCKED),
        (451, LinkStatus.BLOCKED),
        (999, LinkStatus.BLOCKED),
        (400, LinkStatus.ERROR),
        (405, LinkStatus.ERROR),
        (500, LinkStatus.ERROR),
        (503, LinkStatus.ERROR),
    ],
)
def test_http_codes_map_to_statuses(code: int, status: LinkStatus) -> None:
    assert status_for_code(code) is status


def test_http_reason() -> None:
    assert http_reason(404) == "HTTP 404 Not Found"
    assert http_reason(404, "Nope") == "HTTP 404 Nope"
    assert http_reason(999) == "HTTP 999"


# --- redirects ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "target"),
    [
        (b'<meta http-equiv="refresh" content="0; url=/ok">', "/ok"),
        (b"<META HTTP-EQUIV='Refresh' CONTENT='3;URL=https://x.test/a'>", "https://x.test/a"),
        (b'<meta content="0;url=\'/b\'" http-equiv="refresh">', "/b"),
        (b'<meta http-equiv="refresh" content="5, /c">', "/c"),
        (b'<meta http-equiv="refresh" content="30; url=/slow">', None),
        (b'<meta http-equiv="refresh" content="0">', None),
        (b'<meta name="description" content="0; url=/no">', None),
    ],
)
def test_meta_refresh_target(html: bytes, target: str | None) -> None:
    assert meta_refresh_target(b"<html><head>" + html + b"</head></html>") == target


def _exchange(code: int, headers: dict[str, str], body: bytes = b"") -> Exchange:
    return Exchange("https://a.test/x/y", code, "", tuple(headers.items()), body, False)


def test_next_hop() -> None:
    assert next_hop(_exchange(301, {"Location": "../z"})) == ("https://a.test/z", "http")
    assert next_hop(_exchange(302, {})) is None
    assert next_hop(_exchange(304, {"Location": "/z"})) is None
    meta = b'<meta http-equiv="refresh" content="0; url=/ok">'
    assert next_hop(_exchange(200, {"Content-Type": "text/html"}, meta)) == (
        "https://a.test/ok",
        "meta-refresh",
    )
    assert next_hop(_exchange(200, {"Content-Type": "text/plain"}, meta)) is None


def test_loop_detection_ignores_fragments() -> None:
    trail = Trail("https://a.test/a")
    trail.hops.append(Hop("https://a.test/a", 302, "https://a.test/b", "http"))
    trail.current = "https://a.test/b"
    assert trail.loop("https://a.test/c") is None
    assert trail.loop("https://a.test/a#top") == (
        "redirect loop: https://a.test/a -> https://a.test/b -> https://a.test/a#top"
    )
    assert same_page("https://a.test/a#x", "https://a.test/a")


# --- politeness -----------------------------------------------------------------


async def test_crawl_delay_spaces_request_starts() -> None:
    gate = HostGate(Settings(per_host=4))
    gate.set_delay("a.test", 0.1)
    loop = asyncio.get_running_loop()
    starts: list[float] = []

    async def request() -> None:
        async with gate.slot("a.test"):
            starts.append(loop.time())

    await asyncio.gather(*(request() for _ in range(3)))
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(gap >= 0.09 for gap in gaps)


def test_crawl_delay_is_capped() -> None:
    gate = HostGate(Settings(per_host=1))
    gate.set_delay("a.test", 3600)
    assert gate._delays["a.test"] == 10.0


def test_public_surface_is_small() -> None:
    import verifier.fetch

    assert verifier.fetch.__all__ == [
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


def test_the_crawl_takes_urls_host_by_host_in_turn() -> None:
    urls = ["https://a.test/1", "https://a.test/2", "https://a.test/3", "https://b.test/1"]
    urls += ["https://c.test/1", "https://b.test/2"]
    assert list(interleaved(urls)) == [
        "https://a.test/1",
        "https://b.test/1",
        "https://c.test/1",
        "https://a.test/2",
        "https://b.test/2",
        "https://a.test/3",
    ]


async def test_a_site_s_own_rule_sets_its_requests_in_flight_and_its_delay() -> None:
    """`[hosts."paper.test"] per_host = 1, delay = 0.1`: one request at a time there, starts
    spaced by the delay; another site keeps the defaults."""
    rule = HostRule("paper.test", per_host=1, delay=0.1)
    gate = HostGate(Settings(per_host=4, hosts=(rule,)))
    loop = asyncio.get_running_loop()
    events: list[tuple[str, str, float]] = []

    async def request(host: str, name: str) -> None:
        async with gate.slot(host):
            events.append((host, f"{name} in", loop.time()))
            await asyncio.sleep(0)
            events.append((host, f"{name} out", loop.time()))

    await asyncio.gather(*(request("www.paper.test", n) for n in "ab"))
    await asyncio.gather(*(request("other.test", n) for n in "ab"))
    paper = [name for host, name, _ in events if host == "www.paper.test"]
    other = [name for host, name, _ in events if host == "other.test"]
    assert paper == ["a in", "a out", "b in", "b out"]
    assert other == ["a in", "b in", "a out", "b out"]
    starts = [at for host, name, at in events if host == "www.paper.test" and "in" in name]
    assert starts[1] - starts[0] >= 0.09
