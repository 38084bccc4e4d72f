"""Markdown and HTML issues turned into numbered lines, links kept.

Both become the `Line`s the plain-text parser reads, each numbered with the
source line where its text starts, so a Markdown or HTML issue gives the same
citations as its plain-text twin. Markup is read by real parsers
(markdown-it-py, lxml), never by regexes over tags. Only absolute http(s)
links count: a relative link points into the newsletter's own site.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import lxml.html
from lxml.etree import ParserError
from lxml.html import HtmlElement
from markdown_it import MarkdownIt
from markdown_it.token import Token

from verifier.parse.lines import Line

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = _HEADINGS | {
    *("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr"),
    *("table", "tr", "td", "th", "figure", "figcaption", "address"),
    *("section", "article", "header", "footer", "main", "nav", "aside"),
}
_SKIPPED = frozenset({"head", "script", "style", "template", "noscript"})
_BREAKS = frozenset({"softbreak", "hardbreak"})


def _absolute(href: str | None) -> str | None:
    return href if href and href.startswith(("http://", "https://")) else None


@dataclass(slots=True)
class _LineBuilder:
    """Collects the text and links of one visual line, then emits it."""

    lines: list[Line] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    start: int | None = None
    heading: bool = False
    new_block: bool = True

    def text(self, text: str, line: int) -> None:
        if self.start is None and text.strip():
            self.start = line + text[: len(text) - len(text.lstrip())].count("\n")
        self.parts.append(text)

    def link(self, href: str | None, line: int) -> None:
        url = _absolute(href)
        if url:
            self.start = line if self.start is None else self.start
            self.links.append(url)

    def flush(self, *, end_block: bool = False) -> None:
        """Emit the pending line; `end_block` makes the next line open a paragraph."""
        text = " ".join("".join(self.parts).split())
        if self.start is not None and (text or self.links):
            line = Line(self.start, text, tuple(self.links), self.heading, self.new_block)
            self.lines.append(line)
            self.new_block = False
        self.parts, self.links, self.start, self.heading = [], [], None, False
        self.new_block = self.new_block or end_block


# --- Markdown ---------------------------------------------------------------


def markdown_lines(text: str) -> list[Line]:
    """One line per source line of every paragraph, heading and list item."""
    builder = _LineBuilder()
    heading = False
    for token in MarkdownIt("commonmark").parse(text):
        if token.type in ("heading_open", "heading_close"):
            heading = token.type == "heading_open"
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
    for child in children:
        if child.type in _BREAKS:
            builder.flush()
            builder.heading = heading
            line += 1
        elif child.type == "link_open":
            builder.link(str(child.attrs.get("href", "")), line)
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
    if tag and tag not in _SKIPPED:
        line = _contents(builder, element, tag, line)
    tail = element.tail or ""
    builder.text(tail, line)
    return line + tail.count("\n")


def _contents(builder: _LineBuilder, element: HtmlElement, tag: str, line: int) -> int:
    if tag in _BLOCKS or tag == "br":
        builder.flush(end_block=tag != "br")
    builder.heading = builder.heading or tag in _HEADINGS
    if tag == "a":
        builder.link(element.get("href"), line)
    text = element.text or ""
    builder.text(text, line)
    line += text.count("\n")
    for child in element:
        line = _walk(builder, child, line)
    if tag in _BLOCKS:
        builder.flush(end_block=True)
    return line
