"""A link's verdict over time: `dead` only when it has failed long enough, like a person would.

A site that is down for an evening is not a dead link. `verifier links`, run
every night over the archive of past issues, calls a link `dead` only when
its failures are confirmed: at least `dead_after_checks` failed checks in a
row, spread over at least `dead_after_days` days (the Internet Archive's
link-rescuing bot waits the same way); until then it is `failing`. A check
that was `blocked` or timed out proves nothing either way, so it neither
counts nor breaks the run of failures. The wait protects links that worked: one never
seen good that answers 404 or 410, or whose host does not exist, is `dead` at once (a
first run fails on a newsletter's broken links, as a link checker's does). Only the
archive's snapshots decide, so a test moves the clock by archiving snapshots with older
times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from verifier.types import (
    GONE_STATUSES,
    NO_SUCH_HOST,
    LinkHistory,
    LinkResult,
    LinkStatus,
    Snapshot,
)


def history(snapshots: Sequence[Snapshot]) -> LinkHistory | None:
    """What the checks of one URL (oldest first, the newest being this run's) say so far."""
    if not snapshots:
        return None
    streak = []
    for snapshot in reversed(snapshots):
        if snapshot.status.inconclusive:
            continue
        if not snapshot.status.failed:
            break
        streak.append(snapshot)
    good = [s.fetched_at for s in snapshots if s.status.served]
    return LinkHistory(
        first_seen=snapshots[0].fetched_at,
        last_ok=good[-1] if good else None,
        failures=len(streak),
        failing_since=streak[-1].fetched_at if streak else None,
        previous=snapshots[-2].status if len(snapshots) > 1 else None,
    )


def settle(link: LinkResult, snapshots: Sequence[Snapshot], checks: int, days: float) -> LinkResult:
    """`link` with its history; a `dead` one that has not failed `checks` times over `days`
    days is `failing`, saying how far it has come."""
    past = history(snapshots)
    if past is None:
        return link
    if link.status is not LinkStatus.DEAD:
        return replace(link, history=past)
    if past.last_ok is None and _gone_for_good(link.snapshot):
        reason = f"{link.reason}; it never answered before, so it is dead at once"
        return LinkResult(LinkStatus.DEAD, reason, link.snapshot, past)
    span = snapshots[-1].fetched_at - past.failing_since if past.failing_since else timedelta()
    if past.failures >= checks and span >= timedelta(days=days):
        reason = f"{link.reason}; failed {past.failures} checks over {span.days} days"
        return LinkResult(LinkStatus.DEAD, reason, link.snapshot, past)
    since = past.failing_since.date().isoformat() if past.failing_since else "now"
    reason = (
        f"{link.reason}; failing: {past.failures} failed check(s) since {since} "
        f"(dead after {checks} over {days:g} days)"
    )
    return LinkResult(LinkStatus.FAILING, reason, link.snapshot, past)


def _gone_for_good(snapshot: Snapshot | None) -> bool:
    """Whether this check's failure says the link is gone (a 404, a 410, no such host)."""
    if snapshot is None:
        return False
    return snapshot.http_status in GONE_STATUSES or snapshot.reason.startswith(NO_SUCH_HOST)
