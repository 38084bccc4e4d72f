"""Reading a snapshot into a page: extracted once, cached in the archive, completed with
what its second-pass fetches brought (a video's captions, an oEmbed answer)."""

from __future__ import annotations

from verifier import extract, fetch
from verifier.archive import Archive
from verifier.types import LinkStatus, Page, Snapshot


def page_of(archive: Archive, snapshot: Snapshot | None) -> Page | None:
    """The extracted page of a snapshot, extracted once and cached in the archive (keyed by
    the extractor's version, so a new extractor reads every body again)."""
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
    archive: Archive, snapshots: dict[str, Snapshot], snapshot: Snapshot | None
) -> Page | None:
    """The page the cited page's site served for a made-up path, when it served one (2xx)."""
    if snapshot is None:
        return None
    probe = snapshots.get(fetch.probe_url(snapshot.final_url))
    return page_of(archive, probe) if probe and probe.status is LinkStatus.OK else None
