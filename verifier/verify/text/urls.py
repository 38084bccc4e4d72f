"""What a URL alone says: its host, and whether it is a site's front page."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str | None) -> str:
    """The host of a URL, lower case, without 'www.' (empty when there is no URL)."""
    if not url:
        return ""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def is_home_page(url: str) -> bool:
    """A site's front page: no path beyond '/', no query. Its content changes daily."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query
