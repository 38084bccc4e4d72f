"""The publisher alias table: which names and domains are one publication.

An issue names its sources the way its readers know them (ポリティコ, 日経,
ウクライナ版『プラウダ』); pages name themselves in English (POLITICO, RT
International) and live on domains. The table in `outlets.toml` ties
these together so that the `publisher` check compares publications, not
spellings. Data, not code: adding a publisher is one TOML entry.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from verifier.verify.text.anchors import alike, katakana
from verifier.verify.tuning import (
    MIN_CJK_INSIDE,
    MIN_SPELLED,
    OTHER_NAME,
    SPELLED,
    SPELLING_LIKENESS,
    TRANSLITERATION_LIKENESS,
)
from verifier.vocabulary import JAPANESE, KATAKANA

TABLE_PATH = Path(__file__).with_name("outlets.toml")

# Punctuation that spelling variants disagree on: 'ウォール・ストリート', 'U.S.', 'RT-World'.
_NOISE = re.compile(r"[\s・･.,'’\"“”\-‐–—―_『』「」()()]+")
_WORD = re.compile(r"\w+")
_CJK = re.compile(f"[{JAPANESE}]")
_KATAKANA = re.compile(f"[{KATAKANA}]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z\s.&'\-]*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Ukrainian and Russian letters as an English reader would spell them (Укрінформ: ukrinform).
_CYRILLIC_LATIN = str.maketrans(
    {
        **dict(zip("абвгґдеёєзиіїйклмнопрстуфхцыэ", "abvggdeeeziiiyklmnoprstufhcye", strict=True)),
        **{"ж": "zh", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya", "ь": "", "ъ": ""},
    }
)
# Ukrainian spells и, ї and й its own way (Київський: kyivskyi, not kiivskiy).
_UKRAINIAN_LATIN = str.maketrans(
    {
        **{chr(code): letters for code, letters in _CYRILLIC_LATIN.items()},
        **{"и": "y", "ї": "yi", "й": "i"},
    }
)
# Latin letters Japanese has no kana for, as katakana writes them (Kreml: クレムリン has r).
_KANA_LATIN = str.maketrans({"l": "r", "v": "b"})
# Words many publisher names share: 'The Times' and 'The Hill' are not alike by 'the'.
_FILLER = frozenset({"the", "of", "and", "news", "daily", "times", "post"})


def name_key(name: str) -> str:
    """A spelling-proof key: width, case, spaces, '・', '.', quotes and a leading 'The' dropped."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    return _NOISE.sub("", text)


def host_in(host: str, domain: str) -> bool:
    """Whether a host is the domain or one of its subdomains."""
    return host == domain or host.endswith("." + domain)


@dataclass(frozen=True, slots=True)
class Publisher:
    """One publication: the name notes show, its domains and its other names."""

    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    platform: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def owns(self, host: str) -> str | None:
        """The domain of this publisher that `host` belongs to, if any."""
        return next((domain for domain in self.domains if host_in(host, domain)), None)


@dataclass(frozen=True, slots=True)
class PublisherTable:
    """Look-ups by name, by host and inside a site name, plus the 'official site' rule."""

    publishers: tuple[Publisher, ...]
    official_aliases: frozenset[str] = frozenset()
    official_suffixes: tuple[str, ...] = ()
    official_domains: tuple[str, ...] = ()

    def resolve(self, name: str | None) -> Publisher | None:
        """The publisher a name (as written) stands for, by exact key."""
        if not name:
            return None
        key = name_key(name)
        return next((p for p in self.publishers if key in map(name_key, p.names)), None)

    def by_host(self, host: str) -> Publisher | None:
        """The publisher whose domain a host belongs to (the most specific domain wins)."""
        owners = [(len(domain), p) for p in self.publishers if (domain := p.owns(host))]
        return max(owners, key=lambda pair: pair[0])[1] if owners else None

    def named_in(self, text: str | None) -> Publisher | None:
        """The publisher a longer name contains ('RT International', 'Encyclopedia Britannica').

        Latin names must appear as whole words, so 'RT' is not found in 'smart'.
        The longest matching name wins.
        """
        if not text:
            return None
        exact = self.resolve(text)
        if exact is not None:
            return exact
        found = [
            (len(name), p) for p in self.publishers for name in p.names if contains_name(name, text)
        ]
        return max(found, key=lambda pair: pair[0])[1] if found else None

    def is_official_alias(self, name: str) -> bool:
        return name_key(name) in self.official_aliases

    def official_domain(self, host: str) -> str | None:
        """Why a host is an official (government or intergovernmental) site, or None."""
        for domain in self.official_domains:
            if host_in(host, domain):
                return domain
        return next((f".{s}" for s in self.official_suffixes if host_in(host, s)), None)


def contains_name(name: str, text: str) -> bool:
    """Whether `text` contains `name`, spelling-proof; a Latin name as whole words."""
    if _CJK.search(name):
        key = name_key(name)
        return len(key) >= MIN_CJK_INSIDE and key in name_key(text)
    words = _words(name)
    return bool(words) and f" {words} " in f" {_words(text)} "


def resembles(cited: str, publisher: Publisher) -> bool:
    """Whether a name the table does not know may still be this publisher.

    A variant spelling ('Mainichi Shinbun'), a name that contains one of its
    names or is contained in one ('日経ビジネス', a sub-brand), or a katakana
    rendering of its Latin name ('ジャパン・タイムズ' ~ 'Japan Times'): such a
    name is not evidence of another publisher.
    """
    return any(_alike_names(cited, name) for name in publisher.names)


def _alike_names(cited: str, name: str) -> bool:
    a, b = name_key(cited), name_key(name)
    short, long = sorted((a, b), key=len)
    if _CJK.search(short) and len(short) >= 2 and short in long:
        return True
    if contains_name(name, cited) or contains_name(cited, name):
        return True
    if fuzz.ratio(a, b) >= SPELLING_LIKENESS:
        return True
    return sounds_alike(cited, name) or sounds_alike(name, cited)


def same_name_in_latin(cited: str, name: str) -> bool:
    """Whether a Latin name is a Cyrillic one spelt in Latin letters ('Kyivskyi Visnyk' ~
    'Київський вісник'): transliterations differ in a letter here and there."""
    if not (_LATIN.fullmatch(cited.strip()) and _CYRILLIC.search(name)):
        return False
    key = name_key(name)
    readings = {key.translate(_CYRILLIC_LATIN), key.translate(_UKRAINIAN_LATIN)}
    return any(
        fuzz.ratio(name_key(cited), reading) >= TRANSLITERATION_LIKENESS for reading in readings
    )


def comparable(cited: str, name: str) -> bool:
    """Whether two names are written so that their letters can be compared: both in CJK, or
    both in Latin or Cyrillic letters."""
    return bool(_CJK.search(cited)) == bool(_CJK.search(name))


def plainly_other(cited: str, name: str) -> bool:
    """Whether two publisher names in one script (Cyrillic read in Latin letters) share
    nothing: no word, no two characters of a CJK name, no likeness of spelling. 'Coastal
    Ledger' and 'The Meridian Herald', `湾岸日報` and `東都経済新聞` are two publishers;
    'ハルデン湾港湾局' and 'Port of Halden Bay' are one name in two languages, not this."""
    a, b = name_key(cited), name_key(name).translate(_CYRILLIC_LATIN)
    if not (a and b and comparable(cited, name)):
        return False
    if _CJK.search(a):
        return not any(a[i : i + 2] in b for i in range(len(a) - 1))
    shared = set(_words(cited).split()) & set(_words(name.translate(_CYRILLIC_LATIN)).split())
    return not (shared - _FILLER) and fuzz.token_set_ratio(a, b) < OTHER_NAME


def sounds_alike(kana: str, name: str) -> bool:
    """Whether a katakana name reads as a Latin or Cyrillic one.

    A Latin name is read through `e2k` ('ルモンド' ~ 'Le Monde'). e2k reads
    English, not Ukrainian or Russian, so a Cyrillic name is spelt in Latin
    letters and the katakana is read back letter by letter: 'ウクルインフォルム'
    (u-ku-ru-i-n-fu-o-ru-mu) spells out 'Укрінформ' (ukrinform) in order.
    """
    if _CYRILLIC.search(name):
        return _spells(name_key(kana), name_key(name).translate(_CYRILLIC_LATIN))
    return _sounds_alike(kana, name)


def _spells(kana: str, latin: str) -> bool:
    """Whether the kana's reading holds nearly all the letters of `latin`, in order.

    Katakana adds a vowel after each consonant, so the reading is longer;
    twice as long and more is another name that happens to hold the letters.
    """
    latin = re.sub(r"[^a-z]", "", latin).translate(_KANA_LATIN)
    if not _KATAKANA.fullmatch(kana) or len(latin) < MIN_SPELLED:
        return False
    reading = _kana_reading(kana)
    if len(reading) > 2 * len(latin) + 2:
        return False
    common = SequenceMatcher(None, latin, reading, autojunk=False).get_matching_blocks()
    return sum(block.size for block in common) >= SPELLED * len(latin)


def _kana_reading(kana: str) -> str:
    """Katakana in Latin letters from the Unicode names (フ is HU: read fu), ー and ッ unread."""
    names = (unicodedata.name(char, "") for char in kana if char not in "ーッ")
    return "".join(name.rsplit(" ", 1)[-1].lower() for name in names).replace("hu", "fu")


def _sounds_alike(kana: str, latin: str) -> bool:
    """Whether a katakana name reads as a Latin one, through `e2k` ('ルモンド' ~ 'Le Monde')."""
    key = name_key(kana)
    if not _KATAKANA.fullmatch(key) or not _LATIN.fullmatch(latin):
        return False
    words = _words(latin).split()
    if words[:1] == ["the"]:
        words = words[1:]
    reading = "".join(katakana(word) for word in words)
    return bool(reading) and alike(reading, key)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


@cache
def load_table(path: Path = TABLE_PATH) -> PublisherTable:
    """Read the alias table once per process."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    official: dict[str, Any] = data.get("official", {})
    return PublisherTable(
        publishers=tuple(_publisher(entry) for entry in data.get("publisher", [])),
        official_aliases=frozenset(name_key(a) for a in official.get("aliases", [])),
        official_suffixes=tuple(official.get("suffixes", [])),
        official_domains=tuple(official.get("domains", [])),
    )


def _publisher(entry: dict[str, Any]) -> Publisher:
    return Publisher(
        name=str(entry["name"]),
        domains=tuple(str(d) for d in entry.get("domains", [])),
        aliases=tuple(str(a) for a in entry.get("aliases", [])),
        platform=bool(entry.get("platform", False)),
    )
