"""Where a site shows a cited page's content, and what it serves for a page it does not have.

A Telegram post's own page (`t.me/<channel>/<id>`) carries the text in its
Open Graph tags at best, and no date; its embed widget (`?embed=1`), which
Telegram serves for exactly this, has the text, the author and the time. The
crawler fetches the widget in the post's place and records the step as a hop
(`via="reading-view"`), so the report shows what was read; the link status
stays the post's own.

Some sites answer every path with a 200 (a "soft 404"). Their answer to a
path that cannot exist (`probe_url`), fetched once per site and run, shows
what they serve for a missing page; a cited page that is that page is no page.
"""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

from verifier.vocabulary import TELEGRAM_HOSTS

# `/<channel>/<id>` and the channel preview's `/s/<channel>/<id>`; channel names are 4-32
# letters, digits and underscores (Telegram's own rule for public usernames).
_TELEGRAM_POST = re.compile(r"^/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,31})/(\d+)/?$")


def reading_url(url: str) -> str | None:
    """The URL to fetch instead of `url`, or None to fetch `url` itself."""
    parts = urlsplit(url)
    post = _TELEGRAM_POST.match(parts.path)
    if (parts.hostname or "").lower() in TELEGRAM_HOSTS and post:
        channel, number = post.groups()
        return f"https://t.me/{channel}/{number}?embed=1&mode=tme"
    return None


PROBE_PATH = "/verifier-probe-7c1e0b5d/no-such-page"
"""A path no site has: what a site answers for it is what it serves for any missing page."""


def probe_url(url: str) -> str:
    """The made-up address on `url`'s site (same scheme and host) that shows its missing page."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{PROBE_PATH}"


# The language a site of a country's domain most likely writes in, asked for first, with
# English after it: a site that negotiates serves its own edition, not a guess from the
# crawler's defaults (`_http.ACCEPT_LANGUAGE` for every other site).
_COUNTRY_LANGUAGES = {
    "jp": "ja, en;q=0.8",
    "ua": "uk, en;q=0.8, ru;q=0.5",
    "ru": "ru, en;q=0.8",
    "by": "ru, be;q=0.9, en;q=0.8",
    "kz": "ru, kk;q=0.9, en;q=0.8",
    "de": "de, en;q=0.8",
    "fr": "fr, en;q=0.8",
}


def accept_language(url: str) -> str | None:
    """The `Accept-Language` for `url`'s site, or None for the crawler's default."""
    host = (urlsplit(url).hostname or "").lower()
    return _COUNTRY_LANGUAGES.get(host.rsplit(".", 1)[-1])


def untracked_url(url: str) -> str | None:
    """`url` without its tracking parameters (`utm_*`, `fbclid`, `gclid`, ...; courlan's list),
    or None when it has none: the same article, asked for as its site publishes it."""
    parts = urlsplit(url)
    if not parts.query:
        return None  # nothing to drop: most URLs, answered without courlan's normalising
    try:
        kept = {key for key, _ in parse_qsl(urlsplit(normalize_url(url)).query)}
    except ValueError:
        return None
    asked = parse_qsl(parts.query, keep_blank_values=True)
    # only what courlan drops as tracking; the rest stays as written, in its order
    tracking = {key for key, value in asked if value and key not in kept}
    if not tracking:
        return None
    query = urlencode([(key, value) for key, value in asked if key not in tracking])
    return urlunsplit(parts._replace(query=query, fragment=""))


WAYBACK_AVAILABLE = "https://archive.org/wayback/available"
"""The Internet Archive's availability API: the snapshot of a URL closest to a date."""


def is_lookup(url: str) -> bool:
    """Whether `url` asks a lookup service (the Internet Archive's availability API), not a
    cited page: best effort, asked once (a lookup that fails only means no replacement to
    suggest; retrying it would hold a link-rot run up for seconds)."""
    return url.startswith(WAYBACK_AVAILABLE)


def wayback_lookup_url(url: str, day: date | None) -> str:
    """The availability query for `url`'s snapshot closest to `day` (the date it was cited)."""
    query = urlencode({"url": url, **({"timestamp": day.strftime("%Y%m%d")} if day else {})})
    return f"{WAYBACK_AVAILABLE}?{query}"


def wayback_closest(body: bytes | None) -> tuple[str, str] | None:
    """The closest available snapshot in an availability API answer: (url, timestamp); None
    for no snapshot, or an answer that is not the API's JSON."""
    try:
        data = json.loads(body) if body else None
    except ValueError:
        return None
    found = data.get("archived_snapshots") if isinstance(data, dict) else None
    closest = found.get("closest") if isinstance(found, dict) else None
    if not isinstance(closest, dict) or not closest.get("available") or not closest.get("url"):
        return None
    return str(closest["url"]), str(closest.get("timestamp", ""))
