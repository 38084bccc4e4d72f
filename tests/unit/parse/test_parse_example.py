"""The parse stage on the real example issue: every citation, and key claims."""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import DATA, EXAMPLE
from verifier.parse import parse_issue
from verifier.settings import Settings
from verifier.types import Citation, CitationKind, ClaimKind, DatePrecision, DateRole, Issue

TABLE = DATA / "parse" / "iwj-guide-2024-11-11.citations.tsv"
S, R = CitationKind.SOURCE, CitationKind.REFERENCE
NOV = {day: date(2024, 11, day) for day in (4, 5, 6, 8)}


NIKKEI_QUESTION = (
    "事実確認をさせていただきたくメールいたしました。\n\n"
    " 『ウクライナ軍がロシア西部クルスク州に派遣された北朝鮮兵の拠点に攻撃をしかけた』"
    "という『日本経済新聞』の5日の報道の事実確認です。"
)
TELEGRAM_LIST_ITEM = (
    "1.ウクライナ国家安全保障・国防会議傘下の偽情報防止センターの"
    "コバレンコ所長の4日のテレグラムポスト"
)


def expected_citations() -> list[tuple[object, ...]]:
    """The hand-checked table: one row per citation, every field, "" for None."""
    rows = [line.split("\t") for line in TABLE.read_text("utf-8").splitlines()[1:]]
    return [
        (
            *(cid, int(line), CitationKind(kind), url or None, title or None, publisher or None),
            date.fromisoformat(day) if day else None,
            DateRole(role) if role else None,
            int(url_line) if url_line else None,
        )
        for cid, line, kind, url, title, publisher, day, role, url_line in rows
    ]


@pytest.fixture(scope="module")
def issue() -> Issue:
    return parse_issue(EXAMPLE)


def by_id(issue: Issue, cid: str) -> Citation:
    return next(c for c in issue.citations if c.id == cid)


# The section headlines (lines 16 and 313): their claims lead every source of the section.
HEADLINES = (16, 313)


def claim_summary(citation: Citation) -> list[tuple[ClaimKind, int, str]]:
    """The citation's claims other than its section headline's."""
    return [
        (claim.kind, claim.line, claim.text)
        for claim in citation.claims
        if claim.line not in HEADLINES
    ]


def test_issue_header_gives_title_date_id_and_format(issue: Issue) -> None:
    assert issue.title.startswith("日刊IWJガイド・非会員版「『ウクライナ紛争を24時間で")
    assert issue.title.endswith("2024.11.11号~No.4376")
    assert issue.date == date(2024, 11, 11)
    assert issue.id == "2024-11-11-no4376"
    assert issue.format == "text"
    assert issue.path == str(EXAMPLE)


def test_every_citation_of_the_example_with_every_field(issue: Issue) -> None:
    got = [
        (
            c.id,
            c.line,
            c.kind,
            c.url,
            c.cited_title,
            c.cited_publisher,
            c.cited_date,
            c.cited_date_role,
            c.url_line,
        )
        for c in issue.citations
    ]
    assert len(got) == 40
    assert got == expected_citations()


def test_cited_dates_keep_their_text_as_written(issue: Issue) -> None:
    by_line = {c.line: c for c in issue.citations}
    assert by_line[34].cited_date_text == "2024年11月10日閲覧"
    assert by_line[65].cited_date_text == "2024年11月6日"
    assert by_line[49].cited_date_text is None


def test_example_has_18_sources_and_22_references(issue: Issue) -> None:
    kinds = [c.kind for c in issue.citations]
    assert (kinds.count(S), kinds.count(R)) == (18, 22)


def test_references_carry_no_passage_and_no_claims(issue: Issue) -> None:
    for citation in issue.citations:
        if citation.kind is R:
            assert (citation.passage, citation.passage_line, citation.claims) == ("", None, ())


def test_consecutive_blocks_share_one_passage(issue: Issue) -> None:
    britannica, elections = by_id(issue, "c02"), by_id(issue, "c03")
    assert britannica.passage_line == elections.passage_line == 37
    assert britannica.passage == elections.passage
    assert britannica.passage.endswith("(有権者数2億4062万8443人、投票率62.80%)")
    assert by_id(issue, "c32").claims == by_id(issue, "c33").claims


def test_first_passage_starts_at_the_body_heading_not_in_the_contents_box(issue: Issue) -> None:
    hill = by_id(issue, "c01")
    assert hill.passage_line == 16
    assert hill.passage.startswith("■はじめに~第2次トランプ政権は")
    assert min(claim.line for claim in hill.claims) == 16


def test_the_section_headline_is_claimed_for_every_source_of_its_section(issue: Issue) -> None:
    """Its quote 「トリプル・レッド」 sums up the section; any of its sources may say it."""
    section = [c for c in issue.citations if c.kind is CitationKind.SOURCE and c.line < 156]
    holding = [c for c in section if any(claim.line == 16 for claim in c.claims)]
    assert len(holding) == len(section) == 12
    assert not any(claim.line == 16 for claim in by_id(issue, "c30").claims)  # next section


def test_politico_claims_quote_line_61_and_date_6_resolved(issue: Issue) -> None:
    politico = by_id(issue, "c04")
    assert politico.passage_line == 55
    quote = next(c for c in politico.claims if c.kind is ClaimKind.QUOTE and c.line == 61)
    assert quote.text.startswith("数週間前の保守系議員との昼食会で")
    assert quote.text.endswith("出席していた共和党の議会スタッフが述べた")
    dated = next(c for c in politico.claims if c.kind is ClaimKind.DATE and c.line == 61)
    assert dated.text.startswith("『ポリティコ』は6日、「数週間前")
    assert [(m.text, m.value) for m in dated.dates] == [("6日", NOV[6])]
    # 『ポリティコ』 names the publication: it is not a quote.
    assert all(c.text != "ポリティコ" for c in politico.claims)


def test_politico_claims_in_passage_order(issue: Issue) -> None:
    kinds_and_lines = [(kind, line) for kind, line, _ in claim_summary(by_id(issue, "c04"))]
    q, n, d = ClaimKind.QUOTE, ClaimKind.NUMBER, ClaimKind.DATE
    # Lines 57 and 63 count nothing: 第2次 is an ordinal, not a figure.
    assert kinds_and_lines == [(d, 55), (q, 57), (n, 59), (q, 59), (d, 61), (q, 61)]


def test_axios_claims_resolve_a_month_off_date_and_the_dated_byline(issue: Issue) -> None:
    axios = by_id(issue, "c30")
    dated = next(c for c in axios.claims if c.kind is ClaimKind.DATE and c.line == 286)
    assert [(m.text, m.value) for m in dated.dates] == [
        ("10月6日", date(2024, 10, 6)),
        ("11月8日付", NOV[8]),
    ]
    assert "「大統領選直後の10月6日に行われた" in dated.text


def test_axios_passage_keeps_the_quote_reported_after_the_block(issue: Issue) -> None:
    axios = by_id(issue, "c30")
    assert axios.passage_line == 284
    quotes = {c.line: c for c in axios.claims if c.kind is ClaimKind.QUOTE and not c.nested}
    multi_line = quotes[295].text
    assert multi_line.startswith("ゼレンスキー氏がトランプ氏に祝意を伝えた後")
    assert multi_line.endswith("詳しく話さなかった、と関係者は語った")
    assert multi_line.count("\n") == 8
    nested = [c.text for c in axios.claims if c.nested]
    assert "電話会議で、ゼレンスキー氏は絶望感を抱かなかった" in nested
    assert "ウクライナを支援する" in nested


def test_pravda_multi_line_quote_keeps_its_newlines(issue: Issue) -> None:
    pravda = by_id(issue, "c09")
    quote = next(c for c in pravda.claims if c.kind is ClaimKind.QUOTE and c.line == 98)
    assert quote.text == (
        "ウクライナ人は、ロシアに立ち向かう際に、信じられないほど勇敢で強かったと思う。\n\n"
        " しかし、結局のところ、我々が資金援助しているのは、膠着状態の戦争であり、"
        "決着をつける必要がある。(中略)\n\n ここには、常識が必要だ。(中略)\n\n"
        " 戦争を終わらせるために、ウラジーミル・プーチンのファンになる必要はない"
    )
    nested = next(c for c in pravda.claims if c.nested)
    assert (nested.text, nested.line) == ("終結させる", 96)


def test_nikkei_claims_cut_the_open_quote_and_mark_the_nested_one(issue: Issue) -> None:
    nikkei = by_id(issue, "c34")
    assert nikkei.passage_line == 321
    assert claim_summary(nikkei)[-3:] == [
        (ClaimKind.DATE, 327, "「" + NIKKEI_QUESTION),
        (ClaimKind.QUOTE, 327, NIKKEI_QUESTION),
        (
            ClaimKind.QUOTE,
            329,
            "ウクライナ軍がロシア西部クルスク州に派遣された北朝鮮兵の拠点に攻撃をしかけた",
        ),
    ]
    assert [c.nested for c in nikkei.claims[-2:]] == [False, True]


def test_telegram_claims_include_the_cyrillic_line(issue: Issue) -> None:
    telegram = by_id(issue, "c35")
    assert claim_summary(telegram) == [
        (ClaimKind.NUMBER, 336, "この『日経』の報道の根拠は、以下の2点です。"),
        (ClaimKind.DATE, 338, TELEGRAM_LIST_ITEM),
        (ClaimKind.QUOTE, 340, "北朝鮮の最初の兵士達が、すでにクルスク地方で砲撃を受けた"),
        (ClaimKind.QUOTE, 342, "Першi вiйськовi кндр вже потрапили пiд обстрiл на Курщинi."),
    ]
    [listed] = [claim for claim in telegram.claims if claim.line == 338]
    assert listed.dates[0].value == date(2024, 11, 4)


def test_financial_times_cited_without_link_keeps_its_passage(issue: Issue) -> None:
    ft = by_id(issue, "c36")
    assert (ft.url, ft.url_line, ft.passage_line) == (None, None, 347)
    assert claim_summary(ft) == [
        (ClaimKind.DATE, 347, "2.『フィナンシャル・タイムズ』5日の報道。"),
        (
            ClaimKind.QUOTE,
            349,
            "ウクライナの情報機関の高官も、クルスク州における北朝鮮部隊への攻撃を認めた",
        ),
    ]
    [reported] = [claim for claim in ft.claims if claim.line == 347]
    assert reported.dates[0].value == NOV[5]


def test_year_and_month_mentions_have_coarse_precision(issue: Issue) -> None:
    rt = by_id(issue, "c07")
    dated = next(c for c in rt.claims if c.kind is ClaimKind.DATE)
    assert [(m.text, m.precision) for m in dated.dates] == [
        ("2022年", DatePrecision.YEAR),
        ("今年4月", DatePrecision.MONTH),
    ]


def test_configured_own_domain_overrides_the_majority(issue: Issue) -> None:
    settings = Settings(own_domains=("politico.com",))
    other = parse_issue(EXAMPLE, settings)
    kinds = {c.id: c.kind for c in other.citations}
    assert kinds["c04"] is S  # dated: a source even on an own domain
    assert kinds["c13"] is R  # a stand-alone URL is always a reference
    assert kinds["c14"] is S  # iwj.co.jp is no longer the own domain
