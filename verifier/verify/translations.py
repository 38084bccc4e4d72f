"""Japanese renderings of foreign-language sources: which sentence, and are its facts kept?

The quote check hands over a quote whose script is not the page's (a
Japanese translation of an English, Ukrainian or Russian page). Two steps:

1. **Find the candidate** (`embeddings.WindowIndex`): the page's windows of
   one to three sentences ranked by cosine similarity to the quote. A
   fabricated quote on the page's topic scores in the same absolute range as
   a faithful one, so the test is relative: how far the best window stands
   above the best window that shares no sentence with it (`margin`), and
   above the page's own typical window (`lift`).
2. **Check the facts inside the match**, because embeddings cannot tell 25
   minutes from 35: the quote's numbers with units (the number check's own
   matching), its katakana names against the window's Latin and Cyrillic
   names (`event_anchors.alike`, through e2k), and its polarity (a Japanese
   negation the window lacks, or the reverse). A differing fact is
   `contradicted`, naming it; a candidate with all facts kept is `supported`
   with the window as evidence; no candidate is `not_found`.

The thresholds are chosen on `tests/eval/translations.toml` (see README,
"Cross-lingual quotes"), never by feel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from verifier.types import Page, Verdict
from verifier.verify.embeddings import Ranked, WindowIndex
from verifier.verify.event_anchors import alike, cyrillic_katakana, katakana
from verifier.verify.numbers import best_match, claim_quantities, source_quantities
from verifier.verify.quantities import Quantity, Unit
from verifier.verify.sentences import Window

MIN_MARGIN = 0.02
"""Cosine by which the best window must beat every window sharing no sentence with it."""

MIN_LIFT = 0.06
"""Cosine by which the best window must stand above the page's median window."""

_KATAKANA = re.compile(r"[ァ-ヴー・]{3,}")
_LATIN_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:[-'][A-Z]?[a-z]+)?\b")
_CYRILLIC_NAME = re.compile(r"\b[А-ЯЁІЇЄҐ][а-яёіїєґʼ'’]{2,}\b")
# Japanese negation at a predicate's end, and the words that deny or refuse outright.
_JA_NEGATION = re.compile(r"(?:な[いく]|なかった|ません|ず[、。に]|ぬ|否定|拒否|反対し)")
_NEGATION = re.compile(
    r"\b(?:not|no|never|n't|neither|nor|without|refus\w*|reject\w*|oppos\w*|deny|denied)\b"
    r"|n't\b|\bне\b|\bні\b|\bнет\b|\bнема\w*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Rendering:
    """What the cross-lingual check concluded about one quote."""

    verdict: Verdict
    evidence: str | None
    score: float
    note: str


def judge(quote: str, page: Page, index: WindowIndex) -> Rendering:
    """The verdict on a Japanese rendering of `page`, with the source window as evidence."""
    ranked = index.rank(quote, page.text)
    if not ranked.windows:
        return Rendering(Verdict.NOT_FOUND, None, 0.0, "the source has no sentences to compare")
    best = int(np.argmax(ranked.scores))
    window, score = ranked.windows[best], float(ranked.scores[best])
    margin, lift = _margin(ranked, best), _lift(ranked, score)
    measured = f"similarity {score:.2f}, {margin:+.2f} over the next passage"
    if margin < MIN_MARGIN or lift < MIN_LIFT:
        note = f"no sentence of the source renders this quote (closest: {measured})"
        return Rendering(Verdict.NOT_FOUND, None, round(score, 2), note)
    differences = _differences(quote, window, page)
    if differences:
        note = f"the closest sentence ({measured}) differs: {'; '.join(differences)}"
        return Rendering(Verdict.CONTRADICTED, window.text, round(score, 2), note)
    note = f"a translation of this sentence ({measured}); numbers, names and polarity agree"
    return Rendering(Verdict.SUPPORTED, window.text, round(score, 2), note)


def _margin(ranked: Ranked, best: int) -> float:
    """Best score minus the best score of a window sharing no sentence with it."""
    chosen = ranked.windows[best]
    apart = [
        float(score)
        for window, score in zip(ranked.windows, ranked.scores, strict=True)
        if window.last < chosen.first or window.first > chosen.last
    ]
    return float(ranked.scores[best]) - max(apart, default=0.0)


def _lift(ranked: Ranked, score: float) -> float:
    """Best score minus the median window's: a page that is all one topic scores high throughout."""
    return score - float(np.median(ranked.scores))


def _differences(quote: str, window: Window, page: Page) -> list[str]:
    return [
        *_number_differences(quote, window, page),
        *_name_differences(quote, window, page),
        *_polarity_difference(quote, window),
    ]


def _number_differences(quote: str, window: Window, page: Page) -> list[str]:
    """Quote figures the window gives otherwise (a figure it lacks altogether is no finding)."""
    found = source_quantities(window.text, page.language)
    differences = []
    for claimed in claim_quantities(quote):
        if best_match(claimed, found) is not None:
            continue
        rivals = [q for q in found if _same_unit(claimed, q)]
        if rivals:
            said = ", ".join(repr(q.text) for q in rivals)
            differences.append(f"the quote says {claimed.text!r}, the source {said}")
    return differences


def _same_unit(claimed: Quantity, source: Quantity) -> bool:
    return source.unit is claimed.unit and claimed.unit not in (None, Unit.COUNT)


def _name_differences(quote: str, window: Window, page: Page) -> list[str]:
    """Katakana names of people on the page whom the window does not name."""
    window_names = _names(window.text)
    page_names = _names(page.text)
    differences = []
    for run in dict.fromkeys(_KATAKANA.findall(quote)):
        if any(alike(kana, run) for kana in window_names.values()):
            continue
        elsewhere = [name for name, kana in page_names.items() if alike(kana, run)]
        if elsewhere:
            differences.append(f"{run} ({elsewhere[0]}) is not in this sentence")
    return differences


def _names(text: str) -> dict[str, str]:
    """Capitalised Latin and Cyrillic words of `text`, each with its katakana reading."""
    names = {word: katakana(word) for word in dict.fromkeys(_LATIN_NAME.findall(text))}
    for word in dict.fromkeys(_CYRILLIC_NAME.findall(text)):
        names[word] = cyrillic_katakana(word)
    return names


def _polarity_difference(quote: str, window: Window) -> list[str]:
    """A negation on one side only: `打ち切らない` against "will cut off", or the reverse."""
    quote_negative = _JA_NEGATION.search(quote) is not None
    source_negative = _NEGATION.search(window.text) is not None
    if quote_negative == source_negative:
        return []
    side = (
        "the quote denies what the source affirms"
        if quote_negative
        else ("the source denies what the quote affirms")
    )
    return [side]
