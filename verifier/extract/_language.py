"""A page's language when it declares none, from its letters and commonest words.

Enough to choose how the checks read a page (Japanese, Ukrainian, Russian or
English sentences and numbers), not a general language identifier: a page
that is none of these clearly stays undeclared (None).
"""

from __future__ import annotations

import re

from verifier.vocabulary import HIRAGANA, KANJI, KATAKANA

_SAMPLE = 5000
_KANA = re.compile(f"[{HIRAGANA}{KATAKANA}]")
_KANJI = re.compile(f"[{KANJI}]")
_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_UKRAINIAN = re.compile(r"[ІіЇїЄєҐґ]")
_RUSSIAN = re.compile(r"[ЫыЭэЪъЁё]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[A-Za-z]+")
_ENGLISH = frozenset(
    "the of and to in is that for on with as was by it said are from".split()  # noqa: SIM905
)
_ENGLISH_SHARE = 0.12  # of the words; English prose runs at 0.25-0.35, German or French at 0


def guess_language(text: str) -> str | None:
    """ "ja", "uk", "ru" or "en" when the letters leave no doubt, else None."""
    sample = text[:_SAMPLE]
    kana, kanji = len(_KANA.findall(sample)), len(_KANJI.findall(sample))
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    letters = kana + kanji + cyrillic + latin
    if not letters:
        return None
    if kana and kana + kanji > letters / 3:
        return "ja"
    if cyrillic > letters / 2:
        ukrainian, russian = len(_UKRAINIAN.findall(sample)), len(_RUSSIAN.findall(sample))
        return "uk" if ukrainian > russian else "ru" if russian > ukrainian else None
    words = [word.lower() for word in _WORD.findall(sample)]
    if latin > letters / 2 and words:
        common = sum(word in _ENGLISH for word in words)
        return "en" if common / len(words) >= _ENGLISH_SHARE else None
    return None
