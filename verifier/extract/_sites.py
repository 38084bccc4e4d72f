"""Sites whose pages hold their content in the site's own markup: Telegram, YouTube.

The generic path (trafilatura, Open Graph, JSON-LD) gets these wrong in ways
that matter to a verifier. A Telegram post's widget keeps the text in markup
that trafilatura drops and the time only in a `<time>` element; a deleted
post is a page that still answers 200 and says "Post not found". A YouTube
watch page's text is the uploader's description, not what is said in the
video, and a removed or private video is also a 200 page, which only the
player's status reveals.

`read_site` returns what such a page says in those terms (`SiteRead`), which
the extractor lays over the generic reading; None for any other page.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from lxml.html import HtmlElement

from verifier.extract._meta import Moment, parse_moment
from verifier.vocabulary import TELEGRAM_HOSTS

_YOUTUBE_HOSTS = frozenset({"www.youtube.com", "youtube.com", "m.youtube.com"})
_VIDEO_PATH = re.compile(r"^/(?:watch/?$|shorts/|live/|embed/)")
_PLAYER_RESPONSE = re.compile(r"ytInitialPlayerResponse\s*=\s*(?=\{)")
# Player states that mean the video is not there for anyone, and the ones that only keep
# this visitor out (a sign-in wall for age, a bot check, a country block): a later check or
# another visitor may see it, so those are `blocked`, never `dead`.
_GONE_STATES = frozenset({"ERROR"})
_PRIVATE = re.compile(r"\bprivate\b|removed|terminated|no longer available", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SiteRead:
    """A page as its site means it: text, who posted it and when, and whether it is there."""

    text: str
    title: str | None = None
    author: str | None = None
    published: Moment | None = None
    gone: str | None = None
    walled: str | None = None
    media: str | None = None
    text_url: str | None = None
    meta_url: str | None = None


def read_site(url: str, tree: HtmlElement) -> SiteRead | None:
    """The site's own reading of the page at `url`, or None for a page of no known site."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in TELEGRAM_HOSTS and "embed" in parse_qs(parts.query):
        return _telegram(tree)
    if host in _YOUTUBE_HOSTS and _VIDEO_PATH.match(parts.path):
        return _youtube(tree, url)
    return None


def _telegram(tree: HtmlElement) -> SiteRead:
    """A post's embed widget: `.tgme_widget_message_text`, the owner's name, `<time>`."""
    error = _first(tree, "tgme_widget_message_error")
    if error is not None:
        said = " ".join(error.text_content().split()) or "the post is not available"
        return SiteRead("", gone=f"Telegram says {said!r}: the post was deleted or is private")
    message = next(
        (
            element
            for element in _all(tree, "tgme_widget_message_text")
            if not element.xpath("ancestor::*[contains(@class, 'tgme_widget_message_reply')]")
        ),
        None,
    )
    owner = _first(tree, "tgme_widget_message_owner_name")
    author = " ".join(owner.text_content().split()) if owner is not None else None
    stamp = tree.xpath(
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' tgme_widget_message_date ')]"
        "//time[@datetime]/@datetime"
    )
    published = parse_moment(str(stamp[0]), "telegram post time") if stamp else None
    text = _text_with_breaks(message) if message is not None else ""
    return SiteRead(text, title=author, author=author, published=published)


def _youtube(tree: HtmlElement, url: str) -> SiteRead:
    """A watch page, read through the player's own data (`ytInitialPlayerResponse`); a page
    without it (a consent wall) names its oEmbed endpoint for the title and channel."""
    player = _player_response(tree)
    if player is None:
        oembed = f"https://www.youtube.com/oembed?url={quote(url, safe='')}&format=json"
        return SiteRead("", media="a video", meta_url=oembed)
    status = _dig(player, "playabilityStatus") or {}
    state, reason = str(status.get("status", "")), str(status.get("reason", "")).strip()
    if state in _GONE_STATES or (state and state != "OK" and _PRIVATE.search(reason)):
        return SiteRead("", gone=f"YouTube says {reason or state!r}: the video is not there")
    if state and state != "OK":
        return SiteRead("", walled=f"YouTube shows {reason or state!r} instead of the video")
    details = _dig(player, "videoDetails") or {}
    micro = _dig(player, "microformat", "playerMicroformatRenderer") or {}
    published = next(
        (
            moment
            for key in ("publishDate", "uploadDate")
            if (moment := parse_moment(_text(micro.get(key)), f"youtube {key}")) is not None
        ),
        None,
    )
    return SiteRead(
        _text(details.get("shortDescription")) or "",
        title=_text(details.get("title")),
        author=_text(details.get("author")) or _text(micro.get("ownerChannelName")),
        published=published,
        media="a video",
        text_url=_captions_url(player),
    )


def _captions_url(player: dict[str, Any]) -> str | None:
    """The captions track a quote is checked against: one a person wrote before one a speech
    recogniser made (`kind: asr`), in the order the player lists them."""
    listing = _dig(player, "captions", "playerCaptionsTracklistRenderer") or {}
    tracks = [t for t in listing.get("captionTracks", []) if isinstance(t, dict)]
    tracks.sort(key=lambda track: track.get("kind") == "asr")
    return next((url for track in tracks if (url := _text(track.get("baseUrl")))), None)


def _player_response(tree: HtmlElement) -> dict[str, Any] | None:
    decoder = json.JSONDecoder()
    for script in tree.iter("script"):
        source = script.text or ""
        found = _PLAYER_RESPONSE.search(source)
        if found is None:
            continue
        try:
            data, _ = decoder.raw_decode(source, found.end())
        except ValueError:
            return None
        return data if isinstance(data, dict) else None
    return None


def _dig(data: dict[str, Any], *keys: str) -> dict[str, Any] | None:
    for key in keys:
        value = data.get(key)
        if not isinstance(value, dict):
            return None
        data = value
    return data


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _all(tree: HtmlElement, css_class: str) -> list[HtmlElement]:
    found: list[HtmlElement] = tree.xpath(
        f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]"
    )
    return found


def _first(tree: HtmlElement, css_class: str) -> HtmlElement | None:
    found = _all(tree, css_class)
    return found[0] if found else None


def _text_with_breaks(element: HtmlElement) -> str:
    """The element's text, a `<br>` a line break (a post's lines are its sentences)."""
    copy = deepcopy(element)
    for br in copy.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = copy.text_content().splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())
