"""Is a source's sentence about the same event as a claim's sentence?

A date check may only call a claim's date wrong when the source dates *the
same event* differently, so it needs words the two sentences share. The claim
is Japanese; the source is often English. Three kinds of anchor bridge them:

- an event word from a small bilingual table, `events.toml` (電話 ~ call, 選挙 ~ election);
- a name: each capitalised English word is turned into katakana by `e2k`
  (Zelensky -> ゼレンスキー) and compared with the claim's katakana runs;
- for a Japanese source, a kanji compound or katakana word found in both.

The list is short on purpose: a missing anchor costs a `contradicted`, a
wrong one costs a reviewer's trust.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from verifier.verify.tuning import MAY_READ_AS, NAME_LIKENESS, READING_LIKENESS

EVENTS_PATH = Path(__file__).with_name("events.toml")


def _load_events(path: Path) -> list[dict[str, Any]]:
    """The event table (`events.toml`): each kind's name and its patterns by language."""
    events: list[dict[str, Any]] = tomllib.loads(path.read_text(encoding="utf-8"))["event"]
    return events


_TABLE = _load_events(EVENTS_PATH)
_EVENTS = tuple((e["name"], e["ja"], e["en"]) for e in _TABLE if not e.get("dates_only"))
# Events only the date check names (a date's event is often a ceremony, a speech, a low).
_DATE_EVENTS = tuple((e["name"], e["ja"], e["en"]) for e in _TABLE if e.get("dates_only"))
# The events as German, French and Russian sources write them.
_FOREIGN = {e["name"]: e["foreign"] for e in _TABLE if "foreign" in e}
_COMPILED = tuple((name, re.compile(ja), re.compile(en, re.I)) for name, ja, en in _EVENTS)
_DATE_COMPILED = _COMPILED + tuple(
    (name, re.compile(ja), re.compile(en, re.I)) for name, ja, en in _DATE_EVENTS
)
_FOREIGN_COMPILED = {name: re.compile(pattern, re.I) for name, pattern in _FOREIGN.items()}
_EVENT_NAMES = frozenset(name for name, _, _ in _EVENTS + _DATE_EVENTS)
_CYRILLIC_NAME = re.compile(r"\b[А-ЯЁІЇЄҐ][а-яёіїєґʼ'’]{2,}\b")
_LATIN = "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya g ye i yi"
_CYRILLIC_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяґєії", _LATIN.split(), strict=True))
_NUMBER = re.compile(r"(?<![\d.,])\d{2,}")
_KANJI_RUN = re.compile(r"[一-龯々]{2,}|[ァ-ヴー]{3,}")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z][A-Z0-9]{2,}(?![A-Za-z])")
# Russian and Ukrainian case endings: Брянской is Брянск, and the claim writes the stem.
_CASE_ENDING = re.compile(r"(?:ой|ий|ый|ая|ого|ому|ом|ої|ського|ської)$")
_KATAKANA = re.compile(r"[ァ-ヴー]{2,}")
_JAPANESE_WORD = re.compile(r"[一-龯々]{2,}|[ァ-ヴー]{3,}")
# Capitalised words that are no names: sentence openers, months, weekdays.
_NOT_NAME = re.compile(
    r"(?:The|This|That|These|Those|But|And|After|Before|When|While|Why|What|Who|How|Its|His|Her"
    r"|Their|Our|One|Two|Three|Many|Some|Most|Also|Once|\w+day|January|February|March|April"
    r"|May|June|July|August|September|October|November|December)"
)
_PLAIN_KANA = str.maketrans({"ヴ": "ブ", "ッ": None, "ー": None, "・": None})
_LOOSE_LATIN = str.maketrans("vwy", "uui")
# Reporting words tie any two news sentences together, whatever the event.
_REPORTING = re.compile(r"報道|報じ|記事|伝え|発表|述べ|語っ|によると")
#: Countries and the like name the setting of nearly every sentence in this
#: domain, not an event: two sentences sharing ウクライナ are no same event.
_SETTING_WORDS = frozenset(
    {"米国", "アメリカ", "ロシア", "ウクライナ", "北朝鮮", "日本", "中国", "韓国", "欧州", "英国",
     "政府", "大統領", "首相"}
)  # fmt: skip


def shared_anchors(claim: str, context: str, ignore: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What ties `context` (a source passage) to `claim` (the issue's sentence), named.

    Names found in `ignore` (the source's own publisher: the issue names it
    when attributing, not when describing the event) do not count.
    """
    names = _names(claim, context, " ".join(ignore).lower())
    return _events(claim, context) + names + _japanese_words(claim, context)


def date_anchors(claim: str, context: str, ignore: tuple[str, ...] = ()) -> tuple[str, ...]:
    """`shared_anchors` widened for dating an event, where a missed anchor costs a finding.

    Events are also read in German, French and Russian and, for a Japanese
    source, in Japanese; Cyrillic names are transliterated (a declined one
    by its stem too) and Latin acronyms (ATACMS) match as written; a Japanese
    source shares words by their longest common pieces (`衆院選` and
    `衆議院選挙` share `院選`, `自民` is in `自民党`); and numbers of two or
    more digits both give (`34年ぶり`, `34-year low`) tie the two sentences.
    """
    events = _date_events(claim, context)
    names = _names(claim, context, " ".join(ignore).lower()) + _cyrillic_names(claim, context)
    names += tuple(f"{a}~{a}" for a in dict.fromkeys(_ACRONYM.findall(context)) if a in claim)
    words = _shared_pieces(claim, context)
    numbers = tuple(
        f"#{n}" for n in dict.fromkeys(_NUMBER.findall(context)) if n in _numbers(claim)
    )
    return events + names + words + numbers


def events_in(text: str, *, english: bool = True) -> frozenset[str]:
    """The kinds of event `text` names in Japanese (or, with `english`, in English too): the
    events `shared_anchors` ties sentences by, read from one text alone."""
    return frozenset(
        name
        for name, japanese, in_english in _COMPILED
        if japanese.search(text) or (english and in_english.search(text))
    )


def is_event(anchor: str) -> bool:
    """Is this anchor (from `shared_anchors`) a kind of event rather than a name or word?"""
    return anchor in _EVENT_NAMES


def is_partial(anchor: str) -> bool:
    """Is this anchor part of a word on both sides (`院選⊂衆議院選挙`), no word of its own?"""
    return "⊂" in anchor


def is_name(anchor: str) -> bool:
    """Is this anchor a transliterated name (`Musk~マスク`)?"""
    return "~" in anchor


def _events(claim: str, context: str) -> tuple[str, ...]:
    return tuple(
        name
        for name, japanese, english in _COMPILED
        if japanese.search(claim) and english.search(context)
    )


def _date_events(claim: str, context: str) -> tuple[str, ...]:
    """Events the claim names and the context names in English, Japanese or another language."""
    found = []
    for name, japanese, english in _DATE_COMPILED:
        if not japanese.search(claim):
            continue
        foreign = _FOREIGN_COMPILED.get(name, english)
        if any(p.search(context) for p in (english, japanese, foreign)):
            found.append(name)
    return tuple(found)


def _is_event_word(word: str) -> bool:
    """Is this shared word an event word already counted as its event (`就任` is `office`)?"""
    return any(japanese.search(word) for _, japanese, _ in _DATE_COMPILED)


def _shared_pieces(claim: str, context: str) -> tuple[str, ...]:
    """The longest pieces (2+ characters) of the context's kanji and katakana words in the claim.

    A piece that is a whole word on neither side is marked `院選⊂衆議院選挙`:
    it ties the sentences but is weaker evidence of the same kind of event.
    """
    pieces: list[str] = []
    claim_words = set(_KANJI_RUN.findall(claim))
    for run in _KANJI_RUN.findall(context):
        start = 0
        while start < len(run) - 1:
            end = next((e for e in range(len(run), start + 1, -1) if run[start:e] in claim), 0)
            piece = run[start:end]
            setting = piece in _SETTING_WORDS or run in _SETTING_WORDS
            if end and not setting and not _REPORTING.search(piece) and not _is_event_word(piece):
                pieces.append(piece if piece == run or piece in claim_words else f"{piece}⊂{run}")
            start = end or start + 1
    return tuple(dict.fromkeys(pieces))


def _numbers(text: str) -> frozenset[str]:
    return frozenset(_NUMBER.findall(text))


def _cyrillic_names(claim: str, context: str) -> tuple[str, ...]:
    """Russian and Ukrainian names, read in Latin letters, then as katakana (Путин~プチン)."""
    cyrillic = {w: r for w, r in name_readings(context).items() if _CYRILLIC_NAME.fullmatch(w)}
    return _named(claim, cyrillic)


def _names(claim: str, context: str, ignore: str) -> tuple[str, ...]:
    latin = {
        word: readings
        for word, readings in name_readings(context).items()
        if _CAPITALISED.fullmatch(word) and word.lower() not in ignore
    }
    return _named(claim, latin)


def _named(claim: str, readings: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """`word~reading` for each word one of whose readings the claim writes in katakana."""
    runs = set(_KATAKANA.findall(claim))
    found = []
    for word, kanas in readings.items():
        kana = next((k for k in kanas if any(alike(k, run) for run in runs)), None)
        if kana is not None:
            found.append(f"{word}~{kana}")
    return tuple(found)


def name_readings(text: str) -> dict[str, tuple[str, ...]]:
    """The name-like words of a source text, each with the katakana it may be written in.

    Capitalised Latin words (not sentence openers, months or weekdays) read
    through e2k; Russian and Ukrainian names through their Latin reading, with
    and without a case ending (Брянской is Брянск). Public: the cross-lingual
    quote check compares a quote's names with a sentence's the same way.
    """
    readings: dict[str, tuple[str, ...]] = {
        word: (katakana(word),)
        for word in dict.fromkeys(_CAPITALISED.findall(text))
        if not _NOT_NAME.fullmatch(word)
    }
    for word in dict.fromkeys(_CYRILLIC_NAME.findall(text)):
        forms = dict.fromkeys((word, _CASE_ENDING.sub("", word)))
        readings[word] = tuple(cyrillic_katakana(form) for form in forms)
    return readings


@lru_cache(maxsize=100_000)
def alike(kana: str, run: str) -> bool:
    """Whether katakana `kana` (a Latin name read aloud) is the katakana `run` a claim wrote.

    Transliteration varies (プーチン, プチン), so near spellings and near
    readings count too. Public: publisher names are matched the same way, and
    the cross-lingual check asks about the same pairs sentence after sentence
    (hence the memo).
    """
    if len(kana) >= 3 and (kana in run or run in kana):
        return True
    if len(run) >= 3 and _plain(kana) == _plain(run):
        return True
    if SequenceMatcher(None, kana, run).ratio() >= NAME_LIKENESS:
        return True
    return SequenceMatcher(None, _reading(kana), _reading(run)).ratio() >= READING_LIKENESS


def may_read_as(run: str, word: str) -> bool:
    """Whether katakana `run` could be a reading of the Latin or Cyrillic `word` at all: the
    loose test of a place before calling it another (e2k reads "Kursk" カースク, the news
    writes クルスク; "Lviv" リビウ is as far apart as two readings of one name get)."""
    latin = "".join(_CYRILLIC_LATIN.get(char, char) for char in word.lower()).replace("_", "")
    latin = latin.replace("kh", "h").replace("zh", "j").translate(_LOOSE_LATIN)
    reading = _reading(run).translate(_LOOSE_LATIN)
    return SequenceMatcher(None, latin, reading).ratio() >= MAY_READ_AS


def _plain(kana: str) -> str:
    """Katakana without the marks transliterations disagree on (ノヴァク, ノバック: Novak)."""
    plain = kana.translate(_PLAIN_KANA)
    for voiced, plain_form in (("ブァ", "バ"), ("ブィ", "ビ"), ("ブェ", "ベ"), ("ブォ", "ボ")):
        plain = plain.replace(voiced, plain_form)
    return plain


@lru_cache(maxsize=4096)
def _reading(kana: str) -> str:
    """A rough Latin reading of katakana from the Unicode names (マ is KATAKANA LETTER MA)."""
    names = (unicodedata.name(char, "") for char in kana if char != "ー")
    return "".join(name.rsplit(" ", 1)[-1].lower() for name in names)


def _japanese_words(claim: str, context: str) -> tuple[str, ...]:
    """Words of a Japanese source that the claim repeats (nothing for an English source)."""
    words = _JAPANESE_WORD.findall(context)
    return tuple(dict.fromkeys(w for w in words if w in claim and not _REPORTING.search(w)))


def cyrillic_katakana(word: str) -> str:
    """A Russian or Ukrainian word in katakana, through its Latin reading (Путин -> プチン)."""
    latin = "".join(_CYRILLIC_LATIN.get(char, char) for char in word.lower())
    return katakana(latin.replace("_", ""))


@lru_cache(maxsize=4096)
def katakana(word: str) -> str:
    """How a Latin word is written in katakana (`Putin` -> プチン), to meet Japanese copy."""
    return _converter()(word.lower())


@lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    """Loaded on first use (~0.2 s): most runs never need to compare a name."""
    from e2k import C2K  # type: ignore[import-untyped]

    converter: Callable[[str], str] = C2K()
    return converter


_TOPIC = re.compile(r"([一-龯々]{2,}|[ァ-ヴー]{3,})は")
_KANA = re.compile(r"[ぁ-ん]")


def keeps_topic(claim: str, passage: str) -> bool:
    """Does a Japanese passage name the topic (the word before the first `は`) of `claim`?

    The caller passes the claim up to its date: a date after the topic is
    the topic's; one before it may date a word of its own
    (`20日に投開票された衆院選で、…両党は`).

    Shared modifiers are not the event: `経済対策の裏付けとなる補正予算案は`
    is about the budget, not the stimulus a source dates. Any two-character
    piece of the topic counts (`石破首相` meets `石破茂首相`); a passage in
    another language, or a claim with no topic, is not held to it.
    """
    topic = _TOPIC.search(claim)
    if topic is None or not _KANA.search(passage):
        return True
    word = topic.group(1)
    return any(word[i : i + 2] in passage for i in range(len(word) - 1))
