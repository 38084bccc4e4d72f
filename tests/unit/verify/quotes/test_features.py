"""The translated-quote check's measures, as the calibrated verdict will read them."""

from __future__ import annotations

import numpy as np

from tests.builders import page
from verifier.types import Page
from verifier.verify.quotes._features import FEATURES, quote_features
from verifier.verify.text.embeddings import Vectors, WindowIndex
from verifier.verify.text.reading import Readings

SOURCE = (
    "Zelensky met Macron in Paris on Monday. "
    "The ministers did not agree on the budget. "
    "Five people were injured in the attack."
)


class _Words:
    """A toy embedder: one dimension per topic of the page, so the ranking is known."""

    name = "toy"
    _TOPICS = (("ゼレンスキー", "Zelensky"), ("予算", "budget"), ("人", "people"))

    def embed(self, texts: list[str], *, query: bool) -> Vectors:
        rows = [
            [float(any(w in t for w in topic)) for topic in self._TOPICS] + [0.1] for t in texts
        ]
        vectors = np.asarray(rows, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _measure(quote: str, source: Page | None = None) -> dict[str, float]:
    found = quote_features(quote, source or page(SOURCE, language="en"), WindowIndex(_Words()),
                           Readings())  # fmt: skip
    assert found is not None
    return found


def test_every_named_feature_is_measured() -> None:
    found = _measure("ゼレンスキー氏はパリでマクロン氏と会談した。")
    assert set(found) == set(FEATURES)
    assert all(isinstance(value, float) for value in found.values())


def test_a_figure_the_window_lacks_is_counted() -> None:
    kept = _measure("攻撃で5人が負傷した。")
    changed = _measure("攻撃で7人が負傷した。")
    assert kept["figures"] == changed["figures"] == 1.0
    assert (
        changed["figures_missing"] >= 1.0 and changed["figures_missing"] > kept["figures_missing"]
    )


def test_a_name_no_word_of_the_page_reads_as_is_counted() -> None:
    assert _measure("ゼレンスキー氏は会談した。")["katakana_unread_on_page"] == 0.0
    assert _measure("メルケル氏は会談した。")["katakana_unread_on_page"] == 1.0


def test_a_negation_on_one_side_only_is_counted() -> None:
    assert _measure("閣僚らは予算で合意しなかった。")["negation_differs"] == 0.0
    assert _measure("閣僚らは予算で合意した。")["negation_differs"] == 1.0


def test_a_page_without_sentences_has_no_measures() -> None:
    assert (
        quote_features("何か", page("", language="en"), WindowIndex(_Words()), Readings()) is None
    )
