"""The fix list: root causes, not checks; ranked by how sure; the rest counted once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.builders import make_report
from verifier.report import to_json
from verifier.types import Check, Verdict

V = Verdict


def _triage(*checks: Check) -> dict[str, Any]:
    """The triage of a report whose first citation (c01, a page read) has `checks`."""
    report = make_report()
    first = replace(report.results[0], checks=checks)
    data = to_json(replace(report, results=(first, *report.results[1:])))
    return dict(data["triage"])


DATE = Check(
    "event_date", "10月6日", 60, V.CONTRADICTED, "Wednesday, Nov. 6", 0.8, "the source dates it",
    sentence="Zelensky called Trump on Wednesday, Nov. 6.", correction="11月6日",
)  # fmt: skip
QUOTE = Check(
    "quote", "大統領選直後の10月6日に行われた電話会談", 60, V.CONTRADICTED,
    "Zelensky called Trump on Wednesday, Nov. 6.", 0.92, "the quote says '10月6日'",
)  # fmt: skip


def test_a_date_and_the_quote_holding_it_are_one_root_cause_with_its_correction() -> None:
    triage = _triage(QUOTE, DATE)
    [entry] = [e for e in triage["fix"] if e["citation"] == "c01"]
    assert (entry["what"], entry["issue_says"], entry["correction"]) == (
        "Wrong date",
        "10月6日",
        "11月6日",
    )
    assert entry["correction_kind"] == "replace"
    assert entry["checks"] == [1, 0] and entry["confidence"] == 0.92
    assert entry["source_says"] == "Zelensky called Trump on Wednesday, Nov. 6."
    assert entry["decisive"] == "Wednesday, Nov. 6"


def test_a_contradiction_the_checks_are_unsure_of_is_worth_a_look_not_a_fix() -> None:
    unsure = replace(DATE, score=0.6)
    triage = _triage(unsure)
    assert [e["what"] for e in triage["look"] if e["citation"] == "c01"] == ["Wrong date"]
    assert not [e for e in triage["fix"] if e["citation"] == "c01"]


def test_claims_a_source_lacks_when_its_passage_names_another_publisher_are_one_entry() -> None:
    other = Check(
        "publisher", "『ウォール・ストリート・ジャーナル』", 62, V.NOT_FOUND, note="named"
    )
    numbers = [Check("number", f"{n}マイル", 63, V.NOT_FOUND, note="not in") for n in (800, 5)]
    triage = _triage(other, *numbers)
    [entry] = [e for e in triage["look"] if e["citation"] == "c01"]
    assert entry["what"] == "Cited to the wrong source" and entry["checks"] == [0, 1, 2]
    assert (entry["correction"], entry["correction_kind"]) == (other.claim, "cite")
    assert "800マイル, 5マイル" in entry["why"]


def test_a_dead_link_is_a_fix_and_what_cannot_be_checked_is_counted_once_per_citation() -> None:
    unverifiable = [Check("number", str(n), 60, V.UNVERIFIABLE, note="not read") for n in range(5)]
    triage = _triage(*unverifiable)
    assert [e["what"] for e in triage["fix"]] == ["Dead link"]
    [dead] = triage["fix"]
    assert dead["confidence"] == 1.0 and dead["level"] == "error"
    assert {i["citation"]: i["unverifiable"] for i in triage["info"]}["c01"] == 5


def test_fixes_come_surest_first_and_each_has_a_stable_id() -> None:
    sure = replace(DATE, claim="3日", line=61, score=0.95, correction="4日")
    triage = _triage(DATE, sure)
    found = [e for e in triage["fix"] if e["citation"] == "c01"]
    assert [e["issue_says"] for e in found] == ["3日", "10月6日"]
    again = [e for e in _triage(DATE, sure)["fix"] if e["citation"] == "c01"]
    assert [e["id"] for e in found] == [e["id"] for e in again]
    moved = [e for e in _triage(replace(DATE, line=99))["fix"] if e["citation"] == "c01"]
    assert moved[0]["id"] == found[1]["id"]  # the same words found wrong: the same finding
