"""Where a response sends us next: a 3xx ``Location`` or an HTML meta refresh.

Redirects are followed by hand so that every hop is recorded, checked by
the guard and robots.txt, and counted. A meta refresh counts as a redirect
only when it is quick (at most `META_REFRESH_MAX_DELAY` seconds, as a
browser user would experience it) and sits in the head of the page.
"""

from __future__ import annotations

import re

import httpx

from verifier.fetch._http import Exchange

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
META_REFRESH_MAX_DELAY = 5.0
META_REFRESH_WINDOW = 16 * 1024

_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_REFRESH = re.compile(rb"""http-equiv\s*=\s*["']?\s*refresh\b""", re.IGNORECASE)
_CONTENT = re.compile(rb"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_DELAY_URL = re.compile(
    r"""^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?["']?([^"']*)["']?)?\s*$""",
    re.IGNORECASE,
)


def next_hop(response: Exchange) -> tuple[str, str] | None:
    """The absolute URL the response points to and how (`http`/`meta-refresh`)."""
    if response.status_code in REDIRECT_STATUSES:
        location = response.header("location")
        return (resolve(response.url, location), "http") if location else None
    if response.status_code == 200 and _is_html(response):
        target = meta_refresh_target(response.body[:META_REFRESH_WINDOW], _charset(response))
        if target:
            return resolve(response.url, target), "meta-refresh"
    return None


def meta_refresh_target(html: bytes, charset: str = "utf-8") -> str | None:
    """The URL of a quick ``<meta http-equiv="refresh">``, if the page has one."""
    for tag in _META.finditer(html):
        if not _REFRESH.search(tag.group()):
            continue
        content = _CONTENT.search(tag.group())
        if content is None:
            continue
        raw = next(g for g in content.groups() if g is not None)
        match = _DELAY_URL.match(raw.decode(charset, errors="replace"))
        if match and match.group(2) and float(match.group(1)) <= META_REFRESH_MAX_DELAY:
            return match.group(2).strip()
    return None


def resolve(base: str, location: str) -> str:
    """`location` (often relative) made absolute against `base`."""
    return str(httpx.URL(base).join(location.strip()))


def _is_html(response: Exchange) -> bool:
    content_type = (response.header("content-type") or "").lower()
    return "html" in content_type


def _charset(response: Exchange) -> str:
    content_type = response.header("content-type") or ""
    match = re.search(r"charset=\s*\"?([\w.:-]+)", content_type, re.IGNORECASE)
    if match:
        try:
            "".encode(match.group(1))
        except LookupError:
            return "utf-8"
        return match.group(1)
    return "utf-8"
