"""Japanese date mentions, resolved against the issue's own date.

A small regex, not dateparser: on Japanese text dateparser reads 11月8日 as
2011-08-26 and 6日 as "six days ago" (docs/decisions.md). Missing parts come from
the issue date (2024-11-11 in the examples):

| written                         | resolved                                  | precision |
| ------------------------------- | ----------------------------------------- | --------- |
| 2024年11月6日, 2024.11.4, ISO   | as written                                | day       |
| 11月8日付, 10月6日              | issue year; the year before if the month  | day       |
|                                 | is after the issue's month                |           |
| 9月                             | same year rule                            | month     |
| 6日, 7日の, 10日未明            | issue month; the month before if the day  | day       |
|                                 | is after the issue's day                  |           |
| 今年4月, 来年2月, 昨年3月       | issue year +0 / +1 / -1                   | month/day |
| 2024年11月                      | as written                                | month     |
| 2016年                          | as written                                | year      |

Durations (7日間, 31日間, 24時間), ordinals (第5回, 第1日) and decades
(1990年代) are not dates. Without an issue date only fully written dates are
found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from verifier.types import DateMention, DatePrecision

_DATE = re.compile(
    r"""(?<![\d.])(?:
      (?P<ymd_y>\d{4})年(?P<ymd_m>\d{1,2})月(?:(?P<ymd_d>\d{1,2})日(?!間))?
    | (?P<sep_y>\d{4})(?P<sep>[./-])(?P<sep_m>\d{1,2})(?P=sep)(?P<sep_d>\d{1,2})(?![\d.])
    | (?P<rel>今年|来年|昨年|去年)(?P<rel_m>\d{1,2})月(?:(?P<rel_d>\d{1,2})日(?!間))?
    | (?P<md_m>\d{1,2})月(?:(?P<md_d>\d{1,2})日(?!間))?
    | (?P<y_y>\d{4})年(?![間代])
    | (?<!第)(?P<d_d>\d{1,2})日(?!間)
    )""",
    re.VERBOSE,
)
_RELATIVE_YEAR = {"今年": 0, "来年": 1, "昨年": -1, "去年": -1}


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date mention and where it stands in the text it was found in."""

    start: int
    end: int
    mention: DateMention


def find_dates(text: str, issue_date: date | None) -> list[DateSpan]:
    """Every resolvable date mention in `text`, in order.

    A trailing 付 (`11月8日付`) belongs to the mention as written.
    """
    spans = []
    for match in _DATE.finditer(text):
        resolved = _resolve(match, issue_date)
        if resolved is None:
            continue
        start, end = match.start(), match.end() + (text[match.end() : match.end() + 1] == "付")
        spans.append(DateSpan(start, end, DateMention(text[start:end], *resolved)))
    return spans


def full_date(text: str) -> date | None:
    """The first date in `text` written with year, month and day, if any."""
    for span in find_dates(text, None):
        if span.mention.precision is DatePrecision.DAY:
            return span.mention.value
    return None


def _resolve(match: re.Match[str], issue: date | None) -> tuple[date, DatePrecision] | None:
    """Turn one match into a date; None when it is impossible or unanchored."""
    groups = {name: int(value) for name, value in match.groupdict().items() if _numeric(value)}
    try:
        if "ymd_y" in groups:
            return _ymd(groups["ymd_y"], groups["ymd_m"], groups.get("ymd_d"))
        if "sep_y" in groups:
            return _ymd(groups["sep_y"], groups["sep_m"], groups["sep_d"])
        if "y_y" in groups:
            return date(groups["y_y"], 1, 1), DatePrecision.YEAR
        if issue is None:
            return None
        if match["rel"]:
            year = issue.year + _RELATIVE_YEAR[match["rel"]]
            return _ymd(year, groups["rel_m"], groups.get("rel_d"))
        if "md_m" in groups:
            month = groups["md_m"]
            return _ymd(issue.year - (month > issue.month), month, groups.get("md_d"))
        return _day_only(groups["d_d"], issue), DatePrecision.DAY
    except ValueError:
        return None


def _numeric(value: str | None) -> bool:
    return value is not None and value.isdigit()


def _ymd(year: int, month: int, day: int | None) -> tuple[date, DatePrecision]:
    if day is None:
        return date(year, month, 1), DatePrecision.MONTH
    return date(year, month, day), DatePrecision.DAY


def _day_only(day: int, issue: date) -> date:
    """A bare day is this month's, unless it is still to come: then last month's."""
    if day <= issue.day:
        return issue.replace(day=day)
    year, month = (issue.year, issue.month - 1) if issue.month > 1 else (issue.year - 1, 12)
    return date(year, month, day)
