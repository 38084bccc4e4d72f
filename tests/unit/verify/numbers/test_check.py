"""The number check: a claim's figures matched to the source's, and the slips it names."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import partial

import pytest

from tests.builders import OK, PAGES, citation, ctx, page
from verifier.settings import Settings
from verifier.types import (
    Check,
    Citation,
    CitationKind,
    Claim,
    ClaimKind,
    DateMention,
    LinkResult,
    LinkStatus,
    Page,
    Verdict,
)
from verifier.verify import numbers
from verifier.verify.context import CheckContext
from verifier.verify.numbers._english import parse_english
from verifier.verify.numbers._quantities import Quantity, Unit

URL = "https://example.com/story"

#: A citation of the story (line 30) whose claims are the numbers of the sentences given,
#: the first on line 20.
_citation = partial(
    citation, claim_kind=ClaimKind.NUMBER, claim_line=20, line=30, url=URL, cited_publisher="Pub"
)


def _read(quantities: tuple[Quantity, ...]) -> list[tuple[str, Decimal, Unit | None]]:
    return [(q.text, q.value, q.unit) for q in quantities]


def _check(
    citation: Citation,
    text: str,
    link: LinkResult = OK,
    others: tuple[tuple[Citation, Page], ...] = (),
) -> tuple[Check, ...]:
    source = page(text, url=citation.url or URL, language="en")
    assert numbers.applies(citation)
    return numbers.check(ctx(citation, source, link, others=others))


def _one(sentence: str, text: str) -> Check:
    [check] = _check(_citation(sentence), text)
    return check


def test_exact_match_is_supported_with_the_source_span() -> None:
    check = _one("得票数7470万6124票", "Trump won 74,706,124 votes nationwide.")
    assert check.verdict is Verdict.SUPPORTED
    assert (check.kind, check.claim, check.line) == ("number", "7470万6124票", 20)
    assert check.evidence == "74,706,124 votes"
    assert check.score == 1.0


def test_a_table_cell_without_unit_supports_a_precise_figure() -> None:
    check = _one("得票数7470万6124票", "| Donald Trump | REP | 312 | 74,706,124 | 50.5% |")
    assert check.verdict is Verdict.SUPPORTED
    assert check.evidence == "74,706,124"
    assert check.score is not None and 0.5 < check.score < 1
    assert "without a unit" in check.note


def test_about_allows_five_percent() -> None:
    assert _one("約600億ドルを含む", "about $61 billion for Kiev").verdict is Verdict.SUPPORTED
    assert _one("約600億ドルを含む", "$70 billion for Kiev").verdict is Verdict.NOT_FOUND


def test_a_rounded_claim_matches_the_exact_figure() -> None:
    check = _one("7470万票を獲得", "Trump won 74,706,124 votes")
    assert check.verdict is Verdict.SUPPORTED
    assert check.score is not None and check.score < 1


def test_at_least_matches_a_figure_a_little_above_the_bound() -> None:
    check = _one("1000万票以上を積み増した", "increased his total by more than 11 million votes")
    assert check.verdict is Verdict.SUPPORTED
    assert _one("1000万票以上", "won 74,706,124 votes").verdict is Verdict.NOT_FOUND


def test_kilometres_match_miles() -> None:
    assert (
        _one("約1287キロの非武装地帯", "an 800-mile zone, 800 miles").verdict is Verdict.SUPPORTED
    )


def test_swapped_digits_are_contradicted_with_both_values() -> None:
    check = _one("得票数7470万6124票", "Trump won 74,706,142 votes.")
    assert check.verdict is Verdict.CONTRADICTED
    assert check.evidence == "74,706,142 votes"
    assert "74,706,142" in check.note and "74,706,124" in check.note
    assert "swapped" in check.note


def test_one_digit_off_in_a_table_cell_is_contradicted() -> None:
    check = _one("得票数7470万6124票", "| Donald Trump | 312 | 74,705,124 | 50.5% |")
    assert check.verdict is Verdict.CONTRADICTED
    assert "one digit differs" in check.note


def test_an_exact_match_anywhere_wins_over_a_near_miss() -> None:
    text = "Early count 74,706,142 votes; final 74,706,124 votes."
    assert _one("得票数7470万6124票", text).verdict is Verdict.SUPPORTED


def test_a_man_oku_slip_is_contradicted() -> None:
    check = _one("950億ドルの対外援助法案", "the $9.5 billion foreign aid bill")
    assert check.verdict is Verdict.CONTRADICTED
    assert "power of ten" in check.note


def test_small_numbers_are_contradicted_only_without_a_rival() -> None:
    assert _one("ルビオ氏(53歳)", "Rubio, 58, was elected").verdict is Verdict.CONTRADICTED
    ages = "- Age 53 ... - Age 58"
    assert _one("55歳", ages).verdict is Verdict.NOT_FOUND
    seats = "51 seats needed for majority; 218 seats needed"
    assert _one("共和党 52議席", seats).verdict is Verdict.NOT_FOUND


def test_unrelated_numbers_are_not_found_not_contradicted() -> None:
    check = _one("得票数7470万6124票", "Harris won 70,986,325 votes.")
    assert check.verdict is Verdict.NOT_FOUND
    assert check.evidence is None
    assert "74,706,124 votes" in check.note


def test_approximate_claims_are_never_contradicted() -> None:
    assert _one("約25分間続いた", "The call lasted 35 minutes.").verdict is Verdict.NOT_FOUND


def test_the_nearest_figure_tied_by_a_name_is_contradicted() -> None:
    text = "Trump has 312 electoral votes. Kamala Harris has 226 electoral votes."
    check = _one("ハリス氏の獲得選挙人は236人にとどまりました。", text)
    assert check.verdict is Verdict.CONTRADICTED
    assert check.evidence == "226 electoral votes"
    assert "Harris" in check.note


def test_the_nearest_figure_tied_by_the_year_is_contradicted() -> None:
    text = "2016: turnout 54.8 percent. 2020: Joe Biden won. Turnout 62.8 percent."
    check = _one("2020年の投票率は66.6%でした。", text)
    assert (check.verdict, check.evidence) == (Verdict.CONTRADICTED, "62.8 percent")
    assert "2020" in check.note


def test_two_approximate_figures_of_a_lone_unit_are_the_same_quantity() -> None:
    check = _one("電話会談は約45分間続いた", "The call lasted about 25 minutes, a source said.")
    assert (check.verdict, check.evidence) == (Verdict.CONTRADICTED, "about 25 minutes")


def test_an_untied_figure_is_not_a_rival() -> None:
    """A person the page does not name: the nearest age proves nothing."""
    ages = "Marco Rubio, 53, of Florida. Bill Hagerty, 65, of Tennessee."
    assert _one("ヴァンス氏(63歳)", ages).verdict is Verdict.NOT_FOUND
    money = "he voted against the $95 billion bill, which included about $60 billion for Kiev"
    assert _one("台湾向けの80億ドル", money).verdict is Verdict.NOT_FOUND


def test_a_shared_word_ties_beside_both_figures_or_with_a_second_word() -> None:
    """A place the two sentences share says nothing of what the figures measure."""
    assert _one("会議は3時間続いた", "会議は5時間続いた。").verdict is Verdict.CONTRADICTED
    two = _one("東京の会議で3時間議論した", "東京の会議は昨日5時間に及んだ。")
    assert (two.verdict, two.evidence) == (Verdict.CONTRADICTED, "5時間")
    place = _one("東京で3時間の会議が開かれた", "東京から大阪まで新幹線で5時間かかる。")
    assert place.verdict is Verdict.NOT_FOUND


def test_a_name_in_a_sentence_about_another_event_is_no_tie() -> None:
    """Zelensky's call is not his press conference, whoever spoke in both."""
    text = "Zelensky spoke for about 40 minutes at the press conference"
    assert _one("ゼレンスキー大統領との電話は約25分間", text).verdict is Verdict.NOT_FOUND
    call = "Zelensky spoke for about 40 minutes on the phone"
    assert _one("ゼレンスキー大統領との電話は約25分間", call).verdict is Verdict.CONTRADICTED


def test_a_figure_in_another_source_is_named_as_misattribution() -> None:
    other = _citation("x", id="c07", url="https://www.rt.com/news/1")
    rt = Page(url="https://www.rt.com/news/1", text="Rubio voted against the $95 billion bill.")
    [check] = _check(_citation("950億ドルの法案"), "Nothing here.", others=((other, rt),))
    assert check.verdict is Verdict.NOT_FOUND
    assert "found instead in c07" in check.note and "$95 billion" in check.note


def test_small_counts_found_elsewhere_are_not_named() -> None:
    other = _citation("x", id="c07", url="https://www.rt.com/news/1")
    rt = Page(url="https://www.rt.com/news/1", text="Trump has three choices.")
    [check] = _check(_citation("3回当選"), "Nothing here.", others=((other, rt),))
    assert "found instead" not in check.note


def test_unreadable_page_makes_every_number_unverifiable() -> None:
    dead = LinkResult(LinkStatus.DEAD, "HTTP 404 Not Found")
    citation = _citation("トランプ 獲得選挙人312人、得票数7470万6124票")
    ctx = CheckContext(citation, None, dead, Settings())
    checks = numbers.check(ctx)
    assert [(c.claim, c.verdict) for c in checks] == [
        ("312人", Verdict.UNVERIFIABLE),
        ("7470万6124票", Verdict.UNVERIFIABLE),
    ]
    assert "404" in checks[0].note


def test_dates_of_the_sentence_are_not_checked() -> None:
    claim = Claim(ClaimKind.NUMBER, "10月の31日間で120件", 5)
    dated = Claim(ClaimKind.DATE, claim.text, 5, (DateMention("31日", date(2024, 10, 31)),))
    citation = Citation("c01", 9, CitationKind.SOURCE, URL, claims=(claim, dated))
    checks = _check(citation, "120 donations")
    assert [c.claim for c in checks] == ["120件"]


def test_applies_only_to_citations_with_number_claims() -> None:
    quote = Claim(ClaimKind.QUOTE, "引用", 3)
    assert not numbers.applies(Citation("c01", 9, CitationKind.SOURCE, URL, claims=(quote,)))


# --- a fixture page of the example issue ---------------------------------------------------


def _visible(html: str) -> str:
    """Tags stripped simply: the Hill's results box is not in trafilatura's main text."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&middot;", "·").split())


def test_the_hill_results_box() -> None:
    text = _visible((PAGES / "thehill.com" / "index.html").read_text(encoding="utf-8"))
    citation = _citation(
        "トランプ 獲得選挙人312人、得票数7470万6124票",
        "ハリス  獲得選挙人226人、得票数7098万6325票",
        "共和党 216議席(+0、過半数まであと2議席)",
    )
    checks = _check(citation, text)
    verdicts = {c.claim: (c.verdict, c.evidence) for c in checks}
    assert verdicts["7470万6124票"] == (Verdict.SUPPORTED, "74,706,124")
    assert verdicts["7098万6325票"] == (Verdict.SUPPORTED, "70,986,325")
    assert verdicts["312人"] == (Verdict.SUPPORTED, "312")
    assert verdicts["216議席"] == (Verdict.SUPPORTED, "216")
    assert verdicts["2議席"][0] is Verdict.NOT_FOUND  # "2 short" is the issue's own sum


# --- other languages, sports, scores and slips ---------------------------------------------


def _check_in(language: str, sentence: str, text: str) -> Check:
    [check] = numbers.check(ctx(_citation(sentence), page(text, url=URL, language=language)))
    return check


def test_a_decimal_comma_is_read_only_on_a_european_page() -> None:
    text = "Le déficit devrait atteindre 6,1 % du PIB cette année."
    assert _check_in("fr", "財政赤字はGDP比6.1%", text).verdict is Verdict.SUPPORTED
    assert _check_in("en", "財政赤字はGDP比6.1%", text).verdict is Verdict.NOT_FOUND


def test_number_words_in_russian_and_german_are_checked() -> None:
    russian = "Сессия продолжалась почти четыре часа."
    assert _check_in("ru", "全体会合は約4時間に及びました", russian).verdict is Verdict.SUPPORTED
    german = "Die Koalition ist damit nach fast drei Jahren am Ende."
    check = _check_in("de", "連立はおよそ2年で崩壊しました", german)
    assert (check.verdict, check.evidence) == (Verdict.CONTRADICTED, "fast drei Jahren")


def test_sen_match_a_decimal_rate_truncated() -> None:
    """160円24銭 is 160.245 cut at the sen; the `1ドル=` of the rate is not checked."""
    check = _one("一時1ドル=160円24銭と", "The yen slid to 160.245 per dollar on April 29.")
    assert (check.verdict, check.evidence) == (Verdict.SUPPORTED, "160.245")


def test_minutes_and_seconds_are_one_duration() -> None:
    text = "打上げは15時48分00秒。打上げ後約28分47秒に衛星を分離した。"
    check = _one("打ち上げから約29分後に衛星を分離", text)
    assert (check.verdict, check.evidence) == (Verdict.SUPPORTED, "約28分47秒")
    check = _one("打ち上げから約38分後に衛星を分離", text)
    assert (check.verdict, check.evidence) == (Verdict.CONTRADICTED, "約28分47秒")


def test_scores_match_whole_never_bare_never_contradicted() -> None:
    text = "ドジャースがヤンキースに7－6で逆転勝ちし、対戦成績4勝1敗とした。"
    assert {c.verdict for c in _check(_citation("7対6で制し、4勝1敗"), text)} == {Verdict.SUPPORTED}
    assert _one("7対5で制し", text).verdict is Verdict.NOT_FOUND
    assert _one("7対6で制し", "| 7006 |").verdict is Verdict.NOT_FOUND


def test_every_currency_of_a_claim_is_checked() -> None:
    text = "賞金は1100万スウェーデン・クローナ（約1億5700万円）。"
    checks = _check(_citation("賞金は1000万スウェーデン・クローナ（約1億5700万円）です。"), text)
    assert [c.verdict for c in checks] == [Verdict.CONTRADICTED, Verdict.SUPPORTED]


def test_points_and_office_numbers_are_contradicted_as_slips() -> None:
    points = "投票率は53.85％で、前回を2.08ポイント下回った。"
    assert _one("投票率は前回を2.8ポイント下回りました。", points).verdict is Verdict.CONTRADICTED
    office = "令和6年10月1日、第102代内閣総理大臣に就任。"
    assert _one("石破氏は第103代の首相に就任しました。", office).verdict is Verdict.CONTRADICTED


def test_a_sports_count_is_its_own_unit() -> None:
    """57 stolen bases is the nearest 59 stolen bases, not the 54 home runs beside it."""
    text = "大谷選手は今季、「50本塁打・50盗塁」を達成し、最終的に54本塁打、59盗塁を記録した。"
    checks = _check(_citation("大谷選手は今季54本塁打、57盗塁を記録しました。"), text)
    assert [(c.verdict, c.evidence) for c in checks] == [
        (Verdict.SUPPORTED, "54本塁打"),
        (Verdict.CONTRADICTED, "59盗塁"),
    ]


def test_a_hryvnia_amount_in_japanese_matches_a_ukrainian_page() -> None:
    text = "На освіту передбачено 1,47 трлн грн."
    assert _check_in("uk", "教育費は1兆4700億フリヴニャ", text).verdict is Verdict.SUPPORTED
    assert _check_in("uk", "教育費は1兆2000億フリヴニャ", text).verdict is Verdict.NOT_FOUND


def test_a_bare_figure_a_count_changed_from_takes_its_unit() -> None:
    """`to 12 seats from three`: the three were seats too, as in `41 seats, down from 52`."""
    found = _read(parse_english("rose to 12 seats from three; 41 seats, down from 52 before."))
    assert [(text, unit) for text, _, unit in found] == [
        ("12 seats", Unit.SEATS),
        ("three", Unit.SEATS),
        ("41 seats", Unit.SEATS),
        ("52", Unit.SEATS),
    ]
    checks = _check(_citation("前回の3議席から12議席に"), "The party rose to 12 seats from three.")
    assert [c.verdict for c in checks] == [Verdict.SUPPORTED, Verdict.SUPPORTED]


def test_a_figure_of_another_named_subject_neither_supports_nor_fits() -> None:
    """The page gives the unit for two countries: the claim's country picks the figure."""
    text = "Exports reached $212.4 billion to Germany and $187.9 billion to Canada last year."
    assert _one("カナダ向け輸出は1879億ドル", text).verdict is Verdict.SUPPORTED
    wrong = _one("カナダ向け輸出は2124億ドル", text)
    assert (wrong.verdict, wrong.evidence) == (Verdict.CONTRADICTED, "$187.9 billion")
    tariff = (
        "It set a 30% duty on steel from Brazil, and an additional 15% duty on goods from China."
    )
    check = _one("中国には追加で30%の関税", tariff)
    assert (check.verdict, check.evidence) == (Verdict.CONTRADICTED, "15%")


def test_a_subject_ahead_of_a_later_clause_owns_its_figures() -> None:
    text = "Smith (Labour), 412 votes; Nakamura (Green), 96 votes."
    assert _one("ナカムラ氏は96票", text).verdict is Verdict.SUPPORTED
    assert _one("ナカムラ氏は412票", text).verdict is not Verdict.SUPPORTED


def test_swapped_digits_of_a_three_digit_amount_are_a_slip() -> None:
    text = "政府は歳出を43.6兆円、うち国債費を27兆円とした。"
    check = _check_in("ja", "歳出は46.3兆円です", text)
    assert (check.verdict, check.evidence) == (Verdict.CONTRADICTED, "43.6兆円")


def test_a_leading_digit_slip_tied_by_the_word_beside_it() -> None:
    text = "物価は前月比0.3％上昇し、前年比では0.8％上昇した。"
    check = _check_in("ja", "物価は前年比で1.8%上昇", text)
    assert (check.verdict, check.evidence) == (Verdict.CONTRADICTED, "0.8％")
    assert _check_in("ja", "物価は前月比で0.5%上昇", text).verdict is Verdict.NOT_FOUND


def test_the_figure_left_by_the_claims_other_figures_is_the_rival() -> None:
    """8発のうち2発 against eight fired and three intercepted: the 8 is the page's, so the 2
    can only be the three, though no word ties them."""
    text = "Армия выпустила восемью ракетами. Три ракеты были перехвачены."
    page = Page(url=URL, text=text, language="ru")
    ctx = CheckContext(_citation("8発のミサイルのうち2発が迎撃された"), page, OK, Settings())
    verdicts = [(c.verdict, c.evidence) for c in numbers.check(ctx)]
    assert verdicts == [
        (Verdict.SUPPORTED, "восемью ракетами"),
        (Verdict.CONTRADICTED, "Три ракеты"),
    ]


def test_a_year_ties_only_on_a_page_of_several_years() -> None:
    text = "Бюджет на 2026 рік. На оборону 1,2 трлн грн. Видатки становлять 3,9 трлн грн."
    assert _check_in("uk", "2026年の歳入は1兆1000億フリヴニャ", text).verdict is Verdict.NOT_FOUND


# --- units and ties added for the fifth blind set ------------------------------------------


@pytest.mark.parametrize(
    ("language", "sentence", "text"),
    [
        ("ru", "日量約900万バレルの原油", "Россия добывала около 9 млн баррелей в сутки."),
        ("en", "航海は約3500海里長くなります", "The detour adds roughly 3,500 nautical miles."),
        ("uk", "無人機92機を発射", "Окупанти випустили 92 ударні безпілотники."),
        ("ru", "1021機の無人機", "За неделю было уничтожено 1 021 беспилотник."),
        ("uk", "13億デンマーククローネ", "Пакет на суму 1,3 млрд данських крон."),
    ],
)
def test_drones_barrels_kroner_and_nautical_miles_are_units(
    language: str, sentence: str, text: str
) -> None:
    assert _check_in(language, sentence, text).verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("約100万世帯が停電しました", "About 1 million households lost power."),
        ("4週間後に再開", "Talks resume in four weeks."),
        ("3回目の延期で、延期は3回に", "It has been postponed three times."),
    ],
)
def test_households_weeks_and_times_match_their_english(sentence: str, text: str) -> None:
    assert _one(sentence, text).verdict is Verdict.SUPPORTED


def test_a_death_toll_counts_people() -> None:
    check = _one(
        "洪水による死者は217人に増えました。", "The death toll from the floods rose to 217."
    )
    assert check.verdict is Verdict.SUPPORTED and check.evidence == "217"


def test_a_figure_the_claim_also_gives_ties_its_sentences_other_figure() -> None:
    text = (
        "Irregular crossings fell by 42% to 166,000. "
        "The Western African route recorded 30,616 crossings, up 18%."
    )
    [crossings, share] = _check(
        _citation("西アフリカルートの越境は3万616件で、前年より28％増えました。"), text
    )
    assert crossings.verdict is Verdict.SUPPORTED
    assert share.verdict is Verdict.CONTRADICTED and share.evidence == "18%"
    assert "30,616" in share.note
    alone = _one("前年より28％増えました。", text)
    assert alone.verdict is Verdict.NOT_FOUND  # 42% is nearer: without the tie nothing says which


@pytest.mark.parametrize(
    ("source", "verdict"),
    [
        ("Kestrel Auto reported deliveries of 96,750, down 3 percent.", Verdict.CONTRADICTED),
        ("Kestrel Auto reported deliveries of 96,571, down 3 percent.", Verdict.NOT_FOUND),
    ],
)
def test_a_five_digit_count_with_neighbouring_digits_swapped_is_a_misquote(
    source: str, verdict: Verdict
) -> None:
    check = _one("ケストレル社の納車台数は9万6570台でした。", source)
    assert check.verdict is verdict, check.note


def test_a_time_in_minutes_and_seconds_is_one_figure_on_both_sides() -> None:
    checks = _check(
        _citation("優勝タイムは2時間18分42秒でした。"), "She won in 2 hours 18 minutes 42 seconds."
    )
    assert [check.verdict for check in checks] == [Verdict.SUPPORTED, Verdict.SUPPORTED]
