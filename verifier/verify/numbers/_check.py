"""Numbers in the issue vs the numbers its source states.

Every quantity of every NUMBER claim (`7470万6124票`, `約600億ドル`, `53歳`) is
looked for among the quantities of the source page (`74,706,124`, `around $60
billion`, `Age 53`), each page parsed once (`source_quantities`). The parsers
are `_quantities` (Japanese, and the types), `numbers._english` (English) and
`numbers._european` (German, French, Russian and Ukrainian pages). When the page
gives the claim's unit for several subjects (Mexico's and Canada's imports),
only the figures of the subject the claim names count (`numbers._subjects`).

- `supported`: the source states the same value in a compatible unit. Values
  match exactly, within the precision either side was written to (`7470万`
  against 74,706,124), within 5% when either side says "about", within 20%
  beyond a bound (`1000万票以上` against "more than 11 million votes"), or
  after a miles/km conversion. A number in the source without its unit (a
  table cell) supports only when it is distinctive (a decimal, three or more
  significant digits, or at least 1,000) or a count of ten or more; the score
  says how strong the unit evidence was.
- `contradicted`, only when nothing matches and one source figure is surely
  the same quantity written wrong: a slip of the pen (74,706,142 vs
  74,706,124, 950億 vs $9.5 billion) or the clearly nearest figure of the unit
  tied to the claim by a name, a shared word or a year. A false alarm costs a
  reviewer's trust: the rules and their guards are in `numbers._rivals`.
- `not_found` otherwise, naming another source of the issue that has it.

Not checked: numbers without a unit in the issue (`定数100`, `(+3`: nothing
says what they count, and a bare `3` matches something on any page), dates,
years, list markers and ordinals (see `quantities`). A NUMBER claim made only
of those yields no check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from verifier.types import Check, Citation, Claim, ClaimKind, Page, Verdict
from verifier.verify.context import CheckContext, found_elsewhere, unsaid
from verifier.verify.numbers._english import parse_english
from verifier.verify.numbers._european import LANGUAGES as EUROPEAN
from verifier.verify.numbers._european import parse_european
from verifier.verify.numbers._quantities import Bound, Quantity, Unit, parse_japanese
from verifier.verify.numbers._rivals import COUNTABLE, Said, misquote
from verifier.verify.numbers._subjects import measure_sources, subject_sources
from verifier.verify.tuning import MIN_ELSEWHERE, NUMBER_CONTEXT

KIND = "number"

_KM_PER_MILE = Decimal("1.609344")
_ABOUT = Decimal("0.05")
_BEYOND_BOUND = Decimal("0.2")
_CONVERSION = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """A source quantity that supports a claimed one, how strongly, and why."""

    source: Quantity
    score: float
    how: str


def applies(citation: Citation) -> bool:
    return any(claim.kind is ClaimKind.NUMBER for claim in citation.claims)


def check(ctx: CheckContext) -> tuple[Check, ...]:
    claimed = [
        (claim, quantity)
        for claim in ctx.citation.claims
        if claim.kind is ClaimKind.NUMBER
        for quantity in claim_quantities(claim.text, _date_texts(ctx.citation, claim))
    ]
    why = unsaid(ctx)
    if why is not None:
        return tuple(
            Check(KIND, q.text, c.line, Verdict.UNVERIFIABLE, note=why) for c, q in claimed
        )
    assert ctx.page is not None  # unsaid() returned None
    sources = ctx.readings.of(ctx.page, page_quantities)
    return tuple(
        _judge(ctx, claim, quantity, sources, tuple(q for c, q in claimed if c is claim))
        for claim, quantity in claimed
    )


def page_quantities(page: Page) -> tuple[Quantity, ...]:
    """Every quantity of a source page, in its language: read once per issue through
    `ctx.readings`, however many claims and citations ask."""
    return source_quantities(page.text, page.language)


def source_quantities(text: str, language: str | None = None) -> tuple[Quantity, ...]:
    """Every quantity of a source text (a page, a sentence) in the page's `language`.

    Where parsers read the same characters, Japanese readings win, then German,
    French or Russian ones (only on a page in that language: `6,1` is 6.1 there,
    a list in English), then English ones.
    """
    found = list(parse_japanese(text))
    european = (language or "").split("-")[0].lower() in EUROPEAN
    for layer in (parse_european(text) if european else (), parse_english(text)):
        found += [q for q in layer if not any(q.overlaps(other) for other in found)]
    return tuple(sorted(found, key=lambda q: q.start))


@lru_cache(maxsize=1024)
def claim_quantities(text: str, dates: tuple[str, ...] = ()) -> tuple[Quantity, ...]:
    """The quantities of an issue sentence worth checking: those with a unit, dates left out.

    English figures written in the issue (`$95 billion`) count too, when they carry a unit.
    A Russian or Ukrainian sentence is read as its sources are (`8,1%`, `2,6 млрд грн`: a
    decimal comma), and an English reading cut short by a decimal comma or a scale word
    (`$6` of `$6,5 млрд`, `$524` of `$524 млрд`) is no reading at all.
    """
    taken = list(parse_japanese(text, dates))
    cyrillic = _CYRILLIC.search(text) is not None
    if cyrillic:
        taken += [
            q
            for q in parse_european(text)
            if not any(q.overlaps(j) for j in taken) and not _a_year(q)
        ]
    english = [
        q
        for q in parse_english(text)
        if q.unit not in (None, Unit.COUNT)
        and not any(q.overlaps(t) for t in taken)
        and not (cyrillic and _CUT_SHORT.match(text, q.end))
    ]
    return tuple(sorted((*taken, *english), key=lambda q: q.start))


_CYRILLIC = re.compile("[А-Яа-яЁёІіЇїЄєҐґ]")
# What the English reader stops before in a Russian or Ukrainian figure: a decimal comma
# (`$6,5 млрд`) or a scale word (`$524 млрд`).
_CUT_SHORT = re.compile(r",\d|\s*(?:млрд|млн|трлн|тыс|тис)")


def _a_year(quantity: Quantity) -> bool:
    """`2023 года` of `в июле 2023 года` is a year, not 2,023 years."""
    return quantity.unit is Unit.YEARS and quantity.value >= _FIRST_YEAR


_FIRST_YEAR = 1000


def _date_texts(citation: Citation, claim: Claim) -> tuple[str, ...]:
    """Date mentions of the sentence: its own, or those of the DATE claim on the same words."""
    mentions = [d.text for d in claim.dates]
    for other in citation.claims:
        if other.kind is ClaimKind.DATE and (other.line, other.text) == (claim.line, claim.text):
            mentions += [d.text for d in other.dates]
    return tuple(mentions)


def _judge(
    ctx: CheckContext,
    claim: Claim,
    quantity: Quantity,
    sources: tuple[Quantity, ...],
    sentence: tuple[Quantity, ...],
) -> Check:
    """Judge one claimed figure; `sentence` holds all the figures its claim writes."""
    assert ctx.page is not None
    sources = measure_sources(quantity, claim.text, sources, ctx.page.text)
    sources, subject = subject_sources(quantity, claim.text, sources, ctx.page.text)
    found = best_match(quantity, sources)
    if found is not None:
        note = f"{found.how}: {_context(ctx.page.text, found.source)}"
        evidence = found.source.text
        return Check(
            KIND, quantity.text, claim.line, Verdict.SUPPORTED, evidence, found.score, note
        )
    companions = tuple(q for q in sentence if q is not quantity and q.unit is quantity.unit)
    page = ctx.readings.of(ctx.page, page_quantities)
    witnesses = tuple(
        found.source
        for other in sentence
        if other is not quantity and other.unit is not quantity.unit
        for found in (best_match(other, page),)
        if found is not None and (found.score >= MIN_ELSEWHERE or _distinctive(other))
    )
    said = Said(claim.text, companions, subject, witnesses)
    wrong = misquote(quantity, said, sources, ctx.page.text)
    if wrong is not None:
        source = wrong.source
        note = (
            f"the source says {source.text!r} ({_show(source)}), the issue {quantity.text!r} "
            f"({_show(quantity)}): {wrong.reason}; {_context(ctx.page.text, source)}"
        )
        return Check(
            KIND, quantity.text, claim.line, Verdict.CONTRADICTED, source.text, wrong.score, note
        )
    note = f"the source states no {_show(quantity)}"
    elsewhere = found_elsewhere(ctx, _finder(ctx, quantity))
    if elsewhere is not None:
        note = f"{note}; {elsewhere}"
    return Check(KIND, quantity.text, claim.line, Verdict.NOT_FOUND, note=note)


def best_match(claimed: Quantity, sources: Iterable[Quantity]) -> QuantityMatch | None:
    """The source quantity that best supports `claimed`, first in the text on ties."""
    best: QuantityMatch | None = None
    for source in sources:
        found = _match(claimed, source)
        if found is not None and (best is None or found.score > best.score):
            best = found
    return best


def _finder(ctx: CheckContext, claimed: Quantity) -> Callable[[Page], str | None]:
    """For `found_elsewhere`: a firm match (same unit, or a bare figure of 5+ significant digits)
    of no small count, so a stray `three people` or a table cell `227` names no other source."""

    def find(page: Page) -> str | None:
        if claimed.unit in COUNTABLE and claimed.value < 10:
            return None
        found = best_match(claimed, ctx.readings.of(page, page_quantities))
        return found.source.text if found is not None and found.score >= MIN_ELSEWHERE else None

    return find


def _match(claimed: Quantity, source: Quantity) -> QuantityMatch | None:
    unit = _unit_weight(claimed, source)
    if unit is None:
        return None
    weight, unit_how = unit
    value = _in_claimed_unit(claimed, source)
    closeness = _closeness(claimed, source, value)
    if closeness is None:
        return None
    score, how = closeness
    return QuantityMatch(source, round(score * weight, 2), f"{how}{unit_how}")


def _unit_weight(claimed: Quantity, source: Quantity) -> tuple[float, str] | None:
    """How far the source's unit backs the claimed one (1.0 same unit), or None if it cannot."""
    if source.unit is claimed.unit:
        return (0.8, ", both counts of things") if source.unit is Unit.COUNT else (1.0, "")
    if {source.unit, claimed.unit} == {Unit.MILES, Unit.KM}:
        return 0.9, ", converted between miles and km"
    if Unit.COUNT in (source.unit, claimed.unit) and {source.unit, claimed.unit} <= COUNTABLE:
        return 0.8, ", counted as a number of things"
    if source.unit is not None or claimed.unit is Unit.SCORE:
        return None
    if _distinctive(source):
        weight = 0.9 if len(source.digits.strip("0")) >= 5 else 0.7
        return weight, ", the source gives the number without a unit"
    if claimed.unit in COUNTABLE and source.value >= 10:
        return 0.5, ", the source gives the number without a unit (a weak match)"
    return None


def _distinctive(quantity: Quantity) -> bool:
    """A number unlikely to match by chance: a decimal, 3+ significant digits, or 1,000 or more."""
    value = quantity.value
    return (
        value != value.to_integral_value() or len(quantity.digits.strip("0")) >= 3 or value >= 1000
    )


def _in_claimed_unit(claimed: Quantity, source: Quantity) -> Decimal:
    if (source.unit, claimed.unit) == (Unit.MILES, Unit.KM):
        return source.value * _KM_PER_MILE
    if (source.unit, claimed.unit) == (Unit.KM, Unit.MILES):
        return source.value / _KM_PER_MILE
    return source.value


def _closeness(claimed: Quantity, source: Quantity, value: Decimal) -> tuple[float, str] | None:
    """Whether `value` (the source's, in the claimed unit) says what the claim says."""
    want = claimed.value
    if value == want:
        return 1.0, "same value"
    gap = abs(value - want)
    rounding = max(claimed.resolution, source.resolution / 2)
    relative = Decimal(0)
    if Bound.ABOUT in (claimed.bound, source.bound):
        relative = abs(want) * _ABOUT
    if claimed.unit is not source.unit and source.unit is not None:
        relative = max(relative, abs(want) * _CONVERSION)
    if gap < rounding or gap <= relative:
        return 0.85, "same value at the precision written"
    if _beyond_bound(claimed.bound, want, value):
        return 0.75, f"within {_BEYOND_BOUND:.0%} of the bound"
    return None


def _beyond_bound(bound: Bound, limit: Decimal, other: Decimal) -> bool:
    """`other` on the bound's side of `limit` and not far past it (以上 10M vs "11 million")."""
    if bound is Bound.AT_LEAST:
        return limit <= other <= limit * (1 + _BEYOND_BOUND)
    if bound is Bound.AT_MOST:
        return limit * (1 - _BEYOND_BOUND) <= other <= limit
    return False


def _show(quantity: Quantity) -> str:
    """`74,706,124 votes`, `about 54.8 percent`, `age 53`, `312` (no unit)."""
    value = quantity.value
    whole = value == value.to_integral_value()
    shown = f"{int(value):,}" if whole else f"{value.normalize():,f}"
    if quantity.unit is Unit.SCORE:
        shown = f"{int(value) // 1000}-{int(value) % 1000}"
    if quantity.unit in (Unit.AGE, Unit.TERM, Unit.SCORE, Unit.SUCCESSION):
        shown = f"{quantity.unit.value} {shown}"
    elif quantity.unit is not None:
        shown = f"{shown} {quantity.unit.value}"
    return shown if quantity.bound is Bound.EXACT else f"{quantity.bound.value} {shown}"


def _context(text: str, quantity: Quantity) -> str:
    """The source words around a figure, on one line, so a reviewer sees what it counts."""
    before = text[max(0, quantity.start - NUMBER_CONTEXT) : quantity.start]
    after = text[quantity.end : quantity.end + NUMBER_CONTEXT]
    return " ".join(f"…{before}[{quantity.text}]{after}…".split())
