"""What an editor fixes before publishing: a report's findings as root causes, ranked.

Every view used to list checks citation by citation, so the one real error of an issue sat
in card 30 of 40, counted twice, among dozens of `unverifiable` checks. Here the findings
of a report dict are regrouped, from that dict alone (a link-rot run's merged report is
triaged the same way), into three levels in plain words:

- `error` ("Fix before publishing"): a contradiction the checks are sure of (score at
  least `SURE`), a dead link or a soft 404;
- `check` ("Worth a look"): a contradiction they are less sure of, a claim the source does
  not give, a link that failed in another way;
- `info`: what could not be checked at all, counted once per citation.

One root cause is one entry: checks of one citation and line that contradict the same
words (a date, and the quote holding that date) are one entry, and the claims a cited
source lacks when its passage names another publisher are that publisher's, one entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from verifier.types import LinkStatus, Verdict

SURE = 0.75
"""The score from which a contradiction is an error to fix rather than one to look at."""

#: Link statuses that are errors to fix (a reader cannot follow the link at all).
FIX_LINKS = frozenset({LinkStatus.DEAD.value, LinkStatus.SOFT_404.value})

#: What a finding is, in the words of the fix list.
WHAT = {
    "event_date": "Wrong date",
    "date": "Wrong publication date",
    "number": "Wrong figure",
    "quote": "Quote differs from the source",
    "title": "Wrong title",
    "publisher": "Wrong publisher",
    "arithmetic": "The writer's arithmetic does not add up",
}
NOT_GIVEN = "Not in the cited source"
OTHER_SOURCE = "Cited to the wrong source"
LINK_WHAT = {
    "dead": "Dead link",
    "soft_404": "Link leads to a missing page",
    "error": "Link could not be fetched",
    "failing": "Link failing",
    "drifted": "Page no longer says what was cited",
}


def triage_of(citations: Sequence[dict[str, Any]], lines: Sequence[str] = ()) -> dict[str, Any]:
    """The report's findings as `fix`, `look` and `info`, each `fix` and `look` entry one
    root cause (`lines`: the issue's lines, for the column of each claim)."""
    entries: list[dict[str, Any]] = []
    info = []
    for citation in citations:
        entries.extend(_link_entry(citation))
        entries.extend(_check_entries(citation))
        unsure = sum(1 for c in citation["checks"] if c["verdict"] == Verdict.UNVERIFIABLE.value)
        if unsure:
            info.append(_info(citation, unsure))
    for entry in entries:
        entry["column"] = _column(lines, entry["line"], entry["issue_says"])
    return {**listed(entries), "dismissed": [], "info": info}


def listed(entries: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Entries into the fix list (surest first, then in the issue's order) and the look
    list (in the issue's order)."""
    found = list(entries)
    fix = [e for e in found if e["level"] == "error"]
    look = [e for e in found if e["level"] == "check"]
    return {
        "fix": sorted(fix, key=lambda e: (-(e["confidence"] or 0.0), e["line"])),
        "look": sorted(look, key=lambda e: e["line"]),
    }


def _link_entry(citation: dict[str, Any]) -> list[dict[str, Any]]:
    status = citation["link"]["status"]
    if citation["url"] is None or status not in LINK_WHAT:
        return []
    level = "error" if status in FIX_LINKS else "check"
    fallback = citation["link"].get("fallback") or {}
    wayback = (fallback.get("wayback") or {}).get("url")
    entry = _entry(
        level,
        LINK_WHAT[status],
        citation,
        citation["url_line"] or citation["line"],
        citation["url"],
        [],
        confidence=1.0 if status in FIX_LINKS else None,
        why=citation["link"]["reason"],
    )
    if wayback:  # the Internet Archive's copy, to link instead
        entry["correction"], entry["correction_kind"] = wayback, "relink"
    return [entry]


def _check_entries(citation: dict[str, Any]) -> list[dict[str, Any]]:
    """The citation's findings, one per root cause."""
    indexed = list(enumerate(citation["checks"]))
    wrong = [(i, c) for i, c in indexed if c["verdict"] == Verdict.CONTRADICTED.value]
    lacking = [(i, c) for i, c in indexed if c["verdict"] == Verdict.NOT_FOUND.value]
    other = [(i, c) for i, c in lacking if c["kind"] == "publisher"]
    entries = [_contradiction(citation, group) for group in _same_words(wrong)]
    if other:
        entries.append(_other_publisher(citation, other, [p for p in lacking if p not in other]))
    else:
        entries.extend(_not_given(citation, *pair) for pair in lacking)
    return entries


def _same_words(checks: list[tuple[int, dict[str, Any]]]) -> list[list[tuple[int, dict[str, Any]]]]:
    """Contradictions of one line grouped by the words they contradict: a check whose claim
    holds a shorter contradicted claim of the same line (the quote holding the date) joins
    that claim's group."""
    ordered = sorted(checks, key=lambda pair: len(pair[1]["claim"]))
    groups: list[list[tuple[int, dict[str, Any]]]] = []
    for pair in ordered:
        check = pair[1]
        home = next(
            (
                group
                for group in groups
                if group[0][1]["line"] == check["line"] and group[0][1]["claim"] in check["claim"]
            ),
            None,
        )
        if home is None:
            groups.append([pair])
        else:
            home.append(pair)
    return groups


def _contradiction(
    citation: dict[str, Any], group: list[tuple[int, dict[str, Any]]]
) -> dict[str, Any]:
    """One contradicted root cause: named by its shortest claim, shown by the member with
    the plainest evidence (a sentence around it), corrected by any member that can."""
    lead = group[0][1]
    confidence = max((c["score"] or 0.0) for _, c in group) or None
    shown = next((c for _, c in group if c["sentence"]), lead)
    entry = _entry(
        "error" if (confidence or 0.0) >= SURE else "check",
        WHAT.get(lead["kind"], "Contradicted by the source"),
        citation,
        lead["line"],
        lead["claim"],
        [i for i, _ in group],
        confidence=confidence,
        why=lead["note"],
        says=shown["sentence"] or shown["evidence"],
        decisive=shown["evidence"] if shown["sentence"] else None,
    )
    entry["correction"] = next((c["correction"] for _, c in group if c["correction"]), None)
    entry["correction_kind"] = "replace" if entry["correction"] else None
    return entry


def _other_publisher(
    citation: dict[str, Any],
    named: list[tuple[int, dict[str, Any]]],
    lacking: list[tuple[int, dict[str, Any]]],
) -> dict[str, Any]:
    """The passage names another publisher than the one cited: what the cited source lacks
    is most likely that publisher's, so the fix is one citation, not one per claim."""
    first = named[0][1]
    claims = [c["claim"] for _, c in lacking]
    why = first["note"]
    if claims:
        why += f"; {len(claims)} more claim(s) not in the cited source: " + ", ".join(claims)
    entry = _entry(
        "check",
        OTHER_SOURCE,
        citation,
        first["line"],
        first["claim"],
        [i for i, _ in named + lacking],
        confidence=None,
        why=why,
    )
    entry["correction"], entry["correction_kind"] = first["claim"], "cite"
    return entry


def _not_given(citation: dict[str, Any], index: int, check: dict[str, Any]) -> dict[str, Any]:
    return _entry(
        "check", NOT_GIVEN, citation, check["line"], check["claim"], [index], None, check["note"]
    )


def _entry(
    level: str,
    what: str,
    citation: dict[str, Any],
    line: int,
    issue_says: str,
    checks: list[int],
    confidence: float | None,
    why: str,
    says: str | None = None,
    decisive: str | None = None,
) -> dict[str, Any]:
    source = citation.get("source") or {}
    return {
        "id": fingerprint(citation, what, issue_says),
        "level": level,
        "what": what,
        "line": line,
        "column": None,
        "citation": citation["id"],
        "checks": checks,
        "issue_says": issue_says,
        "source": source.get("publisher") or citation["cited_publisher"] or _host(citation),
        "url": citation["url"],
        "source_says": says,
        "decisive": decisive,
        "correction": None,
        "correction_kind": None,
        "confidence": confidence,
        "why": why,
        "source_version": citation["link"]["body_sha256"],
        "review": None,
    }


def fingerprint(citation: dict[str, Any], what: str, words: str) -> str:
    """A finding's stable name: the same words, cited to the same URL, found wrong the same
    way give the same name on every run (the line may move as the issue is edited)."""
    key = "\x1f".join([citation["url"] or citation["cited_title"] or "", what, words])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _info(citation: dict[str, Any], unsure: int) -> dict[str, Any]:
    """What could not be checked at a citation, once: the link's or the first check's why."""
    reasons = [c["note"] for c in citation["checks"] if c["verdict"] == "unverifiable"]
    return {
        "citation": citation["id"],
        "line": citation["line"],
        "unverifiable": unsure,
        "why": reasons[0] if reasons else "",
    }


def _host(citation: dict[str, Any]) -> str | None:
    url = citation["url"]
    return url.split("/")[2] if url and "//" in url else None


def _column(lines: Sequence[str], line: int, words: str) -> int | None:
    """1-based column of `words` in the issue's line `line`, when they are on it."""
    if not 1 <= line <= len(lines):
        return None
    at = lines[line - 1].find(words)
    return at + 1 if at >= 0 else None
