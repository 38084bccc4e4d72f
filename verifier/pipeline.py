"""The orchestrator: the one place that calls the stages, in order.

parse -> (archive the issue) -> fetch + archive every URL -> extract -> verify
-> report. Stages never call each other; they meet here, through the types.

A run is recorded in the archive when it starts and marked finished at the
end. If a run is interrupted (Ctrl-C, kill), the next run for the same issues
continues it: URLs that the interrupted run already archived are not fetched
again. The window vectors of the cross-lingual quote check are kept in the
archive too, so verifying an archived page again embeds none of its text.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from verifier import extract, fetch, parse, report, verify
from verifier.archive import Archive, WarcResponse, read_warc, validator, write_warc
from verifier.settings import LINKS_MAX_AGE, Settings
from verifier.types import (
    Citation,
    CitationKind,
    CitationResult,
    Fallback,
    FetchResult,
    Issue,
    LinkStatus,
    Page,
    Report,
    Snapshot,
    Validator,
)
from verifier.verify.text.embeddings import Embedder, WindowIndex, load_embedder

#: Called once with the number of URLs to fetch, then once per fetched URL.
ProgressHook = Callable[[int, str | None], None]


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """What a command produced: one report per issue, its report dict (report.json) and where
    the HTML went. A link-rot run keeps no page in its reports once they are written: over
    hundreds of issues they are most of a run's memory, and its report dicts say the rest."""

    reports: tuple[Report, ...]
    html_paths: tuple[Path, ...]
    data: tuple[dict[str, Any], ...] = ()


def run(
    paths: Sequence[Path],
    settings: Settings,
    *,
    checks: bool = True,
    command: str = "run",
    progress: ProgressHook | None = None,
) -> RunOutcome:
    """Verify issues end to end (``checks=False`` is the link-rot-only job)."""
    texts = [(str(path), parse.read_issue_text(path)) for path in paths]
    issues = [(parse.parse_text(text, name, settings=settings), text) for name, text in texts]
    # Loaded before the archive is touched, so a misspelt setting records nothing;
    # `links` runs no check, so it never loads a model.
    embedder = load_embedder(settings.embedder) if checks else None
    with Archive(settings.cache_dir) as archive:
        for issue, text in issues:
            archive.record_issue(issue, text)
        ids = [issue.id for issue, _ in issues]
        run_id = archive.unfinished_run(ids) or archive.start_run(ids, command)
        max_age = settings.max_age
        if max_age is None:
            max_age = LINKS_MAX_AGE if command == "links" else 0.0
        snapshots = _snapshots(archive, run_id, [i for i, _ in issues], settings, progress, max_age)
        windows = _window_index(embedder, archive)
        reports, html, data = [], [], []
        link_rot = command == "links"
        for issue, _ in issues:
            verified = _verify(archive, issue, snapshots, settings, checks, windows, link_rot)
            data.append(report.to_json(verified))
            kept = _without_pages(verified) if link_rot else verified
            html.append(report.write_issue_files(kept, settings.reports_dir, data[-1]))
            reports.append(kept)
        report.write_index(settings.reports_dir, archive.link_trend())
        archive.finish_run(run_id)
    return RunOutcome(tuple(reports), tuple(html), tuple(data))


def _without_pages(verified: Report) -> Report:
    """The report with its links and checks, its pages let go (they are in its dict), so
    its HTML links archived copies only for broken links (their last good copy): a nightly
    job over thousands of pages writes the text views a reviewer of link rot opens."""
    results = tuple(replace(result, page=None) for result in verified.results)
    return replace(verified, results=results)


def rebuild_reports(settings: Settings) -> RunOutcome:
    """Re-render every archived issue from its latest snapshots, without the network."""
    embedder = load_embedder(settings.embedder)
    with Archive(settings.cache_dir) as archive:
        issues = [
            parse.parse_text(text, path, settings=settings) for _, path, text in archive.issues()
        ]
        latest = _latest(archive, _urls(issues))
        windows = _window_index(embedder, archive)
        reports = tuple(
            _verify(archive, issue, latest, settings, True, windows) for issue in issues
        )
        data = tuple(report.to_json(r) for r in reports)
        html = tuple(
            report.write_issue_files(r, settings.reports_dir, d)
            for r, d in zip(reports, data, strict=True)
        )
        report.write_index(settings.reports_dir, archive.link_trend())
    return RunOutcome(reports, html, data)


def _window_index(embedder: Embedder | None, archive: Archive) -> WindowIndex | None:
    """One index for every citation of the run, its window vectors kept in the archive.

    Keyed by page text, so re-verifying an archived page embeds only the quotes.
    """
    return WindowIndex(embedder, archive) if embedder is not None else None


def _urls(issues: Iterable[Issue]) -> list[str]:
    """Every distinct URL of the issues, in first-cited order."""
    seen: dict[str, None] = {}
    for issue in issues:
        for citation in issue.citations:
            if citation.url is not None:
                seen.setdefault(citation.url, None)
    return list(seen)


def _latest(archive: Archive, urls: Iterable[str]) -> dict[str, Snapshot]:
    found = {url: archive.latest_snapshot(url) for url in urls}
    return {url: snap for url, snap in found.items() if snap is not None}


def _snapshots(
    archive: Archive,
    run_id: str,
    issues: Sequence[Issue],
    settings: Settings,
    progress: ProgressHook | None,
    max_age: float = 0.0,
) -> dict[str, Snapshot]:
    """The snapshot each URL is verified from: fetched now, or archived already (by this
    run before an interruption, or less than `max_age` seconds ago)."""
    urls = _urls(issues)
    if settings.offline:
        found = _latest(archive, urls)
        return found | _latest(archive, _second_pass(archive, found.values(), issues))
    done = archive.run_snapshots(run_id)
    pending = [url for url in urls if url not in done]
    done.update(_refreshed(archive, pending, settings, run_id, max_age, progress))
    second = [url for url in _second_pass(archive, done.values(), issues) if url not in done]
    done.update(_refreshed(archive, second, settings, run_id, max_age))
    return done


def _refreshed(
    archive: Archive,
    urls: Sequence[str],
    settings: Settings,
    run_id: str,
    max_age: float,
    progress: ProgressHook | None = None,
) -> dict[str, Snapshot]:
    """Each URL's snapshot: the archived one when it is less than `max_age` seconds old (a
    nightly link-rot job does not fetch again what it fetched an hour ago), else one fetched
    now, asked conditionally of the archived answer. The archive is read once per URL."""
    latest = _latest(archive, urls)
    since = datetime.now(UTC) - timedelta(seconds=max_age)
    recent = {u: s for u, s in latest.items() if max_age > 0 and s.fetched_at >= since}
    todo = [url for url in urls if url not in recent]
    known = (validator(latest[url]) for url in todo if url in latest)
    validators = {v.url: v for v in known if v is not None}
    if progress is not None:
        progress(len(todo), None)
    fetched = fetch_and_archive(archive, todo, settings, run_id, progress, validators)
    return recent | asyncio.run(fetched)


def _second_pass(
    archive: Archive, snapshots: Iterable[Snapshot], issues: Sequence[Issue]
) -> list[str]:
    """What the cited pages call for besides themselves: their sites' probes, the captions
    tracks and oEmbed answers of videos, and for a link that failed, the Internet Archive's
    snapshot closest to the date it was cited (its replacement)."""
    got = list(snapshots)
    pages = (page for s in got if (page := _page(archive, s)) is not None)  # one at a time
    more = (url for page in pages for url in (page.text_url, page.meta_url) if url)
    cited, days = set(_urls(issues)), _cited_days(issues)
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


WRITE_BACKLOG = 256
"""Fetched results waiting for the archive writer, at most: when the disk is slower than the
network the crawl waits, instead of holding every body it got ahead by (a crawl of 20,000
pages got 300 MB ahead, and the allocator kept that memory for the rest of the run)."""


async def fetch_and_archive(
    archive: Archive,
    urls: Sequence[str],
    settings: Settings,
    run_id: str | None = None,
    progress: ProgressHook | None = None,
    validators: Mapping[str, Validator] | None = None,
) -> dict[str, Snapshot]:
    """Fetch every URL and archive each result as soon as it arrives (conditionally, with
    `validators`, else the archive's own for these URLs).

    One writer thread commits, in batches, whatever has arrived since its
    last commit, so disk and SQLite time overlap with the network instead of
    stalling the event loop, and bodies never pile up. If the crawl is
    interrupted (Ctrl-C), what was already fetched is still committed.
    """
    stored: dict[str, Snapshot] = {}
    arrived: asyncio.Queue[FetchResult | None] = asyncio.Queue(maxsize=WRITE_BACKLOG)

    def keep(snapshots: list[Snapshot]) -> None:
        for snapshot in snapshots:
            stored[snapshot.url] = snapshot
            if progress is not None:
                progress(len(urls), snapshot.url)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-writer") as pool:
        if validators is None:
            validators = archive.validators(urls)
        writer = asyncio.create_task(_write_batches(archive, run_id, arrived, pool, keep))
        try:
            async for result in fetch.crawl(urls, settings, validators):
                await arrived.put(result)
        finally:
            await arrived.put(None)
            await writer
    return stored


async def _write_batches(
    archive: Archive,
    run_id: str | None,
    arrived: asyncio.Queue[FetchResult | None],
    pool: ThreadPoolExecutor,
    keep: Callable[[list[Snapshot]], None],
) -> None:
    """Commit everything queued, batch by batch, until the None that ends the crawl."""
    loop = asyncio.get_running_loop()
    finished = False
    while not finished:
        batch = [await arrived.get()]
        while not arrived.empty():
            batch.append(arrived.get_nowait())
        finished = batch[-1] is None
        results = [result for result in batch if result is not None]
        if results:
            keep(await loop.run_in_executor(pool, archive.record_fetches, results, run_id))


def _verify(
    archive: Archive,
    issue: Issue,
    snapshots: dict[str, Snapshot],
    settings: Settings,
    checks: bool,
    windows: WindowIndex | None,
    over_time: bool = False,
) -> Report:
    """Link status for every citation, then (for `run`) the checks of each; `over_time` (the
    link-rot job): a failed link is `dead` only once its history confirms it."""
    read = []
    for citation in issue.citations:
        snapshot = snapshots.get(citation.url) if citation.url else None
        page = _completed(archive, snapshots, _page(archive, snapshot))
        probe = _probe_page(archive, snapshots, snapshot) if page is not None else None
        link = verify.link_result(citation, snapshot, page, probe)
        past = archive.snapshots(citation.url) if citation.url and over_time else None
        if past is not None:
            link = verify.settle(link, past, settings.dead_after_checks, settings.dead_after_days)
            before = _last_other_copy(archive, past, snapshot)
            link = verify.drifted(citation, link, page, before, settings)
        if link.status.broken and citation.url is not None:
            past = past if past is not None else archive.snapshots(citation.url)
            fallback = _fallback(archive, snapshots, citation, issue.date, snapshot, past)
            link = replace(link, fallback=fallback)
        read.append((citation, page, link))
    readable = tuple(
        (citation, page)
        for citation, page, link in read
        if page is not None and citation.kind is CitationKind.SOURCE and link.status.has_text
    )
    found = [
        verify.run_checks(
            verify.CheckContext(c, page, link, settings, issue.date, readable, windows)
        )
        if checks
        else ()
        for c, page, link in read
    ]
    settled = verify.share_passages([(c, f) for (c, _, _), f in zip(read, found, strict=True)])
    results = tuple(
        CitationResult(citation, link, page, checked)
        for (citation, page, link), checked in zip(read, settled, strict=True)
    )
    return Report(issue, datetime.now(UTC), results)


def _completed(archive: Archive, snapshots: dict[str, Snapshot], page: Page | None) -> Page | None:
    """A page with what its second-pass fetches brought: a video's captions as its text, the
    title and channel its oEmbed answer gives."""
    if page is None:
        return None
    words = _body(archive, snapshots, page.text_url)
    page = extract.with_words(page, words) if words else page
    meta = _body(archive, snapshots, page.meta_url)
    return extract.with_oembed(page, meta) if meta else page


def _body(archive: Archive, snapshots: dict[str, Snapshot], url: str | None) -> bytes | None:
    found = snapshots.get(url) if url else None
    return archive.body(found) if found is not None and found.status is LinkStatus.OK else None


def _last_other_copy(
    archive: Archive, past: Sequence[Snapshot], now: Snapshot | None
) -> tuple[Snapshot, Page] | None:
    """The latest earlier good copy whose body differs from this one, and its page."""
    if now is None:
        return None
    for snapshot in reversed(past):
        if snapshot.status.served and snapshot.body_sha256 not in (None, now.body_sha256):
            page = _page(archive, snapshot)
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
    found = _wayback_closest(_body(archive, snapshots, lookup))
    if not good and found is None:
        return None
    url, stamp = found if found else (None, None)
    own = good[-1] if good else None
    return Fallback(own, url, stamp, _page(archive, own))


def _wayback_closest(body: bytes | None) -> tuple[str, str] | None:
    """The closest available snapshot in an availability API answer: (url, timestamp)."""
    try:
        data = json.loads(body) if body else None
    except ValueError:
        return None
    found = data.get("archived_snapshots") if isinstance(data, dict) else None
    closest = found.get("closest") if isinstance(found, dict) else None
    if not isinstance(closest, dict) or not closest.get("available") or not closest.get("url"):
        return None
    return str(closest["url"]), str(closest.get("timestamp", ""))


def _probe_page(
    archive: Archive, snapshots: dict[str, Snapshot], snapshot: Snapshot | None
) -> Page | None:
    """The page the cited page's site served for a made-up path, when it served one (2xx)."""
    if snapshot is None:
        return None
    probe = snapshots.get(fetch.probe_url(snapshot.final_url))
    return _page(archive, probe) if probe and probe.status is LinkStatus.OK else None


def _page(archive: Archive, snapshot: Snapshot | None) -> Page | None:
    """The extracted page of a snapshot, extracted once and cached in the archive."""
    if snapshot is None or snapshot.body_sha256 is None:
        return None
    cached = archive.page(snapshot, extract.EXTRACTOR_VERSION)
    if cached is not None:
        return cached
    body = archive.body(snapshot)
    if body is None:
        return None
    page = extract.extract_page(snapshot.final_url, body, snapshot.content_type)
    if page is not None:
        archive.record_page(snapshot, page, extract.EXTRACTOR_VERSION)
    return page


# --- the archive for the world: WARC export and import, stats -----------------------

IMPORT_BATCH = 200
"""Records archived per transaction on import: bounded memory, few commits."""


def export_warc(settings: Settings, target: Path) -> int:
    """Write the whole archive to `target` as a WARC (gzip), atomically; records written."""
    partial = target.with_name(target.name + ".partial")
    with Archive(settings.cache_dir) as archive, partial.open("wb") as out:
        written = write_warc(archive.all_snapshots(), archive.body, out)
    partial.replace(target)
    return written


def import_warc(settings: Settings, source: Path) -> int:
    """Archive every final response of the WARC `source` as a snapshot; snapshots added."""
    added = 0
    with Archive(settings.cache_dir) as archive:
        batch: list[FetchResult] = []
        for response in read_warc(source):
            batch.append(_imported(response))
            if len(batch) >= IMPORT_BATCH:
                added += len(archive.record_fetches(batch))
                batch = []
        if batch:
            added += len(archive.record_fetches(batch))
    return added


def _imported(response: WarcResponse) -> FetchResult:
    return FetchResult(
        url=response.url,
        final_url=response.url,
        status=fetch.status_for_code(response.http_status),
        reason=f"HTTP {response.http_status} (imported from a WARC file)",
        http_status=response.http_status,
        hops=(),
        headers=response.headers,
        content_type=response.content_type,
        fetched_at=response.fetched_at,
        elapsed=0.0,
        body=response.body,
    )


def archive_stats(settings: Settings) -> dict[str, object]:
    """What the archive holds, in numbers (snapshots, URLs, bodies, bytes, by status)."""
    with Archive(settings.cache_dir) as archive:
        return archive.stats()
