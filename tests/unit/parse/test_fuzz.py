"""The parser never crashes (issue 15, item 5): any bytes decode or are refused with an
`IssueError`; any text in any format parses to an issue or is refused with one.

Issues are generated from the pieces real ones are made of (IWJ citation blocks, Markdown
and HTML links, bare and broken URLs, dates, brackets, quotes in four languages) run
together at random, beside plain random text. The test run tries a few hundred per
property; `make fuzz` runs the same properties on over 100,000 generated issues (the
`fuzz` profile, registered in tests/conftest.py).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from verifier.errors import IssueError
from verifier.parse import FORMATS, parse_text
from verifier.parse.decode import decode_issue
from verifier.types import Issue

PIECES = (
    "【IWJ号外】2024.11.11日号～No.4376号\n",
    "※トランプ氏と電話会談(AXIOS、2024年11月8日)\n",
    "https://www.axios.com/2024/11/08/trump-zelensky-call-elon-musk\n",
    "https://t.me/akovalenko1989/8222\n",
    "http://[::1\n",
    "https://exa mple.com/a b\n",
    "https://xn--80ak6aa92e.com/путь?x=1#frag\n",
    "[Axios reported](https://www.axios.com/a)",
    "[1]: https://example.com/note\n",
    "^1 ",
    '<a href="https://example.com/x?utm_source=mail">link</a>',
    '<a href="javascript:alert(1)">x</a>',
    "<p>",
    "</p>\n",
    "<!-- comment -->",
    "<style>p{}</style>",
    "『",
    "』",
    "「",
    "」",
    "“",
    "”",
    '"',
    "（",
    "）",
    "(中略)",
    "…",
    "10月6日",
    "2024年11月8日",
    "on Tuesday, Nov. 5",
    "у середу 6 листопада",
    "7470万6124票",
    "25 minutes",
    "\n",
    "\n\n",
    "\t",
    "\u200b",
    "\ufeff",
    "\x00",
    "#",
    "## ",
    "> ",
    "- ",
    "* ",
    "|",
    "ゼレンスキー大統領は「支援を続ける」と述べた。",
    "The call lasted about 25 minutes, according to one source.",
    "Зеленський подякував.",
)

issues = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=60).map(
    "".join
)


@given(st.binary(max_size=4096))
def test_any_bytes_parse_or_are_refused_with_one_error(data: bytes) -> None:
    try:
        issue = parse_text(decode_issue(data, "issue.txt"), "issue.txt")
    except IssueError as exc:
        assert "issue.txt" in str(exc) and "\n" not in str(exc).strip()
    else:
        assert isinstance(issue, Issue)


@given(issues, st.sampled_from(sorted(FORMATS)))
def test_any_issue_in_any_format_parses_or_is_refused_with_one_error(text: str, fmt: str) -> None:
    try:
        issue = parse_text(text, f"issue.{fmt}", fmt)
    except IssueError as exc:
        assert "issue." in str(exc) and "\n" not in str(exc).strip()
    else:
        assert isinstance(issue, Issue)
        assert all(0 < citation.line <= len(issue.lines) for citation in issue.citations)


@given(issues)
def test_the_format_is_found_from_any_text(text: str) -> None:
    try:
        issue = parse_text(text, "issue")
    except IssueError:
        return
    assert issue.format in FORMATS
