"""The example issue's sources as routes, from ``pages/manifest.toml``.

Each ``[[page]]`` table becomes one `Route`::

    [[page]]
    url = "https://www.politico.com/news/2024/11/06/example"   # required
    file = "politico/example.html"    # relative to pages/, UTF-8 text
    status = 200                      # default 200 (301 with `redirect`)
    content_type = "text/html; charset=utf-8"   # the default
    encoding = "shift_jis"            # serve the text in this charset
    redirect = "https://..."          # answer with this Location
    headers = { "Cache-Control" = "no-store" }

A missing manifest means no example pages (the package can run without
them); a broken one is a `SettingsError`, because serving half a site
would make the demo wrong in confusing ways.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from localweb._routes import HTML, Route
from verifier.errors import SettingsError

PAGES_DIR = Path(__file__).parent / "pages"


def example_routes(pages_dir: Path = PAGES_DIR) -> list[Route]:
    """One route per ``[[page]]`` of ``pages_dir/manifest.toml``; [] without a manifest."""
    manifest = pages_dir / "manifest.toml"
    if not manifest.is_file():
        return []
    try:
        pages = tomllib.loads(manifest.read_text(encoding="utf-8")).get("page", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{manifest}: {exc}") from exc
    return [_route(pages_dir, manifest, page) for page in pages]


def pages_routes(dirs: Iterable[Path]) -> list[Route]:
    """The routes of several page folders (each with its manifest.toml); a URL two folders
    serve is served from the first."""
    routes: dict[str, Route] = {}
    for folder in dirs:
        for route in example_routes(folder):
            routes.setdefault(route.url, route)
    return list(routes.values())


def _route(pages_dir: Path, manifest: Path, page: dict[str, Any]) -> Route:
    where = f"{manifest}: page {page.get('url', '(no url)')!r}"
    try:
        url: str = page["url"]
        redirect: str | None = page.get("redirect")
        status = int(page.get("status", 301 if redirect else 200))
        headers = [("Content-Type", str(page.get("content_type", HTML)))]
        headers += [(str(k), str(v)) for k, v in page.get("headers", {}).items()]
        if redirect:
            headers.append(("Location", redirect))
        body = _body(pages_dir, page)
    except (KeyError, TypeError, ValueError, AttributeError, OSError, LookupError) as exc:
        raise SettingsError(f"{where}: {exc!r}") from exc
    return Route(url=url, status=status, body=body, headers=tuple(headers))


def _body(pages_dir: Path, page: dict[str, Any]) -> bytes:
    """The file's text, re-encoded in the page's `encoding` (UTF-8 by default)."""
    file = page.get("file")
    if file is None:
        return b""
    text = (pages_dir / str(file)).read_text(encoding="utf-8")
    return text.encode(str(page.get("encoding", "utf-8")))
