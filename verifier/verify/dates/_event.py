"""Which source sentence a dated claim is about, found by meaning.

Word anchors (`text.anchors`) tie a Japanese claim to an English sentence only through names
and a short list of event words, so a claim that dates the right event wrongly often finds
no tie at all and comes out `not_found`, or is "supported" by the date of another event in
the same article (the king's visit on Sunday supporting the prime minister's Monday
announcement).

Here the claim, its date blanked out, is ranked against the page's sentences with the
multilingual embedder (`embeddings.WindowIndex`). The best sentence is the claim's event
only when it stands out (`ALIGN_MARGIN` over the runner-up) and something concrete ties it
to the claim (`MIN_TIES`): a figure the claim also gives, or two anchors. Both thresholds
were read off the tuning sets (README, "Evaluation"), once for each cosine scale (USE ranks
most pages, e5 Ukrainian ones: `_USE` names the USE values); a false `contradicted` costs
more than a missed one, so they err high. When meaning leaves no sentence ahead, an English
sentence that renders the claim's words through JMdict (`lexicon`, the same witness the
translated-quote check uses) and stands out by them is the claim's event.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from verifier.types import Page
from verifier.verify.numbers import best_match, claim_quantities, source_quantities
from verifier.verify.text.anchors import date_anchors
from verifier.verify.text.embeddings import Ranked, UseMultilingual, WindowIndex
from verifier.verify.text.lexicon import best_window, is_english, page_table
from verifier.verify.text.reading import Readings
from verifier.verify.tuning import (
    ALIGN_MARGIN,
    ALIGN_MARGIN_USE,
    CLEAR_MARGIN,
    CLEAR_MARGIN_USE,
    FIRM_FIGURE,
    MIN_TIES,
    NEAR_IN_MEANING,
    NEAR_IN_MEANING_USE,
)


@dataclass(frozen=True, slots=True)
class EventSentence:
    """The sentence (`start`..`end` of the page text) a claim is about, and what ties them."""

    start: int
    end: int
    score: float
    margin: float
    ties: tuple[str, ...]

    def holds(self, offset: int) -> bool:
        return self.start <= offset < self.end


def event_sentence(
    claim: str,
    page: Page,
    windows: WindowIndex,
    ignore: tuple[str, ...],
    readings: Readings | None = None,
) -> EventSentence | None:
    """The page sentence `claim` (its date already blanked) is about, if one clearly is: by
    meaning with something concrete to tie them, or else by its words (`_by_words`, through
    the issue's `readings`)."""
    ranked = windows.rank(claim, page.text, second_opinion=False)
    singles = [
        (float(score), window)
        for window, score in zip(ranked.windows, ranked.scores, strict=True)
        if window.size == 1
    ]
    if len(singles) < 2:
        return None
    order = np.argsort([-score for score, _ in singles])
    (score, window), runner_up = singles[order[0]], singles[order[1]][0]
    found = ties(claim, window.text, page, ignore)
    margin = score - runner_up
    align, clear = (
        (ALIGN_MARGIN_USE, CLEAR_MARGIN_USE) if _use(ranked) else (ALIGN_MARGIN, CLEAR_MARGIN)
    )
    if margin >= align and found and (len(found) >= MIN_TIES or margin >= clear):
        return EventSentence(window.start, window.end, score, margin, found)
    return _by_words(claim, page, ranked, readings or Readings())


def _by_words(claim: str, page: Page, ranked: Ranked, readings: Readings) -> EventSentence | None:
    """The sentence whose English renders the claim's words (JMdict, `lexicon`), when meaning
    leaves none ahead: it stands out by its words and is not far off in meaning."""
    if not is_english(page):
        return None
    scores = [float(score) for score in ranked.scores]
    found = best_window(readings.of(page, page_table, claim), ranked.windows, scores, 1)
    near = NEAR_IN_MEANING_USE if _use(ranked) else NEAR_IN_MEANING
    if found is None or not found.stands_out() or scores[found.index] < near:
        return None
    window = ranked.windows[found.index]
    rendered = len(found.gloss.words) - len(found.gloss.missing)
    tie = f"{rendered} of {len(found.gloss.words)} content words"
    return EventSentence(window.start, window.end, scores[found.index], found.margin, (tie,))


def _use(ranked: Ranked) -> bool:
    """Whether USE ranked: its cosine scale."""
    return ranked.ranked_by(UseMultilingual.name)


def ties(claim: str, sentence: str, page: Page, ignore: tuple[str, ...]) -> tuple[str, ...]:
    """A figure both give, or at least `MIN_TIES` anchors; empty when they are too loose."""
    figures = tuple(
        f"the figure {quantity.text!r}"
        for quantity in claim_quantities(claim)
        if (found := best_match(quantity, source_quantities(sentence, page.language))) is not None
        and found.score >= FIRM_FIGURE
    )
    anchors = date_anchors(claim, sentence, ignore=ignore)
    if figures or anchors:
        return figures + anchors
    return ()
