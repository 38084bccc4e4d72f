"""What the translated-quote check measures of a quote and a page, as numbers: the inputs of
the calibrated verdict (issue 14) that is to replace the hand thresholds of `_translated`.

For the window the embedder ranks first: its similarity, how far it stands above the
runner-up sentence and above any window apart from it, and above the page's own
distribution of scores; how many of the quote's content words it renders (JMdict, an
English page only) and whether the dictionary's own candidate is the same window; the
facts `_translated` compares (agreeing and differing figures, dates, names, polarity,
stance, parts); and three direct readings that the facts miss on real text: the
quote's figures the window does not hold (as digits or English number words), the
quote's katakana runs no Latin or Cyrillic name of the window or the page reads as, and a
negated Japanese predicate against an English window without a negation (or the
reverse). Nothing that tells the generated cases apart by their making (a quote's
length, a negation alone) is a feature: a model would learn the generator, not the
quote. `make calibration` fits and measures a model on them.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from verifier.types import Fact, Page
from verifier.verify.quotes import _translated as translated
from verifier.verify.text.anchors import alike, name_readings
from verifier.verify.text.embeddings import Ranked, WindowIndex
from verifier.verify.text.lexicon import is_english, page_table
from verifier.verify.text.reading import Readings

FACT_KINDS = ("number", "date", "name", "word", "polarity", "stance", "part")
FEATURES: tuple[str, ...] = (
    "score",
    "gap",
    "margin",
    "standing",
    "english",
    "coverage",
    "lexical_coverage",
    "lexical_same",
    "lexical_stands_out",
    "window_size",
    *(f"agree_{kind}" for kind in FACT_KINDS),
    *(f"differ_{kind}" for kind in FACT_KINDS),
    "figures",
    "figures_missing",
    "katakana_runs",
    "katakana_unread_in_window",
    "katakana_unread_on_page",
    "negation_differs",
)

_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "  # noqa: SIM905
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_KATAKANA = re.compile(r"[ァ-ヴー]{3,}")
_NEGATED_JA = re.compile(r"(?:ません|ない|なかった|ず|ではありません)(?:でした)?[。！？!?」』]?$")
_NEGATION_EN = re.compile(r"\b(?:not|no|never|without|none|nobody|nothing)\b|n[’']t\b", re.I)


def quote_features(
    quote: str, page: Page, index: WindowIndex, readings: Readings
) -> dict[str, float] | None:
    """The measures of `quote` against `page`, by `FEATURES` name; None for a page with no
    sentences."""
    ranked = index.rank(quote, page.text)
    if not ranked.windows:
        return None
    scores = np.asarray(ranked.scores, dtype=np.float64)
    best = int(np.argmax(scores))
    window = ranked.windows[best]
    found: dict[str, float] = {
        "score": float(scores[best]),
        "gap": translated.runner_up_gap(ranked),
        "margin": translated.apart_margin(ranked, best),
        "standing": float((scores[best] - scores.mean()) / (scores.std() + 1e-6)),
        "english": float(is_english(page)),
        "window_size": float(window.size),
    }
    found |= _lexical(quote, page, ranked, best, readings)
    found |= _facts(translated.window_facts(quote, window, page))
    found |= _readings(quote, window.text, readings.of(page, _name_kana))
    return found


def _lexical(
    quote: str, page: Page, ranked: Ranked, best: int, readings: Readings
) -> dict[str, float]:
    window = ranked.windows[best]
    if not is_english(page):
        return dict.fromkeys(("coverage", "lexical_coverage", "lexical_same"), 0.0) | {
            "lexical_stands_out": 0.0
        }
    table = readings.of(page, page_table, quote)
    lexical = translated.lexical_candidate(quote, ranked, page, readings)
    return {
        "coverage": table.gloss(window.first, window.size).coverage,
        "lexical_coverage": lexical.gloss.coverage if lexical else 0.0,
        "lexical_same": float(lexical is not None and lexical.index == best),
        "lexical_stands_out": float(lexical is not None and lexical.stands_out()),
    }


def _facts(facts: list[Fact]) -> dict[str, float]:
    found = {f"{side}_{kind}": 0.0 for side in ("agree", "differ") for kind in FACT_KINDS}
    for fact in facts:
        if fact.kind in FACT_KINDS and fact.agrees is not None:
            found[f"{'agree' if fact.agrees else 'differ'}_{fact.kind}"] += 1
    return found


def _readings(quote: str, window: str, page_names: tuple[str, ...]) -> dict[str, float]:
    figures = _figures(quote)
    missing = figures - _figures(window)
    runs = _KATAKANA.findall(quote)
    negated, negation = bool(_NEGATED_JA.search(quote.strip())), bool(_NEGATION_EN.search(window))
    return {
        "figures": float(len(figures)),
        "figures_missing": float(len(missing)),
        "katakana_runs": float(len(runs)),
        "katakana_unread_in_window": float(_unread(runs, _names_of(window))),
        "katakana_unread_on_page": float(_unread(runs, page_names)),
        "negation_differs": float(negated != negation),
    }


def _figures(text: str) -> set[str]:
    """The figures of a text, as digits: written ones, and English number words to twenty."""
    plain = unicodedata.normalize("NFKC", text).replace(",", "")
    words = (_NUMBER_WORDS.get(word) for word in re.findall(r"[a-z]+", plain.lower()))
    return set(_DIGITS.findall(plain)) | {word for word in words if word}


def _name_kana(page: Page) -> tuple[str, ...]:
    """The katakana the page's names may be written in: read once per page (`Readings`),
    however many quotes ask."""
    return _names_of(page.text)


def _names_of(text: str) -> tuple[str, ...]:
    """The katakana readings of the Latin and Cyrillic names of `text`."""
    return tuple(kana for forms in name_readings(text).values() for kana in forms)


def _unread(runs: list[str], names: tuple[str, ...]) -> int:
    """How many katakana runs none of the `names` readings is alike."""
    return sum(not any(alike(kana, run) for kana in names) for run in runs)
