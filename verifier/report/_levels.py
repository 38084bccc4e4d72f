"""How alarming each link status and verdict is, shared by every view.

Three levels, so the console summary, the HTML badges and the index agree on
what a "problem" is: `bad` (the citation is broken or says something the
source does not), `warn` (inconclusive: the source could not be read or
proves nothing), `good`. Anything unknown, such as a status added later,
counts as `warn`: shown to the reader rather than silently passed.

This is presentation only; what fails a CI run is `--fail-on`'s business.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from verifier.types import LinkStatus, Verdict

BAD = "bad"
WARN = "warn"
GOOD = "good"

_LEVELS: dict[str, str] = {
    LinkStatus.OK.value: GOOD,
    LinkStatus.REDIRECTED.value: GOOD,
    Verdict.SUPPORTED.value: GOOD,
    LinkStatus.DEAD.value: BAD,
    LinkStatus.SOFT_404.value: BAD,
    LinkStatus.ERROR.value: BAD,
    Verdict.CONTRADICTED.value: BAD,
    Verdict.NOT_FOUND.value: BAD,
}
_RANK = {BAD: 0, WARN: 1, GOOD: 2}


def level(value: str) -> str:
    """`bad`, `warn` or `good` for a link status or a verdict."""
    return _LEVELS.get(value, WARN)


def worst(citation: dict[str, Any]) -> str:
    """The most alarming level among a citation's link and its checks."""
    values = [citation["link"]["status"], *(check["verdict"] for check in citation["checks"])]
    found = worst_of(values)
    assert found is not None  # a citation always has its link
    return found


def worst_of(values: Iterable[str]) -> str | None:
    """The most alarming level among statuses and verdicts; None for none at all."""
    return min((level(value) for value in values), key=_RANK.__getitem__, default=None)


def problems_first(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Count entries ordered bad, warn, good; the larger count first within a level."""
    return sorted(counts.items(), key=lambda item: (_RANK[level(item[0])], -item[1], item[0]))
