"""Citations of one passage settle each other's claims; those of different passages do not."""

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


def test_citations_of_different_passages_do_not_settle_each_other() -> None:
    missing = Check("number", "3人", 143, Verdict.NOT_FOUND, note="absent")
    found = Check("number", "3人", 143, Verdict.SUPPORTED, "three", 1.0, "ok")
    other = _source("c03", passage="別の段落。")
    settled = share_passages([(_source("c02"), (missing,)), (other, (found,))])
    assert settled[0] == (missing,)
