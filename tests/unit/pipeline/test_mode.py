"""A run's mode says what a command asks, once: claims checked, links judged over time, and
how fresh an archived answer must be to skip the fetch."""

from __future__ import annotations

from dataclasses import replace

from verifier.pipeline import Mode, max_age
from verifier.settings import LINKS_MAX_AGE, Settings


def test_run_checks_claims_and_judges_each_link_now() -> None:
    assert Mode.RUN.checks and not Mode.RUN.over_time
    assert max_age(Mode.RUN, Settings()) == 0.0


def test_links_checks_no_claim_and_judges_links_over_time() -> None:
    assert not Mode.LINKS.checks and Mode.LINKS.over_time
    assert max_age(Mode.LINKS, Settings()) == LINKS_MAX_AGE


def test_a_max_age_setting_wins_over_the_modes_default() -> None:
    settings = replace(Settings(), max_age=90.0)
    assert max_age(Mode.RUN, settings) == max_age(Mode.LINKS, settings) == 90.0


def test_the_mode_is_named_as_the_command_is() -> None:
    assert [Mode(command) for command in ("run", "links")] == [Mode.RUN, Mode.LINKS]
