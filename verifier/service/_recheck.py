"""The scheduled link-rot re-check: every archived issue through `verifier links`' own
pipeline (the same history rules, the index's trend updated by it), and what changed
(new failures, recoveries) posted as JSON to a webhook.

The issues are re-checked in batches of `RECHECK_BATCH`, one job each (`batches`), so every
worker of the service takes its share of a night's re-check, under the same lease as any
job; each batch posts its own changes."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from verifier import pipeline, report
from verifier.archive import Archive
from verifier.settings import Settings

log = logging.getLogger("verifier")

WEBHOOK_TIMEOUT = 10.0
RECHECK_BATCH = 50
"""Archived issues a re-check job takes (each job also writes the index and its trend,
which read the whole archive: fewer, larger jobs cost less of that)."""


def batches(settings: Settings) -> list[list[str]]:
    """The archived issues' ids, `RECHECK_BATCH` at a time: one re-check job each."""
    with Archive.of(settings, existing=True) as archive:
        ids = archive.issue_ids()
    return [ids[start : start + RECHECK_BATCH] for start in range(0, len(ids), RECHECK_BATCH)]


def recheck(
    settings: Settings,
    webhook: str | None,
    issue_ids: Sequence[str] | None = None,
    progress: pipeline.ProgressHook | None = None,
) -> dict[str, Any]:
    """Re-check the links of the archived issues `issue_ids` (every one when None); post the
    changes to `webhook` (when there are any); the message posted (or that would have
    been)."""
    folder = settings.cache_dir / "submissions" / "recheck"
    folder.mkdir(parents=True, exist_ok=True)
    with Archive.of(settings, existing=True) as archive:
        archived = archive.issues(issue_ids)
    files = []
    for issue_id, path, text in archived:
        file = folder / f"{issue_id}{Path(path).suffix or '.txt'}"
        file.write_text(text, encoding="utf-8")
        files.append(file)
    message: dict[str, Any] = {"checked_at": _now(), "issues": len(files), "changes": []}
    if files:
        outcome = pipeline.run(
            files, settings, mode=pipeline.Mode.LINKS, progress=progress, index=False
        )
        message["changes"] = [
            {"issue": data["issue"]["id"], "report": f"{data['issue']['id']}/index.html", **change}
            for data in outcome.data
            for change in data["changes"]
        ]
    if webhook and message["changes"]:
        _post(webhook, message)
    return message


def _post(webhook: str, message: dict[str, Any]) -> None:
    """Deliver the message; a webhook that fails is logged, and the re-check stands."""
    try:
        httpx.post(webhook, json=message, timeout=WEBHOOK_TIMEOUT).raise_for_status()
    except httpx.HTTPError as exc:
        log.warning("webhook %s: %s", webhook, exc)


def _now() -> str:
    return report.utc_iso(datetime.now(UTC))
