"""Whose figure is it: tie a claimed number to the subject the claim names.

A page often gives the same unit for several subjects in one sentence: "$475.6
billion of goods from Mexico and $418.6 billion from Canada", "a 25% tariff
on ... Mexico and Canada, and an additional 10% tariff on goods from China".
A claim about Canada that writes Mexico's figure is wrong, not supported, and
one about China's tariff is to be held against China's figure only.

Each name in a source sentence belongs to the figure of the unit it stands
next to: in English the figure before it ("$418.6 billion from Canada"), in
Japanese the figure after it (カナダから4186億ドル); names ahead of every figure
(English) or after every figure (Japanese) are the sentence's subject and
belong to all its figures. When a name of the claim belongs to some figures
of the unit but not others, only the figures it belongs to (or whose sentence
has it as subject) may support or contradict the claim.

Names are matched through `text.anchors` (katakana ~ Latin: カナダ ~ Canada),
and for a few countries written in kanji, through `_KANJI_NAMES`.
"""

from __future__ import annotations

import re

from verifier.verify.numbers._quantities import Quantity
from verifier.verify.text.anchors import is_name, shared_anchors
from verifier.verify.tuning import NEAR

# Countries a Japanese sentence writes in kanji, which no katakana reading ties.
_KANJI_NAMES = {
    "中国": "China",
    "米国": "United States",
    "日本": "Japan",
    "韓国": "South Korea",
    "北朝鮮": "North Korea",
    "英国": "Britain",
    "台湾": "Taiwan",
}
# What a figure measures, in the words a claim or a source writes for it. A
# page gives one percent for GDP and another for consumption, a rate and its
# target: a figure next to another measure's words speaks for that measure.
_MEASURES = {
    "gdp": ("GDP", "国内総生産", "gross domestic product", "ВВП", "BIP", "PIB"),
    "consumption": ("個人消費", "消費支出", "consumer spending", "consumption", "потреб"),
    "rate": ("金利", "利下げ", "利上げ", "interest rate", "policy rate", "ставк"),
    "unemployment": ("失業率", "unemployment", "jobless", "безработиц"),
}
# A target figure: `its 2% target`, `目標の2%`, `2%の物価目標`.
_TARGET_AFTER = re.compile(r"\s*(?:の\S{0,4}目標|(?:inflation\s+)?(?:target|goal)\b)", re.I)
_TARGET_BEFORE = re.compile(r"(?:目標(?:の|は|を)?|target\s+of\s+)$", re.I)
_TARGET_WORDS = ("目標", "target", "goal", "цел")
_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")
_KANA = re.compile(r"[ぁ-ゖ]")


def subject_sources(
    claimed: Quantity, sentence: str, sources: tuple[Quantity, ...], text: str
) -> tuple[tuple[Quantity, ...], str | None]:
    """The source figures that may speak for `claimed`, and the subject that chose them.

    Figures of other units pass untouched; without a subject that sets figures
    of the unit apart, all do, and the subject is None.
    """
    same = [source for source in sources if source.unit is claimed.unit]
    owners = {source: _owned_names(source, sentence, same, text) for source in same}
    specific = {name for own, _ in owners.values() for name in own}
    if not specific:
        return sources, None
    kept = tuple(
        source
        for source in sources
        if source.unit is not claimed.unit or specific & (owners[source][0] | owners[source][1])
    )
    return kept, sorted(specific)[0]


def measure_sources(
    claimed: Quantity, sentence: str, sources: tuple[Quantity, ...], text: str
) -> tuple[Quantity, ...]:
    """The source figures that may speak for `claimed` by what they measure.

    A figure of the claim's unit is dropped when it is a target the claim does
    not speak of (a "2% target" is no inflation reading), or when the measure
    nearest it is another than the claim's (GDP's 0.9% is not consumption's).
    """
    claim_measures = _measures(sentence)
    speaks_of_target = any(word.lower() in sentence.lower() for word in _TARGET_WORDS)
    return tuple(
        source
        for source in sources
        if source.unit is not claimed.unit
        or (
            (speaks_of_target or not _is_target(source, text))
            and _fits_measure(claim_measures, source, text)
        )
    )


def _measures(text: str) -> set[str]:
    lowered = text.lower()
    return {name for name, found in _MEASURES.items() if any(w.lower() in lowered for w in found)}


def _is_target(source: Quantity, text: str) -> bool:
    before = text[max(0, source.start - 12) : source.start]
    return bool(_TARGET_AFTER.match(text, source.end) or _TARGET_BEFORE.search(before))


def _fits_measure(claim_measures: set[str], source: Quantity, text: str) -> bool:
    """Whether the measure nearest `source` in its sentence is one of the claim's, or none is."""
    if not claim_measures:
        return True
    start, end = _sentence_span(text, source)
    nearest: tuple[int, str] | None = None
    for name, found in _MEASURES.items():
        for word in found:
            for hit in re.finditer(re.escape(word), text[start:end], re.IGNORECASE):
                at = start + hit.start()
                gap = source.start - at - len(word) if at < source.start else at - source.end
                if gap <= NEAR and (nearest is None or gap < nearest[0]):
                    nearest = (gap, name)
    return nearest is None or nearest[1] in claim_measures


def _owned_names(
    source: Quantity, sentence: str, same: list[Quantity], text: str
) -> tuple[set[str], set[str]]:
    """The claim's names that belong to `source` alone, and those its sentence is about."""
    start, end = _sentence_span(text, source)
    here = text[start:end]
    names = _claim_names(sentence, here)
    japanese = _KANA.search(here) is not None
    own: set[str] = set()
    common: set[str] = set()
    for name in names:
        for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", here):
            owners = _owners(start + found.start(), text, (start, end), same, japanese)
            if owners is None:
                common.add(name)
            elif source in owners:
                own.add(name)
    return own, common


def _owners(
    position: int, text: str, span: tuple[int, int], same: list[Quantity], japanese: bool
) -> list[Quantity] | None:
    """The figures a name at `position` belongs to, or None for the sentence's subject.

    In English, the figure before it in its clause (`;` ends one), or, for a name ahead
    of a later clause's figures (`...; Hillary Clinton (Democratic), 227 electoral
    votes`), all of them; in Japanese, the figure after it.
    """
    start, end = span
    if japanese:
        after = [q for q in same if position < q.start and q.end <= end]
        return after[:1] or None
    clause_start = text.rfind(";", start, position) + 1 or start
    clause_end = text.find(";", position, end)
    clause_end = end if clause_end < 0 else clause_end
    figures = [q for q in same if clause_start <= q.start and q.end <= clause_end]
    before = [q for q in figures if q.end <= position]
    if before:
        return before[-1:]
    return figures if clause_start > start and figures else None


def _claim_names(sentence: str, source_sentence: str) -> set[str]:
    """Names of the claim's sentence that the source sentence writes, as the source writes them."""
    names = {
        anchor.partition("~")[0]
        for anchor in shared_anchors(sentence, source_sentence)
        if is_name(anchor)
    }
    for kanji, english in _KANJI_NAMES.items():
        if kanji in sentence and (english in source_sentence or kanji in source_sentence):
            names.add(english if english in source_sentence else kanji)
    return names


def _sentence_span(text: str, quantity: Quantity) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, quantity.start)]
    after = _SENTENCE_END.search(text, quantity.end)
    return starts[-1] if starts else 0, after.start() if after else len(text)
