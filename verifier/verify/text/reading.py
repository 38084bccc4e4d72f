"""What the checks read off the pages of one issue, each reading made once, on first ask.

A page is normalised for the quote check, its figures read for the number
check, its dates for the date check, its sentences glossed for a translated
quote; several citations and quotes read the same page, and every check reads
the issue's other sources when looking for a misattributed claim. `Readings`
makes each (page, analysis, arguments) once and hands it to every later asker.
The pipeline holds one per issue, in the `CheckContext`, so what it keeps is
bounded by one issue's pages, not by a run's.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from verifier.types import Page

T = TypeVar("T")


class Readings:
    """The per-page analyses of one issue, made lazily and kept for its checks."""

    __slots__ = ("_made",)

    def __init__(self) -> None:
        self._made: dict[tuple[Page, Callable[..., object], tuple[Hashable, ...]], object] = {}

    def of(self, page: Page, analysis: Callable[..., T], *args: Hashable) -> T:
        """`analysis(page, *args)`, made the first time it is asked for."""
        key = (page, analysis, args)
        if key not in self._made:
            self._made[key] = analysis(page, *args)
        return cast(T, self._made[key])
