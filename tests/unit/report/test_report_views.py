"""The HTML views' parts that need no browser: shared words, claims marked in the issue,
the archived source pages, the index's health and link-rot trend."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from tests.builders import make_report
from verifier.report import write_index, write_issue_reports
from verifier.report._chart import trend_chart
from verifier.report._marks import reading_lines, shared_segments
from verifier.types import Check, TrendDay, Verdict


def _shared(segments: list) -> list[str]:  # type: ignore[type-arg]
    return [s.text for s in segments if s.shared]


def test_shared_words_are_marked_on_both_sides_whatever_their_width_or_case() -> None:
    claim, evidence = shared_segments(
        "Trump’s call lasted ２５ minutes", "The call with TRUMP lasted about 25 minutes."
    )
    assert "".join(s.text for s in claim) == "Trump’s call lasted ２５ minutes"
    # in order only: "TRUMP" comes after "call" in the evidence, so it is left unmarked
    assert _shared(claim) == ["call", "lasted", "２５", " minutes"]
    assert _shared(evidence) == ["call", "lasted", "25", " minutes"]
    assert [s.text for s in claim if s.figure] == ["２５"]


def test_one_shared_kana_or_comma_is_not_a_match_but_two_kanji_are() -> None:
    claim, evidence = shared_segments("北朝鮮軍の派遣、", "北朝鮮の兵士の、")
    assert _shared(claim) == ["北朝鮮"] and _shared(evidence) == ["北朝鮮"]


def test_an_evidence_too_long_to_align_is_shown_plain() -> None:
    claim, evidence = shared_segments("budget vote", "budget vote " * 3000)
    assert not _shared(claim) and not _shared(evidence)
    assert "".join(s.text for s in evidence) == "budget vote " * 3000


def test_claims_are_marked_in_place_and_the_rest_beside_their_line() -> None:
    citations = [
        {
            "id": "c01",
            "line": 3,
            "url_line": 4,
            "url": "https://example.test/a",
            "link": {"status": "dead"},
            "checks": [
                {"claim": "25分間", "line": 2, "verdict": "supported"},
                {"claim": "not on the line", "line": 2, "verdict": "not_found"},
            ],
        }
    ]
    lines = ["Title", "会話は約25分間続いた", "※Story", "https://example.test/a"]
    first, second, third, fourth = reading_lines(lines, citations)
    assert first.segments == (("Title", None),) and first.level is None
    assert [text for text, _ in second.segments] == ["会話は約", "25分間", "続いた"]
    mark = second.segments[1][1]
    assert mark is not None and (mark.verdict, mark.anchor) == ("supported", "c01-1")
    assert [(m.verdict, m.anchor) for m in second.unplaced] == [("not_found", "c01-2")]
    assert second.level == "bad" and third.level is None
    assert fourth.level == "bad" and fourth.segments[0][1] is not None  # the dead link


def test_trend_needs_two_days_and_scales_to_the_worst_share() -> None:
    day = date(2026, 11, 1)
    assert trend_chart([TrendDay(day, 10, 1, 0)]) is None
    chart = trend_chart([TrendDay(day, 10, 1, 0), TrendDay(day + timedelta(days=1), 10, 3, 1)])
    assert chart is not None
    failed, inconclusive = chart.series
    assert [label for _, label in chart.y_ticks] == ["0%", "7.5%", "15%", "22.5%", "30%"]
    (x0, y0), (x1, y1) = (tuple(map(float, p.split(","))) for p in failed.points.split())
    assert x0 < x1 and y1 < y0  # more failures the second day: higher on the chart
    assert failed.dots[1][2] == "2026-11-02: 3 of 10 failed"
    assert inconclusive.dots[0][1] == chart.y_ticks[0][0]  # 0% sits on the axis


def test_each_source_read_gets_an_archived_text_view_with_its_evidence_marked(
    tmp_path: Path,
) -> None:
    report = make_report()
    source = report.results[0]
    assert source.page is not None and source.link.snapshot is not None
    hostile = "<img src=x onerror=alert(1)> The vetting began on Wednesday."
    page = replace(source.page, text=hostile)
    check = Check("quote", "vetting began", 60, Verdict.SUPPORTED, "The vetting began", 0.9, "")
    dated = Check(
        "event_date", "11月6日", 61, Verdict.CONTRADICTED, "Wednesday", 0.8, "",
        sentence="The vetting began on Wednesday.",
    )  # fmt: skip
    report = replace(
        report, results=(replace(source, page=page, checks=(check, dated)), *report.results[1:])
    )
    issue_page = write_issue_reports(report, tmp_path)
    view = issue_page.parent / "sources" / f"{source.link.snapshot.id}.html"
    html = view.read_text("utf-8")
    # each check's passage under its own anchor, coloured by its verdict, with a way back
    assert (
        '<mark id="ev-c01-1" class="passage good"><strong>The vetting began</strong></mark>' in html
    )
    assert 'href="../index.html#c01-1"' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    page_html = issue_page.read_text("utf-8")
    assert f'href="sources/{source.link.snapshot.id}.html"' in page_html
    # the issue page links the check to its passage; the overlapping second one is not
    # marked, so it links nowhere it would not land
    assert f'href="sources/{source.link.snapshot.id}.html#ev-c01-1"' in page_html
    assert "#ev-c01-2" not in page_html


def test_the_index_shows_each_issues_health(tmp_path: Path) -> None:
    write_issue_reports(make_report(), tmp_path)
    index = write_index(tmp_path).read_text("utf-8")
    # one dead link (bad), one citation without a URL (inconclusive), two fine
    assert 'aria-label="1 citations with a problem, 1 inconclusive, 2 fine"' in index
    # what to fix (the dead link) and the link statuses counted apart from the checks
    cells = index.split("<tbody>")[1].split("</tr>")[0]
    assert '<a class="badge bad" href="2024-11-11/index.html#fix">1</a>' in cells
    assert '<span class="badge bad">dead 1</span>' in cells
    assert "The trend appears once the archive holds checks from two different days" in index
