"""Markdown and HTML issues turned into numbered lines, links kept.

Both become the `Line`s the plain-text parser reads, each numbered with the
source line where its text starts, so a Markdown or HTML issue gives the same
citations as its plain-text twin. Markup is read by real parsers
(markdown-it-py, lxml), never by regexes over tags. Only absolute http(s)
links count: a relative link points into the newsletter's own site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import lxml.html
from lxml.etree import ParserError
from lxml.html import HtmlElement
from markdown_it import MarkdownIt
from markdown_it.token import Token

from verifier.parse.lines import Anchor, Line

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = _HEADINGS | {
    *("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr"),
    *("table", "tr", "td", "th", "figure", "figcaption", "address"),
    *("section", "article", "header", "footer", "main", "nav", "aside"),
}
_SKIPPED = frozenset({"head", "script", "style", "template", "noscript"})
_BREAKS = frozenset({"softbreak", "hardbreak"})


# Where a link's words open and close while a line is built: private-use characters no
# issue holds, removed (and turned into `Anchor` offsets) when the line is emitted.
_OPEN, _CLOSE = "\ue000", "\ue001"
_LINK_MARKS = re.compile(f"[{_OPEN}{_CLOSE}]")


def _absolute(href: str | None) -> str | None:
    href = (href or "").strip()
    return href if href.startswith(("http://", "https://")) else None


@dataclass(slots=True)
class _LineBuilder:
    """Collects the text and links of one visual line, then emits it."""

    lines: list[Line] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    open_links: int = 0
    start: int | None = None
    heading: bool = False
    new_block: bool = True
    quoted: int = 0  # blockquotes open around the pending line

    def text(self, text: str, line: int) -> None:
        text = text.replace(_OPEN, "").replace(_CLOSE, "")
        if self.start is None and text.strip():
            self.start = line + text[: len(text) - len(text.lstrip())].count("\n")
        self.parts.append(text)

    def link(self, href: str | None, line: int) -> bool:
        """Open a link; False (and nothing opened) when it leads nowhere a reader can go."""
        url = _absolute(href)
        if url:
            self.start = line if self.start is None else self.start
            self.links.append(url)
            self.parts.append(_OPEN)
            self.open_links += 1
        return url is not None

    def link_end(self) -> None:
        if self.open_links:
            self.parts.append(_CLOSE)
            self.open_links -= 1

    def flush(self, *, end_block: bool = False) -> None:
        """Emit the pending line; `end_block` makes the next line open a paragraph. A link
        still open ends with the line."""
        marked = " ".join("".join(self.parts).split()) + _CLOSE * self.open_links
        text, anchors = _anchored(marked, self.links)
        if self.start is not None and (text or anchors):
            line = Line(self.start, text, anchors, self.heading, self.new_block, self.quoted > 0)
            self.lines.append(line)
            self.new_block = False
        self.parts, self.links, self.start, self.heading = [], [], None, False
        self.open_links = 0
        self.new_block = self.new_block or end_block


def _anchored(marked: str, urls: list[str]) -> tuple[str, tuple[Anchor, ...]]:
    """The text without link marks, and each link with the span of its words there."""
    pieces: list[str] = []
    length = 0
    opened: list[tuple[str, int]] = []
    spans: list[tuple[str, int, int]] = []
    pending = iter(urls)
    last = 0
    for mark in _LINK_MARKS.finditer(marked):
        piece = marked[last : mark.start()]
        pieces.append(piece)
        length += len(piece)
        last = mark.end()
        if mark.group() == _OPEN:
            opened.append((next(pending), length))
        elif opened:
            url, start = opened.pop()
            spans.append((url, start, length))
    pieces.append(marked[last:])
    text = "".join(pieces)
    anchors = (_stripped(url, text, start, end) for url, start, end in spans)
    return text, tuple(sorted(anchors, key=lambda anchor: anchor.start))


def _stripped(url: str, text: str, start: int, end: int) -> Anchor:
    """An anchor over `text[start:end]`, its edges off the spaces around the words."""
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return Anchor(url, start, end)


# --- Markdown ---------------------------------------------------------------


def markdown_lines(text: str) -> list[Line]:
    """One line per source line of every paragraph, heading and list item."""
    builder = _LineBuilder()
    heading = False
    for token in MarkdownIt("commonmark").parse(text):
        if token.type in ("heading_open", "heading_close"):
            heading = token.type == "heading_open"
        elif token.type in ("blockquote_open", "blockquote_close"):
            builder.quoted += 1 if token.type == "blockquote_open" else -1
        elif token.type == "inline" and token.map:
            _inline(builder, token.children or [], token.map[0] + 1, heading)
        elif token.type in ("fence", "code_block") and token.map:
            for offset, line in enumerate(token.content.split("\n")):
                builder.text(line, token.map[0] + 1 + offset + (token.type == "fence"))
                builder.flush()
            builder.flush(end_block=True)
    return builder.lines


def _inline(builder: _LineBuilder, children: Iterable[Token], line: int, heading: bool) -> None:
    """Emit the visual lines of one inline token, a new line at every break."""
    builder.heading = heading
    opened: list[bool] = []  # whether each link open now was kept (an absolute URL)
    for child in children:
        if child.type in _BREAKS:
            builder.flush()
            builder.heading = heading
            line += 1
        elif child.type == "link_open":
            opened.append(builder.link(str(child.attrs.get("href", "")), line))
        elif child.type == "link_close" and opened:
            if opened.pop():
                builder.link_end()
        elif child.type in ("text", "code_inline"):
            builder.text(child.content, line)
    builder.flush(end_block=True)


# --- HTML -------------------------------------------------------------------


def html_lines(text: str) -> list[Line]:
    """One line per block element or ``<br>``, numbered where its text starts."""
    try:
        document = lxml.html.document_fromstring(text)
    except ParserError:  # lxml's way of saying the document holds no element
        return []
    builder = _LineBuilder()
    body = document.find("body")
    _walk(builder, document if body is None else body, 1)
    builder.flush()
    return builder.lines


def _walk(builder: _LineBuilder, element: HtmlElement, line: int) -> int:
    """Add `element` and its tail; return the source line reached after it.

    lxml knows the line of each start tag; newlines inside text advance the
    count, which places every tail on the right line as long as tags
    themselves do not span lines.
    """
    tag = element.tag if isinstance(element.tag, str) else ""
    line = element.sourceline or line
    if tag and tag not in _SKIPPED and not _hidden(element):
        line = _contents(builder, element, tag, line)
    tail = element.tail or ""
    builder.text(tail, line)
    return line + tail.count("\n")


# Inline styles that hide an element from the reader: how e-mails hide their preheader (the
# teaser a mail client previews) and tracking furniture.
_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$)"
    r"|max-height\s*:\s*0(?:px)?\s*(?:;|$)|font-size\s*:\s*0(?:px)?\s*(?:;|$)",
    re.IGNORECASE,
)


def _hidden(element: HtmlElement) -> bool:
    """Whether the reader never sees `element`: the `hidden` attribute or a hiding style."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(_HIDING.search(element.get("style") or ""))


def _contents(builder: _LineBuilder, element: HtmlElement, tag: str, line: int) -> int:
    if tag in _BLOCKS or tag == "br":
        builder.flush(end_block=tag != "br")
    builder.heading = builder.heading or tag in _HEADINGS
    builder.quoted += tag == "blockquote"
    linked = tag == "a" and builder.link(element.get("href"), line)
    text = element.text or ""
    builder.text(text, line)
    line += text.count("\n")
    for child in element:
        line = _walk(builder, child, line)
    if linked:
        builder.link_end()
    if tag in _BLOCKS:
        builder.flush(end_block=True)
    builder.quoted -= tag == "blockquote"
    return line
