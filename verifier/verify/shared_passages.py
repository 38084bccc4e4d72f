"""Citations that share one passage, or one claim, support it together, and miss it once.

When two sources are cited one after the other for the same passage (the
example cites Britannica and the US Elections Project for one table of
results), a claim that only one of them states is supported by the pair; the
other one lacking it is no finding. The same holds for any claim the issue puts
under several sources at once: a section's headline leads the passage of every
source of its section (`parse.passages`), and one of them saying it is enough.
A claim that none of them gives is one finding, not one per source. A claim is the same
claim when its kind, words and issue line are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from verifier.types import Check, Citation, CitationKind, Verdict

#: Claim-level kinds: these read the passage, which the citations share.
_SHARED_KINDS = frozenset({"number", "quote", "event_date"})

_Claim = tuple[str, str, int]


def share_passages(
    results: Sequence[tuple[Citation, tuple[Check, ...]]],
) -> list[tuple[Check, ...]]:
    """The checks of each citation, with `not_found` settled by another source cited for the
    same claim."""
    supported: dict[_Claim, list[tuple[int, Citation, Check]]] = {}
    for index, (citation, checks) in enumerate(results):
        if citation.kind is not CitationKind.SOURCE:
            continue
        for check in checks:
            if check.verdict is Verdict.SUPPORTED and check.kind in _SHARED_KINDS:
                supported.setdefault(_key(check), []).append((index, citation, check))
    settled = [
        tuple(_settle(check, index, supported) for check in checks)
        if citation.kind is CitationKind.SOURCE
        else checks
        for index, (citation, checks) in enumerate(results)
    ]
    return _missing_once([citation for citation, _ in results], settled)


def _missing_once(
    citations: Sequence[Citation], settled: list[tuple[Check, ...]]
) -> list[tuple[Check, ...]]:
    """A claim cited to several sources and found in none is one finding, on the first of
    them, naming the others: one cause, one item for the editor (a headline's date that
    none of its section's five sources gives is not five red items)."""
    holders: dict[_Claim, list[int]] = {}
    for index, checks in enumerate(settled):
        for check in checks:
            if check.verdict is Verdict.NOT_FOUND and check.kind in _SHARED_KINDS:
                holders.setdefault(_key(check), []).append(index)
    shared = {key: found for key, found in holders.items() if len(found) > 1}
    once: list[tuple[Check, ...]] = []
    for index, checks in enumerate(settled):
        kept = []
        for check in checks:
            found = shared.get(_key(check)) if check.verdict is Verdict.NOT_FOUND else None
            if found is None:
                kept.append(check)
            elif found[0] == index:
                others = ", ".join(
                    f"{citations[i].id} (line {citations[i].line})" for i in found[1:]
                )
                kept.append(replace(check, note=f"{check.note}; nor in {others}, cited for it too"))
        once.append(tuple(kept))
    return once


def _key(check: Check) -> _Claim:
    return (check.kind, check.claim, check.line)


def _settle(
    check: Check, index: int, supported: dict[_Claim, list[tuple[int, Citation, Check]]]
) -> Check:
    if check.verdict is not Verdict.NOT_FOUND or check.kind not in _SHARED_KINDS:
        return check
    for other_index, citation, other in supported.get(_key(check), ()):
        if other_index != index:
            note = (
                f"not in this source, but {citation.id} (line {citation.line}), cited for "
                f"the same words, says it: {other.note}"
            )
            return replace(other, note=note)
    return check
