"""The verify stage: a final link status, then an ordered tuple of small checks.

Every check module has the same shape: ``KIND``, ``applies(citation)`` and
``check(ctx: CheckContext) -> tuple[Check, ...]``. Adding a check is one
module and one entry in `CHECKS`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from verifier.types import Check, Citation, LinkStatus, Verdict
from verifier.verify import dates, event_dates, numbers, publishers, quotes, titles
from verifier.verify.context import CheckContext
from verifier.verify.drift import drifted
from verifier.verify.history import FAILED, settle
from verifier.verify.link import has_text, is_home_page, link_result
from verifier.verify.passages import share_passages


class CheckModule(Protocol):
    """The shape every check module has (modules satisfy protocols in mypy)."""

    KIND: str

    def applies(self, citation: Citation) -> bool: ...

    def check(self, ctx: CheckContext) -> tuple[Check, ...]: ...


CHECKS: tuple[CheckModule, ...] = (
    dates,
    titles,
    publishers,
    event_dates,
    numbers,
    quotes,
)


def run_checks(ctx: CheckContext) -> tuple[Check, ...]:
    """Every applicable check of one citation, in `CHECKS` order."""
    results: list[Check] = []
    for module in CHECKS:
        if module.applies(ctx.citation):
            results.extend(module.check(ctx))
    if ctx.link.status is LinkStatus.UNSTABLE:
        return tuple(_as_of_now(check) for check in results)
    if ctx.link.status is LinkStatus.PAYWALLED:
        return tuple(_behind_paywall(check) for check in results)
    return tuple(results)


def _as_of_now(check: Check) -> Check:
    """A front page changes: what it lacks today proves nothing about the day cited."""
    if check.verdict is Verdict.SUPPORTED:
        return replace(check, note=f"{check.note} (on the front page as it is now)".strip())
    note = f"a front page changes, so its current text cannot refute this: {check.note}"
    return replace(check, verdict=Verdict.UNVERIFIABLE, note=note)


def _behind_paywall(check: Check) -> Check:
    """What the free part says counts either way; what it lacks may be behind the wall."""
    if check.verdict is not Verdict.NOT_FOUND:
        return check
    note = f"not in the part of the page a paywall leaves visible: {check.note}"
    return replace(check, verdict=Verdict.UNVERIFIABLE, note=note)


__all__ = [
    "CHECKS",
    "FAILED",
    "CheckContext",
    "drifted",
    "has_text",
    "is_home_page",
    "link_result",
    "run_checks",
    "settle",
    "share_passages",
]
