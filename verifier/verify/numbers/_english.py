"""The English quantity parser: `74,706,124 votes`, `around $60 billion`, `third term`.

Digits with commas and decimals, the number words one to ninety-nine, scale
words (`thousand`, `million`, `bn`...), a currency sign before, and after the
number a unit word, possibly behind capitalised or filler words (`52 Senate
seats`, `11,000 North Korean troops`, `2.9 million more popular votes`). A
number followed by another lowercase noun counts that noun (`three sources`:
`Unit.COUNT`); a number with no word after it stays bare (unit None), as in
a results table, unless a figure with a unit changed from it (`28 seats from
seven`: the seven were seats). Ages (`Age 53`, `53-year-old`, `Rubio, 53,`) and terms
(`third term`) have their own patterns.

Not quantities: years (`in 2010`, `1980-2020`), days next to a month name
(`Nov. 6`, `6 November`), clock times (`2:41`), ordinals (`30th`), and `5m`
or `3k` without a currency sign (metres, codes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from verifier.verify.numbers._quantities import (
    DIGITS,
    HALF_WIDTH,
    Bound,
    Quantity,
    Unit,
    alternatives,
    digit_group,
    unit_table,
    words,
)

_ONES = words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_WORD_NUMBERS = {word: value for value, word in enumerate(_ONES)}
_TENS = {
    word: value
    for value, word in enumerate(
        words("twenty thirty forty fifty sixty seventy eighty ninety"), start=2
    )
}
_ORDINALS = {
    word: value
    for value, word in enumerate(
        words("first second third fourth fifth sixth seventh eighth ninth tenth"), start=1
    )
}
_SCALES = {"thousand": 3, "k": 3, "million": 6, "m": 6, "mn": 6, "billion": 9, "bn": 9}
_SCALES |= {"trillion": 12, "tn": 12}
_CURRENCIES = {"$": Unit.USD, "US$": Unit.USD, "€": Unit.EUR, "£": Unit.GBP, "¥": Unit.JPY}
_CURRENCIES |= {"₽": Unit.RUB, "₩": Unit.KRW}
_UNITS = unit_table(
    ("votes ballots", Unit.VOTES), ("seats", Unit.SEATS),
    ("people persons voters troops soldiers members residents workers employees", Unit.PEOPLE),
    ("dollars", Unit.USD), ("yen", Unit.JPY), ("euros", Unit.EUR), ("pounds sterling", Unit.GBP),
    ("kronor krona", Unit.SEK), ("rubles roubles", Unit.RUB), ("yuan renminbi", Unit.CNY),
    ("percent", Unit.PERCENT), ("points", Unit.POINTS),
    ("minutes mins", Unit.MINUTES), ("hours", Unit.HOURS), ("days", Unit.DAYS),
    ("months", Unit.MONTHS), ("years", Unit.YEARS), ("miles", Unit.MILES),
    ("km kilometers kilometres", Unit.KM), ("tons tonnes", Unit.TONS),
    ("missiles rockets", Unit.MISSILES), ("drones UAVs", Unit.DRONES),
    ("barrels bpd", Unit.BARRELS), ("kroner crowns", Unit.DKK),
    ("gigatonnes gigatons", Unit.GIGATONS), ("bcm", Unit.CUBIC_METRES),
    ("nautical", Unit.NAUTICAL_MILES), ("weeks", Unit.WEEKS), ("households", Unit.HOUSEHOLDS),
    ("times fold", Unit.TIMES), ("hectares", Unit.HECTARES), ("metres meters", Unit.METRES),
    ("litres liters", Unit.LITRES),
)  # fmt: skip
_BEFORE = dict.fromkeys(words("about around approximately roughly nearly almost some"), Bound.ABOUT)
_BEFORE |= {"more than": Bound.AT_LEAST, "over": Bound.AT_LEAST, "at least": Bound.AT_LEAST}
_BEFORE |= {"less than": Bound.AT_MOST, "fewer than": Bound.AT_MOST, "under": Bound.AT_MOST}
_BEFORE |= {"up to": Bound.AT_MOST}
# Words between a number and its unit: `2.9 million more popular votes`, `304 electoral votes`.
_FILLERS = frozenset(words("more fewer additional popular total extra electoral new percentage"))
# Words after a number that do not make it a count of something.
_NOT_NOUNS = frozenset(
    words(
        "of to and or the a an in on for at by from with as than per is was are were has had "
        "have be been who which that this these those it its when while after before since "
        "until through against into out up down am pm more fewer less needed short said did"
    )
)
_MONTHS = words("jan feb mar apr may jun jul aug sep sept oct nov dec")
_WORD_NUMBER = (
    rf"(?:{alternatives(_TENS)})(?:-(?:{alternatives(_ONES[1:10])}))?|{alternatives(_ONES)}"
)
_SPACE = r"[ \t\u00a0]"  # never a line break: a table cell's number is no count of the next line
_QUANTITY = re.compile(
    rf"""(?:\b(?P<before>{alternatives(_BEFORE)}){_SPACE}+)?
    (?P<currency>US\$|[$€£¥₽₩])?
    (?<![\w.,:/-])(?P<number>{DIGITS}|\b(?:{_WORD_NUMBER})\b)
    (?:{_SPACE}?(?P<scale>thousand|million|billion|trillion)\b|(?P<short>bn|mn|tn|m|k)\b)?
    (?![\w:/]|\.[0-9]|-year|,[0-9]{{3}})""",
    re.VERBOSE | re.IGNORECASE,
)
# Basis points, a hundredth of a percentage point each: `a 25 basis point cut`, `50bp`.
_BASIS_POINTS = re.compile(rf"{_SPACE}?(?:basis{_SPACE}points?|bps?)\b", re.IGNORECASE)
_PERCENT = re.compile(rf"{_SPACE}?(?:%|percent\b|per{_SPACE}cent\b)", re.IGNORECASE)
_NEXT_WORD = re.compile(rf"{_SPACE}+([A-Za-z][A-Za-z'-]*)")
_SECONDS = re.compile(rf",?{_SPACE}+(?:and{_SPACE}+)?([0-9]{{1,2}}){_SPACE}+seconds?\b", re.I)
# A unit joined to its number as an adjective: `a 25-minute call`, `the five-day strike`
# (`-year` is left to ages: `53-year-old`).
_HYPHEN_UNIT = re.compile(r"-(minute|hour|day|week|month|mile)\b", re.IGNORECASE)
# `Age 53`, `aged 53`, `53-year-old`, `53 years old`, and news style `Rubio, 53, was`.
_AGE = re.compile(
    r"\b(?i:aged?|age of)\s+(?P<n>[0-9]{1,3})\b|\b(?P<m>[0-9]{1,3})(?i:-year-old|\s+years\s+old)\b"
    r"|\b[A-Z][\w'’.-]+,\s(?P<k>[0-9]{2}),\s"
)
_TERM = re.compile(
    rf"\b(?P<n>{alternatives(_ORDINALS)}|[0-9]{{1,2}}(?:st|nd|rd|th))\s+(?:full\s+)?terms?\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"1[89][0-9]{2}|20[0-9]{2}")
_MONTH_BEFORE = re.compile(rf"\b(?:{'|'.join(_MONTHS)})[a-z]*\.?\s+$", re.IGNORECASE)
# `28 seats from seven`, `191 seats, down from 247`: the earlier figure counts the same thing.
_FROM = re.compile(rf",?{_SPACE}+(?:(?:up|down){_SPACE}+)?from{_SPACE}+$", re.IGNORECASE)
# `the death toll from last week's floods rose to 217`: the figure counts the dead.
_TOLL = re.compile(
    r"\b(?:death|casualty) toll\b[^.;]{0,60}?\b(?:to|at|of|reached|hit|passed|topped)\s+$",
    re.IGNORECASE,
)
# Between the two ends of a range: a dash (already a space, see parse_english), `to`, or
# `and` after `between`. A dash makes a range only before a percentage or a scale word:
# `7-6` is a score, `1980-2020` two years.
_RANGE_DASH = re.compile(
    r"(?<=[0-9%])[ ]?[-–—][ ]?"
    r"(?=[$€£¥]?[0-9][0-9.,]*[ ]?(?:%|percent|per cent|thousand|million|billion|trillion|bn|mn))",
    re.IGNORECASE,
)
_RANGE_TO = re.compile(rf"{_SPACE}*(?:[-–—]|to|(?P<and>and)){_SPACE}*", re.IGNORECASE)
_BETWEEN = re.compile(rf"\bbetween{_SPACE}+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\s+(?:{'|'.join(_MONTHS)})[a-z]*\b", re.IGNORECASE)


def parse_english(text: str) -> tuple[Quantity, ...]:
    """Every quantity in English `text`, bare numbers included (unit None)."""
    written = text.translate(HALF_WIDTH)
    # A range's dash reads as a space (same length: spans stay), so `4.50-4.75%` is two figures.
    ascii_text = _RANGE_DASH.sub(lambda dash: " " * len(dash[0]), written)
    found = [*_ages(text, ascii_text), *_terms(text, ascii_text)]
    taken = [(q.start, q.end) for q in found]
    for match in _QUANTITY.finditer(ascii_text):
        start = match.start("number")
        if any(begin <= start < end for begin, end in taken):
            continue
        quantity = _quantity(text, ascii_text, match)
        if quantity is not None:
            found.append(quantity)
            taken.append((quantity.start, quantity.end))
    found = _from_figures(ascii_text, sorted(found, key=lambda q: q.start))
    return _range_lows(written, _tolls(written, found))


def _from_figures(text: str, found: list[Quantity]) -> list[Quantity]:
    """Give a bare figure the unit of the figure it changed into (`28 seats from seven`)."""
    for index in range(1, len(found)):
        figure, into = found[index], found[index - 1]
        bare = figure.unit is None and into.unit is not None
        if bare and _FROM.search(text[into.end : figure.start]):
            found[index] = replace(figure, unit=into.unit)
    return found


def _tolls(text: str, found: list[Quantity]) -> list[Quantity]:
    """A bare figure a death toll rose to counts people (`the death toll ... rose to 217`)."""
    for index, figure in enumerate(found):
        if figure.unit is None and _TOLL.search(text, max(0, figure.start - 80), figure.start):
            found[index] = replace(figure, unit=Unit.PEOPLE)
    return found


def _range_lows(text: str, found: list[Quantity]) -> tuple[Quantity, ...]:
    """Give a range's bare lower end the upper end's unit and scale (`10 to 15 million people`)."""
    for index in range(len(found) - 1):
        low, high = found[index], found[index + 1]
        if low.unit is not None or high.unit is None:
            continue
        between = _RANGE_TO.fullmatch(text, low.end, high.start)
        if between is None or (between["and"] and not _BETWEEN.search(text, 0, low.start)):
            continue
        scale = high.resolution if high.resolution > 1 and low.resolution == 1 else Decimal(1)
        if low.value * scale > high.value:
            scale = Decimal(1)
        found[index] = replace(
            low, unit=high.unit, value=low.value * scale, resolution=low.resolution * scale
        )
    return tuple(found)


def _quantity(text: str, ascii_text: str, match: re.Match[str]) -> Quantity | None:
    """One match as a quantity, or None for years, dates and times."""
    currency = match["currency"]
    value, resolution = _number(match["number"])
    scale = match["scale"] or match["short"]
    if scale is not None:
        if scale.lower() in ("m", "k") and currency is None:
            return None  # `5m`, `3k` without a currency: too often metres or codes
        power = Decimal(10) ** _SCALES[scale.lower()]
        value, resolution = value * power, resolution * power
    number_end = max(match.end("number"), match.end("scale"), match.end("short"))
    unit: Unit | None
    basis = _BASIS_POINTS.match(ascii_text, number_end)
    if currency is not None:
        unit, end = _CURRENCIES[currency], number_end
    elif basis is not None:
        unit, end = Unit.PERCENT, basis.end()
        value, resolution = value / 100, resolution / 100
    else:
        unit, end = _unit(ascii_text, number_end)
    seconds = _SECONDS.match(ascii_text, end) if unit is Unit.MINUTES else None
    if seconds is not None:  # `18 minutes 42 seconds`: one time, as `18分42秒` is
        value, resolution = value + Decimal(seconds[1]) / 60, Decimal(1) / 60
        end = seconds.end()
    if unit in (None, Unit.COUNT) and _is_date_part(ascii_text, match):
        return None
    bound = _BEFORE[match["before"].lower()] if match["before"] else Bound.EXACT
    return Quantity(text[match.start() : end], match.start(), end, value, unit, resolution, bound)


def _number(number: str) -> tuple[Decimal, Decimal]:
    lowered = number.lower()
    if lowered in _WORD_NUMBERS:
        return Decimal(_WORD_NUMBERS[lowered]), Decimal(1)
    if lowered[0].isalpha():
        tens, _, ones = lowered.partition("-")
        return Decimal(_TENS[tens] * 10 + _WORD_NUMBERS.get(ones, 0)), Decimal(1)
    return digit_group(number)


def _unit(text: str, end: int) -> tuple[Unit | None, int]:
    """The unit after the number at `end`, and where the quantity ends.

    A unit word may stand behind up to two capitalised or filler words (`52
    Senate seats`); failing one, a lowercase noun right after the number
    makes it a count of that noun.
    """
    percent = _PERCENT.match(text, end)
    if percent is not None:
        return Unit.PERCENT, percent.end()
    hyphen = _HYPHEN_UNIT.match(text, end)
    if hyphen is not None:
        return _UNITS[f"{hyphen[1].lower()}s"], hyphen.end()
    first, position = None, end
    for _ in range(3):
        word = _NEXT_WORD.match(text, position)
        if word is None:
            break
        lowered = word[1].lower()
        unit = _UNITS.get(lowered) or _UNITS.get(f"{lowered}s")
        if unit is not None:
            electoral = unit is Unit.VOTES and "electoral" in text[end : word.start(1)].lower()
            return (Unit.ELECTORAL_VOTES if electoral else unit), word.end()
        first = first or word
        if not (word[1][0].isupper() or lowered in _FILLERS):
            break
        position = word.end()
    if first is not None and first[1].islower() and first[1] not in _NOT_NOUNS:
        return Unit.COUNT, first.end()
    return None, end


def _is_date_part(text: str, match: re.Match[str]) -> bool:
    """A year (`in 2010`, `1980-2020`), a day next to a month name (`Nov. 6`, `6 November`)."""
    if _YEAR.fullmatch(match["number"]):
        return True
    start, end = match.start("number"), match.end("number")
    if _MONTH_BEFORE.search(text, max(0, start - 12), start) or text[end : end + 1] == "-":
        return True
    return _MONTH_AFTER.match(text, end) is not None


def _ages(text: str, ascii_text: str) -> Iterator[Quantity]:
    for match in _AGE.finditer(ascii_text):
        group = next(name for name in ("n", "m", "k") if match[name])
        start = match.start() if group == "n" else match.start(group)
        end = match.end(group) if group != "m" else match.end()
        value = Decimal(match[group])
        yield Quantity(text[start:end], start, end, value, Unit.AGE, Decimal(1))


def _terms(text: str, ascii_text: str) -> Iterator[Quantity]:
    for match in _TERM.finditer(ascii_text):
        ordinal = match["n"].lower()
        value = _ORDINALS.get(ordinal) or int(ordinal[:-2])
        start, end = match.span()
        yield Quantity(text[start:end], start, end, Decimal(value), Unit.TERM, Decimal(1))
