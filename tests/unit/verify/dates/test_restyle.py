"""A correction is the issue's own date rewritten to the source's day, in its own style."""

from __future__ import annotations

from datetime import date

import pytest

from verifier.verify.dates import restyle

NOV_6 = date(2024, 11, 6)


@pytest.mark.parametrize(
    ("written", "corrected"),
    [
        ("10月6日", "11月6日"),
        ("１０月６日", "11月6日"),
        ("2024年10月6日(日)", "2024年11月6日(水)"),
        ("大統領選直後の10月6日に", "大統領選直後の11月6日に"),
        ("October 6", "November 6"),
        ("Oct. 6", "Nov. 6"),
        ("Oct 5th, 2023", "Nov 6th, 2024"),
        ("2024/10/6", "2024/11/6"),
        ("2024-10-16", "2024-11-06"),
        ("2024.10.06", "2024.11.06"),
    ],
)
def test_a_date_is_rewritten_in_the_style_it_was_written_in(written: str, corrected: str) -> None:
    assert restyle(written, NOV_6) == corrected


@pytest.mark.parametrize("written", ["6 жовтня", "水曜日", "last week", "2024年"])
def test_no_correction_is_offered_for_a_style_it_does_not_rewrite(written: str) -> None:
    assert restyle(written, NOV_6) is None
