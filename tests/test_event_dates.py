"""Dates inside claims: the source-date finder and the event_date check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from verifier.extract import extract_page
from verifier.parse import parse_issue
from verifier.settings import Settings
from verifier.types import (
    Check,
    Citation,
    CitationKind,
    Claim,
    ClaimKind,
    DateMention,
    DatePrecision,
    DateRole,
    LinkResult,
    LinkStatus,
    Page,
    Verdict,
)
from verifier.verify import dates as event_dates
from verifier.verify.context import CheckContext
from verifier.verify.dates._found import find_dates, sentence_around
from verifier.verify.dates._placing import is_dateline
from verifier.verify.text.anchors import alike, date_anchors, shared_anchors
from verifier.verify.text.embeddings import E5Small, WindowIndex

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "localweb" / "pages"
EXAMPLE = ROOT / "examples" / "iwj-guide-2024-11-11.txt"
EASTERN = timezone(timedelta(hours=-5))
JST = timezone(timedelta(hours=9))
FRIDAY = date(2024, 11, 8)
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR

CALL_CLAIM = "大統領選直後の10月6日に行われた、トランプ氏とゼレンスキー氏との電話会談に同席していた"


# --- the finder ---------------------------------------------------------------


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


def test_names_match_through_their_latin_reading() -> None:
    # e2k writes Miami ミアミ; read as "miami" it is close to マイアミ's "maiami".
    assert "Miami~ミアミ" in shared_anchors("1973年マイアミ生まれ", "He was born in Miami.")
    assert shared_anchors("マスク氏の投稿", "Mark said so.") == ()


def test_transliteration_marks_do_not_hide_a_name() -> None:
    # Новак reads ノバック; the issue writes ノヴァク: the same name once ヴ and ッ are set aside.
    assert date_anchors("ノヴァク副首相は述べた", "Вице-премьер Александр Новак заявил.")
    assert not alike("ルビー", "ルビオ")


# --- the check on handmade pages ------------------------------------------------


def _mention(text: str, value: date, precision: DatePrecision = DAY) -> DateMention:
    return DateMention(text, value, precision)


def _citation(sentence: str, *mentions: DateMention) -> Citation:
    claim = Claim(ClaimKind.DATE, sentence, 10, dates=mentions)
    return Citation(
        "c01",
        12,
        CitationKind.SOURCE,
        "https://news.example/story",
        cited_publisher="AXIOS",
        cited_date=FRIDAY,
        cited_date_role=DateRole.PUBLISHED,
        claims=(claim,),
    )


def _page(text: str, published_at: datetime | None = None, language: str = "en") -> Page:
    at = published_at or datetime(2024, 11, 8, 13, 58, tzinfo=EASTERN)
    return Page(
        "https://news.example/story",
        text,
        published=at.date(),
        published_at=at,
        language=language,
    )


def _check(
    citation: Citation, page: Page | None, status: LinkStatus = LinkStatus.OK
) -> tuple[Check, ...]:
    link = LinkResult(status, "HTTP 200 OK")
    ctx = CheckContext(citation, page, link, Settings(), issue_date=date(2024, 11, 11))
    assert event_dates.applies(citation)
    return event_dates.check(ctx)


CALL_PAGE = "Zelensky called Trump on Wednesday, Nov. 6 — the day after the election."


def test_the_same_day_is_supported_with_its_span() -> None:
    citation = _citation(
        "11月6日、トランプ氏とゼレンスキー氏が電話会談", _mention("11月6日", date(2024, 11, 6))
    )
    (check,) = _check(citation, _page(CALL_PAGE))
    assert (check.kind, check.verdict, check.evidence) == (
        "event_date",
        Verdict.SUPPORTED,
        "Wednesday, Nov. 6",
    )


def test_a_month_is_supported_by_a_month() -> None:
    citation = _citation("今年4月に反対票を投じた", _mention("今年4月", date(2024, 4, 1), MONTH))
    (check,) = _check(citation, _page("In April, Rubio voted against the aid bill."))
    assert (check.verdict, check.evidence) == (Verdict.SUPPORTED, "April")


def test_a_month_slip_on_the_same_event_is_contradicted() -> None:
    citation = _citation(CALL_CLAIM, _mention("10月6日", date(2024, 10, 6)))
    (check,) = _check(citation, _page(CALL_PAGE))
    assert check.verdict is Verdict.CONTRADICTED
    assert "2024-11-06" in check.note and "2024-10-06" in check.note
    assert check.claim == "10月6日" and check.line == 10


def test_a_slip_without_shared_event_words_is_only_not_found() -> None:
    citation = _citation(CALL_CLAIM, _mention("10月6日", date(2024, 10, 6)))
    (check,) = _check(citation, _page("Stocks closed higher on Wednesday, Nov. 6."))
    assert check.verdict is Verdict.NOT_FOUND


@pytest.mark.parametrize("claimed", [date(2024, 11, 3), date(2024, 11, 4), date(2024, 11, 20)])
def test_another_day_for_the_same_event_is_contradicted(claimed: date) -> None:
    written = f"11月{claimed.day}日"
    sentence = CALL_CLAIM.replace("10月6日", written)
    (check,) = _check(_citation(sentence, _mention(written, claimed)), _page(CALL_PAGE))
    assert check.verdict is Verdict.CONTRADICTED
    assert "2024-11-06" in check.note and claimed.isoformat() in check.note


def test_the_day_before_a_source_behind_japan_is_contradicted() -> None:
    # Japan is ahead of the US: no clock makes a US 6th a Tokyo 5th.
    sentence = CALL_CLAIM.replace("10月6日", "11月5日")
    (check,) = _check(_citation(sentence, _mention("11月5日", date(2024, 11, 5))), _page(CALL_PAGE))
    assert check.verdict is Verdict.CONTRADICTED


def test_the_same_people_at_another_kind_of_event_are_no_contradiction() -> None:
    sentence = "トランプ氏とゼレンスキー氏とマスク氏は11月2日にニューヨークで会談"
    page = _page("Trump, Musk and Zelensky were all on stage on Wednesday, Nov. 6.")
    (check,) = _check(_citation(sentence, _mention("11月2日", date(2024, 11, 2))), page)
    assert check.verdict is Verdict.NOT_FOUND


def test_another_month_for_the_same_vote_is_contradicted_but_not_by_a_year() -> None:
    sentence = "ルビオ氏は今年3月に950億ドルの対外援助法案に反対票を投じた"
    citation = _citation(sentence, _mention("今年3月", date(2024, 3, 1), MONTH))
    (check,) = _check(citation, _page("In April, Rubio voted against the $95 billion aid bill."))
    assert check.verdict is Verdict.CONTRADICTED and "2024-04" in check.note
    (check,) = _check(citation, _page("In 2022, Rubio voted against the $95 billion aid bill."))
    assert check.verdict is Verdict.NOT_FOUND


def test_a_year_is_refuted_only_by_a_year_the_source_writes() -> None:
    sentence = "トランプ氏は2016年の大統領選挙で勝利した"
    citation = _citation(sentence, _mention("2016年", date(2016, 1, 1), YEAR))
    assert _check(citation, _page("Trump won the election on Nov. 5, Zelensky said.")) == ()
    (check,) = _check(citation, _page("Trump won the election in 2012, Zelensky said."))
    assert check.verdict is Verdict.CONTRADICTED and "2012" in check.note


def test_an_official_sites_own_name_ties_its_sentences() -> None:
    sentence = "ルビオ上院議員の公式ホームページによると、1973年マイアミ生まれ。"
    citation = _citation(sentence, _mention("1973年", date(1973, 1, 1), YEAR))
    page = replace(
        _page("Marco Rubio was born in Miami, Florida, in 1971."),
        url="https://www.rubio.senate.gov/about/",
        publisher="U.S. Senator Marco Rubio",
    )
    (check,) = _check(citation, page)
    assert check.verdict is Verdict.CONTRADICTED and "1971" in check.note


def test_a_japanese_sources_shared_words_date_the_same_briefing() -> None:
    sentence = "林芳正官房長官は5日の記者会見で、北朝鮮兵の派遣について重大な懸念を示しました。"
    page = _page(
        "林芳正官房長官は7日の記者会見で、北朝鮮兵の派遣について「重大な懸念」と述べた。",
        datetime(2024, 11, 7, 18, 30, tzinfo=JST),
        "ja",
    )
    (check,) = _check(_citation(sentence, _mention("5日", date(2024, 11, 5))), page)
    assert check.verdict is Verdict.CONTRADICTED and "2024-11-07" in check.note
    also = sentence.replace("5日の", "昨年10月にも").replace("記者会見で、", "")
    (check,) = _check(_citation(also, _mention("昨年10月", date(2023, 10, 1), MONTH)), page)
    assert check.verdict is Verdict.NOT_FOUND  # "also last October": another occurrence


def test_a_source_date_nearer_another_date_of_the_claim_is_that_dates() -> None:
    sentence = "トランプ氏とゼレンスキー氏は9月27日に会談し、11月3日に電話会談した"
    citation = _citation(
        sentence, _mention("9月27日", date(2024, 9, 27)), _mention("11月3日", date(2024, 11, 3))
    )
    page = _page("Trump spoke with Zelensky by phone on Nov. 6 and they met in the summit.")
    checks = {c.claim: c.verdict for c in _check(citation, page)}
    assert checks == {"9月27日": Verdict.NOT_FOUND, "11月3日": Verdict.CONTRADICTED}


def test_one_day_later_in_japan_is_supported_with_a_note() -> None:
    sentence = "トランプ氏とゼレンスキー氏は11月7日に電話会談"
    (check,) = _check(_citation(sentence, _mention("11月7日", date(2024, 11, 7))), _page(CALL_PAGE))
    assert check.verdict is Verdict.SUPPORTED and check.score == 0.7
    assert "behind Japan" in check.note


def test_a_japanese_sources_next_day_is_contradicted() -> None:
    sentence = "トランプ氏とゼレンスキー氏は11月7日に電話会談"
    page = _page(
        "トランプ氏とゼレンスキー氏は6日に電話会談した。",
        datetime(2024, 11, 8, 9, 0, tzinfo=JST),
        "ja",
    )
    (check,) = _check(_citation(sentence, _mention("11月7日", date(2024, 11, 7))), page)
    assert check.verdict is Verdict.CONTRADICTED


def test_the_citations_own_byline_is_supported_by_the_publication_date() -> None:
    sentence = "と、11月8日付米ネットメディア『アクシオス』が報じました。"
    citation = _citation(sentence, _mention("11月8日付", FRIDAY))
    (check,) = _check(citation, replace(_page(CALL_PAGE), paywalled=True), LinkStatus.PAYWALLED)
    assert (check.verdict, check.evidence) == (Verdict.SUPPORTED, "2024-11-08T13:58:00-05:00")


@pytest.mark.parametrize(
    ("sentence", "written", "day", "verdict"),
    [
        ("『アクシオス』は11日、マスク氏の同席を報じた", "11日", 11, Verdict.CONTRADICTED),
        ("この動画は11日にAxiosでも公開された", "11日", 11, Verdict.CONTRADICTED),
        ("『アクシオス』は10日、マスク氏の同席を報じた", "10日", 10, Verdict.NOT_FOUND),
        ("『ポリティコ』は11日、マスク氏の同席を報じた", "11日", 11, Verdict.NOT_FOUND),
    ],
)
def test_a_publication_date_given_to_this_source_is_refuted_by_its_timestamp(
    sentence: str, written: str, day: int, verdict: Verdict
) -> None:
    # Published Nov 8 13:58 Eastern: Nov 9 in Tokyo. One day past that may be
    # the day the issue read it; another outlet's report is not this page's.
    page = replace(_page(CALL_PAGE), url="https://www.axios.com/2024/11/08/call", publisher="Axios")
    (check,) = _check(_citation(sentence, _mention(written, date(2024, 11, day))), page)
    assert check.verdict is verdict
    if verdict is Verdict.CONTRADICTED:
        assert "2024-11-11" in check.note and "2024-11-08" in check.note


def test_a_reports_date_is_never_refuted_by_the_dates_in_its_text() -> None:
    sentence = "『ポリティコ』は4日、トランプ氏とゼレンスキー氏の電話会談を報じた"
    (check,) = _check(_citation(sentence, _mention("4日", date(2024, 11, 4))), _page(CALL_PAGE))
    assert check.verdict is Verdict.NOT_FOUND


def test_another_publications_byline_is_never_refuted() -> None:
    sentence = "11月7日付『ウォール・ストリート・ジャーナル日本版』が、トランプ氏の電話会談を報じた"
    (check,) = _check(
        _citation(sentence, _mention("11月7日付", date(2024, 11, 7))), _page(CALL_PAGE)
    )
    assert check.verdict is Verdict.NOT_FOUND and "not this source's" in check.note


def test_history_years_the_source_never_dates_are_skipped() -> None:
    citation = _citation(
        "2016年の選挙と2024年の選挙",
        _mention("2016年", date(2016, 1, 1), YEAR),
        _mention("2024年", date(2024, 1, 1), YEAR),
    )
    checks = _check(citation, _page("The 2023 and 2024 campaigns were long."))
    assert [(c.claim, c.verdict) for c in checks] == [("2024年", Verdict.SUPPORTED)]


def test_an_unreadable_source_is_unverifiable() -> None:
    citation = _citation(CALL_CLAIM, _mention("10月6日", date(2024, 10, 6)))
    (check,) = _check(citation, None, LinkStatus.DEAD)
    assert check.verdict is Verdict.UNVERIFIABLE


# --- the check on the example issue and its fixture pages -------------------------


def _fixture(url: str, file: str) -> Page:
    page = extract_page(url, (PAGES / file).read_bytes(), "text/html; charset=utf-8")
    assert page is not None
    return page


@pytest.fixture(scope="module")
def issue_citations() -> dict[int, Citation]:
    return {c.line: c for c in parse_issue(EXAMPLE).citations}


def test_axios_dates_the_call_in_november_not_october(
    issue_citations: dict[int, Citation],
) -> None:
    citation = issue_citations[290]
    page = _fixture(citation.url or "", "www.axios.com/musk-trump-zelensky-ukraine-call.html")
    checks = {(c.line, c.claim): c for c in _check(citation, page)}
    wrong = checks[(286, "10月6日")]
    assert wrong.verdict is Verdict.CONTRADICTED
    assert "2024-11-06" in wrong.note and "2024-10-06" in wrong.note
    byline = checks[(286, "11月8日付")]
    assert byline.verdict is Verdict.SUPPORTED
    assert byline.evidence == "2024-11-08T13:58:00-05:00"


def test_rt_gives_april(issue_citations: dict[int, Citation]) -> None:
    citation = issue_citations[88]
    page = _fixture(
        citation.url or "", "www.rt.com/607294-trump-rubio-grenell-secretary-state.html"
    )
    checks = {c.claim: c for c in _check(citation, page)}
    assert (checks["今年4月"].verdict, checks["今年4月"].evidence) == (Verdict.SUPPORTED, "April")


@pytest.mark.parametrize(
    ("sentence", "written", "verdict"),
    [
        ("『アクシオス』は8日、「マスク氏が同席」と報じた", "8日", Verdict.SUPPORTED),
        ("コバレンコ所長の8日のテレグラムポスト", "8日", Verdict.SUPPORTED),
        ("会見は8日に行われた", "8日", Verdict.NOT_FOUND),  # an event date, not a byline
    ],
)
def test_byline_markers(sentence: str, written: str, verdict: Verdict) -> None:
    (check,) = _check(_citation(sentence, _mention(written, FRIDAY)), _page("No dates here."))
    assert check.verdict is verdict


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


def test_date_anchors_read_other_languages_pieces_and_numbers() -> None:
    from verifier.verify.text.anchors import date_anchors, is_partial

    russian = date_anchors("プーチン大統領はソチで演説", "Путин выступил в Сочи.")
    assert "speech" in russian and any(a.startswith("Путин~") for a in russian)
    japanese = date_anchors("衆院選で自民は過半数割れ", "衆議院選挙で自民党は過半数を下回った")
    assert "過半数" in japanese and any(map(is_partial, japanese))
    assert date_anchors("円は34年ぶりの安値", "a 34-year low") == ("fall", "#34")


def test_a_scheduled_date_a_day_off_is_contradicted() -> None:
    sentence = "ノーベル平和賞の授賞式は12月11日にオスロで開かれます。"
    page = _page(
        "ノーベル平和賞を日本被団協に授与すると発表した。授賞式は12月10日にオスロで開かれる。",
        datetime(2024, 10, 11, 18, 0, tzinfo=JST),
        "ja",
    )
    (check,) = _check(_citation(sentence, _mention("12月11日", date(2024, 12, 11))), page)
    assert check.verdict is Verdict.CONTRADICTED


def test_also_after_a_noun_is_never_refuted() -> None:
    sentence = "日銀は9月20日の会合でも政策金利を据え置いていました。"
    page = _page(
        "日銀は31日の会合で政策金利を据え置いた。", datetime(2024, 10, 31, 9, 0, tzinfo=JST), "ja"
    )
    (check,) = _check(_citation(sentence, _mention("9月20日", date(2024, 9, 20))), page)
    assert check.verdict is Verdict.NOT_FOUND


def test_a_shared_modifier_is_not_the_claims_topic() -> None:
    # The source dates the package the claim's budget backs, not the budget.
    sentence = "新税制の財源となる追加予算案は12月3日に閣議決定される予定です。"
    page = _page(
        "政府は26日、新税制を閣議決定した。", datetime(2024, 11, 26, 18, 0, tzinfo=JST), "ja"
    )
    (check,) = _check(_citation(sentence, _mention("12月3日", date(2024, 12, 3))), page)
    assert check.verdict is Verdict.NOT_FOUND


def test_the_topic_counts_only_when_the_date_follows_it() -> None:
    from verifier.verify.text.anchors import keeps_topic

    assert not keeps_topic("追加予算案は", "政府は新税制を閣議決定した。")
    assert keeps_topic("石破首相は", "石破茂首相は会見した。")
    assert keeps_topic("予算案は", "The cabinet approved the budget.")


def test_acronyms_declined_names_and_more_events_are_anchors() -> None:
    from verifier.verify.text.anchors import date_anchors

    russian = date_anchors(
        "国防省はHIMARSでブリャンスク州を攻撃", "Удар HIMARS по Брянской области."
    )
    assert {"attack", "HIMARS~HIMARS"} <= set(russian) and any("Брянской" in a for a in russian)
    korean = date_anchors(
        "国会は戒厳解除要求決議を投票で可決", "The National Assembly voted a resolution"
    )
    assert {"parliament", "resolution", "vote"} <= set(korean)


def test_a_korean_sources_previous_day_is_contradicted_but_a_us_one_is_not() -> None:
    sentence = "国会は5日未明、戒厳解除を求める決議を可決しました。"
    text = "The National Assembly voted for a resolution to lift martial law on Wednesday."
    korea = timezone(timedelta(hours=9))
    seoul = _page(text, datetime(2024, 12, 4, 4, 40, tzinfo=korea))
    citation = _citation(sentence, _mention("5日", date(2024, 12, 5)))
    assert _check(citation, seoul)[0].verdict is Verdict.CONTRADICTED
    washington = _page(text, datetime(2024, 12, 4, 14, 0, tzinfo=EASTERN))
    assert _check(citation, washington)[0].verdict is Verdict.SUPPORTED


def test_a_statement_is_dated_by_its_own_pages_publication_in_either_clock() -> None:
    sentence = "首相は21日、テレビ演説で新たな対策を表明しました。"
    moscow = timezone(timedelta(hours=3))
    page = _page(
        "The prime minister announced new measures.", datetime(2024, 11, 21, 20, 0, tzinfo=moscow)
    )
    for day in (21, 22):
        citation = _citation(
            sentence.replace("21日", f"{day}日"), _mention(f"{day}日", date(2024, 11, day))
        )
        assert _check(citation, page)[0].verdict is Verdict.SUPPORTED
    citation = _citation(sentence.replace("21日", "24日"), _mention("24日", date(2024, 11, 24)))
    assert _check(citation, page)[0].verdict is Verdict.NOT_FOUND


def test_an_event_dated_after_a_page_that_reports_it_done_is_contradicted() -> None:
    sentence = "議会は11月19日、来年の予算案を投票で可決しました。"
    text = "Parliament voted to pass next year's budget, 257 lawmakers in favour."
    page = _page(text, datetime(2024, 10, 19, 14, 0, tzinfo=EASTERN))
    (check,) = _check(_citation(sentence, _mention("11月19日", date(2024, 11, 19))), page)
    assert check.verdict is Verdict.CONTRADICTED
    planned = sentence.replace("可決しました", "可決する予定です")
    (check,) = _check(_citation(planned, _mention("11月19日", date(2024, 11, 19))), page)
    assert check.verdict is Verdict.NOT_FOUND
    next_day = sentence.replace("11月19日", "10月20日")
    (check,) = _check(_citation(next_day, _mention("10月20日", date(2024, 10, 20))), page)
    assert check.verdict is Verdict.NOT_FOUND


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


# --- relative Japanese dates, looking ahead, and the claim's own sentence ---------------------


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


AID_PAGE = (
    "King Felipe and Queen Letizia visited the town of Paiporta on Sunday, where residents "
    "threw mud at them. Prime Minister Pedro Sánchez on Monday announced an aid package of "
    "10.6 billion euros for households and businesses. The death toll rose to 217."
)


def _aligned(sentence: str, mention: DateMention, windows: WindowIndex | None) -> Check:
    page = _page(AID_PAGE, datetime(2024, 11, 5, 8, 20, tzinfo=timezone(timedelta(hours=1))))
    link = LinkResult(LinkStatus.OK, "HTTP 200 OK")
    ctx = CheckContext(
        _citation(sentence, mention), page, link, Settings(), date(2024, 11, 11), (), windows
    )
    [check] = event_dates.check(ctx)
    return check


def test_the_claims_own_sentence_dates_its_event_and_another_events_date_does_not_support() -> None:
    claim = "サンチェス首相は3日、106億ユーロの支援策を発表しました。"
    mention = _mention("3日", date(2024, 11, 3))
    windows = WindowIndex(E5Small())
    check = _aligned(claim, mention, windows)
    assert check.verdict is Verdict.CONTRADICTED
    assert check.evidence == "on Monday"
    assert "106億ユーロ" in check.note
    # Without the embedder the king's Sunday visit is the only date that fits.
    assert _aligned(claim, mention, None).verdict is Verdict.SUPPORTED
    right = _aligned(claim.replace("3日", "4日"), _mention("4日", date(2024, 11, 4)), windows)
    assert right.verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(
    ("sentence", "written", "contradicted"),
    [
        ("協議は10月31日(金)に再開される予定です。", "10月31日(金)", True),  # a Thursday
        ("協議は10月31日（木曜日）に再開される予定です。", "10月31日", False),
    ],
)
def test_a_weekday_the_issue_writes_must_be_its_dates(
    sentence: str, written: str, contradicted: bool
) -> None:
    citation = _citation(sentence, DateMention(written, date(2024, 10, 31)))
    page = _page("Talks are due to resume on Thursday, Oct. 31, in Baltimore.")
    (check,) = _check(citation, page)
    assert (check.verdict is Verdict.CONTRADICTED) is contradicted, check.note
    if contradicted:
        assert "金曜日" in check.note and "Thursday" in check.note
