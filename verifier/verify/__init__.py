"""The verify stage: a final link status, then an ordered tuple of small checks.

Every check module has the same shape: ``KIND``, ``applies(citation)`` and
``check(ctx: CheckContext) -> tuple[Check, ...]``. Adding a check is one
module and one entry in `CHECKS`.

The subpackages are what they check: `links` (the link status, its history and
drift), `cited` (the publication date, title and publisher the issue cites),
`dates` (dates of events), `numbers` (figures), `quotes` (verbatim and translated
quotes), `arithmetic` (the writer's own sums); `text` is what several of them
share. Only this module, `context` and `shared_passages` sit at the top.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from verifier.types import Check, Citation, LinkStatus, Page, Verdict
from verifier.verify import arithmetic, dates, numbers, quotes
from verifier.verify.cited import published, publishers, titles
from verifier.verify.context import CheckContext
from verifier.verify.links import drifted, link_result, settle
from verifier.verify.shared_passages import share_passages
from verifier.verify.text.embeddings import WindowIndex, load_index
from verifier.verify.text.sentences import sentence_of
from verifier.verify.text.urls import is_home_page


class CheckModule(Protocol):
    """The shape every check module has (modules satisfy protocols in mypy)."""

    KIND: str

    def applies(self, citation: Citation) -> bool: ...

    def check(self, ctx: CheckContext) -> tuple[Check, ...]: ...


CHECKS: tuple[CheckModule, ...] = (
    published,
    titles,
    publishers,
    dates,
    numbers,
    quotes,
)
# Checks of the writer's own words: they read every claim, the writer's included.
OWN_WORD_CHECKS: tuple[CheckModule, ...] = (arithmetic,)


def load_models(embedder: str) -> WindowIndex | None:
    """What the checks read meaning with: the window index the `embedder` setting names and
    the translated quote's coefficients, loaded before anything is fetched, so that a
    missing or damaged model is one clear `SettingsError` (exit 2) and the archive is
    untouched; None when the setting turns them off."""
    index = load_index(embedder)
    if index is not None:
        quotes.load_calibration()
    return index


def run_checks(ctx: CheckContext) -> tuple[Check, ...]:
    """Every applicable check of one citation, in `CHECKS` order, then `OWN_WORD_CHECKS`.
    The writer's own words (`Claim.whose`) are no claim about the source: `CHECKS` do not
    see them; the writer's arithmetic is checked as arithmetic."""
    attributed = tuple(claim for claim in ctx.citation.claims if not claim.whose.own)
    source_only = ctx  # the common case: no claim of the writer's, nothing to copy
    if len(attributed) < len(ctx.citation.claims):
        source_only = replace(ctx, citation=replace(ctx.citation, claims=attributed))
    results: list[Check] = []
    for module, view in [(m, source_only) for m in CHECKS] + [(m, ctx) for m in OWN_WORD_CHECKS]:
        if module.applies(view.citation):
            results.extend(_in_its_sentence(check, ctx.page) for check in module.check(view))
    if ctx.link.status is LinkStatus.UNSTABLE:
        return tuple(_as_of_now(check) for check in results)
    if ctx.link.status is LinkStatus.PAYWALLED:
        return tuple(_behind_paywall(check) for check in results)
    return tuple(results)


def _in_its_sentence(check: Check, page: Page | None) -> Check:
    """The check with the source's sentence its evidence stands in, when the check did not
    name one: a reader judges "on Wednesday" by the sentence around it."""
    if check.sentence is not None or not check.evidence or page is None:
        return check
    sentence = sentence_of(page.text, check.evidence)
    return replace(check, sentence=sentence) if sentence else check


def _as_of_now(check: Check) -> Check:
    """A front page changes: what it lacks today proves nothing about the day cited."""
    if check.verdict is Verdict.SUPPORTED:
        return replace(check, note=f"{check.note} (on the front page as it is now)".strip())
    note = f"a front page changes, so its current text cannot refute this: {check.note}"
    return replace(check, verdict=Verdict.UNVERIFIABLE, note=note)


def _behind_paywall(check: Check) -> Check:
    """What the free part says counts either way; what it lacks may be behind the wall."""
    if check.verdict is not Verdict.NOT_FOUND:
        return check
    note = f"not in the part of the page a paywall leaves visible: {check.note}"
    return replace(check, verdict=Verdict.UNVERIFIABLE, note=note)


__all__ = [
    "CHECKS",
    "OWN_WORD_CHECKS",
    "CheckContext",
    "CheckModule",
    "drifted",
    "is_home_page",
    "link_result",
    "load_models",
    "run_checks",
    "settle",
    "share_passages",
]
