"""The source's clock against the issue's: when a day apart is the same day.

The issue is written in Japan; its sources keep their own clocks. US
evening news is already the next day in Tokyo, so a source's date one day
before the issue's may be the same moment, and a page's publication day
has two readings, in its own zone and in the issue's. A date the source
sets in advance (a scheduled vote) is the same day everywhere. Kept apart
from `_check`, which judges dates; this module only says which day
offsets a clock can explain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from verifier.types import DateMention, DatePrecision, Page
from verifier.verify.dates._found import SourceDate
from verifier.verify.tuning import PAGE_ANCHORS, ZONE_ANCHORS


def publication_day(page: Page) -> date | None:
    """The publication day as the source's own clock shows it: its "Wednesday" is there."""
    return page.published_at.date() if page.published_at is not None else page.published


def publication_readings(page: Page, mention: DateMention, zone: str) -> dict[date, str]:
    """The page's publication day in its own zone and in the issue's (a day claim only)."""
    if page.published is None or mention.precision is not DatePrecision.DAY:
        return {}
    readings = {page.published: "in the source's own time zone"}
    if page.published_at is not None:
        readings.setdefault(page.published_at.astimezone(ZoneInfo(zone)).date(), f"in {zone}")
    return readings


def zone_gap(
    mention: DateMention,
    found: tuple[SourceDate, ...],
    page: Page,
    zone: str,
    anchors: Callable[[SourceDate], tuple[str, ...]],
) -> tuple[SourceDate, str] | None:
    """The source's day before the claim's, about the same event, from a zone behind Japan's.

    `anchors` ties the claim to the passage around a source date; it stays
    with the caller, which knows the claim. Returns the source date and why
    it supports the claim.
    """
    if mention.precision is not DatePrecision.DAY or zone_sign(page, zone) >= 0:
        return None
    day_before = mention.value - timedelta(days=1)
    for source in found:
        if source.first == source.last == day_before and not scheduled(source, page):
            shared = anchors(source)
            if len(shared) >= ZONE_ANCHORS:
                why = (
                    f"one day before the issue's {mention.value.isoformat()}: the source's clock "
                    f"is behind Japan's, likely the same day there ({', '.join(shared)})"
                )
                return source, why
    return None


def zone_sign(page: Page, zone: str) -> int:
    """-1, 0 or 1 as the source's clock is behind, level with or ahead of the issue's (`zone`).

    An unknown zone is behind, unless the page is Japanese.
    """
    if page.published_at is None or page.published_at.utcoffset() is None:
        return 0 if (page.language or "").lower().startswith("ja") else -1
    issue_offset = page.published_at.astimezone(ZoneInfo(zone)).utcoffset()
    source_offset = page.published_at.utcoffset()
    assert issue_offset is not None and source_offset is not None
    return (source_offset > issue_offset) - (source_offset < issue_offset)


def scheduled(source: SourceDate, page: Page) -> bool:
    """Is the source's date after its publication: a date set in advance, the same everywhere?"""
    published = publication_day(page)
    return published is not None and source.first > published


def clock_days(source: SourceDate, page: Page, zone: str) -> frozenset[int]:
    """By how many days the issue's date may differ from the source's for the same moment.

    A source behind Japan's clock may be a day early, one ahead a day late;
    a Japanese source, or a date scheduled in advance, is the day itself.
    """
    sign = 0 if scheduled(source, page) else zone_sign(page, zone)
    return frozenset((0, -sign))


# The claim tells of a statement: its day is the day the statement's page went out.
_STATEMENT = re.compile(r"演説|述べ|語っ|語り|発言|表明|声明|談話")
# The claim tells of something done, not planned.
_DONE = re.compile(r"(?:ました|した|だ)。?$")
_PLANNED = re.compile(r"予定|見通し|方針|見込み|へ")


def statement_day(
    mention: DateMention, claim: str, found: tuple[SourceDate, ...], page: Page, zone: str
) -> str | None:
    """Why the page's publication day dates the claim's statement, or None.

    A statement's own page (a president's address) rarely dates itself in
    its text: the page going out is the statement. Only when the text dates
    nothing to the day, and in either clock, the source's or Japan's.
    """
    if not _STATEMENT.search(claim) or any(s.precision is DatePrecision.DAY for s in found):
        return None
    where = publication_readings(page, mention, zone).get(mention.value)
    return None if where is None else f"a statement published that day, {where}"


def after_publication(
    mention: DateMention,
    claim: str,
    found: tuple[SourceDate, ...],
    page: Page,
    zone: str,
    anchors: tuple[str, ...],
) -> str | None:
    """Why the claim's date cannot be its event's: the page told of it as done days before.

    The claim must tell of something done (`可決しました`, nothing `予定`),
    share `PAGE_ANCHORS` anchors with the page (`anchors`: the caller
    requires an event among them), and no date of the page's text finer
    than a year may reach the claim's date (a vote set for later). The
    date must be more than a day after the page in either clock: a clock
    explains one day.
    """
    readings = publication_readings(page, mention, zone)
    text = claim.strip()
    if not readings or not _DONE.search(text) or _PLANNED.search(text):
        return None
    if len(anchors) < PAGE_ANCHORS or any(
        s.precision is not DatePrecision.YEAR and s.last >= mention.value for s in found
    ):
        return None
    latest = max(readings)
    if (mention.value - latest).days <= 1:
        return None
    return f"the source, published {latest.isoformat()}, already tells of it as done"
