"""Cited publication date vs the source's own publication date.

The newsletter dates its sources in Japan time; a US source published on the
evening of the 5th (Eastern) is already the 6th in Tokyo. So the source's
timestamp is first moved into the issue's time zone, and a remaining gap of
one day is still `supported`, with a note, because a source that gives only a
date (no time) cannot tell us which side of midnight it was.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

from verifier.settings import Settings
from verifier.types import Check, Citation, DateRole, Page, Verdict
from verifier.verify.context import CheckContext, unreadable
from verifier.verify.dates import restyle

KIND = "date"

#: The westernmost and easternmost UTC offsets where the news is dated.
_NEWS_ZONES = (timedelta(hours=-10), timedelta(hours=12))


def applies(citation: Citation) -> bool:
    """Only publication dates are compared; an access date says nothing of the source."""
    return citation.cited_date is not None and citation.cited_date_role is DateRole.PUBLISHED


def check(ctx: CheckContext) -> tuple[Check, ...]:
    citation = ctx.citation
    assert citation.cited_date is not None  # guaranteed by applies()
    claim = citation.cited_date_text or citation.cited_date.isoformat()
    why = unreadable(ctx)
    if why is not None:
        return (Check(KIND, claim, citation.line, Verdict.UNVERIFIABLE, note=why),)
    assert ctx.page is not None  # unreadable() returned None
    return (_compare(citation.cited_date, claim, citation.line, ctx.page, ctx.settings),)


def _compare(cited: date, claim: str, line: int, page: Page, settings: Settings) -> Check:
    if page.published is None:
        note = "the source states no publication date"
        return Check(KIND, claim, line, Verdict.NOT_FOUND, note=note)
    readings = _readings(page, settings.issue_timezone)
    evidence = page.published_at.isoformat() if page.published_at else page.published.isoformat()
    source = page.date_source or "page metadata"
    for day, where in readings:
        if day == cited:
            note = f"published {day.isoformat()} {where} ({source})"
            return Check(KIND, claim, line, Verdict.SUPPORTED, evidence, 1.0, note)
    gap = min(abs((day - cited).days) for day, _ in readings)
    shown = page.published.isoformat()
    if gap == 1 and _some_zone_says(page, cited):
        note = (
            f"one day apart: the source says {shown}; a time-zone gap between the source's "
            "date and the issue's is likely"
        )
        return Check(KIND, claim, line, Verdict.SUPPORTED, evidence, 0.7, note)
    note = f"the source was published {shown}, {gap} day(s) from the cited date"
    if gap == 1:
        note += (
            f"; at {evidence} it was not {cited.isoformat()} in any time zone from UTC-10 to +12"
        )
    # the day a reader in the issue's zone saw it is the one a newsletter would cite
    correction = restyle(claim, readings[-1][0])
    return Check(
        KIND, claim, line, Verdict.CONTRADICTED, evidence, 1.0, note, correction=correction
    )


def _some_zone_says(page: Page, cited: date) -> bool:
    """Whether the publication instant fell on `cited` somewhere news is written.

    Without a time, a one-day gap is always a possible time-zone gap. With
    one, only the zones from Hawaii (UTC-10) to New Zealand (UTC+12) count:
    18:32 in Tokyo on the 11th was never the 12th anywhere.
    """
    if page.published_at is None or page.published_at.tzinfo is None:
        return True
    instant = page.published_at.astimezone(UTC)
    return cited in {(instant + offset).date() for offset in _NEWS_ZONES}


def _readings(page: Page, zone: str) -> list[tuple[date, str]]:
    """The publication date as the source shows it, and as a reader in the issue's zone saw it.

    Newsletters copy either: the date printed on the page (the source's own
    zone) or the day the story reached them.
    """
    assert page.published is not None
    readings = [(page.published, "in the source's own time zone")]
    if page.published_at is not None and page.published_at.tzinfo is not None:
        local = page.published_at.astimezone(ZoneInfo(zone)).date()
        if local != page.published:
            readings.append((local, f"in {zone} time"))
    return readings
