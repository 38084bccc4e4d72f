"""Text normalisation for verbatim matching, with a map back to the original.

A quote in the issue and the same words on the page differ in ways no reader
sees: full-width letters, curly or straight quotes, an en dash or a hyphen, a
line break or a space, a zero-width joiner, a Latin ``i`` typed for the
Cyrillic ``і``. Both sides go through `normalize` so these differences vanish;
the offset map then turns a match in the normalised page back into the exact
span of the original page text, which is what a report shows as evidence.

Each cluster (a character and the combining marks after it) is folded on its
own, so every output character knows the cluster it came from:

1. NFKC, then case folding;
2. quote marks to ``"`` and dashes to ``-``; format characters (zero-width
   space, joiners, soft hyphen, bidi marks) dropped;
3. Unicode TR39 confusables to a Latin skeleton (`disarm`), folded again,
   because the table maps lowercase Cyrillic ``п`` to ``n`` but leaves ``П``;
4. a run of whitespace becomes one space, or nothing next to CJK text, which
   does not separate words with spaces (a Japanese quote wrapped in the issue).

The skeleton is for comparison only: Cyrillic words come out in a mixed
alphabet, and that is fine, because both sides come out the same.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

from disarm import normalize_confusables

from verifier.vocabulary import CJK_PUNCTUATION, JAPANESE

_QUOTES = "\"'`´“”„‟‘’‚‛«»‹›「」『』＂＇〝〞〟″′"
_DASHES = "‐‑‒–—―−⁃﹘﹣－"
_PUNCT = {char: '"' for char in _QUOTES} | {char: "-" for char in _DASHES}
_CJK = re.compile(f"[{CJK_PUNCTUATION}{JAPANESE}]")


# Where a quotation leaves words out: `(中略)`, `…`, `...`. Each side is quoted on its own.
ELLIPSIS = re.compile(r"[(（]\s*中?略\s*[)）]|…+|‥+|\.{3,}")


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text and, per character, the original span it came from.

    `starts[i]`/`ends[i]` bound the span of `raw` (a cluster or a whitespace
    run) that produced character `i` of `text`; arrays, not tuples, because a
    long page has one entry per character.
    """

    raw: str
    text: str
    starts: array[int]
    ends: array[int]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The offsets in `raw` of the normalised span `[start, end)`; empty stays empty."""
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else len(self.raw)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def raw_text(self, start: int, end: int) -> str:
        """The original text behind the normalised span `[start, end)`."""
        first, last = self.original(start, end)
        return self.raw[first:last]


def normalize(text: str) -> Normalized:
    """Fold `text` for comparison, keeping the offset map (see the module docstring)."""
    chars: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    space: tuple[int, int] | None = None
    for start, end in _clusters(text):
        for char in _fold(text[start:end]):
            if char == " ":
                space = (space[0] if space else start, end)
                continue
            if space is not None and chars and not (is_cjk(chars[-1]) or is_cjk(char)):
                chars.append(" ")
                starts.append(space[0])
                ends.append(space[1])
            space = None
            chars.append(char)
            starts.append(start)
            ends.append(end)
    return Normalized(text, "".join(chars), starts, ends)


def _clusters(text: str) -> list[tuple[int, int]]:
    """Spans of a character plus its combining marks, so NFKC can compose them."""
    spans: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if spans and unicodedata.combining(char):
            spans[-1] = (spans[-1][0], index + 1)
        else:
            spans.append((index, index + 1))
    return spans


@lru_cache(maxsize=1 << 16)
def _fold(cluster: str) -> str:
    """One cluster folded; cached, since a page uses a few hundred distinct clusters."""
    composed = unicodedata.normalize("NFKC", cluster).casefold()
    return "".join(_fold_char(char) for char in composed)


def _fold_char(char: str) -> str:
    if char in _PUNCT:
        return _PUNCT[char]
    if char.isspace():
        return " "
    if unicodedata.category(char) in ("Cf", "Cc"):
        return ""
    skeleton = normalize_confusables(char).casefold()
    return "".join(_PUNCT.get(folded, folded) for folded in skeleton)


def is_cjk(char: str) -> bool:
    """Whether `char` is kana, kanji or CJK punctuation (written without spaces)."""
    return _CJK.match(char) is not None
