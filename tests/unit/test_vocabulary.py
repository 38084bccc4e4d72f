"""The letter classes every stage composes (one answer to "is this Japanese?"), and where
sentences end."""

from __future__ import annotations

import re

import pytest

from verifier.vocabulary import CJK_PUNCTUATION, JAPANESE
from verifier.vocabulary.sentences import sentence_bounds

_JAPANESE = re.compile(f"[{JAPANESE}]")
_SPACELESS = re.compile(f"[{CJK_PUNCTUATION}{JAPANESE}]")


@pytest.mark.parametrize("char", ["あ", "ア", "ー", "ｱ", "日", "㐂", "﨑"])
def test_kana_and_kanji_of_every_width_are_japanese(char: str) -> None:
    assert _JAPANESE.fullmatch(char)


@pytest.mark.parametrize("char", ["a", "Ж", "і", "1", "、", "。", " "])
def test_latin_cyrillic_digits_and_punctuation_are_not(char: str) -> None:
    assert not _JAPANESE.fullmatch(char)


@pytest.mark.parametrize("char", ["、", "。", "「", "」", "　", "｡"])
def test_cjk_punctuation_joins_the_spaceless_class(char: str) -> None:
    assert _SPACELESS.fullmatch(char) and not _JAPANESE.fullmatch(char)


def test_sentences_end_after_a_footnote_and_not_before_a_lower_case_word() -> None:
    text = "The rate held at 21%.[^1] Analysts said 1 567,6 руб. за тонну. Prices rose 3%.¹ Done."
    assert [text[a:b] for a, b in sentence_bounds(text)] == [
        "The rate held at 21%.[^1]",
        "Analysts said 1 567,6 руб. за тонну.",
        "Prices rose 3%.¹",
        "Done.",
    ]
    text = "He met Sen. Smith. Then left."
    assert [text[a:b] for a, b in sentence_bounds(text)] == [
        "He met Sen. Smith.",
        "Then left.",
    ]
