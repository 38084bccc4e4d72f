"""A link-rot run's report on top of the issue's last full one: the links of now, the claim
checks of the last `verifier run`, so a nightly `verifier links` never erases what a
reviewer acts on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from verifier.report._json import SCHEMA, summary_of
from verifier.report._triage import triage_of

#: What a citation's claim checks are made of; a link-rot run carries them over.
CHECK_KEYS = ("checks", "own_words")


def with_checks_of(
    links: dict[str, Any], earlier: dict[str, Any] | None, lines: Sequence[str] = ()
) -> dict[str, Any]:
    """`links` (a link-rot run's report dict) with the checks of `earlier` (the report.json
    it replaces) for every citation still cited at the same line to the same URL, and
    `checked_at` saying when they were made; its triage made again of both (`lines`: the
    issue's). A citation the issue no longer has, or an
    earlier report that checked nothing (or is not one), adds nothing."""
    if not _checked(earlier, links["issue"]["id"]):
        return links
    assert earlier is not None
    kept = {_key(citation): citation for citation in earlier["citations"]}
    citations = [_carried(citation, kept.get(_key(citation))) for citation in links["citations"]]
    return {
        **links,
        "checked_at": earlier["checked_at"],
        "summary": summary_of(citations),
        "triage": triage_of(citations, lines),
        "citations": citations,
    }


def _checked(earlier: dict[str, Any] | None, issue_id: str) -> bool:
    """Whether `earlier` is a report of this issue whose claims a run checked."""
    return (
        isinstance(earlier, dict)
        and earlier.get("schema") == SCHEMA
        and earlier.get("checked_at") is not None
        and earlier.get("issue", {}).get("id") == issue_id
    )


def _key(citation: dict[str, Any]) -> tuple[str, str | None, int]:
    return citation["id"], citation["url"], citation["line"]


def _carried(citation: dict[str, Any], earlier: dict[str, Any] | None) -> dict[str, Any]:
    if earlier is None:
        return citation
    return {**citation, **{key: earlier[key] for key in CHECK_KEYS}}
