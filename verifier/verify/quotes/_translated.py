"""What the translated-quote check reads in a window: the facts of a quote beside it.

The quote check hands over a quote whose script is not the page's (a Japanese
translation of an English, Ukrainian or Russian page); the embedders rank the
page's windows (`embeddings.WindowIndex`), and embeddings cannot tell 25
minutes from 35. So, inside the window: the quote's numbers with units (the
number check's own matching), its dates and weekdays, its katakana names
against the window's Latin and Cyrillic names (`text.anchors.alike`, through
e2k), its polarity (a Japanese negation the window lacks, or the reverse, in
the clause the quote renders), its words of stance and side (`停止` where the
source keeps sending), the part of a period and a region (`window_facts`).
Also here: the measures of how a window stands out among the page's
(`apart_margin`, `runner_up_gap`), the window JMdict's glosses point at
(`lexical_candidate`), and the quote's units (`claim_units`). `_features`
turns all of it into the calibrated model's measures; `_judge` gives the verdict.
"""

from __future__ import annotations

import re

from verifier.types import Fact, Page
from verifier.verify.dates import SourceDate, find_dates, period_gap
from verifier.verify.numbers import (
    COUNTABLE,
    Quantity,
    Unit,
    best_match,
    claim_quantities,
    source_quantities,
)
from verifier.verify.text.anchors import alike, katakana, may_read_as, name_readings
from verifier.verify.text.embeddings import Ranked
from verifier.verify.text.lexicon import (
    CYRILLIC_LETTER,
    Candidate,
    best_window,
    gloss,
    is_english,
    is_proper,
    page_table,
    source_stances,
    unrendered_stances,
)
from verifier.verify.text.normalize import ELLIPSIS
from verifier.verify.text.reading import Readings
from verifier.verify.text.sentences import Window, sentence_spans, windows
from verifier.verify.tuning import (
    MAX_UNIT_SENTENCES,
    MIN_LOOSE_COUNT,
    MIN_UNIT,
    PLAUSIBLE_WORDS,
)

# A note in brackets without a figure: a figure in brackets (`(約3万円)`) is the source's.
_EDITORIAL = re.compile(r"[（(][^（）()0-9０-９]*[）)]")
_RELATIVE = "resolved against"  # how `find_dates` explains a weekday it placed
_CLAUSE_BREAK = re.compile(r"[,;:—–]\s")
_KATAKANA = re.compile(r"[ァ-ヴー・]{3,}")
# A negated main predicate at the end of a Japanese quote (`打ち切らない`, `述べなかった`,
# `全会一致ではなかったと述べた`: the reported clause is the claim),
# not the idioms built on a negative form: must (なければならない), may (かもしれない),
# only (しか…ない), nobody / nothing (誰も, 何も: the English says "nobody" too).
_JA_NEGATED_END = re.compile(
    r"(?:ない|なかった|ません|ませんでした|せず|ないだろう)"
    r"(?:と(?:述べ|語っ|話し|説明し|強調し|明らかにし)た)?[。」』]?$"
)
_JA_NOT_NEGATION = re.compile(
    r"なければ|かもしれない|しか|ほかない|違いない|ではないか|誰も|何も|どこも"
)
# Any negative form or word in Japanese: a quote without one cannot render "not".
_JA_NEGATIVE = re.compile(r"な[いくか]|ず|ぬ|ません|否|拒|反対|無|非|不|未|なし|誰も|何も|せよ")
_NEGATION = re.compile(
    r"\b(?:not|never|no|nobody|nothing|neither|nor|none)\b|n[’']t\b|(?<!\w)(?:не|ні|нет|ніхто|никто)(?!\w)",
    re.IGNORECASE,
)

# "Did not rule out" and its kin, and the Japanese words that rule out: a quote that makes the
# source's "did not exclude a hike" into `利上げの可能性を否定した` reverses it, though both
# sides carry a negative word.
_NOT_RULED_OUT = re.compile(
    r"\b(?:not|never)\s+(?:\w+\s+)?(?:rul(?:e[sd]?|ing)\s+out|exclud)|n[’']t\s+(?:rul|exclud)"
    r"|(?<!\w)(?:не|ні)\s+(?:исключ|виключ)",
    re.IGNORECASE,
)
_JA_RULED_OUT = re.compile(r"(?:否定|排除|否認)(?:し|する|した|され)(?!な)")

# Which part of a period (`来年後半` / "early next year"): a translation keeps it, a changed
# claim moves it. Japanese words, then the English that says the same part.
_JA_PERIOD_PART = {
    "early": re.compile(r"前半|初め|初頭|上旬|年初|早々|早期"),
    "late": re.compile(r"後半|終盤|下旬|年末|月末|末までに|末に"),
    "mid": re.compile(r"半ば|中旬|中盤"),
}
_EN_PERIOD_PART = {
    "early": re.compile(r"\b(?:early|beginning of|start of|first half)\b", re.IGNORECASE),
    "late": re.compile(r"\b(?:late|end of|second half|latter half)\b", re.IGNORECASE),
    "mid": re.compile(r"\b(?:mid|middle of)\b", re.IGNORECASE),
}
# A place named with its kind: `クルスク州`, "the Kursk region", "Курской области".
_JA_PLACE_KIND = r"(?:州|地方|県|地域|自治区)"
_PLACE = re.compile(
    r"\b([A-Z][a-z]+)(?:'s)?\s+(?:region|oblast|province|prefecture)\b"
    r"|(?<!\w)([А-ЯІЇЄ][а-яіїєґ']+?)(?:ой|ий|ая|ій|ої|ую|ое|ого)\s+(?:област|регион|край)\w*",
)
# For and against: `反対` where the source "supported" the act, `支持` where it "opposed" it.
# Only a side someone takes: not "the war against Ukraine", nor "Iran-backed militias".
_JA_SIDES = {"against": re.compile(r"反対(?!票)"), "for": re.compile(r"賛成(?!票)|支持し")}
_EN_SIDES = {
    "against": re.compile(
        r"(?<![-‑])\b(?:oppos(?:e|ed|es|ing)|objected|(?:vot\w*|came out|spoke)\s+against)\b",
        re.IGNORECASE,
    ),
    "for": re.compile(r"(?<![-‑])\b(?:supported|supports|endorsed|favou?red)\b", re.IGNORECASE),
}


def lexically_absent(
    quote: str, page: Page, readings: Readings | None = None, below: float = PLAUSIBLE_WORDS
) -> bool:
    """Whether no passage of an English page renders even `below` of the quote's content
    words: then no sentence of it is the quote's, and the embeddings need not be computed
    (the search for a quote's true source across the issue asks this of every page)."""
    if not is_english(page):
        return False
    table = (readings or Readings()).of(page, page_table, quote)
    best = max(
        (table.gloss(window.first, window.size).coverage for window in windows(page.text)),
        default=0.0,
    )
    return best < below


def claim_units(quote: str) -> list[str]:
    """The quote's checkable units: the parts `(中略)` or `…` separate (each renders its own
    passage), and the sentences of a part longer than `MAX_UNIT_SENTENCES` (two consecutive
    sentences stay together, as translations merge them; a paragraph renders several). The
    newsletter's own notes in brackets (`スターリンク衛星(スペースX社の…)`, `(ウクライナ紛争を)`)
    are no part of what the source said; a figure in brackets is (a translation's
    `1万ドル(約150万円)`), and is compared with the rest."""
    units: list[str] = []
    for part in ELLIPSIS.split(quote):
        part = _EDITORIAL.sub("", part)
        spans = sentence_spans(part)
        if len(spans) > MAX_UNIT_SENTENCES:
            units.extend(part[start:end] for start, end in spans)
        else:
            units.append(part.strip())
    return [unit for unit in units if len(unit) >= MIN_UNIT] or [quote]


def lexical_candidate(
    quote: str, ranked: Ranked, page: Page, readings: Readings
) -> Candidate | None:
    """The window whose English renders most of the quote's content words (an English page
    only: JMdict's glosses are English), among windows no longer than the quote's sentences
    plus one (`lexicon.best_window`)."""
    if not is_english(page):
        return None
    longest = min(3, len(sentence_spans(quote)) + 1)
    scores = [float(score) for score in ranked.scores]
    table = readings.of(page, page_table, quote)
    return best_window(table, ranked.windows, scores, longest)


def apart_margin(ranked: Ranked, best: int) -> float:
    """Best score minus the best score of a window sharing no sentence with it."""
    chosen = ranked.windows[best]
    apart = [
        float(score)
        for window, score in zip(ranked.windows, ranked.scores, strict=True)
        if window.last < chosen.first or window.first > chosen.last
    ]
    return float(ranked.scores[best]) - max(apart, default=0.0)


def runner_up_gap(ranked: Ranked) -> float:
    """The best single sentence's score minus the runner-up's."""
    singles = sorted(
        (
            float(score)
            for window, score in zip(ranked.windows, ranked.scores, strict=True)
            if window.size == 1
        ),
        reverse=True,
    )
    return singles[0] - singles[1] if len(singles) > 1 else singles[0] if singles else 0.0


def window_facts(quote: str, window: Window, page: Page) -> list[Fact]:
    """The quote's figures, dates, names, polarity and words beside the window's (a figure,
    date or name is not listed again as a word)."""
    facts = [
        *_number_facts(quote, window, page),
        *_date_facts(quote, window, page),
        *_name_facts(quote, window, page),
        *_polarity_facts(quote, window, page),
        *_stance_facts(quote, window, page),
        *_part_facts(quote, window, page),
    ]
    words = _word_facts(quote, window, page)
    return facts + [w for w in words if not any(w.claim in fact.claim for fact in facts)]


def _number_facts(quote: str, window: Window, page: Page) -> list[Fact]:
    """Quote figures beside the window's: the same, another of the same kind (a changed
    figure), or none (a figure the window lacks altogether is no finding)."""
    found = source_quantities(window.text, page.language)
    return [
        _compared(
            "number",
            claimed.text,
            match.source.text if (match := best_match(claimed, found)) else None,
            [q.text for q in found if _rivals(claimed, q)],
        )
        for claimed in claim_quantities(quote, _date_texts(quote, page))
    ]


def _compared(kind: str, claim: str, agreeing: str | None, rivals: list[str]) -> Fact:
    """A quote's figure or date beside the window's: the same (ticked), another of its kind
    (crossed, naming them), or none at all (no finding: the window may merely omit it)."""
    if agreeing is not None:
        return Fact(kind, claim, agreeing, True)
    if rivals:
        note = f"the quote says {claim!r}, the source {', '.join(map(repr, rivals))}"
        return Fact(kind, claim, rivals[0], False, note)
    return Fact(kind, claim)


def _rivals(claimed: Quantity, source: Quantity) -> bool:
    """Could `source` be the figure `claimed` renders? The same unit, or for a count a figure
    without one (`22 цивільних суден`: the parser knows no ships; years are never figures),
    though not for a small count (`3人の情報筋` is no misreading of "one source said")."""
    if claimed.unit is None or claimed.unit is Unit.SCORE:
        return False
    if claimed.unit in COUNTABLE and source.unit in (None, Unit.COUNT):
        return claimed.value >= MIN_LOOSE_COUNT
    return source.unit is claimed.unit


def _date_texts(quote: str, page: Page) -> tuple[str, ...]:
    return tuple(found.text for found in find_dates(quote, page.published))


def _date_facts(quote: str, window: Window, page: Page) -> list[Fact]:
    """Quote dates (`水曜日`, `9月`, `2025年`) beside the window's of the same precision."""
    said = find_dates(window.text, page.published)
    facts = []
    for claimed in find_dates(quote, page.published):
        same = [d for d in said if d.precision is claimed.precision]
        agreeing = [
            d
            for d in same
            if period_gap((claimed.first, claimed.last), d) == 0 or _same_weekday(claimed, d)
        ]
        first = agreeing[0].text if agreeing else None
        facts.append(_compared("date", claimed.text, first, [d.text for d in same]))
    return facts


def _same_weekday(claimed: SourceDate, said: SourceDate) -> bool:
    """Two bare weekdays naming the same day of the week: "closed on Monday" (ahead) and
    `月曜日も休校` (no tense) resolve to different weeks but say the same."""
    relative = _RELATIVE in claimed.resolved and _RELATIVE in said.resolved
    single = claimed.first == claimed.last and said.first == said.last
    apart = (claimed.first - said.first).days
    return relative and single and apart % 7 == 0 and abs(apart) <= 7


def _name_facts(quote: str, window: Window, page: Page) -> list[Fact]:
    """Katakana names beside the window's: named there, or a person the page names elsewhere
    whom the window does not (the outlet aside: `アクシオスによると` attributes, it names no
    one in the story). A katakana word that is no name on the page is no name fact."""
    window_names = name_readings(window.text)
    page_names = name_readings(page.text)
    outlet = [katakana(word) for word in re.findall(r"[A-Za-z]{3,}", page.publisher or "")]
    facts = []
    for run in dict.fromkeys(_KATAKANA.findall(quote)):
        here = [name for name, kanas in window_names.items() if any(alike(k, run) for k in kanas)]
        if here:
            facts.append(Fact("name", run, here[0], True))
            continue
        if any(alike(kana, run) for kana in outlet):
            continue
        elsewhere = [
            name for name, kanas in page_names.items() if any(alike(k, run) for k in kanas)
        ]
        if elsewhere:
            note = f"{run} ({elsewhere[0]}) is not in this sentence"
            facts.append(Fact("name", run, None, False, note))
        elif (place := _other_place(quote, run, window.text)) is not None:
            note = f"the quote says {run}, the source {place}"
            facts.append(Fact("name", run, place, False, note))
    return facts


def _other_place(quote: str, run: str, sentence: str) -> str | None:
    """The region the sentence names where the quote names another (`ベルゴロド州` for "the
    Kursk region"): a place the quote writes with its kind (州, 地方) that the sentence does
    not name, while it names one of that kind."""
    if not re.search(re.escape(run) + _JA_PLACE_KIND, quote):
        return None
    places = {
        found.group(): found.group(1) or found.group(2) for found in _PLACE.finditer(sentence)
    }
    if not places or any(may_read_as(run, name) for name in places.values()):
        return None
    return next(iter(places))


def english_window(page: Page, window: Window) -> bool:
    """Whether the dictionary reads the window: an English page, and no Cyrillic in the window
    (a Telegram post under an English widget is no English sentence)."""
    return is_english(page) and not CYRILLIC_LETTER.search(window.text)


def _word_facts(quote: str, window: Window, page: Page) -> list[Fact]:
    """The quote's content words the English window renders (ticked) or lacks; a lacking word
    of stance or direction (`反対`, `停止`, `延長`) or a lacking name of a place or body (日本,
    NATO) is a changed fact: a translation keeps them, a changed claim swaps them."""
    if not english_window(page, window):
        return []
    alignment = gloss(quote, window.text)
    stances = dict(unrendered_stances(alignment))
    facts = []
    for word, found, _ in alignment.words:
        if found:
            facts.append(Fact("word", word, None, True))
        elif word in stances:
            senses = ", ".join(stances[word])
            note = f"the quote says {word} ({senses}); the sentence has no word for it"
            facts.append(Fact("word", word, None, False, note))
        elif is_proper(word):
            note = f"the quote names {word}; the sentence does not"
            facts.append(Fact("name", word, None, False, note))
        else:
            facts.append(Fact("word", word))
    return facts


def _polarity_facts(quote: str, window: Window, page: Page) -> list[Fact]:
    """A negation on one side only: the quote's main predicate negated where the source has
    no negation at all, a source that does not rule out what the quote has it rule out (in
    the whole window when the dictionary cannot tell which clause the quote renders), or a
    negation in the clause of the window the quote renders (not a neighbouring one) where the
    quote has no negative form anywhere."""
    negated = _JA_NEGATED_END.search(quote.strip()) and not _JA_NOT_NEGATION.search(quote)
    if negated and not _NEGATION.search(window.text):
        note = "the quote denies what the source affirms"
        return [Fact("polarity", "negative", "affirmative", False, note)]
    clause = _rendered_part(quote, window, _CLAUSE_BREAK)
    said = clause if english_window(page, window) else window.text
    if _NOT_RULED_OUT.search(said) and _JA_RULED_OUT.search(quote):
        note = "the quote has the source rule out what the source does not rule out"
        return [Fact("polarity", "ruled out", "not ruled out", False, note)]
    if _NEGATION.search(clause) and not _JA_NEGATIVE.search(quote):
        note = "the source denies what the quote affirms"
        return [Fact("polarity", "affirmative", "negative", False, note)]
    return []


def _stance_facts(quote: str, window: Window, page: Page) -> list[Fact]:
    """Words of refusal or reversal in the window's sentence the quote renders ("refused",
    "is pausing sales") that the quote has no word or negative form for:
    a claim that reverses its source drops them."""
    if not english_window(page, window):
        return []
    facts = []
    for word in dict.fromkeys(source_stances(_rendered_part(quote, window), quote)):
        note = f"the source says {word!r}; the quote has no word for it"
        facts.append(Fact("word", word, word, False, note))
    return facts


def _rendered_part(quote: str, window: Window, within: re.Pattern[str] | None = None) -> str:
    """The sentence of the window (or, `within` given, the clause of a sentence between
    those breaks) that renders most of the quote's words. A negation is looked for in the
    clause ("I did not come here for the record, I came to win, but when I saw the clock I
    knew" holds three claims, and a quote of the last says nothing of the first); a refusal
    in the sentence ("adjourned without an agreement, after the army refused to send a
    delegation" is one event)."""
    parts = [
        part
        for start, end in sentence_spans(window.text)
        for part in (within.split(window.text[start:end]) if within else [window.text[start:end]])
        if part.strip()
    ]
    return max(parts, key=lambda part: gloss(quote, part).coverage, default=window.text)


def _part_facts(quote: str, window: Window, page: Page) -> list[Fact]:
    """The part of a period (early, late) and the side taken (for, against) beside the clause
    of the window the quote renders: another part or side there, and none of the quote's, is
    a changed fact ("early next year" rendered `来年後半`; "supported the act" rendered
    `反対だ`)."""
    if not english_window(page, window):
        return []
    clause = _rendered_part(quote, window, _CLAUSE_BREAK)
    facts = []
    for kind, ja, en in (
        ("date", _JA_PERIOD_PART, _EN_PERIOD_PART),
        ("word", _JA_SIDES, _EN_SIDES),
    ):
        said = {part for part, pattern in en.items() if pattern.search(clause)}
        for part, pattern in ja.items():
            found = pattern.search(quote)
            if found and said and part not in said:
                other = sorted(said)[0]
                note = f"the quote says {found.group()!r} ({part}), the source says {other}"
                facts.append(Fact(kind, found.group(), other, False, note))
    return facts
