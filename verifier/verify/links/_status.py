"""The final link status of a citation: the fetch verdict refined by the page.

The fetch stage knows what HTTP said; only with the extracted page can we
tell a paywall from an article, or notice that a citation points at a page
whose content changes every hour (a home page) and so cannot prove a dated
claim.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from verifier.types import Citation, LinkResult, LinkStatus, Page, Snapshot
from verifier.verify.links._signals import (
    bot_wall,
    is_account_page,
    is_search_page,
    login_wall,
    same_as_probe,
    says_missing,
)
from verifier.verify.text.urls import is_home_page

_LIVE = re.compile(r"(?:^|/)(?:live|liveblog|live-updates|live-news)(?:/|$)|-live-updates?\b", re.I)
# Paths made only of these are a section's front page (`/politics/`, `/news/world/`).
_SECTIONS = frozenset(
    "news world politics business economy markets opinion sport sports tech technology "  # noqa: SIM905
    "science health culture us uk europe asia international national local latest nation "
    "japan ukraine russia china middle-east africa americas".split()
)


def link_result(
    citation: Citation, snapshot: Snapshot | None, page: Page | None, probe: Page | None = None
) -> LinkResult:
    """Decide the contract's link status for one citation (`probe`: the page the site served
    for a made-up path, when it served one with a 2xx)."""
    if citation.url is None:
        return LinkResult(LinkStatus.NO_URL, "the issue cites this source without a link")
    if snapshot is None:
        return LinkResult(LinkStatus.ERROR, "no archived snapshot (offline, never fetched)")
    if not snapshot.status.served or (snapshot.http_status or 0) >= 400:
        # an error status served as a page only when the settings `accept` it: taken as is
        return LinkResult(snapshot.status, snapshot.reason, snapshot)
    return _refine(citation.url, snapshot, page, probe)


def _refine(url: str, snapshot: Snapshot, page: Page | None, probe: Page | None) -> LinkResult:
    final = snapshot.final_url
    moved = snapshot.status is LinkStatus.REDIRECTED
    if moved and is_home_page(final) and not is_home_page(url):
        reason = f"an article URL redirects to the site's front page {final}"
        return LinkResult(LinkStatus.SOFT_404, reason, snapshot)
    if moved and is_search_page(final) and not is_search_page(url):
        reason = f"an article URL redirects to the site's search page {final}"
        return LinkResult(LinkStatus.SOFT_404, reason, snapshot)
    if moved and _unstable(final, page) and not _unstable(url, page):
        reason = f"an article URL redirects to a page that is not the article: {final}"
        return LinkResult(LinkStatus.SOFT_404, reason, snapshot)
    if moved and is_account_page(final) and not is_account_page(url):
        reason = f"the article redirects to a login page {final}: its text is not there to read"
        return LinkResult(LinkStatus.PAYWALLED, reason, snapshot)
    if page is not None:
        found = _page_status(page, probe if not is_home_page(final) else None)
        if found is not None:
            return LinkResult(found[0], found[1], snapshot)
    unstable = _unstable(final, page)
    if unstable is not None:
        return LinkResult(LinkStatus.UNSTABLE, unstable, snapshot)
    if page is not None and page.paywalled:
        return LinkResult(LinkStatus.PAYWALLED, "the page marks its text as paywalled", snapshot)
    wall = login_wall(page) if page is not None else None
    if wall is not None:
        return LinkResult(LinkStatus.PAYWALLED, wall, snapshot)
    return LinkResult(snapshot.status, snapshot.reason, snapshot)


def _page_status(page: Page, probe: Page | None) -> tuple[LinkStatus, str] | None:
    """What the page says of itself: gone (a site reader's finding), a bot wall, a missing
    page behind a 200 or a parked domain; None for a page that is what it seems."""
    if page.gone:
        return LinkStatus.DEAD, page.gone
    walled = page.walled or bot_wall(page)
    if walled:
        return LinkStatus.BLOCKED, walled
    missing = says_missing(page) or same_as_probe(page, probe)
    if missing:
        return LinkStatus.SOFT_404, missing
    return None


def _unstable(url: str, page: Page | None) -> str | None:
    """Why a page cannot prove a dated claim: its content changes (a front page, a section
    front, a live blog, a search result); None for a permalink."""
    if is_home_page(url):
        return "a site's front page: its content changes, cite a permalink to prove a claim"
    if is_search_page(url):
        return "a search result: its content changes, cite the article it lists"
    if page is not None and (page.media or page.text_url):
        return None  # a video (YouTube's `/live/<id>` is a recording's permalink)
    if _LIVE.search(urlsplit(url).path):
        return "a live blog: its content changes as it is updated, cite a dated article"
    segments = [s for s in urlsplit(url).path.lower().split("/") if s]
    if segments and all(segment in _SECTIONS for segment in segments):
        return "a section front: its content changes, cite a permalink to prove a claim"
    return None
