"""Which source sentence a claim is about: the margin and the ties it needs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from verifier.types import Page
from verifier.verify.dates._event import event_sentence
from verifier.verify.text.embeddings import Vectors, WindowIndex

TEXT = (
    "Prime Minister Pedro Sánchez on Monday announced an aid package of 10.6 billion euros. "
    "King Felipe visited the town of Paiporta on Sunday. "
    "The weather stayed cold."
)
PAGE = Page("https://news.example/floods", TEXT, language="en")


class Scripted:
    """An embedder whose query lands at a chosen similarity to each sentence."""

    name = "scripted"

    def __init__(self, similarities: Sequence[float]) -> None:
        self.similarities = similarities

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        if query:
            return np.array([[1.0, 0.0, 0.0, 0.0]], dtype=np.float32)
        rows = []
        for index, _ in enumerate(texts):
            cosine = self.similarities[index]
            side = np.zeros(4, dtype=np.float32)
            side[1 + index % 3] = np.sqrt(1 - cosine**2)
            rows.append(np.array([cosine, *side[1:]], dtype=np.float32))
        return np.array(rows, dtype=np.float32)


def _align(claim: str, similarities: Sequence[float]):  # type: ignore[no-untyped-def]
    return event_sentence(claim, PAGE, WindowIndex(Scripted(similarities)), ignore=())


def test_a_shared_figure_ties_the_sentence_that_stands_out() -> None:
    found = _align("サンチェス首相は 、106億ユーロの支援策を発表しました。", [0.90, 0.85, 0.70])
    assert found is not None and TEXT[found.start : found.end].startswith("Prime Minister")
    assert any("106億ユーロ" in tie for tie in found.ties)


def test_no_sentence_that_stands_out_by_meaning_or_words_no_alignment() -> None:
    # two content words (weather, cold): too few to pick a sentence by
    assert _align("天気は寒いままでした。", [0.90, 0.89, 0.88]) is None


def test_one_name_is_enough_only_for_a_clear_margin() -> None:
    claim = "フェリペ国王は にパイポルタを訪れました。"
    clear = _align(claim, [0.70, 0.88, 0.60])
    assert clear is not None and "Paiporta" in TEXT[clear.start : clear.end]
    assert clear.ties == ("Paiporta~パイポルタ",)  # by meaning, the one name ties it


def test_when_meaning_leaves_no_sentence_ahead_the_words_can() -> None:
    claim = "フェリペ国王は にパイポルタを訪れました。"
    near = _align(claim, [0.86, 0.87, 0.85])  # a 0.01 margin: meaning alone cannot tell
    assert near is not None and TEXT[near.start : near.end].startswith("King Felipe")
    assert any("content words" in tie for tie in near.ties)
    far = _align(claim, [0.70, 0.75, 0.72])  # the words, but nothing alike in meaning
    assert far is None


def test_a_sentence_sharing_nothing_is_no_alignment() -> None:
    assert _align("東京の天気は晴れでした。", [0.70, 0.60, 0.95]) is None
