"""The publication-date check: the cited date against the page's, across time zones."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from tests.builders import ARTICLE, citation, ctx, page, snapshot
from verifier.settings import Settings
from verifier.types import Check, Citation, DateRole, LinkStatus, Page, Snapshot, Verdict
from verifier.verify import CheckContext, link_result, run_checks

EASTERN = timezone(timedelta(hours=-5))


def _citation(
    url: str | None = ARTICLE,
    cited: date | None = date(2024, 11, 6),
    role: DateRole | None = DateRole.PUBLISHED,
) -> Citation:
    """The Politico article, cited on line 65 with the date `cited` as the issue writes it."""
    return citation(
        line=65,
        url=url,
        cited_title="Story",
        cited_publisher="Politico",
        cited_date=cited,
        cited_date_role=role,
        cited_date_text=f"{cited.year}年{cited.month}月{cited.day}日" if cited else None,
    )


def _page(
    published_at: datetime | None, published: date | None = None, paywalled: bool = False
) -> Page:
    """The article, dated by its metadata: the day of `published_at` unless `published`."""
    return page(
        "text",
        published=published,
        published_at=published_at,
        date_source="json-ld datePublished",
        paywalled=paywalled,
    )


def _date_check(citation: Citation, page: Page | None, fetched: Snapshot | None = None):
    link = link_result(citation, fetched or snapshot(), page)
    checks = _dates(ctx(citation, page, link))
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
    dead = snapshot(status=LinkStatus.DEAD, reason="HTTP 404 Not Found")
    check = _date_check(_citation(), None, dead)
    assert check.verdict is Verdict.UNVERIFIABLE
    assert "404" in check.note


def test_paywalled_page_still_checks_its_metadata_date() -> None:
    page = _page(datetime(2024, 11, 5, 20, 0, tzinfo=timezone(timedelta(hours=9))), paywalled=True)
    check = _date_check(_citation(cited=date(2024, 11, 5)), page)
    assert check.verdict is Verdict.SUPPORTED


def test_access_dates_are_never_compared() -> None:
    citation = _citation(role=DateRole.ACCESSED)
    link = link_result(citation, snapshot(), _page(None))
    assert _dates(CheckContext(citation, _page(None), link, Settings())) == []


def test_a_front_page_can_support_but_never_refute() -> None:
    home = "https://thehill.com/"
    citation = _citation(url=home, cited=date(2024, 10, 6))
    page = _page(datetime(2024, 11, 6, 9, 0, tzinfo=EASTERN))
    link = link_result(citation, snapshot(home), page)
    assert link.status is LinkStatus.UNSTABLE
    (check,) = _dates(CheckContext(citation, page, link, Settings()))
    assert check.verdict is Verdict.UNVERIFIABLE
    assert "front page" in check.note
    same_day = _citation(url=home, cited=date(2024, 11, 6))
    (check,) = _dates(CheckContext(same_day, page, link, Settings()))
    assert check.verdict is Verdict.SUPPORTED
    assert "as it is now" in check.note


def test_a_one_day_gap_that_no_time_zone_explains_is_contradicted() -> None:
    """18:32 in Tokyo on 11 October was the 11th from UTC-10 to UTC+12: never the 12th."""
    tokyo = timezone(timedelta(hours=9))
    check = _date_check(
        _citation(cited=date(2024, 10, 12)), _page(datetime(2024, 10, 11, 18, 32, tzinfo=tokyo))
    )
    assert check.verdict is Verdict.CONTRADICTED
    assert "any time zone" in check.note
