"""Claims: what a passage says that its source can confirm or contradict.

Three kinds, each with its exact text and the line where it starts:

- quotes in 「」 and 『』 (nested ones too, marked `nested`), and stand-alone
  lines in another script (the Ukrainian line of the example), which quote
  the source in its own words;
- sentences with a number (arabic, full-width, or kanji with a unit);
- sentences with a date mention, resolved against the issue date.

A 『X』 followed by は, の, テレビ ... names a publication or programme
(『ポリティコ』は, 『NBC』テレビ) and is not a quote. Sentences end at 。！？!?
and line ends, but never inside a quote, so a quoted sentence stays whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from verifier.parse.dates import DateSpan, find_dates
from verifier.parse.lines import Line
from verifier.parse.whose import asides, whose, worked_out
from verifier.types import Claim, ClaimKind, Whose
from verifier.vocabulary import JAPANESE
from verifier.vocabulary.saying import SAYING
from verifier.vocabulary.sentences import period_ends

_CLOSE_TO_OPEN = {"」": "「", "』": "『"}
_OPEN = frozenset(_CLOSE_TO_OPEN.values())
_ENDS = frozenset("。！？!?\n")
_NAME_NEXT = frozenset("はがのにをで、(（")
_NAME_SUFFIXES = ("紙", "誌", "テレビ", "日本版")
_KANJI_NUMBER = "[一二三四五六七八九十百千]+[万億兆]?"
_UNITS = "万|億|兆|人|名|票|ドル|円|歳|期目|件|回|年|議席|キロ|%|％"
# A digit glued to Latin letters names a thing (G7, F-16, COVID-19), not a quantity.
_NUMBER = re.compile(
    rf"(?<![A-Za-zА-Яа-яЁёІіЇїЄєҐґ])(?<![A-Za-zА-Яа-яЁёІіЇїЄєҐґ]-)\d|{_KANJI_NUMBER}(?:{_UNITS})"
)
# "1)" and "2." opening a line number a list, not a quantity; nor do an ordinal (第7次), an
# issue's number (#58, №587, No. 4448, issue 94), a list label ("1)") or a unit's number
# (7号機, 2号線) count anything.
_LIST_MARKER = re.compile(
    r"(?=[ \u3000\d第#№NIi■])(?:^[ \u3000]*\d{1,2}[.)．）]|第\d+|#\d+|№\s?\d+"
    r"|\bNo\.\s?\d+|\b[Ii]ssue\s\d+|■\d+|\d+号(?:機|線|車|棟))",
    re.MULTILINE,
)
_JAPANESE = re.compile(f"[{JAPANESE}]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_MIN_FOREIGN_WORDS = 3
_KIND_ORDER = {kind: index for index, kind in enumerate(ClaimKind)}


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    nested: bool = False


class _Text:
    """A run of lines joined by newlines, mapping offsets back to line numbers."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.text = "\n".join(line.text for line in lines)
        self.numbers = [line.number for line in lines]
        self.starts = []
        offset = 0
        for line in lines:
            self.starts.append(offset)
            offset += len(line.text) + 1

    def line_at(self, offset: int) -> int:
        return self.numbers[bisect_right(self.starts, offset) - 1]

    def claim(
        self,
        kind: ClaimKind,
        span: _Span,
        dates: Sequence[DateSpan] = (),
        whose: Whose = Whose.SOURCE,
    ) -> Claim:
        """A claim for `span`, its edges stripped of whitespace."""
        raw = self.text[span.start : span.end]
        start = span.start + len(raw) - len(raw.lstrip())
        mentions = tuple(found.mention for found in dates)
        return Claim(kind, raw.strip(), self.line_at(start), mentions, span.nested, whose)


def extract_claims(
    lines: Sequence[Line], issue_date: date | None, *, cited: bool = True
) -> tuple[Claim, ...]:
    """Every claim of a passage, in passage order (quotes before sentences on ties), each
    told the source's or the writer's own (`whose`); `cited`: the passage cites a source.
    Source blocks that follow each other share one passage: it is read once."""
    return _extract(tuple(lines), issue_date, cited)


def clear_cache() -> None:
    """Forget the passages read so far (a benchmark's cold parse)."""
    _extract.cache_clear()


@lru_cache(maxsize=256)
def _extract(lines: tuple[Line, ...], issue_date: date | None, cited: bool) -> tuple[Claim, ...]:
    if lines and all(line.quoted for line in lines):
        return (_block_quote(lines),)
    text = _Text(lines)
    quotes = _quotes(text.text)
    quotes = sorted([*quotes, *_western_quotes(text.text, quotes)], key=lambda span: span.start)
    units = _units(text.text, cited)
    found = [(s.start, text.claim(ClaimKind.QUOTE, s, whose=_of(units, s))) for s in quotes]
    found += [
        (span.start, text.claim(ClaimKind.QUOTE, span, whose=_of(units, span)))
        for span in _foreign(text, quotes)
    ]
    dates = find_dates(text.text, issue_date)
    markers = [match.span() for match in _LIST_MARKER.finditer(text.text)]
    ignored = [(d.start, d.end) for d in dates] + markers
    for unit, who in units:
        inside = [d for d in dates if unit.start <= d.start < unit.end]
        if _has_number(text.text, unit, ignored):
            found.append((unit.start, text.claim(ClaimKind.NUMBER, unit, whose=who)))
        if inside:
            found.append((unit.start, text.claim(ClaimKind.DATE, unit, inside, whose=who)))
    found.sort(key=lambda item: (item[0], _KIND_ORDER[item[1].kind]))
    return tuple(claim for _, claim in found)


def _block_quote(lines: Sequence[Line]) -> Claim:
    """A blockquote is one quote: the cited words, set apart rather than marked."""
    words = " ".join(line.text.strip() for line in lines).strip()
    words = words.strip('"“”«»„「」').strip()
    return Claim(ClaimKind.QUOTE, words, lines[0].number)


def _units(text: str, cited: bool) -> list[tuple[_Span, Whose]]:
    """The stretches claims are read from, each with whose words it is: every sentence, cut
    around its bracketed asides, and the asides themselves."""
    notes = asides(text)
    units: list[tuple[_Span, Whose]] = []
    for whole in _sentences(text):
        inner = [(a, b) for a, b in notes if whole.start <= a < whole.end]
        for sentence in _worked_out(text, whole, inner):
            own = "".join(text[a:b] for a, b in _pieces(sentence, inner))
            who = whose(own, cited=cited)
            units += [(_Span(a, b), who) for a, b in _pieces(sentence, inner) if text[a:b].strip()]
        units += [(_Span(a, min(b, whole.end)), Whose.ASIDE) for a, b in inner]
    return units


def _worked_out(text: str, sentence: _Span, notes: list[tuple[int, int]]) -> list[_Span]:
    """The sentence cut where the writer's own sum starts, if it does after its start: the
    source's clauses, then the writer's."""
    words = text[sentence.start : sentence.end]
    if not _DIGIT.search(words):
        return [sentence]  # no figure to work out
    for start, end in notes:  # an aside's sum is the aside's
        low, high = start - sentence.start, min(end, sentence.end) - sentence.start
        words = words[:low] + " " * (high - low) + words[high:]
    cut = worked_out(words)
    if not cut:
        return [sentence]
    return [_Span(sentence.start, sentence.start + cut), _Span(sentence.start + cut, sentence.end)]


def _pieces(sentence: _Span, notes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence between its asides."""
    cuts = [sentence.start]
    for start, end in notes:
        cuts += [start, min(end, sentence.end)]
    cuts.append(sentence.end)
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2) if cuts[i + 1] > cuts[i]]


def _of(units: list[tuple[_Span, Whose]], span: _Span) -> Whose:
    """Whose words a quote is: those of the stretch it opens in (the innermost: an aside)."""
    holding = [who for unit, who in units if unit.start <= span.start - 1 < unit.end]
    return Whose.ASIDE if Whose.ASIDE in holding else next(iter(holding), Whose.SOURCE)


def _quotes(text: str) -> list[_Span]:
    """Quote spans (inside the brackets); a quote open at the end is cut there."""
    stack: list[tuple[str, int]] = []
    spans = []
    for bracket in _BRACKETS.finditer(text):
        index, char = bracket.start(), bracket.group()
        if char in _OPEN:
            stack.append((char, index))
        elif char in _CLOSE_TO_OPEN:
            depth = _last_open(stack, _CLOSE_TO_OPEN[char])
            if depth is None:
                continue
            start = stack[depth][1] + 1
            del stack[depth:]
            if _scare_kagi(text, start, index):
                continue
            if char == "」" or not _is_name(text, index + 1):
                spans.append(_Span(start, index, nested=depth > 0))
    spans += [_Span(pos + 1, len(text), nested=depth > 0) for depth, (_, pos) in enumerate(stack)]
    return sorted((s for s in spans if text[s.start : s.end].strip()), key=lambda s: s.start)


# Quotes as English, Ukrainian and Russian write them: “…”, "…", «…», „…“. A «…» after an
# outlet word names it (агентство «Інтерфакс-Україна»), and one word in quotes is a name
# or a scare quote, not someone's words.
# A quote may run over one line break (a wrapped plain-text line), never more.
_WESTERN = re.compile(
    r'“([^“”\n]+(?:\n[^“”\n]+)?)”|"([^"\n]+(?:\n[^"\n]+)?)"|«([^«»]+)»|„([^„“”\n]+)[“”]'
)
_OUTLET_WORDS = re.compile(
    r"(?:агентство|агентства|видання|издание|издания|газета|газети|газеты|телеканал|"
    r"телеканалу|журнал|журналу|портал|порталу|радіо|радио|партія|партии|партії|компанія|"
    r"компании|компанії)\s*$",
    re.IGNORECASE,
)
_MIN_QUOTE_WORDS = 2
_MAX_TITLE_WORDS = 3


def _title(words: str) -> bool:
    """A name in «» or „“ (a programme, a paper: «Прямая линия», «Економічна правда»): a
    few words, the first capitalised, no sentence in them."""
    return (
        len(words.split()) <= _MAX_TITLE_WORDS
        and words[:1].isupper()
        and not re.search(r"[.!?,;:]", words)
    )


def _western_quotes(text: str, taken: Sequence[_Span]) -> list[_Span]:
    """Quote spans in Western marks, outside the Japanese quotes already found."""
    spans = []
    for match in _WESTERN.finditer(text):
        group = next(i for i in range(1, 5) if match.group(i) is not None)
        start, end = match.start(group), match.end(group)
        words = text[start:end]
        if any(s.start <= start < s.end for s in taken) or len(words.split()) < _MIN_QUOTE_WORDS:
            continue
        if _OUTLET_WORDS.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        if group in (3, 4) and _title(words):
            continue
        if len(words.split()) <= _MAX_SCARE_WORDS and not _said_near(text, match.start(), end):
            continue
        spans.append(_Span(start, end))
    return spans


# A term in quotes that nobody is said to have said ("a “grand coalition”", «тарифний
# сезон», 「全形」) is the writer's scare quote or a name, not someone's words: a short quote
# is a quote only near a verb of saying or calling.
_MAX_SCARE_WORDS = 3
_MAX_SCARE_KAGI = 4  # characters: 「1枚」「全形」
_SAYING = re.compile(rf"{SAYING}|[:—]\s*$")
_SAYING_WINDOW = 80


def _said_near(text: str, start: int, end: int) -> bool:
    """Whether a verb of saying or calling stands within the quote's sentence around it."""
    before = text[max(0, start - _SAYING_WINDOW) : start].lower()
    before = re.split(r"[.!?]\s", before)[-1]
    after = re.split(r"[.!?]\s", text[end : end + _SAYING_WINDOW].lower())[0]
    return bool(_SAYING.search(before) or _SAYING.search(after))


def _scare_kagi(text: str, start: int, end: int) -> bool:
    """A few characters in 「」 not followed by と (「…」と述べた, と語った): a term set apart."""
    return end - start <= _MAX_SCARE_KAGI and not text.startswith("と", end + 1)


def _last_open(stack: list[tuple[str, int]], opener: str) -> int | None:
    """Index of the innermost open bracket of kind `opener`, if any."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == opener:
            return depth
    return None


def _is_name(text: str, after: int) -> bool:
    """Whether the 『』 closing before `after` names a publication, not a quote."""
    following = text[after : after + 1]
    return following in _NAME_NEXT or following.isdigit() or text.startswith(_NAME_SUFFIXES, after)


def _foreign(text: _Text, quotes: Sequence[_Span]) -> list[_Span]:
    """Stand-alone lines in another script than the passage's Japanese that are sentences,
    outside any quote (a passage with no Japanese has no other script to stand out in)."""
    if not _JAPANESE.search(text.text):
        return []
    spans = []
    for start, line in zip(text.starts, text.text.split("\n"), strict=True):
        is_foreign = not _JAPANESE.search(line) and len(_WORD.findall(line)) >= _MIN_FOREIGN_WORDS
        if is_foreign and not any(q.start <= start < q.end for q in quotes):
            spans.append(_Span(start, start + len(line)))
    return spans


_DIGIT = re.compile(r"\d")
_BRACKETS = re.compile("[「『」』]")
_MARKS = re.compile(r"[「『」』。！？!?\n.]")


def _sentences(text: str) -> list[_Span]:
    """Sentence spans outside quotes (`_ends`), terminator kept."""
    spans = []
    depth = 0
    start = 0
    for mark in _MARKS.finditer(text):
        index, char = mark.start(), mark.group()
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE_TO_OPEN:
            depth = max(depth - 1, 0)
        elif depth == 0 and _ends(text, index):
            spans.append(_Span(start, index + (char != "\n")))
            start = index + 1
    spans.append(_Span(start, len(text)))
    return [span for span in spans if text[span.start : span.end].strip()]


# A plain-text e-mail wraps its lines: a line of Latin or Cyrillic prose that ends mid-clause
# and a next line that goes on in lower case are one sentence (a Japanese line ends one).
_OPEN_END = re.compile(r"[A-Za-zА-Яа-яЁёІіЇїЄєҐґ0-9,;—–-]")
_GOES_ON = re.compile(r"[a-zа-яёіїєґ0-9$€£(«“\"]")


def _ends(text: str, index: int) -> bool:
    """Whether `text[index]` ends a sentence: 。！？!?, a period before a space (not after an
    abbreviation), or a line break that does not merely wrap the sentence."""
    char = text[index]
    if char == ".":
        return period_ends(text, index)
    return char in _ENDS and not (char == "\n" and _wrapped(text, index))


def _wrapped(text: str, newline: int) -> bool:
    """Whether the line break at `newline` only wraps a sentence."""
    before = newline - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    after = newline + 1
    while after < len(text) and text[after] == " ":
        after += 1
    return (
        before >= 0
        and after < len(text)
        and _OPEN_END.match(text[before]) is not None
        and _GOES_ON.match(text[after]) is not None
    )


def _has_number(text: str, sentence: _Span, ignored: Sequence[tuple[int, int]]) -> bool:
    """Whether the sentence holds a number outside dates and list markers."""
    for match in _NUMBER.finditer(text, sentence.start, sentence.end):
        if not any(start <= match.start() < end for start, end in ignored):
            return True
    return False
