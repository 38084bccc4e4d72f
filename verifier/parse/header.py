"""What an issue says about itself: title, date, id and format.

The title is the first line (an e-mail's first heading near the top). The issue
date is the one marked as the issue's (``2024.11.11号``, ``2024年11月11日号``),
else the first full date in the title or the dateline under it. The id is a
stable slug for report directories: ``2024-11-11-no4376`` from date and number,
``2025-02-24-merz-wins`` from the date and the file name, or the file name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from itertools import islice
from pathlib import PurePath

from verifier.parse.dates import find_dates
from verifier.parse.lines import Line
from verifier.types import DatePrecision

FORMATS = ("text", "markdown", "html")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
_ISSUE_MARK = "号"
_NUMBER = re.compile(r"\bNo\.?\s*(\d+)", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^\w]+")


# An e-mail opens with "Read online", the newsletter's name and a dateline before its
# headline: the title is the first heading among its first lines, and the date the first
# full date there when the title has none.
_MASTHEAD_LINES = 8


def title_line(lines: Sequence[Line]) -> Line | None:
    """The issue's title: the first heading near the top, else the first line with text."""
    texts = _masthead(lines)
    heading = next((line for line in texts if line.heading), None)
    return heading or next(iter(texts), None)


def issue_date(title: str, lines: Sequence[Line] = ()) -> date | None:
    """The date of the issue as its title gives it, else the first full date of the lines
    at the top (a dateline under the newsletter's name)."""
    for text in (title, *(line.text for line in _masthead(lines))):
        text = unicodedata.normalize("NFKC", text)
        days = [s for s in find_dates(text, None) if s.mention.precision is DatePrecision.DAY]
        marked = [span for span in days if text[span.end : span.end + 1] == _ISSUE_MARK]
        chosen = marked or days
        if chosen:
            return chosen[0].mention.value
    return None


def _masthead(lines: Sequence[Line]) -> list[Line]:
    """The first lines with text: where an e-mail's name, dateline and headline stand."""
    return list(islice((line for line in lines if line.text.strip()), _MASTHEAD_LINES))


def issue_id(title: str, when: date | None, path: str) -> str:
    """A stable slug: the date and the issue number; a date without a number takes the file
    stem beside it (two newsletters of one day must not share a report folder); else the
    number alone, else the stem."""
    number = _NUMBER.search(unicodedata.normalize("NFKC", title))
    stem = _NOT_SLUG.sub("-", PurePath(path).stem.lower()).strip("-_") or "issue"
    parts = [when.isoformat()] if when else []
    parts.append(f"no{int(number.group(1))}" if number else stem)
    return "-".join(parts) if when or number else stem


def detect_format(path: str, text: str) -> str:
    """The format by file suffix, else by a look at the start of the text."""
    by_suffix = _SUFFIXES.get(PurePath(path).suffix.lower())
    if by_suffix:
        return by_suffix
    start = text.lstrip().lower()
    if start.startswith(("<!doctype html", "<html")):
        return "html"
    return "markdown" if start.startswith("# ") else "text"
