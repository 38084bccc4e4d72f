"""Quantities with units, in Japanese and English text, as comparable values.

The issue writes `7470万6124票`, `約600億ドル`, `3期目`, `53歳`; its sources
write `74,706,124 votes`, `around $60 billion`, `third term`, `Age 53`. Both
become a `Quantity`: an exact `Decimal` value, a canonical `Unit` (or None for
a bare number, such as a table cell), the `resolution` it was written to and
how it is bounded (約 = about, 以上 = at least ...).

Hand-written regexes, not a library, because the libraries tried fail on
exactly these sentences: `suji` reads `約25分間` as 0.25 (分 as a hundredth),
splits `１，０００万` at the full-width comma, reads `五大陸` as 5 and 6 and
keeps no precision; `quantulum3` reads `312 74,706,124` as 706,124, `95bn` as
"barn newton", `third` as 1/3, minutes as "minute of arc", and takes ~2.5 s to
load. The resolution (the place of the last digit written: 10,000 for
`7470万`, 1 for `74,706,124`) is what lets a rounded figure match an exact
one, and no parser tried reports it.

What is not a quantity: dates and years (`2024年11月6日`, `2016年`, `in 2010`,
`Nov. 6`), ordinals (`第2次`, `30th`), list markers (`1)`), times (`2:41`),
vague counts (`数十万`), "one of" (`議員の1人`), and, on the Japanese side, a
number with no unit (`定数100`, `(+3`) or a kanji numeral with none
(`一方`): these are skipped. English bare numbers are kept with unit None,
because sources put figures in table cells without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache


class Unit(StrEnum):
    VOTES = "votes"
    ELECTORAL_VOTES = "electoral votes"
    SEATS = "seats"
    PEOPLE = "people"
    COUNT = "count"
    USD = "usd"
    JPY = "jpy"
    EUR = "eur"
    GBP = "gbp"
    PERCENT = "percent"
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"
    AGE = "age"
    TERM = "term"
    MILES = "miles"
    KM = "km"


class Bound(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at least"
    AT_MOST = "at most"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, as written at `text[start:end]` (qualifier included)."""

    text: str
    start: int
    end: int
    value: Decimal
    unit: Unit | None
    resolution: Decimal
    bound: Bound = Bound.EXACT

    def overlaps(self, other: Quantity) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def digits(self) -> str:
        """The digits as written, without the scale: `74706124`, `95` for `$95 billion`."""
        return str(int(self.value / self.resolution))


# Full-width ASCII (０-９, ％, ，, ＄...) to ASCII, one character for one, so
# every offset found in the translated text is an offset in the original.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_KANJI_DIGITS = dict(zip("〇一二三四五六七八九", range(10), strict=True))
_KANJI_POWERS = {"十": 10, "百": 100, "千": 1000}
_JA_SCALES = {"万": Decimal(10) ** 4, "億": Decimal(10) ** 8, "兆": Decimal(10) ** 12}
_JA_GROUP = rf"(?:{_DIGITS}|[〇一二三四五六七八九十百千]+)"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _units(*groups: tuple[str, Unit]) -> dict[str, Unit]:
    """A unit table from `("word word", Unit)` pairs: every word of a pair means its unit."""
    return {word: unit for words, unit in groups for word in _words(words)}


_JA_UNITS = _units(
    ("票", Unit.VOTES), ("議席", Unit.SEATS), ("人 名", Unit.PEOPLE),
    ("米ドル ドル", Unit.USD), ("円", Unit.JPY), ("ユーロ", Unit.EUR),
    ("% パーセント", Unit.PERCENT), ("分間 分", Unit.MINUTES), ("時間", Unit.HOURS),
    ("日間", Unit.DAYS), ("ヶ月 か月 カ月 ヵ月", Unit.MONTHS), ("年半 年間", Unit.YEARS),
    ("歳", Unit.AGE), ("期目 期", Unit.TERM), ("回 件 大陸 カ国 か国 ヶ国", Unit.COUNT),
    ("マイル", Unit.MILES), ("キロメートル キロ km", Unit.KM),
)  # fmt: skip
_JA_BEFORE = {"約": Bound.ABOUT, "およそ": Bound.ABOUT, "ほぼ": Bound.ABOUT}
_JA_BEFORE |= {"少なくとも": Bound.AT_LEAST, "最低": Bound.AT_LEAST, "最大": Bound.AT_MOST}
_JA_AFTER = {"ほど": Bound.ABOUT, "程度": Bound.ABOUT, "近く": Bound.ABOUT, "前後": Bound.ABOUT}
_JA_AFTER |= {"以上": Bound.AT_LEAST, "超": Bound.AT_LEAST, "余り": Bound.AT_LEAST}
_JA_AFTER |= {"未満": Bound.AT_MOST, "以下": Bound.AT_MOST, "足らず": Bound.AT_MOST}


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation, longest first so that `分間` wins over `分`."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_JA_QUANTITY = re.compile(
    rf"""(?P<before>{_alternatives(_JA_BEFORE)})?
    (?<![0-9.,〇一二三四五六七八九十百千])
    (?P<number>{_JA_GROUP}(?:[万億兆]{_JA_GROUP}?)*)
    [ ]?(?P<unit>{_alternatives(_JA_UNITS)})(?!目)
    (?P<after>{_alternatives(_JA_AFTER)})?""",
    re.VERBOSE,
)
_JA_PART = re.compile(rf"(?P<group>{_JA_GROUP})(?P<scale>[万億兆]?)")
_JA_KANJI = re.compile(r"[〇一二三四五六七八九十百千]")
_ELECTORS = re.compile(r"選挙人数?(?:は|が)?$")

_WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS = {
    word: value
    for word, value in zip(
        _words("twenty thirty forty fifty sixty seventy eighty ninety"),
        range(20, 100, 10),
        strict=True,
    )
}
_ORDINALS = {
    word: value
    for value, word in enumerate(
        _words("first second third fourth fifth sixth seventh eighth ninth tenth"), start=1
    )
}
_EN_SCALES = {"thousand": 3, "k": 3, "million": 6, "m": 6, "mn": 6, "billion": 9, "bn": 9}
_EN_SCALES |= {"trillion": 12, "tn": 12}
_CURRENCIES = {"$": Unit.USD, "US$": Unit.USD, "€": Unit.EUR, "£": Unit.GBP, "¥": Unit.JPY}
_EN_UNITS = _units(
    ("votes ballots", Unit.VOTES), ("seats", Unit.SEATS), ("people persons voters", Unit.PEOPLE),
    ("dollars", Unit.USD), ("yen", Unit.JPY), ("euros", Unit.EUR), ("percent", Unit.PERCENT),
    ("minutes mins", Unit.MINUTES), ("hours", Unit.HOURS), ("days", Unit.DAYS),
    ("months", Unit.MONTHS), ("years", Unit.YEARS), ("miles", Unit.MILES),
    ("km kilometers kilometres", Unit.KM),
)  # fmt: skip
_EN_BEFORE = dict.fromkeys(
    _words("about around approximately roughly nearly almost some"), Bound.ABOUT
)
_EN_BEFORE |= {"more than": Bound.AT_LEAST, "over": Bound.AT_LEAST, "at least": Bound.AT_LEAST}
_EN_BEFORE |= {"less than": Bound.AT_MOST, "fewer than": Bound.AT_MOST, "under": Bound.AT_MOST}
_EN_BEFORE |= {"up to": Bound.AT_MOST}
# Words after a number that do not make it a count of something.
_NOT_NOUNS = frozenset(
    _words(
        "of to and or the a an in on for at by from with as than per is was are were has had "
        "have be been who which that this these those it its when while after before since "
        "until through against into out up down am pm more fewer less"
    )
)
_MONTHS = _words("jan feb mar apr may jun jul aug sep sept oct nov dec")
_MONTH_NAMES = frozenset(_MONTHS) | frozenset(
    _words("january february march april june july august september october november december")
)
_WORD_NUMBER = (
    rf"(?:{_alternatives(_TENS)})(?:-(?:{_alternatives(list(_WORD_NUMBERS)[1:10])}))?"
    rf"|{_alternatives(_WORD_NUMBERS)}"
)
_SPACE = r"[ \t\u00a0]"  # never a line break: a table cell's number is no count of the next line
_EN_QUANTITY = re.compile(
    rf"""(?:\b(?P<before>{_alternatives(_EN_BEFORE)}){_SPACE}+)?
    (?P<currency>US\$|[$€£¥])?
    (?<![\w.,:/-])(?P<number>{_DIGITS}|\b(?:{_WORD_NUMBER})\b)
    (?:{_SPACE}?(?P<scale>thousand|million|billion|trillion)\b|(?P<short>bn|mn|tn|m|k)\b)?
    (?![\w:/]|\.[0-9]|-year|,[0-9]{{3}})
    (?P<unit>{_SPACE}?(?:%|percent\b|per{_SPACE}cent\b)
      |{_SPACE}+(?:(?:more|fewer|additional|popular|total|extra|electoral){_SPACE}+)*[a-z]+\b)?""",
    re.VERBOSE | re.IGNORECASE,
)
# `Age 53`, `aged 53`, `53-year-old`, `53 years old`, and news style `Rubio, 53, was`.
_EN_AGE = re.compile(
    r"\b(?i:aged?|age of)\s+(?P<n>[0-9]{1,3})\b|\b(?P<m>[0-9]{1,3})(?i:-year-old|\s+years\s+old)\b"
    r"|\b[A-Z][\w'’.-]+,\s(?P<k>[0-9]{2}),\s"
)
_EN_TERM = re.compile(
    rf"\b(?P<n>{_alternatives(_ORDINALS)}|[0-9]{{1,2}}(?:st|nd|rd|th))\s+(?:full\s+)?terms?\b",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(rf"\b(?:{'|'.join(_MONTHS)})[a-z]*\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\s+(?:{'|'.join(_MONTHS)})[a-z]*\b", re.IGNORECASE)


def parse_japanese(text: str, skip: Iterable[str] = ()) -> tuple[Quantity, ...]:
    """Every quantity with a unit in Japanese `text`, except in spans of `skip` (dates)."""
    masked = list(_occurrences(text, skip))
    ascii_text = text.translate(_HALF_WIDTH)
    found = []
    for match in _JA_QUANTITY.finditer(ascii_text):
        start, number_start = match.start(), match.start("number")
        if any(begin <= number_start < end for begin, end in masked) or _ja_ignored(match):
            continue
        value, resolution = _japanese_number(match["number"])
        unit = _JA_UNITS[match["unit"]]
        if match["unit"] == "年半":
            value, resolution = value + Decimal("0.5"), Decimal("0.5")
        if unit is Unit.PEOPLE and _ELECTORS.search(ascii_text, 0, start):
            unit = Unit.ELECTORAL_VOTES
        bound = _JA_BEFORE.get(match["before"] or "") or _JA_AFTER.get(match["after"] or "")
        end = match.end()
        found.append(
            Quantity(text[start:end], start, end, value, unit, resolution, bound or Bound.EXACT)
        )
    return tuple(found)


def parse_english(text: str) -> tuple[Quantity, ...]:
    """Every quantity in English `text`, bare numbers included (unit None)."""
    ascii_text = text.translate(_HALF_WIDTH)
    found = [*_ages(text, ascii_text), *_terms(text, ascii_text)]
    taken = [(q.start, q.end) for q in found]
    for match in _EN_QUANTITY.finditer(ascii_text):
        start = match.start("number")
        if any(begin <= start < end for begin, end in taken):
            continue
        quantity = _english_quantity(text, ascii_text, match)
        if quantity is not None:
            found.append(quantity)
    return tuple(sorted(found, key=lambda q: q.start))


@lru_cache(maxsize=512)
def source_quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity of a source page, in either language, parsed once per page text.

    Japanese readings win where both parsers read the same characters.
    """
    japanese = parse_japanese(text)
    english = [q for q in parse_english(text) if not any(q.overlaps(j) for j in japanese)]
    return tuple(sorted((*japanese, *english), key=lambda q: q.start))


def _occurrences(text: str, needles: Iterable[str]) -> Iterator[tuple[int, int]]:
    for needle in needles:
        start = text.find(needle)
        while needle and start >= 0:
            yield start, start + len(needle)
            start = text.find(needle, start + 1)


def _ja_ignored(match: re.Match[str]) -> bool:
    """Ordinals (第2回), vague counts (数十万人, not 得票数7470万), "one of" (議員の1人), 3分の1,
    十分 (enough), kilograms and kilowatts."""
    text, number, unit = match.string, match["number"], match["unit"]
    before = text[match.start("number") - 1 : match.start("number")]
    after = text[match.end("unit") : match.end("unit") + 2]
    vague = before == "数" and _JA_KANJI.match(number) is not None
    if before == "第" or vague or (unit == "キロ" and after in ("グラ", "ワッ")):
        return True
    if unit == "分" and (after.startswith("の") or _JA_KANJI.match(number)):
        return True
    return unit in ("人", "名") and number in ("1", "一") and before == "の"


def _japanese_number(number: str) -> tuple[Decimal, Decimal]:
    """Value and resolution of `2億3093万1921`, `1.5億`, `三千五百`, `1,287`."""
    value, resolution = Decimal(0), Decimal(1)
    for part in _JA_PART.finditer(number):
        group_value, group_resolution = _group(part["group"])
        scale = _JA_SCALES.get(part["scale"], Decimal(1))
        value += group_value * scale
        resolution = group_resolution * scale
    return value, resolution


def _group(group: str) -> tuple[Decimal, Decimal]:
    """One run of digits (`1,287`, `54.80`) or kanji numerals (`三千五百`, `二〇二四`)."""
    if group[0].isdigit():
        decimals = len(group.partition(".")[2])
        return Decimal(group.replace(",", "")), Decimal(1).scaleb(-decimals)
    total, digit, resolution = 0, None, 1
    for char in group:
        if char in _KANJI_DIGITS:
            digit = (digit or 0) * 10 + _KANJI_DIGITS[char]
        else:
            resolution = _KANJI_POWERS[char]
            total += (1 if digit is None else digit) * resolution
            digit = None
    if digit is not None:
        total, resolution = total + digit, 1
    return Decimal(total), Decimal(resolution)


def _english_quantity(text: str, ascii_text: str, match: re.Match[str]) -> Quantity | None:
    """One English match as a quantity, or None for years, dates and times."""
    number, currency = match["number"], match["currency"]
    value, resolution = _english_number(number)
    scale = match["scale"] or match["short"]
    if scale is not None:
        if scale.lower() in ("m", "k") and currency is None:
            return None  # `5m`, `3k` without a currency: too often metres or codes
        power = Decimal(10) ** _EN_SCALES[scale.lower()]
        value, resolution = value * power, resolution * power
    unit, end = _english_unit(match)
    if currency is not None:
        unit, end = _CURRENCIES[currency], _number_end(match)
    if unit in (None, Unit.COUNT) and _is_date_part(ascii_text, match, value):
        return None
    start = match.start()
    bound = _EN_BEFORE[match["before"].lower()] if match["before"] else Bound.EXACT
    return Quantity(text[start:end], start, end, value, unit, resolution, bound)


def _english_number(number: str) -> tuple[Decimal, Decimal]:
    lowered = number.lower()
    if lowered in _WORD_NUMBERS:
        return Decimal(_WORD_NUMBERS[lowered]), Decimal(1)
    if lowered[0].isalpha():
        tens, _, ones = lowered.partition("-")
        return Decimal(_TENS[tens] + _WORD_NUMBERS.get(ones, 0)), Decimal(1)
    return _group(number)


def _english_unit(match: re.Match[str]) -> tuple[Unit | None, int]:
    """The unit after the number and where the quantity ends (a noun makes a `COUNT`)."""
    written = match["unit"]
    number_end = _number_end(match)
    if not written:
        return None, number_end
    words = written.split()
    if written.strip() in ("%", "percent", "per cent") or words[0] == "%":
        return Unit.PERCENT, match.end("unit")
    noun = words[-1].lower()
    if noun.startswith("vote") and "electoral" in (w.lower() for w in words):
        return Unit.ELECTORAL_VOTES, match.end("unit")
    if noun in _NOT_NOUNS or noun in _MONTH_NAMES:
        return None, number_end
    unit = _EN_UNITS.get(noun) or _EN_UNITS.get(noun + "s") or Unit.COUNT
    return unit, match.end("unit")


def _number_end(match: re.Match[str]) -> int:
    """Where the number and its scale word (`95 billion`, `95bn`) end."""
    return max(match.end("number"), match.end("scale"), match.end("short"))


def _is_date_part(text: str, match: re.Match[str], value: Decimal) -> bool:
    """A year (`in 2010`, `1980-2020`), a day after a month name (`Nov. 6`), a clock time."""
    number = match["number"]
    if re.fullmatch(r"1[89][0-9]{2}|20[0-9]{2}", number):
        return True
    start = match.start("number")
    near = text[match.end("number") : match.end("number") + 1]
    if _MONTH_BEFORE.search(text, max(0, start - 12), start) or near == "-":
        return True
    return _MONTH_AFTER.match(text, match.end("number")) is not None


def _ages(text: str, ascii_text: str) -> Iterator[Quantity]:
    for match in _EN_AGE.finditer(ascii_text):
        group = next(name for name in ("n", "m", "k") if match[name])
        start = match.start() if group == "n" else match.start(group)
        end = match.end(group) if group != "m" else match.end()
        value = Decimal(match[group])
        yield Quantity(text[start:end], start, end, value, Unit.AGE, Decimal(1))


def _terms(text: str, ascii_text: str) -> Iterator[Quantity]:
    for match in _EN_TERM.finditer(ascii_text):
        ordinal = match["n"].lower()
        value = _ORDINALS.get(ordinal) or int(ordinal[:-2])
        start, end = match.span()
        yield Quantity(text[start:end], start, end, Decimal(value), Unit.TERM, Decimal(1))
