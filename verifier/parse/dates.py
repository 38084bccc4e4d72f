"""Date mentions of an issue, resolved against the issue's own date.

Japanese dates by the table below; English, Ukrainian and Russian ones (`Nov. 5`,
`5 November 2024`, `5 листопада`, `on Tuesday`, `у вівторок`, `yesterday`) by the
month and weekday words of `vocabulary.calendar`, placed by the same rules: a
year-less date in the issue's year unless its month is still to come, a weekday the
last such day on or before the issue's date (the issue reports the week behind it),
or the next one after "next".

A small regex, not dateparser: on Japanese text dateparser reads 11月8日 as
2011-08-26 and 6日 as "six days ago" (docs/decisions.md). Missing parts come from
the issue date (2024-11-11 in the examples):

| written                         | resolved                                  | precision |
| ------------------------------- | ----------------------------------------- | --------- |
| 2024年11月6日, 2024.11.4, ISO,  | as written                                | day       |
| 23.12.2024 (day first)          |                                           |           |
| 11月8日付, 10月6日, Nov. 5      | the year nearest the issue's date, a day  | day       |
|                                 | ahead counting double                     |           |
| 9月                             | same year rule                            | month     |
| 6日, 7日の, 10日未明            | issue month; the month before if the day  | day       |
|                                 | is after the issue's day                  |           |
| 今年4月, 来年2月, 昨年3月       | issue year +0 / +1 / -1                   | month/day |
| 2024年11月                      | as written                                | month     |
| 2016年                          | as written                                | year      |

Durations (7日間, 31日間, 24時間), rates (1日平均, 1日あたり), ordinals (第5回,
第1日) and decades (1990年代) are not dates. Without an issue date only fully written dates are
found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from verifier.types import DateMention, DatePrecision
from verifier.vocabulary.calendar import (
    CYRILLIC_DAY_WORDS,
    CYRILLIC_IN_MONTHS,
    CYRILLIC_MONTH_PATTERN,
    CYRILLIC_MONTHS,
    CYRILLIC_WEEKDAYS,
    ENGLISH_MONTH_NUMBERS,
    ENGLISH_MONTH_PATTERN,
    ENGLISH_WEEKDAYS,
    JAPANESE_WEEKDAYS,
    WEEKDAY_NUMBERS,
)

_DATE = re.compile(
    r"""(?=[\d今来昨去])(?<![\d.])(?:
      (?P<ymd_y>\d{4})年(?P<ymd_m>\d{1,2})月(?:(?P<ymd_d>\d{1,2})日(?!間))?
    | (?P<sep_y>\d{4})(?P<sep>[./-])(?P<sep_m>\d{1,2})(?P=sep)(?P<sep_d>\d{1,2})(?![\d.])
    | (?P<dmy_d>\d{1,2})\.(?P<dmy_m>\d{1,2})\.(?P<dmy_y>\d{4})(?![\d.])
    | (?P<rel>今年|来年|昨年|去年)(?P<rel_m>\d{1,2})月(?:(?P<rel_d>\d{1,2})日(?!間))?
    | (?P<md_m>\d{1,2})月(?:(?P<md_d>\d{1,2})日(?!間))?
    | (?P<y_y>\d{4})年(?![間代]|問題)
    | (?<!第)(?P<d_d>\d{1,2})日(?!間|平均|の平均|あたり|当たり|につき|で平均)
    )""",
    re.VERBOSE,
)
_RELATIVE_YEAR = {"今年": 0, "来年": 1, "昨年": -1, "去年": -1}
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Latin and Cyrillic letters and digits: a word date stands apart from them (a Japanese one
# runs into the kana around it: 火曜日に).
_LETTER = "[A-Za-z0-9А-Яа-яЁёІіЇїЄєҐґ]"


def _either_case(words: str) -> str:
    """`words` (an alternation) with each word's first letter in either case: news writes
    "In October", "Во вторник" at a sentence's start. Spelt out, since a case-blind
    pattern reads the whole text several times slower."""
    return "|".join(
        f"[{word[0].upper()}{word[0].lower()}]{re.escape(word[1:])}" if word[:1].isalpha() else word
        for word in words.split("|")
    )


_CYRILLIC_WEEKDAY_WORDS = _either_case(CYRILLIC_WEEKDAYS.replace("['’ʼ]", "'")).replace(
    "'", "['’ʼ]"
)
_WORDED = re.compile(
    rf"""(?=[0-9A-Za-zА-Яа-яЁёІіЇїЄєҐґ月火水木金土日先])(?<!{_LETTER})(?<!\.)(?:
      (?P<mon>{ENGLISH_MONTH_PATTERN})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?
    | (?P<day2>[0-3]?\d)\s+(?P<mon2>{ENGLISH_MONTH_PATTERN})(?:,?\s+(?P<year2>(?:19|20)\d\d)\b)?
    | (?P<cday>[0-3]?\d)\s+(?P<cmon>{CYRILLIC_MONTH_PATTERN})(?:\s+(?P<cyear>(?:19|20)\d\d))?
    | (?<!every\s)(?<!毎週)
      (?P<next>(?:{_either_case("next|наступного|наступної|наступному|следующий|следующую|следующее")})
        \s+)?(?P<last>(?:{_either_case("last|минулого|минулої|прошлого|прошлой|прошлую")})\s+)?
      (?P<lastweek>先週)?
      (?P<wd>{ENGLISH_WEEKDAYS}|{_CYRILLIC_WEEKDAY_WORDS}|{JAPANESE_WEEKDAYS})
    | (?P<rel>{_either_case("|".join(["yesterday", "today", "tomorrow", *CYRILLIC_DAY_WORDS]))})
    | (?:{_either_case("in|since|until|by|from|during|early|late|last")}|[Mm]id-)\s+
      (?P<monly>January|February|March|April|May|June|July|August|September|October|November
        |December)(?:\s+(?P<myear>(?:19|20)\d\d))?
    | [ВвУу]\s+(?P<cmonly>{"|".join(CYRILLIC_IN_MONTHS)})(?:\s+(?P<cmyear>(?:19|20)\d\d))?
    | (?:{_either_case("in|since|until|by|from|during|of|в|у|з|с|до|від|от")})\s+
      (?P<yonly>(?:19|20)\d\d)(?!\s*(?:%|per|people|votes|року\s+народження))
    | (?P<yword>1[89]\d\d|20\d\d)\s+(?:року|році|рік|году|года|год|г\.|р\.)
    )(?!{_LETTER})""",
    re.VERBOSE,
)
_ENGLISH_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1}


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
    matches = _WORDED.finditer(text)
    for match in matches:
        worded = _worded(match, issue_date)
        if worded is not None and not any(
            s.start < match.end() and match.start() < s.end for s in spans
        ):
            spans.append(DateSpan(match.start(), match.end(), DateMention(match[0], *worded)))
    return sorted(spans, key=lambda span: span.start)


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
        if "dmy_y" in groups:
            return _ymd(groups["dmy_y"], groups["dmy_m"], groups["dmy_d"])
        if "y_y" in groups:
            return date(groups["y_y"], 1, 1), DatePrecision.YEAR
        if issue is None:
            return None
        if match["rel"]:
            year = issue.year + _RELATIVE_YEAR[match["rel"]]
            return _ymd(year, groups["rel_m"], groups.get("rel_d"))
        if "md_m" in groups:
            month, day = groups["md_m"], groups.get("md_d")
            if day is not None:
                return _ymd(_nearest_year(month, day, issue), month, day)
            return _ymd(issue.year - (month > issue.month), month, None)
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


def _worded(match: re.Match[str], issue: date | None) -> tuple[date, DatePrecision] | None:
    """A date written with month or weekday words; None when impossible or unanchored."""
    year = match["year"] or match["year2"] or match["cyear"]
    if match["mon"] or match["mon2"]:
        month = ENGLISH_MONTH_NUMBERS[(match["mon"] or match["mon2"]).rstrip(".")[:3].lower()]
        day = int(match["day"] or match["day2"])
    elif match["cmon"]:
        month, day = CYRILLIC_MONTHS[match["cmon"].lower()], int(match["cday"])
    elif match["monly"]:
        month = ENGLISH_MONTH_NUMBERS[match["monly"][:3].lower()]
        return _month_only(month, match["myear"], issue)
    elif match["cmonly"]:
        return _month_only(CYRILLIC_IN_MONTHS[match["cmonly"].lower()], match["cmyear"], issue)
    elif match["yonly"] or match["yword"]:
        return date(int(match["yonly"] or match["yword"]), 1, 1), DatePrecision.YEAR
    else:
        return _relative_day(match, issue)
    if year is None and issue is None:
        return None
    when = int(year) if year else _nearest_year(month, day, issue)  # type: ignore[arg-type]
    try:
        return date(when, month, day), DatePrecision.DAY
    except ValueError:
        return None


def _relative_day(match: re.Match[str], issue: date | None) -> tuple[date, DatePrecision] | None:
    """A weekday or `yesterday` placed against the issue's date."""
    if issue is None:
        return None
    if match["rel"]:
        word = match["rel"].lower()
        shift = _ENGLISH_DAY_WORDS.get(word, CYRILLIC_DAY_WORDS.get(word, 0))
        return issue + timedelta(days=shift), DatePrecision.DAY
    number = WEEKDAY_NUMBERS[re.sub("[’ʼ]", "'", match["wd"].lower())]
    if match["next"]:
        return issue + timedelta(days=(number - issue.weekday()) % 7 or 7), DatePrecision.DAY
    if match["last"]:  # "last Tuesday": before the issue's day, never the day itself
        return issue - timedelta(days=(issue.weekday() - number) % 7 or 7), DatePrecision.DAY
    if match["lastweek"]:  # 先週火曜日: that day of the week before the issue's week
        monday = issue - timedelta(days=issue.weekday() + 7)
        return monday + timedelta(days=number), DatePrecision.DAY
    return issue - timedelta(days=(issue.weekday() - number) % 7), DatePrecision.DAY


def _month_only(
    month: int, year: str | None, issue: date | None
) -> tuple[date, DatePrecision] | None:
    """`in October`, `в июле`: this year's, unless the month is still to come (then last
    year's)."""
    when = _year_of(month, year, issue)
    return (date(when, month, 1), DatePrecision.MONTH) if when else None


def _nearest_year(month: int, day: int, issue: date) -> int:
    """The year that puts a year-less day nearest the issue's date, a day ahead counting
    double: an issue reports what happened more often than what will, but "the next
    meeting on 14 February" in a December issue is next year's."""
    costs = []
    for year in (issue.year - 1, issue.year, issue.year + 1):
        try:
            gap = (issue - date(year, month, day)).days
        except ValueError:
            continue
        costs.append((gap if gap >= 0 else -2 * gap, year))
    return min(costs)[1] if costs else issue.year


def _year_of(month: int, year: str | None, issue: date | None) -> int | None:
    """The year written, else the issue's unless the month is still to come (last year's)."""
    if year:
        return int(year)
    return None if issue is None else issue.year - (month > issue.month)
