"""Review decisions on the fix list, shown on every report of the issue after them.

A reviewer accepts a finding, dismisses it as no error, or marks it fixed (`verifier
review`); the archive keeps each decision under the finding's stable id with the key of
the evidence it was made on. A report then shows each finding's decision; a dismissed one
leaves the fix and look lists for `dismissed` (and fails no CI run) while its evidence is
the same, and comes back, its old decision marked as outdated, when the claim or what the
source says changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from verifier.report._triage import listed
from verifier.types import Decision, Review


def evidence_key(entry: dict[str, Any]) -> str:
    """What a decision on `entry` was made on: the issue's words, the source's, the why, and
    the version of the source's page (its body's hash: a page that changed may now say
    what it lacked)."""
    parts = [entry["issue_says"], entry["source_says"] or "", entry["why"]]
    parts.append(entry["source_version"] or "")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def with_reviews(data: dict[str, Any], reviews: Mapping[str, Review]) -> dict[str, Any]:
    """The report dict with each finding's latest decision, the dismissed ones (whose
    evidence is unchanged) moved out of the fix and look lists."""
    triage = data["triage"]
    found = (*triage["fix"], *triage["look"], *triage["dismissed"])
    entries = [_reviewed(entry, reviews.get(entry["id"])) for entry in found]
    dismissed = [entry for entry in entries if _dismissed(entry)]
    live = (entry for entry in entries if not _dismissed(entry))
    return {**data, "triage": {**triage, **listed(live), "dismissed": dismissed}}


def _reviewed(entry: dict[str, Any], review: Review | None) -> dict[str, Any]:
    if review is None:
        return {**entry, "review": None}
    return {
        **entry,
        "review": {
            "decision": review.decision.value,
            "note": review.note,
            "decided_at": review.decided_at,
            "holds": review.evidence == evidence_key(entry),
        },
    }


def _dismissed(entry: dict[str, Any]) -> bool:
    review = entry["review"]
    return bool(review and review["holds"] and review["decision"] == Decision.DISMISSED.value)


def dismissed_checks(data: dict[str, Any]) -> tuple[set[tuple[str, int]], set[str]]:
    """The checks (citation id, index) and links (citation id) a standing dismissal covers:
    what no longer fails a run."""
    checks, links = set(), set()
    for entry in data["triage"]["dismissed"]:
        if entry["checks"]:
            checks |= {(entry["citation"], index) for index in entry["checks"]}
        else:
            links.add(entry["citation"])
    return checks, links
