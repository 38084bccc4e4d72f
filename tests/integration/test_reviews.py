"""Review decisions (`verifier review`): kept in the archive, shown on every later report,
a dismissed finding off the lists and failing no run until its claim or source changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from localweb import LocalWeb
from localweb._routes import Route
from verifier.cli import main

URL = "https://failures.test/review/harbour-story"
ISSUE = f"""# Harbour weekly 2024.11.12号

The council "approved the harbour budget in full" ([Harbour Times]({URL})).
"""
PAGE = (
    "<html><head><title>Harbour news</title></head>"
    "<body><article><h1>Harbour news</h1>{}</article></body></html>"
)
BEFORE = "<p>The council met on Tuesday and argued about the ferry timetable for hours.</p>" * 3
OTHER = "<p>The ferry timetable was changed again on Wednesday, after a long debate.</p>" * 3
AFTER = "<p>The council approved the harbour budget in part on Tuesday evening.</p>" * 3


def _serve(local_web: LocalWeb, text: str) -> None:
    local_web.add(Route(URL, body=PAGE.format(text).encode("utf-8")))


def _cli(local_web: LocalWeb, tmp_path: Path, *args: str) -> Result:
    folders = ["--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports")]
    return CliRunner().invoke(main, [*args, *folders])


def _run(local_web: LocalWeb, tmp_path: Path) -> tuple[Result, dict[str, Any]]:
    issue = tmp_path / "issue.md"
    issue.write_text(ISSUE, encoding="utf-8")
    routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
    tls = ["--ca-bundle", str(local_web.ca_path), "--no-progress", "--format", "json"]
    result = _cli(local_web, tmp_path, "run", str(issue), *tls, *routes, "--fail-on", "not_found")
    [report] = json.loads(result.output)
    return result, report


def test_a_dismissed_finding_stays_dismissed_until_its_source_changes(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    _serve(local_web, BEFORE)
    first, report = _run(local_web, tmp_path)
    assert first.exit_code == 1  # the quote is not in the source: --fail-on not_found
    [finding] = report["triage"]["look"]
    assert finding["what"] == "Not in the cited source" and finding["review"] is None
    anchor = f"{finding['citation']}-{finding['checks'][0] + 1}"  # as the page names the check
    issue_id = report["issue"]["id"]
    decided = _cli(local_web, tmp_path, "review", issue_id, anchor, "--dismiss", "--note", "ok")
    assert decided.exit_code == 0, decided.output
    assert finding["id"] in decided.output
    saved = json.loads((tmp_path / "reports" / issue_id / "report.json").read_text("utf-8"))
    assert [e["id"] for e in saved["triage"]["dismissed"]] == [finding["id"]]
    page = (tmp_path / "reports" / issue_id / "index.html").read_text("utf-8")
    assert "Dismissed by a reviewer: 1" in page and "dismissed: ok" in page

    again, rerun = _run(local_web, tmp_path)  # the same source: still dismissed
    assert again.exit_code == 0, again.output  # and it fails the run no more
    assert rerun["triage"]["look"] == []
    [kept] = rerun["triage"]["dismissed"]
    assert kept["review"] == {**kept["review"], "decision": "dismissed", "holds": True}

    _serve(local_web, OTHER)  # the source changed, and still lacks the words: it is back
    changed, latest = _run(local_web, tmp_path)
    [back] = latest["triage"]["look"]
    assert back["id"] == finding["id"] and back["review"]["holds"] is False
    assert latest["triage"]["dismissed"] == [] and changed.exit_code == 1

    _serve(local_web, AFTER)  # now it says otherwise: another finding, to fix, undecided
    _, contradicted = _run(local_web, tmp_path)
    [fix] = contradicted["triage"]["fix"]
    assert fix["what"] == "Quote differs from the source" and fix["review"] is None
    assert fix["decisive"] == "approved the harbour budget in part"


def test_a_review_needs_a_decision_a_report_and_a_known_finding(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    _serve(local_web, BEFORE)
    _, report = _run(local_web, tmp_path)
    issue_id = report["issue"]["id"]
    none = _cli(local_web, tmp_path, "review", issue_id, "c01-1")
    assert none.exit_code == 2 and "--accept, --dismiss or --fixed" in none.output
    unknown = _cli(local_web, tmp_path, "review", issue_id, "c09-9", "--accept")
    assert unknown.exit_code == 2 and "no finding 'c09-9'" in unknown.output
    missing = _cli(local_web, tmp_path, "review", "no-such-issue", "c01-1", "--accept")
    assert missing.exit_code == 2 and "no verifier.report/2 report" in missing.output
