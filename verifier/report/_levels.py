"""How alarming each link status and verdict is, shared by every view.

The levels themselves are `types.Level`, answered by `LinkStatus.level` and
`Verdict.level`, so the console summary, the HTML badges and the index agree on
what a "problem" is. Anything unknown, such as a status a newer version wrote
into an archived report, counts as `warn`: shown to the reader rather than
silently passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from verifier.types import Level, LinkStatus, Verdict


def level(value: str) -> Level:
    """`bad`, `warn` or `good` for a link status or a verdict."""
    return _LEVELS.get(value, Level.WARN)


_LEVELS: dict[str, Level] = {
    member.value: member.level for vocabulary in (LinkStatus, Verdict) for member in vocabulary
}


def worst(citation: dict[str, Any]) -> Level:
    """The most alarming level among a citation's link and its checks."""
    values = [citation["link"]["status"], *(check["verdict"] for check in citation["checks"])]
    found = worst_of(values)
    assert found is not None  # a citation always has its link
    return found


def worst_of(values: Iterable[str]) -> Level | None:
    """The most alarming level among statuses and verdicts; None for none at all."""
    return min((level(value) for value in values), key=lambda found: found.rank, default=None)


def problems_first(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Count entries ordered bad, warn, good; the larger count first within a level."""
    return sorted(counts.items(), key=lambda item: (level(item[0]).rank, -item[1], item[0]))
