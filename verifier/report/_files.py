"""Report files on disk: ``REPORTS/<issue-id>/{report.json,index.html}`` and ``REPORTS/index.html``.

Every file is written to a temporary sibling and moved into place with
`os.replace`, so a reader (or a run killed halfway) never sees half a report.
The index is rebuilt from the report.json files on disk, not from memory, so
it lists every issue verified so far, whichever run verified it.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from verifier.report._console import dumps
from verifier.report._html import (
    IndexEntry,
    index_entry,
    render_index_page,
    render_issue_page,
)
from verifier.report._json import SCHEMA, to_json
from verifier.types import Report


def write_issue_reports(report: Report, reports_dir: Path) -> Path:
    """Write the issue's report.json and index.html, refresh the index; return the page."""
    page = write_issue_files(to_json(report), reports_dir)
    write_index(reports_dir)
    return page


def write_issue_files(data: dict[str, Any], reports_dir: Path) -> Path:
    """Write one issue's report.json and index.html from its report dict; return the page.
    A run of many issues writes each as it is verified and the index once, at the end."""
    issue_dir = reports_dir / _checked_id(data["issue"]["id"])
    issue_dir.mkdir(parents=True, exist_ok=True)
    _write_atomic(issue_dir / "report.json", dumps(data) + "\n")
    page = issue_dir / "index.html"
    _write_atomic(page, render_issue_page(data))
    return page


def write_index(reports_dir: Path) -> Path:
    """Rebuild ``reports_dir/index.html`` from every ``*/report.json``, newest issue first."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    entries = [_read_entry(path) for path in reports_dir.glob("*/report.json")]
    entries.sort(key=lambda e: (e.date or "", e.generated_at or "", e.id), reverse=True)
    index = reports_dir / "index.html"
    _write_atomic(index, render_index_page(entries))
    return index


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


def _write_atomic(path: Path, text: str) -> None:
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
