"""The letter classes every stage composes: one answer to "is this Japanese?"."""

from __future__ import annotations

import re

import pytest

from verifier.vocabulary import CJK_PUNCTUATION, JAPANESE

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
