"""The parse stage's rules one by one: dates, headers, blocks, claims, domains."""

from __future__ import annotations

from datetime import date

import pytest

from verifier.parse import parse_text
from verifier.parse.blocks import Header, parse_header
from verifier.parse.claims import extract_claims
from verifier.parse.dates import find_dates
from verifier.parse.header import issue_date, issue_id
from verifier.parse.lines import Line, text_lines, url_spans
from verifier.types import CitationKind, ClaimKind, DatePrecision, DateRole

ISSUE_DAY = date(2024, 11, 11)
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


# --- dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年11月6日", [("2024年11月6日", date(2024, 11, 6), DAY)]),
        ("11月8日付米ネット", [("11月8日付", date(2024, 11, 8), DAY)]),
        ("直後の10月6日に", [("10月6日", date(2024, 10, 6), DAY)]),
        # 44 days ahead (counting double) is nearer than 322 days back
        ("12月25日に", [("12月25日", date(2024, 12, 25), DAY)]),
        ("『ポリティコ』は6日", [("6日", date(2024, 11, 6), DAY)]),
        ("7日の国務省", [("7日", date(2024, 11, 7), DAY)]),
        ("31日まで", [("31日", date(2024, 10, 31), DAY)]),
        ("米東部時間10日未明", [("10日", date(2024, 11, 10), DAY)]),
        ("今年4月には", [("今年4月", date(2024, 4, 1), MONTH)]),
        ("来年2月の判決", [("来年2月", date(2025, 2, 1), MONTH)]),
        ("9月に", [("9月", date(2024, 9, 1), MONTH)]),
        ("2016年大統領選挙", [("2016年", date(2016, 1, 1), YEAR)]),
        ("2024.11.4", [("2024.11.4", date(2024, 11, 4), DAY)]),
        ("2024-11-06", [("2024-11-06", date(2024, 11, 6), DAY)]),
        ("２０２４年１１月６日", [("２０２４年１１月６日", date(2024, 11, 6), DAY)]),
    ],
)
def test_date_mentions_resolve_against_the_issue_date(
    text: str, expected: list[tuple[str, date, DatePrecision]]
) -> None:
    found = [
        (s.mention.text, s.mention.value, s.mention.precision) for s in find_dates(text, ISSUE_DAY)
    ]
    assert found == expected


@pytest.mark.parametrize(
    "text", ["24時間で", "31日間の", "7日間で", "第5回", "第1日", "1990年代", "2月30日", "54.80%"]
)
def test_durations_ordinals_and_impossible_dates_are_not_dates(text: str) -> None:
    assert find_dates(text, ISSUE_DAY) == []


def test_without_an_issue_date_only_full_dates_are_found() -> None:
    found = find_dates("2024年11月6日と6日と今年4月と2016年", None)
    assert [s.mention.text for s in found] == ["2024年11月6日", "2016年"]


# --- issue header -----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("ガイド「2024年11月5日の選挙」2024.11.11号~No.4376", date(2024, 11, 11)),
        ("ガイド 2024年11月11日号", date(2024, 11, 11)),
        ("Weekly 2024-11-11", date(2024, 11, 11)),
        ("ガイド ２０２４．１１．１１号", date(2024, 11, 11)),
        ("ガイド 第二号", None),
    ],
)
def test_issue_date_prefers_the_date_marked_as_the_issues(
    title: str, expected: date | None
) -> None:
    assert issue_date(title) == expected


@pytest.mark.parametrize(
    ("title", "when", "path", "expected"),
    [
        ("ガイド 2024.11.11号~No.4376", ISSUE_DAY, "x.txt", "2024-11-11-no4376"),
        ("ガイド 2024.11.11号", ISSUE_DAY, "x.txt", "2024-11-11-x"),
        ("Newsletter No. 12", None, "x.txt", "no12"),
        ("ガイド", None, "issues/Weekly Guide #7.md", "weekly-guide-7"),
        ("ガイド", None, "issues/号外.txt", "号外"),
    ],
)
def test_issue_id_is_a_stable_slug(title: str, when: date | None, path: str, expected: str) -> None:
    assert issue_id(title, when, path) == expected


# --- citation block headers -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Speculation swirls(Politico、2024年11月6日)",
            Header(
                "Speculation swirls",
                "Politico",
                date(2024, 11, 6),
                DateRole.PUBLISHED,
                "2024年11月6日",
            ),
        ),
        (
            "2024 Presidential Results（The Hill、2024年11月10日閲覧）",
            Header(
                "2024 Presidential Results",
                "The Hill",
                date(2024, 11, 10),
                DateRole.ACCESSED,
                "2024年11月10日閲覧",
            ),
        ),
        (
            "Ukraine says(フィナンシャル・タイムズ、2024年11月5日)」。",
            Header(
                "Ukraine says",
                "フィナンシャル・タイムズ",
                date(2024, 11, 5),
                DateRole.PUBLISHED,
                "2024年11月5日",
            ),
        ),
        ("Results (Britannica)", Header("Results", "Britannica")),
        (
            "Title(Politico, 2024年11月6日)",
            Header("Title", "Politico", date(2024, 11, 6), DateRole.PUBLISHED, "2024年11月6日"),
        ),
        (
            "Title(2024年11月6日)",
            Header("Title", None, date(2024, 11, 6), DateRole.PUBLISHED, "2024年11月6日"),
        ),
        ("会員登録はこちらからお願いします。", Header("会員登録はこちらからお願いします")),
        ("「種子法」を語る(前編)", Header("「種子法」を語る", "前編")),
        ("インタビュー(第5回) 2024.11.4", Header("インタビュー(第5回) 2024.11.4")),
        ("Unbalanced (a (b)", Header("Unbalanced (a", "b")),
        ("", Header(None)),
    ],
)
def test_block_header_splits_title_publisher_and_date(text: str, expected: Header) -> None:
    assert parse_header(text) == expected


def issue_citations(body: str) -> list[tuple[object, ...]]:
    issue = parse_text("ガイド 2024.11.11号\n" + body, "t.txt")
    return [(c.line, c.kind, c.url, c.cited_title, c.url_line) for c in issue.citations]


def test_url_after_a_blank_line_is_not_part_of_the_block() -> None:
    body = "\n※ここから先は会員版です。\n\nhttps://news.example/join\n"
    assert issue_citations(body) == [
        (5, CitationKind.REFERENCE, "https://news.example/join", None, 5)
    ]


def test_block_urls_inline_after_a_label_and_on_the_block_line() -> None:
    body = "※Paper https://a.example/1\n会員版 https://a.example/2。\n(登録済みの方)https://a.example/3\n"
    assert [row[2:] for row in issue_citations(body)] == [
        ("https://a.example/1", "Paper", 2),
        ("https://a.example/2", "Paper", 3),
        ("https://a.example/3", "Paper", 4),
    ]


def test_prose_with_a_url_under_a_block_is_not_a_label() -> None:
    prose = "この記事について詳しく述べた解説はこちらのページをご覧ください"
    body = f"※Paper(P)\nhttps://a.example/1\n{prose} https://b.example/2\n"
    assert [(row[0], row[2]) for row in issue_citations(body)] == [
        (2, "https://a.example/1"),
        (4, "https://b.example/2"),
    ]


def test_undated_block_without_url_is_no_citation() -> None:
    assert issue_citations("※お知らせ(各金融機関ごとに異なります)。\n") == []


def test_urls_lose_trailing_punctuation_but_keep_fragments_and_balanced_parens() -> None:
    text = "見よ https://a.example/x#idx-6。と(https://en.wikipedia.org/wiki/A_(b)).【 https://c.example/】"
    assert [url for _, _, url in url_spans(text)] == [
        "https://a.example/x#idx-6",
        "https://en.wikipedia.org/wiki/A_(b)",
        "https://c.example/",
    ]


# --- own domain -------------------------------------------------------------


def test_majority_domain_blocks_are_references_unless_dated() -> None:
    body = (
        "※Own page\nhttps://www.news.example.co.jp/a\n\n"
        "※Own dated(Newsletter、2024年11月6日)\nhttps://news.example.co.jp/b\n\n"
        "※Outside\nhttps://politico.com/c\n\nhttps://news.example.co.jp/d\n"
    )
    kinds = [row[1] for row in issue_citations(body)]
    assert kinds == [
        CitationKind.REFERENCE,
        CitationKind.SOURCE,
        CitationKind.SOURCE,
        CitationKind.REFERENCE,
    ]


def test_without_a_clear_majority_every_block_url_is_a_source() -> None:
    body = "※One\nhttps://a.example/1\n\n※Two\nhttps://a.example/2\n\n※Three\nhttps://b.example/3\n"
    assert {row[1] for row in issue_citations(body)} == {CitationKind.SOURCE}


# --- claims -----------------------------------------------------------------


def claims_of(text: str) -> list[tuple[ClaimKind, int, str, bool]]:
    return [(c.kind, c.line, c.text, c.nested) for c in extract_claims(text_lines(text), ISSUE_DAY)]


@pytest.mark.parametrize(
    "text",
    [
        "『ポリティコ』は報じた",
        "『NBC』テレビの番組",
        "『日刊IWJガイド』11月6日号",
        "『ウォール・ストリート・ジャーナル』が報じた",
        "『タイムズ』紙によれば",
        "『ウォール・ストリート・ジャーナル』日本版によれば",
        "『帝国主義アメリカの野望』(社会評論社)",
        "『ニューズウィーク』誌",
    ],
)
def test_names_in_double_brackets_are_not_quotes(text: str) -> None:
    assert [c for c in claims_of(text) if c[0] is ClaimKind.QUOTE] == []


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("『準備はできている』と表明", "準備はできている"),
        ("『終結させる』必要がある", "終結させる"),
        (
            "『北朝鮮の最初の兵士達が、すでに砲撃を受けた』。",
            "北朝鮮の最初の兵士達が、すでに砲撃を受けた",
        ),
    ],
)
def test_double_brackets_before_other_words_are_quotes(text: str, quote: str) -> None:
    assert (ClaimKind.QUOTE, 1, quote, False) in claims_of(text)


def test_nested_quotes_are_claims_after_their_outer_quote() -> None:
    assert claims_of("彼は「トランプ氏は彼を『私の特使』と呼ぶ」と述べた。") == [
        (ClaimKind.QUOTE, 1, "トランプ氏は彼を『私の特使』と呼ぶ", False),
        (ClaimKind.QUOTE, 1, "私の特使", True),
    ]


def test_a_quote_open_at_the_passage_end_is_cut_there() -> None:
    assert claims_of("「事実確認です。\n\n 続きの文") == [
        (ClaimKind.QUOTE, 1, "事実確認です。\n\n 続きの文", False),
    ]


def test_stray_closing_brackets_are_ignored() -> None:
    assert claims_of("以上です」。次は「本文を読む」だ") == [
        (ClaimKind.QUOTE, 1, "本文を読む", False)
    ]


def test_stand_alone_lines_in_another_script_are_quotes() -> None:
    text = (
        "ポストは以下の通り。\n\n Першi вiйськовi кндр вже потрапили.\n"
        "Short line\n『見出し』と English words here"
    )
    assert claims_of(text) == [
        (ClaimKind.QUOTE, 3, "Першi вiйськовi кндр вже потрапили.", False),
        (ClaimKind.QUOTE, 5, "見出し", False),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "得票数は7470万6124票。",
        "約９５０億ドル。",
        "議員の一人だ。",
        "三人が語った。",
        "率は54.80%だ。",
    ],
)
def test_sentences_with_numbers_are_number_claims(sentence: str) -> None:
    assert claims_of(sentence) == [(ClaimKind.NUMBER, 1, sentence, False)]


@pytest.mark.parametrize(
    "sentence", ["一方で、一層の支援を。", "1)米大統領選挙", "2.フィナンシャル・タイムズ"]
)
def test_list_markers_and_words_with_kanji_are_not_numbers(sentence: str) -> None:
    assert claims_of(sentence) == []


def test_a_sentence_with_a_number_and_a_date_gives_both_claims() -> None:
    (number, dated) = extract_claims(text_lines("7日までの7日間で、16件の寄付。"), ISSUE_DAY)
    assert (number.kind, dated.kind) == (ClaimKind.NUMBER, ClaimKind.DATE)
    assert [m.value for m in dated.dates] == [date(2024, 11, 7)]


def test_sentences_split_outside_quotes_and_keep_their_start_line() -> None:
    lines = [Line(40, "前文。 「一文目。"), Line(41, "二文目、6日に」と述べた。10人!")]
    got = [(c.kind, c.line, c.text) for c in extract_claims(lines, ISSUE_DAY)]
    assert got == [
        (ClaimKind.DATE, 40, "「一文目。\n二文目、6日に」と述べた。"),
        (ClaimKind.QUOTE, 40, "一文目。\n二文目、6日に"),
        (ClaimKind.NUMBER, 41, "10人!"),
    ]
