"""A fixture page of the local web through the extractor, then the check that reads it
(the files read from disk, no server)."""

from __future__ import annotations

from functools import partial

from tests.builders import OK, PAGES, citation, ctx
from verifier.extract import extract_page
from verifier.settings import Settings
from verifier.types import (
    Check,
    Citation,
    CitationKind,
    ClaimKind,
    LinkResult,
    LinkStatus,
    Page,
    Verdict,
)
from verifier.verify import numbers, quotes
from verifier.verify.context import CheckContext, unsaid

TELEGRAM = "https://t.me/akovalenko1989/8222"
ISSUE_LINE = (
    "Першi вiйськовi кндр вже потрапили пiд обстрiл на Курщинi."  # Latin i, as in the issue
)


#: A citation of numbers (line 30), the first claim on line 20.
_citation = partial(
    citation, claim_kind=ClaimKind.NUMBER, claim_line=20, line=30, cited_publisher="Pub"
)


def _one(page: Page | None, text: str) -> Check:
    """The quote check of `text`, cited from https://example.com/a."""
    quoted = citation(text, url="https://example.com/a", cited_publisher="Example")
    (result,) = quotes.check(ctx(quoted, page))
    return result


def _telegram_body() -> bytes:
    """The post's embed widget, which the crawler reads for a Telegram post."""
    return (PAGES / "t.me" / "akovalenko1989-8222-embed.html").read_bytes()


def test_rt_article_through_the_extractor() -> None:
    url = "https://www.rt.com/news/607294-trump-rubio-grenell-secretary-state/"
    body = (PAGES / "www.rt.com" / "607294-trump-rubio-grenell-secretary-state.html").read_bytes()
    page = extract_page(url, body, "text/html")
    assert page is not None
    sentence = (
        "今年4月には、キエフへの約600億ドルを含む950億ドルの対外援助法案に反対票を投じました。"
    )
    citation = _citation(sentence, url=url)
    checks = numbers.check(CheckContext(citation, page, OK, Settings()))
    assert [(c.claim, c.verdict, c.evidence) for c in checks] == [
        ("約600億ドル", Verdict.SUPPORTED, "around $60 billion"),
        ("950億ドル", Verdict.SUPPORTED, "$95 billion"),
    ]


def test_latin_i_line_is_supported_on_the_extracted_telegram_page() -> None:
    page = extract_page(f"{TELEGRAM}?embed=1&mode=tme", _telegram_body(), "text/html")
    assert page is not None
    result = _one(page, ISSUE_LINE)
    assert result.verdict is Verdict.SUPPORTED
    assert result.evidence is not None and "\u0456" in result.evidence


def test_what_a_video_says_is_unverifiable_with_the_reason() -> None:
    body = PAGES
    html = (body / "www.youtube.com" / "watch-Llk2wk6UZpY.html").read_bytes()
    url = "https://www.youtube.com/watch?v=Llk2wk6UZpY"
    page = extract_page(url, html, "text/html; charset=utf-8")
    citation = Citation("c08", 93, CitationKind.SOURCE, url)
    ctx = CheckContext(citation, page, LinkResult(LinkStatus.OK, "HTTP 200 OK"), Settings())
    why = unsaid(ctx)
    assert why is not None and "video" in why and "captions" in why
