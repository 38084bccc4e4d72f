"""Planning what to fetch: every cited URL once, then what the cited pages call for besides
themselves (their sites' probes, captions and oEmbed answers, the Internet Archive's
snapshot of a link that failed)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from verifier import fetch, verify
from verifier.archive import Archive
from verifier.pipeline._crawl import Claims, ProgressHook, latest, refreshed
from verifier.pipeline._pages import PageReader, page_of
from verifier.settings import Settings
from verifier.types import Issue, Snapshot


def cited_urls(issues: Iterable[Issue]) -> list[str]:
    """Every distinct URL of the issues, in first-cited order."""
    seen: dict[str, None] = {}
    for issue in issues:
        for citation in issue.citations:
            if citation.url is not None:
                seen.setdefault(citation.url, None)
    return list(seen)


def snapshots_for(
    archive: Archive,
    run_id: str,
    issues: Sequence[Issue],
    settings: Settings,
    progress: ProgressHook | None,
    max_age: float,
    *,
    signals: bool = False,
    claims: Claims | None = None,
) -> dict[str, Snapshot]:
    """The snapshot each URL is verified from: fetched now, or archived already (by this
    run before an interruption, or less than `max_age` seconds ago). `signals`: pages are
    read for their link signals only (`page_of`)."""
    urls = [url for url in cited_urls(issues) if settings.excluded(url) is None]
    if settings.offline:
        found = latest(archive, urls)
        return found | latest(archive, second_pass(archive, found.values(), issues, signals))
    done = archive.run_snapshots(run_id)
    pending = [url for url in urls if url not in done]
    with PageReader(archive, signals=signals) as reader:
        fresh = refreshed(
            archive, pending, settings, run_id, max_age, progress, reader=reader, claims=claims
        )
        done.update(fresh)
        wanted = second_pass(archive, done.values(), issues, signals)
        second = [url for url in wanted if url not in done]
        done.update(
            refreshed(archive, second, settings, run_id, max_age, reader=reader, claims=claims)
        )
    return done


def second_pass(
    archive: Archive, snapshots: Iterable[Snapshot], issues: Sequence[Issue], signals: bool
) -> list[str]:
    """What the cited pages call for besides themselves: their sites' probes, the captions
    tracks and oEmbed answers of videos, and for a link that failed, the Internet Archive's
    snapshot closest to the date it was cited (its replacement)."""
    got = list(snapshots)
    read = (page_of(archive, s, signals=signals) for s in got)
    pages = (page for page in read if page is not None)  # one at a time
    more = (url for page in pages for url in (page.text_url, page.meta_url) if url)
    cited, days = set(cited_urls(issues)), _cited_days(issues)
    lookups = (
        fetch.wayback_lookup_url(s.url, days.get(s.url))
        for s in got
        if s.status.failed and s.url in cited
    )
    return list(dict.fromkeys([*_probes(got), *more, *lookups]))


def _cited_days(issues: Sequence[Issue]) -> dict[str, date]:
    """The date each URL was cited for: its citation's date, else its issue's."""
    days: dict[str, date] = {}
    for issue in issues:
        for citation in issue.citations:
            day = citation.cited_date or issue.date
            if citation.url is not None and day is not None:
                days.setdefault(citation.url, day)
    return days


def _probes(snapshots: Iterable[Snapshot]) -> list[str]:
    """The made-up path of every site that served a cited page (not a front page, which
    cannot be a missing one): what each serves for a page it does not have."""
    return list(
        dict.fromkeys(
            fetch.probe_url(s.final_url)
            for s in snapshots
            if s.status.served
            and not verify.is_home_page(s.final_url)
            and s.final_url != fetch.probe_url(s.final_url)
        )
    )
