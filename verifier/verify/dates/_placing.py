"""A claimed date against a date found in the source: overlap, gap, datelines, notes."""

from __future__ import annotations

import re
from datetime import date, timedelta

from verifier.types import DateMention, DatePrecision
from verifier.verify.dates._found import SourceDate

# A wire story's dateline: `SEOUL, Dec. 4 (Yonhap) --`, `WASHINGTON, Nov 6 (Reuters) -`.
_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][A-Z .'-]*(?:,\s*[A-Za-z][A-Za-z .'-]*)?,\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^()\n]{1,40}\)\s*)?[-–—]")
# How many of the source's dates a not-found note lists.
_LISTED = 5


def is_dateline(text: str, source: SourceDate) -> bool:
    """Whether `source` is the dateline heading a wire story: the day it was filed,
    not the day of any event it reports (the martial law "late Tuesday" of a
    story datelined Wednesday)."""
    line_start = text.rfind("\n", 0, source.start) + 1
    before, after = text[line_start : source.start], text[source.end : source.end + 60]
    return bool(_DATELINE_BEFORE.match(before) and _DATELINE_AFTER.match(after))


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
