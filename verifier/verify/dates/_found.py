"""The dates a source's text gives, each with its span, period and precision.

A claim check needs to know not just *that* a source mentions a date but
*which day* it means. News copy leans on its own dateline: "on Wednesday",
"Nov. 6", "in April", "yesterday", "4日" are only dates once they are placed
against the day the source was published, in the source's own time zone
(that is where its writer's "Wednesday" is). So every finder takes the
publication date; a year-less date goes to the nearest year, with the future
counting double (news reports what happened more often than what will;
`_calendar` does the placing).

`dateparser` is fine on English but misreads Japanese (docs/decisions.md), and finds
dates in whole documents poorly, so the spans are found with regexes here:
English, Japanese (era years too), Ukrainian/Russian, German and French
dates. Full-width digits are read as ASCII without moving any offset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from verifier.types import DatePrecision
from verifier.verify.dates._calendar import (
    Placed,
    against,
    full_date,
    nearest,
    one_day,
    one_month,
    one_year,
    safe_date,
)
from verifier.verify.tuning import MONTH_REACH, SENTENCE_REACH
from verifier.vocabulary.calendar import (
    CYRILLIC_DAY_WORDS,
    CYRILLIC_MONTHS,
    CYRILLIC_WEEKDAYS,
    DAY_PARTS,
    ENGLISH_MONTH_NUMBERS,
    ENGLISH_MONTH_PATTERN,
    ENGLISH_MONTHS,
    ENGLISH_WEEKDAYS,
    ERAS,
    EUROPEAN_MONTH_PATTERN,
    EUROPEAN_MONTHS,
    FRENCH_WEEKDAYS,
    GERMAN_WEEKDAYS,
    JAPANESE_WEEKDAYS,
    WEEKDAY_NUMBERS,
)
from verifier.vocabulary.sentences import SENTENCE_END


@dataclass(frozen=True, slots=True)
class SourceDate:
    """One date the source gives: `text` is `source[start:end]`.

    `first`..`last` is the period meant (one day, a month, a year, or the
    seven days of "this week"); `precision` is the unit it was written in.
    `resolved` says how a relative or year-less date was placed, empty when
    the text spelt it out in full.
    """

    text: str
    start: int
    end: int
    first: date
    last: date
    precision: DatePrecision
    resolved: str = ""

    @property
    def value(self) -> date:
        return self.first


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_MON = r"(?P<mon>" + ENGLISH_MONTH_PATTERN + ")"
_WD = r"(?:(?P<wd>" + ENGLISH_WEEKDAYS + r"),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
# "May" is also a verb: alone it counts only after one of these words.
_MAY_CUES = ("in", "since", "until", "by", "from", "during", "early", "late", "mid", "of", "last")

_Finder = Callable[[re.Match[str], date | None], Placed | None]


def find_dates(
    text: str, published: date | None, *, fallback: date | None = None
) -> tuple[SourceDate, ...]:
    """Every date `text` gives, in text order; the earlier finders win overlaps.

    `published` places relative dates (weekdays, "yesterday") and year-less
    ones; without it relative dates are dropped and year-less ones are placed
    near `fallback` (the issue's date). The date check reads a page's once per issue
    (`ctx.readings`).
    """
    plain = text.translate(_FULLWIDTH)
    taken: list[tuple[int, int]] = []
    found: list[SourceDate] = []
    for pattern, finder, relative in _FINDERS:
        ref = published if relative else published or fallback
        for match in pattern.finditer(plain):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            placed = finder(match, ref)
            if placed is None:
                continue
            taken.append((start, end))
            first, last, precision, resolved = placed
            found.append(SourceDate(text[start:end], start, end, first, last, precision, resolved))
    return tuple(sorted(found, key=lambda d: d.start))


# --- placing ------------------------------------------------------------------


def _month_number(name: str) -> int:
    return ENGLISH_MONTH_NUMBERS[name.rstrip(".")[:3].lower()]


# --- finders: (match, reference date) -> (first, last, precision, resolved) ---


def _english_day(m: re.Match[str], ref: date | None) -> Placed | None:
    month, written = _month_number(m["mon"]), f"{m['mon']} {m['day']}"
    return full_date(m["year"], month, int(m["day"]), ref, written, m["wd"])


def _numeric_day(m: re.Match[str], ref: date | None) -> Placed | None:
    """ISO `2024-11-06`, `2024.11.6`, Japanese `2024年11月6日` and `11月6日`."""
    return full_date(m["year"], int(m["m"]), int(m["day"]), ref, m[0], None)


def _dotted_day(m: re.Match[str], ref: date | None) -> Placed | None:
    """`18.11.2024` and `24.02.22` (a two-digit year is this century's)."""
    year = m["year"] if len(m["year"]) == 4 else f"20{m['year']}"
    return full_date(year, int(m["m"]), int(m["day"]), ref, m[0], None)


def _cyrillic_day(m: re.Match[str], ref: date | None) -> Placed | None:
    month = CYRILLIC_MONTHS[m["mon"].lower()]
    return full_date(m["year"], month, int(m["day"]), ref, m[0], None)


def _european_day(m: re.Match[str], ref: date | None) -> Placed | None:
    """German `15. Januar 2025`, French `jeudi 10 octobre` (`1er` is the 1st)."""
    month, day = EUROPEAN_MONTHS[m["mon"].lower()], int(m["day"].removesuffix("er"))
    return full_date(m["year"], month, day, ref, m[0], m["wd"])


def _era_date(m: re.Match[str], ref: date | None) -> Placed | None:
    """`昭和32年2月4日`, `令和6年10月`, `平成元年`: an era year is a year like any other."""
    year = ERAS[m["era"]] + (1 if m["n"] == "元" else int(m["n"]))
    if m["m"] is None or not 1 <= int(m["m"]) <= 12:
        return one_year(year)
    if m["day"] is None:
        return one_month(year, int(m["m"]))
    exact = safe_date(year, int(m["m"]), int(m["day"]))
    return None if exact is None else one_day(exact)


def _japanese_day(m: re.Match[str], ref: date | None) -> Placed | None:
    """A bare `4日`: of the month written just before it, else of the publication's month.

    Japanese copy names a month once and then counts days (`12月10日に…、11日に…`).
    """
    before = _month_before(m)
    if before is not None:
        return _day_of_month(before, int(m["day"]), ref, m[0])
    if ref is None:
        return None
    months = (ref.replace(day=1) + timedelta(days=31 * k) for k in (-1, 0, 1))
    best = nearest((safe_date(d.year, d.month, int(m["day"])) for d in months), ref)
    return None if best is None else one_day(best, against(m[0], best.isoformat(), ref))


_MONTH_BEFORE = re.compile(r"(?:(?P<year>\d{4})年)?(?<![\d./〜~-])(?P<m>\d{1,2})月(?![期間末頃])")


_CLAUSE_END = re.compile(r"[。！？!?\n]")


def _month_before(m: re.Match[str]) -> re.Match[str] | None:
    """The last month named a few clauses before a bare day, in its sentence or the one before."""
    low = max(0, m.start() - MONTH_REACH)
    ends = [end.end() for end in _CLAUSE_END.finditer(m.string, low, m.start())]
    low = ends[-2] if len(ends) >= 2 else low
    found = list(_MONTH_BEFORE.finditer(m.string, low, m.start()))
    return found[-1] if found and 1 <= int(found[-1]["m"]) <= 12 else None


def _day_of_month(month: re.Match[str], day: int, ref: date | None, written: str) -> Placed | None:
    """Day `day` of the month `month` names: its year if written, else the nearest one."""
    if month["year"] is not None:
        exact = safe_date(int(month["year"]), int(month["m"]), day)
        return None if exact is None else one_day(exact)
    if ref is None:
        return None
    best = nearest(
        (safe_date(y, int(month["m"]), day) for y in range(ref.year - 1, ref.year + 2)), ref
    )
    if best is None:
        return None
    return one_day(best, against(written, f"{best.isoformat()} (after {month[0]})", ref))


def _english_month(m: re.Match[str], ref: date | None) -> Placed | None:
    if m["mon"] == "May" and m["year"] is None and not _after_cue(m):
        return None
    return _some_month(m["year"], _month_number(m["mon"]), m[0], ref)


# `先月21日`: a day of the month before (or after) the publication's.
_RELATIVE_MONTHS = {"先月": -1, "前月": -1, "今月": 0, "来月": 1, "翌月": 1}


def _relative_month_day(m: re.Match[str], ref: date | None) -> Placed | None:
    if ref is None:
        return None
    month = ref.replace(day=15) + timedelta(days=30 * _RELATIVE_MONTHS[m["rel"]])
    day = safe_date(month.year, month.month, int(m["day"]))
    return None if day is None else one_day(day, against(m[0], day.isoformat(), ref))


_RELATIVE_YEARS = {"今年": 0, "本年": 0, "昨年": -1, "去年": -1, "前年": -1, "来年": 1}


def _relative_year_date(m: re.Match[str], ref: date | None) -> Placed | None:
    """`今年2月`, `昨年11月5日`: a month (or day) of the year before or after the publication's."""
    if ref is None or not 1 <= int(m["m"]) <= 12:
        return None
    year = ref.year + _RELATIVE_YEARS[m["rel"]]
    if m["day"] is None:
        return one_month(year, int(m["m"]), against(m[0], f"{year}-{int(m['m']):02d}", ref))
    day = safe_date(year, int(m["m"]), int(m["day"]))
    return None if day is None else one_day(day, against(m[0], day.isoformat(), ref))


def _japanese_month(m: re.Match[str], ref: date | None) -> Placed | None:
    month = int(m["m"])
    return _some_month(m["year"], month, m[0], ref) if 1 <= month <= 12 else None


def _some_month(year: str | None, month: int, written: str, ref: date | None) -> Placed | None:
    if year is not None:
        return one_month(int(year), month)
    if ref is None:
        return None
    best = nearest((date(y, month, 1) for y in range(ref.year - 1, ref.year + 2)), ref)
    assert best is not None
    return one_month(best.year, month, against(written, best.strftime("%Y-%m"), ref))


def _after_cue(m: re.Match[str]) -> bool:
    before = m.string[max(0, m.start() - 8) : m.start()].split()
    return bool(before) and before[-1].lower().rstrip("-") in _MAY_CUES


def _year_only(m: re.Match[str], ref: date | None) -> Placed | None:
    return one_year(int(m["year"]))


def _weekday(m: re.Match[str], ref: date | None) -> Placed | None:
    """The most recent such weekday on or before publication: news reports the past week.

    Unless the clause before it looks ahead ("are due to resume on Wednesday",
    "will meet on Thursday", `відбудеться у середу`): then the next such day.
    """
    if ref is None:
        return None
    number = WEEKDAY_NUMBERS[re.sub("[’ʼ]", "'", m["wd"].lower())]
    if _looks_ahead(m):
        day = ref + timedelta(days=(number - ref.weekday()) % 7 or 7)
    else:
        day = ref - timedelta(days=(ref.weekday() - number) % 7)
    return one_day(day, against(m["wd"], day.isoformat(), ref))


_FUTURE = re.compile(
    r"\b(?:will|shall|due to|set to|scheduled|expected to|plans? to|is to|are to|next)\b|'ll\b"
    r"|(?<!\w)(?:состоится|пройд[её]т|заплан|будет|відбудеться|буде|наступн|следующ)",
    re.IGNORECASE,
)


def _looks_ahead(m: re.Match[str]) -> bool:
    """A future cue between the start of the weekday's sentence and the weekday."""
    low = max(0, m.start() - SENTENCE_REACH)
    ends = [e.end() for e in SENTENCE_END.finditer(m.string, low, m.start())]
    return _FUTURE.search(m.string, ends[-1] if ends else low, m.start()) is not None


_DAY_WORDS = {"yesterday": -1, "last night": -1, "today": 0, "tomorrow": 1}
_DAY_WORDS |= {"昨日": -1, "今日": 0, "本日": 0} | CYRILLIC_DAY_WORDS


def _relative(m: re.Match[str], ref: date | None) -> Placed | None:
    if ref is None:
        return None
    word = m[0].lower()
    if word in _DAY_WORDS:
        day = ref + timedelta(days=_DAY_WORDS[word])
        return one_day(day, against(word, day.isoformat(), ref))
    shift = -1 if word.startswith(("last", "先", "昨", "去")) else 0
    if word.endswith(("week", "週")):
        monday = ref - timedelta(days=ref.weekday() - 7 * shift)
        sunday = monday + timedelta(days=6)
        return monday, sunday, DatePrecision.DAY, against(word, f"{monday} to {sunday}", ref)
    if word.endswith(("month", "月")):
        first = (ref.replace(day=1) - timedelta(days=1)) if shift else ref
        return one_month(first.year, first.month, against(word, first.strftime("%Y-%m"), ref))
    return one_year(ref.year + shift, against(word, str(ref.year + shift), ref))


_ENGLISH_MONTH = (
    r"\b(?P<mon>" + "|".join(ENGLISH_MONTHS) + r")\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_RELATIVE_WORDS = (
    r"\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|last night|[Tt]his (?:week|month|year)"
    r"|[Ll]ast (?:week|month|year))\b|今年|昨年|去年|今月|先月|昨日|今日|本日|今週|先週"
    r"|(?<!\w)(?i:" + "|".join(CYRILLIC_DAY_WORDS) + r")(?!\w)"
)
# (pattern, finder, relative): a relative finder is placed only against the publication date.
_FINDERS: tuple[tuple[re.Pattern[str], _Finder, bool], ...] = (
    (
        re.compile(
            r"(?P<rel>" + "|".join(_RELATIVE_YEARS) + r")(?P<m>\d{1,2})月(?:(?P<day>\d{1,2})日)?"
        ),
        _relative_year_date,
        True,
    ),
    (
        re.compile(
            r"(?P<era>" + "|".join(ERAS) + r")(?P<n>元|\d{1,2})年"
            r"(?:(?P<m>\d{1,2})月(?:(?P<day>\d{1,2})日)?)?"
        ),
        _era_date,
        False,
    ),
    (
        re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b"),
        _numeric_day,
        False,
    ),
    (
        re.compile(r"(?:(?P<year>\d{4})年)?(?<![\d./])(?P<m>\d{1,2})月(?P<day>\d{1,2})日"),
        _numeric_day,
        False,
    ),
    (
        re.compile(r"(?<!\d)(?P<year>\d{4})[./](?P<m>\d{1,2})[./](?P<day>\d{1,2})(?!\d)"),
        _numeric_day,
        False,
    ),
    (
        # `18.11.2024`, `24.02.22`: day first, as Ukrainian, Russian and German copy writes it
        re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<year>\d{4}|\d\d)(?![\d.]\d)"),
        _dotted_day,
        False,
    ),
    (
        re.compile(
            r"\b(?P<day>[0-3]?\d)\s+(?P<mon>"
            + "|".join(CYRILLIC_MONTHS)
            + r")(?:\s+(?P<year>\d{4}))?",
            re.IGNORECASE,
        ),
        _cyrillic_day,
        False,
    ),
    (re.compile(_WD + r"\b" + _MON + r"\s+" + _DAY + _YEAR), _english_day, False),
    (re.compile(_WD + r"\b" + _DAY + r"\s+(?:of\s+)?" + _MON + _YEAR), _english_day, False),
    (
        re.compile(
            r"(?:\b(?P<wd>" + FRENCH_WEEKDAYS + r")\s+)?\b(?P<day>1er|[0-3]?\d)\.?\s*"
            r"(?P<mon>" + EUROPEAN_MONTH_PATTERN + r")(?![A-Za-zÀ-ÿ])(?:\s+(?P<year>\d{4})\b)?",
            re.IGNORECASE,
        ),
        _european_day,
        False,
    ),
    (re.compile(r"(?<![\d月/.])(?P<day>\d{1,2})日(?![間後前本])"), _japanese_day, False),
    (
        re.compile(r"(?:(?P<year>\d{4})年)?(?<![\d./])(?P<m>\d{1,2})月(?![\d日])"),
        _japanese_month,
        False,
    ),
    (re.compile(_ENGLISH_MONTH), _english_month, False),
    (
        re.compile(r"\b(?:(?:on|last|this)\s+)?(?P<wd>" + ENGLISH_WEEKDAYS + r")\b"),
        _weekday,
        True,
    ),
    (
        re.compile(r"\b(?P<wd>" + GERMAN_WEEKDAYS + r")(?:" + DAY_PARTS + r")?\b"),
        _weekday,
        True,
    ),
    (re.compile(r"\b(?P<wd>" + FRENCH_WEEKDAYS + r")\b", re.IGNORECASE), _weekday, True),
    (re.compile(r"(?P<wd>" + JAPANESE_WEEKDAYS + r")"), _weekday, True),
    # `у неділю`, `в ночь на воскресенье` (the night into Sunday is dated Sunday)
    (re.compile(r"(?<!\w)(?P<wd>" + CYRILLIC_WEEKDAYS + r")(?!\w)", re.IGNORECASE), _weekday, True),
    (
        re.compile(r"(?P<rel>" + "|".join(_RELATIVE_MONTHS) + r")(?P<day>\d{1,2})日"),
        _relative_month_day,
        True,
    ),
    (re.compile(_RELATIVE_WORDS), _relative, True),
    (
        re.compile(
            r"(?<![\dA-Za-z$€£.,])(?P<year>(?:19|20)\d\d)(?:年(?![度代間])|\b(?![\d%]|[.,]\d))"
        ),
        _year_only,
        False,
    ),
)
