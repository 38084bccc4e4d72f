"""Where a normalised quote sits in a normalised page, and how the two differ.

Exact first (`str.find`). Otherwise rapidfuzz's `partial_ratio_alignment`
puts a window the length of the quote at its best place; the window's edges
then move a few characters each way, so a word the page adds or drops falls
inside the span instead of cutting it short. What still differs is grouped
into whole words (for CJK text, the changed characters) and shown in the
original texts of both sides.

A span never ends inside a word, and when the quote's last (or first) word
is missing from it, the span grows over the page's word in that place:
"votes are counted" against "votes are certified" must show 'certified',
not the 'ce' a character score prefers, and a Japanese quote ending in
考えている against 信じ込んでいる must show the page's verb, not nothing.

Each difference is graded (`Change`), because a similarity score alone
calls "did not feel" and "did feel", or "brave" and "reckless", the same:
only differences of form (punctuation, spacing, an article or a particle,
a one-letter typo) leave the quoted words intact.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel, Levenshtein

from verifier.verify.text.normalize import Normalized, is_cjk
from verifier.verify.tuning import (
    ANCHOR,
    CJK_SIDE,
    MAX_CJK_SWAP,
    MAX_SWAP_WORDS,
    MIN_KEPT_CJK,
    MIN_KEPT_WORDS,
    PHRASE_GAP,
    TYPO_MIN,
)

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without"
    r"|не|ни|нет|ні|немає|ніколи|никогда|без)\b"
    r"|n['’\"]t\b|ない|なかっ|なく|ず|ぬ|ません"
)
_DIGITS = re.compile(r"\d+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_CONTRACTIONS = {"n't": " not", "'re": " are", "'ve": " have", "'ll": " will", "'m": " am"}
_CONTRACTION = re.compile("|".join(re.escape(form) for form in _CONTRACTIONS))
_NON_WORD = re.compile(r"[\W_]+")
_STOPWORDS = frozenset(("a", "an", "the", "that"))
_PARTICLES = frozenset("はがをにのともでへやかね")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_SENTENCE_END = frozenset('.!?"。！？')


class Change(Enum):
    """How much a difference matters to a verbatim quote."""

    FORM = "form"  # punctuation, spacing, an article or particle, a one-letter typo
    WORD = "word"  # a content word changed, added or dropped
    MEANING = "meaning"  # a number or a negation changed


@dataclass(frozen=True, slots=True)
class Difference:
    """One changed stretch: the issue's words and the page's, as originally written."""

    claim: str
    source: str
    change: Change

    @property
    def size(self) -> int:
        return max(len(self.claim), len(self.source))

    @property
    def substantive(self) -> bool:
        """Whether the quoted words themselves differ (not just how they are written)."""
        return self.change is not Change.FORM


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
    if Indel.normalized_similarity(part.text, page.text[start:end]) * 100 < cutoff:
        return None
    start, end = _whole_words(part.text, page.text, start, end, cursor)
    start, end = _cover_edges(part.text, page.text, start, end, cursor)
    score = Indel.normalized_similarity(part.text, page.text[start:end]) * 100
    return Alignment(start, end, score, _differences(part, page, start, end))


def align_one_change(
    part: Normalized, page: Normalized, cursor: int, cutoff: float
) -> Alignment | None:
    """A span that is the quote word for word but for one swapped phrase, however short.

    One changed word costs a short quote more similarity than a long one
    ('respond decisively' for 'respond appropriately' in seven words scores
    under 80), yet the exact words around it place the quote as surely: at
    least `MIN_KEPT_WORDS` content words or `MIN_KEPT_CJK` CJK characters.
    In Japanese the swap may be a phrase, two words changed on either side
    of a kept particle ('意思疎通を図る' as '意見交換を行う'): one paraphrased
    phrase inside an exact sentence is still a misquote of that sentence. In
    a spaced script two changed words ('more humility' for 'common sense')
    are left to the score: they leave too few words to place the sentence.
    A word dropped or added is not a swap, and is left to the score.
    """
    found = align(part, page, cursor, cutoff)
    if found is None or not any(d.substantive for d in found.differences):
        return None
    phrase = _one_phrase(_blocks(part.text, page.text[found.start : found.end]))
    if phrase is None:
        return None
    a1, a2, b1, b2 = phrase
    source = page.text[found.start + b1 : found.start + b2]
    if not _one_phrase_swap(part.text, (a1, a2), source):
        return None
    kept = f"{part.text[:a1]} {part.text[a2:]}"
    cjk = sum(is_cjk(char) for char in kept)
    words = [word for word in _content(kept) if not any(is_cjk(char) for char in word)]
    return found if cjk >= MIN_KEPT_CJK or len(words) >= MIN_KEPT_WORDS else None


def _one_phrase(
    blocks: list[tuple[int, int, int, int]],
) -> tuple[int, int, int, int] | None:
    """The changed stretches as one, when only a particle or a space separates them."""
    if not blocks:
        return None
    for before, after in pairwise(blocks):
        if after[0] - before[1] > PHRASE_GAP or after[2] - before[3] > PHRASE_GAP:
            return None
    return blocks[0][0], blocks[-1][1], blocks[0][2], blocks[-1][3]


def _one_phrase_swap(part: str, at: tuple[int, int], source: str) -> bool:
    """Whether `part[at]` and `source` are one short phrase each, put for one another.

    Japanese has no spaces to end a word: at the quote's edge the page's
    "word" is wherever the character score stopped ('会費で運営' against
    '会費とご寄付'), so a Japanese swap must have exact text on both sides,
    more than a kana or two in common by chance ('先行きは明るい' against
    '先行きについて' shares its last 'い').
    """
    claim = part[at[0] : at[1]]
    sizes = (len(_content(claim)), len(_content(source)))
    if not any(is_cjk(char) for char in claim + source):
        return sizes == (1, 1)
    if not all(1 <= size <= MAX_SWAP_WORDS for size in sizes):
        return False
    inside = at[0] >= CJK_SIDE and len(part) - at[1] >= CJK_SIDE
    return inside and max(len(claim), len(source)) <= MAX_CJK_SWAP


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


def _whole_words(part: str, text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    """Widen a span that starts or ends inside a word (spaced scripts) to the whole word.

    Not where the quote has that very piece of a word at its edge: a quote
    cut mid-word ('…2024' as '202') is matched, not misquoted.
    """
    span = text[start:end]
    if _edge_word(part) != _edge_word(span):
        while start > floor and _wordy(text[start - 1]) and _wordy(text[start]):
            start -= 1
    if _edge_word(part[::-1]) != _edge_word(span[::-1]):
        while end < len(text) and _wordy(text[end - 1]) and _wordy(text[end]):
            end += 1
    return start, end


def _edge_word(text: str) -> str:
    """The letters and digits `text` starts with (spaced scripts)."""
    size = 0
    while size < len(text) and _wordy(text[size]):
        size += 1
    return text[:size]


def _cover_edges(part: str, text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    """Grow the span over the page's words where the quote's first or last words are missing.

    A character score prefers leaving a changed edge word out of the span
    (one deletion costs less than a substitution); the evidence and the note
    need the page's word in its place.
    """
    anchors = [
        op
        for op in Levenshtein.opcodes(part, text[start:end])
        if op.tag == "equal" and op.src_end - op.src_start >= ANCHOR
    ]
    if not anchors:
        return start, end
    last, first = anchors[-1], anchors[0]
    if last.src_end < len(part) or start + last.dest_end < end:
        region = start + last.dest_end
        ahead = text[region : region + 2 * (len(part) - last.src_end) + 4]
        end = region + _stretch(part[last.src_end :], ahead, end - region, inclusive=True)
    if first.src_start > 0 or first.dest_start > 0:
        region = start + first.dest_start
        behind = text[max(floor, region - 2 * first.src_start - 4) : region][::-1]
        head = part[: first.src_start][::-1]
        start = region - _stretch(head, behind, region - start, inclusive=False)
    return start, end


def _stretch(missing: str, ahead: str, least: int, *, inclusive: bool) -> int:
    """How much of `ahead` (the page outward from the span's matched part) stands for `missing`.

    Candidates end at word boundaries, within the sentence (`inclusive`: its
    final mark may be taken); the best shares the longest ending with the
    missing words (考えている, 信じ込んでいる), then is closest to them in length.
    """
    stop = next((i for i, char in enumerate(ahead) if char in _SENTENCE_END), len(ahead))
    stop = max(least, min(len(ahead), stop + 1) if inclusive else stop)
    candidates = [least] + [k for k in range(least + 1, stop + 1) if _ends_word(ahead, k)]

    def fit(k: int) -> tuple[int, int]:
        return _shared_ending(missing, ahead[:k]), -abs(k - len(missing))

    return max(candidates, key=fit)


def _ends_word(text: str, k: int) -> bool:
    """Whether `text[:k]` ends a word: not on a space, not inside a word of a spaced script."""
    inside = k < len(text) and _wordy(text[k - 1]) and _wordy(text[k])
    return text[k - 1] != " " and not inside


def _shared_ending(a: str, b: str) -> int:
    size = 0
    while size < min(len(a), len(b)) and a[-1 - size] == b[-1 - size]:
        size += 1
    return size


def _differences(
    part: Normalized, page: Normalized, start: int, end: int
) -> tuple[Difference, ...]:
    """The edits from the quote to the span, widened to whole words and merged."""
    span = page.text[start:end]
    return tuple(
        Difference(
            part.raw_text(a1, a2),
            page.raw_text(start + b1, start + b2),
            grade(part.text[a1:a2], span[b1:b2]),
        )
        for a1, a2, b1, b2 in _blocks(part.text, span)
    )


def _blocks(part: str, span: str) -> list[tuple[int, int, int, int]]:
    """Changed stretches as (quote start, quote end, span start, span end), whole words."""
    blocks: list[tuple[int, int, int, int]] = []
    for op in Levenshtein.opcodes(part, span):
        if op.tag == "equal":
            continue
        a1, a2 = _word(part, op.src_start, op.src_end)
        b1, b2 = _word(span, op.dest_start, op.dest_end)
        if blocks and (a1 <= blocks[-1][1] or b1 <= blocks[-1][3]):
            p1, p2, q1, q2 = blocks[-1]
            blocks[-1] = (min(p1, a1), max(p2, a2), min(q1, b1), max(q2, b2))
        else:
            blocks.append((a1, a2, b1, b2))
    return blocks


def _word(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen `[start, end)` to whole words; CJK characters are their own words."""
    while start > 0 and _wordy(text[start - 1]):
        start -= 1
    while end < len(text) and _wordy(text[end]):
        end += 1
    return start, end


def _wordy(char: str) -> bool:
    return char.isalnum() and not is_cjk(char)


def grade(claim: str, source: str) -> Change:
    """How much the issue's words differ from the page's (both normalised)."""
    claim, source = _THOUSANDS.sub("", claim), _THOUSANDS.sub("", source)
    if _digits(claim) != _digits(source) or _negations(claim) != _negations(source):
        return Change.MEANING
    said, written = _content(claim), _content(source)
    if said == written or _typo(said, written) or _particle(said, written):
        return Change.FORM
    return Change.WORD


def _content(text: str) -> list[str]:
    """The words that carry content: no punctuation, articles, particles or contractions."""
    expanded = _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(0)], text.replace('"', "'"))
    words = _NON_WORD.sub(" ", expanded).split()
    return [
        kept
        for word in words
        if word not in _STOPWORDS
        and (kept := "".join(char for char in word if char not in _PARTICLES))
    ]


def _typo(said: list[str], written: list[str]) -> bool:
    """One word one letter off ('need'/'needs', 'form'/'from'), long enough not to be another."""
    if len(said) != 1 or len(written) != 1:
        return False
    a, b = said[0], written[0]
    spaced = not any(is_cjk(char) for char in a + b)
    return spaced and min(len(a), len(b)) >= TYPO_MIN and OSA.distance(a, b) <= 1


def _particle(said: list[str], written: list[str]) -> bool:
    """One kana at most on each side: a particle or okurigana (行なう/行う), not a word."""
    a, b = "".join(said), "".join(written)
    return len(a) <= 1 and len(b) <= 1 and all(_HIRAGANA.match(char) for char in a + b)


def _digits(text: str) -> list[str]:
    return _DIGITS.findall(unicodedata.normalize("NFKC", text))


def _negations(text: str) -> int:
    return len(_NEGATION.findall(unicodedata.normalize("NFKC", text).casefold()))
