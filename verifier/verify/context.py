"""What a check may read: the citation, its page, its link, and the issue around it.

Checks are pure functions of a `CheckContext`. The other readable sources of
the same issue ride along so that a claim missing from its own source but
present in another can be reported as misattributed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from verifier.settings import Settings
from verifier.types import Check, Citation, Claim, LinkResult, Page, Verdict
from verifier.verify.text.embeddings import WindowIndex
from verifier.verify.text.reading import Readings


@dataclass(frozen=True, slots=True)
class CheckContext:
    citation: Citation
    page: Page | None
    link: LinkResult
    settings: Settings
    issue_date: date | None = None
    others: tuple[tuple[Citation, Page], ...] = ()
    # Ranks a page's sentences against a translated quote; None: no cross-lingual check.
    windows: WindowIndex | None = None
    # What the checks have read off the issue's pages so far (normalised text, figures,
    # dates): shared by every context of one issue, so each page is read once.
    readings: Readings = field(default_factory=Readings)


def unreadable(ctx: CheckContext) -> str | None:
    """Why the page cannot decide a claim, or None when it can.

    A paywalled page is read for what it shows (metadata and the free part)
    and a front page as it is now; `run_checks` then keeps either from
    proving absence.
    """
    if ctx.page is None or not ctx.link.status.has_text:
        return f"the source could not be read ({ctx.link.status.value}: {ctx.link.reason})"
    return None


def unsaid(ctx: CheckContext) -> str | None:
    """Why the page's text cannot decide what the source says (its quotes, its figures), or
    None when it can: besides an unreadable page, a source whose words are not text (a
    video's without captions are spoken, and its watch page holds the uploader's
    description; an image's are pictured; an encrypted PDF's are locked)."""
    why = unreadable(ctx)
    if why is None and ctx.page is not None and ctx.page.media:
        media = ctx.page.media
        said = _MEDIA_WORDS.get(media.split()[-1], "its words are not text here")
        return f"the source is {media}: {said}, so its words can be neither found nor missed"
    return why


_MEDIA_WORDS = {
    "video": "what is said in it is not in the page's text, and it offers no captions track",
    "audio": "what is said in it is not text (no transcript is read)",
    "image": "what it shows is not text",
    "PDF": "its text is locked",
}


def unverifiable(kind: str, claim: Claim, note: str) -> Check:
    return Check(kind, claim.text, claim.line, Verdict.UNVERIFIABLE, note=note)


def found_elsewhere(
    ctx: CheckContext,
    find: Callable[[Page], str | None],
    among: Sequence[tuple[Citation, Page]] | None = None,
) -> str | None:
    """A note naming another source of the issue that has what this one lacks.

    `find` returns the matching passage of a page, or None; `among` narrows the sources
    asked (default: every other source of the issue) when asking each one is costly.
    """
    for citation, page in ctx.others if among is None else among:
        if citation.url == ctx.citation.url:
            continue
        span = find(page)
        if span is not None:
            who = citation.cited_publisher or citation.cited_title or citation.url
            return f"found instead in {citation.id} (line {citation.line}, {who}): {span!r}"
    return None
