"""Placing a written date on the calendar: the periods `source_dates` finders return.

A finder reads a date's parts; these say which period they mean. A date
without a year is placed in the year nearest the source's publication, the
future counting double (news reports what happened more often than what
will), and its `resolved` note says so, so a reviewer can see the guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from verifier.types import DateMention, DatePrecision
from verifier.verify.date_words import WEEKDAY_NUMBERS

if TYPE_CHECKING:  # source_dates places its dates with this module
    from verifier.verify.source_dates import SourceDate

# (first, last, precision, resolved): the period a finder placed a date in.
Placed = tuple[date, date, DatePrecision, str]
# A wire story's dateline: `SEOUL, Dec. 4 (Yonhap) --`, `WASHINGTON, Nov 6 (Reuters) -`.
_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][A-Z .'-]*(?:,\s*[A-Za-z][A-Za-z .'-]*)?,\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^()\n]{1,40}\)\s*)?[-–—]")
# How many of the source's dates a not-found note lists.
_LISTED = 5


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None for one that does not exist (a 31 April read off a page)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_dateline(text: str, source: SourceDate) -> bool:
    """Whether `source` is the dateline heading a wire story: the day it was filed,
    not the day of any event it reports (the martial law "late Tuesday" of a
    story datelined Wednesday)."""
    line_start = text.rfind("\n", 0, source.start) + 1
    before, after = text[line_start : source.start], text[source.end : source.end + 60]
    return bool(_DATELINE_BEFORE.match(before) and _DATELINE_AFTER.match(after))


def _cost(day: date, ref: date) -> int:
    """How unlikely a placement is: days away from publication, the future counting double."""
    gap = (day - ref).days
    return gap * 2 if gap > 0 else -gap


def nearest(candidates: Iterator[date | None], ref: date) -> date | None:
    """The likeliest of the candidate placements (see `_cost`), None when none exists."""
    valid = [day for day in candidates if day is not None]
    return min(valid, key=lambda day: _cost(day, ref)) if valid else None


def one_day(day: date, resolved: str = "") -> Placed:
    """A single day as a period."""
    return day, day, DatePrecision.DAY, resolved


def one_month(year: int, month: int, resolved: str = "") -> Placed:
    """A calendar month as a period: any day of it fits a month claim."""
    first = date(year, month, 1)
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return first, last, DatePrecision.MONTH, resolved


def one_year(year: int, resolved: str = "") -> Placed:
    """A calendar year as a period."""
    return date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR, resolved


def against(word: str, shown: str, ref: date) -> str:
    """The `resolved` note: how a relative or year-less date was placed, for the reviewer."""
    return f"{word} = {shown}, resolved against the publication date {ref.isoformat()}"


def full_date(
    year: str | None, month: int, day: int, ref: date | None, written: str, weekday: str | None
) -> Placed | None:
    """A day-month date; a missing year is the nearest fitting one (its weekday if written)."""
    if year is not None:
        exact = safe_date(int(year), month, day)
        return None if exact is None else one_day(exact)
    if ref is None:
        return None
    years = range(ref.year - 1, ref.year + 2)
    options = [d for d in (safe_date(y, month, day) for y in years) if d is not None]
    if weekday is not None:
        fitting = [d for d in options if d.weekday() == WEEKDAY_NUMBERS[weekday.lower()]]
        options = fitting or options
    best = nearest(iter(options), ref)
    return None if best is None else one_day(best, against(written, best.isoformat(), ref))


def period_gap(period: tuple[date, date], source: SourceDate) -> int:
    """Days between a claimed period and the source's (0 when they overlap)."""
    first, last = period
    return max((source.first - last).days, (first - source.last).days, 0)


def within(source: SourceDate, mention: DateMention) -> bool:
    """Does the source's period fall inside the claim's (any day of a claimed month)?"""
    first, last = claim_period(mention)
    return first <= source.first and source.last <= last


def near_year(source: SourceDate, mention: DateMention) -> bool:
    """Is the source's date within a year of a claimed year: a year worth reporting on?"""
    return abs(source.first.year - mention.value.year) <= 1


def claim_period(mention: DateMention) -> tuple[date, date]:
    """The period a claimed date covers: a month claim holds any of its days."""
    start = mention.value
    if mention.precision is DatePrecision.YEAR:
        return date(start.year, 1, 1), date(start.year, 12, 31)
    if mention.precision is DatePrecision.MONTH:
        first = start.replace(day=1)
        return first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return start, start


def show_period(first: date, last: date) -> str:
    """A period as a reviewer reads it: a day, `2024-11`, `2024`, or a range."""
    if first == last:
        return first.isoformat()
    if first.day == 1 and last.month == first.month and (last + timedelta(days=1)).day == 1:
        return first.strftime("%Y-%m")
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return str(first.year)
    return f"{first.isoformat()} to {last.isoformat()}"


def absent_note(mention: DateMention, found: tuple[SourceDate, ...]) -> str:
    """Why nothing matched: the claim's period and the first few dates the source does give."""
    period = show_period(*claim_period(mention))
    if not found:
        return f"the source gives no dates; the issue says {period}"
    given = list(dict.fromkeys(f"{s.text!r} = {show_period(s.first, s.last)}" for s in found))
    more = f" and {len(given) - _LISTED} more" if len(given) > _LISTED else ""
    return f"the source does not give {period}; it gives {', '.join(given[:_LISTED])}{more}"
