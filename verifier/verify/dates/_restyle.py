"""A date as the issue wrote it, saying another day in the same style: what a check offers
as the correction (`10月6日` -> `11月6日`, `Oct. 6` -> `Nov. 6`, `2024/10/6` -> `2024/11/6`).

Only the styles below are rewritten; for any other (a Ukrainian or Russian month name, a
weekday alone, "last week") no correction is offered rather than a wrong one.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_KANJI_WEEKDAYS = "月火水木金土日"
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_JAPANESE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
    r"(?P<weekday>[(（][月火水木金土日][)）])?"
)
_ENGLISH = re.compile(
    r"(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*)(?P<dot>\.?)"
    r"\s+(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)?(?:,\s*(?P<year>\d{4}))?"
)
_NUMERIC = re.compile(r"(?P<year>\d{4})(?P<sep>[-./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})")


def restyle(text: str, day: date) -> str | None:
    """`text` (one date, as written) saying `day` instead, in its own style; None when the
    style is not one this module rewrites."""
    plain = unicodedata.normalize("NFKC", text)
    for pattern, render in ((_JAPANESE, _japanese), (_ENGLISH, _english), (_NUMERIC, _numeric)):
        found = pattern.search(plain)
        if found is not None:
            return plain[: found.start()] + render(found, day) + plain[found.end() :]
    return None


def _japanese(found: re.Match[str], day: date) -> str:
    year = f"{day.year}年" if found["year"] else ""
    weekday = found["weekday"]
    if weekday:
        weekday = weekday[0] + _KANJI_WEEKDAYS[day.weekday()] + weekday[-1]
    return f"{year}{day.month}月{day.day}日{weekday or ''}"


def _english(found: re.Match[str], day: date) -> str:
    name = _MONTHS[day.month - 1]
    if len(found["month"]) <= 4 and found["month"] not in _MONTHS:
        name = name[:3]
    suffix = _ordinal(day.day) if found["suffix"] else ""
    year = f", {day.year}" if found["year"] else ""
    return f"{name}{found['dot']} {day.day}{suffix}{year}"


def _numeric(found: re.Match[str], day: date) -> str:
    sep = found["sep"]
    padded = sep == "-" or found["month"].startswith("0") or found["day"].startswith("0")
    month, number = (f"{day.month:02d}", f"{day.day:02d}") if padded else (day.month, day.day)
    return f"{day.year}{sep}{month}{sep}{number}"


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
