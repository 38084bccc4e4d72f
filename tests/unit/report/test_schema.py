"""docs/report.schema.json: a valid Draft 2020-12 schema, its vocabularies the code's own,
every report the builders make valid against it, and a report that breaks the contract
(an unknown status, a key missing, a key too many) invalid.

tests/conftest.py checks every report.json a test writes under its `tmp_path` the same way
(`report_validator`, `schema_errors`)."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.builders import FETCHED, ROOT, make_report, snapshot
from tests.conftest import REPORT_SCHEMA, schema_errors
from tests.report_factory import large_report
from verifier import verify
from verifier.parse.header import FORMATS
from verifier.report import SCHEMA, render, to_json, write_issue_files
from verifier.report._merge import with_checks_of
from verifier.types import (
    CitationKind,
    CitationResult,
    ClaimKind,
    DateRole,
    Fallback,
    LinkHistory,
    LinkResult,
    LinkStatus,
    Mode,
    Report,
    Verdict,
    Whose,
)

SCHEMA_FILE = ROOT / "docs" / "report.schema.json"
CONTRACT = ROOT / "docs" / "contract.md"
CHECKED = datetime(2026, 11, 26, 15, 0, 0, tzinfo=UTC)


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text("utf-8"))


# --- reports built by hand: every builder, and a link-rot run's ----------------------------


def _links_report() -> Report:
    """`make_report`'s issue as a link-rot run sees it the next night: no checks; the source
    recovered, the dead link newly broken with its fallbacks, the reference still up."""
    source, dead, no_url, reference = make_report().results
    history = LinkHistory(
        first_seen=datetime(2024, 11, 11, 3, tzinfo=UTC),
        last_ok=datetime(2026, 11, 25, 3, tzinfo=UTC),
        failures=2,
        failing_since=datetime(2026, 11, 26, 3, tzinfo=UTC),
        previous=LinkStatus.OK,
    )
    own_copy = snapshot(dead.citation.url or "", id="s-good", fetched_at=FETCHED)
    fallback = Fallback(
        own_copy=own_copy,
        wayback_url="https://web.archive.org/web/20241106000000/https://www.axios.com/gone",
        wayback_timestamp="20241106000000",
    )
    broken = replace(dead.link, history=history, fallback=fallback)
    recovered = replace(
        source.link,
        history=LinkHistory(
            first_seen=datetime(2024, 11, 11, 3, tzinfo=UTC),
            last_ok=CHECKED,
            failures=0,
            failing_since=None,
            previous=LinkStatus.DEAD,
        ),
    )
    still = replace(reference.link, history=replace(history, failures=0, failing_since=None))
    results = (
        CitationResult(source.citation, recovered, source.page),
        CitationResult(dead.citation, broken),
        CitationResult(no_url.citation, no_url.link),
        CitationResult(reference.citation, still),
    )
    return replace(make_report(), results=results, mode=Mode.LINKS, generated_at=CHECKED)


def _only_fallbacks() -> Report:
    """A dead link with a Wayback copy and no own copy, one with neither timestamp nor own
    copy, and a timed-out fetch (a snapshot with no HTTP status)."""
    base = make_report()
    dead = base.results[1]
    wayback_only = replace(
        dead.link, fallback=Fallback(wayback_url="https://web.archive.org/web/2024/x")
    )
    timed_out = LinkResult(
        LinkStatus.TIMEOUT,
        "timed out after 3 s",
        snapshot(status=LinkStatus.TIMEOUT, http_status=None, body_sha256=None, body_size=0),
    )
    results = (replace(dead, link=wayback_only), replace(base.results[0], link=timed_out))
    return replace(base, results=results)


def _merged() -> dict[str, Any]:
    """A link-rot run's report.json: its links, the checks of the full run before it."""
    return with_checks_of(to_json(_links_report()), to_json(make_report()))


REPORTS = {
    "make_report": lambda: to_json(make_report()),
    "make_report without a date": lambda: to_json(make_report("no-date", None, "Untitled")),
    "large_report": lambda: to_json(large_report(40)),
    "empty report": lambda: to_json(replace(make_report(), results=())),
    "links run: history, fallbacks, changes": lambda: to_json(_links_report()),
    "wayback only, timeout": lambda: to_json(_only_fallbacks()),
    "links run merged with the run before": _merged,
}


@pytest.mark.parametrize("build", REPORTS.values(), ids=list(REPORTS))
def test_every_built_report_is_valid(report_validator: Draft202012Validator, build: Any) -> None:
    assert schema_errors(report_validator, build()) == []


def test_the_hand_built_reports_reach_every_optional_part() -> None:
    """The reports above are worth validating: between them they have changes, both kinds
    of change, a history, both fallbacks, carried-over checks."""
    links = to_json(_links_report())
    assert {change["change"] for change in links["changes"]} == {"new failure", "recovered"}
    dead = links["citations"][1]["link"]
    assert dead["history"]["previous_status"] == "ok"
    assert dead["fallback"]["archived_copy"] and dead["fallback"]["wayback"]
    assert links["checked_at"] is None and links["summary"]["checks"] == 0
    merged = _merged()
    assert merged["checked_at"] == to_json(make_report())["checked_at"]
    assert merged["summary"]["checks"] == 2 and merged["mode"] == "links"


def test_a_links_report_written_over_a_run_s_is_valid(
    tmp_path: Path, report_validator: Draft202012Validator
) -> None:
    """As the writer merges it (and as conftest's net checks it again after the test)."""
    write_issue_files(make_report(), tmp_path)
    write_issue_files(_links_report(), tmp_path)
    written = json.loads((tmp_path / "2024-11-11" / "report.json").read_text("utf-8"))
    assert written["mode"] == "links" and written["checked_at"] is not None
    assert schema_errors(report_validator, written) == []


def test_json_output_is_an_array_of_valid_reports(report_validator: Draft202012Validator) -> None:
    for reports in ([to_json(make_report())], [to_json(make_report()), _merged()]):
        printed = json.loads(render(reports, "json", frozenset()))
        assert isinstance(printed, list) and len(printed) == len(reports)
        for data in printed:
            assert schema_errors(report_validator, data) == []


def test_the_contract_s_example_is_valid(report_validator: Draft202012Validator) -> None:
    (example,) = re.findall(r"```json\n(.*?)```", CONTRACT.read_text("utf-8"), re.DOTALL)
    data = json.loads(example)
    assert data["schema"] == SCHEMA
    assert schema_errors(report_validator, data) == []


# --- the schema itself -------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert SCHEMA_FILE == REPORT_SCHEMA


def test_the_schema_names_the_code_s_version_and_top_level_keys() -> None:
    schema = _schema()
    assert schema["properties"]["schema"] == {"const": SCHEMA}
    written = to_json(make_report())
    assert schema["required"] == list(written) == list(schema["properties"])


def test_format_checking_is_on(report_validator: Draft202012Validator) -> None:
    """Instants are checked as RFC 3339 (by rfc3339-validator), not just as strings."""
    assert {"date", "date-time"} <= set(report_validator.format_checker.checkers)
    data = to_json(make_report())
    data["citations"][0]["source"]["published_at"] = "6 Nov 2024"
    data["citations"][0]["cited_date"] = "2024-02-30"
    errors = schema_errors(report_validator, data)
    assert any("published_at" in error for error in errors)
    assert any("cited_date" in error for error in errors)


def _enum(schema: dict[str, Any], *path: str) -> list[Any]:
    node: Any = schema
    for key in path:
        node = node[key]
    return [value for value in node["enum"] if value is not None]


def test_the_vocabularies_are_the_code_s() -> None:
    """Every enum of the schema lists exactly the values the code can write."""
    defs = _schema()["$defs"]
    assert _enum(defs, "link_status") == [status.value for status in LinkStatus]
    assert _enum(defs, "verdict") == [verdict.value for verdict in Verdict]
    assert _enum(defs, "citation", "properties", "kind") == [k.value for k in CitationKind]
    assert _enum(defs, "citation", "properties", "cited_date_role") == [r.value for r in DateRole]
    assert _enum(defs, "own_word", "properties", "kind") == [k.value for k in ClaimKind]
    assert _enum(defs, "own_word", "properties", "whose") == [w.value for w in Whose if w.own]
    assert _enum(defs, "issue", "properties", "format") == list(FORMATS)
    assert _enum(_schema(), "properties", "mode") == [mode.value for mode in Mode]
    kinds = {module.KIND for module in (*verify.CHECKS, *verify.OWN_WORD_CHECKS)}
    assert set(_enum(defs, "check", "properties", "kind")) == kinds


# --- reports that break the contract fail --------------------------------------------------


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(to_json(make_report()))
    change(data)
    return data


#: A change that breaks the contract, and what the validator says of it.
BROKEN = {
    "unknown link status": (
        lambda d: d["citations"][0]["link"].update(status="gone"),
        "$.citations[0].link.status: 'gone' is not one of",
    ),
    "unknown verdict": (
        lambda d: d["citations"][0]["checks"][0].update(verdict="maybe"),
        "$.citations[0].checks[0].verdict: 'maybe' is not one of",
    ),
    "unknown status counted": (
        lambda d: d["summary"]["by_link_status"].update(gone=1),
        "$.summary.by_link_status: 'gone' is not one of",
    ),
    "another schema": (lambda d: d.update(schema="verifier.report/1"), "$.schema:"),
    "unknown mode": (lambda d: d.update(mode="verify"), "$.mode: 'verify' is not one of"),
    "instant not in UTC": (
        lambda d: d.update(generated_at="2026-11-26T15:00:00+09:00"),
        "$.generated_at: '2026-11-26T15:00:00+09:00' does not match",
    ),
    "run never checked": (
        lambda d: d.update(checked_at=None),
        "$.checked_at: None is not of type 'string'",
    ),
    "links run with checks but no checked_at": (
        lambda d: d.update(mode="links", checked_at=None),
        "$.citations[0].checks:",
    ),
    "score above 1": (
        lambda d: d["citations"][0]["checks"][0].update(score=1.5),
        "$.citations[0].checks[0].score: 1.5 is greater than the maximum of 1",
    ),
    "a key too many": (
        lambda d: d["citations"][0].update(extra=True),
        "('extra' was unexpected)",
    ),
    "a link key too many": (
        lambda d: d["citations"][0]["link"].update(headers={}),
        "('headers' was unexpected)",
    ),
    "no snapshot but a status": (
        lambda d: d["citations"][2]["link"].update(http_status=200),
        "$.citations[2].link.http_status: 200 is not of type 'null'",
    ),
    "line 0": (
        lambda d: d["citations"][0].update(line=0),
        "$.citations[0].line: 0 is less than the minimum of 1",
    ),
    "missing citation url": (
        lambda d: d["citations"][0].pop("url"),
        "$.citations[0]: 'url' is a required property",
    ),
    "missing link reason": (
        lambda d: d["citations"][0]["link"].pop("reason"),
        "$.citations[0].link: 'reason' is a required property",
    ),
    "missing source text_chars": (
        lambda d: d["citations"][0]["source"].pop("text_chars"),
        "$.citations[0].source:",
    ),
    "missing check note": (
        lambda d: d["citations"][0]["checks"][0].pop("note"),
        "$.citations[0].checks[0]: 'note' is a required property",
    ),
    "missing summary by_verdict": (
        lambda d: d["summary"].pop("by_verdict"),
        "$.summary: 'by_verdict' is a required property",
    ),
}


@pytest.mark.parametrize(("change", "said"), BROKEN.values(), ids=list(BROKEN))
def test_a_broken_report_is_invalid(
    report_validator: Draft202012Validator, change: Any, said: str
) -> None:
    errors = schema_errors(report_validator, _broken(change))
    assert any(error.startswith(said) or said in error for error in errors), errors


@pytest.mark.parametrize("key", _schema()["required"])
def test_every_required_top_level_key_is_required(
    report_validator: Draft202012Validator, key: str
) -> None:
    data = to_json(make_report())
    del data[key]
    assert f"$: '{key}' is a required property" in schema_errors(report_validator, data)
