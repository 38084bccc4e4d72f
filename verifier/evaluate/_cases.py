"""Labelled cases: claim/source pairs with the verdict a careful reviewer gives, read from a
TOML file (the format is `docs/eval.md`) and built into the pipeline's own types.

A malformed file is one `CasesError` naming every problem, so `verifier eval` says all
that is wrong in one line and exits 2, before any check runs.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from verifier.errors import CasesError
from verifier.types import (
    Citation,
    CitationKind,
    Claim,
    ClaimKind,
    DateMention,
    DatePrecision,
    DateRole,
    LinkResult,
    LinkStatus,
    Page,
    Verdict,
)

DEFAULT_ISSUE_DATE = date(2024, 11, 11)
VERDICTS: tuple[str, ...] = tuple(verdict.value for verdict in Verdict)
KINDS: tuple[str, ...] = ("date", "event_date", "title", "publisher", "number", "quote")
# Kinds whose claim is a Claim of the passage; the others check a citation field.
CLAIM_KINDS: dict[str, ClaimKind] = {
    "event_date": ClaimKind.DATE,
    "number": ClaimKind.NUMBER,
    "quote": ClaimKind.QUOTE,
}
# Links that leave no page to read; the others (ok, paywalled, unstable,
# soft_404, redirected) come with the case's page.
_NO_PAGE = frozenset(
    {LinkStatus.DEAD, LinkStatus.BLOCKED, LinkStatus.TIMEOUT, LinkStatus.ERROR, LinkStatus.NO_URL}
)
_REASONS = {
    LinkStatus.OK: "HTTP 200 OK",
    LinkStatus.REDIRECTED: "redirected to the article",
    LinkStatus.DEAD: "HTTP 404 Not Found",
    LinkStatus.SOFT_404: "an article URL redirects to the site's front page",
    LinkStatus.BLOCKED: "HTTP 403 Forbidden (bot wall)",
    LinkStatus.PAYWALLED: "the page marks its text as paywalled",
    LinkStatus.TIMEOUT: "no response within the time limit",
    LinkStatus.ERROR: "TLS handshake failed",
    LinkStatus.UNSTABLE: "a site's front page: its content changes",
    LinkStatus.NO_URL: "the issue cites this source without a link",
}
_CASE_KEYS = frozenset(
    {
        "id",
        "kind",
        "claim",
        "claim_kind",
        "dates",
        "expected",
        "why",
        "page",
        "url",
        "link",
        "cited_title",
        "cited_publisher",
        "cited_date",
        "issue_date",
        "others",
    }
)
_PAGE_KEYS = frozenset(
    {
        "url",
        "title",
        "publisher",
        "published",
        "published_at",
        "modified",
        "language",
        "paywalled",
        "link",
        "text",
        "date_source",
    }
)


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled claim/source pair, built into the pipeline's own types."""

    id: str
    kind: str
    claim: str
    expected: Verdict
    why: str
    citation: Citation
    page: Page | None
    link: LinkResult
    issue_date: date
    others: tuple[tuple[Citation, Page], ...] = ()


def read_raw(path: Path) -> dict[str, Any]:
    """The file as TOML; one `CasesError` when it cannot be read or is no TOML."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise CasesError(f"{path}: cannot read the case file ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise CasesError(f"{path}: not TOML ({error})") from error


def validate(raw: Mapping[str, Any]) -> list[str]:
    """Every problem of the data file, in words; an empty list means well-formed."""
    problems: list[str] = []
    pages = raw.get("pages", {})
    for name, page in pages.items():
        problems += [f"page {name}: unknown key {key!r}" for key in set(page) - _PAGE_KEYS]
        for key in ("url", "text"):
            if not isinstance(page.get(key), str) or not page[key].strip():
                problems.append(f"page {name}: needs {key}")
        problems += _problems_of_dates(f"page {name}", page)
        if "link" in page and page["link"] not in LinkStatus.__members__.values():
            problems.append(f"page {name}: unknown link status {page['link']!r}")
    seen: Counter[str] = Counter()
    for index, case in enumerate(raw.get("cases", [])):
        where = f"case {case.get('id', f'#{index + 1}')}"
        seen[case.get("id", "")] += 1
        problems += [f"{where}: unknown key {key!r}" for key in set(case) - _CASE_KEYS]
        for key in ("id", "kind", "claim", "expected", "why"):
            if not isinstance(case.get(key), str) or not case[key].strip():
                problems.append(f"{where}: needs {key}")
        kind = case.get("kind")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r}")
        if case.get("expected") not in VERDICTS:
            problems.append(f"{where}: unknown verdict {case.get('expected')!r}")
        problems += _problems_of_source(where, case, pages)
        problems += _problems_of_claim(where, case)
        for other in case.get("others", []):
            if other not in pages:
                problems.append(f"{where}: other source {other!r} is not a page")
    problems += [f"id {name!r} is used {count} times" for name, count in seen.items() if count > 1]
    return problems


def _problems_of_source(where: str, case: Mapping[str, Any], pages: Mapping[str, Any]) -> list[str]:
    problems = []
    link = case.get("link", pages.get(case.get("page", ""), {}).get("link", "ok"))
    if link not in LinkStatus.__members__.values():
        return [f"{where}: unknown link status {link!r}"]
    if "page" in case and case["page"] not in pages:
        problems.append(f"{where}: no page named {case['page']!r}")
    if LinkStatus(link) in _NO_PAGE:
        if "page" in case:
            problems.append(f"{where}: a {link} link has no page; give url instead")
        if not case.get("url"):
            problems.append(f"{where}: needs url")
    elif "page" not in case:
        problems.append(f"{where}: a {link} link needs a page")
    return problems


def _problems_of_claim(where: str, case: Mapping[str, Any]) -> list[str]:
    kind = case.get("kind")
    problems = []
    if kind in CLAIM_KINDS:
        if case.get("claim_kind") != CLAIM_KINDS[kind].value:
            problems.append(f"{where}: claim_kind must be {CLAIM_KINDS[kind].value!r}")
        if kind == "event_date":
            mentions = case.get("dates", [])
            if not mentions:
                problems.append(f"{where}: a DATE claim needs dates")
            for mention in mentions:
                problems += _problems_of_mention(where, case.get("claim", ""), mention)
    elif "claim_kind" in case or "dates" in case:
        problems.append(f"{where}: a {kind} case checks a citation field, not a claim")
    if kind == "date":
        try:
            date.fromisoformat(case.get("cited_date", ""))
        except ValueError:
            problems.append(f"{where}: a date case needs cited_date (ISO)")
    problems += _problems_of_dates(where, case, keys=("cited_date", "issue_date"))
    return problems


def _problems_of_mention(where: str, claim: str, mention: Mapping[str, Any]) -> list[str]:
    problems = []
    if mention.get("text", "") not in claim or not mention.get("text"):
        problems.append(f"{where}: date text {mention.get('text')!r} is not in the claim")
    if mention.get("precision") not in DatePrecision.__members__.values():
        problems.append(f"{where}: unknown precision {mention.get('precision')!r}")
    try:
        date.fromisoformat(mention.get("value", ""))
    except ValueError:
        problems.append(f"{where}: date value {mention.get('value')!r} is not ISO")
    return problems


def _problems_of_dates(
    where: str,
    table: Mapping[str, Any],
    keys: Sequence[str] = ("published", "modified"),
) -> list[str]:
    problems = []
    for key in keys:
        if key in table:
            try:
                date.fromisoformat(table[key])
            except (TypeError, ValueError):
                problems.append(f"{where}: {key} {table[key]!r} is not an ISO date")
    if "published_at" in table:
        try:
            stamp = datetime.fromisoformat(table["published_at"])
        except (TypeError, ValueError):
            return [*problems, f"{where}: published_at is not an ISO timestamp"]
        if stamp.tzinfo is None:
            problems.append(f"{where}: published_at needs a UTC offset")
    return problems


def load_cases(path: Path) -> list[Case]:
    """The set, validated and built; a malformed file is an error naming every problem."""
    raw = read_raw(path)
    problems = validate(raw)
    if not raw.get("cases"):
        problems.append("no [[cases]]")
    if problems:
        raise CasesError(f"{path}: " + "; ".join(problems))
    pages = {name: _page(table) for name, table in raw.get("pages", {}).items()}
    page_links = {name: table.get("link", "ok") for name, table in raw.get("pages", {}).items()}
    return [_case(case, pages, page_links) for case in raw["cases"]]


def _page(table: Mapping[str, Any]) -> Page:
    published_at = (
        datetime.fromisoformat(table["published_at"]) if "published_at" in table else None
    )
    if "published" in table:
        published: date | None = date.fromisoformat(table["published"])
    else:
        published = published_at.date() if published_at else None
    modified = date.fromisoformat(table["modified"]) if "modified" in table else None
    return Page(
        url=table["url"],
        text=table["text"].strip(),
        title=table.get("title"),
        publisher=table.get("publisher"),
        published=published,
        published_at=published_at,
        date_source=table.get("date_source", "json-ld datePublished" if published else None),
        modified=modified,
        language=table.get("language"),
        paywalled=table.get("paywalled", False),
        charset="utf-8",
    )


def _case(raw: Mapping[str, Any], pages: Mapping[str, Page], page_links: Mapping[str, str]) -> Case:
    kind = raw["kind"]
    status = LinkStatus(raw.get("link", page_links.get(raw.get("page", ""), "ok")))
    page = None if status in _NO_PAGE else pages[raw["page"]]
    url = raw.get("url") or (pages[raw["page"]].url if "page" in raw else None)
    issue_date = date.fromisoformat(raw.get("issue_date", DEFAULT_ISSUE_DATE.isoformat()))
    claims: tuple[Claim, ...] = ()
    if kind in CLAIM_KINDS:
        mentions = tuple(
            DateMention(m["text"], date.fromisoformat(m["value"]), DatePrecision(m["precision"]))
            for m in raw.get("dates", [])
        )
        claims = (Claim(CLAIM_KINDS[kind], raw["claim"], 10, mentions),)
    cited_date = date.fromisoformat(raw["cited_date"]) if "cited_date" in raw else None
    citation = Citation(
        id=raw["id"],
        line=12,
        kind=CitationKind.SOURCE,
        url=None if status is LinkStatus.NO_URL else url,
        cited_title=raw["claim"] if kind == "title" else raw.get("cited_title"),
        cited_publisher=raw["claim"] if kind == "publisher" else raw.get("cited_publisher"),
        cited_date=cited_date,
        cited_date_role=DateRole.PUBLISHED if cited_date else None,
        cited_date_text=raw["claim"] if kind == "date" else None,
        url_line=13,
        passage=raw["claim"] if kind in CLAIM_KINDS else "",
        passage_line=10,
        claims=claims,
    )
    others = tuple(
        (
            Citation(
                f"{raw['id']}-other{n}",
                20 + n,
                CitationKind.SOURCE,
                pages[name].url,
                cited_publisher=pages[name].publisher,
            ),
            pages[name],
        )
        for n, name in enumerate(raw.get("others", []), start=1)
    )
    link = LinkResult(status, _REASONS[status])
    return Case(
        raw["id"],
        kind,
        raw["claim"],
        Verdict(raw["expected"]),
        raw["why"],
        citation,
        page,
        link,
        issue_date,
        others,
    )
