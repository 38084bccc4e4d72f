"""Month, weekday and era words of the languages issues and sources are written in.

The parser reads an issue's dates by them and the source-date finder
(`verify.dates._found`) a source's: English and Japanese by their own patterns,
and with these tables the same dates in the other languages (Russian and
Ukrainian, German, French) and in Japanese era years, without a pattern per
language for every shape.
"""

from __future__ import annotations

_CYRILLIC_STEMS: tuple[tuple[str, ...], ...] = (
    ("січня", "января"),
    ("лютого", "февраля"),
    ("березня", "марта"),
    ("квітня", "апреля"),
    ("травня", "мая"),
    ("червня", "июня"),
    ("липня", "июля"),
    ("серпня", "августа"),
    ("вересня", "сентября"),
    ("жовтня", "октября"),
    ("листопада", "ноября"),
    ("грудня", "декабря"),
)
CYRILLIC_MONTHS = {stem: n for n, stems in enumerate(_CYRILLIC_STEMS, 1) for stem in stems}

ENGLISH_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
)
ENGLISH_MONTHS += ("September", "October", "November", "December")
# English month names as news writes them, full or cut (`Nov.`, `Sept.`), to their number.
ENGLISH_MONTH_NUMBERS = (
    {name.lower(): n for n, name in enumerate(ENGLISH_MONTHS, 1)}
    | {name.lower()[:3]: n for n, name in enumerate(ENGLISH_MONTHS, 1)}
    | {"sept": 9}
)
ENGLISH_MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?"
    r"|Nov\.?|Dec\.?)(?![A-Za-z])"
)

_GERMAN = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
_FRENCH = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
# German and French month names, lower-cased (Austrian Jänner and unaccented spellings too).
EUROPEAN_MONTHS = {
    name.lower(): n for names in (_GERMAN, _FRENCH) for n, name in enumerate(names.split(), 1)
} | {"jänner": 1, "fevrier": 2, "aout": 8, "decembre": 12}

_WEEKDAY_NAMES = (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
)
# Russian and Ukrainian weekdays as news writes them: nominative, and the
# accusative of `в среду` / `у п'ятницю` (the apostrophe is read as ').
_CYRILLIC_WEEKDAYS = (
    "понедельник понеділок",
    "вторник вівторок",
    "среда среду середа середу",
    "четверг четвер",
    "пятница пятницу п'ятниця п'ятницю",
    "суббота субботу субота суботу",
    "воскресенье неділя неділю",
)
# Any language's weekday, lower-cased, to Python's weekday number (Monday is 0).
WEEKDAY_NUMBERS = {
    name.lower(): n for names in _WEEKDAY_NAMES for n, name in enumerate(names.split())
} | {"sonnabend": 5}
WEEKDAY_NUMBERS |= {name: n for n, names in enumerate(_CYRILLIC_WEEKDAYS) for name in names.split()}
WEEKDAY_NUMBERS |= {f"{kanji}曜日": n for n, kanji in enumerate("月火水木金土日")}
JAPANESE_WEEKDAYS = "[月火水木金土日]曜日"

ENGLISH_WEEKDAYS = "|".join(_WEEKDAY_NAMES[0].split())
GERMAN_WEEKDAYS = "|".join([*_WEEKDAY_NAMES[1].split(), "Sonnabend"])
FRENCH_WEEKDAYS = "|".join(_WEEKDAY_NAMES[2].split())
CYRILLIC_WEEKDAYS = "|".join(
    sorted((name for names in _CYRILLIC_WEEKDAYS for name in names.split()), key=len, reverse=True)
).replace("'", "['’ʼ]")
# Russian and Ukrainian "yesterday", "today", "tomorrow", as days from the dateline.
# "In July" as Russian and Ukrainian write it (the locative: в июле, у липні), by month.
_CYRILLIC_IN_MONTH = (
    "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре",
    "січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні",
)
CYRILLIC_IN_MONTHS = {
    name: n for names in _CYRILLIC_IN_MONTH for n, name in enumerate(names.split(), 1)
}
CYRILLIC_DAY_WORDS = {"вчера": -1, "вчора": -1, "сегодня": 0, "сьогодні": 0, "завтра": 1}
CYRILLIC_MONTH_PATTERN = "|".join(sorted(CYRILLIC_MONTHS, key=len, reverse=True))
EUROPEAN_MONTH_PATTERN = "|".join(sorted(EUROPEAN_MONTHS, key=len, reverse=True))
# `am Mittwochabend`: a German weekday runs into the part of the day.
DAY_PARTS = "abend|morgen|mittag|nachmittag|vormittag|nacht"

# The year before each era's first: 昭和32年 is 1925 + 32 = 1957.
ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911}
