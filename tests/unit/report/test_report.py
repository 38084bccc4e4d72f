"""The report stage: the JSON contract, the files on disk, the console views."""

from __future__ import annotations

import base64
import hashlib
import html as html_module
import json
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.builders import make_report
from verifier.report import FORMATS, SCHEMA, exit_status, render, to_json, write_issue_reports
from verifier.types import Check, Fact, LinkStatus, Verdict

# --- a small schema checker -------------------------------------------------


NoneType = type(None)
OptStr = (str, NoneType)
OptInt = (int, NoneType)


class Nullable:
    """A nested object that may also be null."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec


class ListOf:
    """A list whose every item is an object of `spec`."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec


CHECK = {
    "kind": str,
    "claim": str,
    "line": int,
    "verdict": str,
    "evidence": OptStr,
    "score": (float, int, NoneType),
    "note": str,
}
LINK = {
    "status": str,
    "http_status": OptInt,
    "final_url": OptStr,
    "fetched_at": OptStr,
    "snapshot": OptStr,
}
SOURCE = {
    "title": OptStr,
    "publisher": OptStr,
    "published": OptStr,
    "language": OptStr,
    "paywalled": bool,
    "text_chars": int,
}
CITATION = {
    "id": str,
    "line": int,
    "kind": str,
    "url": OptStr,
    "cited_title": OptStr,
    "cited_publisher": OptStr,
    "cited_date": OptStr,
    "cited_date_role": OptStr,
    "link": LINK,
    "source": Nullable(SOURCE),
    "checks": ListOf(CHECK),
}
REPORT = {
    "schema": str,
    "issue": {"id": str, "title": str, "date": OptStr, "path": str},
    "generated_at": str,
    "summary": {
        "citations": int,
        "links": int,
        "checks": int,
        "by_verdict": dict,
        "by_link_status": dict,
    },
    "citations": ListOf(CITATION),
}


def assert_shape(value: Any, spec: Any, where: str = "$") -> None:
    """Fail with the JSON path of the first key that is missing or of the wrong type."""
    if isinstance(spec, Nullable):
        if value is not None:
            assert_shape(value, spec.spec, where)
    elif isinstance(spec, ListOf):
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            assert_shape(item, spec.spec, f"{where}[{i}]")
    elif isinstance(spec, dict):
        assert isinstance(value, dict), where
        for key, sub in spec.items():
            assert key in value, f"{where}.{key} missing"
            assert_shape(value[key], sub, f"{where}.{key}")
    else:
        is_bool = isinstance(value, bool)
        assert isinstance(value, spec) and (not is_bool or spec is bool), f"{where}: {value!r}"


# --- a report built by hand (tests/builders.py) ----------------------------


@pytest.fixture
def data() -> dict[str, Any]:
    return to_json(make_report())


def test_every_contract_key_is_present_with_its_type(data: dict[str, Any]) -> None:
    assert_shape(data, REPORT)
    assert data["schema"] == SCHEMA == "verifier.report/2"
    assert json.loads(json.dumps(data)) == data


def test_values_use_the_contract_vocabulary(data: dict[str, Any]) -> None:
    statuses = {s.value for s in LinkStatus}
    verdicts = {v.value for v in Verdict}
    for citation in data["citations"]:
        assert citation["kind"] in {"source", "reference"}
        assert citation["cited_date_role"] in {"published", "accessed", None}
        assert citation["link"]["status"] in statuses
        assert all(check["verdict"] in verdicts for check in citation["checks"])


def test_summary_counts(data: dict[str, Any]) -> None:
    assert data["summary"] == {
        "citations": 4,
        "links": 3,
        "checks": 2,
        "by_verdict": {"supported": 1, "unverifiable": 1},
        "by_link_status": {"ok": 2, "dead": 1, "no_url": 1},
    }


def test_dates_are_iso_and_instants_utc_with_z(data: dict[str, Any]) -> None:
    source, dead, no_url, _ = data["citations"]
    assert data["issue"]["date"] == "2024-11-11"
    assert data["generated_at"] == "2026-11-26T15:00:00Z"
    assert source["cited_date"] == "2024-11-06"
    assert source["link"]["fetched_at"] == "2024-11-11T03:00:05Z"
    assert source["source"]["published"] == "2024-11-06"
    assert source["source"]["published_at"] == "2024-11-06T17:00:00-05:00"
    assert no_url["cited_date_role"] == "accessed"
    assert dead["cited_date"] is None and dead["cited_date_role"] is None


def test_link_and_source_details(data: dict[str, Any]) -> None:
    source, dead, no_url, reference = data["citations"]
    assert source["link"]["snapshot"] == "s-200"
    assert source["link"]["redirects"][0] == {
        "url": "http://www.politico.com/news/2024/11/06/vetting",
        "http_status": 301,
        "location": "https://www.politico.com/news/2024/11/06/vetting",
        "via": "http",
    }
    assert source["source"]["text_chars"] == 5120
    assert source["checks"][0]["score"] == 0.95
    assert dead["link"]["http_status"] == 404 and dead["source"] is None
    assert no_url["url"] is None
    assert no_url["link"] == {
        "status": "no_url",
        "http_status": None,
        "final_url": None,
        "fetched_at": None,
        "snapshot": None,
        "body_sha256": None,
        "redirects": [],
        "reason": "cited without a link",
    }
    assert reference["kind"] == "reference" and reference["checks"] == []


def test_naive_generated_at_is_taken_as_utc() -> None:
    report = replace(make_report(), generated_at=datetime(2026, 1, 2, 3, 4, 5))
    assert to_json(report)["generated_at"] == "2026-01-02T03:04:05Z"


def test_write_issue_reports_writes_json_html_and_index(tmp_path: Path) -> None:
    page = write_issue_reports(make_report(), tmp_path)
    assert page == tmp_path / "2024-11-11" / "index.html"
    stored = json.loads((tmp_path / "2024-11-11" / "report.json").read_text("utf-8"))
    assert stored == to_json(make_report())
    assert "dead" in page.read_text("utf-8")
    index = (tmp_path / "index.html").read_text("utf-8")
    assert 'href="2024-11-11/index.html"' in index
    assert not list(tmp_path.rglob("*.tmp"))


def test_index_keeps_every_issue_newest_first(tmp_path: Path) -> None:
    write_issue_reports(make_report("2024-11-11", date(2024, 11, 11)), tmp_path)
    write_issue_reports(make_report("2024-11-12", date(2024, 11, 12)), tmp_path)
    write_issue_reports(make_report("2024-11-11", date(2024, 11, 11)), tmp_path)  # re-run
    index = (tmp_path / "index.html").read_text("utf-8")
    assert index.count('href="2024-11-11/index.html"') == 1
    assert index.index("2024-11-12/index.html") < index.index("2024-11-11/index.html")


def test_index_lists_an_unreadable_report_instead_of_hiding_it(tmp_path: Path) -> None:
    write_issue_reports(make_report(), tmp_path)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "report.json").write_text("{not json", "utf-8")
    write_issue_reports(make_report("2024-11-12", date(2024, 11, 12)), tmp_path)
    index = (tmp_path / "index.html").read_text("utf-8")
    assert "unreadable report.json" in index and "2024-11-11/index.html" in index


@pytest.mark.parametrize("bad_id", ["", "..", "a/b"])
def test_an_issue_id_cannot_escape_the_reports_dir(tmp_path: Path, bad_id: str) -> None:
    with pytest.raises(ValueError, match="directory name"):
        write_issue_reports(make_report(bad_id), tmp_path)


def test_html_escapes_source_text_and_allows_only_its_own_script(tmp_path: Path) -> None:
    page = write_issue_reports(make_report(title="<script>alert(1)</script>"), tmp_path)
    html = page.read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    [script] = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)  # the page's own, once
    [style] = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    assert html_module.unescape(policy[1]) == (
        f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
    )
    assert "unsafe" not in policy[1]  # no inline script or style but these two
    assert "prefers-color-scheme: dark" in style and "@media print" in style
    index = (tmp_path / "index.html").read_text("utf-8")
    assert "<script" not in index and "script-src &#39;none&#39;" in index


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()  # a raw-text element: no entities
    return "sha256-" + base64.b64encode(digest).decode()


def test_html_links_only_web_urls(tmp_path: Path) -> None:
    report = make_report()
    sneaky = replace(report.results[3].citation, url="javascript:alert(1)")
    report = replace(
        report, results=(*report.results[:3], replace(report.results[3], citation=sneaky))
    )
    html = write_issue_reports(report, tmp_path).read_text("utf-8")
    assert 'href="javascript:' not in html
    assert 'href="https://www.politico.com/news/2024/11/06/vetting"' in html


def test_exit_status_follows_fail_on(data: dict[str, Any]) -> None:
    assert exit_status(data, frozenset({"dead"})) == 1
    assert exit_status(data, frozenset({"unverifiable"})) == 1
    assert exit_status(data, frozenset({"contradicted", "soft_404"})) == 0
    assert exit_status(data, frozenset()) == 0


def test_text_names_the_dead_link_and_totals(data: dict[str, Any]) -> None:
    text = render([data], "text")
    dead_line = next(line for line in text.splitlines() if line.startswith("c02"))
    assert "dead" in dead_line and "HTTP 404 Not Found" in dead_line
    assert "https://www.axios.com/gone" in dead_line
    assert not any(line.startswith(("c01", "c04")) for line in text.splitlines())
    assert "4 citations, 3 links, 2 checks" in text
    assert "links:  dead 1, no_url 1, ok 2" in text


def test_json_format_round_trips(data: dict[str, Any]) -> None:
    text = render([data], "json")
    assert json.loads(text) == [data]  # an array for one issue as for several
    assert "消えた記事" in text  # not \u-escaped


def test_unknown_format_is_refused(data: dict[str, Any]) -> None:
    assert set(FORMATS) == {"text", "json", "junit", "github", "markdown", "sarif"}
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render([data], "xml")


def test_a_checks_facts_go_to_json_and_beside_the_evidence_in_html(tmp_path: Path) -> None:
    report = make_report()
    facts = (
        Fact("number", "約25分間", "about 25 minutes", True),
        Fact("date", "水曜日", "on Thursday", False, "the quote says 水曜日"),
        Fact("word", "<b>不安</b>"),
    )
    check = Check("quote", "会話は約25分間続いた", 70, Verdict.CONTRADICTED, "x", 0.9, "", facts)
    first = report.results[0]
    report = replace(report, results=(replace(first, checks=(check,)), *report.results[1:]))
    [found] = to_json(report)["citations"][0]["checks"]
    assert found["facts"] == [
        {"kind": "number", "claim": "約25分間", "source": "about 25 minutes", "agrees": True},
        {"kind": "date", "claim": "水曜日", "source": "on Thursday", "agrees": False},
        {"kind": "word", "claim": "<b>不安</b>", "source": None, "agrees": None},
    ]
    html = write_issue_reports(report, tmp_path).read_text("utf-8")
    assert (
        '<li class="agrees"><span aria-hidden="true">✓</span> number 約25分間 &harr; about 25'
        in html
    )
    assert '<li class="differs"><span aria-hidden="true">✗</span> date 水曜日' in html
    assert "word &lt;b&gt;不安&lt;/b&gt;" in html and "not in the evidence" in html
