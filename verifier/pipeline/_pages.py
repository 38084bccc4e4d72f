"""Reading a snapshot into a page: extracted once, cached in the archive, completed with
what its second-pass fetches brought (a video's captions, an oEmbed answer).

A crawl of many pages has them read while it goes on, in worker processes (`PageReader`):
reading is CPU-bound (lxml, trafilatura) and the crawl mostly waits for the network, so
the two overlap on separate cores instead of the reading starting when the crawl ends
(measured in docs/decisions.md, with why the workers come from a forkserver).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from verifier import extract, fetch
from verifier.archive import Archive
from verifier.types import FetchResult, LinkStatus, Page, Snapshot

READ_BACKLOG = 64
"""Pages handed to the readers and not yet read, at most: past it the archive writer waits for
the oldest, and the crawl behind it, so bodies never pile up in memory."""
READ_IN_WORKERS_FROM = 32
"""Pages a crawl must fetch for its reading to go to worker processes; fewer are read in
this process afterwards (a pool costs more than it saves on a small issue)."""


class PageReader:
    """Reads each fetched page in a worker process as soon as it is archived, and caches the
    page in the archive (from the archive writer's thread, which calls it). One serves every
    crawl of a run; its workers start with the first crawl that fetches enough pages."""

    def __init__(self, archive: Archive, *, signals: bool) -> None:
        self._archive, self._signals = archive, signals
        self._version = _version(signals)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[tuple[Snapshot, Future[Page | None]]] = deque()

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers (once), before the crawl that feeds them: a worker takes half a
        second to come up, which the robots.txt requests at a crawl's start cover."""
        if self._pool is not None:
            return
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["verifier.extract"])
        workers = max(1, (os.cpu_count() or 2) - 1)  # the crawl keeps a core
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        self._pool.submit(os.getpid)  # brings the workers up now

    def read(self, results: Sequence[FetchResult], snapshots: Sequence[Snapshot]) -> None:
        """Hand the served pages of a batch just archived to the readers."""
        self.start()
        assert self._pool is not None
        for result, snapshot in zip(results, snapshots, strict=True):
            if result.body is None or not snapshot.status.served:
                continue
            future = self._pool.submit(
                extract.extract_page,
                snapshot.final_url,
                result.body,
                snapshot.content_type,
                signals=self._signals,
            )
            self._pending.append((snapshot, future))
            while len(self._pending) > READ_BACKLOG:
                self._keep(*self._pending.popleft())

    def drain(self) -> None:
        """Wait for the pages still being read and cache them (the archive has every page
        handed over so far when this returns)."""
        while self._pending:
            self._keep(*self._pending.popleft())

    def close(self) -> None:
        """Drain, and let the workers go."""
        try:
            self.drain()
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)

    def _keep(self, snapshot: Snapshot, future: Future[Page | None]) -> None:
        page = future.result()
        if page is not None:
            self._archive.record_page(snapshot, page, self._version)


def page_of(archive: Archive, snapshot: Snapshot | None, *, signals: bool = False) -> Page | None:
    """The extracted page of a snapshot, extracted once and cached in the archive (keyed by
    the extractor's version, so a new extractor reads every body again). `signals`: a
    link-rot run's reading (`extract.extract_page`), cached apart: a page and its site's
    answer to a made-up path are compared read the same way."""
    if snapshot is None or snapshot.body_sha256 is None:
        return None
    version = _version(signals)
    cached = archive.page(snapshot, version)
    if cached is not None:
        return cached
    body = archive.body(snapshot)
    if body is None:
        return None
    page = extract.extract_page(snapshot.final_url, body, snapshot.content_type, signals=signals)
    if page is not None:
        archive.record_page(snapshot, page, version)
    return page


def _version(signals: bool) -> str:
    """The page-cache key of a reading: a link-rot run's signals, or the full extraction."""
    return extract.SIGNALS_VERSION if signals else extract.EXTRACTOR_VERSION


def completed(archive: Archive, snapshots: dict[str, Snapshot], page: Page | None) -> Page | None:
    """A page with what its second-pass fetches brought: a video's captions as its text, the
    title and channel its oEmbed answer gives."""
    if page is None:
        return None
    words = body_of(archive, snapshots, page.text_url)
    page = extract.with_words(page, words) if words else page
    meta = body_of(archive, snapshots, page.meta_url)
    return extract.with_oembed(page, meta) if meta else page


def body_of(archive: Archive, snapshots: dict[str, Snapshot], url: str | None) -> bytes | None:
    """The body this run archived for `url`, when it was answered with a 200."""
    found = snapshots.get(url) if url else None
    return archive.body(found) if found is not None and found.status is LinkStatus.OK else None


def probe_page(
    archive: Archive,
    snapshots: dict[str, Snapshot],
    snapshot: Snapshot | None,
    *,
    signals: bool = False,
) -> Page | None:
    """The page the cited page's site served for a made-up path, when it served one (2xx)."""
    if snapshot is None:
        return None
    probe = snapshots.get(fetch.probe_url(snapshot.final_url))
    if probe is None or probe.status is not LinkStatus.OK:
        return None
    return page_of(archive, probe, signals=signals)
