"""Quantities in German, French, Russian and Ukrainian sources: `6,1 %`, `60 milliards
d'euros`, `fast drei Jahren`, `почти четыре часа`, `2,23 трлн грн`.

The English parser misreads these pages: a decimal comma (`6,1`) is a
thousands separator or a list to it, `milliard` and `Milliarde` are no scale
it knows, and number words are English only. Here a comma followed by digits
is a decimal comma, a dot or a (narrow, no-break) space before three digits
separates thousands, and the number words run from one (two in German and
French, whose `ein` and `un` are also articles) to twenty, Russian case forms
included, and up to two Russian or Ukrainian adjectives may stand between a
number and its noun. Only numbers with a unit are read: bare figures stay with the
English parser, which reads digits alike in every language.

`Billion` (German) and `billion` (French) are 10^12, as `trillion` in English.
"""

from __future__ import annotations

import re
from decimal import Decimal

from verifier.verify.numbers._quantities import (
    HALF_WIDTH,
    Bound,
    Quantity,
    Unit,
    alternatives,
    unit_table,
    words,
)

LANGUAGES = frozenset({"de", "fr", "ru", "uk"})

_WORD_VALUES = {
    "de": "- zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
    "fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
    "fr": "- deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize dix-sept dix-huit dix-neuf vingt",
    "ru": "один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
    "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать "
    "двадцать",
    "uk": "один два три чотири п'ять шість сім вісім дев'ять десять",
}
# Collective numerals for people: `двоє людей загинули`, `трое погибших`.
_COLLECTIVE = {"двоє": 2, "троє": 3, "четверо": 4, "п'ятеро": 5, "двое": 2, "трое": 3}
_COLLECTIVE["пятеро"] = 5
# Russian oblique forms: `двух`, `трёх` (трех), `четырёх`, and `-и` and `-ью` for five to
# twenty (пяти, шестью: `ударили шестью ракетами`).
_RU_OBLIQUE = {"одного": 1, "одной": 1, "двух": 2, "трёх": 3, "трех": 3, "четырёх": 4}
_RU_OBLIQUE["четырех"] = 4
_NUMBER_WORDS = {
    word: value
    for table in _WORD_VALUES.values()
    for value, word in enumerate(words(table), start=1)
    if word != "-"
}
_NUMBER_WORDS |= _RU_OBLIQUE | _COLLECTIVE
_NUMBER_WORDS |= {
    f"{word[:-1]}{ending}": value
    for word, value in list(_NUMBER_WORDS.items())
    if word.endswith("ь") and 5 <= value <= 20
    for ending in ("и", "ью")
}
_SCALES = {
    "tausend mille тысяч тысячи тысяча тыс. тисяч тисячі тис.": 3,
    "million millions millionen mio. миллион миллиона миллионов млн мільйон мільйонів": 6,
    "milliard milliards milliarde milliarden mrd. миллиард миллиарда миллиардов млрд"
    " мільярд мільярдів": 9,
    "billion billions billionen триллион триллиона триллионов трлн трильйон трильйонів": 12,
}
_SCALE_POWERS = {word: power for names, power in _SCALES.items() for word in words(names)}
_UNITS = unit_table(
    ("% prozent процента процентов процент", Unit.PERCENT),
    ("€ euro euros евро євро", Unit.EUR),
    ("$ dollar dollars долларов доллара доллар доларів долара долар", Unit.USD),
    ("roubles rubel рублей рубля рубль", Unit.RUB), ("грн гривень гривні гривня", Unit.UAH),
    ("heures heure stunden stunde часов часа час", Unit.HOURS),
    ("minutes minute minuten минут минуты минуту", Unit.MINUTES),
    ("jours tage tagen дней дня день", Unit.DAYS),
    ("mois monate monaten месяцев месяца месяц", Unit.MONTHS),
    ("ans années jahre jahren jahr лет года год", Unit.YEARS),
    ("personnes menschen personen человек людей людини осіб депутатов депутатів депутати",
     Unit.PEOPLE),
    ("ракет ракеты ракетами ракети ракета", Unit.MISSILES),
    ("дрон дрона дронов дрони дронів беспилотник беспилотника беспилотников безпілотник"
     " безпілотники безпілотників бпла", Unit.DRONES),
    ("крон кронер kronen couronnes", Unit.DKK),
    ("кубометров кубометрів кубометра кубометри кубометр", Unit.CUBIC_METRES),
    ("тонн тонны тонна тонн тонни тон tonnen tonnes", Unit.TONS),
    ("баррелей барреля баррель барелів барелі барель barils barrel", Unit.BARRELS),
    ("недель недели неделю тижнів тижні тиждень wochen semaines", Unit.WEEKS),
    ("домохозяйств домогосподарств haushalte ménages", Unit.HOUSEHOLDS),
    ("sièges sitze мест", Unit.SEATS), ("voix stimmen голосов", Unit.VOTES),
)  # fmt: skip
# Basis points, a hundredth of a percentage point each: `200 базисных пунктов` = 2%.
_BASIS_POINTS = frozenset(
    word.replace("_", " ")
    for word in words(
        "б.п. б.п bp basispunkte basispunkten базисных_пунктов базисных_пункта базисный_пункт"
        " базисних_пунктів points_de_base"
    )
)
_UNITS |= dict.fromkeys(_BASIS_POINTS, Unit.PERCENT)
_HUNDREDTH = Decimal("0.01")
_BEFORE = dict.fromkeys(
    words(
        "fast etwa rund ungefähr knapp environ presque почти около примерно приблизительно"
        " близько приблизно майже"
    ),
    Bound.ABOUT,
)
_BEFORE |= {"près de": Bound.ABOUT, "mehr als": Bound.AT_LEAST, "plus de": Bound.AT_LEAST}
_BEFORE |= dict.fromkeys(("über", "более", "свыше", "понад", "більше"), Bound.AT_LEAST)
_BEFORE |= dict.fromkeys(("weniger als", "moins de", "менее"), Bound.AT_MOST)
_SPACE = "[ \u00a0\u202f]"
# Up to two Russian or Ukrainian adjectives between a number and its noun:
# `шестью оперативно-тактическими ракетами`, `257 народних депутатів`.
_ADJECTIVES = rf"(?:[а-яёіїєґ'-]+(?:ыми|ими|ых|их|ые|ие|ні){_SPACE}+){{0,2}}"
_DIGITS = rf"[0-9]{{1,3}}(?:(?:\.|{_SPACE})[0-9]{{3}})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
_QUANTITY = re.compile(
    rf"""(?:(?<!\w)(?P<before>{alternatives(_BEFORE)}){_SPACE}+)?
    (?<![\w.,])(?P<number>{_DIGITS}|{alternatives(_NUMBER_WORDS)})(?![\w])
    (?:{_SPACE}*(?P<scale>{alternatives(_SCALE_POWERS)})(?!\w))?
    {_SPACE}*(?:(?:de|d['’]){_SPACE}*)?{_ADJECTIVES}(?P<unit>{alternatives(_UNITS)})(?!\w)""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_european(text: str) -> tuple[Quantity, ...]:
    """Every quantity with a unit in German, French, Russian or Ukrainian `text`."""
    found = []
    for match in _QUANTITY.finditer(text.translate(HALF_WIDTH)):
        value, resolution = _number(match["number"])
        if match["scale"]:
            power = Decimal(10) ** _SCALE_POWERS[match["scale"].lower()]
            value, resolution = value * power, resolution * power
        unit = _UNITS[match["unit"].lower()]
        if match["unit"].lower() in _BASIS_POINTS:
            value, resolution = value * _HUNDREDTH, resolution * _HUNDREDTH
        bound = _BEFORE[match["before"].lower()] if match["before"] else Bound.EXACT
        start, end = match.span()
        found.append(Quantity(text[start:end], start, end, value, unit, resolution, bound))
    return tuple(found)


def _number(number: str) -> tuple[Decimal, Decimal]:
    """`6,1` -> (6.1, 0.1), `1.287` and `1 287` -> (1287, 1), `drei` -> (3, 1)."""
    lowered = number.lower()
    if lowered in _NUMBER_WORDS:
        return Decimal(_NUMBER_WORDS[lowered]), Decimal(1)
    whole, _, decimals = re.sub(rf"\.|{_SPACE}", "", number).partition(",")
    return Decimal(f"{whole}.{decimals}" if decimals else whole), Decimal(1).scaleb(-len(decimals))
