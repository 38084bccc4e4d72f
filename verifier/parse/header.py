"""What an issue says about itself: title, date, id and format.

The title is the first line. The issue date is the one marked as the issue's
(``2024.11.11号``, ``2024年11月11日号``), else the first full date in the title
(an ISO date). The id is a stable slug for report directories:
``2024-11-11-no4376`` from date and number, the date alone, or the file name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import PurePath

from verifier.parse.dates import find_dates
from verifier.parse.lines import Line
from verifier.types import DatePrecision

FORMATS = ("text", "markdown", "html")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
_ISSUE_MARK = "号"
_NUMBER = re.compile(r"\bNo\.?\s*(\d+)", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^\w]+")


def title_line(lines: Sequence[Line]) -> Line | None:
    """The first line with text: the issue's title."""
    return next((line for line in lines if line.text.strip()), None)


def issue_date(title: str) -> date | None:
    """The date of the issue as its title gives it, if it does."""
    title = unicodedata.normalize("NFKC", title)
    days = [s for s in find_dates(title, None) if s.mention.precision is DatePrecision.DAY]
    marked = [span for span in days if title[span.end : span.end + 1] == _ISSUE_MARK]
    chosen = marked or days
    return chosen[0].mention.value if chosen else None


def issue_id(title: str, when: date | None, path: str) -> str:
    """A stable slug: date and issue number, either alone, else the file stem."""
    number = _NUMBER.search(unicodedata.normalize("NFKC", title))
    parts = [when.isoformat()] if when else []
    if number:
        parts.append(f"no{int(number.group(1))}")
    if parts:
        return "-".join(parts)
    return _NOT_SLUG.sub("-", PurePath(path).stem.lower()).strip("-_") or "issue"


def detect_format(path: str, text: str) -> str:
    """The format by file suffix, else by a look at the start of the text."""
    by_suffix = _SUFFIXES.get(PurePath(path).suffix.lower())
    if by_suffix:
        return by_suffix
    start = text.lstrip().lower()
    if start.startswith(("<!doctype html", "<html")):
        return "html"
    return "markdown" if start.startswith("# ") else "text"
