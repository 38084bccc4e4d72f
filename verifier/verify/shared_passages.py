"""Citations that share one passage support it together.

When two sources are cited one after the other for the same passage (the
example cites Britannica and the US Elections Project for one table of
results), a claim that only one of them states is supported by the pair; the
other one lacking it is no finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from verifier.types import Check, Citation, CitationKind, Verdict

#: Claim-level kinds: these read the passage, which the citations share.
_SHARED_KINDS = frozenset({"number", "quote", "event_date"})


def share_passages(
    results: Sequence[tuple[Citation, tuple[Check, ...]]],
) -> list[tuple[Check, ...]]:
    """The checks of each citation, with `not_found` settled by a co-cited source."""
    groups: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for index, (citation, _) in enumerate(results):
        if citation.kind is CitationKind.SOURCE and citation.passage:
            groups[(citation.passage_line, citation.passage)].append(index)
    settled = [checks for _, checks in results]
    for members in groups.values():
        if len(members) > 1:
            for index in members:
                siblings = [results[i] for i in members if i != index]
                settled[index] = tuple(_settle(check, siblings) for check in settled[index])
    return settled


def _settle(check: Check, siblings: list[tuple[Citation, tuple[Check, ...]]]) -> Check:
    if check.verdict is not Verdict.NOT_FOUND or check.kind not in _SHARED_KINDS:
        return check
    for citation, checks in siblings:
        for other in checks:
            same = (other.kind, other.claim, other.line) == (check.kind, check.claim, check.line)
            if same and other.verdict is Verdict.SUPPORTED:
                note = (
                    f"not in this source, but {citation.id} (line {citation.line}), cited for "
                    f"the same passage, says it: {other.note}"
                )
                return replace(other, note=note)
    return check
