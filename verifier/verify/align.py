"""Where a normalised quote sits in a normalised page, and how the two differ.

Exact first (`str.find`). Otherwise rapidfuzz's `partial_ratio_alignment`
puts a window the length of the quote at its best place; the window's edges
then move a few characters each way, so a word the page adds or drops falls
inside the span instead of cutting it short. What still differs is grouped
into whole words (for CJK text, the changed characters) and shown in the
original texts of both sides. A difference changes the meaning when its
digits or its negations differ: "did not feel" and "did feel" are one small
edit apart, and a similarity score alone would call them the same.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from verifier.verify.normalize import Normalized, is_cjk

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without"
    r"|не|ни|нет|ні|немає|ніколи|никогда|без)\b"
    r"|n['’]t\b|ない|なかっ|なく|ず|ぬ|ません"
)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Difference:
    """One changed stretch: the issue's words and the page's, as originally written."""

    claim: str
    source: str
    changes_meaning: bool

    @property
    def size(self) -> int:
        return max(len(self.claim), len(self.source))


@dataclass(frozen=True, slots=True)
class Alignment:
    """A span `[start, end)` of the normalised page, its similarity (0-100) and edits."""

    start: int
    end: int
    score: float
    differences: tuple[Difference, ...] = ()


def align(part: Normalized, page: Normalized, cursor: int, cutoff: float) -> Alignment | None:
    """The best place of `part` in `page` at or after `cursor`, if it scores `cutoff` or more."""
    exact = page.text.find(part.text, cursor)
    if exact >= 0:
        return Alignment(exact, exact + len(part.text), 100.0)
    rest = page.text[cursor:]
    if len(part.text) > len(rest):
        return None
    found = fuzz.partial_ratio_alignment(part.text, rest, score_cutoff=cutoff)
    if found is None:
        return None
    start, end = _refine(
        part.text, page.text, cursor + found.dest_start, cursor + found.dest_end, cursor
    )
    score = Indel.normalized_similarity(part.text, page.text[start:end]) * 100
    if score < cutoff:
        return None
    return Alignment(start, end, score, _differences(part, page, start, end))


def _refine(part: str, text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    """Move the window's end, then its start, to where the span is most like `part`.

    partial_ratio's window is exactly as long as the quote; when the page has
    an extra "not", the window stops short of the sentence's last word.
    """
    margin = max(3, len(part) // 8)

    def similarity(first: int, last: int) -> float:
        return float(Indel.normalized_similarity(part, text[first:last]))

    ends = range(max(start + 1, end - margin), min(len(text), end + margin) + 1)
    best_end = max(ends, key=lambda last: (similarity(start, last), -abs(last - end)))
    starts = range(max(floor, start - margin), min(best_end - 1, start + margin) + 1)
    best_start = max(starts, key=lambda first: (similarity(first, best_end), -abs(first - start)))
    return best_start, best_end


def _differences(
    part: Normalized, page: Normalized, start: int, end: int
) -> tuple[Difference, ...]:
    """The edits from the quote to the span, widened to whole words and merged."""
    span = page.text[start:end]
    blocks: list[tuple[int, int, int, int]] = []
    for op in Levenshtein.opcodes(part.text, span):
        if op.tag == "equal":
            continue
        a1, a2 = _word(part.text, op.src_start, op.src_end)
        b1, b2 = _word(span, op.dest_start, op.dest_end)
        if blocks and (a1 <= blocks[-1][1] or b1 <= blocks[-1][3]):
            p1, p2, q1, q2 = blocks[-1]
            blocks[-1] = (min(p1, a1), max(p2, a2), min(q1, b1), max(q2, b2))
        else:
            blocks.append((a1, a2, b1, b2))
    return tuple(
        _difference(part.raw_text(a1, a2), page.raw_text(start + b1, start + b2))
        for a1, a2, b1, b2 in blocks
    )


def _word(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen `[start, end)` to whole words; CJK characters are their own words."""
    while start > 0 and _wordy(text[start - 1]):
        start -= 1
    while end < len(text) and _wordy(text[end]):
        end += 1
    return start, end


def _wordy(char: str) -> bool:
    return char.isalnum() and not is_cjk(char)


def _difference(claim: str, source: str) -> Difference:
    return Difference(
        claim, source, _digits(claim) != _digits(source) or _negations(claim) != _negations(source)
    )


def _digits(text: str) -> list[str]:
    return _DIGITS.findall(unicodedata.normalize("NFKC", text))


def _negations(text: str) -> int:
    return len(_NEGATION.findall(unicodedata.normalize("NFKC", text).casefold()))
