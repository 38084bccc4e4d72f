"""The calibrated translated-quote verdict: the shipped coefficients, and how they decide."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from verifier.errors import SettingsError
from verifier.types import Verdict
from verifier.verify.quotes import _calibrated as calibrated
from verifier.verify.quotes._features import FEATURES


def _entry(intercepts: list[float], thresholds: dict[str, float]) -> dict[str, Any]:
    """A model whose probabilities are the softmax of `intercepts` whatever the measures."""
    size = len(calibrated.INPUTS)
    return {
        "mean": [0.0] * size,
        "scale": [1.0] * size,
        "weights": [[0.0] * size for _ in calibrated.CLASSES],
        "intercepts": intercepts,
        "thresholds": thresholds,
    }


def _file(**models: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": calibrated.FORMAT,
        "features": list(calibrated.INPUTS),
        "fallback": next(iter(models)),
        "models": models,
    }


THRESHOLDS = {"supported": 0.8, "contradicted": 0.7, "not_found": 0.9, "same_sentence": 0.95}
NOTHING_DIFFERS = dict.fromkeys(FEATURES, 0.0)


def test_the_shipped_coefficients_load_for_both_ranking_settings() -> None:
    shipped = calibrated.calibration()
    assert any("+" in name for name in shipped.models)  # USE ranking, e5 re-scoring
    assert shipped.fallback in shipped.models and "+" not in shipped.fallback  # e5 alone
    assert shipped.model("sentence-transformers:LaBSE") is shipped.models[shipped.fallback]
    for model in shipped.models.values():
        assert all(0.34 <= t < 1.0 for t in model.thresholds.values())


def test_probabilities_sum_to_one() -> None:
    model = calibrated.parse(_file(m=_entry([2.0, 0.0, -1.0], THRESHOLDS))).model("m")
    chances = model.probabilities(np.zeros(len(calibrated.INPUTS)))
    assert chances.sum() == pytest.approx(1.0) and chances[0] > chances[1] > chances[2]


@pytest.mark.parametrize(
    ("intercepts", "expected"),
    [
        ([5.0, 0.0, 0.0], Verdict.SUPPORTED),
        ([0.0, 0.0, 5.0], Verdict.NOT_FOUND),
        ([1.0, 1.0, 1.0], Verdict.UNVERIFIABLE),  # no verdict sure enough
    ],
)
def test_a_verdict_needs_its_threshold(intercepts: list[float], expected: Verdict) -> None:
    model = calibrated.parse(_file(m=_entry(intercepts, THRESHOLDS))).model("m")
    decision = model.decide(NOTHING_DIFFERS)
    assert decision.verdict is expected
    assert 0.0 < decision.probability <= 1.0


def test_the_model_alone_never_contradicts_a_quote() -> None:
    """`contradicted` must name what differs: without a difference the quote abstains."""
    model = calibrated.parse(_file(m=_entry([0.0, 5.0, 0.0], THRESHOLDS))).model("m")
    assert model.decide(NOTHING_DIFFERS).verdict is Verdict.UNVERIFIABLE
    changed = NOTHING_DIFFERS | {"figures_missing": 1.0}
    assert model.decide(changed).verdict is Verdict.CONTRADICTED


def test_a_changed_fact_in_the_sentence_surely_translated_contradicts() -> None:
    """P(supported) + P(contradicted) is that the window is the quote's sentence: past
    `same_sentence`, a figure or date changed there decides, however unsure each class is."""
    model = calibrated.parse(_file(m=_entry([3.0, 3.0, -5.0], THRESHOLDS))).model("m")
    assert model.decide(NOTHING_DIFFERS).verdict is Verdict.UNVERIFIABLE
    decision = model.decide(NOTHING_DIFFERS | {"differ_date": 1.0})
    assert decision.verdict is Verdict.CONTRADICTED and decision.probability > 0.95


def test_a_sign_of_change_is_read_with_the_similarity() -> None:
    measured = NOTHING_DIFFERS | {"figures_missing": 2.0, "second": 0.8}
    row = dict(zip(calibrated.INPUTS, calibrated.inputs(measured), strict=True))
    assert row["figures_missing"] == 2.0 and row["figures_missing*second"] == 0.8
    assert row["negation_differs*second"] == 0.0


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.update(features=data["features"][:-1]),
        lambda data: data.update(format=0),
        lambda data: data.update(fallback="nobody"),
        lambda data: data["models"]["m"].update(weights=[[0.0]]),
        lambda data: data["models"]["m"].update(scale=[0.0] * len(FEATURES)),
        lambda data: data["models"]["m"]["thresholds"].pop("not_found"),
        lambda data: data["models"]["m"].pop("intercepts"),
    ],
    ids=["features", "format", "fallback", "shape", "scale", "threshold", "missing key"],
)
def test_a_damaged_file_is_refused(damage: Any) -> None:
    data = _file(m=_entry([0.0, 0.0, 0.0], THRESHOLDS))
    damage(data)
    with pytest.raises((ValueError, KeyError)):
        calibrated.parse(data)


def test_an_unreadable_file_is_one_settings_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calibrated, "FILE", "no-such-calibration.json")
    calibrated.calibration.cache_clear()
    try:
        with pytest.raises(SettingsError, match=r"coefficients .* cannot be read"):
            calibrated.calibration()
    finally:
        monkeypatch.undo()
        calibrated.calibration.cache_clear()
    assert calibrated.calibration().models  # the shipped file reads again
