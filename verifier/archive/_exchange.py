"""The archive for the world: all of it written out as one WARC, and a WARC's responses
archived as snapshots, one record at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from verifier.archive._archive import Archive
from verifier.archive._warc import WarcResponse, read_warc, write_warc
from verifier.errors import OutputError
from verifier.settings import Settings
from verifier.types import FetchResult, LinkStatus

IMPORT_BATCH = 200
"""Records archived per transaction on import: bounded memory, few commits."""


def export_warc(settings: Settings, target: Path) -> int:
    """Write the whole archive to `target` as a WARC (gzip), atomically; records written."""
    partial = target.with_name(target.name + ".partial")
    with Archive.of(settings, existing=True) as archive:
        try:
            out = partial.open("wb")
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
        try:
            with out:
                written = write_warc(archive.all_snapshots(), archive.body, out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(target)
    return written


def import_warc(settings: Settings, source: Path, status_of: Callable[[int], LinkStatus]) -> int:
    """Archive every final response of the WARC `source` as a snapshot; snapshots added.
    `status_of` is the fetch stage's reading of an HTTP code, so an imported answer gets the
    status a fetched one would."""
    added = 0
    with Archive.of(settings) as archive:
        batch: list[FetchResult] = []
        for response in read_warc(source):
            batch.append(_imported(response, status_of(response.http_status)))
            if len(batch) >= IMPORT_BATCH:
                added += len(archive.record_fetches(batch))
                batch = []
        if batch:
            added += len(archive.record_fetches(batch))
    return added


def _imported(response: WarcResponse, status: LinkStatus) -> FetchResult:
    return FetchResult(
        url=response.url,
        final_url=response.url,
        status=status,
        reason=f"HTTP {response.http_status} (imported from a WARC file)",
        http_status=response.http_status,
        hops=(),
        headers=response.headers,
        content_type=response.content_type,
        fetched_at=response.fetched_at,
        elapsed=0.0,
        body=response.body,
    )
