"""The link-rot trend of the index, drawn as plain SVG coordinates: no chart library, no
script, nothing fetched, so the index stays one self-contained file that prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from verifier.types import TrendDay

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28
"""The plot area's margins inside the SVG's box: room for the axis labels."""


@dataclass(frozen=True, slots=True)
class Series:
    """One line of the chart: its name, its CSS class and its points (`x,y x,y ...`)."""

    name: str
    css: str
    points: str
    dots: tuple[tuple[float, float, str], ...]  # x, y, and the value said on hover


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    series: tuple[Series, ...]
    y_ticks: tuple[tuple[float, str], ...]  # y, label
    x_ticks: tuple[tuple[float, str, str], ...]  # x, label, text-anchor
    days: tuple[TrendDay, ...]


def trend_chart(days: Sequence[TrendDay]) -> Chart | None:
    """Share of checked cited links that failed, and that were inconclusive, per day; None
    before there are two days to draw a trend between."""
    if len(days) < 2:
        return None
    top = max(
        0.1, max(_share(d.failed, d) for d in days), max(_share(d.inconclusive, d) for d in days)
    )
    top = min(1.0, _round_up(top))
    span = len(days) - 1

    def x(i: int) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * i / span, 1)

    def y(share: float) -> float:
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - share / top), 1)

    def series(name: str, css: str, count: str) -> Series:
        values = [(x(i), y(_share(getattr(d, count), d)), d) for i, d in enumerate(days)]
        dots = tuple(
            (px, py, f"{d.day}: {getattr(d, count)} of {d.checked} {name}") for px, py, d in values
        )
        return Series(name, css, " ".join(f"{px},{py}" for px, py, _ in values), dots)

    ticks = tuple((y(top * k / 4), _percent(top * k / 4)) for k in range(5))
    step = max(1, span // 5)
    shown = [*range(0, span, step), span]  # the last day always, said at the right edge
    labels = tuple((x(i), days[i].day.isoformat(), _anchor(i, span)) for i in shown)
    return Chart(
        WIDTH,
        HEIGHT,
        (series("failed", "bad", "failed"), series("inconclusive", "warn", "inconclusive")),
        ticks,
        labels,
        tuple(days),
    )


def _percent(share: float) -> str:
    """`25%`, `2.5%`: a tick's value without a rounding that would misplace it."""
    return f"{share:.0%}" if round(share * 100, 6).is_integer() else f"{share:.1%}"


def _anchor(index: int, span: int) -> str:
    """Which end of its text a date label is tied at: none may run out of the chart."""
    return "start" if index == 0 else "end" if index == span else "middle"


def _share(count: int, day: TrendDay) -> float:
    return count / day.checked if day.checked else 0.0


def _round_up(share: float) -> float:
    """The axis top: the next tenth above the highest share, so the lines fill the plot."""
    return -(-share * 10 // 1) / 10
