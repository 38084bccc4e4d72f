"""Sources that are not web pages: PDF documents, JSON, and media files.

A government report or a court ruling is often a PDF: its text (pypdf) is
what quotes and figures are checked against, and its document information
(title, author, creation date) is what the citation's title and date are
compared with. A JSON answer is read for its strings. An image, a sound or a
video file is a source whose words cannot be read: it is a page with no
text and its kind, so text checks say so (`unverifiable`) instead of "not found".
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from io import BytesIO
from typing import Any

from lxml import etree

from verifier.extract._meta import Moment
from verifier.types import Page

MAX_PDF_PAGES = 300
"""Pages of a PDF read for text: a report's claims are rarely past its first hundreds."""

_JSON_TYPES = frozenset({"application/json", "text/json", "application/ld+json"})
_MEDIA = ("image", "audio", "video")
_JSON_DEPTH = 32
# No entities, no network, no huge trees: a captions file is small and plain.
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def document_page(url: str, body: bytes, mime: str) -> Page | None:
    """The page a non-HTML body makes, or None when it is not one of these kinds."""
    if mime == "application/pdf" or body.startswith(b"%PDF-"):
        return _pdf(url, body)
    if mime in _JSON_TYPES or mime.endswith("+json"):
        return _json(url, body)
    kind = mime.split("/", 1)[0]
    if kind in _MEDIA:
        return Page(url=url, text="", media=f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}")
    return None


def _pdf(url: str, body: bytes) -> Page | None:
    """Text and document information of a PDF; None for one that cannot be read at all."""
    from pypdf import PdfReader  # on first use: most runs read no PDF, and it is slow to load

    try:
        reader = PdfReader(BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            return Page(url=url, text="", media="an encrypted PDF")
        text = "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES])
        info = reader.metadata
        title, author = (info.title, info.author) if info else (None, None)
        created = info.creation_date if info else None
    except Exception:
        return None
    published = _moment(created)
    return Page(
        url=url,
        text=text.strip(),
        title=_clean(title),
        author=_clean(author),
        published=published.day if published else None,
        published_at=published.at if published else None,
        date_source=published.source if published else None,
        media=None,
    )


def _moment(created: datetime | None) -> Moment | None:
    if created is None:
        return None
    aware = created.tzinfo is not None and created.utcoffset() is not None
    return Moment(created.date(), created if aware else None, "pdf CreationDate")


def _json(url: str, body: bytes) -> Page | None:
    """A JSON answer's strings, one per line (its keys say nothing a claim quotes)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return Page(url=url, text="\n".join(_strings(data, _JSON_DEPTH)), charset="utf-8")


def _strings(data: Any, depth: int) -> list[str]:
    if depth <= 0:
        return []
    if isinstance(data, str):
        return [data.strip()] if data.strip() else []
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value, depth - 1)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value, depth - 1)]
    return []


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def transcript_text(body: bytes) -> str | None:
    """The lines of a captions track (YouTube's timedtext: `<text>` in a `<transcript>`, or
    `<p>` in a `<timedtext>` body), one per line; None for anything else."""
    try:
        root = etree.fromstring(body, parser=_XML)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or root.tag not in ("transcript", "timedtext"):
        return None
    lines = (
        " ".join(html.unescape("".join(element.itertext())).split())
        for element in root.iter("text", "p")
    )
    return "\n".join(line for line in lines if line)
