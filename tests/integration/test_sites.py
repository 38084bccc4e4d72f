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

from tests.builders import citation, claim, ctx
from verifier import pipeline
from verifier.archive import Archive
from verifier.extract import extract_page
from verifier.fetch import fetch_one
from verifier.settings import Settings
from verifier.types import Check, LinkResult, LinkStatus, Page, Snapshot, Verdict
from verifier.verify import link_result, quotes

POST = "https://t.me/akovalenko1989/8222"
VIDEO = "https://youtu.be/Llk2wk6UZpY"


def _read(url: str, settings: Settings, tmp_path: Path) -> tuple[Snapshot, Page | None, LinkResult]:
    with Archive(tmp_path / "cache") as archive:
        [snapshot] = asyncio.run(pipeline.fetch_and_archive(archive, [url], settings)).values()
        page = pipeline.page_of(archive, snapshot)
    return snapshot, page, link_result(citation(line=1, url=url), snapshot, page)


def _quote_check(page: Page, link: LinkResult, quote: str) -> Check:
    [found] = quotes.check(ctx(citation(claim(quote, 3), line=1, url=page.url), page, link))
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


# --- documents: PDF, JSON, media files -----------------------------------------------------


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


# --- a page's encoding, as fetched ---------------------------------------------------------


def test_an_undeclared_windows_1251_page_is_decoded_and_its_language_recorded(
    fetch_settings: Settings,
) -> None:
    result = asyncio.run(fetch_one("https://failures.test/windows-1251", fetch_settings))
    assert result.body is not None
    page = extract_page(result.final_url, result.body, result.content_type)
    assert page is not None and page.charset == "cp1251"
    assert "Вечерний паром будет ходить до конца февраля" in page.text
    assert page.language == "ru"
