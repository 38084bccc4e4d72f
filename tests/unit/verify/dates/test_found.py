"""Dates found in a source's text: absolute, relative, weekdays, eras and datelines."""

from __future__ import annotations

from datetime import date

import pytest

from verifier.types import DatePrecision
from verifier.verify.dates._found import find_dates
from verifier.verify.dates._placing import is_dateline
from verifier.verify.text.sentences import sentence_around

FRIDAY = date(2024, 11, 8)
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


def _found(text: str, published: date | None = FRIDAY) -> list[tuple[str, date, DatePrecision]]:
    return [(d.text, d.value, d.precision) for d in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("They spoke on Nov. 6 by phone.", "Nov. 6", date(2024, 11, 6)),
        ("They spoke on November 6, 2024.", "November 6, 2024", date(2024, 11, 6)),
        ("They spoke on 6 November.", "6 November", date(2024, 11, 6)),
        ("They spoke on Nov 6th.", "Nov 6th", date(2024, 11, 6)),
        ("They spoke on the 6th of November.", "6th of November", date(2024, 11, 6)),
        ("Filed 2024-11-06 at noon.", "2024-11-06", date(2024, 11, 6)),
        ("The vote was on Sept. 27.", "Sept. 27", date(2024, 9, 27)),
        ("Ceremony on Jan. 20 next year.", "Jan. 20", date(2025, 1, 20)),
        ("Розмова відбулася 6 листопада 2024 року.", "6 листопада 2024", date(2024, 11, 6)),
        ("Разговор состоялся 6 ноября.", "6 ноября", date(2024, 11, 6)),
    ],
)
def test_absolute_english_and_cyrillic_dates(text: str, span: str, value: date) -> None:
    assert _found(text) == [(span, value, DAY)]


def test_a_weekday_is_the_latest_such_day_on_or_before_publication() -> None:
    found = find_dates("Musk joined the call on Wednesday, a source said.", FRIDAY)
    assert [(d.text, d.value) for d in found] == [("on Wednesday", date(2024, 11, 6))]
    assert found[0].resolved == (
        "Wednesday = 2024-11-06, resolved against the publication date 2024-11-08"
    )
    assert _found("Wednesday's call went well.") == [("Wednesday", date(2024, 11, 6), DAY)]
    assert _found("The markets rallied on Friday.") == [("on Friday", FRIDAY, DAY)]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Во вторник Банк России повысил ставку.", "вторник", date(2024, 11, 5)),
        ("В среду президент заявил об этом.", "среду", date(2024, 11, 6)),
        ("У п’ятницю Росія атакувала Київ.", "п’ятницю", FRIDAY),
        ("У ніч на неділю Росія атакувала енергетику.", "неділю", date(2024, 11, 3)),
        ("Вчора ввечері пролунали вибухи.", "Вчора", date(2024, 11, 7)),
    ],
)
def test_russian_and_ukrainian_weekdays_are_placed_like_english_ones(
    text: str, span: str, value: date
) -> None:
    assert _found(text) == [(span, value, DAY)]


def test_day_first_dotted_dates() -> None:
    assert _found("Втрати з 24.02.22 по 18.11.24 становлять") == [
        ("24.02.22", date(2022, 2, 24), DAY),
        ("18.11.24", date(2024, 11, 18), DAY),
    ]
    assert _found("am 18.11.2024 in Berlin; 13.49 трлн; Version 3.1") == [
        ("18.11.2024", date(2024, 11, 18), DAY)
    ]


def test_a_weekday_written_with_its_date_is_one_date() -> None:
    assert _found("Zelensky called Trump on Wednesday, Nov. 6 — the day after.") == [
        ("Wednesday, Nov. 6", date(2024, 11, 6), DAY)
    ]


def test_month_only_dates_lean_to_the_past() -> None:
    assert _found("In April, Rubio voted against the bill.") == [("April", date(2024, 4, 1), MONTH)]
    assert _found("since the invasion in February 2022") == [
        ("February 2022", date(2022, 2, 1), MONTH)
    ]
    assert _found("You may ask; May I?") == []
    assert _found("It was agreed in May.") == [("May", date(2024, 5, 1), MONTH)]


def test_relative_dates_need_the_publication_date() -> None:
    found = find_dates("He said yesterday that last month and this week were hard.", FRIDAY)
    assert [(d.text, d.first, d.last) for d in found] == [
        ("yesterday", date(2024, 11, 7), date(2024, 11, 7)),
        ("last month", date(2024, 10, 1), date(2024, 10, 31)),
        ("this week", date(2024, 11, 4), date(2024, 11, 10)),
    ]
    assert _found("He said yesterday.", published=None) == []


def test_years_but_not_amounts() -> None:
    assert _found("Elected in 2010, $2024 raised, 2,019 votes, 2019-2021.") == [
        ("2010", date(2010, 1, 1), YEAR),
        ("2019", date(2019, 1, 1), YEAR),
        ("2021", date(2021, 1, 1), YEAR),
    ]


def test_japanese_dates() -> None:
    assert _found("『日本経済新聞』は５日、コバレンコ所長が4日に投稿したと報じた。3日間の") == [
        ("５日", date(2024, 11, 5), DAY),
        ("4日", date(2024, 11, 4), DAY),
    ]
    assert _found("2024年11月6日と11月7日、2024.10.3、9月") == [
        ("2024年11月6日", date(2024, 11, 6), DAY),
        ("11月7日", date(2024, 11, 7), DAY),
        ("2024.10.3", date(2024, 10, 3), DAY),
        ("9月", date(2024, 9, 1), MONTH),
    ]


def test_a_sentence_ends_at_a_full_stop_but_not_after_an_abbreviation() -> None:
    text = "Hagerty was born in 1959. He served as U.S. Ambassador from Aug. 2017. Then more."
    at = text.index("Aug.")
    assert sentence_around(text, at, at + 4) == " He served as U.S. Ambassador from Aug. 2017."
    text = "林長官は7日に述べた。その上で強調した。"
    assert sentence_around(text, 4, 6) == "林長官は7日に述べた。"


def _dates(text: str, published: date | None) -> list[tuple[str, date, DatePrecision]]:
    return [(d.text, d.first, d.precision) for d in find_dates(text, published)]


def test_german_and_french_dates_and_weekdays_are_read() -> None:
    german = "Scholz hat Lindner am Mittwochabend entlassen. Er will am 15. Januar 2025 wählen."
    assert _dates(german, date(2024, 11, 6)) == [
        ("Mittwochabend", date(2024, 11, 6), DAY),
        ("15. Januar 2025", date(2025, 1, 15), DAY),
    ]
    french = "Le gouvernement a présenté, jeudi 10 octobre, le budget."
    assert _dates(french, date(2024, 10, 12)) == [("jeudi 10 octobre", date(2024, 10, 10), DAY)]


def test_japanese_era_years_are_read() -> None:
    text = "昭和32年2月4日生まれ。昭和61年7月、初当選。平成元年。"
    assert _dates(text, None) == [
        ("昭和32年2月4日", date(1957, 2, 4), DAY),
        ("昭和61年7月", date(1986, 7, 1), MONTH),
        ("平成元年", date(1989, 1, 1), YEAR),
    ]


def test_a_bare_day_takes_the_month_named_just_before_it() -> None:
    text = "授賞式は12月10日に開かれる。11日には晩餐会。記者は6日に語った。"
    assert _dates(text, date(2024, 10, 11))[1:] == [
        ("11日", date(2024, 12, 11), DAY),
        ("6日", date(2024, 10, 6), DAY),
    ]


def test_a_wire_dateline_is_not_an_event_date() -> None:
    """`SEOUL, Dec. 4 (Yonhap) --` is the filing day, not the day of what it reports."""
    text = (
        "SEOUL, Dec. 4 (Yonhap) -- Yoon declared martial law late Tuesday. On Dec. 4 he lifted it."
    )
    found = find_dates(text, date(2024, 12, 4))
    assert [is_dateline(text, source) for source in found if source.text == "Dec. 4"] == [
        True,
        False,
    ]


# --- relative Japanese dates, looking ahead ------------------------------------------------


def test_relative_japanese_months_and_days() -> None:
    published = date(2024, 10, 24)
    assert _found("第1工場は今年2月に開所し、先月21日に視察", published) == [
        ("今年2月", date(2024, 2, 1), MONTH),
        ("先月21日", date(2024, 9, 21), DAY),
    ]
    assert _found("昨年11月5日と来年3月", published) == [
        ("昨年11月5日", date(2023, 11, 5), DAY),
        ("来年3月", date(2025, 3, 1), MONTH),
    ]


def test_a_weekday_after_a_future_cue_is_the_next_one() -> None:
    monday = date(2024, 10, 28)
    assert _found("Talks are due to resume on Wednesday.", monday) == [
        ("on Wednesday", date(2024, 10, 30), DAY)
    ]
    assert _found("Boeing said Friday it will cut jobs.", monday) == [
        ("Friday", date(2024, 10, 25), DAY)
    ]
    assert _found("会合は水曜日に開かれた。", monday) == [("水曜日", date(2024, 10, 23), DAY)]
