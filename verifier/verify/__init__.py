"""The verify stage: a final link status, then an ordered tuple of small checks.

Every check module has the same shape: ``KIND``, ``applies(citation)`` and
``check(citation, page, link, settings) -> tuple[Check, ...]``. Adding a check
is one module and one entry in `CHECKS`.
"""

from __future__ import annotations

from typing import Protocol

from verifier.settings import Settings
from verifier.types import Check, Citation, LinkResult, Page
from verifier.verify import dates
from verifier.verify.link import is_home_page, link_result


class CheckModule(Protocol):
    """The shape every check module has (modules satisfy protocols in mypy)."""

    KIND: str

    def applies(self, citation: Citation) -> bool: ...

    def check(
        self, citation: Citation, page: Page | None, link: LinkResult, settings: Settings
    ) -> tuple[Check, ...]: ...


CHECKS: tuple[CheckModule, ...] = (dates,)


def run_checks(
    citation: Citation, page: Page | None, link: LinkResult, settings: Settings
) -> tuple[Check, ...]:
    """Every applicable check of one citation, in `CHECKS` order."""
    results: list[Check] = []
    for module in CHECKS:
        if module.applies(citation):
            results.extend(module.check(citation, page, link, settings))
    return tuple(results)


__all__ = ["CHECKS", "is_home_page", "link_result", "run_checks"]
