"""The translated-quote verdict as a calibrated probability, not a hand threshold.

`make calibration` (tests/eval/calibration.py) fits a multinomial logistic
regression of the check's measures (`_features.FEATURES`) on the WMT22 train
split, one per ranking model (USE with e5, or e5 alone), and chooses each
verdict's threshold on the dev split for the precision targets (issue 14):
at most 3% of untrue quotes `supported`, at most 2% of faithful ones
`contradicted`. It writes `calibration.json` beside this module; the run reads
it with numpy alone (scikit-learn is a dev tool).

`score` is then a probability: of the verdict given, that it is right (the
reliability table in `make calibration` shows how well it holds on dev). A
quote no verdict is sure enough of is `unverifiable`, naming the closest
sentence. `contradicted` also needs a difference the editor can see: a fact
that differs, a figure the sentence lacks, a name it does not give, or a
negation on one side only; the model alone never contradicts a quote. A fact
compared and changed contradicts it once the model is sure enough that the
window is the sentence the quote renders (`SAME_SENTENCE`), so that a change
the training data seldom holds (a weekday) is not left to its few examples.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from verifier.errors import SettingsError
from verifier.types import Verdict
from verifier.verify.quotes._features import FEATURES

FILE = "calibration.json"
FORMAT = 2
CLASSES = (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.NOT_FOUND)
_SIGNS = (
    "figures_missing",
    "katakana_unread_in_window",
    "negation_differs",
    "differ_number",
    "differ_date",
    "differ_name",
    "differ_polarity",
)
INPUTS = (*FEATURES, *(f"{sign}*second" for sign in _SIGNS))
"""What the regression reads: the measures, and each sign of a change present (0 or 1)
times the second model's similarity. A figure the sentence lacks means a changed quote when
the sentence is surely the one translated and nothing when it is another document's; a
linear model needs the product to tell the two apart."""
FACTS_DIFFER = ("differ_number", "differ_date", "differ_word")
"""Facts `_translated` compared and found changed that a faithful rendering seldom shows
(1-2% of WMT22 train's): a figure or date beside another of its kind, a part of a period,
a word of stance or side the sentence lacks or reverses. A changed name or polarity is also
read from faithful renderings (4% each) and is left to the model. Such a fact is never
`supported`, however sure the model (it learns little of a change its training data seldom
holds: a side taken, a weekday), and contradicts the quote in the sentence it renders."""
DIFFERENCES = (*FACTS_DIFFER, "figures_missing", "katakana_unread_in_window", "negation_differs")
"""Measures that name something the quote says and the sentence does not."""
SAME_SENTENCE = "same_sentence"
"""The threshold of P(supported) + P(contradicted): that the window is the sentence the
quote renders, faithfully or not. A fact compared and changed there contradicts the quote
however rare such changes were in training (a weekday, a part of a period)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A verdict and the probability the model gives it."""

    verdict: Verdict
    probability: float


@dataclass(frozen=True)
class Model:
    """One ranking model's regression: standardisation, weights, verdict thresholds."""

    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    weights: NDArray[np.float64]  # (classes, features)
    intercepts: NDArray[np.float64]
    thresholds: dict[Verdict, float]
    same_sentence: float

    def probabilities(self, row: NDArray[np.float64]) -> NDArray[np.float64]:
        """P(supported), P(contradicted), P(not_found) of one measured quote."""
        logits = self.weights @ ((row - self.mean) / self.scale) + self.intercepts
        exp = np.exp(logits - logits.max())
        found: NDArray[np.float64] = exp / exp.sum()
        return found

    def decide(self, measured: dict[str, float]) -> Decision:
        """The verdict the probabilities and thresholds give, or `unverifiable`."""
        chances = dict(zip(CLASSES, self.probabilities(inputs(measured)), strict=True))
        same = chances[Verdict.SUPPORTED] + chances[Verdict.CONTRADICTED]
        changed = fact_changed(measured)
        if not changed and chances[Verdict.SUPPORTED] >= self.thresholds[Verdict.SUPPORTED]:
            return Decision(Verdict.SUPPORTED, float(chances[Verdict.SUPPORTED]))
        if changed and same >= self.same_sentence:
            return Decision(Verdict.CONTRADICTED, float(same))
        if chances[Verdict.CONTRADICTED] >= self.thresholds[Verdict.CONTRADICTED] and differs(
            measured
        ):
            return Decision(Verdict.CONTRADICTED, float(chances[Verdict.CONTRADICTED]))
        if chances[Verdict.NOT_FOUND] >= self.thresholds[Verdict.NOT_FOUND]:
            return Decision(Verdict.NOT_FOUND, float(chances[Verdict.NOT_FOUND]))
        return Decision(Verdict.UNVERIFIABLE, float(max(chances.values())))


def inputs(measured: dict[str, float]) -> NDArray[np.float64]:
    """The regression's `INPUTS` of one measured quote."""
    signs = [float(measured[sign] > 0) * measured["second"] for sign in _SIGNS]
    return np.asarray([*(measured[name] for name in FEATURES), *signs], dtype=np.float64)


def fact_changed(measured: dict[str, float]) -> bool:
    """Whether a fact of `FACTS_DIFFER` was compared and found changed."""
    return any(measured[name] > 0 for name in FACTS_DIFFER)


def differs(measured: dict[str, float]) -> bool:
    """Whether the measures name a difference between the quote and its sentence."""
    return any(measured[name] > 0 for name in DIFFERENCES)


@dataclass(frozen=True)
class Calibration:
    """The fitted models, by the name of the ranking model (`Ranked.model`)."""

    models: dict[str, Model]
    fallback: str  # the model for a ranking model the file has none for (a user's own)

    def model(self, ranking: str) -> Model:
        return self.models.get(ranking) or self.models[self.fallback]


@lru_cache(maxsize=1)
def calibration() -> Calibration:
    """The shipped coefficients; one `SettingsError` when the file is missing or damaged."""
    try:
        text = resources.files(__package__).joinpath(FILE).read_text(encoding="utf-8")
        return parse(json.loads(text))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SettingsError(
            f"the translated-quote coefficients ({__package__}/{FILE}) cannot be read: {exc}"
        ) from None


def parse(data: dict[str, Any]) -> Calibration:
    """A `Calibration` from the file's JSON, checked against this version's measures."""
    if data["format"] != FORMAT or tuple(data["features"]) != INPUTS:
        raise ValueError("written for other measures; run `make calibration`")
    models = {name: _model(entry) for name, entry in data["models"].items()}
    if data["fallback"] not in models:
        raise ValueError(f"no model {data['fallback']!r}")
    return Calibration(models, data["fallback"])


def _model(entry: dict[str, Any]) -> Model:
    size = len(INPUTS)
    mean, scale = (np.asarray(entry[key], dtype=np.float64) for key in ("mean", "scale"))
    weights = np.asarray(entry["weights"], dtype=np.float64)
    intercepts = np.asarray(entry["intercepts"], dtype=np.float64)
    if mean.shape != (size,) or scale.shape != (size,) or weights.shape != (len(CLASSES), size):
        raise ValueError("coefficients of the wrong shape")
    if (
        intercepts.shape != (len(CLASSES),)
        or not np.all(np.isfinite(weights))
        or np.any(scale <= 0)
    ):
        raise ValueError("coefficients out of range")
    given = dict(entry["thresholds"])
    same = float(given.pop(SAME_SENTENCE))
    thresholds = {Verdict(name): float(value) for name, value in given.items()}
    if set(thresholds) != set(CLASSES):
        raise ValueError("a threshold per verdict is expected")
    return Model(mean, scale, weights, intercepts, thresholds, same)
