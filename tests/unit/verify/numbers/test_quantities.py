"""Reading quantities: Japanese, English and European figures, their units, scales and bounds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from verifier.verify.numbers import claim_quantities
from verifier.verify.numbers._english import parse_english
from verifier.verify.numbers._european import parse_european
from verifier.verify.numbers._quantities import Bound, Quantity, Unit, parse_japanese


def _read(quantities: tuple[Quantity, ...]) -> list[tuple[str, Decimal, Unit | None]]:
    return [(q.text, q.value, q.unit) for q in quantities]


# --- parsing: Japanese ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "bound"),
    [
        ("得票数7470万6124票", "7470万6124票", "74706124", Unit.VOTES, Bound.EXACT),
        ("950億ドルの対外援助法案", "950億ドル", "95000000000", Unit.USD, Bound.EXACT),
        ("キエフへの約600億ドルを含む", "約600億ドル", "60000000000", Unit.USD, Bound.ABOUT),
        ("有権者数2億3093万1921人", "2億3093万1921人", "230931921", Unit.PEOPLE, Bound.EXACT),
        ("投票率54.80%", "54.80%", "54.80", Unit.PERCENT, Bound.EXACT),
        ("領土の約20%を占領", "約20%", "20", Unit.PERCENT, Bound.ABOUT),
        ("約25分間続いた", "約25分間", "25", Unit.MINUTES, Bound.ABOUT),
        ("フロリダ州、3期目", "3期目", "3", Unit.TERM, Bound.EXACT),
        ("53歳、外交実績", "53歳", "53", Unit.AGE, Bound.EXACT),
        ("少なくとも20年間はNATO", "少なくとも20年間", "20", Unit.YEARS, Bound.AT_LEAST),
        ("1000万票以上を積み増した", "1000万票以上", "10000000", Unit.VOTES, Bound.AT_LEAST),
        ("300万票ほど、及ばず", "300万票ほど", "3000000", Unit.VOTES, Bound.ABOUT),
        (
            "２億３０９３万１９２１人",
            "２億３０９３万１９２１人",
            "230931921",
            Unit.PEOPLE,
            Bound.EXACT,
        ),
        ("１，０００万円", "１，０００万円", "10000000", Unit.JPY, Bound.EXACT),
        ("三千五百人が参加", "三千五百人", "3500", Unit.PEOPLE, Bound.EXACT),
        ("観光客数は582万3千人", "582万3千人", "5823000", Unit.PEOPLE, Bound.EXACT),
        ("計約1億2千万円を支払う", "約1億2千万円", "120000000", Unit.JPY, Bound.ABOUT),
        ("2年半にもわたって", "2年半", "2.5", Unit.YEARS, Bound.EXACT),
        ("獲得選挙人312人", "312人", "312", Unit.ELECTORAL_VOTES, Bound.EXACT),
        ("5大陸で活躍した", "5大陸", "5", Unit.COUNT, Bound.EXACT),
        ("未決定 1議席", "1議席", "1", Unit.SEATS, Bound.EXACT),
        ("約2時間半に及んだ", "約2時間半", "2.5", Unit.HOURS, Bound.ABOUT),
        ("40分の意見陳述", "40分", "40", Unit.MINUTES, Bound.EXACT),
        ("395万トンの米不足", "395万トン", "3950000", Unit.TONS, Bound.EXACT),
        ("一晩で27機の無人機", "27機", "27", Unit.DRONES, Bound.EXACT),
        ("戦闘機12機を配備", "12機", "12", Unit.COUNT, Bound.EXACT),
        ("無人機72機を撃墜", "72機", "72", Unit.DRONES, Bound.EXACT),
        ("日量18万バレル", "18万バレル", "180000", Unit.BARRELS, Bound.EXACT),
        ("13億デンマーククローネ", "13億デンマーククローネ", "1300000000", Unit.DKK, Bound.EXACT),
        ("約3500海里", "約3500海里", "3500", Unit.NAUTICAL_MILES, Bound.ABOUT),
        ("約100万世帯が停電", "約100万世帯", "1000000", Unit.HOUSEHOLDS, Bound.ABOUT),
        ("4週間後に", "4週間", "4", Unit.WEEKS, Bound.EXACT),
        ("約5000ヘクタール", "約5000ヘクタール", "5000", Unit.HECTARES, Bound.ABOUT),
        ("12社が参加", "12社", "12", Unit.COUNT, Bound.EXACT),
    ],
)
def test_japanese_quantities(text: str, written: str, value: str, unit: Unit, bound: Bound) -> None:
    [quantity] = parse_japanese(text)
    assert (quantity.text, quantity.value, quantity.unit, quantity.bound) == (
        written,
        Decimal(value),
        unit,
        bound,
    )
    assert text[quantity.start : quantity.end] == written


def test_miles_and_kilometres_side_by_side() -> None:
    assert _read(parse_japanese("800マイル(約1287キロ)の非武装地帯")) == [
        ("800マイル", Decimal(800), Unit.MILES),
        ("約1287キロ", Decimal(1287), Unit.KM),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4.25〜4.50%", [("4.25", "4.25", Unit.PERCENT), ("4.50%", "4.50", Unit.PERCENT)]),
        ("10～15万人", [("10", "100000", Unit.PEOPLE), ("15万人", "150000", Unit.PEOPLE)]),
        ("5000〜1万人", [("5000", "5000", Unit.PEOPLE), ("1万人", "10000", Unit.PEOPLE)]),
        ("約3〜4兆円", [("約3", "3000000000000", Unit.JPY), ("4兆円", "4000000000000", Unit.JPY)]),
    ],
)
def test_a_japanese_range_gives_its_lower_end_the_unit_and_scale(
    text: str, expected: list[tuple[str, str, Unit]]
) -> None:
    assert _read(parse_japanese(text)) == [(t, Decimal(v), u) for t, v, u in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a range of 4.50-4.75%",
            [("4.50", "4.50", Unit.PERCENT), ("4.75%", "4.75", Unit.PERCENT)],
        ),
        (
            "between 10 and 15 percent",
            [("10", "10", Unit.PERCENT), ("15 percent", "15", Unit.PERCENT)],
        ),
        (
            "10-15 million people",
            [("10", "10000000", Unit.PEOPLE), ("15 million people", "15000000", Unit.PEOPLE)],
        ),
        ("he won 10 and 15 percent", [("10", "10", None), ("15 percent", "15", Unit.PERCENT)]),
        (
            "REP 312 74,706,124 50.5%",
            [
                ("312", "312", None),
                ("74,706,124", "74706124", None),
                ("50.5%", "50.5", Unit.PERCENT),
            ],
        ),
        ("a 7-6 win in 1980-2020", []),
    ],
)
def test_an_english_range_gives_its_lower_end_the_unit_but_a_table_row_is_no_range(
    text: str, expected: list[tuple[str, str, Unit | None]]
) -> None:
    assert _read(parse_english(text)) == [(t, Decimal(v), u) for t, v, u in expected]


def test_resolution_is_the_place_of_the_last_digit_written() -> None:
    [rounded] = parse_japanese("7470万票")
    [exact] = parse_japanese("7470万6124票")
    assert (rounded.resolution, exact.resolution) == (Decimal(10_000), Decimal(1))


@pytest.mark.parametrize(
    "text",
    [
        "2016年大統領選挙",  # a year
        "2024年11月6日",  # a date
        "米東部時間10日未明",  # a day of the month
        "3)上院(定数100、改選34)",  # a list marker and numbers without a unit
        "第2次トランプ政権",  # an ordinal
        "十分に検討した",  # 十分 means "enough"
        "共和党の主流派議員の1人です",  # "one of"
        "3分の1",  # a fraction
        "数十万人",  # a vague count
        "4ヶ月目に",  # an ordinal month
    ],
)
def test_japanese_non_quantities(text: str) -> None:
    assert parse_japanese(text) == ()


def test_date_mentions_are_masked() -> None:
    assert parse_japanese("31日間の会期", skip=("31日",)) == ()


# --- parsing: English ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "bound"),
    [
        ("Trump won 74,706,124 votes", "74,706,124 votes", "74706124", Unit.VOTES, Bound.EXACT),
        ("after a 25-minute call", "25-minute", "25", Unit.MINUTES, Bound.EXACT),
        ("ended the five-day strike", "five-day", "5", Unit.DAYS, Bound.EXACT),
        ("ran it in 18 minutes 42 seconds", "18 minutes 42 seconds", "18.7", Unit.MINUTES,
         Bound.EXACT),
        ("the $95 billion foreign aid bill", "$95 billion", "95e9", Unit.USD, Bound.EXACT),
        ("with around $60 billion for", "around $60 billion", "60e9", Unit.USD, Bound.ABOUT),
        ("a package of 95bn", "95bn", "95e9", None, Bound.EXACT),
        ("US$95bn", "US$95bn", "95e9", Unit.USD, Bound.EXACT),
        ("74.7 million", "74.7 million", "74.7e6", None, Bound.EXACT),
        ("Seventy-four million", "Seventy-four million", "74e6", None, Bound.EXACT),
        ("20% of Ukraine", "20%", "20", Unit.PERCENT, Bound.EXACT),
        ("20 percent of Ukraine", "20 percent", "20", Unit.PERCENT, Bound.EXACT),
        ("lasted about 25 minutes", "about 25 minutes", "25", Unit.MINUTES, Bound.ABOUT),
        ("now in his third term", "third term", "3", Unit.TERM, Bound.EXACT),
        ("a 53-year-old senator", "53-year-old", "53", Unit.AGE, Bound.EXACT),
        ("- Age 53", "Age 53", "53", Unit.AGE, Bound.EXACT),
        ("Rubio, 53, was first elected", "53", "53", Unit.AGE, Bound.EXACT),
        ("an 800 miles zone", "800 miles", "800", Unit.MILES, Bound.EXACT),
        ("about 1,287 km", "about 1,287 km", "1287", Unit.KM, Bound.ABOUT),
        ("304 electoral votes", "304 electoral votes", "304", Unit.ELECTORAL_VOTES, Bound.EXACT),
        ("218 seats needed", "218 seats", "218", Unit.SEATS, Bound.EXACT),
        ("Three sources briefed", "Three sources", "3", Unit.COUNT, Bound.EXACT),
        ("more than 11 million votes", "more than 11 million votes", "11e6", Unit.VOTES,
         Bound.AT_LEAST),
        ("nearly 2.9 million more popular votes", "nearly 2.9 million more popular votes", "2.9e6",
         Unit.VOTES, Bound.ABOUT),
        ("| 230,931,921 |", "230,931,921", "230931921", None, Bound.EXACT),
        ("Republicans hold 52 Senate seats", "52 Senate seats", "52", Unit.SEATS, Bound.EXACT),
        ("About 11,000 North Korean troops", "About 11,000 North Korean troops", "11000",
         Unit.PEOPLE, Bound.ABOUT),
    ],
)  # fmt: skip
def test_english_quantities(text: str, written: str, value: str, unit: Unit, bound: Bound) -> None:
    [quantity] = parse_english(text)
    assert (quantity.text, quantity.value, quantity.unit, quantity.bound) == (
        written,
        Decimal(value),
        unit,
        bound,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Zelensky called Trump on Wednesday, Nov. 6",
        "Last updated Nov. 10, 2024, 2:41 a.m. EST",
        "elected in 2010 and re-elected in 2016",
        "the 30th U.S. Ambassador",
        "American presidential elections, 1980-2020",
        "on 6 November",
        "a 5m stretch",
    ],
)
def test_english_non_quantities(text: str) -> None:
    assert parse_english(text) == ()


def test_a_table_cell_is_no_count_of_the_next_line() -> None:
    [quantity] = parse_english("Top stories: three\nDefense secretaries")
    assert quantity.unit is None


# --- units, currencies and other languages -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "value", "unit"),
    [
        ("前回を2.08ポイント下回り", "2.08ポイント", "2.08", Unit.POINTS),
        ("今季54本塁打を記録", "54本塁打", "54", Unit.HOME_RUNS),
        ("1100万スウェーデン・クローナ", "1100万スウェーデン・クローナ", "11000000", Unit.SEK),
        ("500億ルーブル", "500億ルーブル", "50000000000", Unit.RUB),
        ("1兆人民元", "1兆人民元", "1000000000000", Unit.CNY),
        ("3000億ウォン", "3000億ウォン", "300000000000", Unit.KRW),
        ("1ドル=160円24銭と", "160円24銭", "160.24", Unit.JPY),
        ("打上げ後約28分47秒に", "約28分47秒", "28.7833", Unit.MINUTES),
        ("第5戦を7対6で制し", "7対6", "7006", Unit.SCORE),
        ("ヤンキースに7－6で逆転勝ち", "7－6", "7006", Unit.SCORE),
        ("第102代内閣総理大臣", "102代", "102", Unit.SUCCESSION),
        ("連立はおよそ2年で崩壊", "およそ2年", "2", Unit.YEARS),
    ],
)
def test_more_japanese_units(text: str, written: str, value: str, unit: Unit) -> None:
    """Points, sports counts, currencies, 銭, seconds, scores, 第N代 and a bounded 年."""
    [quantity] = parse_japanese(text)
    assert (quantity.text, quantity.value, quantity.unit) == (written, Decimal(value), unit)


def test_a_win_loss_record_is_wins_and_losses() -> None:
    assert _read(parse_japanese("4勝1敗で優勝")) == [
        ("4勝", Decimal(4), Unit.WINS),
        ("1敗", Decimal(1), Unit.LOSSES),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2016年に",
        "4年ぶり8度目の世界一",
        "15時48分00秒",
        "第21回会議",
        "30代の男性",
        "一元化",
        "2勝利",
    ],
)
def test_more_japanese_non_quantities(text: str) -> None:
    """Years, "first in N years", clock times, ordinals, age groups, 一元化, 勝利."""
    assert parse_japanese(text) == ()


@pytest.mark.parametrize(
    ("text", "written", "value", "unit"),
    [
        ("Prize amount: 11 million Swedish kronor.", "11 million Swedish kronor", "11e6", Unit.SEK),
        ("fell 2.08 percentage points", "2.08 percentage points", "2.08", Unit.POINTS),
        ("a 3 billion yuan fund", "3 billion yuan", "3e9", Unit.CNY),
        ("fined ₽500 each", "₽500", "500", Unit.RUB),
    ],
)
def test_more_english_units(text: str, written: str, value: str, unit: Unit) -> None:
    [quantity] = parse_english(text)
    assert (quantity.text, quantity.value, quantity.unit) == (written, Decimal(value), unit)


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "bound"),
    [
        ("atteindre 6,1 % du PIB", "6,1 %", "6.1", Unit.PERCENT, Bound.EXACT),
        (
            "un effort de 60 milliards d’euros",
            "60 milliards d’euros",
            "6e10",
            Unit.EUR,
            Bound.EXACT,
        ),
        ("nach fast drei Jahren am Ende", "fast drei Jahren", "3", Unit.YEARS, Bound.ABOUT),
        ("3,5 Milliarden Euro", "3,5 Milliarden Euro", "3.5e9", Unit.EUR, Bound.EXACT),
        ("1.287 Menschen", "1.287 Menschen", "1287", Unit.PEOPLE, Bound.EXACT),
        ("продолжалась почти четыре часа", "почти четыре часа", "4", Unit.HOURS, Bound.ABOUT),
        ("в течение пяти дней", "пяти дней", "5", Unit.DAYS, Bound.EXACT),
        ("более 2 млрд рублей", "более 2 млрд рублей", "2e9", Unit.RUB, Bound.AT_LEAST),
    ],
)
def test_european_quantities(text: str, written: str, value: str, unit: Unit, bound: Bound) -> None:
    """Decimal comma, dot thousands, milliard scales and number words in fr, de and ru."""
    [quantity] = parse_european(text)
    assert (quantity.text, quantity.value, quantity.unit) == (written, Decimal(value), unit)
    assert quantity.bound is bound


def test_european_number_words_need_a_unit() -> None:
    """`ein`/`un` are articles, and a bare figure is the English parser's."""
    assert parse_european("drei von ihnen; ein Jahr; am 15. Januar 2025") == ()


@pytest.mark.parametrize(
    ("text", "written", "value", "unit"),
    [
        ("передбачено 1,47 трлн грн на освіту", "1,47 трлн грн", "1.47e12", Unit.UAH),
        ("виділено 350 млн гривень", "350 млн гривень", "3.5e8", Unit.UAH),
        ("підтримали 301 народних депутатів", "301 народних депутатів", "301", Unit.PEOPLE),
        ("противник атакував 73 ракетами", "73 ракетами", "73", Unit.MISSILES),
        (
            "обстреляли семью баллистическими ракетами",
            "семью баллистическими ракетами",
            "7",
            Unit.MISSILES,
        ),
        ("Три ракети збито", "Три ракети", "3", Unit.MISSILES),
    ],
)
def test_ukrainian_and_russian_amounts_counts_and_words(
    text: str, written: str, value: str, unit: Unit
) -> None:
    """Decimal comma with трлн/млн, гривня, adjectives between a number and its noun."""
    [quantity] = parse_european(text)
    assert (quantity.text, quantity.value, quantity.unit) == (written, Decimal(value), unit)


def test_basis_points_are_hundredths_of_a_percent() -> None:
    """`200 базисных пунктов` and "25 basis points" are 2% and 0.25%."""
    (ru,) = [q for q in parse_european("на 200 базисных пунктов") if q.unit is Unit.PERCENT]
    (en,) = [q for q in parse_english("a 25 basis point cut") if q.unit is Unit.PERCENT]
    assert (ru.value, en.value) == (Decimal(2), Decimal("0.25"))


def test_a_russian_or_ukrainian_claim_is_read_with_decimal_commas() -> None:
    """An issue in Russian writes `8,1%` as its sources do; the English reader would cut
    `$6,5 млрд` to `$6`, which is no reading at all."""

    def read(text: str) -> list[tuple[str, str]]:
        return [(q.text, str(q.value)) for q in claim_quantities(text)]

    assert read("индекс вырос на 8,1%, сообщил «Интерфакс».") == [("8,1%", "8.1")]
    assert read("банки видали кредитів на 2,6 млрд грн") == [("2,6 млрд грн", "2600000000.0")]
    assert read("проект оценивается в $6,5 млрд") == []
    assert read("потреби оцінено в $524 млрд") == []
    assert read("в июле 2023 года ставка составляла 7,5%") == [("7,5%", "7.5")]
    assert read("$95 billion was approved") == [("$95 billion", "95000000000")]
