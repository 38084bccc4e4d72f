"""Quantities with units, as comparable values; the Japanese parser.

The issue writes `7470万6124票`, `約600億ドル`, `3期目`, `53歳`; its sources
write `74,706,124 votes`, `around $60 billion`, `third term`, `Age 53`
(`numbers._english` reads those). Both become a `Quantity`: an exact `Decimal`
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

Also read: 銭 after 円 (`160円24銭` is 160.24 yen), seconds after minutes
(`28分47秒`), win-loss records as wins and losses (`4勝1敗`), scores as one
`Unit.SCORE` value, 1000 x the first side plus the second (`7対6`, `7－6で`),
and the office-holder number `第102代`, the one ordinal a source states to
the digit.

Not quantities on the Japanese side: dates and years (`2024年11月6日`,
`2016年`: 年, 月 and 日 are no units, 年間 and 日間 are; a bare 年 is a
duration only with a bound, `およそ2年`), clock times (`15時48分`), ordinals
(`第2回`, `4ヶ月目`, `8度目`), "first in N years" (`4年ぶり`: a date gap, as
the English `34-year low` is no duration), a rate's unit (`1ドル=`), list
markers and numbers without a unit (`1)`, `定数100`, `(+3`: nothing says
what they count), kanji numerals without a unit (`一方`), vague counts
(`数十万`), "one of" (`議員の1人`), fractions (`3分の1`) and `十分`.
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
    SEK = "sek"
    RUB = "rub"
    CNY = "cny"
    KRW = "krw"
    UAH = "uah"
    PERCENT = "percent"
    POINTS = "points"
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
    MISSILES = "missiles"
    DRONES = "drones"
    BARRELS = "barrels"
    DKK = "dkk"
    NAUTICAL_MILES = "nautical miles"
    GIGATONS = "gigatons"
    CUBIC_METRES = "cubic metres"
    WEEKS = "weeks"
    HOUSEHOLDS = "households"
    TIMES = "times"
    HECTARES = "hectares"
    METRES = "metres"
    LITRES = "litres"
    HOME_RUNS = "home runs"
    STOLEN_BASES = "stolen bases"
    HITS = "hits"
    RUNS_BATTED_IN = "runs batted in"
    WINS = "wins"
    LOSSES = "losses"
    SCORE = "score"
    SUCCESSION = "succession number"


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
# A group of four digits: `1,287`, `三千五百`, or digits with kanji powers (`3千`, `1千5百`).
_JA_GROUP = rf"(?:(?:[0-9]+[千百])+[0-9]*|{DIGITS}|[〇一二三四五六七八九十百千]+)"
_JA_UNITS = unit_table(
    ("票", Unit.VOTES), ("議席", Unit.SEATS), ("人 名", Unit.PEOPLE),
    ("米ドル ドル", Unit.USD), ("円", Unit.JPY), ("ユーロ", Unit.EUR), ("ポンド", Unit.GBP),
    ("スウェーデン・クローナ スウェーデンクローナ クローナ", Unit.SEK), ("ルーブル", Unit.RUB),
    ("デンマーク・クローネ デンマーククローネ クローネ", Unit.DKK), ("バレル", Unit.BARRELS),
    ("海里", Unit.NAUTICAL_MILES), ("ギガトン", Unit.GIGATONS), ("立方メートル", Unit.CUBIC_METRES),
    ("人民元 元", Unit.CNY), ("ウォン", Unit.KRW),
    ("フリヴニャ フリヴニア グリブナ", Unit.UAH), ("% パーセント", Unit.PERCENT),
    ("ポイント", Unit.POINTS), ("本塁打", Unit.HOME_RUNS), ("盗塁", Unit.STOLEN_BASES),
    ("安打", Unit.HITS), ("打点", Unit.RUNS_BATTED_IN), ("勝", Unit.WINS), ("敗", Unit.LOSSES),
    ("代", Unit.SUCCESSION), ("分間 分", Unit.MINUTES), ("時間半 時間", Unit.HOURS),
    ("日間", Unit.DAYS), ("ヶ月 か月 カ月 ヵ月", Unit.MONTHS), ("年半 年間 年", Unit.YEARS),
    ("歳", Unit.AGE), ("期目 期", Unit.TERM), ("マイル", Unit.MILES),
    ("キロメートル キロ km", Unit.KM), ("トン", Unit.TONS), ("発", Unit.MISSILES),
    ("週間", Unit.WEEKS), ("世帯", Unit.HOUSEHOLDS),
    ("ヘクタール", Unit.HECTARES), ("メートル", Unit.METRES), ("リットル", Unit.LITRES),
    ("回 件 大陸 カ国 か国 ヶ国 の国 台 機 隻 両 基 社 校 カ所 か所 ヶ所 箇所 便 頭 店 戸",
     Unit.COUNT),
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
    (?:(?<=円)(?P<sen>[0-9]{{1,2}})銭|(?<=分)(?P<seconds>[0-9]{{1,2}})秒)?
    (?P<after>{alternatives(_JA_AFTER)})?""",
    re.VERBOSE,
)
# `7対6`, and `7－6で` (a dash only before hiragana: `12-15` is a range in any other text).
_JA_SCORE = re.compile(
    r"(?<![0-9.])([0-9]{1,2})(?:対|[-–](?=[0-9]{1,2}[ぁ-ゖ]))([0-9]{1,2})(?![0-9.])"
)
# The lower end of a range, whose unit (and scale) is written once, after the upper
# end: `4.25〜4.50%`, `10〜15万人`, `1万〜1万5000人`.
_JA_RANGE_LOW = re.compile(
    rf"(?P<before>{alternatives(_JA_BEFORE)})?(?<![0-9.,])"
    rf"(?P<number>(?:{DIGITS})(?:[万億兆](?:{DIGITS})?)*) ?(?:〜|~|-|－|–|から) ?$"
)
_JA_PART = re.compile(rf"(?P<group>{_JA_GROUP})(?P<scale>[万億兆]?)")
_JA_KANJI = re.compile(r"[〇一二三四五六七八九十百千]")
_ELECTORS = re.compile(r"選挙人数?(?:は|が)?$")
_FRACTION = re.compile(r"の[0-9〇一二三四五六七八九十]")
_CURRENCIES = frozenset({Unit.USD, Unit.JPY, Unit.EUR, Unit.GBP, Unit.SEK, Unit.RUB, Unit.CNY})
_CURRENCIES |= {Unit.KRW, Unit.UAH, Unit.DKK}
# `無人機72機`, `ドローン90機`, `34機の無人機`: machines (機) that are drones.
_DRONE_BEFORE = re.compile(r"(?:無人機|ドローン)[はをがもの]?$")
_DRONE_AFTER = re.compile(r"^(?:の|以上の|超の|近くの)?(?:無人機|ドローン)")


def parse_japanese(text: str, skip: Iterable[str] = ()) -> tuple[Quantity, ...]:
    """Every quantity with a unit in Japanese `text`, except in spans of `skip` (dates)."""
    masked = list(_occurrences(text, skip))
    ascii_text = text.translate(HALF_WIDTH)
    found = []
    for match in _JA_QUANTITY.finditer(ascii_text):
        start, number_start = match.start(), match.start("number")
        if any(begin <= number_start < end for begin, end in masked) or _ja_ignored(match):
            continue
        value, resolution = _fraction(match, *_japanese_number(match["number"]))
        unit = _JA_UNITS[match["unit"]]
        if unit is Unit.PEOPLE and _ELECTORS.search(ascii_text, 0, start):
            unit = Unit.ELECTORAL_VOTES
        if match["unit"] == "機" and _drones(ascii_text, start, match.end()):
            unit = Unit.DRONES
        bound = _JA_BEFORE.get(match["before"] or "") or _JA_AFTER.get(match["after"] or "")
        end = match.end()
        upper = Quantity(text[start:end], start, end, value, unit, resolution, bound or Bound.EXACT)
        found += [upper, *_range_low(text, ascii_text, match, upper)]
    found += _scores(text, ascii_text, masked)
    return tuple(sorted(found, key=lambda q: q.start))


def _drones(text: str, start: int, end: int) -> bool:
    return bool(
        _DRONE_BEFORE.search(text[max(0, start - 5) : start])
        or _DRONE_AFTER.match(text[end : end + 8])
    )


def _range_low(
    text: str, ascii_text: str, match: re.Match[str], upper: Quantity
) -> Iterator[Quantity]:
    """The range's lower end, in the upper end's unit and, if it has none, its scale."""
    if match["before"] or upper.unit in (Unit.SCORE, Unit.SUCCESSION):
        return
    number_start = match.start("number")
    low = _JA_RANGE_LOW.search(ascii_text, max(0, number_start - 40), number_start)
    if low is None:
        return
    value, resolution = _japanese_number(low["number"])
    scale = next((_JA_SCALES[c] for c in match["number"] if c in _JA_SCALES), None)
    if scale and not any(c in _JA_SCALES for c in low["number"]) and value * scale <= upper.value:
        value, resolution = value * scale, resolution * scale
    start, end = low.start(), low.end("number")
    bound = _JA_BEFORE.get(low["before"] or "", upper.bound)
    yield Quantity(text[start:end], start, end, value, upper.unit, resolution, bound)


def _fraction(match: re.Match[str], value: Decimal, resolution: Decimal) -> tuple[Decimal, Decimal]:
    """Add what follows the unit: 半 (2年半: a half), 銭 (160円24銭), 秒 (28分47秒)."""
    if match["unit"].endswith("半"):
        return value + Decimal("0.5"), Decimal("0.5")
    if match["sen"]:
        return value + Decimal(match["sen"]) / 100, Decimal("0.01")
    if match["seconds"]:
        seconds = (Decimal(match["seconds"]) / 60).quantize(Decimal("0.0001"))
        return value + seconds, Decimal(1) / 60
    return value, resolution


def _scores(text: str, ascii_text: str, masked: list[tuple[int, int]]) -> list[Quantity]:
    """Scores as one value, 1000 x the first side plus the second: `7対6` is 7006."""
    found = []
    for match in _JA_SCORE.finditer(ascii_text):
        start, end = match.span()
        if not any(begin <= start < stop for begin, stop in masked):
            value = Decimal(int(match[1]) * 1000 + int(match[2]))
            found.append(Quantity(text[start:end], start, end, value, Unit.SCORE, Decimal(1)))
    return found


def _occurrences(text: str, needles: Iterable[str]) -> Iterator[tuple[int, int]]:
    for needle in needles:
        start = text.find(needle)
        while needle and start >= 0:
            yield start, start + len(needle)
            start = text.find(needle, start + 1)


def _ja_ignored(match: re.Match[str]) -> bool:
    """Ordinals (第2回, but 第102代 is read), vague counts (数十万人, not 得票数7470万), "one of"
    (議員の1人), 3分の1, 十分 (enough), clock times (15時48分), kilograms and kilowatts."""
    text, number, unit = match.string, match["number"], match["unit"]
    before = text[match.start("number") - 1 : match.start("number")]
    after = text[match.end("unit") : match.end("unit") + 2]
    if unit == "代" or before == "第":
        return (unit, before) != ("代", "第")
    vague = before == "数" and _JA_KANJI.match(number) is not None
    if vague or (unit == "キロ" and after in ("グラ", "ワッ")) or _ja_not_unit(match, before):
        return True
    if unit.startswith("分") and (_FRACTION.match(after) or _JA_KANJI.match(number)):
        return True
    return unit in ("人", "名") and number in ("1", "一") and before == "の"


def _ja_not_unit(match: re.Match[str], before: str) -> bool:
    """A year (年 with no bound), a clock time (時 before 分), 一元化, 勝利, a rate (`1ドル=`,
    `1バレル=`)."""
    unit, after = match["unit"], match.string[match.end() : match.end() + 2]
    if unit == "勝" and after.startswith("利"):
        return True
    if unit == "年":
        return not (match["before"] or match["after"]) or after == "ぶり"
    if unit.startswith("分") and before == "時":
        return True
    if unit == "元" and not match["number"][0].isdigit():
        return True
    return match["number"] == "1" and after.startswith("=")  # 1ドル=154円, 1バレル=72ドル


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
    """One run of digits (`1,287`, `54.80`) or kanji numerals (`三千五百`, `二〇二四`), or
    digits with kanji powers (`582万3千`: the `3千`)."""
    if group[0].isdigit() and not any(char in _KANJI_POWERS for char in group):
        return digit_group(group)
    total, digit, resolution = 0, None, 1
    for char in group:
        if char.isdigit() or char in _KANJI_DIGITS:
            value = int(char) if char.isdigit() else _KANJI_DIGITS[char]
            digit = (digit or 0) * 10 + value
        else:
            resolution = _KANJI_POWERS[char]
            total += (1 if digit is None else digit) * resolution
            digit = None
    if digit is not None:
        total, resolution = total + digit, 1
    return Decimal(total), Decimal(resolution)
