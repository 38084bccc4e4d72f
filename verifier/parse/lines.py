"""Numbered lines: the one shape every input format is reduced to.

Plain text, Markdown and HTML all become a list of `Line`s that keep the
source line number and any link targets, so a single parser handles them all
and every claim can point back at the line an editor would open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

# URLs end at whitespace, quotes, angle brackets and any non-ASCII character:
# in Japanese prose a URL is followed directly by 】, 」 or 。 with no space.
_URL = re.compile(r"https?://[^\s<>\"'`\u0080-\U0010ffff]+")
_TRAILING = ".,;:!?'\""
_PAIRS = {")": "(", "]": "["}


@dataclass(frozen=True, slots=True)
class Anchor:
    """A link and the visible words that carry it: `text[start:end]` of its line (for a
    bare URL, the URL itself)."""

    url: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Line:
    """One visual line of the issue.

    `anchors` holds the links that markup carried outside the visible text
    (``[Title](url)``, ``<a href>``) with the words they stand on; `heading` marks a
    section heading; `new_block` marks the first line of a markup paragraph, which
    separates it from the line before as a blank line does in plain text.
    """

    number: int
    text: str
    anchors: tuple[Anchor, ...] = ()
    heading: bool = False
    new_block: bool = False
    quoted: bool = False  # inside a blockquote: the words of whoever the text cites

    @property
    def links(self) -> tuple[str, ...]:
        return tuple(anchor.url for anchor in self.anchors)

    @property
    def blank(self) -> bool:
        return not self.text.strip() and not self.anchors


def text_lines(text: str) -> list[Line]:
    """Split plain text into lines numbered from 1."""
    return [Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]


def densify(lines: Iterable[Line]) -> list[Line]:
    """Markup lines numbered as the file's lines, every gap filled with a blank line.

    Gaps (blank lines, lines holding only tags) are filled, so a multi-paragraph quote
    reads the same in every format. Visual lines that share one file line (an e-mail's
    masthead of several cells) keep its number: a claim's line is the line an editor
    opens in the file, and `visible_text` joins them for the reading view. Minified
    markup (most visual lines on shared file lines) has no lines worth pointing at: its
    visual lines are numbered 1, 2, 3... instead.
    """
    found = list(lines)
    minified = len({line.number for line in found}) * 2 < len(found)
    out: list[Line] = []
    for line in found:
        last = out[-1].number if out else 0
        number = last + 1 if minified else max(line.number, last, 1)
        out.extend(Line(n, "") for n in range(last + 1, number))
        out.append(replace(line, number=number))
    return out


def visible_text(lines: Iterable[Line]) -> tuple[str, ...]:
    """The issue as sent, line by line (line N is the N-th): the texts of the visual lines
    that share a file line joined by spaces."""
    texts: dict[int, list[str]] = {}
    for line in lines:
        texts.setdefault(line.number, []).append(line.text)
    last = max(texts, default=0)
    return tuple(" ".join(t for t in texts.get(n, []) if t) for n in range(1, last + 1))


def url_spans(text: str) -> list[tuple[int, int, str]]:
    """Every http(s) URL in `text` as (start, end, url), trailing punctuation cut."""
    spans: list[tuple[int, int, str]] = []
    if "http" not in text:
        return spans
    for match in _URL.finditer(text):
        url = _trim(match.group())
        spans.append((match.start(), match.start() + len(url), url))
    return spans


def line_urls(line: Line) -> list[str]:
    """The URLs a line stands for: those in its text, then its markup links."""
    urls = [url for _, _, url in url_spans(line.text)]
    return urls + [url for url in line.links if url not in urls]


@lru_cache(maxsize=4096)
def line_anchors(line: Line) -> tuple[Anchor, ...]:
    """Every link of a line with the words it stands on, in reading order: markup links
    and bare URLs in the text (a bare URL stands on itself). Cached: the citation
    finders ask of each line several times."""
    if "http" not in line.text:
        return line.anchors
    bare = [Anchor(url, start, end) for start, end, url in url_spans(line.text)]
    inside = [a for a in bare if not any(m.start <= a.start < m.end for m in line.anchors)]
    return tuple(sorted([*line.anchors, *inside], key=lambda anchor: anchor.start))


def without_urls(text: str) -> str:
    """`text` with its URLs removed, for labels and titles around them; what a URL's match
    took past its end (the `)` of "(https://...)。", a full stop) stays in the text."""
    return _URL.sub(lambda match: match[0][len(_trim(match[0])) :], text).strip()


def _trim(url: str) -> str:
    """Cut sentence punctuation, and closing brackets the URL did not open."""
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _PAIRS and url.count(_PAIRS[last]) < url.count(last)):
            url = url[:-1]
        else:
            break
    return url
