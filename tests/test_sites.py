"""Sites that hold their content in their own markup (Telegram, YouTube), and sources that are
not web pages (PDF, JSON, images), over the local web.

Each test fetches a cited URL with the crawler, archives it and extracts it
as `verifier run` does, then asks for the link status: the path a real
citation takes, on fixture pages shaped like the sites' own.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from verifier import pipeline
from verifier.archive import Archive
from verifier.extract import extract_page
from verifier.settings import Settings
from verifier.types import (
    Check,
    Citation,
    CitationKind,
    Claim,
    ClaimKind,
    LinkResult,
    LinkStatus,
    Page,
    Snapshot,
    Verdict,
)
from verifier.verify import link_result, quotes
from verifier.verify.context import CheckContext, unsaid

POST = "https://t.me/akovalenko1989/8222"
VIDEO = "https://youtu.be/Llk2wk6UZpY"


def _read(url: str, settings: Settings, tmp_path: Path) -> tuple[Snapshot, Page | None, LinkResult]:
    with Archive(tmp_path / "cache") as archive:
        [snapshot] = asyncio.run(pipeline.fetch_and_archive(archive, [url], settings)).values()
        page = pipeline.page_of(archive, snapshot)
    citation = Citation("c01", 1, CitationKind.SOURCE, url)
    return snapshot, page, link_result(citation, snapshot, page)


def _quote_check(page: Page, link: LinkResult, quote: str) -> Check:
    claim = Claim(ClaimKind.QUOTE, quote, 3)
    citation = Citation("c01", 1, CitationKind.SOURCE, page.url, claims=(claim,))
    [found] = quotes.check(CheckContext(citation, page, link, Settings()))
    return found


def test_a_telegram_post_is_read_through_its_embed_widget(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    snapshot, page, link = _read(POST, fetch_settings, tmp_path)
    assert link.status is LinkStatus.OK, link.reason
    assert snapshot.final_url == POST + "?embed=1&mode=tme"
    assert [hop.via for hop in snapshot.hops] == ["reading-view"]
    assert page is not None
    # the post's text alone, not the post page's "If you have Telegram..." card
    assert page.text == "Перші військові кндр вже потрапили під обстріл на Курщині."
    assert page.author == "Andriy Kovalenko"
    assert page.published == date(2024, 11, 4)
    assert page.published_at is not None and page.published_at.isoformat().startswith(
        "2024-11-04T09:15"
    )
    assert page.date_source == "telegram post time"


def test_the_channel_preview_url_of_a_post_is_read_the_same_way(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    _, page, link = _read("https://t.me/s/akovalenko1989/8222", fetch_settings, tmp_path)
    assert link.status is LinkStatus.OK
    assert page is not None and page.author == "Andriy Kovalenko"


def test_a_deleted_telegram_post_is_dead_not_an_empty_page(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    snapshot, _, link = _read("https://t.me/akovalenko1989/99999", fetch_settings, tmp_path)
    assert snapshot.http_status == 200
    assert link.status is LinkStatus.DEAD
    assert "Post not found" in link.reason


def test_a_youtube_short_link_is_followed_to_the_video_and_its_metadata(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    snapshot, page, link = _read(VIDEO, fetch_settings, tmp_path)
    assert link.status is LinkStatus.REDIRECTED
    assert snapshot.final_url == "https://www.youtube.com/watch?v=Llk2wk6UZpY"
    assert page is not None
    assert page.title == "Marco Rubio on goal to end Ukraine war during Trump’s 2nd term"
    assert page.author == "TODAY"
    assert page.published == date(2024, 11, 7)
    assert page.date_source == "youtube publishDate"
    assert page.media == "a video"


@pytest.mark.parametrize("kind", ["shorts", "live"])
def test_a_short_or_a_live_url_is_the_same_video(
    fetch_settings: Settings, tmp_path: Path, kind: str
) -> None:
    url = f"https://www.youtube.com/{kind}/Llk2wk6UZpY"
    _, page, link = _read(url, fetch_settings, tmp_path)
    assert link.status is LinkStatus.OK, link.reason  # a recording, not a live blog
    assert page is not None and page.author == "TODAY" and page.media == "a video"


def test_a_removed_or_private_video_is_dead_and_an_age_check_is_blocked(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    expected = {
        "RmVd0000001": (LinkStatus.DEAD, "Video unavailable"),
        "PrIv0000001": (LinkStatus.DEAD, "This video is private"),
        "AgE00000001": (LinkStatus.BLOCKED, "Sign in to confirm your age"),
    }
    for video, (status, said) in expected.items():
        url = f"https://www.youtube.com/watch?v={video}"
        _, _, link = _read(url, fetch_settings, tmp_path / video)
        assert link.status is status, (video, link.reason)
        assert said in link.reason


def test_what_a_video_says_is_unverifiable_with_the_reason() -> None:
    body = Path(__file__).resolve().parent.parent / "localweb" / "pages"
    html = (body / "www.youtube.com" / "watch-Llk2wk6UZpY.html").read_bytes()
    url = "https://www.youtube.com/watch?v=Llk2wk6UZpY"
    page = extract_page(url, html, "text/html; charset=utf-8")
    citation = Citation("c08", 93, CitationKind.SOURCE, url)
    ctx = CheckContext(citation, page, LinkResult(LinkStatus.OK, "HTTP 200 OK"), Settings())
    why = unsaid(ctx)
    assert why is not None and "video" in why and "captions" in why


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


# --- documents: PDF, JSON, media files ------------------------------------------


def test_a_pdf_is_read_for_its_text_title_and_date(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    _, page, link = _read("https://failures.test/report.pdf", fetch_settings, tmp_path)
    assert link.status is LinkStatus.OK
    assert page is not None
    assert "Passenger numbers rose by 12 percent over the summer." in page.text
    assert page.title == "Harbour Authority Annual Report 2024"
    assert page.author == "Harbour Authority"
    assert page.published == date(2024, 11, 5) and page.date_source == "pdf CreationDate"
    quote = "The evening ferry will keep running until the end of February."
    assert _quote_check(page, link, quote).verdict is Verdict.SUPPORTED


def test_a_pdf_no_parser_can_read_is_unreadable_not_a_crash(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    _, page, link = _read("https://failures.test/broken.pdf", fetch_settings, tmp_path)
    assert page is None and link.status is LinkStatus.OK


def test_a_json_answer_is_read_for_its_strings(fetch_settings: Settings, tmp_path: Path) -> None:
    _, page, _ = _read("https://failures.test/data.json", fetch_settings, tmp_path)
    assert page is not None
    assert page.text.splitlines() == ["Ferry statistics", "Passenger numbers rose by 12 percent."]


def test_an_image_is_ok_and_its_words_unverifiable(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    _, page, link = _read("https://failures.test/binary", fetch_settings, tmp_path)
    assert link.status is LinkStatus.OK
    assert page is not None and page.media == "an image"
    found = _quote_check(page, link, "Passenger numbers rose by 12 percent.")
    assert found.verdict is Verdict.UNVERIFIABLE and "image" in found.note
