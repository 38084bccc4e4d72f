"""The translated-quote check's measures, as the calibrated verdict will read them."""

from __future__ import annotations

import numpy as np

from tests.builders import page
from verifier.types import Page
from verifier.verify.quotes._features import FEATURES, Measured, quote_features
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


def _measured(quote: str, source: Page | None = None) -> Measured:
    source = source or page(SOURCE, language="en")
    found = quote_features(
        quote, source, WindowIndex(_Words()).rank(quote, source.text), Readings()
    )
    assert found is not None
    return found


def _measure(quote: str, source: Page | None = None) -> dict[str, float]:
    return _measured(quote, source).values


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
    empty = page("", language="en")
    ranked = WindowIndex(_Words()).rank("何か", empty.text)
    assert quote_features("何か", empty, ranked, Readings()) is None


def test_what_differs_is_named_for_the_note() -> None:
    found = _measured("メルケル氏は攻撃で7人が負傷したと述べた。")
    assert found.window.text == "Five people were injured in the attack."
    assert found.missing_figures == ("7",) and found.unread_names == ("メルケル",)


MONTHS = page(
    "Zelensky will visit Paris in September. He came third in the budget vote. "
    "Five people were injured in the attack.",
    language="en",
)


def test_a_changed_month_or_ordinal_is_a_figure_the_window_lacks() -> None:
    assert _measure("ゼレンスキー氏は9月にパリを訪れる。", MONTHS)["figures_missing"] == 0.0
    assert _measure("ゼレンスキー氏は10月にパリを訪れる。", MONTHS)["figures_missing"] == 1.0
    assert _measure("予算の投票で彼は3位だった。", MONTHS)["figures_missing"] == 0.0
    assert _measure("予算の投票で彼は2位だった。", MONTHS)["figures_missing"] == 1.0
