"""The report stage: one verification result, rendered for people and machines.

JSON is the source of truth. `to_json` turns a `Report` into the contract's
``verifier.report/2`` dict (docs/report.schema.json), and every other view
(console text, Markdown, JUnit, GitHub annotations, HTML pages) renders *that
dict*, never the dataclasses, so two views of one run can never disagree::

    Report --to_json--> dict --render(fmt)------------> console text / JSON
                             --write_issue_reports----> REPORTS/<id>/report.json + index.html
                             --write_index------------> REPORTS/index.html
                             --exit_status(fail_on)---> 0 or 1
"""

from __future__ import annotations

from verifier.report._console import FORMATS, exit_status, render
from verifier.report._files import (
    check_writable,
    find_finding,
    read_issue_report,
    rewrite_issue_files,
    write_atomic,
    write_index,
    write_issue_files,
    write_issue_reports,
)
from verifier.report._html import csp_hash
from verifier.report._json import SCHEMA, to_json, utc_iso
from verifier.report._reviews import evidence_key, with_reviews

__all__ = [
    "FORMATS",
    "SCHEMA",
    "check_writable",
    "csp_hash",
    "evidence_key",
    "exit_status",
    "find_finding",
    "read_issue_report",
    "render",
    "rewrite_issue_files",
    "to_json",
    "utc_iso",
    "with_reviews",
    "write_atomic",
    "write_index",
    "write_issue_files",
    "write_issue_reports",
]
