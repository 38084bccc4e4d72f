"""HTML views of the report dict: one page per issue, one per archived source, the index.

The pages show text taken from arbitrary web pages and are opened straight from disk,
so autoescaping is on and each page carries a Content-Security-Policy that allows its
own inline style and script by their SHA-256 and nothing else: no other script (an
injected ``<script>`` or ``onerror=`` does not run even if escaping ever failed), no
network, no frames. Style and script live in `assets/`, are inlined whole, and need no
CDN, so a page works offline, from a mail attachment or a CI artifact.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

from verifier.report._chart import trend_chart
from verifier.report._levels import level, problems_first, worst
from verifier.report._marks import check_anchor, reading_lines, shared_segments
from verifier.types import Level, Page, Snapshot, TrendDay


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
    health: tuple[int, int, int] = (0, 0, 0)  # citations at each level: bad, warn, good
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Assets:
    """The pages' one stylesheet and one script, and the policy that allows exactly them."""

    css: str
    js: str

    def policy(self, script: bool) -> str:
        allowed = f"script-src '{_sha256(self.js)}'" if script else "script-src 'none'"
        return (
            f"default-src 'none'; style-src '{_sha256(self.css)}'; {allowed}; img-src data:; "
            "base-uri 'none'; form-action 'none'"
        )


def index_entry(data: dict[str, Any], href: str) -> IndexEntry:
    """Summarise one report dict for the index: counts of bad and inconclusive findings."""
    summary = data["summary"]
    counts = problems_first({**summary["by_link_status"], **summary["by_verdict"]})
    levels = [worst(citation) for citation in data["citations"]]
    return IndexEntry(
        id=data["issue"]["id"],
        href=href,
        title=data["issue"]["title"],
        date=data["issue"]["date"],
        generated_at=data["generated_at"],
        citations=summary["citations"],
        checks=summary["checks"],
        problems=tuple((value, n) for value, n in counts if level(value) == Level.BAD),
        inconclusive=sum(n for value, n in counts if level(value) == Level.WARN),
        health=(levels.count(Level.BAD), levels.count(Level.WARN), levels.count(Level.GOOD)),
    )


def render_issue_page(
    data: dict[str, Any], lines: Sequence[str], archived: Iterable[str] = ()
) -> str:
    """The issue's page: its citations as cards, then the issue as sent with its claims
    marked; `archived` are the snapshots whose text view sits in ``sources/``."""
    hosts = sorted({_host(c["url"]) for c in data["citations"] if c["url"]})
    return _render(
        "issue.html",
        script=True,
        report=data,
        reading=reading_lines(lines, data["citations"]),
        archived=set(archived),
        sources_cited=hosts,
    )


def render_source_page(snapshot: Snapshot, page: Page, evidence: Iterable[str]) -> str:
    """An archived source's text, as read, with each passage a check quoted marked."""
    return _render(
        "source.html",
        script=False,
        snapshot=snapshot,
        page=page,
        passages=_passages(page.text, evidence),
    )


def render_index_page(entries: list[IndexEntry], trend: Sequence[TrendDay] = ()) -> str:
    return _render("index.html", script=False, entries=entries, chart=trend_chart(trend))


def source_page_name(snapshot_id: str) -> str:
    """Where an archived source's view goes, beside its issue's page."""
    return f"sources/{snapshot_id}.html"


def _passages(text: str, evidence: Iterable[str]) -> list[tuple[str, str | None]]:
    """The text cut at each evidence passage found in it verbatim (`ev1`, `ev2`...)."""
    spans: list[tuple[int, int]] = []
    for passage in dict.fromkeys(e for e in evidence if e):
        start = text.find(passage)
        end = start + len(passage)
        if start >= 0 and all(end <= s or start >= e for s, e in spans):
            spans.append((start, end))
    out: list[tuple[str, str | None]] = []
    at = 0
    for number, (start, end) in enumerate(sorted(spans), start=1):
        out += [(text[at:start], None), (text[start:end], f"ev{number}")]
        at = end
    return [*out, (text[at:], None)]


def _render(template: str, script: bool, **context: Any) -> str:
    return _environment().get_template(template).render(assets=_assets(), script=script, **context)


def _web_href(url: str | None) -> str | None:
    """The URL if it is safe to link (http or https), else None: never a javascript: link."""
    if url and urlsplit(url).scheme.lower() in {"http", "https"}:
        return url
    return None


def _host(url: str | None) -> str:
    """The site a citation points at, without ``www.``: what the source filter offers."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@cache
def _assets() -> Assets:
    folder = files("verifier.report") / "assets"
    return Assets(
        css=(folder / "report.css").read_text("utf-8"),
        js=(folder / "report.js").read_text("utf-8"),
    )


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("verifier.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        level=level,
        worst=worst,
        problems_first=problems_first,
        web_href=_web_href,
        host=_host,
        shared=shared_segments,
    )
    env.globals.update(check_anchor=check_anchor)
    return env
