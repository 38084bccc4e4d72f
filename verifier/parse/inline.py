"""Citations in the prose: inline links, bare URLs and footnotes.

Most newsletters cite as they write: "The call lasted about 25 minutes, [Axios
reported](...)", "... (https://...)", a `[1]` with the URL in an endnote list, or a
`Source: https://...` line under a paragraph. Every link outside a ※ block is read
here:

- the sentence that carries a link is what the link's source is cited for; when
  one sentence carries links to several sources, each gets its clause (cut at `;`,
  dashes and `, while` / `, but` ...), a clause without a link going to the next
  linked one (the attribution usually ends a clause), else to the one before;
- a line that is only a short label and a URL cites for the paragraph above it;
- a footnote marker (`[1]`, `[^1]`, `^1`, `¹`) stands for the URL its endnote gives,
  and the endnote itself is no citation of its own;
- sentences of a paragraph without a link lead into the next linked sentence (the
  lead-in, then the attribution); those after the last one go to it;
- a blockquote right under a cited paragraph is a quote of that source;
- a link that is the whole sentence (a reading list, a headline link) carries no
  claim; links to unsubscribe, share, social profiles and the like are the
  newsletter's furniture and are left out (`furniture`), as are links on no words
  (a logo, an icon, a banner);
- in an issue without ※ blocks, a paragraph that cites nothing goes with the citation
  before it: as that source's words when it reports (a quote, "told", "по данным"),
  else as the writer's own (`InlineCite.own`, never checked against a source).

The outlet a sentence names for its link with an outlet's reporting verb
(`([Reuters](...))`, "according to [Kyodo](...)", "[AP reported](...)"; not
"[Zelensky said](...)") becomes the citation's publisher, so the publisher check
reads it as it reads a ※ block's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from verifier.parse.blocks import Layout
from verifier.parse.lines import Line, line_anchors, without_urls
from verifier.parse.tracking import furniture
from verifier.vocabulary.saying import SAYING
from verifier.vocabulary.sentences import sentence_bounds

# A line of a label and URLs only ("Source: https://...") cites for the paragraph above.
_MAX_LABEL = 24
# Lines between a paragraph and the label line under it (one blank line at most).
_LABEL_REACH = 2
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# [1], [^1], ^1, or superscripts after a word or a closing quote (not m² or km³: units).
_MARKER = re.compile(
    rf"[\[［]\^?(\d{{1,3}})[\]］]|\^(\d{{1,3}})\b"
    rf"|(?<=[\w\"”»)\]])(?<![mM])([{_SUPERSCRIPTS}]{{1,3}})"
)
# An endnote's marker opens its line (a Japanese one, ［1］, need not be followed by a space).
_ENDNOTE = re.compile(
    rf"^\s*(?:\[\^?(\d{{1,3}})\]:?\s|［(\d{{1,3}})］\s*|\^?(\d{{1,3}})[.):]\s"
    rf"|([{_SUPERSCRIPTS}]{{1,3}})\s)"
)
_MIN_SHOUTED = 4  # capital letters that make a line a heading
_CAPITAL = re.compile("[A-ZА-ЯЁІЇЄҐ]")
_LETTER = re.compile(r"[^\W\d_]")
_HEADING_MARKS = ("■", "◆", "●", "【", "#")
# A paragraph without a link that still reports: a reporting verb or quoted words.
_REPORTS = re.compile(
    rf"{SAYING}|\b(?:reported|reports|announced|notes|noted|estimates|estimated|explains"
    r"|explained|confirmed)\b|(?<!\w)(?:по данным|за даними)(?!\w)|[“«„「]"
    r"|によると|と発表|と報じ|と伝え|としている|にも触れ|明らかにし"
)
# A sentence ends somewhere in a run of prose (a wrapped paragraph ends its lines mid-way).
# (A period before a word: "г. · Выпуск 61", an abbreviated year in a dateline, ends none.)
_SENTENCE_INSIDE = re.compile(r"[。！？]|[.!?][\"'”’»)」]*(?:\s+[\"“«„(]?[^\W\d_]|\s*$)")
_NOTE_LINES = 3  # lines an endnote may run over below its marker
_BULLET = re.compile(r"^\s*(?:[-*•–·]|\d{1,2}[.)])\s")
_CLAUSE_CUT = re.compile(
    r";|\s[—–]\s|,\s(?=(?:while|but|whereas|although|though|and|а|але|но|та|і|и|однако|проте)\b)",
    re.IGNORECASE,
)
# Verbs an outlet reports with (a person says and tells: "[Zelensky said](...)" names no
# publisher, and a person's name cited as one would be called another outlet's page).
_SAYS = (
    r"(?:reported|reports|wrote|writes|повідомляє|повідомило|пише|пишет|сообщает|сообщило"
    r"|передає|передает)"
)
_NAME_THEN_VERB = re.compile(rf"^(?P<name>.+?)\s+{_SAYS}\b", re.IGNORECASE)
_BEFORE_NAME = re.compile(
    r"(?:according to|per|via|reported by|cited by|за даними|як повідомляє|як пише|"
    r"по данным|как сообщает|как пишет|сообщает|повідомляє|пише|пишет)\s*[«„“\"]?$",
    re.IGNORECASE,
)
_VERB_AFTER = re.compile(
    rf"^[»“”\"]?\s*(?:{_SAYS}\b|によると|によれば|は報じ|が報じ|は伝え|が伝え)"
)
_NAME = re.compile(r"^[^\W\d_][\w.&'’ -]{0,40}$")
_MAX_NAME_WORDS = 5
_MIN_OWN_WORDS = 2  # words outside a sentence's links for it to say something of its own


@dataclass(frozen=True, slots=True)
class InlineCite:
    """One link in the prose and what it is cited for.

    `line` is where the cited words start (the marker's line for a footnote), `url_line`
    where the URL stands; `parts` is the passage as lines cut to the words cited for.
    """

    url: str
    line: int
    url_line: int
    parts: tuple[tuple[Line, ...], ...] = ()
    publisher: str | None = None
    anchor: str = ""  # the words the link stands on ("" for an image or an icon)
    # Prose near the link that cites nothing (a paragraph without links after it): the
    # writer's own words, kept with the citation before them so a report can show them.
    own: tuple[tuple[Line, ...], ...] = ()

    @property
    def passage(self) -> str:
        return "\n".join(line.text for part in self.parts for line in part)


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """Lines read as one run of prose, joined by spaces; offsets map back to lines."""

    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    def starts(self) -> list[int]:
        found, offset = [], 0
        for line in self.lines:
            found.append(offset)
            offset += len(line.text) + 1
        return found

    def cut(self, start: int, end: int) -> tuple[Line, ...]:
        """The paragraph's lines cut to `text[start:end]`, URLs and markers taken out."""
        pieces = []
        for line, at in zip(self.lines, self.starts(), strict=True):
            low, high = max(start, at), min(end, at + len(line.text))
            if low < high:
                words = _clean(line.text[low - at : high - at])
                if words:
                    pieces.append(Line(line.number, words, quoted=line.quoted))
        return tuple(pieces)

    def line_at(self, offset: int) -> int:
        starts = self.starts()
        index = max(i for i, at in enumerate(starts) if at <= offset)
        return self.lines[index].number


@dataclass(frozen=True, slots=True)
class _Link:
    """An anchor placed in its paragraph's text, with the line its URL stands on."""

    url: str
    start: int
    end: int
    url_line: int


def inline_citations(body: Sequence[Line], layout: Layout) -> tuple[InlineCite, ...]:
    """Every link outside the ※ blocks as a citation, in document order."""
    in_blocks = {n for block in layout.blocks for n in range(block.line, block.last_line + 1)}
    endnotes, note_lines = _endnotes(body, in_blocks)
    cited_notes: set[str] = set()
    # An issue of ※ blocks says what each source is cited for; its other prose (the table of
    # contents, the appeals) is not read as the writer's claims.
    own_words = not layout.blocks
    found: list[InlineCite] = []
    uncited: list[tuple[int, _Paragraph]] = []  # (citations before it, paragraph)
    paragraphs = list(_paragraphs(body, in_blocks | note_lines))
    for index, paragraph in enumerate(paragraphs):
        previous = paragraphs[index - 1] if index else None
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        links = _links(paragraph, endnotes)
        cited_notes.update(
            n for n, (url, _) in endnotes.items() if any(k.url == url for k in links)
        )
        if _is_label_line(paragraph, links) and _just_above(previous, paragraph):
            assert previous is not None
            anchors = [paragraph.text[link.start : link.end] for link in links]
            found += [_for_paragraph(previous, k, a) for k, a in zip(links, anchors, strict=True)]
        elif links:
            found += _for_sentences(paragraph, links)
        elif found and all(line.quoted for line in paragraph.lines):
            # A blockquote under a cited sentence ("Merz [said](...):") gives its words.
            part = paragraph.cut(0, len(paragraph.text))
            found[-1] = replace(found[-1], parts=(*found[-1].parts, part))
        elif (
            own_words and _prose(paragraph) and not _labelled_below(paragraph, following, endnotes)
        ):
            uncited.append((len(found), paragraph))
    found += [
        InlineCite(url, line, line) for n, (url, line) in endnotes.items() if n not in cited_notes
    ]
    kept = _with_own_words(found, uncited)
    kept = [cite for cite in kept if not _furniture(cite)]
    return tuple(sorted(kept, key=lambda cite: (cite.line, cite.url_line)))


def _prose(paragraph: _Paragraph) -> bool:
    """Whether a paragraph is prose the writer says something in: not a heading, nor lines
    that end no sentence anywhere (a masthead's dateline and tagline, a list label)."""
    if any(_heading(line) for line in paragraph.lines) or furniture("", paragraph.text):
        return False  # a heading, or the footer's copyright and address
    return _SENTENCE_INSIDE.search(paragraph.text) is not None


def _heading(line: Line) -> bool:
    """A heading: marked up as one, opened by a section mark, or shouted in capitals (a
    plain-text newsletter's "1) A VERY BAD MONDAY FOR NVIDIA")."""
    text = line.text
    if line.heading or text.lstrip().startswith(_HEADING_MARKS):
        return True
    if text != text.upper():
        return False  # a lower-case letter: not shouted (the common case, tested first)
    capitals = len(_CAPITAL.findall(text))
    if capitals < _MIN_SHOUTED:
        return False
    return capitals * 2 > len(_LETTER.findall(text))


def _labelled_below(
    paragraph: _Paragraph, following: _Paragraph | None, endnotes: dict[str, tuple[str, int]]
) -> bool:
    """Whether a label line right under the paragraph cites it."""
    if following is None:
        return False
    links = _links(following, endnotes)
    return _is_label_line(following, links) and _just_above(paragraph, following)


def _with_own_words(
    found: list[InlineCite], uncited: list[tuple[int, _Paragraph]]
) -> list[InlineCite]:
    """Each paragraph that cites nothing kept with the citation before it (the first one
    when none is before it); with no citation at all, dropped. A paragraph that reports
    ("she told MPs", a quote, "по данным") goes on with that citation's source; any other
    is the writer's own words."""
    cites = list(found)
    if not cites:
        return cites
    for before, paragraph in uncited:
        index = max(before - 1, 0)
        part = paragraph.cut(0, len(paragraph.text))
        if not part:
            continue
        if index == before - 1 and _REPORTS.search(paragraph.text.lower()):
            cites[index] = replace(cites[index], parts=(*cites[index].parts, part))
        else:
            cites[index] = replace(cites[index], own=(*cites[index].own, part))
    return cites


def _furniture(cite: InlineCite) -> bool:
    words = f"{cite.anchor} {cite.passage}".strip()
    return furniture(cite.url, words, icon=not cite.anchor.strip())


def _endnotes(body: Sequence[Line], skip: set[int]) -> tuple[dict[str, tuple[str, int]], set[int]]:
    """Footnote number -> (URL, line) of every endnote, and the lines endnotes take: an
    endnote opens with its marker and may run over indented lines below it (a wrapped
    title, the URL last), or in markup over the lines of its paragraph (`<br>`)."""
    notes: dict[str, tuple[str, int]] = {}
    lines: set[int] = set()
    markup = any(line.new_block for line in body)
    for index, line in enumerate(body):
        match = _ENDNOTE.match(line.text)
        if line.number in skip or match is None:
            continue
        run = [line]
        for below in body[index + 1 : index + 1 + _NOTE_LINES]:
            goes_on = not below.new_block if markup else below.text[:1].isspace()
            if not goes_on or below.number in skip or _ENDNOTE.match(below.text):
                break  # an endnote runs on over indented lines (in markup: its paragraph)
            run.append(below)
        linked = next((i for i, part in enumerate(run) if line_anchors(part)), None)
        if linked is None:
            continue
        number = _number(next(group for group in match.groups() if group))
        url_line = run[linked].number
        notes.setdefault(number, (line_anchors(run[linked])[0].url, url_line))
        lines.update(part.number for part in run[: linked + 1])
    return notes, lines


def _number(marker: str) -> str:
    return marker.translate(str.maketrans(_SUPERSCRIPTS, "0123456789"))


def _paragraphs(body: Sequence[Line], skip: set[int]) -> Iterator[_Paragraph]:
    """Runs of prose lines: a blank line, a new markup block, a heading, a bullet or a label
    line (`Source: https://...`, a paragraph of its own) ends one."""
    run: list[Line] = []
    for line in body:
        breaks = line.blank or line.number in skip or line.new_block or _heading(line)
        breaks = breaks or bool(_BULLET.match(line.text)) or _labels(line)
        if run and (breaks or _heading(run[-1]) or _labels(run[-1])):
            yield _Paragraph(tuple(run))
            run = []
        if not line.blank and line.number not in skip:
            run.append(line)
    if run:
        yield _Paragraph(tuple(run))


def _links(paragraph: _Paragraph, endnotes: dict[str, tuple[str, int]]) -> list[_Link]:
    """The paragraph's links and footnote markers, in reading order."""
    found: list[_Link] = []
    if not endnotes and not any(line.anchors or "http" in line.text for line in paragraph.lines):
        return found  # most paragraphs: no link to read
    for line, at in zip(paragraph.lines, paragraph.starts(), strict=True):
        for anchor in line_anchors(line):
            found.append(_Link(anchor.url, at + anchor.start, at + anchor.end, line.number))
        for match in _MARKER.finditer(line.text) if endnotes else ():
            if any(a.start <= match.start() < a.end for a in line.anchors):
                continue  # a Markdown footnote is already a link
            note = endnotes.get(_number(next(g for g in match.groups() if g)))
            if note is not None:
                found.append(_Link(note[0], at + match.start(), at + match.end(), note[1]))
    return sorted(found, key=lambda link: link.start)


def _is_label_line(paragraph: _Paragraph, links: list[_Link]) -> bool:
    """One line holding URLs and a short label at most: `Source: https://...`."""
    return len(paragraph.lines) == 1 and bool(links) and _labels(paragraph.lines[0])


def _labels(line: Line) -> bool:
    """Whether a line is links and a short label at most."""
    anchors = line_anchors(line)
    if not anchors:
        return False
    words = _without(line.text, [(anchor.start, anchor.end) for anchor in anchors])
    return len(words.strip(" :-–—()[]")) <= _MAX_LABEL and not _sentence_end(words)


def _sentence_end(words: str) -> bool:
    return bool(re.search(r"[.!?。！？]\s*$", words.strip(" )")))


def _just_above(previous: _Paragraph | None, paragraph: _Paragraph) -> bool:
    """Whether `previous` is prose right above `paragraph` (not a heading or a label line)."""
    if previous is None or any(line.heading or _labels(line) for line in previous.lines):
        return False
    return paragraph.lines[0].number - previous.lines[-1].number <= _LABEL_REACH


def _for_paragraph(paragraph: _Paragraph, link: _Link, anchor: str) -> InlineCite:
    parts = paragraph.cut(0, len(paragraph.text))
    first = parts[0].number if parts else link.url_line
    return InlineCite(link.url, first, link.url_line, (parts,) if parts else (), anchor=anchor)


def _for_sentences(paragraph: _Paragraph, links: list[_Link]) -> list[InlineCite]:
    """Each link with the sentence, or the clause of it, that carries it."""
    text = paragraph.text
    found = []
    bounds = _trailing_links_joined(text, sentence_bounds(text), links)
    # A link on no words at all (a logo, a social icon, a banner) cites nothing a reader
    # reads: it is left out, as the rest of an e-mail's furniture is.
    for start, end in _with_unlinked(bounds, links):
        inside = [link for link in links if start <= link.start < end]
        spans = [(link.start, link.end) for link in inside]
        says = len(re.findall(r"\w+", _without(text[start:end], spans, start))) >= _MIN_OWN_WORDS
        for link, (low, high) in _clauses(text, start, end, inside):
            parts = paragraph.cut(low, high) if says else ()
            found.append(
                InlineCite(
                    link.url,
                    paragraph.line_at(low if parts else link.start),
                    link.url_line,
                    (parts,) if parts else (),
                    _publisher(text, link, low),
                    text[link.start : link.end],
                )
            )
    return found


def _with_unlinked(bounds: list[tuple[int, int]], links: list[_Link]) -> list[tuple[int, int]]:
    """The linked sentences of a paragraph, each widened over the sentences without a link
    before it (a report's lead-in, then its attribution); those after the last linked one
    go to it."""
    linked = [any(a <= link.start < b for link in links) for a, b in bounds]
    widened: list[tuple[int, int]] = []
    start: int | None = None
    for (a, b), has in zip(bounds, linked, strict=True):
        start = a if start is None else start
        if has:
            widened.append((start, b))
            start = None
    if start is not None and widened:
        widened[-1] = (widened[-1][0], bounds[-1][1])
    return widened


def _trailing_links_joined(
    text: str, bounds: list[tuple[int, int]], links: list[_Link]
) -> list[tuple[int, int]]:
    """Sentences, a "sentence" of links alone ("... rose. (https://...)") joined to the one
    before it: a citation trails the sentence it is for."""
    joined: list[tuple[int, int]] = []
    for start, end in bounds:
        spans = [(link.start, link.end) for link in links if start <= link.start < end]
        alone = spans and not re.search(r"\w", _without(text[start:end], spans, start))
        if alone and joined:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _clauses(
    text: str, start: int, end: int, links: list[_Link]
) -> Iterator[tuple[_Link, tuple[int, int]]]:
    """Each distinct URL of a sentence with the span it is cited for."""
    urls = list(dict.fromkeys(link.url for link in links))
    if len(urls) == 1:
        yield links[0], (start, end)
        return
    cuts = [start, *(m.end() for m in _CLAUSE_CUT.finditer(text, start, end)), end]
    pieces = [(a, b) for a, b in pairwise(cuts) if b > a]
    owner: list[str | None] = []
    for low, high in pieces:
        held = [link.url for link in links if low <= link.start < high]
        owner.append(held[0] if held else None)
    for index, url in enumerate(owner):
        if url is None:
            later = next((u for u in owner[index:] if u is not None), None)
            owner[index] = later or next(u for u in reversed(owner[:index]) if u is not None)
    for url in urls:
        spans = [piece for piece, held in zip(pieces, owner, strict=True) if held == url]
        link = next(link for link in links if link.url == url)
        yield link, (spans[0][0], spans[-1][1]) if spans else (start, end)


def _publisher(text: str, link: _Link, clause_start: int) -> str | None:
    """The outlet the sentence names for this link, if the link's words name one."""
    words = text[link.start : link.end].strip(" «»„“”\"'")
    named = _NAME_THEN_VERB.match(words)
    if named is not None:
        return _as_name(named["name"])
    before = text[clause_start : link.start]
    after = text[link.end : link.end + 20]
    if _BEFORE_NAME.search(before.rstrip()) or _VERB_AFTER.match(after.lstrip(" ,")):
        return _as_name(words)
    if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
        return _as_name(words)  # "... rose 3% ([Reuters](...))"
    return None


def _as_name(words: str) -> str | None:
    words = words.strip(" ,.:;«»„“”\"'")
    if _NAME.match(words) and len(words.split()) <= _MAX_NAME_WORDS and words[:1].isupper():
        return words
    return None


def _without(text: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    """`text` with the given spans (offsets into the paragraph) blanked, URLs removed."""
    chars = list(text)
    for low, high in spans:
        for index in range(max(low - offset, 0), min(high - offset, len(chars))):
            chars[index] = " "
    return without_urls("".join(chars))


# What a URL taken out of the words leaves: a separator before the bracket it closed
# ("(Reuters, https://...)"), and brackets holding nothing or a link's label alone
# ("(https://...)", "(source: https://...)", "<https://...>").
_LEFT_BEFORE_CLOSE = re.compile(r"[\s,:;–—-]+(?=[)\]）>])")
_EMPTY_BRACKETS = re.compile(
    r"[(\[（<]\s*(?:(?:source|via|link|источник|джерело|出典|ソース)\s*:?)?\s*[)\]）>]",
    re.IGNORECASE,
)


def _clean(words: str) -> str:
    """Cited words without URLs, footnote markers and the brackets left empty by them."""
    words = _LEFT_BEFORE_CLOSE.sub("", _MARKER.sub("", without_urls(words)))
    words = _EMPTY_BRACKETS.sub("", words)
    return re.sub(r"\s+([.,;:!?。、])", r"\1", " ".join(words.split()))


__all__ = ["InlineCite", "inline_citations"]
