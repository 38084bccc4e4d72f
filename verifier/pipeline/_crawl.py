"""Fetching into the archive: each URL's snapshot, fetched now (conditionally) or taken from
the archive when it is recent enough, every result committed as soon as it arrives."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import redis

from verifier import fetch
from verifier.archive import Archive, validator
from verifier.pipeline._pages import READ_IN_WORKERS_FROM, PageReader
from verifier.settings import Settings
from verifier.types import FetchResult, Snapshot, Validator

log = logging.getLogger("verifier")

#: Called once with the number of URLs to fetch, then once per fetched URL.
ProgressHook = Callable[[int, str | None], None]

WRITE_BACKLOG = 256
"""Fetched results waiting for the archive writer, at most: when the disk is slower than the
network the crawl waits, instead of holding every body it got ahead by (a crawl of 20,000
pages got 300 MB ahead, and the allocator kept that memory for the rest of the run)."""


CLAIM_WAIT = 600.0
"""Seconds a run waits at most for another run to archive a URL it is fetching."""
SHARED_CLAIM_HOLD = 120.0
"""Seconds a claim in Redis lasts unless its worker renews it (every third of this while
the claim is held): a run on a worker that was killed holds its URLs no longer."""
CLAIM_ROUNDS = 3
"""Times a run waits for URLs others claimed, then claims and fetches what they left."""
_WAIT_POLL = 0.2


class Claims:
    """The URLs the runs of one process are fetching (the service's workers): a run fetches
    only those no other run is fetching, and takes the others from the archive once the run
    that fetches them has archived them, so one URL cited by two concurrent jobs is fetched
    once. A run whose `owner` (its run id) already claims a URL, a resumed one, fetches it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fetching: dict[str, tuple[str, threading.Event]] = {}

    def take(self, urls: Sequence[str], owner: str) -> tuple[list[str], list[str]]:
        """(the URLs this run fetches, the URLs another run is fetching)."""
        mine: list[str] = []
        theirs: list[str] = []
        with self._lock:
            for url in urls:
                held = self._fetching.setdefault(url, (owner, threading.Event()))
                (mine if held[0] == owner else theirs).append(url)
        return mine, theirs

    def release(self, urls: Sequence[str]) -> None:
        """These URLs are archived (or failed): whoever waits for them may read them."""
        with self._lock:
            for url in urls:
                self._fetching.pop(url)[1].set()

    def wait(self, urls: Sequence[str]) -> None:
        """Until every URL's claim is released (at most `CLAIM_WAIT` seconds)."""
        with self._lock:
            events = [self._fetching[url][1] for url in urls if url in self._fetching]
        for event in events:
            event.wait(CLAIM_WAIT)


class SharedClaims(Claims):
    """`Claims` across every worker of a service on Redis: a claim is a key holding its
    owner's run id, set only where none is (``SET NX``), for `SHARED_CLAIM_HOLD` seconds."""

    def __init__(self, client: redis.Redis) -> None:
        super().__init__()
        self._redis = client
        self._held: set[str] = set()  # the keys this process's runs hold, renewed
        threading.Thread(target=self._renew, daemon=True, name="renew-claims").start()

    def take(self, urls: Sequence[str], owner: str) -> tuple[list[str], list[str]]:
        keys = [_claim_key(url) for url in urls]
        setting = self._redis.pipeline(transaction=False)
        for key in keys:
            setting.set(key, owner, nx=True, ex=int(SHARED_CLAIM_HOLD))
        taken = setting.execute()
        held = [key for key, new in zip(keys, taken, strict=True) if not new]
        owners = dict(zip(held, self._redis.mget(held), strict=True)) if held else {}
        mine: list[str] = []
        theirs: list[str] = []
        for url, key, new in zip(urls, keys, taken, strict=True):
            ours = new or owners.get(key) == owner.encode()
            (mine if ours else theirs).append(url)
        with self._lock:
            self._held.update(_claim_key(url) for url in mine)
        return mine, theirs

    def release(self, urls: Sequence[str]) -> None:
        keys = [_claim_key(url) for url in urls]
        with self._lock:
            self._held.difference_update(keys)
        if keys:
            self._redis.delete(*keys)

    def _renew(self) -> None:
        """Keep this process's claims alive while their runs work (a crawl may outlast
        `SHARED_CLAIM_HOLD`); a killed process's claims end that long after."""
        while True:
            time.sleep(SHARED_CLAIM_HOLD / 3)
            with self._lock:
                keys = list(self._held)
            try:
                renewing = self._redis.pipeline(transaction=False)
                for key in keys:
                    renewing.expire(key, int(SHARED_CLAIM_HOLD))
                renewing.execute()
            except redis.RedisError as exc:
                log.warning("fetch claims not renewed: %s", exc)

    def wait(self, urls: Sequence[str]) -> None:
        keys = [_claim_key(url) for url in urls]
        deadline = time.monotonic() + CLAIM_WAIT
        while keys and time.monotonic() < deadline:
            held = self._redis.mget(keys)
            keys = [key for key, owner in zip(keys, held, strict=True) if owner is not None]
            if keys:
                time.sleep(_WAIT_POLL)


def _claim_key(url: str) -> str:
    return f"verifier:fetching:{hashlib.sha256(url.encode()).hexdigest()}"


def latest(archive: Archive, urls: Sequence[str]) -> dict[str, Snapshot]:
    """The newest archived snapshot of each URL that has one."""
    found = {url: archive.latest_snapshot(url) for url in urls}
    return {url: snap for url, snap in found.items() if snap is not None}


def refreshed(
    archive: Archive,
    urls: Sequence[str],
    settings: Settings,
    run_id: str,
    max_age: float,
    progress: ProgressHook | None = None,
    *,
    reader: PageReader | None = None,
    claims: Claims | None = None,
) -> dict[str, Snapshot]:
    """Each URL's snapshot: the archived one when it is less than `max_age` seconds old (a
    nightly link-rot job does not fetch again what it fetched an hour ago), else one fetched
    now, asked conditionally of the archived answer. The archive is read once per URL. With
    a `reader` and at least `READ_IN_WORKERS_FROM` URLs to fetch, the pages are read as they
    arrive, and every one is cached in the archive when this returns; fewer are read in
    this process when asked (workers cost more than they save on a small issue). With
    `claims`, a URL another run of this process is fetching is read once it has it."""
    known = latest(archive, urls)
    since = datetime.now(UTC) - timedelta(seconds=max_age)
    recent = {u: s for u, s in known.items() if max_age > 0 and s.fetched_at >= since}
    todo = [url for url in urls if url not in recent]
    theirs: list[str] = []
    if claims is not None:
        todo, theirs = claims.take(todo, run_id)
        # archived by another run between the look above and the claim (it commits before
        # it lets go of its claim): read, not fetched again
        meanwhile = {u: s for u, s in latest(archive, todo).items() if s.fetched_at >= since}
        claims.release(list(meanwhile))
        recent |= meanwhile
        todo = [url for url in todo if url not in meanwhile]
    asked = (validator(known[url]) for url in todo if url in known)
    validators = {v.url: v for v in asked if v is not None}
    if progress is not None:
        progress(len(todo), None)
    log.info("fetching %d URL(s); %d archived less than max_age ago", len(todo), len(recent))
    if len(todo) < READ_IN_WORKERS_FROM:
        reader = None
    elif reader is not None:
        reader.start()
    fetched = fetch_and_archive(archive, todo, settings, run_id, progress, validators, reader)
    try:
        found = recent | asyncio.run(fetched)
    finally:
        if reader is not None:
            reader.drain()
        if claims is not None:
            claims.release(todo)
    if claims is not None and theirs:
        found |= _left_by_others(archive, theirs, settings, run_id, since, progress, claims)
    return found


def _left_by_others(
    archive: Archive,
    theirs: Sequence[str],
    settings: Settings,
    run_id: str,
    since: datetime,
    progress: ProgressHook | None,
    claims: Claims,
) -> dict[str, Snapshot]:
    """The URLs other runs claimed, once they archived them; what one did not archive (it
    was killed) is claimed in turn and fetched here, so that two runs that both waited for
    it never both fetch it."""
    got: dict[str, Snapshot] = {}
    pending = list(theirs)
    for _ in range(CLAIM_ROUNDS):
        claims.wait(pending)
        got |= latest(archive, pending)
        missed = [url for url in pending if url not in got or got[url].fetched_at < since]
        mine, pending = claims.take(missed, run_id)
        if mine:
            log.info("fetching %d URL(s) another run claimed and did not archive", len(mine))
            if progress is not None:
                progress(len(mine), None)
            try:
                got |= asyncio.run(fetch_and_archive(archive, mine, settings, run_id, progress))
            finally:
                claims.release(mine)
        if not pending:
            break
    return got


async def fetch_and_archive(
    archive: Archive,
    urls: Sequence[str],
    settings: Settings,
    run_id: str | None = None,
    progress: ProgressHook | None = None,
    validators: Mapping[str, Validator] | None = None,
    reader: PageReader | None = None,
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
            log.debug("%s %s (%s)", snapshot.status.value, snapshot.url, snapshot.reason)
            stored[snapshot.url] = snapshot
            if progress is not None:
                progress(len(urls), snapshot.url)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-writer") as pool:
        if validators is None:
            validators = archive.validators(urls)
        writer = asyncio.create_task(_write_batches(archive, run_id, arrived, pool, keep, reader))
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
    reader: PageReader | None,
) -> None:
    """Commit everything queued, batch by batch, until the None that ends the crawl, handing
    each batch's pages to the `reader`."""
    loop = asyncio.get_running_loop()
    finished = False

    def commit(results: list[FetchResult]) -> list[Snapshot]:
        snapshots = archive.record_fetches(results, run_id)
        if reader is not None:
            reader.read(results, snapshots)
        return snapshots

    while not finished:
        batch = [await arrived.get()]
        while not arrived.empty():
            batch.append(arrived.get_nowait())
        finished = batch[-1] is None
        results = [result for result in batch if result is not None]
        if results:
            keep(await loop.run_in_executor(pool, commit, results))
