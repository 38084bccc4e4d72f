"""Where a claim and its source agree, made visible: the words they share highlighted,
figures set apart, and each claim marked in place in the issue's own text.

Presentation only: the verdicts are the verify stage's. These marks help a reviewer
agree or disagree in seconds, so they must never claim more than the text shows: a
shared run counts only when it holds a word, a figure or two CJK characters (one
shared kana or a comma is noise).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from verifier.report._levels import worst_of
from verifier.vocabulary import JAPANESE

#: Words of Latin or Cyrillic letters whole, figures whole, anything else one character
#: (a CJK character is a word of its own), so one alignment serves both languages.
_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF']+|\d+(?:[.,:]\d+)*|\s+|.", re.DOTALL)
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]{2,}|\d")
_CJK = re.compile(f"[{JAPANESE}]")
_FIGURE = re.compile(r"\d")

MAX_TOKENS = 4000
"""Evidence longer than this (in tokens) is shown without highlights: aligning a whole
page would cost more than the reviewer gains."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text and how to show it: `shared` with the other side, a `figure`."""

    text: str
    shared: bool = False
    figure: bool = False


@dataclass(frozen=True, slots=True)
class Mark:
    """A claim found on a line of the issue: where, its verdict, the check it links to."""

    start: int
    end: int
    verdict: str
    anchor: str


@dataclass(frozen=True, slots=True)
class ReadingLine:
    """One line of the issue as sent, with its claims marked in place; `unplaced` are the
    line's checks whose words could not be found on it (shown beside the line)."""

    number: int
    segments: tuple[tuple[str, Mark | None], ...]
    level: str | None
    unplaced: tuple[Mark, ...] = ()


def shared_segments(claim: str, evidence: str) -> tuple[list[Segment], list[Segment]]:
    """The claim and the evidence cut into runs, the runs they share flagged on both sides."""
    a, b = _tokens(claim), _tokens(evidence)
    in_a: set[int] = set()
    in_b: set[int] = set()
    if len(a) + len(b) <= MAX_TOKENS:
        matcher = SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], False)
        for block in matcher.get_matching_blocks():
            lead, size = _trimmed(a[block.a : block.a + block.size])
            if _meaningful(a[block.a + lead : block.a + lead + size]):
                in_a.update(range(block.a + lead, block.a + lead + size))
                in_b.update(range(block.b + lead, block.b + lead + size))
    return _segments(a, in_a), _segments(b, in_b)


def _trimmed(tokens: Sequence[str]) -> tuple[int, int]:
    """The run without the spaces at its ends (offset, length): a mark starts on a word."""
    lead = next((i for i, token in enumerate(tokens) if not token.isspace()), len(tokens))
    tail = next((i for i, token in enumerate(reversed(tokens)) if not token.isspace()), 0)
    return lead, max(0, len(tokens) - lead - tail)


def reading_lines(lines: Sequence[str], citations: Iterable[dict[str, Any]]) -> list[ReadingLine]:
    """The issue's lines with every check's claim marked where it stands (by its verdict),
    and each citation line marked by its link when the link is not good."""
    wanted: dict[int, list[tuple[str, str, str]]] = {}
    for citation in citations:
        for index, check in enumerate(citation["checks"], start=1):
            place = (check["claim"], check["verdict"], check_anchor(citation["id"], index))
            wanted.setdefault(check["line"], []).append(place)
        link_line = citation.get("url_line") or citation["line"]
        if citation["url"]:
            place = (citation["url"], citation["link"]["status"], citation["id"])
            wanted.setdefault(link_line, []).append(place)
    return [
        _reading_line(number, text, wanted.get(number, ()))
        for number, text in enumerate(lines, start=1)
    ]


def check_anchor(citation_id: str, index: int) -> str:
    """The id of a citation's `index`-th check in the issue page (`c05-2`)."""
    return f"{citation_id}-{index}"


def _reading_line(number: int, text: str, wanted: Iterable[tuple[str, str, str]]) -> ReadingLine:
    placed: list[Mark] = []
    unplaced: list[Mark] = []
    for claim, verdict, anchor in wanted:
        start = _find(text, claim, placed)
        if start is None:
            unplaced.append(Mark(0, 0, verdict, anchor))
        else:
            placed.append(Mark(start, start + len(_first_line(claim)), verdict, anchor))
    placed.sort(key=lambda mark: mark.start)
    segments: list[tuple[str, Mark | None]] = []
    at = 0
    for mark in placed:
        if mark.start > at:
            segments.append((text[at : mark.start], None))
        segments.append((text[mark.start : mark.end], mark))
        at = mark.end
    if at < len(text) or not segments:
        segments.append((text[at:], None))
    verdicts = [mark.verdict for mark in (*placed, *unplaced)]
    return ReadingLine(number, tuple(segments), worst_of(verdicts), tuple(unplaced))


def _find(text: str, claim: str, taken: Sequence[Mark]) -> int | None:
    """Where the claim (its first line, for one that runs over several) starts on the line,
    not overlapping a claim already marked there."""
    needle = _first_line(claim)
    if not needle:
        return None
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if all(end <= mark.start or start >= mark.end for mark in taken):
            return start
        start = text.find(needle, start + 1)
    return None


def _first_line(claim: str) -> str:
    return claim.strip().split("\n", 1)[0].strip()


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _key(token: str) -> str:
    """What two tokens must share to match: the same letters, whatever their width or case."""
    return unicodedata.normalize("NFKC", token).casefold()


def _meaningful(tokens: Sequence[str]) -> bool:
    if any(_WORD.search(token) for token in tokens):
        return True
    return sum(1 for token in tokens if _CJK.match(token)) >= 2


def _segments(tokens: Sequence[str], shared: set[int]) -> list[Segment]:
    """Consecutive tokens of the same kind joined into one run."""
    out: list[Segment] = []
    for index, token in enumerate(tokens):
        kind = (index in shared, bool(_FIGURE.search(token)))
        if out and (out[-1].shared, out[-1].figure) == kind:
            out[-1] = Segment(out[-1].text + token, *kind)
        else:
            out.append(Segment(token, *kind))
    return out
