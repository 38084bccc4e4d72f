"""What the translated-quote check measures of a quote and a page, as numbers: the inputs of
the calibrated verdict (issue 14) that is to replace the hand thresholds of `_translated`.

For the window the embedders rank first: both models' similarities, how far it stands above the
runner-up sentence and above any window apart from it, and above the page's own
distribution of scores; how many of the quote's content words it renders (JMdict, an
English page only) and whether the dictionary's own candidate is the same window; the
facts `_translated` compares (agreeing and differing figures, dates, names, polarity,
stance, parts); and three direct readings that the facts miss on real text: the
quote's figures the window does not hold (as digits or English number words), the
quote's katakana runs that may be names (no ordinary loanword) and that no Latin or Cyrillic
name of the window or the page reads as, and a
negated Japanese predicate against an English window without a negation (or the
reverse). Nothing that tells the generated cases apart by their making (a quote's
length, a negation alone) is a feature: a model would learn the generator, not the
quote. `make calibration` fits and measures a model on them.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from verifier.types import Fact, Page
from verifier.verify.dates import CYRILLIC_MONTHS
from verifier.verify.quotes import _translated as translated
from verifier.verify.text.anchors import alike, name_readings
from verifier.verify.text.embeddings import Ranked
from verifier.verify.text.lexicon import is_english, may_be_name, page_table, renders
from verifier.verify.text.reading import Readings
from verifier.verify.text.sentences import Window

FACT_KINDS = ("number", "date", "name", "word", "polarity", "stance", "part")
FEATURES: tuple[str, ...] = (
    "score",
    "second",
    "second_gap",
    "models_agree",
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
_CARDINALS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
# English number words to twenty, ordinals and months, as the digits a Japanese quote
# writes them in (`3人`, `第3`, `9月`): a changed month or ordinal is a changed figure.
_NUMBER_WORDS = {
    word: str(value)
    for words in (_CARDINALS, _ORDINALS)
    for value, word in enumerate(words.split())
    if value
}
_NUMBER_WORDS |= {
    name.lower(): str(value)
    for value in range(1, 13)
    for name in (calendar.month_name[value], calendar.month_abbr[value])
    if name != "May"  # the modal verb far more often than the month
}
_NUMBER_WORDS |= {"sept": "9"} | {stem: str(value) for stem, value in CYRILLIC_MONTHS.items()}
_KATAKANA = re.compile(r"[ァ-ヴー]{3,}")
_NEGATED_JA = re.compile(r"(?:ません|ない|なかった|ず|ではありません)(?:でした)?[。！？!?」』]?$")
_NEGATION_EN = re.compile(r"\b(?:not|no|never|without|none|nobody|nothing)\b|n[’']t\b", re.I)


@dataclass(frozen=True, slots=True)
class Measured:
    """A quote measured against the window the embedders rank first: `values` by `FEATURES`
    name, and what a verdict's note names (the facts compared, the quote's figures and
    names the window lacks, a negation on one side only)."""

    values: dict[str, float]
    window: Window
    facts: tuple[Fact, ...]
    missing_figures: tuple[str, ...]
    unread_names: tuple[str, ...]
    negation_differs: bool


def quote_features(quote: str, page: Page, ranked: Ranked, readings: Readings) -> Measured | None:
    """The measures of `quote` against `page` (its windows `ranked` against it); None for a
    page with no sentences."""
    if not ranked.windows:
        return None
    scores = np.asarray(ranked.scores, dtype=np.float64)
    best = ranked.best
    window = ranked.windows[best]
    facts = tuple(translated.window_facts(quote, window, page))
    found: dict[str, float] = {
        "score": float(scores[best]),
        "second": ranked.second_score(best),
        "second_gap": _second_gap(ranked, best),
        "models_agree": float(int(np.argmax(scores)) == best),
        "gap": translated.runner_up_gap(ranked),
        "margin": translated.apart_margin(ranked, best),
        "standing": float((scores[best] - scores.mean()) / (scores.std() + 1e-6)),
        "english": float(is_english(page)),
        "window_size": float(window.size),
    }
    found |= _lexical(quote, page, ranked, best, readings)
    found |= _facts(facts)
    figures = _figures(quote)
    missing = tuple(sorted(figures - _figures(window.text)))
    runs = _KATAKANA.findall(quote)
    english = translated.english_window(page, window)
    unread = tuple(_unread(runs, _names_of(window.text), window.text if english else None))
    negated, negation = (
        bool(_NEGATED_JA.search(quote.strip())),
        bool(_NEGATION_EN.search(window.text)),
    )
    found |= {
        "figures": float(len(figures)),
        "figures_missing": float(len(missing)),
        "katakana_runs": float(len(runs)),
        "katakana_unread_in_window": float(len(unread)),
        "katakana_unread_on_page": float(len(_unread(runs, readings.of(page, _name_kana), None))),
        "negation_differs": float(negated != negation),
    }
    return Measured(found, window, facts, missing, unread, negated != negation)


def _second_gap(ranked: Ranked, best: int) -> float:
    """How far the second model puts the best window above the other windows it re-scored
    (0 without a second model): two models that both single it out are surer than one."""
    if ranked.second is None:
        return 0.0
    others = [float(v) for i, v in enumerate(ranked.second) if i != best and not np.isnan(v)]
    return ranked.second_score(best) - max(others, default=ranked.second_score(best))


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


def _facts(facts: tuple[Fact, ...]) -> dict[str, float]:
    found = {f"{side}_{kind}": 0.0 for side in ("agree", "differ") for kind in FACT_KINDS}
    for fact in facts:
        if fact.kind in FACT_KINDS and fact.agrees is not None:
            found[f"{'agree' if fact.agrees else 'differ'}_{fact.kind}"] += 1
    return found


def _figures(text: str) -> set[str]:
    """The figures of a text, as digits: written ones, English number words and ordinals to
    twenty, and English, Russian and Ukrainian months."""
    plain = unicodedata.normalize("NFKC", text).replace(",", "")
    words = (_NUMBER_WORDS.get(word) for word in re.findall(r"[a-zа-яёіїєґ]+", plain.lower()))
    return set(_DIGITS.findall(plain)) | {word for word in words if word}


def _name_kana(page: Page) -> tuple[str, ...]:
    """The katakana the page's names may be written in: read once per page (`Readings`),
    however many quotes ask."""
    return _names_of(page.text)


def _names_of(text: str) -> tuple[str, ...]:
    """The katakana readings of the Latin and Cyrillic names of `text`."""
    return tuple(kana for forms in name_readings(text).values() for kana in forms)


def _unread(runs: list[str], names: tuple[str, ...], english: str | None) -> list[str]:
    """The katakana runs that may be names (`lexicon.may_be_name`: no ordinary loanword) and
    that none of the `names` readings is alike, nor (given an `english` sentence) a word of
    it renders."""
    return [
        run
        for run in runs
        if may_be_name(run)
        and not any(alike(kana, run) for kana in names)
        and not (english is not None and renders(run, english))
    ]
