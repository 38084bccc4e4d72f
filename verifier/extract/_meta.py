"""Metadata a publisher states about its own page: JSON-LD, meta tags, <time>.

Structured data beats heuristics: a JSON-LD ``datePublished`` keeps the time
and zone (a US evening is already the next day in Japan), which date
guessers drop. Every date carries the name of the place it came from, so a
report can say why it believes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from lxml.html import HtmlElement

_JSONLD_DEPTH = 12
_ARTICLE_WORDS = ("Article", "BlogPosting", "VideoObject", "SocialMediaPosting", "Report")
_PUBLISHED_KEYS = ("datePublished", "uploadDate")


@dataclass(frozen=True, slots=True)
class Moment:
    """A date as published, with the exact time and zone when the page gives them."""

    day: date
    at: datetime | None
    source: str


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None
    publisher: str | None
    published: Moment | None
    modified: date | None
    language: str | None
    paywalled: bool
    description: str | None = None


def read_metadata(tree: HtmlElement) -> Metadata:
    """Everything the page declares about itself (no text heuristics)."""
    everything = list(_jsonld_objects(tree))
    objects = _ranked(everything)
    meta = _meta_tags(tree)
    modified = _first_moment(
        [("json-ld dateModified", _str(o.get("dateModified"))) for o in objects]
        + [("meta article:modified_time", meta.get("article:modified_time"))]
    )
    return Metadata(
        title=_first(
            meta.get("og:title"),
            *(_str(o.get("headline")) for o in objects),
            tree.findtext(".//title"),
        ),
        publisher=_first(meta.get("og:site_name"), *(_publisher_name(o) for o in objects)),
        published=_published(tree, objects, meta),
        modified=modified.day if modified else None,
        language=_first(
            tree.get("lang"),
            (meta.get("og:locale") or "").replace("_", "-"),
            *(_str(o.get("inLanguage")) for o in objects),
        ),
        paywalled=any(_is_not_free(o.get("isAccessibleForFree")) for o in everything),
        description=_first(meta.get("og:description"), meta.get("description")),
    )


def parse_moment(text: str | None, source: str) -> Moment | None:
    """ISO 8601 (or RFC 2822) to a Moment; `at` only when the zone is known."""
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    aware = parsed.tzinfo is not None and parsed.utcoffset() is not None
    return Moment(parsed.date(), parsed if aware else None, source)


def _published(
    tree: HtmlElement, objects: list[dict[str, Any]], meta: dict[str, str]
) -> Moment | None:
    candidates = [
        (f"json-ld {key}", _str(obj.get(key))) for obj in objects for key in _PUBLISHED_KEYS
    ]
    candidates.append(("meta article:published_time", meta.get("article:published_time")))
    for prop in _PUBLISHED_KEYS:
        for element in tree.xpath(f'//*[@itemprop="{prop}"]'):
            value = element.get("content") or element.get("datetime") or element.text_content()
            candidates.append((f"itemprop {prop}", value))
    for element in tree.xpath("//article//time[@datetime]"):
        candidates.append(("article time datetime", element.get("datetime")))
    return _first_moment(candidates)


def _first_moment(candidates: list[tuple[str, str | None]]) -> Moment | None:
    for source, text in candidates:
        moment = parse_moment(text, source)
        if moment:
            return moment
    return None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """property/name -> content, first occurrence wins (lowercased keys)."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key, content.strip())
    return found


def _jsonld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        yield from _walk(data, _JSONLD_DEPTH)


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Every object at any depth (@graph, lists, mainEntity, hasPart), bounded."""
    if depth <= 0:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth - 1)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value, depth - 1)


def _ranked(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Articles (and videos, posts) first, then web pages; other types say nothing."""

    def rank(obj: dict[str, Any]) -> int:
        types = obj.get("@type")
        names = " ".join(types) if isinstance(types, list) else str(types)
        if any(word in names for word in _ARTICLE_WORDS):
            return 0
        return 1 if "WebPage" in names else 2

    return [
        obj
        for obj in sorted(objects, key=rank)
        if rank(obj) < 2 or "hasPart" in obj or "isAccessibleForFree" in obj
    ]


def _publisher_name(obj: dict[str, Any]) -> str | None:
    publisher = obj.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        return _str(publisher.get("name"))
    return _str(publisher)


def _is_not_free(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _first(*values: str | None) -> str | None:
    return next((v.strip() for v in values if v and v.strip()), None)
