"""Drift: a page still up whose text no longer holds what it was cited for.

A link checker sees a 200 and moves on; an archive that kept the page as it
was can tell that the quote the issue relied on has since gone from it (an
article rewritten, a statement withdrawn). On a link-rot run, the quotes a
citation gives word for word (in the page's own script: no model is loaded)
are sought in the page as it is now and as it was at its last different good
copy; one found then and not now makes the link `drifted`, with both
versions' evidence.
"""

from __future__ import annotations

from dataclasses import replace

from verifier.settings import Settings
from verifier.types import Citation, LinkResult, LinkStatus, Page, Snapshot, Verdict
from verifier.verify import quotes
from verifier.verify.context import CheckContext


def drifted(
    citation: Citation,
    link: LinkResult,
    now: Page | None,
    before: tuple[Snapshot, Page] | None,
    settings: Settings,
) -> LinkResult:
    """`link` as `drifted` when a quote found on the page `before` is not on it `now`."""
    if before is None or now is None or not link.status.served:
        return link
    snapshot, then = before
    was = _found(citation, then, link, settings)
    still = _found(citation, now, link, settings) if was else {}
    lost = [(claim, evidence) for claim, evidence in was.items() if claim not in still]
    if not lost:
        return link
    claim, evidence = lost[0]
    day = snapshot.fetched_at.date().isoformat()
    reason = (
        f"the page has changed: {claim!r} was on it on {day} ({evidence!r}) and is no longer"
        + (f"; {len(lost) - 1} more quote(s) gone" if len(lost) > 1 else "")
    )
    return replace(link, status=LinkStatus.DRIFTED, reason=reason)


def _found(citation: Citation, page: Page, link: LinkResult, settings: Settings) -> dict[str, str]:
    """The citation's quotes the page holds word for word, with the span that holds each."""
    checks = quotes.check(CheckContext(citation, page, link, settings))
    return {
        check.claim: check.evidence
        for check in checks
        if check.verdict is Verdict.SUPPORTED and check.evidence
    }
