"""Where sentences end, in every language the issues and their sources are written in.

One rule serves English, Russian, Ukrainian and Japanese copy: `.` `!` `?` before a
space, `。！？`, and a line break; a period after a short capitalised word or a lone
letter (`Nov.`, `Sen.`, `U.S.`), or before a lower-case word, ends nothing. The parser
cuts an issue's prose by it and the checks cut a source's text by it, so a claim and its
evidence are sentences of the same kind.
"""

from __future__ import annotations

import re

# A footnote marker after a sentence's end ("... 21%.[1] Analysts", "... said.¹ The") is
# the sentence's own: it ends there, the marker kept with it.
_FOOTNOTES = r"(?:\[\^?\d{1,3}\]|［\d{1,3}］|\^\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})*"
SENTENCE_END = re.compile(rf"[。！？!?\n]|\.(?=[\"'”’»)]*{_FOOTNOTES}\s)")
# A period after a short capitalised word or a lone letter (Nov., Sen., U.S.) ends no sentence.
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,2}|Sept|[A-Za-z])\.$")
# Closing quotes and brackets (and footnote markers) stay with the sentence they close.
_CLOSERS = re.compile(rf"[\"'”’»」』)）\]]*{_FOOTNOTES}")


# A period before a lower-case word ends no sentence either: an abbreviation the list above
# cannot know ("1 567,6 руб. за тонну", "approx. five", "млн. т").
_GOES_ON = re.compile(r"\s+[a-zа-яёіїєґ]")


def ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a `SENTENCE_END` match really ends one (not `Nov.`, `Sen.` or `руб. за`)."""
    if match.group() != ".":
        return True
    if _GOES_ON.match(text, _CLOSERS.match(text, match.end()).end()):  # type: ignore[union-attr]
        return False
    return not _ABBREVIATION.search(text, max(0, match.end() - 6), match.end())


def period_ends(text: str, index: int) -> bool:
    """Whether the period at `text[index]` ends a sentence: a space (or the end) follows,
    after any closing quotes, and no abbreviation (`Nov.`, `U.S.`) comes before it."""
    after = _CLOSERS.match(text, index + 1).end()  # type: ignore[union-attr]
    if (after < len(text) and not text[after].isspace()) or _GOES_ON.match(text, after):
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
