"""What a figure measures: a source figure of another measure does not speak for a claim's."""

from __future__ import annotations

from decimal import Decimal

from verifier.verify.numbers._english import parse_english
from verifier.verify.numbers._quantities import Unit, parse_japanese
from verifier.verify.numbers._subjects import measure_sources


def test_a_target_or_another_measure_does_not_speak_for_the_claim() -> None:
    """A "2% target" is no inflation reading; GDP's 0.9% is not consumption's."""
    text = "Inflation stayed around its 2% target. GDP grew at a 0.9% pace."
    sources = parse_english(text)
    (claimed,) = parse_japanese("物価上昇率は2%でした")
    assert not [
        q
        for q in measure_sources(claimed, "物価上昇率は2%でした", sources, text)
        if q.unit is Unit.PERCENT and q.value == 2
    ]
    (spent,) = parse_japanese("個人消費は0.9%増でした")
    kept = measure_sources(spent, "個人消費は0.9%増でした", sources, text)
    assert all(q.value != Decimal("0.9") for q in kept if q.unit is Unit.PERCENT)
    assert measure_sources(claimed, "物価目標の2%", sources, text) == sources
