"""The local web behaves like the internet it stands in for.

Clients here connect to 127.0.0.1 but send the real Host header and TLS SNI
(httpx's ``sni_hostname`` extension), so the certificate is checked against
the real hostname, as the crawler's ``--connect-to`` does.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import zlib
from collections.abc import AsyncIterator, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from localweb import LocalWeb, Route, bench_urls
from localweb.example import example_routes
from tests.builders import DATA as TESTS_DATA
from verifier.errors import SettingsError

DATA = TESTS_DATA / "localweb"
F = "https://failures.test"


def local_request(web: LocalWeb, url: str) -> httpx.Request:
    """A GET for `url` sent to the local web, with the real Host header and SNI."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = web.port if https else web.http_port
    query = f"?{parts.query}" if parts.query else ""
    extensions = {"sni_hostname": host} if https else {}
    target = f"{parts.scheme}://127.0.0.1:{port}{parts.path}{query}"
    return httpx.Request("GET", target, headers={"Host": host}, extensions=extensions)


class Local:
    """An async client for the local web: any URL, real Host and SNI."""

    def __init__(self, web: LocalWeb, client: httpx.AsyncClient) -> None:
        self.web = web
        self.client = client

    def request(self, url: str) -> httpx.Request:
        return local_request(self.web, url)

    async def get(self, url: str) -> httpx.Response:
        return await self.client.send(self.request(url))


@pytest.fixture
async def local(local_web: LocalWeb, local_ssl_context: ssl.SSLContext) -> AsyncIterator[Local]:
    async with httpx.AsyncClient(verify=local_ssl_context, timeout=10) as client:
        yield Local(local_web, client)


@pytest.fixture(scope="module")
def tiny_web() -> Iterator[LocalWeb]:
    """A server with only the tests/data manifest, so its counts are this module's."""
    with LocalWeb(example_routes(DATA), latency=0.05) as web:
        yield web


@pytest.fixture
async def tiny(tiny_web: LocalWeb) -> AsyncIterator[Local]:
    context = ssl.create_default_context(cafile=str(tiny_web.ca_path))
    async with httpx.AsyncClient(verify=context, timeout=10) as client:
        yield Local(tiny_web, client)


# -- routes from a manifest -------------------------------------------------------


async def test_manifest_pages_are_served_with_their_headers(tiny: Local) -> None:
    started = time.monotonic()
    response = await tiny.get("https://news.example.test/2024/11/article")
    assert time.monotonic() - started >= 0.05  # latency
    assert response.status_code == 200
    assert response.headers["cache-control"] == "max-age=60"
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert b"evening ferry" in response.content


async def test_manifest_encoding_is_applied(tiny: Local) -> None:
    response = await tiny.get("https://news.example.test/ja/article")
    assert response.headers["content-type"] == "text/html; charset=Shift_JIS"
    assert "市立図書館" in response.content.decode("shift_jis")


async def test_http_route_redirects_and_https_route_is_not_shadowed(tiny: Local) -> None:
    plain = await tiny.get("http://news.example.test/2024/11/article")
    assert plain.status_code == 301
    assert plain.headers["location"] == "https://news.example.test/2024/11/article"
    assert (await tiny.get("https://news.example.test/2024/11/article")).status_code == 200


async def test_query_routes_and_unknown_pages(tiny: Local) -> None:
    assert (await tiny.get("https://news.example.test/search?q=ferry")).status_code == 410
    assert (await tiny.get("https://news.example.test/search")).status_code == 404
    assert (await tiny.get("https://news.example.test/robots.txt")).status_code == 404
    assert (await tiny.get("https://nowhere.test/")).status_code == 404
    assert tiny.web.hits("news.example.test", "/search") == 2
    assert tiny.web.hits("news.example.test", "/search?q=ferry") == 1
    last = tiny.web.requests()[-1]
    assert (last.scheme, last.method, last.host, last.path) == ("https", "GET", "nowhere.test", "/")


async def test_routes_added_at_run_time(tiny: Local) -> None:
    tiny.web.add(Route("https://news.example.test/late", status=202, body=b"late"))
    response = await tiny.get("https://news.example.test/late")
    assert (response.status_code, response.text) == (202, "late")


def test_missing_manifest_means_no_routes(tmp_path: Path) -> None:
    assert example_routes(tmp_path) == []


def test_broken_manifest_is_a_settings_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.toml").write_text('[[page]]\nfile = "a.html"\n')
    with pytest.raises(SettingsError, match="url"):
        example_routes(tmp_path)


# -- TLS --------------------------------------------------------------------------


async def test_certificate_names_the_real_hosts_only(
    local_web: LocalWeb, local_ssl_context: ssl.SSLContext
) -> None:
    # A fresh client: httpx pools by address, so a reused connection would skip the check.
    async with httpx.AsyncClient(verify=local_ssl_context) as client:
        local = Local(local_web, client)
        response = await local.get("https://www.politico.com/localweb-test-no-such-page")
        assert response.status_code == 404
    async with httpx.AsyncClient(verify=local_ssl_context) as client:
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await Local(local_web, client).get("https://not-in-the-certificate.test/")


async def test_hundreds_of_concurrent_tls_connections(
    local_web: LocalWeb, local_ssl_context: ssl.SSLContext
) -> None:
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(verify=local_ssl_context, limits=limits, timeout=30) as client:
        local = Local(local_web, client)
        urls = [f"{F}/slow/headers?delay=0.5&n={n}" for n in range(200)]
        responses = await asyncio.gather(*(local.get(url) for url in urls))
    assert {r.status_code for r in responses} == {200}


# -- failure routes ---------------------------------------------------------------


async def test_flaky_429_counts_per_key(local: Local) -> None:
    url = f"{F}/flaky/429?key=count-test&times=2&retry_after=7"
    statuses = [(await local.get(url)).status_code for _ in range(3)]
    assert statuses == [429, 429, 200]
    assert (await local.get(f"{F}/flaky/429?key=other-key")).status_code == 429
    assert local.web.hits("failures.test", url.removeprefix(F)) == 3


async def test_retry_after_as_http_date(local: Local) -> None:
    first = await local.get(f"{F}/flaky/retry-after-date?key=date-test")
    assert first.status_code == 429
    ahead = parsedate_to_datetime(first.headers["retry-after"]).timestamp() - time.time()
    assert 0 < ahead <= 2
    assert (await local.get(f"{F}/flaky/retry-after-date?key=date-test")).status_code == 200


async def test_redirect_chain_has_three_hops(local: Local) -> None:
    url, hops = f"{F}/redirect/chain", []
    while (response := await local.get(url)).is_redirect:
        hops.append(response.status_code)
        url = F + response.headers["location"]
    assert hops == [301, 302, 307]
    assert url == f"{F}/ok"


async def test_reset_and_malformed_are_transport_errors(local: Local) -> None:
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        await local.get(f"{F}/reset")
    with pytest.raises(httpx.RemoteProtocolError, match="illegal status line"):
        await local.get(f"{F}/malformed")


def test_reset_is_a_tcp_rst(local_web: LocalWeb) -> None:
    with socket.create_connection(("127.0.0.1", local_web.http_port), timeout=5) as sock:
        sock.sendall(b"GET /reset HTTP/1.1\r\nHost: failures.test\r\n\r\n")
        with pytest.raises(ConnectionResetError):
            sock.recv(1024)


async def test_slow_body_stalls_after_the_headers(local: Local) -> None:
    request = local.request(f"{F}/slow/body?delay=5")
    request.extensions["timeout"] = httpx.Timeout(5, read=0.3).as_dict()
    response = await local.client.send(request, stream=True)
    try:
        assert response.status_code == 200
        with pytest.raises(httpx.ReadTimeout):
            await response.aread()
    finally:
        await response.aclose()


async def test_huge_is_streamed_in_chunks(local: Local) -> None:
    response = await local.client.send(local.request(f"{F}/huge?mb=3"), stream=True)
    try:
        assert response.headers["transfer-encoding"] == "chunked"
        size = 0
        async for chunk in response.aiter_raw():
            size += len(chunk)
    finally:
        await response.aclose()
    assert size == 3 * 1024 * 1024


async def test_gzip_bomb_is_small_on_the_wire(local: Local) -> None:
    response = await local.client.send(local.request(f"{F}/gzip-bomb"), stream=True)
    try:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    finally:
        await response.aclose()
    assert response.headers["content-encoding"] == "gzip"
    assert len(raw) < 1024 * 1024
    assert zlib.decompressobj(31).decompress(raw, 4096) == bytes(4096)


async def test_japanese_encodings(local: Local) -> None:
    sjis = await local.get(f"{F}/shift-jis")
    bare = await local.get(f"{F}/shift-jis-no-charset")
    euc = await local.get(f"{F}/euc-jp")
    assert sjis.headers["content-type"] == "text/html; charset=Shift_JIS"
    assert bare.headers["content-type"] == "text/html"
    assert bare.content == sjis.content
    assert b'<meta charset="Shift_JIS">' in sjis.content
    assert "図書館" in sjis.content.decode("shift_jis")
    assert "図書館" in euc.content.decode("euc_jp")
    with pytest.raises(UnicodeDecodeError):
        sjis.content.decode("utf-8")


async def test_robots_host(local: Local) -> None:
    robots = await local.get("https://other.test/robots.txt")
    assert "Disallow: /robots-blocked/" in robots.text
    assert "Crawl-delay: 1" in robots.text
    assert (await local.get("https://failures.test/robots.txt")).status_code == 404


async def test_plain_http_listener_serves_the_same_routes(local: Local) -> None:
    redirect = await local.get(f"{F}/redirect/to-http")
    assert redirect.headers["location"] == "http://failures.test/ok"
    assert (await local.get("http://failures.test/ok")).status_code == 200
    assert local.web.requests()[-1].scheme == "http"


# -- lifecycle, bench, CLI --------------------------------------------------------


async def test_bench_pages() -> None:
    with LocalWeb(bench_hosts=2, bench_pages=3) as web:
        context = ssl.create_default_context(cafile=str(web.ca_path))
        async with httpx.AsyncClient(verify=context) as client:
            local = Local(web, client)
            page = await local.get("https://bench-01.test/page/2")
            missing = [await local.get(u) for u in ("https://bench-01.test/page/3",)]
    assert page.status_code == 200
    assert 7_000 < len(page.content) < 10_000
    assert '"datePublished": "2024-' in page.text
    assert [r.status_code for r in missing] == [404]
    assert len(bench_urls(2, 3)) == 6


@pytest.mark.timeout(30)
def test_stop_does_not_wait_for_endless_streams() -> None:
    web = LocalWeb().start()
    context = ssl.create_default_context(cafile=str(web.ca_path))
    with httpx.Client(verify=context) as client:
        response = client.send(local_request(web, f"{F}/endless"), stream=True)
        web.stop()  # the test's timeout mark catches a stop() that hangs
        response.close()


def test_cli_serves_until_sigterm(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "localweb", "serve", "--state-dir", str(tmp_path)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        ready = tmp_path / "ready.json"
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        state = json.loads(ready.read_text())
        assert state["pid"] == process.pid
        assert Path(state["ca"]).read_text().startswith("-----BEGIN CERTIFICATE-----")
        assert state["connect_to"][0] == f":443:127.0.0.1:{state['port']}"
        assert process.stdout is not None
        assert "--connect-to :443:127.0.0.1:" in process.stdout.readline()
        response = httpx.get(
            f"http://127.0.0.1:{state['http_port']}/ok", headers={"Host": "failures.test"}
        )
        assert response.status_code == 200
    finally:
        os.kill(process.pid, signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        if process.stdout is not None:
            process.stdout.close()
    assert not (tmp_path / "ready.json").exists()
