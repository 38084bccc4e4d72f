"""verifier: checks that a newsletter's sources say what the newsletter says.

The data flow, written once (each step is one subpackage; only
`verifier.pipeline` calls them in order, and they speak `verifier.types`):

1. parse    - issue file -> `Issue` with `Citation`s and their `Claim`s
2. fetch    - every URL, async, polite, retried -> `FetchResult`
3. archive  - every fetch kept for good (SQLite + bodies by hash) -> `Snapshot`
4. extract  - main text and metadata of a snapshot -> `Page`
5. verify   - each claim against its page -> `Check`, plus the final link status
6. report   - JSON (source of truth), HTML, text, JUnit, GitHub annotations
"""

from __future__ import annotations

from pathlib import Path

from verifier._version import __version__
from verifier.errors import (
    ArchiveError,
    IssueError,
    OutputError,
    SettingsError,
    VerifierError,
)
from verifier.settings import ConnectTo, Settings, load_settings
from verifier.types import (
    Check,
    Citation,
    CitationKind,
    CitationResult,
    Claim,
    ClaimKind,
    DateRole,
    FetchResult,
    Issue,
    LinkResult,
    LinkStatus,
    Page,
    Report,
    Snapshot,
    Verdict,
)


def verify_issue(path: Path | str, settings: Settings | None = None) -> Report:
    """Do what `verifier run` does for one issue, and return its report."""
    from verifier import pipeline  # the pipeline imports every stage: load on use

    outcome = pipeline.run([Path(path)], settings or load_settings())
    return outcome.reports[0]


__all__ = [
    "ArchiveError",
    "Check",
    "Citation",
    "CitationKind",
    "CitationResult",
    "Claim",
    "ClaimKind",
    "ConnectTo",
    "DateRole",
    "FetchResult",
    "Issue",
    "IssueError",
    "LinkResult",
    "LinkStatus",
    "OutputError",
    "Page",
    "Report",
    "Settings",
    "SettingsError",
    "Snapshot",
    "Verdict",
    "VerifierError",
    "__version__",
    "load_settings",
    "verify_issue",
]
