"""`Report` -> the contract's ``verifier.report/2`` dict (docs/contract.md, checked against
docs/report.schema.json).

Every required key is always present, ``None`` when unknown, so a script can
index the JSON without guarding each lookup. Dates are ISO 8601; instants are
UTC with a ``Z`` suffix, except `source.published_at`, which keeps the
publisher's own offset because US time against Japan time is often exactly
why two dates differ by a day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from verifier._version import __version__
from verifier.report._triage import triage_of
from verifier.types import (
    Check,
    Citation,
    CitationResult,
    Fact,
    Fallback,
    Issue,
    LinkHistory,
    LinkResult,
    LinkStatus,
    Page,
    Report,
    Snapshot,
    Verdict,
)

SCHEMA = "verifier.report/2"


def to_json(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data: the one thing every view renders. `checked_at`
    is when its claim checks were made: by this run, or (a link-rot run's report, merged by
    `with_checks_of`) by the last full run; None when no run checked them."""
    generated = utc_iso(report.generated_at)
    citations = [_citation(result) for result in report.results]
    return {
        "schema": SCHEMA,
        "generator": f"verifier {__version__}",
        "mode": report.mode.value,
        "issue": _issue(report.issue),
        "generated_at": generated,
        "checked_at": generated if report.mode.checks else None,
        "summary": summary_of(citations),
        "triage": triage_of(citations, report.issue.lines),
        "changes": _changes(report.results),
        "citations": citations,
    }


def _changes(results: tuple[CitationResult, ...]) -> list[dict[str, Any]]:
    """Links whose check broke or recovered since the check before (known from their
    history, so only on a link-rot run): what a nightly job reports first."""
    found = []
    for result in results:
        history, status = result.link.history, result.link.status
        if history is None or history.previous is None:
            continue
        before = history.previous.broken
        if before == status.broken:
            continue
        found.append(
            {
                "change": "recovered" if before else "new failure",
                "citation": result.citation.id,
                "line": result.citation.line,
                "url": result.citation.url,
                "before": history.previous.value,
                "after": status.value,
            }
        )
    return found


def utc_iso(moment: datetime) -> str:
    """``2026-11-26T15:00:00Z``; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _iso_date(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _value(member: StrEnum | None) -> str | None:
    return member.value if member is not None else None


def _issue(issue: Issue) -> dict[str, Any]:
    return {
        "id": issue.id,
        "title": issue.title,
        "date": _iso_date(issue.date),
        "path": issue.path,
        "format": issue.format,
    }


def summary_of(citations: list[dict[str, Any]]) -> dict[str, Any]:
    """The counts of a report's citation dicts (a merged report counts what it shows)."""
    statuses = Counter(citation["link"]["status"] for citation in citations)
    verdicts = Counter(check["verdict"] for citation in citations for check in citation["checks"])
    return {
        "citations": len(citations),
        "links": sum(1 for citation in citations if citation["url"] is not None),
        "checks": verdicts.total(),
        "by_verdict": _in_order(verdicts, Verdict),
        "by_link_status": _in_order(statuses, LinkStatus),
    }


def _in_order(counts: Counter[str], members: Iterable[StrEnum]) -> dict[str, int]:
    """Non-zero counts in the enum's own order, so the JSON diffs cleanly between runs."""
    return {member.value: counts[member.value] for member in members if counts[member.value]}


def _citation(result: CitationResult) -> dict[str, Any]:
    cited: Citation = result.citation
    return {
        "id": cited.id,
        "line": cited.line,
        "kind": cited.kind.value,
        "url": cited.url,
        "url_line": cited.url_line,
        "written_url": cited.written_url,
        "cited_title": cited.cited_title,
        "cited_publisher": cited.cited_publisher,
        "cited_date": _iso_date(cited.cited_date),
        "cited_date_text": cited.cited_date_text,
        "cited_date_role": _value(cited.cited_date_role),
        "link": _link(result.link),
        "source": _source(result.page) if result.page is not None else None,
        "checks": [_check(check) for check in result.checks],
        "own_words": [
            {
                "line": claim.line,
                "kind": claim.kind.value,
                "whose": claim.whose.value,
                "text": claim.text,
            }
            for claim in cited.claims
            if claim.whose.own
        ],
    }


def _link(link: LinkResult) -> dict[str, Any]:
    found = {"status": link.status.value, **_snapshot_fields(link.snapshot), "reason": link.reason}
    if link.history:
        found["history"] = _history(link.history)
    if link.fallback:
        found["fallback"] = _fallback(link.fallback)
    return found


def _fallback(fallback: Fallback) -> dict[str, Any]:
    """Where the broken link's page can still be read: the archive's own last good copy
    (its snapshot, readable offline with `verifier report`) and the Internet Archive's."""
    own = fallback.own_copy
    return {
        "archived_copy": {"snapshot": own.id, "fetched_at": utc_iso(own.fetched_at)}
        if own
        else None,
        "wayback": {"url": fallback.wayback_url, "timestamp": fallback.wayback_timestamp}
        if fallback.wayback_url
        else None,
    }


def _history(history: LinkHistory) -> dict[str, Any]:
    """The URL's checks so far: when first seen, last good, the run of failures, the check
    before this one (so what changed is plain)."""
    return {
        "first_seen": utc_iso(history.first_seen),
        "last_ok": utc_iso(history.last_ok) if history.last_ok else None,
        "consecutive_failures": history.failures,
        "failing_since": utc_iso(history.failing_since) if history.failing_since else None,
        "previous_status": _value(history.previous),
    }


def _snapshot_fields(snapshot: Snapshot | None) -> dict[str, Any]:
    """The link keys only a fetch can fill; null (and no hops) when nothing was fetched."""
    if snapshot is None:
        return {
            "http_status": None,
            "final_url": None,
            "fetched_at": None,
            "snapshot": None,
            "body_sha256": None,
            "redirects": [],
        }
    return {
        "http_status": snapshot.http_status,
        "final_url": snapshot.final_url,
        "fetched_at": utc_iso(snapshot.fetched_at),
        "snapshot": snapshot.id,
        "body_sha256": snapshot.body_sha256,
        "redirects": [asdict(hop) for hop in snapshot.hops],
    }


def _source(page: Page) -> dict[str, Any]:
    return {
        "url": page.url,
        "title": page.title,
        "publisher": page.publisher,
        "published": _iso_date(page.published),
        "published_at": page.published_at.isoformat() if page.published_at else None,
        "date_source": page.date_source,
        "language": page.language,
        "paywalled": page.paywalled,
        "text_chars": len(page.text),
    }


def _check(check: Check) -> dict[str, Any]:
    return {
        "kind": check.kind,
        "claim": check.claim,
        "line": check.line,
        "verdict": check.verdict.value,
        "evidence": check.evidence,
        "score": check.score,
        "note": check.note,
        "facts": [_fact(fact) for fact in check.facts],
        "sentence": check.sentence,
        "correction": check.correction,
    }


def _fact(fact: Fact) -> dict[str, Any]:
    return {"kind": fact.kind, "claim": fact.claim, "source": fact.source, "agrees": fact.agrees}
