"""Which source figure a wrong number misquotes, if we can be sure: the `contradicted` rule.

A false `contradicted` costs a reviewer's trust, so a figure the source does
not state is only `not_found` unless one source figure is, beyond reasonable
doubt, the same quantity written differently. Two ways to be sure:

1. A slip of the pen (score 0.9 for six or more digits, else 0.7): the claim
   is exact and exactly one source figure of the same unit is a slip of it,
   one digit changed or two neighbouring digits swapped at the same precision
   (74,706,142 vs 74,706,124; 3500円 vs 3000円), or the same digits at
   another power of ten for an amount of 10,000 or more (950億ドル vs $9.5
   billion: a 万/億 slip). A bare table figure can stand for a count only with
   six or more digits; under 1,000, the source must have no other figure of
   the unit, since a page of ages or seat counts is full of near neighbours.
2. A tied rival (score 0.6): the source figure of the same specific unit
   (not a mere count) that is clearly the nearest (within a factor of 2, the
   runner-up at least twice as far on a log scale) and tied to the claim by
   its surroundings: a name the claim also writes, in katakana (Harris ~
   ハリス, through `event_anchors`; its event words, such as 反対票 ~ "voted",
   tie too loosely to count); a kanji word a Japanese source shares
   with it; the year the claim names, as the last year before the figure
   (`2020年の投票率` vs "2020: ... 62.8 percent"); or, when both figures say
   "about", the page having no other approximate figure of that unit; or, for
   three digits or more, being a one-digit slip of it (226議席 vs 216 seats
   when the page also has 52 seats).

Bounds (`以上`, "more than") are never contradicted: they say too little.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from verifier.verify.event_anchors import is_event, shared_anchors
from verifier.verify.quantities import Bound, Quantity, Unit

COUNTABLE = frozenset({Unit.VOTES, Unit.ELECTORAL_VOTES, Unit.SEATS, Unit.PEOPLE, Unit.COUNT})
_RIVAL_RATIO = math.log(2)
_RIVAL_MARGIN = 2.0
_YEAR_BEFORE = 300
_CLAIM_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")
_SOURCE_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")


@dataclass(frozen=True, slots=True)
class Misquote:
    """The source figure a claimed one gets wrong, why we think so, and how sure we are."""

    source: Quantity
    reason: str
    score: float


def misquote(
    claimed: Quantity, sentence: str, sources: tuple[Quantity, ...], text: str
) -> Misquote | None:
    """The source figure that `claimed` (from the issue's `sentence`) surely misquotes, if any."""
    return _slip(claimed, sources) or _rival(claimed, sentence, sources, text)


def _slip(claimed: Quantity, sources: tuple[Quantity, ...]) -> Misquote | None:
    if claimed.bound is not Bound.EXACT:
        return None
    found: dict[Decimal, Misquote] = {}
    score = 0.9 if len(claimed.digits) >= 6 else 0.7
    for source in sources:
        reason = _slip_reason(claimed, source, sources)
        if reason is not None:
            found.setdefault(source.value, Misquote(source, reason, score))
    return next(iter(found.values())) if len(found) == 1 else None


def _slip_reason(claimed: Quantity, source: Quantity, sources: tuple[Quantity, ...]) -> str | None:
    if source.bound is not Bound.EXACT or source.value == claimed.value:
        return None
    same_unit = source.unit is claimed.unit
    if same_unit and claimed.value >= 10_000 and claimed.unit is not Unit.COUNT:
        mantissa = claimed.digits.rstrip("0")
        if len(mantissa) >= 2 and mantissa == source.digits.rstrip("0"):
            return "the same digits at another power of ten"
    if source.resolution != claimed.resolution:
        return None
    length = len(claimed.digits)
    if length >= 4:
        bare = source.unit in (None, Unit.COUNT) and claimed.unit in COUNTABLE
        allowed = same_unit or (bare and length >= 6)
    else:
        alone = sum(other.unit is claimed.unit for other in sources) == 1
        allowed = same_unit and alone and claimed.unit is not Unit.COUNT and length >= 2
    return _digit_slip(claimed.digits, source.digits) if allowed else None


def _digit_slip(want: str, got: str) -> str | None:
    """How two equal-length digit strings differ, if by one digit or one swap of neighbours."""
    if len(want) != len(got) or want[0] != got[0]:
        return None
    diffs = [i for i, (a, b) in enumerate(zip(want, got, strict=True)) if a != b]
    if len(diffs) == 1:
        return "one digit differs"
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
        first, second = diffs
        if (want[first], want[second]) == (got[second], got[first]):
            return "two neighbouring digits swapped"
    return None


def _rival(
    claimed: Quantity, sentence: str, sources: tuple[Quantity, ...], text: str
) -> Misquote | None:
    if claimed.bound not in (Bound.EXACT, Bound.ABOUT) or claimed.unit in (None, Unit.COUNT):
        return None
    same = [s for s in sources if s.unit is claimed.unit and s.bound in (Bound.EXACT, Bound.ABOUT)]
    distances = ((_log_distance(claimed, source), source) for source in same)
    near = sorted((pair for pair in distances if pair[0] < _RIVAL_RATIO), key=lambda pair: pair[0])
    if not near:
        return None
    distance, best = near[0]
    if any(other < _RIVAL_MARGIN * distance for other, s in near[1:] if s.value != best.value):
        return None
    tie = _tie(claimed, sentence, best, same, text)
    if tie is None:
        return None
    unit = claimed.unit.value if claimed.unit else "figure"
    return Misquote(best, f"the nearest {unit} figure on the page, tied to the claim by {tie}", 0.6)


def _log_distance(claimed: Quantity, source: Quantity) -> float:
    if claimed.value <= 0 or source.value <= 0:
        return math.inf
    return abs(math.log(float(source.value / claimed.value)))


def _tie(
    claimed: Quantity, sentence: str, source: Quantity, same: list[Quantity], text: str
) -> str | None:
    """What ties the source figure to the claim's sentence, in words, or None."""
    context = _sentence_around(text, source)
    anchors = [a for a in shared_anchors(sentence, context) if not is_event(a)]
    if anchors:
        return f"the name or word {anchors[0]!r}"
    years = set(_CLAIM_YEAR.findall(sentence))
    before = _SOURCE_YEAR.findall(text, max(0, source.start - _YEAR_BEFORE), source.start)
    if before and before[-1] in years:
        return f"the year {before[-1]}"
    approximate = [other for other in same if other.bound is Bound.ABOUT]
    if claimed.bound is Bound.ABOUT and approximate == [source]:
        return "both being approximate, the page's only approximate figure of the unit"
    slip = claimed.resolution == source.resolution and _digit_slip(claimed.digits, source.digits)
    if slip and len(claimed.digits) >= 3:
        return f"a slip of the pen ({slip})"
    return None


def _sentence_around(text: str, quantity: Quantity) -> str:
    """The source sentence (or table line) that holds `quantity`."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, quantity.start)]
    after = _SENTENCE_END.search(text, quantity.end)
    return text[starts[-1] if starts else 0 : after.start() if after else len(text)]
