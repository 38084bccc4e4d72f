"""Reading a snapshot into a page: extracted once, cached in the archive, completed with
what its second-pass fetches brought (a video's captions, an oEmbed answer)."""

from __future__ import annotations

from verifier import extract, fetch
from verifier.archive import Archive
from verifier.types import LinkStatus, Page, Snapshot


def page_of(archive: Archive, snapshot: Snapshot | None, *, signals: bool = False) -> Page | None:
    """The extracted page of a snapshot, extracted once and cached in the archive (keyed by
    the extractor's version, so a new extractor reads every body again). `signals`: a
    link-rot run's reading (`extract.extract_page`), cached apart: a page and its site's
    answer to a made-up path are compared read the same way."""
    if snapshot is None or snapshot.body_sha256 is None:
        return None
    version = extract.SIGNALS_VERSION if signals else extract.EXTRACTOR_VERSION
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
