"""A local web for tests, the demo and the benchmark: real HTTPS, no internet.

`LocalWeb` serves canned `Route`s, the built-in failure routes (listed in
`localweb._failures`), generated benchmark pages and a 404 for
everything else, on 127.0.0.1 with a trustme certificate for the real
hostnames. A crawler reaches it with ``--connect-to`` and ``--ca-bundle``;
`localweb.example.example_routes` loads the example issue's pages.
Run it by hand with ``python -m localweb serve --help``.
"""

from __future__ import annotations

from localweb._bench import bench_urls
from localweb._routes import RecordedRequest, Route
from localweb._server import LocalWeb

__all__ = ["LocalWeb", "RecordedRequest", "Route", "bench_urls"]
