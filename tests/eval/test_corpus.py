"""Claim extraction on the labelled issue corpus (issue 15), gated on its test half.

The corpus (`tests/corpus/`) was written blind by helpers who never saw the parser; its
dev issues have been read and worked on, its test half (`splits.toml`) never
(`tests/eval/corpus.py`). The issue's targets (precision >= 0.95 and recall >= 0.90 per
format and overall, own words versus attributed >= 0.95) are not all met: these floors
sit just under what the test half measures now (20 issues, 312 claims: precision 0.94,
recall 0.93, whose 0.93, links 0.91; per format precision 0.89 to 0.97, recall 0.91 to
0.95), so that a change that loses ground fails here.
"""

from __future__ import annotations

import pytest

from tests.eval.corpus import FORMATS, Tally, corpus, run

OVERALL = {"precision": 0.91, "recall": 0.92, "whose_accuracy": 0.88, "link_accuracy": 0.87}
PER_FORMAT = {"precision": 0.88, "recall": 0.90}


@pytest.fixture(scope="module")
def tallies() -> dict[tuple[str, str], Tally]:
    return run(item for item in corpus() if item.split == "test")


def test_the_corpus_has_every_format_and_language_on_both_splits() -> None:
    items = corpus()
    assert len(items) >= 20
    for split in ("dev", "test"):
        assert {item.format for item in items if item.split == split} == set(FORMATS)
    assert {item.labels["language"] for item in items} == {"ja", "en", "uk", "ru"}


def test_claim_extraction_overall_on_the_test_split(tallies: dict[tuple[str, str], Tally]) -> None:
    overall = tallies[("test", "all")]
    for measure, floor in OVERALL.items():
        assert getattr(overall, measure) >= floor, (measure, getattr(overall, measure))


@pytest.mark.parametrize("fmt", FORMATS)
def test_claim_extraction_per_format_on_the_test_split(
    tallies: dict[tuple[str, str], Tally], fmt: str
) -> None:
    found = tallies[("test", fmt)]
    for measure, floor in PER_FORMAT.items():
        assert getattr(found, measure) >= floor, (fmt, measure, getattr(found, measure))
