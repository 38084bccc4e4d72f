"""Routes, recorded requests and the table that matches one to a request.

A route is addressed by a full URL so a test reads like the page it fakes,
but it is matched on host and path only (plus the query string when the
route has one): the same table serves the HTTPS and the plain-HTTP
listener. When an ``http://`` and an ``https://`` route share a host and
path, each listener prefers the one of its own scheme, so an
``http://x/a -> https://x/a`` redirect route does not shadow its target.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Route:
    """One canned response. Without a Content-Type header, HTML in UTF-8 is assumed."""

    url: str
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def host(self) -> str:
        return normalise_host(urlsplit(self.url).hostname or "")

    def response_headers(self) -> list[tuple[str, str]]:
        """The route's headers, plus a default Content-Type when it names none."""
        if any(name.lower() == "content-type" for name, _ in self.headers):
            return list(self.headers)
        return [("Content-Type", HTML), *self.headers]


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """A request as the server saw it; `path` includes the query string."""

    scheme: str
    method: str
    host: str
    path: str
    headers: tuple[tuple[str, str], ...]
    at: float = field(default_factory=time.monotonic)  # when it arrived (monotonic seconds)


def normalise_host(host: str) -> str:
    """Lower-case, drop a port and a trailing dot: ``WWW.X.com.:443`` -> ``www.x.com``."""
    host = host.strip().lower()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


@dataclass(frozen=True, slots=True)
class _Key:
    scheme: str
    host: str
    path: str
    query: str | None


def _key(url: str) -> _Key:
    parts = urlsplit(url)
    return _Key(
        parts.scheme.lower() or "https",
        normalise_host(parts.netloc),
        parts.path or "/",
        _query(parts.query),
    )


def _query(query: str) -> str | None:
    """A query as its decoded pairs: clients escape the same URL differently (`%3A` or `:`
    inside a parameter), and a server reads the pairs, not the bytes."""
    return urlencode(parse_qsl(query, keep_blank_values=True)) if query else None


class RouteTable:
    """Routes by (scheme, host, path, query); safe to change from another thread."""

    def __init__(self, routes: Iterable[Route] = ()) -> None:
        self._lock = threading.Lock()
        self._routes: dict[_Key, Route] = {}
        for route in routes:
            self.add(route)

    def add(self, route: Route) -> None:
        """Add a route, replacing any route with the same URL."""
        with self._lock:
            self._routes[_key(route.url)] = route

    def hosts(self) -> set[str]:
        with self._lock:
            return {key.host for key in self._routes}

    def find(self, scheme: str, host: str, path: str, query: str) -> Route | None:
        """Best route: exact query before none, own scheme before the other."""
        other = "http" if scheme == "https" else "https"
        queries: tuple[str | None, ...] = (_query(query), None) if query else (None,)
        candidates = [_Key(s, host, path, q) for q in queries for s in (scheme, other)]
        with self._lock:
            for key in candidates:
                route = self._routes.get(key)
                if route is not None:
                    return route
        return None


class RequestLog:
    """Every request the server received, readable from the test thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def all(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def hits(self, host: str, path: str) -> int:
        """Requests for `host` and `path`; a `path` with ``?`` must match the query too."""
        host = normalise_host(host)
        with_query = "?" in path
        return sum(
            1
            for r in self.all()
            if r.host == host and (r.path if with_query else r.path.split("?", 1)[0]) == path
        )
