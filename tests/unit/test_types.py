"""One vocabulary: every link status answers each question the stages ask of it, as one
table over every member (a status added later fails here until it is placed)."""

from __future__ import annotations

import pytest

from verifier.types import Level, LinkStatus, Verdict

S = LinkStatus
# status: (served, has_text, failed, inconclusive, broken, level)
TABLE = {
    S.OK: (True, True, False, False, False, Level.GOOD),
    S.REDIRECTED: (True, True, False, False, False, Level.GOOD),
    S.DEAD: (False, False, True, False, True, Level.BAD),
    S.SOFT_404: (False, False, False, False, True, Level.BAD),
    S.BLOCKED: (False, False, False, True, False, Level.WARN),
    S.PAYWALLED: (False, True, False, False, False, Level.WARN),
    S.TIMEOUT: (False, False, False, True, False, Level.WARN),
    S.ERROR: (False, False, True, False, True, Level.BAD),
    S.UNSTABLE: (False, True, False, False, False, Level.WARN),
    S.NO_URL: (False, False, False, False, False, Level.WARN),
    S.FAILING: (False, False, False, False, True, Level.WARN),
    S.DRIFTED: (False, False, False, False, True, Level.WARN),
    S.EXCLUDED: (False, False, False, False, False, Level.GOOD),
}


def test_the_table_names_every_status() -> None:
    assert set(TABLE) == set(LinkStatus)


@pytest.mark.parametrize("status", list(LinkStatus))
def test_each_status_answers_as_the_table_says(status: LinkStatus) -> None:
    answers = (
        status.served,
        status.has_text,
        status.failed,
        status.inconclusive,
        status.broken,
        status.level,
    )
    assert answers == TABLE[status]


@pytest.mark.parametrize(
    ("verdict", "level"),
    [
        (Verdict.SUPPORTED, Level.GOOD),
        (Verdict.UNVERIFIABLE, Level.WARN),
        (Verdict.CONTRADICTED, Level.BAD),
        (Verdict.NOT_FOUND, Level.BAD),
    ],
)
def test_each_verdict_has_its_level(verdict: Verdict, level: Level) -> None:
    assert verdict.level is level


def test_levels_sort_the_most_alarming_first() -> None:
    assert sorted(Level, key=lambda found: found.rank) == [Level.BAD, Level.WARN, Level.GOOD]
