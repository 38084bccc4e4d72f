"""`make calibration`: can a fitted model of the translated-quote check's measures decide
`supported` better than its hand thresholds? (issue 14, item 3; not wired in yet)

Each quote case of the WMT22 splits (`tests/eval/wmt22.py`) and of the team's
translation sets is measured by `verifier.verify.quotes._features.quote_features`
(the same index and readings a run uses). A logistic regression for "supported"
is fitted on train alone; its threshold is the lowest at which dev calls at most
3% of the untrue quotes `supported`; then every set is scored at that threshold
(abstentions count as "not supported"), beside a reliability table on dev (the
predicted probability against how often it was right).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from tests.eval.wmt22 import OUT, SOURCE, all_documents, write
from verifier.evaluate import load_cases
from verifier.verify.quotes._features import FEATURES, quote_features
from verifier.verify.text.embeddings import E5Small, WindowIndex
from verifier.verify.text.reading import Readings

EVAL = Path(__file__).resolve().parent
TEAM_SETS = ("translations", "translations_blind", "translations_blind2")
MOST_FALSE_SUPPORTED = 0.03


@dataclass(frozen=True)
class Measured:
    name: str
    features: NDArray[np.float64]
    supported: NDArray[np.bool_]  # labelled supported
    untrue: NDArray[np.bool_]  # labelled contradicted or not_found


def measure(name: str, path: Path, index: WindowIndex) -> Measured:
    """Every quote case of the file with a page, measured."""
    rows, supported, untrue = [], [], []
    readings = Readings()
    for case in load_cases(path):
        if case.kind != "quote" or case.page is None:
            continue
        found = quote_features(case.claim, case.page, index, readings)
        if found is None:
            continue
        rows.append([found[feature] for feature in FEATURES])
        supported.append(case.expected.value == "supported")
        untrue.append(case.expected.value in ("contradicted", "not_found"))
    return Measured(name, np.asarray(rows), np.asarray(supported), np.asarray(untrue))


def scores(said: NDArray[np.bool_], data: Measured) -> tuple[float, float, float]:
    """(supported-vs-not macro-F1, untrue called supported, supported recall)."""
    decided = data.supported | data.untrue
    truth, said = data.supported[decided], said[decided]
    f1s = []
    for positive in (True, False):
        hits = np.sum((truth == positive) & (said == positive))
        precision = hits / max(np.sum(said == positive), 1)
        recall = hits / max(np.sum(truth == positive), 1)
        f1s.append(2 * precision * recall / max(precision + recall, 1e-9))
    wrongly = np.sum(said & ~truth) / max(np.sum(~truth), 1)
    return float(np.mean(f1s)), float(wrongly), float(np.sum(said & truth) / max(truth.sum(), 1))


def reliability(probability: NDArray[np.float64], data: Measured) -> list[str]:
    lines = ["  predicted    cases  supported"]
    for low in np.arange(0.0, 1.0, 0.1):
        inside = (probability >= low) & (probability < low + 0.1 + (low >= 0.9))
        if inside.any():
            share = data.supported[inside].mean()
            lines.append(f"  {low:.1f}-{low + 0.1:.1f}  {inside.sum():>7}  {share:>9.2f}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    if not SOURCE.is_file():
        sys.exit(f"calibration: no {SOURCE} (the shared data folder beside the repository)")
    write(all_documents(), OUT)
    index = WindowIndex(E5Small())
    sets = {
        split: measure(split, OUT / f"{split}.toml", index) for split in ("train", "dev", "test")
    }
    sets |= {name: measure(name, EVAL / f"{name}.toml", index) for name in TEAM_SETS}
    train, dev = sets["train"], sets["dev"]
    scaler = StandardScaler().fit(train.features)
    model = LogisticRegression(max_iter=5000).fit(scaler.transform(train.features), train.supported)

    def probability(data: Measured) -> NDArray[np.float64]:
        found: NDArray[np.float64] = model.predict_proba(scaler.transform(data.features))[:, 1]
        return found

    on_dev = probability(dev)
    threshold = next(
        (
            t
            for t in np.arange(0.5, 1.0, 0.01)
            if scores(on_dev >= t, dev)[1] <= MOST_FALSE_SUPPORTED
        ),
        0.99,
    )
    print(f"threshold for `supported` chosen on dev: {threshold:.2f}\n")
    print(f"{'set':<22}{'quotes':>7}{'macro-F1':>10}{'untrue supported':>18}{'recall':>8}")
    for name, data in sets.items():
        f1, wrongly, recall = scores(probability(data) >= threshold, data)
        print(f"{name:<22}{len(data.supported):>7}{f1:>10.2f}{wrongly:>18.2f}{recall:>8.2f}")
    print("\nreliability on dev:")
    print("\n".join(reliability(on_dev, dev)))
    weights = sorted(zip(FEATURES, model.coef_[0], strict=True), key=lambda pair: -abs(pair[1]))
    print("\nlargest weights (standardised):", ", ".join(f"{f} {w:+.2f}" for f, w in weights[:8]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
