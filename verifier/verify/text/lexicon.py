"""Which content words of a Japanese quote an English sentence renders, through JMdict.

Sentence embeddings rank a page's sentences well but score a fabricated quote
on the page's topic as high as a faithful one, and on a page with many
similar sentences no single one stands out. A bilingual dictionary gives the
check a second, independent witness: the quote's content words (`支援`,
`不安`, `勝利`) looked up in JMdict (`jamdict-data` ships it as SQLite) and
their English glosses sought among the window's words. A faithful
translation renders most of them; an on-topic fabrication only a few.

The gloss is also evidence a reviewer reads: which of the quote's words
the source sentence has, and which it lacks.

The database is read directly (read-only, one indexed query per candidate
word) rather than through `jamdict`'s object API: a quote needs a few hundred
substring look-ups, and building entry objects for each would cost more than
the whole check.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import jamdict_data
import snowballstemmer

from verifier.types import Page
from verifier.verify.text.anchors import alike, name_readings
from verifier.verify.text.sentences import Window, windows
from verifier.verify.tuning import (
    FIRST_SENSE_GLOSSES,
    MIN_PREFIX,
    MIN_WEIGHT,
    STAND_OUT_COVERAGE,
    STAND_OUT_MARGIN,
    STAND_OUT_WORDS,
)

_MAX_WORD = 8  # the longest dictionary word tried at a position, in characters


CYRILLIC_LETTER = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ENTRIES, _SENSES = 3, 3  # homographs and senses per homograph whose glosses count
_KANJI = r"\u3400-\u9fff々〆ヶ"
_KANJI_RUN = re.compile(rf"[{_KANJI}]")
_KATAKANA_RUN = re.compile(r"[ァ-ヴー]{2,}")
_LATIN_RUN = re.compile(r"[A-Za-z]{2,}")
# A counter or unit after a figure (`2度`, `120億ドル`): the number check's business.
_AFTER_FIGURE = re.compile(r"[0-9０-９][0-9０-９,.，．万億兆千百十]*[かカヶ]?$")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+")
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
_CAPITALS = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+")
# Honorifics and suffixes that a translation drops (`ゼレンスキー氏` is "Zelensky"), and
# `約` (about), which belongs to the figure after it.
_NOT_CONTENT = frozenset(
    {"氏", "さん", "様", "等", "的", "者", "方", "側", "約", "対する", "関する"}
)
# Gloss words that say nothing of the meaning ("to support (someone)", "one's way").
_GLOSS_STOP = frozenset(
    "to a an the of be one's oneself someone something somebody etc in on at for by with as "  # noqa: SIM905
    "or and from into out up it its that this these those not no do make get have take give "
    "go come put set being thing things way kind esp e g usu".split()
)
# Gloss stems of stance: a claim that reverses its source swaps one of these for its
# opposite (`停止` for "keep sending", `拒否` for "agreed"). Directions (rise, fall), opposing
# (`立ち向かう` is "stand up to", `反対64` is a vote tally as often as a stance) and
# agreement are left out: translations render them too freely ("drain", "unacceptable").
_STANCES = frozenset(
    "stop suspend suspens halt freez refus reject deni deny withdraw cancel abandon "  # noqa: SIM905
    "abolish discontinu terminat extend extens prolong ban prohibit approv resum".split()
)
# Stems of English words of refusal or reversal that a faithful translation renders
# ("declined" is left out: "declined to comment" closes half the sentences of the news;
# so is "against": "the war against Ukraine" is no refusal).
_SOURCE_STANCES = frozenset(
    "refus reject deni paus suspend halt stop oppos withdraw cancel ban abandon "  # noqa: SIM905
    "scrap block veto".split()
)
# A vote against: the one "against" that is a stance (`反対票`), not a preposition.
_VOTED_AGAINST = re.compile(r"\bvot(?:e|ed|es|ing)\s+against\b", re.IGNORECASE)
_OPPOSING = frozenset({"oppos", "opposit", "object", "dissent", "against"})
# A verb's stem form (`話し`, `感じ`) looked up as its dictionary form too (`話す`, `感じる`).
_I_TO_U = str.maketrans("いきぎしちにびみり", "うくぐすつぬぶむる")
# The contracted stems before `た`/`て`: 言っ (言う, 立つ, 取る), 読ん (読む, 死ぬ, 呼ぶ).
_CONTRACTED = {"っ": ("う", "つ", "る"), "ん": ("む", "ぬ", "ぶ")}


@dataclass(frozen=True, slots=True)
class Gloss:
    """The quote's content words, each with whether the source sentence renders it and how
    much it tells (a word the page renders in every sentence tells little)."""

    words: tuple[tuple[str, bool, float], ...]

    @property
    def coverage(self) -> float:
        """Weighted share of the quote's content words the sentence renders (0 with none)."""
        total = sum(weight for _, _, weight in self.words)
        return sum(weight for _, found, weight in self.words if found) / total if total else 0.0

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(word for word, found, _ in self.words if not found)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """What an English sentence offers a Japanese word: stems, name readings, Latin words."""

    stems: frozenset[str]
    prefixes: frozenset[str]  # of the stems, for glosses they begin with
    names: tuple[str, ...]
    latin: frozenset[str]


@dataclass(frozen=True, slots=True)
class PageWords:
    """A quote's content words against every sentence of a page: the sentences that render
    each word, and how much each word tells (inverse document frequency: on an article
    about one phone call, "Trump" and "Zelensky" are in every sentence and pick out none;
    a word no sentence renders weighs as one that a single sentence renders, since it
    tells the quote from the page, not one sentence from another)."""

    words: tuple[str, ...]
    weights: tuple[float, ...]
    rendered_in: tuple[frozenset[int], ...]
    counted: tuple[bool, ...]  # whether the word counts against a window that lacks it

    def gloss(self, first: int, size: int) -> Gloss:
        """The alignment with the window of `size` sentences from sentence `first`."""
        sentences = range(first, first + size)
        aligned = []
        for word, weight, rendered_in, counted in zip(
            self.words, self.weights, self.rendered_in, self.counted, strict=True
        ):
            found = not rendered_in.isdisjoint(sentences)
            if found or counted:
                aligned.append((word, found, weight))
        return Gloss(tuple(aligned))


def page_words(quote: str, sentences: Sequence[str]) -> PageWords:
    """Which of `sentences` (a page's, in order) render each content word of `quote`.

    A word counts against a window that lacks it if `_lookup_word`, or if
    another sentence of the page renders it (a katakana name the dictionary
    does not know, named elsewhere); a katakana word is a name when the
    sentence has a name read alike.
    """
    words = content_words(quote)
    rendered_in = tuple(
        frozenset(i for i, sentence in enumerate(sentences) if _renders(word, sentence))
        for word in words
    )
    weights = tuple(
        max(math.log((len(sentences) + 1) / (max(len(found), 1) + 0.5)), MIN_WEIGHT)
        for found in rendered_in
    )
    counted = tuple(
        _lookup_word(word) or (bool(found) and len(word) > 1)
        for word, found in zip(words, rendered_in, strict=True)
    )
    return PageWords(words, weights, rendered_in, counted)


def page_table(page: Page, quote: str) -> PageWords:
    """The quote's words against the sentences of a page (`sentences.windows`' own, so a
    window's `first` and `size` index them); read once per page and quote through
    `Readings`, since every window and check asks again."""
    return page_words(quote, [window.text for window in windows(page.text) if window.size == 1])


@dataclass(frozen=True, slots=True)
class Candidate:
    """The window rendering most of a quote's weighted words, and how far it stands out."""

    index: int  # into the windows it was chosen from
    gloss: Gloss
    margin: float  # its coverage less the best coverage of a window apart from it

    def stands_out(self) -> bool:
        """Whether its words alone make it the passage rendered: at least `STAND_OUT_COVERAGE`
        of at least `STAND_OUT_WORDS` words, `STAND_OUT_MARGIN` over any window apart (chosen
        on tests/eval/translations.toml)."""
        return (
            len(self.gloss.words) >= STAND_OUT_WORDS
            and self.gloss.coverage >= STAND_OUT_COVERAGE
            and self.margin >= STAND_OUT_MARGIN
        )


def best_window(
    table: PageWords, found: Sequence[Window], scores: Sequence[float], longest: int
) -> Candidate | None:
    """Among `found` windows of at most `longest` sentences, the one rendering most of the
    quote's weight (ties: the shorter, then the closer in meaning by `scores`), with its
    margin over any window apart from it: a fabrication on the page's topic shares words
    with many sentences, a translation nearly all of its words with one."""
    alignments = {
        i: table.gloss(window.first, window.size)
        for i, window in enumerate(found)
        if window.size <= longest
    }
    if not alignments:
        return None
    chosen = max(
        alignments, key=lambda i: (alignments[i].coverage, -found[i].size, float(scores[i]))
    )
    alignment, window = alignments[chosen], found[chosen]
    apart = [
        other.coverage
        for i, other in alignments.items()
        if found[i].last < window.first or found[i].first > window.last
    ]
    return Candidate(chosen, alignment, alignment.coverage - max(apart, default=0.0))


def is_english(page: Page) -> bool:
    """Whether the dictionary can read the page: JMdict's glosses are English. A page without
    a language is English if its letters are mostly Latin (not a Telegram post in Ukrainian)."""
    if page.language:
        return page.language.startswith("en")
    latin = len(_LATIN_LETTER.findall(page.text))
    return latin > len(CYRILLIC_LETTER.findall(page.text))


def gloss(quote: str, sentence: str) -> Gloss:
    """Each content word of `quote` with whether English `sentence` has a word for it."""
    return page_words(quote, [sentence]).gloss(0, 1)


def _lookup_word(word: str) -> bool:
    """Whether an unrendered word still counts against the sentence: a Latin word, or one the
    dictionary knows that is more than a lone kanji (alone it is often a counter or part of a
    compound the segmentation cut, `度`, `億`; a katakana run the dictionary does not know may
    be a name of another sentence, or none at all)."""
    if _LATIN_RUN.fullmatch(word):
        return True
    return len(word) > 1 and bool(glosses(word))


def may_be_name(run: str) -> bool:
    """Whether a katakana run may be a person's or a place's name: the dictionary does not
    know it (ゼレンスキー), or knows it as a proper noun (マドリード), not as an ordinary
    loanword (ニュース, リモート, プレスリリース), which no name of the source need read as."""
    return not glosses(run) or is_proper(run)


def renders(word: str, sentence: str) -> bool:
    """Whether English `sentence` has a word for `word`: a name it reads as, or a gloss."""
    return _renders(word, sentence)


@lru_cache(maxsize=200_000)
def _renders(word: str, sentence: str) -> bool:
    """Whether English `sentence` has a word for `word` (a run of checks asks again and again)."""
    vocabulary = _vocabulary(sentence)
    if _LATIN_RUN.fullmatch(word):
        return word.lower() in vocabulary.latin
    if _KATAKANA_RUN.fullmatch(word) and any(alike(kana, word) for kana in vocabulary.names):
        return True
    return _rendered(word, vocabulary)


@lru_cache(maxsize=4096)
def _vocabulary(sentence: str) -> _Vocabulary:
    names = tuple(kana for kanas in name_readings(sentence).values() for kana in kanas)
    latin = frozenset(word.lower() for word in _ENGLISH_WORD.findall(sentence))
    stems = _english_stems(sentence)
    return _Vocabulary(stems, _prefixes(stems), names, latin)


def _prefixes(stems: frozenset[str]) -> frozenset[str]:
    """Every beginning of at least `MIN_PREFIX` characters of the stems."""
    return frozenset(stem[:size] for stem in stems for size in range(MIN_PREFIX, len(stem) + 1))


def _rendered(word: str, vocabulary: _Vocabulary) -> bool:
    """Whether a gloss of `word` is among the sentence's stems, or one begins the other
    (`ukrain`, `ukrainian`; `luncheon`, `lunch`), both at least `MIN_PREFIX` long."""
    meanings = glosses(word)
    if meanings & vocabulary.stems or meanings & vocabulary.prefixes:
        return True
    return any(
        meaning[:size] in vocabulary.stems
        for meaning in meanings
        for size in range(MIN_PREFIX, len(meaning))
    )


def source_stances(sentence: str, quote: str) -> list[str]:
    """Words of refusal or reversal in English `sentence` ("refused", "pausing", "voted
    against") that no content word of the Japanese `quote` is glossed by."""
    meanings = frozenset().union(*(glosses(word) for word in content_words(quote)))
    found = [
        word
        for word in _ENGLISH_WORD.findall(sentence)
        if _stem(word.lower()) in _SOURCE_STANCES and _stem(word.lower()) not in meanings
    ]
    vote = _VOTED_AGAINST.search(sentence)
    if vote and not meanings & _OPPOSING:
        found.append(vote.group())
    return found


def unrendered_stances(alignment: Gloss) -> list[tuple[str, tuple[str, ...]]]:
    """The words of stance or direction the sentence lacks, each with the glosses that make
    it one (`停止`: stop, suspension)."""
    found = []
    for word in alignment.missing:
        senses = glosses(word) & _STANCES
        if senses:
            found.append((word, tuple(sorted(senses))))
    return found


@lru_cache(maxsize=20_000)
def is_proper(word: str) -> bool:
    """Whether `word` names a place, a country or an organisation: a Latin word (`NATO`,
    `EU`), or one whose first dictionary sense is glossed only in capitals (日本 "Japan",
    マドリード "Madrid"). A translation keeps these as they are."""
    if _LATIN_RUN.fullmatch(word):
        return True
    entries = _entries(word)
    if not entries:
        return False
    first = [
        re.sub(r"\([^)]*\)", "", gloss).strip()
        for gloss in _sense_glosses(entries[0])[:FIRST_SENSE_GLOSSES]
    ]
    return bool(first) and all(len(gloss) >= 2 and gloss[0].isupper() for gloss in first)


def content_words(quote: str) -> tuple[str, ...]:
    """The quote's words worth finding in a translation: kanji words (longest JMdict match
    first), whole katakana words and Latin words; particles, endings and the counters
    after a figure (`2度`, `約20%`) left out."""
    words = []
    for start, word in _segments(quote):
        if _AFTER_FIGURE.search(quote, 0, start):
            continue
        if word in _NOT_CONTENT:
            continue
        if _KANJI_RUN.match(word) or _KATAKANA_RUN.fullmatch(word) or _LATIN_RUN.fullmatch(word):
            words.append(word)
    return tuple(words)


def _segments(text: str) -> Iterator[tuple[int, str]]:
    """Greedy longest-match words: katakana and Latin runs whole, others by the dictionary."""
    position = 0
    while position < len(text):
        run = _KATAKANA_RUN.match(text, position) or _LATIN_RUN.match(text, position)
        if run:
            yield position, run.group()
            position = run.end()
            continue
        size = _longest_entry(text, position)
        if size:
            yield position, text[position : position + size]
        position += size or 1


def _longest_entry(text: str, position: int) -> int:
    """Length of the longest dictionary word starting at `position` (0 if none)."""
    if not _KANJI_RUN.match(text, position):
        return 0
    for size in range(min(_MAX_WORD, len(text) - position), 0, -1):
        if _entries(text[position : position + size]):
            return size
    return 0


@lru_cache(maxsize=50_000)
def glosses(word: str) -> frozenset[str]:
    """Stems of the English glosses of `word`'s first senses (its dictionary form's too)."""
    stems: set[str] = set()
    for form in _forms(word):
        for entry in _entries(form)[:_ENTRIES]:
            for gloss in _sense_glosses(entry):
                stems.update(
                    _stem(token)
                    for token in _ENGLISH_WORD.findall(re.sub(r"\([^)]*\)", " ", gloss).lower())
                    if token not in _GLOSS_STOP and len(token) > 1
                )
    return frozenset(stems)


def _forms(word: str) -> tuple[str, ...]:
    """`word`, and for a stem form ending in kana the dictionary forms it may come from
    (`話し` 話す, `感じ` 感じる, `言っ` 言う, `読ん` 読む)."""
    if not re.search(r"[ぁ-ん]$", word):
        return (word,)
    stem, last = word[:-1], word[-1]
    if last in _CONTRACTED:
        return (word, *(stem + ending for ending in _CONTRACTED[last]))
    return (word, stem + last.translate(_I_TO_U), word + "る")


@lru_cache(maxsize=200_000)
def _entries(form: str) -> tuple[int, ...]:
    rows = _query(
        "SELECT idseq FROM Kanji WHERE text = ? UNION ALL SELECT idseq FROM Kana WHERE text = ?",
        (form, form),
    )
    return tuple(dict.fromkeys(int(row[0]) for row in rows))


def _sense_glosses(entry: int) -> list[str]:
    rows = _query(
        "SELECT g.text FROM SenseGloss g WHERE g.sid IN "
        "(SELECT ID FROM Sense WHERE idseq = ? ORDER BY ID LIMIT ?)",
        (entry, _SENSES),
    )
    return [str(row[0]) for row in rows]


def _english_stems(sentence: str) -> frozenset[str]:
    """Stems of the sentence's words, irregular forms by their lemma too (`spoken`, `speak`),
    and the initials of names in capitals (`U.S.`, `United States`: JMdict's 米国 is "US")."""
    stems: set[str] = set()
    for word in _ENGLISH_WORD.findall(sentence):
        lower = word.lower()
        stems.add(_stem(lower))
        stems.add(_stem(_lemma(lower)))
    stems.update(initials.replace(".", "").lower() for initials in _DOTTED.findall(sentence))
    stems.update(
        "".join(word[0] for word in run.split()).lower() for run in _CAPITALS.findall(sentence)
    )
    return frozenset(stems)


@lru_cache(maxsize=100_000)
def _lemma(word: str) -> str:
    # Imported on first use: its rule tables are a seventh of the command line's start-up,
    # and `verifier links` never lemmatises.
    import simplemma

    return str(simplemma.lemmatize(word, lang="en")).lower()


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


_LOCK = threading.Lock()


def _query(sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
    with _LOCK:
        return list(_database().execute(sql, parameters))


@cache
def _database() -> sqlite3.Connection:
    """JMdict as `jamdict-data` installs it, opened read-only (it is never written)."""
    uri = f"file:{jamdict_data.JAMDICT_DB_PATH}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)
