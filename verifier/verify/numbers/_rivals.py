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
   the unit, since a page of ages or seat counts is full of near neighbours,
   unless three digits of an amount or a rate are written (29.1兆円 vs
   21.9兆円): those have few neighbours.
2. A tied rival (score 0.6): the source figure of the same specific unit
   (not a mere count) that is clearly the nearest (within a factor of 2,
   20% against 10% included, the runner-up at least twice as far on a log
   scale) and tied to the claim by its surroundings: a name the claim also
   writes, in katakana (Harris ~ ハリス, through `text.anchors`; its event
   words, such as 反対票 ~ "voted", tie too loosely to count); a word a
   Japanese source shares with it, when the word stands next to both figures
   (`選挙人は236人` vs `226人の選挙人`) or a second word is shared too (a lone
   place, 東京で3時間 vs 東京から大阪まで新幹線で5時間, says nothing of what
   was timed); the year the claim names, as the last year before the figure
   on a page of several years (`2020年の投票率` vs "2020: ... 62.8 percent";
   a budget page of one year ties every figure to it); the subject the claim
   names (`numbers._subjects`: Canada's figure, not Mexico's); the claim's
   other figures of the unit being the page's, one figure of it left
   (6発のうち4発 vs six fired, five downed); or, when both figures say
   "about", the page having no other approximate figure of that unit; or,
   for three digits or more, being a one-digit slip of it (226議席 vs 216
   seats when the page also has 52 seats). Nothing ties when the claim names
   an event (電話 ~ call) and the source sentence names only others (a press
   conference): a name is no event, and Zelensky's 40 minutes at a press
   conference are not his 25-minute call.
3. A tied slip of a decimal's leading digit (score 0.6: 1.9% vs 0.9%), the
   only such figure of the unit with a word the claim writes beside its
   figure beside it too (年率換算で).

Bounds (`以上`, "more than") are never contradicted: they say too little.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from verifier.verify.numbers._quantities import Bound, Quantity, Unit
from verifier.verify.text.anchors import events_in, is_event, is_name, shared_anchors
from verifier.verify.tuning import RIVAL_MARGIN, RIVAL_RATIO, YEAR_BEFORE

COUNTABLE = frozenset({Unit.VOTES, Unit.ELECTORAL_VOTES, Unit.SEATS, Unit.PEOPLE, Unit.COUNT})
COUNTABLE |= {Unit.HOME_RUNS, Unit.STOLEN_BASES, Unit.HITS, Unit.RUNS_BATTED_IN}
COUNTABLE |= {Unit.WINS, Unit.LOSSES, Unit.MISSILES, Unit.DRONES, Unit.HOUSEHOLDS, Unit.TIMES}
# A count says too little of what it counts; a score's value is no magnitude to be near.
_NO_RIVALS = frozenset({None, Unit.COUNT, Unit.SCORE})
_CLAIM_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")
_SOURCE_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")
# At most a particle between a word and a figure: the word says what the figure counts.
_PARTICLE = r"[ぁ-ゖ、\s]{0,2}"


@dataclass(frozen=True, slots=True)
class Said:
    """The issue's sentence around a claimed figure: its text, its other figures of the
    unit, and the subject (`numbers._subjects`) that chose the source figures, if any."""

    text: str
    companions: tuple[Quantity, ...] = ()
    subject: str | None = None
    # Source figures that support the claim's other figures (`3万616件` -> "30,616 crossings").
    witnesses: tuple[Quantity, ...] = ()


@dataclass(frozen=True, slots=True)
class Misquote:
    """The source figure a claimed one gets wrong, why we think so, and how sure we are."""

    source: Quantity
    reason: str
    score: float


def misquote(
    claimed: Quantity, said: Said, sources: tuple[Quantity, ...], text: str
) -> Misquote | None:
    """The source figure that `claimed` (from the issue's sentence) surely misquotes, if any."""
    return (
        _slip(claimed, sources)
        or _witnessed(claimed, said, sources, text)
        or _rival(claimed, said, sources, text)
        or _tied_slip(claimed, said.text, sources, text)
    )


def _slip(claimed: Quantity, sources: tuple[Quantity, ...]) -> Misquote | None:
    if claimed.bound is not Bound.EXACT or claimed.unit is Unit.SCORE:
        return None  # a score's digits are two numbers: 7-6 is no slip of 7-5
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
        if bare and length == 5 and not allowed:
            # a five-digit count with two neighbouring digits swapped (96,570 for 96,750)
            # is no coincidence; one digit off may be (a bare 96,571 is another figure)
            slip = _digit_slip(claimed.digits, source.digits)
            return slip if slip is not None and "swapped" in slip else None
    else:
        alone = sum(other.unit is claimed.unit for other in sources) == 1
        alone = alone or (length == 3 and claimed.unit not in COUNTABLE)
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
    claimed: Quantity, said: Said, sources: tuple[Quantity, ...], text: str
) -> Misquote | None:
    if claimed.bound not in (Bound.EXACT, Bound.ABOUT) or claimed.unit in _NO_RIVALS:
        return None
    same = [s for s in sources if s.unit is claimed.unit and s.bound in (Bound.EXACT, Bound.ABOUT)]
    taken = {q.value for q in said.companions}
    left = [source for source in same if source.value not in taken]
    distances = ((_log_distance(claimed, source), source) for source in left)
    near = sorted((pair for pair in distances if pair[0] <= RIVAL_RATIO), key=lambda pair: pair[0])
    if not near:
        return None
    distance, best = near[0]
    if any(other < RIVAL_MARGIN * distance for other, s in near[1:] if s.value != best.value):
        return None
    if _another_event(said.text, _words_around(text, best, sources)):
        return None
    tie = _tie(claimed, said.text, best, same, text) or _sentence_tie(said, best, same, left)
    if tie is None:
        return None
    unit = claimed.unit.value if claimed.unit else "figure"
    return Misquote(best, f"the nearest {unit} figure on the page, tied to the claim by {tie}", 0.6)


def _witnessed(
    claimed: Quantity, said: Said, sources: tuple[Quantity, ...], text: str
) -> Misquote | None:
    """The one figure of the unit in the source sentence that states the claim's other figure.

    `3万616件で、前年より28％増えました` against "recorded 30,616 crossings, up
    18%": the crossings tie the sentence to the claim, and its only percentage
    is what the claim's 28% renders. Near figures only (within a factor of 2).
    """
    if claimed.bound not in (Bound.EXACT, Bound.ABOUT) or claimed.unit in _NO_RIVALS:
        return None
    spans = {_sentence_span(text, witness) for witness in said.witnesses}
    taken = {q.value for q in said.companions}
    candidates = {
        source.value: source
        for source in sources
        if source.unit is claimed.unit
        and source.bound in (Bound.EXACT, Bound.ABOUT)
        and source.value not in taken
        and any(start <= source.start < end for start, end in spans)
    }
    if len(candidates) != 1:
        return None
    best = next(iter(candidates.values()))
    if _log_distance(claimed, best) > RIVAL_RATIO:
        return None
    witness = next(w for w in said.witnesses if _sentence_span(text, w) in spans)
    unit = claimed.unit.value if claimed.unit else "figure"
    reason = f"the only {unit} figure in the sentence that gives the claim's {witness.text!r}"
    return Misquote(best, reason, 0.6)


def _sentence_tie(
    said: Said, best: Quantity, same: list[Quantity], left: list[Quantity]
) -> str | None:
    """A tie through the claim's sentence: the subject it names, or its other figures.

    When the claim's other figures of the unit (6発のうち4発: the 6) are the
    page's, the one figure of the unit left is what the claim gets wrong.
    """
    if said.subject is not None:
        return f"the subject {said.subject!r}"
    if len(left) < len(same) and {source.value for source in left} == {best.value}:
        return "the claim's other figures of the unit, the page's figure left over"
    return None


def _tied_slip(
    claimed: Quantity, sentence: str, sources: tuple[Quantity, ...], text: str
) -> Misquote | None:
    """A slip of the leading digit of a decimal (1.9% vs 0.9%), the only such figure of the
    unit with a word beside it that the claim also writes beside its figure (年率換算で)."""
    if claimed.bound is not Bound.EXACT or claimed.unit in _NO_RIVALS:
        return None
    found = {
        source.value: source
        for source in sources
        if source.unit is claimed.unit
        and source.bound is Bound.EXACT
        and source.resolution == claimed.resolution < 1
        and _padded_slip(claimed.digits, source.digits)
        and _beside(claimed, sentence, source, text)
    }
    if len(found) != 1:
        return None
    source = next(iter(found.values()))
    return Misquote(source, "one digit differs, the same word beside both figures", 0.6)


def _padded_slip(want: str, got: str) -> bool:
    """The leading digit alone changed, leading zeros written out: `19` (1.9) vs `9` (0.9)."""
    width = max(len(want), len(got))
    want, got = want.zfill(width), got.zfill(width)
    return width >= 2 and want[0] != got[0] and want[1:] == got[1:]


def _beside(claimed: Quantity, sentence: str, source: Quantity, text: str) -> bool:
    words = shared_anchors(sentence, _sentence_around(text, source))
    return any(
        not is_event(word) and _next_to(word, sentence, claimed) and _next_to(word, text, source)
        for word in words
    )


def _log_distance(claimed: Quantity, source: Quantity) -> float:
    if claimed.value <= 0 or source.value <= 0:
        return math.inf
    return abs(math.log(float(source.value / claimed.value)))


def _tie(
    claimed: Quantity, sentence: str, source: Quantity, same: list[Quantity], text: str
) -> str | None:
    """What ties the source figure to the claim's sentence, in words, or None.

    A word inside either figure is its unit (時間 of 3時間 and 5時間), no tie.
    """
    words = [
        anchor
        for anchor in shared_anchors(sentence, _sentence_around(text, source))
        if not is_event(anchor) and anchor not in claimed.text and anchor not in source.text
    ]
    firm = [
        word
        for word in words
        if is_name(word) or (_next_to(word, sentence, claimed) and _next_to(word, text, source))
    ]
    if firm:
        return f"the name or word {firm[0]!r}"
    tie = _figure_tie(claimed, sentence, source, same, text)
    if tie is None and len(words) >= 2:
        tie = f"the words {words[0]!r} and {words[1]!r}"
    return tie


def _figure_tie(
    claimed: Quantity, sentence: str, source: Quantity, same: list[Quantity], text: str
) -> str | None:
    """A tie through the figure itself: the year before it, its being approximate, or a slip."""
    years = set(_CLAIM_YEAR.findall(sentence))
    before = _SOURCE_YEAR.findall(text, max(0, source.start - YEAR_BEFORE), source.start)
    several = len(set(_SOURCE_YEAR.findall(text))) > 1
    if before and before[-1] in years and several:
        return f"the year {before[-1]}"
    approximate = [other for other in same if other.bound is Bound.ABOUT]
    if claimed.bound is Bound.ABOUT and approximate == [source]:
        return "both being approximate, the page's only approximate figure of the unit"
    slip = claimed.resolution == source.resolution and _digit_slip(claimed.digits, source.digits)
    if slip and len(claimed.digits) >= 3:
        return f"a slip of the pen ({slip})"
    return None


def _another_event(sentence: str, context: str) -> bool:
    """Does the source sentence name events, none of them the one the claim's sentence names?

    A name or a word shared by two sentences about different events (a call,
    a press conference) ties two different quantities.
    """
    claimed = events_in(sentence, english=False)
    if not claimed:
        return False
    named = events_in(context)
    return bool(named) and not claimed & named


def _next_to(word: str, text: str, quantity: Quantity) -> bool:
    """Is `word` beside the figure, a particle at most between (東京で3時間, 3時間の会議)?"""
    reach = len(word) + 2
    before = text[max(0, quantity.start - reach) : quantity.start]
    after = text[quantity.end : quantity.end + reach]
    pattern = re.escape(word)
    return bool(
        re.search(f"{pattern}{_PARTICLE}$", before) or re.match(f"{_PARTICLE}{pattern}", after)
    )


def _sentence_around(text: str, quantity: Quantity) -> str:
    """The source sentence (or table line) that holds `quantity`."""
    start, end = _sentence_span(text, quantity)
    return text[start:end]


def _words_around(text: str, quantity: Quantity, sources: tuple[Quantity, ...]) -> str:
    """The source sentence that holds `quantity`, its figures blanked.

    A unit is no event: `226 electoral votes` counts votes, it does not say a vote took place.
    """
    start, end = _sentence_span(text, quantity)
    words = list(text[start:end])
    for other in sources:
        if start <= other.start and other.end <= end:
            words[other.start - start : other.end - start] = " " * (other.end - other.start)
    return "".join(words)


def _sentence_span(text: str, quantity: Quantity) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, quantity.start)]
    after = _SENTENCE_END.search(text, quantity.end)
    return starts[-1] if starts else 0, after.start() if after else len(text)
