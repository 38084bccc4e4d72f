"""Citation blocks: a ※ line and the URL lines directly under it.

The example issue cites a source as ``※Title(Publisher、2024年11月6日)`` with
the URL on the next line, sometimes behind a label (``会員版 https://...``),
sometimes two URLs, sometimes none (the Financial Times line). A URL after a
blank line is not part of the block: it stands on its own as a reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from verifier.parse.dates import full_date
from verifier.parse.lines import Line, line_urls, without_urls
from verifier.types import DateRole

_MARK = "※"
# A URL line under a ※ line carries a short label at most ("(会員登録済みの方)");
# anything longer is prose that happens to contain a link.
_MAX_LABEL = 24
_CLOSE, _OPEN = ")）", "(（"
_ACCESSED_WORDS = ("閲覧", "アクセス")
_QUOTE_OPENER = {"」": "「", "』": "『"}


@dataclass(frozen=True, slots=True)
class Located:
    """A URL and the line it stands on."""

    url: str
    line: int


@dataclass(frozen=True, slots=True)
class Header:
    """What a ※ line says about the source: title, publisher and cited date."""

    title: str | None
    publisher: str | None = None
    date: date | None = None
    role: DateRole | None = None
    date_text: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A ※ line (`line`) with the URLs under it, ending at `last_line`."""

    line: int
    last_line: int
    header: Header
    urls: tuple[Located, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """Every citation block, and the URLs that stand outside any block."""

    blocks: tuple[Block, ...]
    loose: tuple[Located, ...]


def find_blocks(lines: Sequence[Line]) -> Layout:
    """Walk the body once, grouping each ※ line with the URL lines below it."""
    blocks: list[Block] = []
    loose: list[Located] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.text.lstrip().startswith(_MARK):
            loose.extend(Located(url, line.number) for url in line_urls(line))
            index += 1
            continue
        urls = [Located(url, line.number) for url in line_urls(line)]
        index += 1
        while index < len(lines) and not lines[index].new_block and _is_url_line(lines[index]):
            urls.extend(Located(url, lines[index].number) for url in line_urls(lines[index]))
            index += 1
        header = parse_header(without_urls(line.text.lstrip()[len(_MARK) :]))
        blocks.append(Block(line.number, lines[index - 1].number, header, tuple(urls)))
    return Layout(tuple(blocks), tuple(loose))


def parse_header(text: str) -> Header:
    """Split ``Title(Publisher、date)`` into its parts.

    Without a final parenthetical the whole text is the title. A date in the
    parenthetical is a publication date unless marked as an access date
    (``2024年11月10日閲覧``).
    """
    text = _strip_tail(text)
    split = _final_parenthetical(text)
    if split is None:
        return Header(text or None)
    title, inner = split
    publisher: str | None = None
    for part in (p.strip() for p in re.split(r"[、,，]", inner)):
        cited = full_date(part)
        if cited is not None:
            role = DateRole.ACCESSED if part.endswith(_ACCESSED_WORDS) else DateRole.PUBLISHED
            return Header(title or None, publisher, cited, role, part)
        if publisher is None and part:
            publisher = part
    return Header(title or None, publisher)


def _is_url_line(line: Line) -> bool:
    """A line right under a block that holds URLs and at most a short label."""
    label = without_urls(line.text)
    return bool(line_urls(line)) and not label.startswith(_MARK) and len(label) <= _MAX_LABEL


def _strip_tail(text: str) -> str:
    """Drop a final 。 and a closing bracket left over from a quote opened earlier.

    The FT line ends with ``)」。`` because the quote around it began lines
    before; the 」 is not part of the citation.
    """
    text = text.strip()
    while text:
        last = text[-1]
        unopened = last in _QUOTE_OPENER and text.count(_QUOTE_OPENER[last]) < text.count(last)
        if last not in "。 \u3000" and not unopened:
            break
        text = text[:-1]
    return text.strip()


def _final_parenthetical(text: str) -> tuple[str, str] | None:
    """(text before, content) of a parenthetical ending `text`, half or full width."""
    if not text or text[-1] not in _CLOSE:
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char in _CLOSE:
            depth += 1
        elif char in _OPEN:
            depth -= 1
            if depth == 0:
                return text[:index].strip(), text[index + 1 : -1].strip()
    return None
