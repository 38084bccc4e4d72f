"""Sentences and windows of a source's text, with offsets into it.

A translation often merges two source sentences or splits one, so the
cross-lingual check compares a quote with *windows* of one to three
consecutive sentences. Every window keeps its span in the page text, so the
evidence a report shows is the archived text itself, not a re-joined copy.

One rule for sentence ends serves English, Russian, Ukrainian and Japanese
copy: `.` `!` `?` before a space, `。！？`, and a line break; a period after a
short capitalised word or a lone letter (`Nov.`, `Sen.`, `U.S.`) ends nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier.verify.tuning import SENTENCE_MIN_CHARS

SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?=[\"'”’»)]*\s)")
# A period after a short capitalised word or a lone letter (Nov., Sen., U.S.) ends no sentence.
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,2}|Sept|[A-Za-z])\.$")
# Closing quotes and brackets stay with the sentence they close.
_CLOSERS = re.compile(r"[\"'”’»」』)）\]]*")


@dataclass(frozen=True, slots=True)
class Window:
    """`size` consecutive sentences of a text: `text == source[start:end]`."""

    text: str
    start: int
    end: int
    first: int  # index of its first sentence
    size: int

    @property
    def last(self) -> int:
        return self.first + self.size - 1


def ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a `SENTENCE_END` match really ends one (not `Nov.` or `Sen.`)."""
    if match.group() != ".":
        return True
    return not _ABBREVIATION.search(text, max(0, match.end() - 6), match.end())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, stripped of surrounding space."""
    spans, begin = [], 0
    for match in SENTENCE_END.finditer(text):
        if not ends_sentence(text, match):
            continue
        end = _CLOSERS.match(text, match.end()).end()  # type: ignore[union-attr]
        spans.append(_stripped(text, begin, end))
        begin = end
    spans.append(_stripped(text, begin, len(text)))
    return [(a, b) for a, b in spans if len(text[a:b].strip(" .。")) >= SENTENCE_MIN_CHARS]


def windows(text: str, max_size: int = 3) -> list[Window]:
    """Every run of one to `max_size` consecutive sentences, shortest first per start.

    A sentence the text repeats (a page's summary appended to its lead) is kept once: a
    twin would be the runner-up to itself and hide how far the best one stands out.
    """
    seen: set[str] = set()
    spans = []
    for start, end in sentence_spans(text):
        if text[start:end] not in seen:
            seen.add(text[start:end])
            spans.append((start, end))
    found = []
    for first in range(len(spans)):
        for size in range(1, max_size + 1):
            if first + size > len(spans):
                break
            start, end = spans[first][0], spans[first + size - 1][1]
            found.append(Window(text[start:end], start, end, first, size))
    return found


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
