"""Markdown and HTML issues give the same citations and claims as plain text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.builders import DATA as TESTS_DATA
from verifier.errors import IssueError
from verifier.parse import parse_issue, parse_text
from verifier.parse.markup import html_lines, markdown_lines
from verifier.types import Citation, CitationKind, DateRole, Issue

DATA = TESTS_DATA / "parse"
S, R = CitationKind.SOURCE, CitationKind.REFERENCE
NEWS = "https://example-news.jp"
JOIN = "会員の再開、新規会員登録はこちらからお願いします"
PREVIOUS = ("はじめに~前号の記事", "日刊テストガイド", date(2024, 11, 6), DateRole.PUBLISHED)
FT = "Ukraine says it has attacked North Korean troops in Kursk"

POLITICO = (
    "https://www.politico.com/news/2024/11/06/vetting",
    "Speculation swirls as Trump begins vetting",
    "Politico",
    date(2024, 11, 6),
    DateRole.PUBLISHED,
)
HILL = ("https://thehill.com/", "2024 Presidential Results", "The Hill", date(2024, 11, 10))
NONE4 = (None, None, None, None)

# (id, kind, url, title, publisher, date, role): what every format must agree on
EXPECTED = [
    ("c01", S, *POLITICO),
    ("c02", S, *HILL, DateRole.ACCESSED),
    ("c03", R, f"{NEWS}/ec/mypage/login.php", JOIN, None, None, None),
    ("c04", R, f"{NEWS}/ec/entry/kiyaku.php", JOIN, None, None, None),
    ("c05", S, f"{NEWS}/wj/member/nikkan-20241106#idx-1", *PREVIOUS),
    ("c06", S, f"{NEWS}/guide/54098#idx-1", *PREVIOUS),
    ("c07", R, f"{NEWS}/ec/entry/kiyaku.php", *NONE4),
    ("c08", S, None, FT, "フィナンシャル・タイムズ", date(2024, 11, 5), DateRole.PUBLISHED),
    ("c09", R, f"{NEWS}/", *NONE4),
]

# (citation number, line, url_line, passage_line) per format: numbers follow each file's own lines
LINES = {
    "text": [(1, 7, 8, 3), (2, 12, 13, 10), (5, 23, 24, 19), (7, 31, 31, None), (8, 35, None, 33)],
    "markdown": [
        (1, 7, 7, 3),
        (2, 11, 12, 9),
        (5, 22, 23, 18),
        (7, 30, 30, None),
        (8, 34, None, 32),
    ],
    "html": [
        (1, 12, 13, 10),
        (2, 15, 16, 14),
        (5, 22, 23, 20),
        (7, 27, 27, None),
        (8, 30, None, 29),
    ],
}
FILES = {"text": "mini.txt", "markdown": "mini.md", "html": "mini.html"}


def fields(c: Citation) -> tuple[object, ...]:
    return (c.id, c.kind, c.url, c.cited_title, c.cited_publisher, c.cited_date, c.cited_date_role)


def claim_texts(issue: Issue) -> list[list[tuple[str, str]]]:
    return [[(c.kind.value, c.text) for c in citation.claims] for citation in issue.citations]


@pytest.fixture(scope="module", params=list(FILES))
def issue(request: pytest.FixtureRequest) -> Issue:
    return parse_issue(DATA / FILES[request.param])


def test_format_is_detected_from_the_suffix(issue: Issue) -> None:
    assert FILES[issue.format] == Path(issue.path).name


def test_each_format_gives_the_same_citations(issue: Issue) -> None:
    assert issue.id == "2024-11-11-no12"
    assert issue.title == "日刊テストガイド「停戦は近いのか!?」2024.11.11号~No.12"
    assert [fields(c) for c in issue.citations] == EXPECTED


def test_each_format_keeps_its_own_line_numbers(issue: Issue) -> None:
    expected = LINES[issue.format]
    cited = [issue.citations[n - 1] for n, *_ in expected]
    got = [(int(c.id[1:]), c.line, c.url_line, c.passage_line) for c in cited]
    assert got == expected


def test_each_format_gives_the_same_claims(issue: Issue) -> None:
    assert claim_texts(issue) == claim_texts(parse_issue(DATA / FILES["text"]))
    politico = issue.citations[0]
    assert [(c.kind.value, c.text) for c in politico.claims] == [
        ("date", "『ポリティコ』は6日、「トランプ氏は国務長官候補を絞り込んだ」と報じました。"),
        ("quote", "トランプ氏は国務長官候補を絞り込んだ"),
    ]


def test_text_after_a_source_block_stays_with_it_up_to_the_next_break(issue: Issue) -> None:
    previous = issue.citations[4]
    assert [c.text for c in previous.claims if c.kind.value == "quote"] == [
        "電話会談は約25分間続いた",
        "ゼレンスキー氏は絶望感を抱かなかった",
    ]


def test_format_is_sniffed_when_the_suffix_says_nothing() -> None:
    html = (DATA / "mini.html").read_text("utf-8")
    markdown = (DATA / "mini.md").read_text("utf-8")
    assert parse_text(html, "issue.txt").format == "html"
    assert parse_text(markdown, "issue").format == "markdown"
    assert parse_text(html, "issue.html", fmt="text").format == "text"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(IssueError, match=r"x\.doc: unknown issue format 'docx'"):
        parse_text("title", "x.doc", fmt="docx")


def test_markdown_lines_keep_source_numbers_links_and_headings() -> None:
    lines = markdown_lines("# Title\n\n本文「引用。\n続き」\n\n※[A](https://a.example/x)(P)\n")
    assert [(line.number, line.text, line.links, line.heading) for line in lines] == [
        (1, "Title", (), True),
        (3, "本文「引用。", (), False),
        (4, "続き」", (), False),
        (6, "※A(P)", ("https://a.example/x",), False),
    ]
    assert [line.new_block for line in lines] == [True, True, False, True]


def test_markdown_code_blocks_keep_their_lines() -> None:
    lines = markdown_lines("intro\n\n```\nhttps://a.example/x\nsecond\n```\n")
    assert [(line.number, line.text) for line in lines] == [
        (1, "intro"),
        (4, "https://a.example/x"),
        (5, "second"),
    ]


def test_html_lines_skip_head_scripts_and_comments_and_relative_links() -> None:
    html = (
        "<html><head><title>T</title></head><body>\n"
        "<p>one<!-- hidden --> two<br>\n"
        '<a href="/local">own page</a> <a href="https://a.example/">here</a></p>\n'
        "<script>var url = 'https://tracker.example/';</script>\n"
        "<h2>Heading\n"
        "</h2></body></html>"
    )
    lines = html_lines(html)
    assert [(line.number, line.text, line.links, line.heading) for line in lines] == [
        (2, "one two", (), False),
        (3, "own page here", ("https://a.example/",), False),
        (5, "Heading", (), True),
    ]


def test_minified_html_gets_one_number_per_visual_line() -> None:
    html = "<html><body><h1>Issue 2024.11.11号</h1><p>※Title(P、2024年11月6日)<br>https://a.example/x</p></body></html>"
    issue = parse_text(html, "min.html")
    (citation,) = issue.citations
    assert (citation.line, citation.url_line, citation.url) == (2, 3, "https://a.example/x")


def test_separate_html_paragraphs_do_not_join_a_block() -> None:
    html = (
        "<html><body>\n<h1>Issue</h1>\n<p>※Title(P)</p>\n<p>https://a.example/x</p>\n</body></html>"
    )
    (citation,) = parse_text(html, "p.html").citations
    assert (citation.kind, citation.line, citation.url_line) == (CitationKind.REFERENCE, 4, 4)


@pytest.mark.parametrize(
    ("text", "name"), [("<!-- nothing -->", "c.html"), ("<!-- x -->\n", "c.md")]
)
def test_markup_without_any_text_is_refused(text: str, name: str) -> None:
    with pytest.raises(IssueError, match=rf"{name}: the issue has no text"):
        parse_text(text, name)
