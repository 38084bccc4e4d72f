"""Verdicts on Japanese renderings of foreign-language pages.

The quote check hands over a quote whose script is not the page's (a Japanese
translation of an English, Ukrainian or Russian page). The embedders rank the
page's windows (`embeddings.WindowIndex`); the quote is measured against the
first (`_features`: both models' similarities and how far the window stands
out, the dictionary's reading of its words, and the facts `_translated`
compares inside it: figures, dates, names, polarity, stance); the calibrated
model (`_calibrated`) turns the measures into a verdict and its probability.
A long quote is judged unit by unit (`claim_units`).
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.types import Fact, Page, Verdict
from verifier.verify.quotes._calibrated import Decision, calibration
from verifier.verify.quotes._features import Measured, quote_features
from verifier.verify.quotes._translated import claim_units
from verifier.verify.text.embeddings import WindowIndex
from verifier.verify.text.reading import Readings


@dataclass(frozen=True, slots=True)
class Rendering:
    """What the cross-lingual check concluded about one quote, with the facts it compared."""

    verdict: Verdict
    evidence: str | None
    score: float
    note: str
    facts: tuple[Fact, ...] = ()


def judge_quote(
    quote: str, page: Page, index: WindowIndex, readings: Readings | None = None
) -> Rendering:
    """A whole quote: each unit (a part between `(中略)`) judged, then combined.

    A long quote renders several source sentences, often far apart; as one text
    it matches none of them well. Any unit contradicted makes the quote so; all
    supported make it supported; otherwise the least certain unit decides. `readings`: the
    issue's, when the quote is checked as part of one (alone, the page is read afresh).
    """
    readings = readings or Readings()
    units = claim_units(quote)
    if len(units) == 1:
        return judge(units[0], page, index, readings)
    found = [(unit, judge(unit, page, index, readings)) for unit in units]
    for verdict in (Verdict.CONTRADICTED, Verdict.NOT_FOUND, Verdict.UNVERIFIABLE):
        parts = [(unit, r) for unit, r in found if r.verdict is verdict]
        if parts:
            unit, first = parts[0]
            note = f"{len(parts)} of {len(found)} parts {verdict.value}; {unit!r}: {first.note}"
            return Rendering(verdict, first.evidence, first.score, note, first.facts)
    evidence = " … ".join(r.evidence for _, r in found if r.evidence)
    score = min(r.score for _, r in found)
    note = f"each of its {len(found)} parts translates a sentence of the source"
    facts = tuple(fact for _, r in found for fact in r.facts)
    return Rendering(Verdict.SUPPORTED, evidence, score, note, facts)


def judge(
    quote: str, page: Page, index: WindowIndex, readings: Readings | None = None
) -> Rendering:
    """The verdict on a Japanese rendering of `page`, with the source window as evidence."""
    ranked = index.rank(quote, page.text)
    measured = quote_features(quote, page, ranked, readings or Readings())
    if measured is None:
        return Rendering(Verdict.NOT_FOUND, None, 0.0, "the source has no sentences to compare")
    decision = calibration().model(ranked.model).decide(measured.values)
    return _rendering(decision, measured)


def judge_beside(
    quote: str, originals: list[str], page: Page, index: WindowIndex, readings: Readings
) -> Rendering | None:
    """A translation the issue sets beside the original it quotes word for word (a Ukrainian
    post's line, then its Japanese): when the window meaning ranks first holds that original,
    the issue itself names the sentence translated, which a one-sentence post cannot show by
    a margin. Its facts then decide; None when the first window holds no original or the
    model finds the quote unlike it (`not_found`)."""
    if not originals:
        return None
    ranked = index.rank(quote, page.text)
    measured = quote_features(quote, page, ranked, readings)
    if measured is None or not any(original in measured.window.text for original in originals):
        return None
    decision = calibration().model(ranked.model).decide(measured.values)
    if decision.verdict is Verdict.NOT_FOUND:
        return None
    changed = any(fact.agrees is False for fact in measured.facts)
    verdict = Verdict.CONTRADICTED if changed else Verdict.SUPPORTED
    said = "the issue quotes this sentence in the original too"
    return _rendering(Decision(verdict, decision.probability), measured, said)


def _rendering(decision: Decision, measured: Measured, why: str = "") -> Rendering:
    """The verdict's evidence and a note in plain words."""
    window, chance = measured.window.text, round(decision.probability, 2)
    similarity = f"similarity {measured.values['score']:.2f}"
    why = f"; {why}" if why else ""
    if decision.verdict is Verdict.SUPPORTED:
        note = f"a translation of this sentence (sure {chance:.0%}{why}); its facts agree"
        return Rendering(Verdict.SUPPORTED, window, chance, note, measured.facts)
    if decision.verdict is Verdict.CONTRADICTED:
        differences = "; ".join(_differences(measured))
        note = f"the sentence it translates (sure {chance:.0%}{why}) differs: {differences}"
        return Rendering(Verdict.CONTRADICTED, window, chance, note, measured.facts)
    if decision.verdict is Verdict.NOT_FOUND:
        note = f"no sentence of the source renders this quote (closest, {similarity}): {window!r}"
        return Rendering(Verdict.NOT_FOUND, None, chance, note)
    note = f"no sentence is surely the one translated (closest, {similarity}): {window!r}"
    return Rendering(Verdict.UNVERIFIABLE, None, chance, note, measured.facts)


def _differences(measured: Measured) -> list[str]:
    """What the quote says and the sentence does not, in words an editor reads."""
    named = [fact.note for fact in measured.facts if fact.agrees is False and fact.note]
    named += [f"the figure {figure} is not in it" for figure in measured.missing_figures]
    named += [f"the name {name} is not in it" for name in measured.unread_names]
    if measured.negation_differs:
        named.append("one side negates what the other affirms")
    return list(dict.fromkeys(named))
