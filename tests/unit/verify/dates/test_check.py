"""The event_date check: a claim's dates against the source sentence it is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from tests.builders import citation, claim, ctx, link, page
from verifier.types import (
    Check,
    Citation,
    ClaimKind,
    DateMention,
    DatePrecision,
    DateRole,
    LinkStatus,
    Page,
    Verdict,
)
from verifier.verify import dates as event_dates
from verifier.verify.text.embeddings import E5Small, WindowIndex

EASTERN = timezone(timedelta(hours=-5))
JST = timezone(timedelta(hours=9))
FRIDAY = date(2024, 11, 8)
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
CALL_CLAIM = "大統領選直後の10月6日に行われた、トランプ氏とゼレンスキー氏との電話会談に同席していた"


STORY = "https://news.example/story"
BYLINE = datetime(2024, 11, 8, 13, 58, tzinfo=EASTERN)  # the story's publication


def _citation(sentence: str, *mentions: DateMention) -> Citation:
    """The AXIOS story of FRIDAY, cited for a claim of `sentence` (line 10) with `mentions`."""
    return citation(
        claim(sentence, 10, ClaimKind.DATE, mentions),
        url=STORY,
        cited_publisher="AXIOS",
        cited_date=FRIDAY,
        cited_date_role=DateRole.PUBLISHED,
    )


def _page(text: str, published_at: datetime | None = None, language: str = "en") -> Page:
    return page(text, url=STORY, published_at=published_at or BYLINE, language=language)


def _check(
    citation: Citation, page: Page | None, status: LinkStatus = LinkStatus.OK
) -> tuple[Check, ...]:
    context = ctx(citation, page, link(status), issue_date=date(2024, 11, 11))
    assert event_dates.applies(citation)
    return event_dates.check(context)


CALL_PAGE = "Zelensky called Trump on Wednesday, Nov. 6 — the day after the election."


def test_the_same_day_is_supported_with_its_span() -> None:
    citation = _citation(
        "11月6日、トランプ氏とゼレンスキー氏が電話会談", DateMention("11月6日", date(2024, 11, 6))
    )
    (check,) = _check(citation, _page(CALL_PAGE))
    assert (check.kind, check.verdict, check.evidence) == (
        "event_date",
        Verdict.SUPPORTED,
        "Wednesday, Nov. 6",
    )


def test_a_month_is_supported_by_a_month() -> None:
    citation = _citation("今年4月に反対票を投じた", DateMention("今年4月", date(2024, 4, 1), MONTH))
    (check,) = _check(citation, _page("In April, Rubio voted against the aid bill."))
    assert (check.verdict, check.evidence) == (Verdict.SUPPORTED, "April")


def test_a_month_slip_on_the_same_event_is_contradicted() -> None:
    citation = _citation(CALL_CLAIM, DateMention("10月6日", date(2024, 10, 6)))
    (check,) = _check(citation, _page(CALL_PAGE))
    assert check.verdict is Verdict.CONTRADICTED
    assert "2024-11-06" in check.note and "2024-10-06" in check.note
    assert check.claim == "10月6日" and check.line == 10


def test_a_slip_without_shared_event_words_is_only_not_found() -> None:
    citation = _citation(CALL_CLAIM, DateMention("10月6日", date(2024, 10, 6)))
    (check,) = _check(citation, _page("Stocks closed higher on Wednesday, Nov. 6."))
    assert check.verdict is Verdict.NOT_FOUND


@pytest.mark.parametrize("claimed", [date(2024, 11, 3), date(2024, 11, 4), date(2024, 11, 20)])
def test_another_day_for_the_same_event_is_contradicted(claimed: date) -> None:
    written = f"11月{claimed.day}日"
    sentence = CALL_CLAIM.replace("10月6日", written)
    (check,) = _check(_citation(sentence, DateMention(written, claimed)), _page(CALL_PAGE))
    assert check.verdict is Verdict.CONTRADICTED
    assert "2024-11-06" in check.note and claimed.isoformat() in check.note


def test_the_day_before_a_source_behind_japan_is_contradicted() -> None:
    # Japan is ahead of the US: no clock makes a US 6th a Tokyo 5th.
    sentence = CALL_CLAIM.replace("10月6日", "11月5日")
    (check,) = _check(
        _citation(sentence, DateMention("11月5日", date(2024, 11, 5))), _page(CALL_PAGE)
    )
    assert check.verdict is Verdict.CONTRADICTED


def test_the_same_people_at_another_kind_of_event_are_no_contradiction() -> None:
    sentence = "トランプ氏とゼレンスキー氏とマスク氏は11月2日にニューヨークで会談"
    page = _page("Trump, Musk and Zelensky were all on stage on Wednesday, Nov. 6.")
    (check,) = _check(_citation(sentence, DateMention("11月2日", date(2024, 11, 2))), page)
    assert check.verdict is Verdict.NOT_FOUND


def test_another_month_for_the_same_vote_is_contradicted_but_not_by_a_year() -> None:
    sentence = "ルビオ氏は今年3月に950億ドルの対外援助法案に反対票を投じた"
    citation = _citation(sentence, DateMention("今年3月", date(2024, 3, 1), MONTH))
    (check,) = _check(citation, _page("In April, Rubio voted against the $95 billion aid bill."))
    assert check.verdict is Verdict.CONTRADICTED and "2024-04" in check.note
    (check,) = _check(citation, _page("In 2022, Rubio voted against the $95 billion aid bill."))
    assert check.verdict is Verdict.NOT_FOUND


def test_a_year_is_refuted_only_by_a_year_the_source_writes() -> None:
    sentence = "トランプ氏は2016年の大統領選挙で勝利した"
    citation = _citation(sentence, DateMention("2016年", date(2016, 1, 1), YEAR))
    assert _check(citation, _page("Trump won the election on Nov. 5, Zelensky said.")) == ()
    (check,) = _check(citation, _page("Trump won the election in 2012, Zelensky said."))
    assert check.verdict is Verdict.CONTRADICTED and "2012" in check.note


def test_an_official_sites_own_name_ties_its_sentences() -> None:
    sentence = "ルビオ上院議員の公式ホームページによると、1973年マイアミ生まれ。"
    citation = _citation(sentence, DateMention("1973年", date(1973, 1, 1), YEAR))
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
    (check,) = _check(_citation(sentence, DateMention("5日", date(2024, 11, 5))), page)
    assert check.verdict is Verdict.CONTRADICTED and "2024-11-07" in check.note
    also = sentence.replace("5日の", "昨年10月にも").replace("記者会見で、", "")
    (check,) = _check(_citation(also, DateMention("昨年10月", date(2023, 10, 1), MONTH)), page)
    assert check.verdict is Verdict.NOT_FOUND  # "also last October": another occurrence


def test_a_source_date_nearer_another_date_of_the_claim_is_that_dates() -> None:
    sentence = "トランプ氏とゼレンスキー氏は9月27日に会談し、11月3日に電話会談した"
    citation = _citation(
        sentence,
        DateMention("9月27日", date(2024, 9, 27)),
        DateMention("11月3日", date(2024, 11, 3)),
    )
    page = _page("Trump spoke with Zelensky by phone on Nov. 6 and they met in the summit.")
    checks = {c.claim: c.verdict for c in _check(citation, page)}
    assert checks == {"9月27日": Verdict.NOT_FOUND, "11月3日": Verdict.CONTRADICTED}


def test_one_day_later_in_japan_is_supported_with_a_note() -> None:
    sentence = "トランプ氏とゼレンスキー氏は11月7日に電話会談"
    (check,) = _check(
        _citation(sentence, DateMention("11月7日", date(2024, 11, 7))), _page(CALL_PAGE)
    )
    assert check.verdict is Verdict.SUPPORTED and check.score == 0.7
    assert "behind Japan" in check.note


def test_a_japanese_sources_next_day_is_contradicted() -> None:
    sentence = "トランプ氏とゼレンスキー氏は11月7日に電話会談"
    page = _page(
        "トランプ氏とゼレンスキー氏は6日に電話会談した。",
        datetime(2024, 11, 8, 9, 0, tzinfo=JST),
        "ja",
    )
    (check,) = _check(_citation(sentence, DateMention("11月7日", date(2024, 11, 7))), page)
    assert check.verdict is Verdict.CONTRADICTED


def test_the_citations_own_byline_is_supported_by_the_publication_date() -> None:
    sentence = "と、11月8日付米ネットメディア『アクシオス』が報じました。"
    citation = _citation(sentence, DateMention("11月8日付", FRIDAY))
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
    (check,) = _check(_citation(sentence, DateMention(written, date(2024, 11, day))), page)
    assert check.verdict is verdict
    if verdict is Verdict.CONTRADICTED:
        assert "2024-11-11" in check.note and "2024-11-08" in check.note


def test_a_reports_date_is_never_refuted_by_the_dates_in_its_text() -> None:
    sentence = "『ポリティコ』は4日、トランプ氏とゼレンスキー氏の電話会談を報じた"
    (check,) = _check(_citation(sentence, DateMention("4日", date(2024, 11, 4))), _page(CALL_PAGE))
    assert check.verdict is Verdict.NOT_FOUND


def test_another_publications_byline_is_never_refuted() -> None:
    sentence = "11月7日付『ウォール・ストリート・ジャーナル日本版』が、トランプ氏の電話会談を報じた"
    (check,) = _check(
        _citation(sentence, DateMention("11月7日付", date(2024, 11, 7))), _page(CALL_PAGE)
    )
    assert check.verdict is Verdict.NOT_FOUND and "not this source's" in check.note


def test_history_years_the_source_never_dates_are_skipped() -> None:
    citation = _citation(
        "2016年の選挙と2024年の選挙",
        DateMention("2016年", date(2016, 1, 1), YEAR),
        DateMention("2024年", date(2024, 1, 1), YEAR),
    )
    checks = _check(citation, _page("The 2023 and 2024 campaigns were long."))
    assert [(c.claim, c.verdict) for c in checks] == [("2024年", Verdict.SUPPORTED)]


def test_an_unreadable_source_is_unverifiable() -> None:
    citation = _citation(CALL_CLAIM, DateMention("10月6日", date(2024, 10, 6)))
    (check,) = _check(citation, None, LinkStatus.DEAD)
    assert check.verdict is Verdict.UNVERIFIABLE


@pytest.mark.parametrize(
    ("sentence", "written", "verdict"),
    [
        ("『アクシオス』は8日、「マスク氏が同席」と報じた", "8日", Verdict.SUPPORTED),
        ("コバレンコ所長の8日のテレグラムポスト", "8日", Verdict.SUPPORTED),
        ("会見は8日に行われた", "8日", Verdict.NOT_FOUND),  # an event date, not a byline
    ],
)
def test_byline_markers(sentence: str, written: str, verdict: Verdict) -> None:
    (check,) = _check(_citation(sentence, DateMention(written, FRIDAY)), _page("No dates here."))
    assert check.verdict is verdict


def test_a_scheduled_date_a_day_off_is_contradicted() -> None:
    sentence = "ノーベル平和賞の授賞式は12月11日にオスロで開かれます。"
    page = _page(
        "ノーベル平和賞を日本被団協に授与すると発表した。授賞式は12月10日にオスロで開かれる。",
        datetime(2024, 10, 11, 18, 0, tzinfo=JST),
        "ja",
    )
    (check,) = _check(_citation(sentence, DateMention("12月11日", date(2024, 12, 11))), page)
    assert check.verdict is Verdict.CONTRADICTED


def test_also_after_a_noun_is_never_refuted() -> None:
    sentence = "日銀は9月20日の会合でも政策金利を据え置いていました。"
    page = _page(
        "日銀は31日の会合で政策金利を据え置いた。", datetime(2024, 10, 31, 9, 0, tzinfo=JST), "ja"
    )
    (check,) = _check(_citation(sentence, DateMention("9月20日", date(2024, 9, 20))), page)
    assert check.verdict is Verdict.NOT_FOUND


def test_a_shared_modifier_is_not_the_claims_topic() -> None:
    # The source dates the package the claim's budget backs, not the budget.
    sentence = "新税制の財源となる追加予算案は12月3日に閣議決定される予定です。"
    page = _page(
        "政府は26日、新税制を閣議決定した。", datetime(2024, 11, 26, 18, 0, tzinfo=JST), "ja"
    )
    (check,) = _check(_citation(sentence, DateMention("12月3日", date(2024, 12, 3))), page)
    assert check.verdict is Verdict.NOT_FOUND


def test_a_korean_sources_previous_day_is_contradicted_but_a_us_one_is_not() -> None:
    sentence = "国会は5日未明、戒厳解除を求める決議を可決しました。"
    text = "The National Assembly voted for a resolution to lift martial law on Wednesday."
    korea = timezone(timedelta(hours=9))
    seoul = _page(text, datetime(2024, 12, 4, 4, 40, tzinfo=korea))
    citation = _citation(sentence, DateMention("5日", date(2024, 12, 5)))
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
            sentence.replace("21日", f"{day}日"), DateMention(f"{day}日", date(2024, 11, day))
        )
        assert _check(citation, page)[0].verdict is Verdict.SUPPORTED
    citation = _citation(sentence.replace("21日", "24日"), DateMention("24日", date(2024, 11, 24)))
    assert _check(citation, page)[0].verdict is Verdict.NOT_FOUND


def test_an_event_dated_after_a_page_that_reports_it_done_is_contradicted() -> None:
    sentence = "議会は11月19日、来年の予算案を投票で可決しました。"
    text = "Parliament voted to pass next year's budget, 257 lawmakers in favour."
    page = _page(text, datetime(2024, 10, 19, 14, 0, tzinfo=EASTERN))
    (check,) = _check(_citation(sentence, DateMention("11月19日", date(2024, 11, 19))), page)
    assert check.verdict is Verdict.CONTRADICTED
    planned = sentence.replace("可決しました", "可決する予定です")
    (check,) = _check(_citation(planned, DateMention("11月19日", date(2024, 11, 19))), page)
    assert check.verdict is Verdict.NOT_FOUND
    next_day = sentence.replace("11月19日", "10月20日")
    (check,) = _check(_citation(next_day, DateMention("10月20日", date(2024, 10, 20))), page)
    assert check.verdict is Verdict.NOT_FOUND


# --- the claim's own sentence --------------------------------------------------------------


AID_PAGE = (
    "King Felipe and Queen Letizia visited the town of Paiporta on Sunday, where residents "
    "threw mud at them. Prime Minister Pedro Sánchez on Monday announced an aid package of "
    "10.6 billion euros for households and businesses. The death toll rose to 217."
)


def _aligned(sentence: str, mention: DateMention, windows: WindowIndex | None) -> Check:
    source = _page(AID_PAGE, datetime(2024, 11, 5, 8, 20, tzinfo=timezone(timedelta(hours=1))))
    context = ctx(
        _citation(sentence, mention), source, issue_date=date(2024, 11, 11), windows=windows
    )
    [check] = event_dates.check(context)
    return check


def test_the_claims_own_sentence_dates_its_event_and_another_events_date_does_not_support() -> None:
    claim = "サンチェス首相は3日、106億ユーロの支援策を発表しました。"
    mention = DateMention("3日", date(2024, 11, 3))
    windows = WindowIndex(E5Small())
    check = _aligned(claim, mention, windows)
    assert check.verdict is Verdict.CONTRADICTED
    assert check.evidence == "on Monday"
    assert "106億ユーロ" in check.note
    # Without the embedder the king's Sunday visit is the only date that fits.
    assert _aligned(claim, mention, None).verdict is Verdict.SUPPORTED
    right = _aligned(claim.replace("3日", "4日"), DateMention("4日", date(2024, 11, 4)), windows)
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
