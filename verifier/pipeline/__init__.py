"""The orchestrator: the one place that calls the stages, in order.

parse -> (archive the issue) -> fetch + archive every URL -> extract -> verify
-> report. Stages never call each other; they meet here, through the types.
This module only sequences them; what to fetch is planned in `_plan`, the
crawl into the archive is `_crawl`, a snapshot becomes a page in `_pages`,
and a citation's link outcome (status, history, drift, fallback) is `_links`.

A run is recorded in the archive when it starts and marked finished at the
end. If a run is interrupted (Ctrl-C, kill), the next run for the same issues
continues it: URLs that the interrupted run already archived are not fetched
again. The window vectors of the cross-lingual quote check are kept in the
archive too, so verifying an archived page again embeds none of its text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verifier import fetch, parse, report, verify
from verifier.archive import Archive
from verifier.errors import ArchiveError
from verifier.pipeline._crawl import (
    Claims,
    ProgressHook,
    SharedClaims,
    fetch_and_archive,
    latest,
)
from verifier.pipeline._links import link_outcome
from verifier.pipeline._pages import READ_IN_WORKERS_FROM, page_of
from verifier.pipeline._plan import cited_urls, snapshots_for
from verifier.settings import LINKS_MAX_AGE, Settings
from verifier.types import (
    CitationKind,
    CitationResult,
    Decision,
    Issue,
    Mode,
    Report,
    Review,
    Snapshot,
)
from verifier.verify import load_models
from verifier.verify.text.embeddings import WindowIndex
from verifier.verify.text.reading import Readings

log = logging.getLogger("verifier")


def max_age(mode: Mode, settings: Settings) -> float:
    """Seconds an archived answer stays fresh enough not to fetch again."""
    if settings.max_age is not None:
        return settings.max_age
    return LINKS_MAX_AGE if mode is Mode.LINKS else 0.0


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """What a command produced: one report per issue, its report dict (report.json) and where
    the HTML went. A link-rot run keeps no page in its reports once they are written: over
    hundreds of issues they are most of a run's memory, and its report dicts say the rest."""

    reports: tuple[Report, ...]
    html_paths: tuple[Path, ...]
    data: tuple[dict[str, Any], ...] = ()


def run(
    paths: Sequence[Path],
    settings: Settings,
    *,
    mode: Mode = Mode.RUN,
    progress: ProgressHook | None = None,
    claims: Claims | None = None,
    index: bool = True,
) -> RunOutcome:
    """Verify issues end to end, as `mode` asks (`claims`: the URLs other runs are fetching,
    which this one reads from the archive instead; `index`: write the reports' index, which
    reads every report and the whole archive's trend: the service's jobs leave it to
    `refresh_index`, once for many of them)."""
    texts = [(str(path), parse.read_issue_text(path)) for path in paths]
    issues = [(parse.parse_text(text, name, settings=settings), text) for name, text in texts]
    citations = sum(len(issue.citations) for issue, _ in issues)
    log.info("%d issue(s), %d citations; %s run", len(issues), citations, mode.value)
    # Loaded before the archive is touched, so a misspelt setting records nothing;
    # `links` runs no check, so it never loads a model.
    models = load_models(settings.embedder) if mode.checks else None
    _check_environment(settings)
    with Archive.of(settings, existing=settings.offline) as archive:
        for issue, text in issues:
            archive.record_issue(issue, text)
        ids = [issue.id for issue, _ in issues]
        run_id = archive.unfinished_run(ids) or archive.start_run(ids, mode.value)
        cited = [issue for issue, _ in issues]
        age = max_age(mode, settings)
        snapshots = snapshots_for(
            archive, run_id, cited, settings, progress, age, signals=mode.over_time, claims=claims
        )
        windows = models.using(archive) if models is not None else None
        reports, html, data = [], [], []
        for issue in cited:
            verified = _verify(archive, issue, snapshots, settings, windows, mode)
            reviews = archive.reviews(issue.id)
            data.append(report.with_reviews(report.to_json(verified), reviews))
            kept = _without_pages(verified) if mode.over_time else verified
            html.append(report.write_issue_files(kept, settings.reports_dir, data[-1], reviews))
            log.info("report of %s: %s", issue.id, html[-1])
            reports.append(kept)
        if index:
            _write_index(archive, settings)
        archive.finish_run(run_id)
    return RunOutcome(tuple(reports), tuple(html), tuple(data))


def plan(paths: Sequence[Path], settings: Settings) -> list[dict[str, Any]]:
    """What a run of `paths` would check, without fetching or archiving anything: each
    issue's citations, their URLs and the `exclude` pattern that would skip one."""
    planned = []
    for path in paths:
        issue = parse.parse_text(parse.read_issue_text(path), str(path), settings=settings)
        citations = [
            {
                "id": citation.id,
                "line": citation.line,
                "kind": citation.kind.value,
                "url": citation.url,
                "cited_title": citation.cited_title,
                "claims": len(citation.claims),
                "excluded": settings.excluded(citation.url) if citation.url else None,
            }
            for citation in issue.citations
        ]
        planned.append({"id": issue.id, "path": issue.path, "citations": citations})
    return planned


def review(
    settings: Settings, issue_id: str, finding: str, decision: Decision, note: str
) -> dict[str, Any]:
    """Record a reviewer's decision on a finding of an issue's report (named by its id, or
    by a check it stands for, `c30-6`), and write the report again with it; the entry."""
    data = report.read_issue_report(settings.reports_dir, issue_id)
    entry = report.find_finding(data, finding)
    with Archive.of(settings, existing=True) as archive:
        text = archive.issue_text(issue_id)
        if text is None:
            raise ArchiveError(f"issue {issue_id} is not in the archive in {settings.cache_dir}")
        evidence = report.evidence_key(entry)
        archive.record_review(Review(issue_id, entry["id"], decision, note, evidence))
        reviews = archive.reviews(issue_id)
    lines = parse.parse_text(text, data["issue"]["path"], settings=settings).lines
    report.rewrite_issue_files(settings.reports_dir, report.with_reviews(data, reviews), lines)
    return entry


def refresh_index(settings: Settings) -> None:
    """Write the reports' index again from every report and the archive's link-rot trend."""
    with Archive.of(settings, existing=True) as archive:
        _write_index(archive, settings)


def _write_index(archive: Archive, settings: Settings) -> None:
    report.write_index(settings.reports_dir, archive.link_trend())


def _check_environment(settings: Settings) -> None:
    """What a run needs from its surroundings, asked before the archive is touched and
    anything fetched: trust roots that load, a reports folder it can write in (a run of
    minutes must not end on a read-only folder)."""
    if not settings.offline:
        fetch.check_trust(settings)
    report.check_writable(settings.reports_dir)


def rebuild_reports(settings: Settings) -> RunOutcome:
    """Re-render every archived issue from its latest snapshots, without the network."""
    models = load_models(settings.embedder)
    report.check_writable(settings.reports_dir)
    with Archive.of(settings, existing=True) as archive:
        issues = [
            parse.parse_text(text, path, settings=settings) for _, path, text in archive.issues()
        ]
        found = latest(archive, cited_urls(issues))
        windows = models.using(archive) if models is not None else None
        reports = tuple(
            _verify(archive, issue, found, settings, windows, Mode.RUN) for issue in issues
        )
        reviews = [archive.reviews(r.issue.id) for r in reports]
        data = tuple(
            report.with_reviews(report.to_json(r), done)
            for r, done in zip(reports, reviews, strict=True)
        )
        html = tuple(
            report.write_issue_files(r, settings.reports_dir, d, done)
            for r, d, done in zip(reports, data, reviews, strict=True)
        )
        _write_index(archive, settings)
    return RunOutcome(reports, html, data)


def _without_pages(verified: Report) -> Report:
    """The report with its links and checks, its pages let go (they are in its dict), so
    its HTML links archived copies only for broken links (their last good copy): a nightly
    job over thousands of pages writes the text views a reviewer of link rot opens."""
    results = tuple(replace(result, page=None) for result in verified.results)
    return replace(verified, results=results)


def _verify(
    archive: Archive,
    issue: Issue,
    snapshots: dict[str, Snapshot],
    settings: Settings,
    windows: WindowIndex | None,
    mode: Mode,
) -> Report:
    """One issue's report: each citation's link outcome, then (as `mode` asks) its checks
    against its own page, with the issue's other readable sources for misattribution."""
    read = []
    for citation in issue.citations:
        page, link = link_outcome(
            archive, citation, snapshots, settings, issue_date=issue.date, over_time=mode.over_time
        )
        read.append((citation, page, link))
    readable = tuple(
        (citation, page)
        for citation, page, link in read
        if page is not None and citation.kind is CitationKind.SOURCE and link.status.has_text
    )
    readings = Readings()  # each page of the issue read once, whichever check asks
    found = [
        verify.run_checks(
            verify.CheckContext(c, page, link, settings, issue.date, readable, windows, readings)
        )
        if mode.checks
        else ()
        for c, page, link in read
    ]
    settled = verify.share_passages([(c, f) for (c, _, _), f in zip(read, found, strict=True)])
    results = tuple(
        CitationResult(citation, link, page, checked)
        for (citation, page, link), checked in zip(read, settled, strict=True)
    )
    return Report(issue, datetime.now(UTC), results, mode)


__all__ = [
    "READ_IN_WORKERS_FROM",
    "Claims",
    "Mode",
    "ProgressHook",
    "RunOutcome",
    "SharedClaims",
    "fetch_and_archive",
    "max_age",
    "page_of",
    "plan",
    "rebuild_reports",
    "refresh_index",
    "review",
    "run",
]
