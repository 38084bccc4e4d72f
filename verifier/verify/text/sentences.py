"""Sentences and windows of a source's text, with offsets into it.

A translation often merges two source sentences or splits one, so the
cross-lingual check compares a quote with *windows* of one to three
consecutive sentences. Every window keeps its span in the page text, so the
evidence a report shows is the archived text itself, not a re-joined copy.

Sentence ends are the rule the parser reads issues by (`vocabulary.sentences`).
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.verify.tuning import SENTENCE_MIN_CHARS, SENTENCE_REACH
from verifier.vocabulary.sentences import SENTENCE_END, ends_sentence, sentence_bounds


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


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence long enough to mean something, stripped of space."""
    return [
        (a, b)
        for a, b in sentence_bounds(text)
        if len(text[a:b].strip(" .。")) >= SENTENCE_MIN_CHARS
    ]


MAX_SENTENCES = 5_000
"""Sentences of a page that become windows, at most: each window is embedded and kept, so
memory and time stay bounded on a page of a million sentences (an article has a few
hundred)."""


def windows(text: str, max_size: int = 3) -> list[Window]:
    """Every run of one to `max_size` consecutive sentences, shortest first per start.

    A sentence the text repeats (a page's summary appended to its lead) is kept once: a
    twin would be the runner-up to itself and hide how far the best one stands out. Only
    the first `MAX_SENTENCES` distinct sentences are read.
    """
    seen: set[str] = set()
    spans = []
    for start, end in sentence_spans(text):
        if text[start:end] not in seen:
            seen.add(text[start:end])
            spans.append((start, end))
        if len(spans) == MAX_SENTENCES:
            break  # a book-length page: its first sentences are what a citation quotes
    found = []
    for first in range(len(spans)):
        for size in range(1, max_size + 1):
            if first + size > len(spans):
                break
            start, end = spans[first][0], spans[first + size - 1][1]
            found.append(Window(text[start:end], start, end, first, size))
    return found


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding `text[start:end]`: a date's event words stand in its own sentence.

    Searched within a few hundred characters only: a sentence that long is
    no sentence but a list, and the check asks once per claim and date.
    """
    low = max(0, start - SENTENCE_REACH)
    ends = [m.end() for m in SENTENCE_END.finditer(text, low, start) if ends_sentence(text, m)]
    begin = ends[-1] if ends else low
    high = min(len(text), end + SENTENCE_REACH)
    after = (m.end() for m in SENTENCE_END.finditer(text, end, high) if ends_sentence(text, m))
    return text[begin : next(after, high)]


def sentence_of(text: str, passage: str) -> str | None:
    """The sentence of `text` that a short `passage` (the decisive words of a check) stands in,
    for the reader to see them in their context; None when the passage is not in the text,
    or is a passage of sentences already."""
    if not passage or len(passage) > SENTENCE_REACH:
        return None
    at = text.find(passage)
    if at < 0:
        return None
    sentence = sentence_around(text, at, at + len(passage)).strip()
    return sentence if sentence != passage.strip() else None
