"""The writer's arithmetic: derived from the source's figures, never looked for as words."""

from __future__ import annotations

from tests.builders import citation, ctx, page
from verifier.types import Claim, ClaimKind, Verdict, Whose
from verifier.verify import arithmetic, run_checks

SOURCE = "Imports were $475.6 billion from Mexico and $418.6 billion from Canada."


def _claims(worked: str) -> tuple[Claim, Claim]:
    return (
        Claim(ClaimKind.NUMBER, SOURCE, 20),
        Claim(ClaimKind.NUMBER, worked, 20, whose=Whose.ARITHMETIC),
    )


def test_a_sum_of_the_sources_figures_supports_the_writers_total() -> None:
    cited = citation(*_claims("more than $890 billion combined."))
    [check] = arithmetic.check(ctx(cited, page("Nothing about totals here.")))
    assert check.verdict is Verdict.SUPPORTED
    assert "$475.6 billion + $418.6 billion" in check.note


def test_a_total_no_figures_give_is_unverifiable_never_contradicted() -> None:
    cited = citation(*_claims("more than $990 billion combined."))
    [check] = arithmetic.check(ctx(cited, page("Nothing about totals here.")))
    assert check.verdict is Verdict.UNVERIFIABLE and "writer's own arithmetic" in check.note


def test_the_number_check_never_looks_for_the_writers_figure() -> None:
    cited = citation(*_claims("more than $890 billion combined."))
    found = run_checks(ctx(cited, page(SOURCE)))
    assert {(c.kind, c.verdict) for c in found if "890" in c.claim} == {
        ("arithmetic", Verdict.SUPPORTED)
    }
    assert all(c.verdict is Verdict.SUPPORTED for c in found if c.kind == "number")
