"""The final link status of a citation: the fetch verdict refined by the page.

The fetch stage knows what HTTP said; only with the extracted page can we
tell a paywall from an article, or notice that a citation points at a page
whose content changes every hour (a home page) and so cannot prove a dated
claim.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from verifier.types import Citation, LinkResult, LinkStatus, Page, Snapshot

_READABLE = frozenset({LinkStatus.OK, LinkStatus.REDIRECTED})


def is_home_page(url: str) -> bool:
    """A site's front page: no path beyond '/', no query. Its content changes daily."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def link_result(citation: Citation, snapshot: Snapshot | None, page: Page | None) -> LinkResult:
    """Decide the contract's link status for one citation."""
    if citation.url is None:
        return LinkResult(LinkStatus.NO_URL, "the issue cites this source without a link")
    if snapshot is None:
        return LinkResult(LinkStatus.ERROR, "no archived snapshot (offline, never fetched)")
    if snapshot.status not in _READABLE:
        return LinkResult(snapshot.status, snapshot.reason, snapshot)
    return _refine(citation.url, snapshot, page)


def _refine(url: str, snapshot: Snapshot, page: Page | None) -> LinkResult:
    moved_home = snapshot.status is LinkStatus.REDIRECTED and is_home_page(snapshot.final_url)
    if moved_home and not is_home_page(url):
        reason = f"an article URL redirects to the site's front page {snapshot.final_url}"
        return LinkResult(LinkStatus.SOFT_404, reason, snapshot)
    if is_home_page(snapshot.final_url):
        reason = "a site's front page: its content changes, cite a permalink to prove a claim"
        return LinkResult(LinkStatus.UNSTABLE, reason, snapshot)
    if page is not None and page.gone:
        return LinkResult(LinkStatus.DEAD, page.gone, snapshot)
    if page is not None and page.walled:
        return LinkResult(LinkStatus.BLOCKED, page.walled, snapshot)
    if page is not None and page.paywalled:
        return LinkResult(LinkStatus.PAYWALLED, "the page marks its text as paywalled", snapshot)
    return LinkResult(snapshot.status, snapshot.reason, snapshot)


def is_readable(link: LinkResult) -> bool:
    """Whether the page can stand as evidence for what it says (or does not say)."""
    return link.status in _READABLE


def has_text(link: LinkResult) -> bool:
    """Whether some of the page's text is there to read: all of it, the part a
    paywall leaves visible, or a front page as it is today."""
    return is_readable(link) or link.status in (LinkStatus.UNSTABLE, LinkStatus.PAYWALLED)
