"""A link's status over time: one that worked is dead only when failures are confirmed over
days; one never seen good that answers 404 or 410, or has no host, is dead at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.builders import snapshot
from verifier.types import NO_SUCH_HOST, LinkResult, LinkStatus, Snapshot
from verifier.verify import settle

URL = "https://failures.test/404"
NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def _snap(
    days_ago: float, status: LinkStatus, number: int = 0, code: int | None = None
) -> Snapshot:
    code = code or {LinkStatus.OK: 200, LinkStatus.DEAD: 404, LinkStatus.BLOCKED: 403}.get(status)
    return snapshot(
        URL,
        status,
        id=f"s{number}",
        reason=f"HTTP {code}" if code else NO_SUCH_HOST,
        http_status=code,
        body_sha256=None,
        body_size=0,
        fetched_at=NOW - timedelta(days=days_ago),
    )


def _settled(*checks: tuple[float, LinkStatus]) -> LinkResult:
    past = [_snap(days, status, n) for n, (days, status) in enumerate(checks)]
    link = LinkResult(past[-1].status, past[-1].reason, past[-1])
    return settle(link, past, checks=3, days=3)


def test_a_first_failure_is_failing_not_dead() -> None:
    found = _settled((10, LinkStatus.OK), (0, LinkStatus.DEAD))
    assert found.status is LinkStatus.FAILING
    assert found.history is not None and found.history.failures == 1
    assert found.history.previous is LinkStatus.OK and "dead after 3" in found.reason


def test_three_failures_over_three_days_are_dead() -> None:
    found = _settled(
        (9, LinkStatus.OK), (4, LinkStatus.DEAD), (2, LinkStatus.DEAD), (0, LinkStatus.DEAD)
    )
    assert found.status is LinkStatus.DEAD and "failed 3 checks over 4 days" in found.reason


def test_three_failures_in_one_day_of_a_link_that_worked_are_still_failing() -> None:
    found = _settled(
        (9, LinkStatus.OK), (0.5, LinkStatus.DEAD), (0.2, LinkStatus.DEAD), (0, LinkStatus.DEAD)
    )
    assert found.status is LinkStatus.FAILING


def test_a_link_never_seen_good_that_is_not_there_is_dead_at_once() -> None:
    for code in (404, 410):
        past = [_snap(0, LinkStatus.DEAD, code=code)]
        found = settle(LinkResult(LinkStatus.DEAD, f"HTTP {code}", past[0]), past, 3, 3)
        assert found.status is LinkStatus.DEAD and "dead at once" in found.reason
    nowhere = snapshot(URL, LinkStatus.DEAD, reason=NO_SUCH_HOST, http_status=None)
    found = settle(LinkResult(LinkStatus.DEAD, NO_SUCH_HOST, nowhere), [nowhere], 3, 3)
    assert found.status is LinkStatus.DEAD


def test_a_first_refused_connection_is_only_failing() -> None:
    refused = snapshot(URL, LinkStatus.DEAD, reason="connection refused", http_status=None)
    found = settle(LinkResult(LinkStatus.DEAD, "connection refused", refused), [refused], 3, 3)
    assert found.status is LinkStatus.FAILING


def test_blocked_checks_neither_count_nor_break_the_run() -> None:
    found = _settled(
        (5, LinkStatus.DEAD), (4, LinkStatus.BLOCKED), (3, LinkStatus.DEAD), (0, LinkStatus.DEAD)
    )
    assert found.status is LinkStatus.DEAD
    assert found.history is not None and found.history.failures == 3
    blocked = _settled((5, LinkStatus.BLOCKED), (3, LinkStatus.BLOCKED), (0, LinkStatus.BLOCKED))
    assert blocked.status is LinkStatus.BLOCKED  # never dead on its own


def test_a_success_in_between_starts_the_count_again() -> None:
    found = _settled(
        (6, LinkStatus.DEAD), (5, LinkStatus.DEAD), (1, LinkStatus.OK), (0, LinkStatus.DEAD)
    )
    assert found.status is LinkStatus.FAILING
    assert found.history is not None and found.history.last_ok == NOW - timedelta(days=1)
