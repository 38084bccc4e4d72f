"""Extraction: main text, dates with zones, encodings, and hostile input."""

from __future__ import annotations

import os
import random
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from verifier.extract import (
    EXTRACTOR_VERSION,
    MAX_READ_BYTES,
    MAX_TEXT_CHARS,
    decode_html,
    extract_page,
)

ARTICLE_TEXT = (
    "Speculation swirls as the president-elect begins vetting candidates for key posts. "
    "Aides said the list was long and that interviews would continue through the week. "
) * 4
NEWS_ARTICLE = f"""<!DOCTYPE html>
<html lang="en-US"><head>
<meta charset="utf-8">
<title>Speculation swirls over cabinet picks - POLITICO</title>
<script type="application/ld+json">
{{"@context": "https://schema.org", "@graph": [
  {{"@type": "WebSite", "name": "POLITICO"}},
  {{"@type": ["NewsArticle"], "headline": "Speculation swirls over cabinet picks",
    "datePublished": "2024-11-06T19:30:00-05:00", "dateModified": "2024-11-07T08:00:00-05:00",
    "publisher": {{"@type": "Organization", "name": "Politico"}}}}
]}}
</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-banner">We use cookies.</div>
<article><h1>Speculation swirls over cabinet picks</h1><p>{ARTICLE_TEXT}</p></article>
<footer>© 2024 POLITICO LLC</footer>
</body></html>"""


def test_news_article_with_json_ld_keeps_time_zone() -> None:
    page = extract_page("https://www.politico.com/news/a", NEWS_ARTICLE.encode(), "text/html")
    assert page is not None
    assert "begins vetting candidates" in page.text
    assert "© 2024" not in page.text
    assert page.title == "Speculation swirls over cabinet picks"  # JSON-LD headline
    assert page.publisher == "Politico"
    assert page.published_at == datetime(2024, 11, 6, 19, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert page.published == date(2024, 11, 6)  # in its own zone: already the 7th in Japan
    assert page.date_source == "json-ld datePublished"
    assert page.modified == date(2024, 11, 7)
    assert page.language == "en-US"
    assert page.paywalled is False
    assert page.charset == "utf-8"


def test_open_graph_only_page() -> None:
    html = f"""<html><head>
    <meta property="og:title" content="Senator statement on Ukraine aid">
    <meta property="og:site_name" content="U.S. Senator Example">
    <meta property="og:locale" content="en_US">
    <meta property="article:published_time" content="2024-11-08T10:00:00+00:00">
    <meta property="article:modified_time" content="2024-11-09T10:00:00+00:00">
    </head><body><main><p>{ARTICLE_TEXT}</p></main></body></html>"""
    page = extract_page("https://senator.example/news", html.encode(), "text/html")
    assert page is not None
    assert (page.title, page.publisher, page.language) == (
        "Senator statement on Ukraine aid",
        "U.S. Senator Example",
        "en-US",
    )
    assert page.published_at == datetime(2024, 11, 8, 10, tzinfo=UTC)
    assert page.date_source == "meta article:published_time"
    assert page.modified == date(2024, 11, 9)


def test_itemprop_and_article_time_dates() -> None:
    itemprop = f'<html><body><meta itemprop="uploadDate" content="2024-11-05"><p>{ARTICLE_TEXT}</p>'
    page = extract_page("https://v.example/", itemprop.encode(), "text/html")
    assert page is not None
    assert (page.published, page.published_at, page.date_source) == (
        date(2024, 11, 5),
        None,
        "itemprop uploadDate",
    )
    timed = (
        '<html><body><article><time datetime="2024-11-04T09:00:00+09:00">4日</time>'
        f"<p>{ARTICLE_TEXT}</p></article>"
    )
    page = extract_page("https://t.example/", timed.encode(), "text/html")
    assert page is not None and page.date_source == "article time datetime"
    assert page.published_at == datetime(2024, 11, 4, 9, tzinfo=timezone(timedelta(hours=9)))


def test_htmldate_is_the_fallback_for_dates() -> None:
    html = f"""<html><head><title>Old news | The Hill</title></head><body>
    <div class="byline">Published November 3, 2024</div><p>{ARTICLE_TEXT}</p></body></html>"""
    page = extract_page("https://old.example/2024/11/03/story", html.encode(), "text/html")
    assert page is not None
    assert page.title == "Old news | The Hill"  # site suffix kept: verify trims it
    assert (page.published, page.published_at, page.date_source) == (
        date(2024, 11, 3),
        None,
        "htmldate",
    )


JAPANESE = "日経平均株価は1287円高。㈱日本経済新聞社が①速報した。"


def test_shift_jis_page_declared_only_in_meta() -> None:
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
    <title>日経の記事</title></head><body><p>{JAPANESE * 5}</p></body></html>"""
    page = extract_page("https://www.nikkei.com/a", html.encode("cp932"), "text/html")
    assert page is not None
    assert page.charset == "cp932"
    assert page.title == "日経の記事"
    assert JAPANESE in page.text


def test_euc_jp_page() -> None:
    html = f"""<html><head><meta charset="EUC-JP"><title>速報</title></head>
    <body><p>{"岸田首相は記者団に語った。" * 10}</p></body></html>"""
    page = extract_page("https://example.jp/", html.encode("euc_jp"), "text/html; charset=EUC-JP")
    assert page is not None
    assert page.charset == "euc_jp"
    assert "岸田首相は記者団に語った。" in page.text


def test_utf8_body_declared_as_latin1_is_read_as_utf8() -> None:
    body = "<html><body><p>Першi вiйськовi — naïve café</p></body></html>".encode()
    text, charset = decode_html(body, "text/html; charset=ISO-8859-1")
    assert charset == "utf-8"
    assert "Першi вiйськовi — naïve café" in text


def test_declared_charset_wins_when_the_bytes_agree() -> None:
    body = "<p>café</p>".encode("cp1252")
    assert decode_html(body, "text/html; charset=iso-8859-1") == ("<p>café</p>", "cp1252")
    assert decode_html(b"\xef\xbb\xbf<p>x</p>", "text/html; charset=Shift_JIS")[1] == "utf-8-sig"


def test_undeclared_encoding_is_detected() -> None:
    body = ("<html><body><p>" + "ウクライナのゼレンスキー大統領と電話で会談した。" * 20).encode(
        "cp932"
    )
    text, _ = decode_html(body, "text/html")
    assert "ゼレンスキー大統領" in text


def test_paywall_json_ld() -> None:
    for flag in ("false", '"False"'):
        html = f"""<html><head><script type="application/ld+json">
        {{"@type": "NewsArticle", "headline": "x", "isAccessibleForFree": {flag},
          "hasPart": {{"@type": "WebPageElement", "cssSelector": ".paywall"}}}}
        </script></head><body><p>{ARTICLE_TEXT}</p></body></html>"""
        page = extract_page("https://www.nikkei.com/p", html.encode(), "text/html")
        assert page is not None and page.paywalled is True
    in_part = f"""<html><head><script type="application/ld+json">
    {{"@type": "NewsArticle", "hasPart": [{{"@type": "WebPageElement",
      "isAccessibleForFree": "False", "cssSelector": ".paywall"}}]}}
    </script></head><body><p>{ARTICLE_TEXT}</p></body></html>"""
    page = extract_page("https://www.nikkei.com/q", in_part.encode(), "text/html")
    assert page is not None and page.paywalled is True


def test_broken_json_ld_is_ignored() -> None:
    html = f"""<html><head><script type="application/ld+json">{{not json</script>
    </head><body><p>{ARTICLE_TEXT}</p></body></html>"""
    page = extract_page("https://x.example/", html.encode(), "text/html")
    assert page is not None and "vetting" in page.text


def test_page_without_an_article_still_has_its_visible_text() -> None:
    html = """<html><body><nav>Menu</nav><script>var x = "hidden";</script>
    <div>Первые военные КНДР</div><div>вступили в бой</div><footer>Footer</footer></body></html>"""
    page = extract_page("https://t.me/s/x", html.encode(), "text/html; charset=utf-8")
    assert page is not None
    assert "Первые военные КНДР" in page.text and "вступили в бой" in page.text
    assert "hidden" not in page.text and "Menu" not in page.text


def test_plain_text_body() -> None:
    page = extract_page("https://x.example/a.txt", "素のテキスト\n".encode(), "text/plain")
    assert page is not None and page.text == "素のテキスト" and page.title is None


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00" + os.urandom(200), None),
        (b"%PDF-1.7 binary", "application/pdf"),
        (b"", "text/html"),
        (b"  \n ", "text/plain"),
        (b"<!-- -->", "text/html"),
    ],
    ids=["untyped-binary", "unreadable-pdf", "empty", "blank", "no-document"],
)
def test_non_text_or_empty_bodies_give_none(body: bytes, content_type: str | None) -> None:
    assert extract_page("https://x.example/", body, content_type) is None


def test_a_typed_media_file_is_a_page_with_no_text() -> None:
    page = extract_page(
        "https://x.example/a.png", b"\x89PNG\r\n\x1a\n" + os.urandom(200), "image/png"
    )
    assert page is not None and page.text == "" and page.media == "an image"


def test_untyped_html_is_sniffed() -> None:
    page = extract_page("https://x.example/", NEWS_ARTICLE.encode(), None)
    assert page is not None and page.publisher == "Politico"


def test_xhtml_with_xml_declaration() -> None:
    body = (
        '<?xml version="1.0" encoding="Shift_JIS"?>'
        f"<html xmlns='http://www.w3.org/1999/xhtml'><body><p>{JAPANESE}</p></body></html>"
    ).encode("cp932")
    page = extract_page("https://x.example/", body, "application/xhtml+xml")
    assert page is not None and page.charset == "cp932" and JAPANESE in page.text


def test_control_characters_in_text_are_spaces() -> None:
    """Old pages carry form feeds and NULs that lxml refuses to hold in a text node."""
    body = b"<html><body><p>first</p>tail\x0cwith\x00controls\x02<p>last\x1f</p></body></html>"
    page = extract_page("https://x.example/", body, "text/html")
    assert page is not None and page.text.split() == ["first", "tail", "with", "controls", "last"]


@pytest.mark.parametrize(
    "body",
    [
        ("<html><body>" + "<p>word word word word word.</p>" * 150_000).encode(),
        ("<div>" * 100_000 + "deep" + "</div>" * 100_000).encode(),
        ("<html><body><p>" + "word " * 2_000_000).encode(),
        random.Random(5).randbytes(5_000_000),  # seeded: a failure must replay
        b"<html><body>" + b"<p><b><i>" * 50_000,
    ],
    ids=["5MB-of-paragraphs", "deeply-nested", "10MB-text-node", "garbage-bytes", "unclosed"],
)
@pytest.mark.timeout(60)  # a hang detector, not a speed test: make bench measures speed
def test_hostile_html_ends_in_a_page_or_none(body: bytes) -> None:
    page = extract_page("https://x.example/", body, "text/html")
    assert page is None or isinstance(page.text, str)


def test_extractor_version_names_the_extractor() -> None:
    assert re.fullmatch(r"trafilatura-2\.[\d.]+/\d+", EXTRACTOR_VERSION)


def test_a_summary_left_out_of_the_main_text_is_kept() -> None:
    """A Telegram post lives in og:description and in widget markup trafilatura drops."""
    html = (
        "<html><head><meta property='og:description' content='Перші військові кндр.'>"
        "</head><body><div class='tgme_page'><p>If you have Telegram, you can view this post."
        "</p></div></body></html>"
    ).encode()
    page = extract_page("https://t.me/a/1", html, "text/html; charset=utf-8")
    assert page is not None
    assert page.text.endswith("Перші військові кндр.")


def test_a_summary_already_in_the_text_is_not_repeated() -> None:
    body = "<p>" + "Long article text about the election results. " * 20 + "</p>"
    html = (
        "<html><head><meta name='description' content='Long article text about the election"
        f" results.'></head><body><article>{body}</article></body></html>"
    ).encode()
    page = extract_page("https://example.com/a", html, "text/html; charset=utf-8")
    assert page is not None
    assert page.text.count("Long article text") == 20


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Вечерний паром будет ходить до конца февраля, сообщили в мэрии.", "ru"),
        ("Перші військові кндр вже потрапили під обстріл на Курщині.", "uk"),
        ("市の教育委員会は6日、市立図書館の開館時間を延長すると発表した。", "ja"),
        ("The harbour authority said on Tuesday that the ferry will keep running.", "en"),
        ("Der Bürgermeister sagte am Dienstag, die Fähre fahre bis Februar.", None),
        ("12 345 — 67 %", None),
    ],
)
def test_a_pages_language_is_guessed_only_when_its_letters_leave_no_doubt(
    text: str, language: str | None
) -> None:
    html = f"<html><head><title>t</title></head><body><p>{text}</p></body></html>".encode()
    page = extract_page("https://x.example/a", html, "text/html; charset=utf-8")
    assert page is not None and page.language == language


# --- a Telegram post's lines ---------------------------------------------------------------


POST = "https://t.me/akovalenko1989/8222"


def test_a_post_of_several_lines_keeps_them_apart() -> None:
    html = (
        '<div class="tgme_widget_message_author"><a class="tgme_widget_message_owner_name">'
        "<span>Andriy Kovalenko</span></a></div>"
        '<div class="tgme_widget_message_text js-message_text">Перший рядок.<br>Другий '
        "<b>рядок</b>.<br/><br/>Третій.</div>"
        '<div class="tgme_widget_message_footer"><span class="tgme_widget_message_views">215.3K'
        '</span> views <a class="tgme_widget_message_date"><time datetime="2024-11-04T09:15:00'
        '+00:00">09:15</time></a></div>'
    ).encode()
    page = extract_page(POST + "?embed=1&mode=tme", html, "text/html; charset=utf-8")
    assert page is not None
    assert page.text == "Перший рядок.\nДругий рядок.\nТретій."


def test_a_page_is_read_from_its_first_megabytes_and_its_text_capped() -> None:
    """Memory bounded whatever a page holds: the body past `MAX_READ_BYTES` is not parsed,
    the text past `MAX_TEXT_CHARS` not kept; what comes first is read as usual."""
    lead = b"<html><body><p>The ferry sank on Tuesday.</p>"
    tail = b"<p>Lorem ipsum dolor sit amet, one sentence of filler. </p>" * 200_000
    page = extract_page("https://x.test/a", lead + tail + b"<p>FAR AWAY</p>", "text/html")
    assert page is not None and "The ferry sank on Tuesday." in page.text
    assert len(page.text) <= MAX_TEXT_CHARS and "FAR AWAY" not in page.text
    words = ("word " * 300_000).encode()
    plain = extract_page("https://x.test/b.txt", words, "text/plain")
    assert plain is not None and len(plain.text) == MAX_TEXT_CHARS
    assert len(lead + tail) > MAX_READ_BYTES
