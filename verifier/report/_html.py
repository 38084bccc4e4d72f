"""HTML views of the report dict: one page per issue and the index of issues.

Autoescaping is on and the pages are self-contained (inline CSS, no script, a
Content-Security-Policy that forbids everything else), because they display
text taken from arbitrary web pages and are opened straight from disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

from verifier.report._levels import BAD, WARN, level, problems_first, worst


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One issue's row in the index, or why its report.json could not be read."""

    id: str
    href: str
    title: str = ""
    date: str | None = None
    generated_at: str | None = None
    citations: int = 0
    checks: int = 0
    problems: tuple[tuple[str, int], ...] = ()
    inconclusive: int = 0
    error: str | None = None


def index_entry(data: dict[str, Any], href: str) -> IndexEntry:
    """Summarise one report dict for the index: counts of bad and inconclusive findings."""
    summary = data["summary"]
    counts = problems_first({**summary["by_link_status"], **summary["by_verdict"]})
    return IndexEntry(
        id=data["issue"]["id"],
        href=href,
        title=data["issue"]["title"],
        date=data["issue"]["date"],
        generated_at=data["generated_at"],
        citations=summary["citations"],
        checks=summary["checks"],
        problems=tuple((value, n) for value, n in counts if level(value) == BAD),
        inconclusive=sum(n for value, n in counts if level(value) == WARN),
    )


def render_issue_page(data: dict[str, Any]) -> str:
    return _environment().get_template("issue.html").render(report=data)


def render_index_page(entries: list[IndexEntry]) -> str:
    return _environment().get_template("index.html").render(entries=entries)


def _web_href(url: str | None) -> str | None:
    """The URL if it is safe to link (http or https), else None: never a javascript: link."""
    if url and urlsplit(url).scheme.lower() in {"http", "https"}:
        return url
    return None


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("verifier.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(level=level, worst=worst, problems_first=problems_first, web_href=_web_href)
    return env
