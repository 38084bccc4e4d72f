"""The writer's arithmetic, checked as arithmetic.

"More than $890 billion combined", 「前回よりも1000万票以上を積み増した」: the figure is
the writer's, worked out over figures of the source (`Claim.whose` is `arithmetic`), so
the source will not state it and a number check would call it missing. Instead the
figure is derived: from the figures the issue itself attributes to the same source (the
operands it shows the reader) and those of the source page in the same unit, every sum
and difference of two, every ratio and percentage, and each figure alone (a rounding,
"more than 10 million" over 10,153,221). A derivation that gives the claimed figure, as
the number check compares figures (at the precision written, a bound, "about"), makes
the arithmetic `supported`, with the sum shown; none makes it `unverifiable`: the
operands may be figures neither the issue nor the page gives, so a failed derivation
proves no error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from itertools import combinations

from verifier.types import Check, Citation, Claim, ClaimKind, Verdict, Whose
from verifier.verify.context import CheckContext, unsaid
from verifier.verify.numbers import Bound, Quantity, Unit, best_match, claim_quantities
from verifier.verify.numbers import source_quantities as page_figures

KIND = "arithmetic"
# Operands considered per claim: the issue's own first, then the page's; pairs grow with
# the square, and a chance match with them.
_MAX_OPERANDS = 24
_PERCENT = Decimal(100)


def applies(citation: Citation) -> bool:
    return any(_worked_out(claim) for claim in citation.claims)


def check(ctx: CheckContext) -> tuple[Check, ...]:
    own = [claim for claim in ctx.citation.claims if _worked_out(claim)]
    operands = _issue_operands(ctx.citation)
    if unsaid(ctx) is None and ctx.page is not None:
        operands += page_figures(ctx.page.text, ctx.page.language)
    return tuple(
        _judge(claim, quantity, operands)
        for claim in own
        for quantity in claim_quantities(claim.text)
    )


def _worked_out(claim: Claim) -> bool:
    return claim.kind is ClaimKind.NUMBER and claim.whose is Whose.ARITHMETIC


def _issue_operands(citation: Citation) -> list[Quantity]:
    """The figures the issue attributes to the source: the operands it shows the reader."""
    return [
        quantity
        for claim in citation.claims
        if claim.kind is ClaimKind.NUMBER and claim.whose is Whose.SOURCE
        for quantity in claim_quantities(claim.text)
    ]


def _judge(claim: Claim, claimed: Quantity, operands: list[Quantity]) -> Check:
    usable = [q for q in operands if q.unit is not None][:_MAX_OPERANDS]
    for derived, how in _derivations(usable, claimed.unit):
        if best_match(claimed, [derived]) is not None:
            note = f"the writer's own arithmetic: {how}, which gives {claimed.text}"
            return Check(KIND, claimed.text, claim.line, Verdict.SUPPORTED, how, 1.0, note)
    note = (
        "the writer's own arithmetic, not the source's words: no sum, difference or ratio of "
        "the figures the issue and the source give comes to it"
    )
    return Check(KIND, claimed.text, claim.line, Verdict.UNVERIFIABLE, note=note)


def _derivations(operands: list[Quantity], unit: Unit | None) -> Iterator[tuple[Quantity, str]]:
    """Every figure two operands (or one) give, with how, in the claimed unit."""
    for one in operands:
        if one.unit is unit:
            yield one, f"{one.text} alone, rounded"
    for a, b in combinations(operands, 2):
        if a.unit is b.unit is unit:
            yield _made(a, a.value + b.value), f"{a.text} + {b.text}"
            big, small = (a, b) if a.value >= b.value else (b, a)
            yield _made(a, big.value - small.value), f"{big.text} − {small.text}"
        if a.unit is b.unit and b.value and a.value:
            big, small = (a, b) if a.value >= b.value else (b, a)
            ratio = big.value / small.value
            if unit is Unit.PERCENT:
                share = small.value / big.value * _PERCENT
                yield _made(a, share, Unit.PERCENT), f"{small.text} of {big.text}"
                growth = (big.value - small.value) / small.value * _PERCENT
                yield _made(a, growth, Unit.PERCENT), f"{big.text} over {small.text}"
            elif unit is None or unit is Unit.COUNT:
                yield _made(a, ratio, unit), f"{big.text} ÷ {small.text}"


def _made(like: Quantity, value: Decimal, unit: Unit | None = None) -> Quantity:
    """A derived figure, written to the finest precision (it was computed, not rounded)."""
    return replace(
        like,
        value=value,
        unit=unit if unit is not None else like.unit,
        resolution=Decimal("0.0001"),
        bound=Bound.EXACT,
        text=f"{value:,.4f}".rstrip("0").rstrip("."),
    )
