"""Citations in the prose: inline links, bare URLs, footnotes, e-mail furniture (issue 15)."""

from __future__ import annotations

import base64
import json
from datetime import date

from verifier.parse import parse_text
from verifier.parse.dates import find_dates
from verifier.parse.markup import html_lines, markdown_lines
from verifier.parse.tracking import furniture, unwrap
from verifier.types import Citation, CitationKind, ClaimKind, Issue

DIGEST = "\n".join(
    [
        "# The Kyiv Brief — Thursday, November 7, 2024",
        "",
        "## The call",
        "",
        (
            "Zelensky spoke with Trump on Wednesday, and the call lasted about 25 minutes, "
            '[Axios reported](https://www.axios.com/call). Musk "was on the line for part of '
            'it," according to [Reuters](https://www.reuters.com/musk/).'
        ),
        "",
        (
            "Prices rose 3% ([Reuters](https://www.reuters.com/prices/)), while wages fell "
            "1.2% ([AP](https://apnews.com/wages))."
        ),
        "",
        "Further reading: [The New Yorker on Kyiv](https://www.newyorker.com/kyiv).",
        "",
        "The ministry said 40 drones were shot down overnight.[^1]",
        "",
        "[^1]: https://kyivindependent.com/drones/",
        "",
        (
            "[Unsubscribe](https://brief.example/action/disable_email) · "
            "[Share](https://twitter.com/intent/tweet?text=x)"
        ),
        "",
    ]
)


def _by_url(issue: Issue) -> dict[str, Citation]:
    return {c.url or "": c for c in issue.citations}


def test_a_markdown_digest_gives_a_claim_per_linked_sentence() -> None:
    issue = parse_text(DIGEST, "digest.md")
    cited = _by_url(issue)
    assert issue.date == date(2024, 11, 7)
    axios = cited["https://www.axios.com/call"]
    assert axios.kind is CitationKind.SOURCE and axios.cited_publisher == "Axios"
    kinds = {claim.kind for claim in axios.claims}
    assert kinds == {ClaimKind.NUMBER, ClaimKind.DATE}
    [when] = [claim for claim in axios.claims if claim.kind is ClaimKind.DATE]
    assert when.dates[0].text == "Wednesday" and when.dates[0].value == date(2024, 11, 6)
    [quote] = cited["https://www.reuters.com/musk/"].claims
    assert quote.kind is ClaimKind.QUOTE and quote.text == "was on the line for part of it,"


def test_two_sources_in_one_sentence_each_get_their_clause() -> None:
    cited = _by_url(parse_text(DIGEST, "digest.md"))
    prices, wages = cited["https://www.reuters.com/prices/"], cited["https://apnews.com/wages"]
    assert "3%" in prices.passage and "1.2%" not in prices.passage
    assert "1.2%" in wages.passage and "3%" not in wages.passage
    assert (prices.cited_publisher, wages.cited_publisher) == ("Reuters", "AP")


def test_a_link_with_nothing_checkable_is_a_reference_and_furniture_is_left_out() -> None:
    cited = _by_url(parse_text(DIGEST, "digest.md"))
    assert cited["https://www.newyorker.com/kyiv"].kind is CitationKind.REFERENCE
    assert cited["https://www.newyorker.com/kyiv"].claims == ()
    assert not any("disable_email" in url or "intent" in url for url in cited)


def test_a_markdown_footnote_cites_its_sentence() -> None:
    drones = _by_url(parse_text(DIGEST, "digest.md"))["https://kyivindependent.com/drones/"]
    assert drones.kind is CitationKind.SOURCE
    assert [claim.text for claim in drones.claims] == [
        "The ministry said 40 drones were shot down overnight."
    ]


PLAIN = """Morning Notes, 12 November 2024

The parliament approved 4.2 billion hryvnias for drones on Tuesday [1]. Nobody expected it.
Officials said the vote "came as a surprise to everyone" (https://pravda.example/vote).

Exports fell by 12% in October.
Source: https://stats.example/exports

[1] https://rada.example/news/drones
"""


def test_plain_text_footnotes_bare_urls_and_source_lines() -> None:
    issue = parse_text(PLAIN, "notes.txt")
    cited = _by_url(issue)
    drones = cited["https://rada.example/news/drones"]
    assert drones.line == 3 and drones.url_line == 9
    assert {c.kind for c in drones.claims} == {ClaimKind.NUMBER, ClaimKind.DATE}
    [quote] = cited["https://pravda.example/vote"].claims
    assert quote.text == "came as a surprise to everyone"
    exports = cited["https://stats.example/exports"]
    assert exports.line == 6 and exports.url_line == 7
    assert [c.kind for c in exports.claims] == [ClaimKind.NUMBER, ClaimKind.DATE]
    assert len(issue.citations) == 3  # the endnote is no citation of its own


def test_weekdays_and_month_words_in_three_languages_resolve_against_the_issue() -> None:
    issue = date(2024, 11, 12)  # a Tuesday
    written = {
        "on Wednesday, Nov. 6": ["2024-11-06", "2024-11-06"],
        "next Tuesday": ["2024-11-19"],
        "у вівторок, 5 листопада": ["2024-11-12", "2024-11-05"],
        "во вторник 12 ноября 2024 года": ["2024-11-12", "2024-11-12"],
        "in 2023": ["2023-01-01"],
        "11月6日": ["2024-11-06"],
    }
    for text, values in written.items():
        assert [str(s.mention.value) for s in find_dates(text, issue)] == values, text


def test_western_quotes_but_not_outlet_names_or_one_word() -> None:
    text = 'Агентство «Інтерфакс-Україна» пише, що «ми не здамося» і це "важливо".'
    issue = parse_text(f"Ранок, 12 листопада 2024\n\n{text} (https://a.example/x)\n", "u.txt")
    [cited] = issue.citations
    assert [c.text for c in cited.claims if c.kind is ClaimKind.QUOTE] == ["ми не здамося"]


def test_markup_keeps_the_words_each_link_stands_on() -> None:
    [line] = markdown_lines("See [the  **WSJ** story](https://wsj.example/x) too.")
    [anchor] = line.anchors
    assert line.text[anchor.start : anchor.end] == "the WSJ story"
    [line] = html_lines('<p>Hi <a href="https://a.example/">Reuters <b>said</b></a>, 3%.</p>')
    assert line.text[line.anchors[0].start : line.anchors[0].end] == "Reuters said"


def test_hidden_preheaders_are_not_read() -> None:
    html = (
        '<html><body><div style="display:none;max-height:0px">Teaser 99%</div>\n'
        '<span style="font-size:0px; opacity: 0">x</span><p>Visible 3%.</p></body></html>'
    )
    assert [line.text for line in html_lines(html)] == ["Visible 3%."]


def test_click_tracking_wrappers_are_unwrapped_when_they_carry_the_url() -> None:
    real = "https://www.reuters.com/world/a-b-2024-11-12/"
    payload = base64.urlsafe_b64encode(json.dumps({"e": real, "p": 1}).encode()).decode()
    assert unwrap(f"https://substack.com/redirect/2/{payload.rstrip('=')}.sig?j=x") == real
    assert unwrap(f"https://click.mail.example/track?url={real}") == real
    assert unwrap("https://x.us21.list-manage.com/track/click?u=a&id=b&e=c") is None  # opaque
    assert unwrap(real) is None


def test_an_unwrapped_link_keeps_the_wrapper_beside_it() -> None:
    real = "https://www.reuters.com/world/a-b/"
    html = (
        "<html><body><h1>Brief, November 12, 2024</h1>\n"
        f'<p>Prices rose 3%, <a href="https://click.example/redirect?url={real}">Reuters</a>'
        " reported.</p></body></html>"
    )
    [cited] = parse_text(html, "mail.html").citations
    assert cited.url == real and cited.written_url and "click.example" in cited.written_url


def test_furniture_links() -> None:
    assert furniture("https://x.example/unsubscribe?id=1")
    assert furniture("https://www.facebook.com/sharer/sharer.php?u=x")
    assert furniture("https://twitter.com/brief", "", icon=True)
    assert not furniture("https://twitter.com/brief", "our account")  # a reference in words
    assert not furniture("https://x.com/brief/status/1", "", icon=True)  # a post
    assert not furniture("https://www.youtube.com/watch", "", icon=True)
    assert furniture("https://news.example/a", "View this email in your browser")


WRAPPED = """Week notes, 14 January 2025

Ministers signed the dam agreement on Tuesday in Tashkent and put
its cost at $6.5 billion¹. Officials called it "a historic step for
the whole region"¹.

Notes
¹ Interfax, "Three countries sign the dam agreement",
  https://www.interfax.example/world/1002417
"""


def test_a_wrapped_plain_text_sentence_and_a_wrapped_endnote() -> None:
    issue = parse_text(WRAPPED, "notes.txt")
    url = "https://www.interfax.example/world/1002417"
    assert {(c.url, c.url_line) for c in issue.citations} == {(url, 9)}  # the note's own line
    claims = [claim for c in issue.citations for claim in c.claims]
    kinds = {(c.kind, c.line) for c in claims}
    assert {(ClaimKind.NUMBER, 3), (ClaimKind.DATE, 3), (ClaimKind.QUOTE, 4)} <= kinds
    [number] = [c for c in claims if c.kind is ClaimKind.NUMBER]
    assert "$6.5 billion" in number.text and "Tuesday" in number.text  # one sentence, two lines
    [quote] = [c for c in claims if c.kind is ClaimKind.QUOTE]
    assert quote.text == "a historic step for\nthe whole region"


def test_a_tracker_host_is_no_one_s_own_site() -> None:
    """Every link of a Substack e-mail goes through substack.com: that is not the
    newsletter's own site, and the article behind each wrapper is a source."""
    real = "https://www.bbc.example/news/articles/x1"
    payload = base64.urlsafe_b64encode(json.dumps({"e": real}).encode()).decode().rstrip("=")
    wrap = f"https://substack.com/redirect/2/{payload}.sig"
    html = (
        "<html><body><h1>Brief, December 13, 2024</h1>\n"
        + "".join(
            f'<p>Prices rose {n}%, <a href="{wrap}">the BBC reported</a>.</p>\n' for n in (3, 4)
        )
        + '<p><a href="https://substack.com/redirect/app-store?x=1">Get the app</a></p>\n'
        + '<p><a href="https://brief.substack.com/p/post">Read online</a></p>\n'
        + "</body></html>"
    )
    sources = [c for c in parse_text(html, "mail.html").citations if c.kind is CitationKind.SOURCE]
    assert [c.url for c in sources] == [real, real]


def test_markup_lines_keep_the_file_s_numbers_unless_minified() -> None:
    html = (
        "<html><body>\n<table><tr><td>Brief</td><td>Jan 3, 2025</td></tr></table>\n"
        '<p>Exports fell 4%, <a href="https://a.example/x">Reuters reported</a>.</p>\n'
        "</body></html>"
    )
    [cited] = parse_text(html, "mail.html").citations
    assert cited.line == 3  # the file's line, although line 2 holds two cells
    minified = html.replace("\n", "")
    [cited] = parse_text(minified, "mail.html").citations
    assert cited.line == 3  # the third visual line of a one-line file


def test_per_day_counts_are_no_dates() -> None:
    assert find_dates("1日平均で約1万2800人、1日あたり3便", date(2024, 12, 13)) == []
    assert find_dates("1日の平均乗車人員が3人以下", date(2024, 12, 13)) == []


def test_a_footnote_after_a_sentence_cites_that_sentence_not_the_next() -> None:
    text = (
        "The bank held its rate at 21% on Friday.[^1] Analysts polled by "
        "[Kommersant](https://www.kommersant.ru/doc/1) had expected 23%.\n\n"
        "[^1]: https://www.cbr.ru/press/1\n"
    )
    cited = _by_url(parse_text(text, "digest.md"))
    bank, poll = cited["https://www.cbr.ru/press/1"], cited["https://www.kommersant.ru/doc/1"]
    assert "21%" in bank.passage and "23%" not in bank.passage
    assert "23%" in poll.passage and "21%" not in poll.passage


def test_a_masthead_s_dateline_is_no_claim_of_the_writer() -> None:
    text = (
        "CHIP NOTES\nTuesday, January 28, 2025 · Issue 61\nThe week, in plain text\n\n"
        "Nvidia fell 17% on Monday (https://www.reuters.com/nvidia).\n"
    )
    issue = parse_text(text, "notes.txt")
    [citation] = issue.citations
    assert [(claim.line, claim.whose.own) for claim in citation.claims] == [(5, False)] * 2


def test_a_block_newsletter_s_own_site_leads_without_a_majority() -> None:
    """Four links to the newsletter's own pages among nine: its own domain, so its
    membership page is a reference; in prose, three links to one outlet stay sources."""
    blocks = [
        ("Story A(Asahi、2025年3月1日)", "https://www.asahi.example/a"),
        ("Story B(NHK、2025年3月1日)", "https://www3.nhk.example/b"),
        ("Story C(Kyodo、2025年3月1日)", "https://kyodo.example/c"),
        ("Story D(AP、2025年3月1日)", "https://apnews.example/d"),
        ("Story E(BBC、2025年3月1日)", "https://bbc.example/e"),
        ("会員登録のご案内", "https://iwj.co.jp/ec/entry/kiyaku.php"),
        ("ご寄付のお願い", "https://iwj.co.jp/join/pleasehelpus.html"),
        ("アーカイブ", "https://iwj.co.jp/wj/open/archives/1"),
        ("会員版", "https://iwj.co.jp/wj/member.old/nikkan-20250303"),
    ]
    text = "ガイド 2025.3.3号\n\n" + "\n\n".join(f"本文です。\n※{t}\n{u}" for t, u in blocks)
    kinds = {c.url: c.kind for c in parse_text(text, "guide.txt").citations}
    assert kinds["https://iwj.co.jp/ec/entry/kiyaku.php"] is CitationKind.REFERENCE
    assert kinds["https://www.asahi.example/a"] is CitationKind.SOURCE
    prose = (
        "Brief, March 3, 2025\n\n"
        + "\n\n".join(
            f"Prices rose {n}%, [Reuters reported](https://www.reuters.example/{n})."
            for n in (1, 2, 3)
        )
        + "\n\nWages fell 2%, [AP said](https://apnews.example/w).\n"
    )
    kinds = {c.url: c.kind for c in parse_text(prose, "brief.md").citations}
    assert kinds["https://www.reuters.example/1"] is CitationKind.SOURCE


def test_a_person_who_says_is_no_publisher() -> None:
    text = (
        "Brief, March 3, 2025\n\n"
        "Prices rose 3%, [Zelensky said](https://www.reuters.example/a).\n\n"
        "Prices fell 2%, [Kyodo reported](https://kyodo.example/b).\n"
    )
    publishers = {c.url: c.cited_publisher for c in parse_text(text, "brief.md").citations}
    assert publishers == {"https://www.reuters.example/a": None, "https://kyodo.example/b": "Kyodo"}


def test_year_less_days_and_last_weekdays() -> None:
    december = date(2024, 12, 23)  # a Monday
    found = {
        s.mention.text: s.mention.value
        for s in find_dates(
            "заседание 14 февраля; с 1 января; 1 ноября; last Monday; Monday", december
        )
    }
    assert found["14 февраля"] == date(2025, 2, 14)  # ahead, not ten months back
    assert found["1 января"] == date(2025, 1, 1)
    assert found["1 ноября"] == date(2024, 11, 1)
    assert found["last Monday"] == date(2024, 12, 16) and found["Monday"] == december


def test_a_bare_url_taken_out_leaves_the_sentence_whole() -> None:
    text = (
        "Morning Notes, 12 November 2024\n\n"
        "Exports rose 5% (source: https://stats.example/exports). Imports fell.\n\n"
        "NHKによると、原子力を2割とする目標です(https://www3.nhk.or.jp/news/a.html)。\n"
    )
    cited = _by_url(parse_text(text, "notes.txt"))
    assert cited["https://stats.example/exports"].passage == "Exports rose 5%. Imports fell."
    nhk = cited["https://www3.nhk.or.jp/news/a.html"]
    assert nhk.passage == "NHKによると、原子力を2割とする目標です。"
