"""Markdown and HTML issues turned into numbered lines, links kept.

Both become the `Line`s the plain-text parser reads, each numbered with the
source line where its text starts, so a Markdown or HTML issue gives the same
citations as its plain-text twin. Markup is read by real parsers
(markdown-it-pyrs, lxml), never by regexes over tags. Only absolute http(s)
links count: a relative link points into the newsletter's own site.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import lxml.html
from lxml.etree import ParserError
from lxml.html import HtmlElement
from markdown_it_pyrs import MarkdownIt, Node

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

# Nodes whose children are blocks or runs of inline text; every other node is inline.
_MD_BLOCKS = frozenset(
    {"root", "paragraph", "heading", "blockquote", "bullet_list", "ordered_list", "list_item"}
)
_MD_CODE = frozenset({"fence", "code_block"})
_MD_LINKS = frozenset({"link", "autolink"})
_MD_TEXT = frozenset({"text", "text_special"})
_MD_PARSER = MarkdownIt("commonmark")


def markdown_lines(text: str) -> list[Line]:
    """One line per source line of every paragraph, heading and list item.

    markdown-it-pyrs (markdown-it in Rust) parses about eight times faster than its Python
    twin, which kept a long digest's parse over budget; its nodes carry UTF-8 byte offsets,
    turned into line numbers here.
    """
    builder = _LineBuilder()
    _md_block(builder, _MD_PARSER.tree(text), _LineFinder(text), heading=False)
    builder.flush()
    return builder.lines


class _LineFinder:
    """The 1-based source line of a UTF-8 byte offset."""

    def __init__(self, text: str) -> None:
        self._ends = [match.start() for match in re.finditer(b"\n", text.encode("utf-8"))]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self._ends, offset - 1) + 1


def _md_block(builder: _LineBuilder, node: Node, lines: _LineFinder, *, heading: bool) -> None:
    """Emit a block node: its child blocks in turn, each run of inline children as lines."""
    heading = heading or node.name == "heading"
    builder.quoted += node.name == "blockquote"
    run: list[Node] = []
    for child in node.children:
        if child.name in _MD_BLOCKS or child.name in _MD_CODE or child.name == "html_block":
            _md_inline(builder, run, lines, heading)
            run = []
            _md_child_block(builder, child, lines, heading)
        else:
            run.append(child)
    _md_inline(builder, run, lines, heading)
    builder.quoted -= node.name == "blockquote"


def _md_child_block(builder: _LineBuilder, node: Node, lines: _LineFinder, heading: bool) -> None:
    if node.name in _MD_CODE:
        first = lines(node.srcmap[0]) + (node.name == "fence") if node.srcmap else 1
        for offset, line in enumerate(str(node.meta.get("content", "")).split("\n")):
            builder.text(line, first + offset)
            builder.flush()
        builder.flush(end_block=True)
    elif node.name != "html_block":  # raw HTML in Markdown is markup, not prose
        _md_block(builder, node, lines, heading=heading)


def _md_inline(builder: _LineBuilder, run: list[Node], lines: _LineFinder, heading: bool) -> None:
    """Emit the visual lines of one run of inline nodes, a new line at every break."""
    if not run:
        return
    builder.heading = heading
    line = lines(run[0].srcmap[0]) if run[0].srcmap else 1
    for node in run:
        line = _md_inline_node(builder, node, lines, line, heading)
    builder.flush(end_block=True)


def _md_inline_node(
    builder: _LineBuilder, node: Node, lines: _LineFinder, line: int, heading: bool
) -> int:
    """Add one inline node (links and emphasis with their words); the line reached after it."""
    if node.name in _BREAKS:
        builder.flush()
        builder.heading = heading
        return lines(node.srcmap[1]) if node.srcmap else line + 1
    if node.name in _MD_TEXT:
        builder.text(str(node.meta.get("content", "")), line)
        return line
    if node.name == "image":  # its alt text is not part of the sentence a reader reads
        return line
    linked = node.name in _MD_LINKS and builder.link(str(node.meta.get("url", "")), line)
    for child in node.children:
        line = _md_inline_node(builder, child, lines, line, heading)
    if linked:
        builder.link_end()
    return line


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
