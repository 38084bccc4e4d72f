"""The verify stage: final link status and the publication-date check."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from verifier.settings import Settings
from verifier.types import (
    Check,
    Citation,
    CitationKind,
    Claim,
    ClaimKind,
    DateRole,
    LinkResult,
    LinkStatus,
    Page,
    Snapshot,
    Verdict,
)
from verifier.verify import CheckContext, link_result, run_checks, share_passages

EASTERN = timezone(timedelta(hours=-5))
ARTICLE = "https://www.politico.com/news/2024/11/06/story-00188070"


def _citation(
    url: str | None = ARTICLE,
    cited: date | None = date(2024, 11, 6),
    role: DateRole | None = DateRole.PUBLISHED,
) -> Citation:
    return Citation(
        id="c01",
        line=65,
        kind=CitationKind.SOURCE,
        url=url,
        cited_title="Story",
        cited_publisher="Politico",
        cited_date=cited,
        cited_date_role=role,
        cited_date_text=f"{cited.year}年{cited.month}月{cited.day}日" if cited else None,
    )


def _snapshot(
    url: str = ARTICLE,
    status: LinkStatus = LinkStatus.OK,
    final_url: str | None = None,
    reason: str = "HTTP 200 OK",
) -> Snapshot:
    return Snapshot(
        id="s1",
        url=url,
        final_url=final_url or url,
        status=status,
        reason=reason,
        http_status=200,
        hops=(),
        headers=(),
        content_type="text/html",
        body_sha256="0" * 64,
        body_size=10,
        fetched_at=datetime(2024, 11, 11, tzinfo=UTC),
        elapsed=0.1,
    )


def _page(
    published_at: datetime | None, published: date | None = None, paywalled: bool = False
) -> Page:
    day = published or (published_at.date() if published_at else None)
    return Page(
        url=ARTICLE,
        text="text",
        published=day,
        published_at=published_at,
        date_source="json-ld datePublished",
        paywalled=paywalled,
    )


def _date_check(citation: Citation, page: Page | None, snapshot: Snapshot | None = None):
    link = link_result(citation, snapshot or _snapshot(), page)
    checks = _dates(CheckContext(citation, page, link, Settings()))
    assert len(checks) == 1
    return checks[0]


def _dates(ctx: CheckContext) -> list[Check]:
    """Only the publication-date check (title and publisher checks run too)."""
    return [check for check in run_checks(ctx) if check.kind == "date"]


def test_same_day_is_supported_with_the_source_timestamp_as_evidence() -> None:
    """17:12 Eastern on the 6th is the 7th in Tokyo, but the page says the 6th."""
    check = _date_check(_citation(), _page(datetime(2024, 11, 6, 17, 12, tzinfo=EASTERN)))
    assert check.verdict is Verdict.SUPPORTED
    assert check.claim == "2024年11月6日"
    assert check.evidence == "2024-11-06T17:12:00-05:00"
    assert "own time zone" in check.note
    assert check.score == 1.0


def test_us_evening_is_the_next_day_in_japan_and_supported() -> None:
    """17:00 Eastern on the 5th is 07:00 on the 6th in Tokyo: the same day there."""
    check = _date_check(_citation(), _page(datetime(2024, 11, 5, 17, 0, tzinfo=EASTERN)))
    assert check.verdict is Verdict.SUPPORTED
    assert "2024-11-06 in Asia/Tokyo time" in check.note


def test_one_day_gap_without_time_is_supported_with_a_time_zone_note() -> None:
    check = _date_check(_citation(), _page(None, published=date(2024, 11, 5)))
    assert check.verdict is Verdict.SUPPORTED
    assert "time-zone" in check.note
    assert check.score is not None and check.score < 1


def test_a_month_off_is_contradicted() -> None:
    check = _date_check(
        _citation(cited=date(2024, 10, 6)), _page(datetime(2024, 11, 6, 9, 0, tzinfo=EASTERN))
    )
    assert check.verdict is Verdict.CONTRADICTED
    assert "2024-11-06" in check.note


def test_page_without_a_date_is_not_found() -> None:
    assert _date_check(_citation(), _page(None)).verdict is Verdict.NOT_FOUND


def test_dead_link_makes_the_date_unverifiable() -> None:
    dead = _snapshot(status=LinkStatus.DEAD, reason="HTTP 404 Not Found")
    check = _date_check(_citation(), None, dead)
    assert check.verdict is Verdict.UNVERIFIABLE
    assert "404" in check.note


def test_paywalled_page_still_checks_its_metadata_date() -> None:
    page = _page(datetime(2024, 11, 5, 20, 0, tzinfo=timezone(timedelta(hours=9))), paywalled=True)
    check = _date_check(_citation(cited=date(2024, 11, 5)), page)
    assert check.verdict is Verdict.SUPPORTED


def test_access_dates_are_never_compared() -> None:
    citation = _citation(role=DateRole.ACCESSED)
    link = link_result(citation, _snapshot(), _page(None))
    assert _dates(CheckContext(citation, _page(None), link, Settings())) == []


@pytest.mark.parametrize(
    ("url", "final_url", "status", "paywalled", "expected"),
    [
        (ARTICLE, None, LinkStatus.OK, False, LinkStatus.OK),
        ("https://thehill.com/", None, LinkStatus.OK, False, LinkStatus.UNSTABLE),
        (ARTICLE, "https://www.politico.com/", LinkStatus.REDIRECTED, False, LinkStatus.SOFT_404),
        (ARTICLE, ARTICLE + "?amp", LinkStatus.REDIRECTED, False, LinkStatus.REDIRECTED),
        (ARTICLE, None, LinkStatus.OK, True, LinkStatus.PAYWALLED),
        (ARTICLE, None, LinkStatus.DEAD, False, LinkStatus.DEAD),
        (ARTICLE, None, LinkStatus.BLOCKED, False, LinkStatus.BLOCKED),
    ],
)
def test_link_status_refinement(
    url: str, final_url: str | None, status: LinkStatus, paywalled: bool, expected: LinkStatus
) -> None:
    page = _page(None, paywalled=paywalled)
    result = link_result(_citation(url=url), _snapshot(url, status, final_url), page)
    assert result.status is expected
    assert result.reason


def test_no_url_and_no_snapshot() -> None:
    assert link_result(_citation(url=None), None, None).status is LinkStatus.NO_URL
    missing = link_result(_citation(), None, None)
    assert missing == LinkResult(LinkStatus.ERROR, missing.reason)
    assert "offline" in missing.reason


def test_a_front_page_can_support_but_never_refute() -> None:
    home = "https://thehill.com/"
    citation = _citation(url=home, cited=date(2024, 10, 6))
    page = _page(datetime(2024, 11, 6, 9, 0, tzinfo=EASTERN))
    link = link_result(citation, _snapshot(home), page)
    assert link.status is LinkStatus.UNSTABLE
    (check,) = _dates(CheckContext(citation, page, link, Settings()))
    assert check.verdict is Verdict.UNVERIFIABLE
    assert "front page" in check.note
    same_day = _citation(url=home, cited=date(2024, 11, 6))
    (check,) = _dates(CheckContext(same_day, page, link, Settings()))
    assert check.verdict is Verdict.SUPPORTED
    assert "as it is now" in check.note


def _source(cid: str, passage: str = "表の数字。", line: int = 49) -> Citation:
    return Citation(
        id=cid,
        line=line,
        kind=CitationKind.SOURCE,
        url=f"https://{cid}.example/",
        passage=passage,
        passage_line=37,
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


def test_a_one_day_gap_that_no_time_zone_explains_is_contradicted() -> None:
    """18:32 in Tokyo on 11 October was the 11th from UTC-10 to UTC+12: never the 12th."""
    tokyo = timezone(timedelta(hours=9))
    check = _date_check(
        _citation(cited=date(2024, 10, 12)), _page(datetime(2024, 10, 11, 18, 32, tzinfo=tokyo))
    )
    assert check.verdict is Verdict.CONTRADICTED
    assert "any time zone" in check.note


def test_behind_a_paywall_what_is_not_visible_is_unverifiable_not_missing() -> None:
    claim = Claim(ClaimKind.QUOTE, "a sentence hidden behind the paywall of this page", 60)
    citation = replace(_citation(), claims=(claim,))
    page = _page(None, paywalled=True)
    link = link_result(citation, _snapshot(), page)
    assert link.status is LinkStatus.PAYWALLED
    (check,) = [
        c for c in run_checks(CheckContext(citation, page, link, Settings())) if c.kind == "quote"
    ]
    assert check.verdict is Verdict.UNVERIFIABLE
    assert check.note.startswith("not in the part of the page a paywall leaves visible")
