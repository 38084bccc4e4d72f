"""Grading the difference between a quote and the source's words: form, a word, a meaning."""

from __future__ import annotations

import pytest

from verifier.verify.quotes._spans import Change, grade
from verifier.verify.text.normalize import normalize


@pytest.mark.parametrize(
    ("claim", "source", "change"),
    [
        ("the war", "war", Change.FORM),
        ("didn't", "did not", Change.FORM),
        ("brough", "brought", Change.FORM),
        ("74223", "74,223", Change.FORM),
        ("が", "は", Change.FORM),
        ("", "な", Change.FORM),
        ("now", "new", Change.WORD),
        ("reckless", "brave", Change.WORD),
        ("考えて", "信じ込んで", Change.WORD),
        ("ia猫", "iaホ", Change.WORD),
        ("35", "25", Change.MEANING),
        ("did", "did not", Change.MEANING),
    ],
)
def test_grade_tells_form_from_words_and_meaning(claim: str, source: str, change: Change) -> None:
    assert grade(normalize(claim).text, normalize(source).text) is change
