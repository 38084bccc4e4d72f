"""A citation's link outcome: its status from the snapshot and page, on a link-rot run its
history and drift, and for a broken link where it can still be read (its fallback)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from verifier import fetch, verify
from verifier.archive import Archive
from verifier.pipeline._pages import body_of, completed, page_of, probe_page
from verifier.settings import Settings
from verifier.types import Citation, Fallback, LinkResult, LinkStatus, Page, Snapshot


def link_outcome(
    archive: Archive,
    citation: Citation,
    snapshots: dict[str, Snapshot],
    settings: Settings,
    *,
    issue_date: date | None,
    over_time: bool,
) -> tuple[Page | None, LinkResult]:
    """The citation's page and final link (`over_time`: settled against the URL's history,
    and its pages read for their signals only, as a link-rot run judges it). A URL the
    settings exclude was not fetched, and says by which pattern."""
    pattern = settings.excluded(citation.url) if citation.url else None
    if pattern is not None:
        return None, LinkResult(LinkStatus.EXCLUDED, f"not fetched: excluded by {pattern!r}")
    snapshot = snapshots.get(citation.url) if citation.url else None
    page = completed(archive, snapshots, page_of(archive, snapshot, signals=over_time))
    probe = probe_page(archive, snapshots, snapshot, signals=over_time) if page else None
    link = verify.link_result(citation, snapshot, page, probe)
    past = archive.snapshots(citation.url) if citation.url and over_time else None
    if past is not None:
        link = verify.settle(link, past, settings.dead_after_checks, settings.dead_after_days)
        before = _last_other_copy(archive, past, snapshot, signals=over_time)
        link = verify.drifted(citation, link, page, before, settings)
    if link.status.broken and citation.url is not None:
        past = past if past is not None else archive.snapshots(citation.url)
        fallback = _fallback(archive, snapshots, citation, issue_date, snapshot, past)
        link = replace(link, fallback=fallback)
    return page, link


def _last_other_copy(
    archive: Archive, past: Sequence[Snapshot], now: Snapshot | None, *, signals: bool
) -> tuple[Snapshot, Page] | None:
    """The latest earlier good copy whose body differs from this one, and its page (read as
    this one is: `signals`)."""
    if now is None:
        return None
    for snapshot in reversed(past):
        if snapshot.status.served and snapshot.body_sha256 not in (None, now.body_sha256):
            page = page_of(archive, snapshot, signals=signals)
            return (snapshot, page) if page is not None else None
    return None


def _fallback(
    archive: Archive,
    snapshots: dict[str, Snapshot],
    citation: Citation,
    day: date | None,
    now: Snapshot | None,
    past: Sequence[Snapshot],
) -> Fallback | None:
    """Where a broken link can still be read: the archive's last good copy of it among its
    `past` snapshots (other than what it serves now, for a page that drifted), and the
    Internet Archive's snapshot closest to the date it was cited."""
    assert citation.url is not None
    current = now.body_sha256 if now is not None else None
    good = [s for s in past if s.status.served and s.body_sha256 and s.body_sha256 != current]
    lookup = fetch.wayback_lookup_url(citation.url, citation.cited_date or day)
    found = fetch.wayback_closest(body_of(archive, snapshots, lookup))
    if not good and found is None:
        return None
    url, stamp = found if found else (None, None)
    own = good[-1] if good else None
    return Fallback(own, url, stamp, page_of(archive, own))
