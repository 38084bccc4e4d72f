"""The measures `verifier eval` computes from outcomes."""

from __future__ import annotations

from datetime import date

from tests.builders import citation
from verifier.evaluate import Outcome, Results
from verifier.evaluate._cases import Case
from verifier.types import LinkResult, LinkStatus, Verdict


def _outcome(expected: Verdict, predicted: Verdict | None) -> Outcome:
    case = Case(
        "c", "quote", "claim", expected, "why", citation(), None,
        LinkResult(LinkStatus.OK, "HTTP 200 OK"), date(2024, 11, 11),
    )  # fmt: skip
    return Outcome(case, predicted, ())


def test_faithful_called_is_the_share_of_supported_cases_given_that_verdict() -> None:
    results = Results((
        _outcome(Verdict.SUPPORTED, Verdict.SUPPORTED),
        _outcome(Verdict.SUPPORTED, Verdict.CONTRADICTED),
        _outcome(Verdict.SUPPORTED, Verdict.UNVERIFIABLE),
        _outcome(Verdict.SUPPORTED, None),
        _outcome(Verdict.CONTRADICTED, Verdict.CONTRADICTED),  # not faithful: not counted
    ))  # fmt: skip
    assert results.faithful_called(Verdict.CONTRADICTED) == 0.25
    assert results.faithful_called(Verdict.UNVERIFIABLE) == 0.25
    untrue_only = Results((_outcome(Verdict.NOT_FOUND, Verdict.NOT_FOUND),))
    assert untrue_only.faithful_called(Verdict.CONTRADICTED) is None
