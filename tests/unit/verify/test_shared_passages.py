"""Citations cited for the same words (one passage, one section headline) settle each other's
claims; other claims are not settled."""

from __future__ import annotations

from tests.builders import citation
from verifier.types import Check, Citation, Verdict
from verifier.verify import share_passages


def _source(cid: str, passage: str = "表の数字。", line: int = 49) -> Citation:
    return citation(
        id=cid, line=line, url=f"https://{cid}.example/", passage=passage, passage_line=37
    )


def test_a_claim_stated_by_a_co_cited_source_is_supported_by_the_pair() -> None:
    missing = Check("number", "2億3093万1921人", 41, Verdict.NOT_FOUND, note="absent")
    found = Check("number", "2億3093万1921人", 41, Verdict.SUPPORTED, "230,931,921", 1.0, "ok")
    settled = share_passages([(_source("c02"), (missing,)), (_source("c03", line=52), (found,))])
    assert settled[1] == (found,)
    (check,) = settled[0]
    assert (check.verdict, check.evidence) == (Verdict.SUPPORTED, "230,931,921")
    assert check.note.startswith("not in this source, but c03 (line 52)")


def test_a_headline_claim_under_two_passages_is_settled_by_either_source() -> None:
    missing = Check("number", "17対14", 12, Verdict.NOT_FOUND, note="absent")
    found = Check("number", "17対14", 12, Verdict.SUPPORTED, "17 to 14", 1.0, "ok")
    other = _source("c03", passage="別の段落。")
    settled = share_passages([(_source("c02"), (missing,)), (other, (found,))])
    assert settled[0][0].verdict is Verdict.SUPPORTED


def test_the_same_words_on_another_line_are_another_claim() -> None:
    missing = Check("number", "3人", 143, Verdict.NOT_FOUND, note="absent")
    found = Check("number", "3人", 150, Verdict.SUPPORTED, "three", 1.0, "ok")
    other = _source("c03", passage="別の段落。")
    settled = share_passages([(_source("c02"), (missing,)), (other, (found,))])
    assert settled[0] == (missing,)


def test_a_claim_that_no_source_cited_for_it_gives_is_one_finding() -> None:
    first = Check("event_date", "7日", 313, Verdict.NOT_FOUND, note="no 2024-11-07")
    second = Check("event_date", "7日", 313, Verdict.NOT_FOUND, note="no dates")
    other = _source("c05", passage="別の段落。", line=344)
    settled = share_passages([(_source("c02"), (first,)), (other, (second,))])
    assert settled[1] == ()
    (check,) = settled[0]
    assert check.verdict is Verdict.NOT_FOUND
    assert check.note == "no 2024-11-07; nor in c05 (line 344), cited for it too"
