"""Main text: trafilatura when it can, the page's visible text when it cannot.

A page must never come back empty just because the extractor found no
"article": a live blog, a Telegram embed or a home page still has text a
quote can be found in. Trafilatura's cost grows with the number of
elements (~80 µs each), with nesting depth and with text length, so a page
past any of the `_MAX_*` limits goes straight to the visible-text path: a
hostile page costs at most a couple of seconds, never minutes.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date

import htmldate
import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document

_MAX_ELEMENTS = 20_000
_MAX_DEPTH = 512
_MAX_TEXT_CHARS = 2_000_000
_INVISIBLE = ("script", "style", "noscript", "template", "nav", "footer", "head")
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# Characters lxml cannot hold in a text node: HTML treats them as parse errors
# and shows nothing, so a space keeps the words on either side apart.
_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"[^\S\n]+")


@dataclass(frozen=True, slots=True)
class MainText:
    text: str
    title: str | None = None
    sitename: str | None = None
    language: str | None = None


def parse_html(html: str) -> HtmlElement | None:
    """lxml tree of the document, or None when there is no document at all."""
    try:
        # lxml refuses str input that still declares a byte encoding
        # huge_tree: a 10 MB text node is still text (the body size is bounded by fetch)
        parser = lxml.html.HTMLParser(huge_tree=True)
        html = _NOT_XML_TEXT.sub(" ", _XML_DECLARATION.sub("", html, count=1))
        return lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


def main_text(tree: HtmlElement, url: str) -> MainText:
    """Trafilatura's main text and metadata, else the visible text."""
    extracted = _trafilatura(tree, url)
    if extracted is not None and extracted.text:
        return extracted
    return MainText(visible_text(tree))


def _trafilatura(tree: HtmlElement, url: str) -> MainText | None:
    if not _within_budget(tree):
        return None
    try:
        document = trafilatura.bare_extraction(
            copy.deepcopy(tree),  # it prunes the tree it is given
            url=url,
            with_metadata=True,
            include_comments=False,
            favor_precision=True,
        )
    except Exception:  # any extractor failure has a fallback: the visible text
        return None
    if not isinstance(document, Document):  # None: nothing found (a dict only if as_dict)
        return None
    return MainText(
        text=(document.text or "").strip(),
        title=document.title or None,
        sitename=document.sitename or None,
        language=document.language or None,
    )


def _within_budget(tree: HtmlElement) -> bool:
    """Small enough for trafilatura to finish quickly (see the module docstring)."""
    elements = depth = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        elements += event == "start"
        if elements > _MAX_ELEMENTS or depth > _MAX_DEPTH:
            return False
    return len(tree.text_content()) <= _MAX_TEXT_CHARS


def visible_text(tree: HtmlElement) -> str:
    """The body's text minus scripts, styles, navigation and footers, one block a line.

    Read in one walk over the tree as it is (no copy to prune: a page of 100,000 elements
    would cost a second tree), an invisible element's text skipped with its subtree, a
    block's end starting a new line."""
    parts: list[str] = []
    hidden = 0  # invisible elements open around the walk's position
    for event, element in lxml.etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            hidden += tag in _INVISIBLE
            if not hidden and tag and element.text:
                parts.append(element.text)
            continue
        hidden -= tag in _INVISIBLE
        if tag in _BLOCKS:
            parts.append("\n")
        if not hidden and element.tail and element is not tree:
            parts.append(element.tail)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def htmldate_day(tree: HtmlElement) -> date | None:
    """htmldate's publication date (day only: it drops the time and zone)."""
    found = htmldate.find_date(copy.deepcopy(tree), original_date=True, extensive_search=False)
    return date.fromisoformat(found) if found else None
