"""Report files on disk: ``REPORTS/<issue-id>/{report.json,index.html,sources/*.html}`` and
``REPORTS/index.html``.

Every file is written to a temporary sibling and moved into place with
`os.replace`, so a reader (or a run killed halfway) never sees half a report.
The index is rebuilt from the report.json files on disk, not from memory, so
it lists every issue verified so far, whichever run verified it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from verifier.errors import OutputError
from verifier.report._console import dumps
from verifier.report._html import (
    Evidence,
    IndexEntry,
    index_entry,
    render_index_page,
    render_issue_page,
    render_source_page,
    source_page_name,
)
from verifier.report._json import SCHEMA, to_json
from verifier.report._marks import check_anchor
from verifier.report._merge import with_checks_of
from verifier.report._reviews import with_reviews
from verifier.types import Check, Mode, Page, Report, Review, Snapshot, TrendDay


def write_issue_reports(report: Report, reports_dir: Path) -> Path:
    """Write the issue's report.json and pages, refresh the index; return the issue page."""
    page = write_issue_files(report, reports_dir)
    write_index(reports_dir)
    return page


def write_issue_files(
    report: Report,
    reports_dir: Path,
    data: dict[str, Any] | None = None,
    reviews: Mapping[str, Review] | None = None,
) -> Path:
    """Write one issue's report.json, its page and the text view of each source it read
    (`data`: its report dict, when the caller has it already); return the page. A run of
    many issues writes each as it is verified and the index once, at the end. A link-rot
    run's report keeps the claim checks of the report.json it replaces (`with_checks_of`),
    with the issue's `reviews` shown on its findings."""
    data = data if data is not None else to_json(report)
    issue_dir = reports_dir / _checked_id(data["issue"]["id"])
    issue_dir.mkdir(parents=True, exist_ok=True)
    if data["mode"] == Mode.LINKS:
        data = with_checks_of(data, _read_report(issue_dir / "report.json"), report.issue.lines)
        data = with_reviews(data, reviews or {})
    written, marked = _write_sources(report, issue_dir)
    archived = {*written, *_archived_views(issue_dir)}
    write_atomic(issue_dir / "report.json", dumps(data) + "\n")
    page = issue_dir / "index.html"
    write_atomic(page, render_issue_page(data, report.issue.lines, archived, marked))
    return page


def read_issue_report(reports_dir: Path, issue_id: str) -> dict[str, Any]:
    """The issue's report.json, or `OutputError` saying there is none to review."""
    path = reports_dir / _checked_id(issue_id) / "report.json"
    data = _read_report(path)
    if data is None or data.get("schema") != SCHEMA:
        raise OutputError(f"no {SCHEMA} report of issue {issue_id} at {path}: run it first")
    return data


def find_finding(data: dict[str, Any], name: str) -> dict[str, Any]:
    """A finding of the report's triage by its id, or by a check it stands for (`c30-6`)."""
    triage = data["triage"]
    for entry in (*triage["fix"], *triage["look"], *triage["dismissed"]):
        anchors = {check_anchor(entry["citation"], index + 1) for index in entry["checks"]}
        if name == entry["id"] or name in anchors:
            return dict(entry)
    raise OutputError(f"issue {data['issue']['id']} has no finding {name!r} in its report")


def rewrite_issue_files(reports_dir: Path, data: dict[str, Any], lines: Sequence[str]) -> Path:
    """Write an issue's report.json and page again from its dict alone (a review decision
    changed it), linking the archived copies and marked passages already on disk."""
    issue_dir = reports_dir / _checked_id(data["issue"]["id"])
    archived = _archived_views(issue_dir)
    views = (path.read_text("utf-8") for path in (issue_dir / "sources").glob("*.html"))
    marked = {anchor for view in views for anchor in _MARK_IDS.findall(view)}
    write_atomic(issue_dir / "report.json", dumps(data) + "\n")
    page = issue_dir / "index.html"
    write_atomic(page, render_issue_page(data, lines, archived, marked))
    write_index(reports_dir)
    return page


_MARK_IDS = re.compile(r'<mark id="ev-([^"]+)"')


def _read_report(path: Path) -> dict[str, Any] | None:
    """A report.json already written, or None when there is none or it cannot be read (it
    is then replaced, as a run's would be)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _archived_views(issue_dir: Path) -> list[str]:
    """The snapshots whose text view an earlier run wrote beside the issue's page: a merged
    report's carried-over checks link them."""
    return [path.stem for path in (issue_dir / "sources").glob("*.html")]


def check_writable(reports_dir: Path) -> None:
    """Raise `OutputError` unless a file can be written in `reports_dir` (made if missing)."""
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=reports_dir, prefix=".write-check.")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write reports in {reports_dir}: {exc.strerror or exc}") from None


def write_index(reports_dir: Path, trend: Sequence[TrendDay] = ()) -> Path:
    """Rebuild ``reports_dir/index.html`` from every ``*/report.json``, newest issue first,
    with the archive's link-rot `trend`."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    entries = [_read_entry(path) for path in reports_dir.glob("*/report.json")]
    entries.sort(key=lambda e: (e.date or "", e.generated_at or "", e.id), reverse=True)
    index = reports_dir / "index.html"
    write_atomic(index, render_index_page(entries, trend))
    return index


def _write_sources(report: Report, issue_dir: Path) -> tuple[list[str], set[str]]:
    """The archived text of every page the issue's report rests on (the page each link
    served, a broken link's last good copy), with the passages its checks quote marked;
    the snapshot ids written, and the checks whose passage is marked in one."""
    views: dict[str, tuple[Snapshot, Page, list[Evidence]]] = {}
    for result in report.results:
        snapshot, fallback = result.link.snapshot, result.link.fallback
        if snapshot is not None and result.page is not None:
            view = views.setdefault(snapshot.id, (snapshot, result.page, []))
            view[2].extend(_evidence(result.citation.id, result.checks))
        if fallback is not None and fallback.own_copy and fallback.own_page:
            views.setdefault(fallback.own_copy.id, (fallback.own_copy, fallback.own_page, []))
    marked: set[str] = set()
    for snapshot_id, (snapshot, page, evidence) in views.items():
        target = issue_dir / source_page_name(snapshot_id)
        target.parent.mkdir(exist_ok=True)
        html, anchors = render_source_page(snapshot, page, evidence)
        write_atomic(target, html)
        marked |= anchors
    return list(views), marked


def _evidence(citation_id: str, checks: Sequence[Check]) -> list[Evidence]:
    """What each check of a citation quoted, under the check's anchor in the issue page."""
    return [
        Evidence(check_anchor(citation_id, n), check.evidence, check.verdict.value, check.sentence)
        for n, check in enumerate(checks, start=1)
        if check.evidence
    ]


def _checked_id(issue_id: str) -> str:
    """The issue id as a directory name; refuse one that would escape the reports dir."""
    if not issue_id or issue_id in {".", ".."} or "/" in issue_id or "\\" in issue_id:
        raise ValueError(f"issue id {issue_id!r} cannot be used as a directory name")
    return issue_id


def _read_entry(path: Path) -> IndexEntry:
    """An index row for one report.json; an unreadable one is listed with the reason, not hidden."""
    name = path.parent.name
    href = f"{quote(name)}/index.html"
    try:
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} report")
        return index_entry(data, href)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return IndexEntry(id=name, href=href, error=f"unreadable report.json: {exc}")


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same directory and `os.replace`."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, 0o644)  # mkstemp's 0600 would hide reports from a web server
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
