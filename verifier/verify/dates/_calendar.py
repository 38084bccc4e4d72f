"""Placing a written date on the calendar: the periods the source-date finders return.

A finder reads a date's parts; these say which period they mean. A date
without a year is placed in the year nearest the source's publication, the
future counting double (news reports what happened more often than what
will), and its `resolved` note says so, so a reviewer can see the guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from verifier.types import DatePrecision
from verifier.vocabulary.calendar import WEEKDAY_NUMBERS

# (first, last, precision, resolved): the period a finder placed a date in.
Placed = tuple[date, date, DatePrecision, str]


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None for one that does not exist (a 31 April read off a page)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


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
