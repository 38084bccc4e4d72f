"""Quantities with units, as comparable values; the Japanese parser.

The issue writes `7470万6124票`, `約600億ドル`, `3期目`, `53歳`; its sources
write `74,706,124 votes`, `around $60 billion`, `third term`, `Age 53`
(`quantities_en` reads those). Both become a `Quantity`: an exact `Decimal`
value, a canonical `Unit` (or None for a bare number, such as a table cell),
the `resolution` it was written to and how it is bounded (約 = about, 以上 =
at least ...).

Hand-written regexes, not a library, because the libraries tried fail on
exactly these sentences: `suji` reads `約25分間` as 0.25 (分 as a hundredth),
splits `１，０００万` at the full-width comma, reads `五大陸` as 5 and 6 and
keeps no precision; `quantulum3` reads `312 74,706,124` as 706,124, `95bn` as
"barn newton", `third` as 1/3, minutes as "minute of arc", and takes ~2.5 s to
load. The resolution (the place of the last digit written: 10,000 for
`7470万`, 1 for `74,706,124`) is what lets a rounded figure match an exact
one, and no parser tried reports it.

Not quantities on the Japanese side: dates and years (`2024年11月6日`,
`2016年`: 年, 月 and 日 are no units, 年間 and 日間 are), ordinals (`第2次`,
`4ヶ月目`), list markers and numbers without a unit (`1)`, `定数100`, `(+3`:
nothing says what they count), kanji numerals without a unit (`一方`), vague
counts (`数十万`), "one of" (`議員の1人`), fractions (`3分の1`) and `十分`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


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
    TONS = "tons"


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
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def unit_table(*groups: tuple[str, Unit]) -> dict[str, Unit]:
    """A unit table from `("word word", Unit)` pairs: every word of a pair means its unit."""
    return {word: unit for names, unit in groups for word in words(names)}


def alternatives(choices: Iterable[str]) -> str:
    """A regex alternation, longest first so that `分間` wins over `分`."""
    return "|".join(re.escape(choice) for choice in sorted(choices, key=len, reverse=True))


def digit_group(group: str) -> tuple[Decimal, Decimal]:
    """Value and resolution of a run of digits: `1,287` -> (1287, 1), `54.80` -> (54.80, 0.01)."""
    decimals = len(group.partition(".")[2])
    return Decimal(group.replace(",", "")), Decimal(1).scaleb(-decimals)


_KANJI_DIGITS = dict(zip("〇一二三四五六七八九", range(10), strict=True))
_KANJI_POWERS = {"十": 10, "百": 100, "千": 1000}
_JA_SCALES = {"万": Decimal(10) ** 4, "億": Decimal(10) ** 8, "兆": Decimal(10) ** 12}
_JA_GROUP = rf"(?:{DIGITS}|[〇一二三四五六七八九十百千]+)"
_JA_UNITS = unit_table(
    ("票", Unit.VOTES), ("議席", Unit.SEATS), ("人 名", Unit.PEOPLE),
    ("米ドル ドル", Unit.USD), ("円", Unit.JPY), ("ユーロ", Unit.EUR),
    ("% パーセント", Unit.PERCENT), ("分間 分", Unit.MINUTES), ("時間半 時間", Unit.HOURS),
    ("日間", Unit.DAYS), ("ヶ月 か月 カ月 ヵ月", Unit.MONTHS), ("年半 年間", Unit.YEARS),
    ("歳", Unit.AGE), ("期目 期", Unit.TERM), ("マイル", Unit.MILES),
    ("キロメートル キロ km", Unit.KM), ("トン", Unit.TONS),
    ("回 件 大陸 カ国 か国 ヶ国 台 機 隻 両 発 基", Unit.COUNT),
)  # fmt: skip
_JA_BEFORE = {"約": Bound.ABOUT, "およそ": Bound.ABOUT, "ほぼ": Bound.ABOUT}
_JA_BEFORE |= {"少なくとも": Bound.AT_LEAST, "最低": Bound.AT_LEAST, "最大": Bound.AT_MOST}
_JA_AFTER = {"ほど": Bound.ABOUT, "程度": Bound.ABOUT, "近く": Bound.ABOUT, "前後": Bound.ABOUT}
_JA_AFTER |= {"以上": Bound.AT_LEAST, "超": Bound.AT_LEAST, "余り": Bound.AT_LEAST}
_JA_AFTER |= {"未満": Bound.AT_MOST, "以下": Bound.AT_MOST, "足らず": Bound.AT_MOST}


_JA_QUANTITY = re.compile(
    rf"""(?P<before>{alternatives(_JA_BEFORE)})?
    (?<![0-9.,〇一二三四五六七八九十百千])
    (?P<number>{_JA_GROUP}(?:[万億兆]{_JA_GROUP}?)*)
    [ ]?(?P<unit>{alternatives(_JA_UNITS)})(?!目)
    (?P<after>{alternatives(_JA_AFTER)})?""",
    re.VERBOSE,
)
_JA_PART = re.compile(rf"(?P<group>{_JA_GROUP})(?P<scale>[万億兆]?)")
_JA_KANJI = re.compile(r"[〇一二三四五六七八九十百千]")
_ELECTORS = re.compile(r"選挙人数?(?:は|が)?$")
_FRACTION = re.compile(r"の[0-9〇一二三四五六七八九十]")


def parse_japanese(text: str, skip: Iterable[str] = ()) -> tuple[Quantity, ...]:
    """Every quantity with a unit in Japanese `text`, except in spans of `skip` (dates)."""
    masked = list(_occurrences(text, skip))
    ascii_text = text.translate(HALF_WIDTH)
    found = []
    for match in _JA_QUANTITY.finditer(ascii_text):
        start, number_start = match.start(), match.start("number")
        if any(begin <= number_start < end for begin, end in masked) or _ja_ignored(match):
            continue
        value, resolution = _japanese_number(match["number"])
        unit = _JA_UNITS[match["unit"]]
        if match["unit"].endswith("半"):  # 2年半, 2時間半: two and a half
            value, resolution = value + Decimal("0.5"), Decimal("0.5")
        if unit is Unit.PEOPLE and _ELECTORS.search(ascii_text, 0, start):
            unit = Unit.ELECTORAL_VOTES
        bound = _JA_BEFORE.get(match["before"] or "") or _JA_AFTER.get(match["after"] or "")
        end = match.end()
        found.append(
            Quantity(text[start:end], start, end, value, unit, resolution, bound or Bound.EXACT)
        )
    return tuple(found)


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
    if unit == "分" and (_FRACTION.match(after) or _JA_KANJI.match(number)):
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
        return digit_group(group)
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
