"""Extract: a snapshot's body -> `Page` (main text and metadata).

Only this package imports trafilatura, htmldate and pypdf. What the publisher
declares (JSON-LD, Open Graph, ``article:`` meta, ``<html lang>``) wins over
what an extractor infers; trafilatura fills the gaps and supplies the main
text; htmldate is the last resort for a date. Titles are kept as published
(site suffix included): trimming them is verification's business.

`EXTRACTOR_VERSION` is part of the archive's page-cache key: bump the
suffix whenever this package's output changes for the same body.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import trafilatura
from lxml.html import HtmlElement

from verifier.extract._charset import decode_html
from verifier.extract._documents import document_page, transcript_text
from verifier.extract._language import guess_language
from verifier.extract._meta import Metadata, Moment, read_metadata
from verifier.extract._sites import SiteRead, read_site
from verifier.extract._text import MainText, htmldate_day, main_text, parse_html, visible_text
from verifier.types import Page

EXTRACTOR_VERSION = f"trafilatura-{trafilatura.__version__}/7"
MAX_READ_BYTES = 4 * 1024 * 1024
"""Bytes of an HTML or text body read, at most (the fetch keeps up to 10 MiB): a page's text
stands in its first megabytes, and a parsed tree costs ten times its bytes, so a 60 MB page
is read as its first 4 MiB and a run stays within a few hundred MB whatever it cites."""
MAX_TEXT_CHARS = 300_000
"""Characters of a page's text kept, at most (some 50,000 words: a long report; an article has
a few thousand): every check reads the text whole (normalised, with an offset per
character), so a page of millions of characters would cost a run gigabytes."""
SIGNALS_VERSION = "signals/1"
"""The page-cache key of a link-rot reading (`extract_page(signals=True)`)."""

__all__ = [
    "EXTRACTOR_VERSION",
    "MAX_READ_BYTES",
    "MAX_TEXT_CHARS",
    "SIGNALS_VERSION",
    "decode_html",
    "extract_page",
    "with_oembed",
    "with_words",
]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SNIFF_BYTES = 1024
# The WHATWG MIME-sniffing tags that make an untyped body HTML.
_HTML_START = re.compile(
    rb"\s*<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    rb"|!--)[\s>]",
    re.IGNORECASE,
)
_HTML_ANYWHERE = re.compile(rb"<(!doctype html|html)[\s>]", re.IGNORECASE)


def extract_page(
    url: str, body: bytes, content_type: str | None, *, signals: bool = False
) -> Page | None:
    """The page's text and metadata; None for an empty body or one of no known kind.

    `signals`: what a link-rot check reads (title, dates, language, the walls and missing-page
    notices, a site's own reading, and the visible text) without trafilatura's main-text
    extraction, which is most of a page's reading time (about 7 ms of 8): `verifier links`
    judges links, not claims.
    """
    mime = (content_type or "").split(";")[0].strip().lower()
    document = document_page(url, body, mime) if body.strip() else None
    if document is not None:
        return document
    kind = _kind(body, content_type)
    if kind is None:
        return None
    text, charset = decode_html(body[:MAX_READ_BYTES], content_type)
    if kind == "text":
        plain = text.strip()[:MAX_TEXT_CHARS]
        return Page(url=url, text=plain, charset=charset) if plain else None
    tree = parse_html(text)
    if tree is None:
        return None
    main = MainText(visible_text(tree)) if signals else main_text(tree, url)
    page = _page(url, read_metadata(tree), main, charset, tree)
    site = read_site(url, tree)
    page = page if site is None else _as_site_reads(page, site)
    return replace(page, text=page.text[:MAX_TEXT_CHARS])


def _as_site_reads(page: Page, site: SiteRead) -> Page:
    """The generic reading with what the site's own markup says laid over it."""
    published = site.published
    return replace(
        page,
        text=site.text,
        title=site.title or page.title,
        author=site.author,
        published=published.day if published else page.published,
        published_at=published.at if published else page.published_at,
        date_source=published.source if published else page.date_source,
        gone=site.gone,
        walled=site.walled,
        media=site.media,
        text_url=site.text_url,
        meta_url=site.meta_url,
    )


def _page(url: str, meta: Metadata, main: MainText, charset: str, tree: HtmlElement) -> Page:
    published = meta.published or _htmldate(tree)
    return Page(
        url=url,
        text=_with_description(main.text, meta.description),
        title=meta.title or main.title,
        publisher=meta.publisher or main.sitename,
        published=published.day if published else None,
        published_at=published.at if published else None,
        date_source=published.source if published else None,
        modified=meta.modified,
        language=meta.language or main.language or guess_language(main.text),
        paywalled=meta.paywalled,
        charset=charset,
    )


def _with_description(text: str, description: str | None) -> str:
    """The page's own summary is its text too, when the extractor left it out.

    A Telegram post lives in the widget markup that trafilatura drops and in
    og:description; an article's summary usually repeats its lead and adds
    nothing here.
    """
    summary = " ".join((description or "").split())
    if not summary or summary in " ".join(text.split()):
        return text
    return f"{text}\n\n{summary}" if text else summary


def _htmldate(tree: HtmlElement) -> Moment | None:
    day = htmldate_day(tree)
    return Moment(day, None, "htmldate") if day else None


def _kind(body: bytes, content_type: str | None) -> str | None:
    """'html', 'text' or None, from the declared type, sniffing only when it is vague."""
    if not body.strip():
        return None
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in _HTML_TYPES:
        return "html"
    if mime.startswith("text/"):
        return "text"
    if mime not in ("", "application/octet-stream"):
        return None
    head = body[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    if _HTML_START.match(head) or _HTML_ANYWHERE.search(head):
        return "html"
    return "text" if not mime and b"\x00" not in body[:8192] and _is_text(body) else None


def _is_text(body: bytes) -> bool:
    text, _ = decode_html(body[:8192], None)
    printable = sum(char.isprintable() or char.isspace() for char in text)
    return "\ufffd" not in text and printable >= 0.95 * len(text)


def with_words(page: Page, body: bytes) -> Page:
    """`page` (a video) with the words of its captions track as its text, which quotes are then
    checked against; the page unchanged when the track holds no captions."""
    words = transcript_text(body)
    if not words:
        return page
    return replace(page, text=words, media=None)


def with_oembed(page: Page, body: bytes) -> Page:
    """`page` with the title and author its oEmbed answer gives (asked for only when the page
    itself said nothing of its video: a consent wall's title is no video's)."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return page
    if not isinstance(data, dict):
        return page
    title, author = data.get("title"), data.get("author_name")
    return replace(
        page,
        title=title if isinstance(title, str) else page.title,
        author=author if isinstance(author, str) else page.author,
    )
