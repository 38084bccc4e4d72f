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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlsplit

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
    to_fix: int = 0  # root causes to fix before publishing
    to_look: int = 0  # worth a look
    unchecked: int = 0  # checks that could not be made
    links: tuple[tuple[str, int], ...] = ()  # link statuses that are not fine, counted
    health: tuple[int, int, int] = (0, 0, 0)  # citations at each level: bad, warn, good
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a check quoted from a source page: the decisive `words`, in their `sentence`
    when the check named it, marked in the archived copy under the check's `anchor` and in
    the colour of its `verdict`."""

    anchor: str
    words: str
    verdict: str
    sentence: str | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """A marked stretch of an archived copy: `before` + `words` + `after` is the evidence's
    sentence (or the evidence alone, `before` and `after` empty)."""

    anchor: str
    verdict: str
    before: str
    words: str
    after: str


@dataclass(frozen=True, slots=True)
class Assets:
    """The pages' one stylesheet and one script, and the policy that allows exactly them."""

    css: str
    js: str

    def policy(self, script: bool) -> str:
        allowed = f"script-src '{csp_hash(self.js)}'" if script else "script-src 'none'"
        # connect-src 'self': served by `verifier serve`, a page posts review decisions to
        # its own origin; opened from disk it has none
        return (
            f"default-src 'none'; style-src '{csp_hash(self.css)}'; {allowed}; img-src data:; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'"
        )


def index_entry(data: dict[str, Any], href: str) -> IndexEntry:
    """Summarise one report dict for the index: what to fix and what is worth a look (root
    causes), the links that are not fine, and the checks that could not be made, each
    counted apart (an issue's links and its checks are different things to fix)."""
    summary, triage = data["summary"], data["triage"]
    links = problems_first(summary["by_link_status"])
    levels = [worst(citation) for citation in data["citations"]]
    return IndexEntry(
        id=data["issue"]["id"],
        href=href,
        title=data["issue"]["title"],
        date=data["issue"]["date"],
        generated_at=data["generated_at"],
        citations=summary["citations"],
        checks=summary["checks"],
        to_fix=len(triage["fix"]),
        to_look=len(triage["look"]),
        unchecked=sum(item["unverifiable"] for item in triage["info"]),
        links=tuple((value, n) for value, n in links if level(value) != Level.GOOD),
        health=(levels.count(Level.BAD), levels.count(Level.WARN), levels.count(Level.GOOD)),
    )


def render_issue_page(
    data: dict[str, Any],
    lines: Sequence[str],
    archived: Iterable[str] = (),
    marked: Iterable[str] = (),
) -> str:
    """The issue's page: what to fix, what is worth a look, its citations as cards, then the
    issue as sent with its claims marked; `archived` are the snapshots whose text view sits
    in ``sources/``, `marked` the checks whose evidence is marked in one."""
    hosts = sorted({_host(c["url"]) for c in data["citations"] if c["url"]})
    return _render(
        "issue.html",
        script=True,
        report=data,
        reading=reading_lines(lines, data["citations"]),
        archived=set(archived),
        marked=set(marked),
        sources_cited=hosts,
    )


def render_source_page(
    snapshot: Snapshot, page: Page, evidence: Iterable[Evidence]
) -> tuple[str, set[str]]:
    """An archived source's text, as read, with each passage a check quoted marked (its
    sentence, the decisive words in it, a link back to the check); the page, and the
    anchors of the checks whose passage is marked."""
    passages = _passages(page.text, evidence)
    marked = {part.anchor for part in passages if isinstance(part, Passage)}
    html = _render("source.html", script=False, snapshot=snapshot, page=page, passages=passages)
    return html, marked


def render_index_page(entries: list[IndexEntry], trend: Sequence[TrendDay] = ()) -> str:
    return _render("index.html", script=False, entries=entries, chart=trend_chart(trend))


def source_page_name(snapshot_id: str) -> str:
    """Where an archived source's view goes, beside its issue's page."""
    return f"sources/{snapshot_id}.html"


def _passages(text: str, evidence: Iterable[Evidence]) -> list[str | Passage]:
    """The text cut at each check's passage found in it verbatim (its sentence when it has
    one, else its words); a passage overlapping one already marked is left unmarked."""
    spans: list[tuple[int, int, Evidence]] = []
    for item in evidence:
        found = _span(text, item)
        if found is not None and all(found[1] <= s or found[0] >= e for s, e, _ in spans):
            spans.append((*found, item))
    out: list[str | Passage] = []
    at = 0
    for start, end, item in sorted(spans, key=lambda span: span[0]):
        stretch = text[start:end]
        inner = stretch.find(item.words)
        before, after = stretch[:inner], stretch[inner + len(item.words) :]
        out += [text[at:start], Passage(item.anchor, item.verdict, before, item.words, after)]
        at = end
    return [*out, text[at:]]


def _span(text: str, item: Evidence) -> tuple[int, int] | None:
    """Where the evidence's sentence (holding its words) is, else its words alone."""
    if item.sentence and item.words in item.sentence:
        start = text.find(item.sentence)
        if start >= 0:
            return start, start + len(item.sentence)
    start = text.find(item.words)
    return (start, start + len(item.words)) if start >= 0 else None


def _render(template: str, script: bool, **context: Any) -> str:
    return _environment().get_template(template).render(assets=_assets(), script=script, **context)


#: Confidence in words, from the score up: what the fix list says instead of "0.80".
SURENESS = ((0.9, "almost certain"), (0.75, "very likely"), (0.5, "likely"), (0.0, "unsure"))


def sureness(score: float | None) -> str:
    """A check's score in plain words (the number stays in its title, on demand)."""
    if score is None:
        return "certain"
    return next(words for floor, words in SURENESS if score >= floor)


def text_fragment(url: str | None, words: str | None) -> str | None:
    """The live page's address scrolled to `words` (a text fragment, ``#:~:text=``, where
    the browser supports it), or the address alone; None when it is no web address."""
    href = _web_href(url)
    if href is None or not words:
        return href
    start = " ".join(words.split()[:8])  # the fragment matches whole words, the start is enough
    encoded = quote(start, safe="").replace("-", "%2D")  # a dash separates a fragment's parts
    return f"{href.split('#')[0]}#:~:text={encoded}"


_KANA_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def language_of(text: str | None) -> str:
    """The language tag a screen reader needs for a claim or passage, by its script:
    Japanese, Ukrainian (its own letters), Russian (other Cyrillic), else English."""
    text = text or ""
    if _KANA_KANJI.search(text):
        return "ja"
    if _UKRAINIAN.search(text):
        return "uk"
    return "ru" if _CYRILLIC.search(text) else "en"


def _web_href(url: str | None) -> str | None:
    """The URL if it is safe to link (http or https), else None: never a javascript: link."""
    if url and urlsplit(url).scheme.lower() in {"http", "https"}:
        return url
    return None


def _host(url: str | None) -> str:
    """The site a citation points at, without ``www.``: what the source filter offers."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def csp_hash(text: str) -> str:
    """A Content-Security-Policy source for an inline script or style: its SHA-256."""
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
        sureness=sureness,
        fragment=text_fragment,
        lang=language_of,
    )
    env.globals.update(check_anchor=check_anchor)
    return env
