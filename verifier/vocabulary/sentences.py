"""Where sentences end, in every language the issues and their sources are written in.

One rule serves English, Russian, Ukrainian and Japanese copy: `.` `!` `?` before a
space, `。！？`, and a line break; a period after a short capitalised word or a lone
letter (`Nov.`, `Sen.`, `U.S.`) ends nothing. The parser cuts an issue's prose by it
and the checks cut a source's text by it, so a claim and its evidence are sentences
of the same kind.
"""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?=[\"'”’»)]*\s)")
# A period after a short capitalised word or a lone letter (Nov., Sen., U.S.) ends no sentence.
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,2}|Sept|[A-Za-z])\.$")
# Closing quotes and brackets stay with the sentence they close.
_CLOSERS = re.compile(r"[\"'”’»」』)）\]]*")


def ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a `SENTENCE_END` match really ends one (not `Nov.` or `Sen.`)."""
    if match.group() != ".":
        return True
    return not _ABBREVIATION.search(text, max(0, match.end() - 6), match.end())


def period_ends(text: str, index: int) -> bool:
    """Whether the period at `text[index]` ends a sentence: a space (or the end) follows,
    after any closing quotes, and no abbreviation (`Nov.`, `U.S.`) comes before it."""
    after = _CLOSERS.match(text, index + 1).end()  # type: ignore[union-attr]
    if after < len(text) and not text[after].isspace():
        return False
    return not _ABBREVIATION.search(text, max(0, index - 5), index + 1)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of `text`, stripped of surrounding space."""
    spans, begin = [], 0
    for match in SENTENCE_END.finditer(text):
        if not ends_sentence(text, match):
            continue
        end = _CLOSERS.match(text, match.end()).end()  # type: ignore[union-attr]
        spans.append(_stripped(text, begin, end))
        begin = end
    spans.append(_stripped(text, begin, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
