"""The checks on the example issue: its citations as parsed, their pages as extracted
from the local web's fixture files (read from disk, no server)."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date

import pytest

from tests.builders import EXAMPLE, OK, PAGES, checks_of, ctx, link, publisher_check, title_check
from verifier.extract import extract_page
from verifier.parse import parse_issue
from verifier.types import Check, Citation, LinkResult, LinkStatus, Page, Verdict
from verifier.verify import dates as event_dates
from verifier.verify.cited import publishers


def _check(citation: Citation, page: Page | None) -> tuple[Check, ...]:
    """The event_date checks of `citation` on `page`."""
    context = ctx(citation, page, link(), issue_date=date(2024, 11, 11))
    assert event_dates.applies(citation)
    return event_dates.check(context)


# --- title and publisher -------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> dict[str, tuple[Citation, Page | None]]:
    """Every source citation of the example with its fixture page, by citation id."""
    manifest = tomllib.loads((PAGES / "manifest.toml").read_text(encoding="utf-8"))
    redirects = {p["url"]: p["redirect"] for p in manifest["page"] if "redirect" in p}
    files = {p["url"]: p["file"] for p in manifest["page"] if "file" in p}
    found: dict[str, tuple[Citation, Page | None]] = {}
    for citation in parse_issue(EXAMPLE).citations:
        url = (citation.url or "").split("#")[0]
        url = redirects.get(url, url)
        page = None
        if url in files:
            body = (PAGES / files[url]).read_bytes()
            page = extract_page(url, body, "text/html; charset=utf-8")
        found[citation.id] = (citation, page)
    return found


def test_example_politico_article(example: dict[str, tuple[Citation, Page | None]]) -> None:
    citation, page = example["c04"]
    assert citation.cited_publisher == "Politico"
    assert title_check(citation, page).verdict is Verdict.SUPPORTED
    checks = checks_of(publishers, citation, page)
    assert [c.verdict for c in checks] == [Verdict.SUPPORTED, Verdict.SUPPORTED]
    assert (checks[1].claim, checks[1].line) == ("『ポリティコ』", 61)


def test_example_rt_relaying_politico(example: dict[str, tuple[Citation, Page | None]]) -> None:
    citation, page = example["c07"]
    assert citation.cited_title == "Trump has three choices for secretary of state – Politico"
    assert title_check(citation, page).verdict is Verdict.SUPPORTED
    assert publisher_check(citation, page).verdict is Verdict.SUPPORTED


@pytest.mark.parametrize("cid", ["c09", "c30", "c34"])
def test_example_sources_with_known_publishers(
    example: dict[str, tuple[Citation, Page | None]], cid: str
) -> None:
    citation, page = example[cid]
    assert title_check(citation, page).verdict is Verdict.SUPPORTED
    assert publisher_check(citation, page).verdict is Verdict.SUPPORTED


def test_example_today_on_youtube_is_never_contradicted(
    example: dict[str, tuple[Citation, Page | None]],
) -> None:
    citation, page = example["c08"]
    assert citation.cited_publisher == "TODAY"
    assert title_check(citation, page).verdict is Verdict.SUPPORTED
    assert publisher_check(citation, page).verdict in (Verdict.SUPPORTED, Verdict.UNVERIFIABLE)


def test_example_today_channel_is_confirmed(
    example: dict[str, tuple[Citation, Page | None]],
) -> None:
    citation, page = example["c08"]
    assert publisher_check(citation, page).verdict is Verdict.SUPPORTED


def test_example_swapped_publisher_is_contradicted(
    example: dict[str, tuple[Citation, Page | None]],
) -> None:
    politico, page = example["c04"]
    citation = dataclasses.replace(politico, cited_publisher="Axios")
    check = publisher_check(citation, page)
    assert check.verdict is Verdict.CONTRADICTED
    assert "Politico" in check.note and "Axios" in check.note


def test_example_axios_passage_names_the_wsj(
    example: dict[str, tuple[Citation, Page | None]],
) -> None:
    citation, page = example["c30"]
    by_claim = {c.claim: c for c in checks_of(publishers, citation, page)[1:]}
    wsj = by_claim["『ウォール・ストリート・ジャーナル』"]
    assert (wsj.line, wsj.verdict) == (284, Verdict.NOT_FOUND)
    assert "line 305 as 『ウォール・ストリート・ジャーナル日本版』" in wsj.note
    assert "Axios" in wsj.note
    assert by_claim["『アクシオス』"].verdict is Verdict.SUPPORTED


def test_example_labels_and_descriptions_are_not_contradicted(
    example: dict[str, tuple[Citation, Page | None]],
) -> None:
    unstable = LinkResult(LinkStatus.UNSTABLE, "front page")
    for cid in ("c01", "c03", "c05", "c10", "c32", "c35"):
        citation, page = example[cid]
        link = unstable if citation.url and citation.url.endswith(".com/") else OK
        check = title_check(citation, page, link)
        assert check.verdict in (Verdict.SUPPORTED, Verdict.UNVERIFIABLE), (cid, check)
        if citation.cited_publisher is not None:
            assert publisher_check(citation, page, link).verdict is Verdict.SUPPORTED, cid


# --- event dates ---------------------------------------------------------------------------


def _fixture(url: str, file: str) -> Page:
    page = extract_page(url, (PAGES / file).read_bytes(), "text/html; charset=utf-8")
    assert page is not None
    return page


@pytest.fixture(scope="module")
def issue_citations() -> dict[int, Citation]:
    return {c.line: c for c in parse_issue(EXAMPLE).citations}


def test_axios_dates_the_call_in_november_not_october(
    issue_citations: dict[int, Citation],
) -> None:
    citation = issue_citations[290]
    page = _fixture(citation.url or "", "www.axios.com/musk-trump-zelensky-ukraine-call.html")
    checks = {(c.line, c.claim): c for c in _check(citation, page)}
    wrong = checks[(286, "10月6日")]
    assert wrong.verdict is Verdict.CONTRADICTED
    assert "2024-11-06" in wrong.note and "2024-10-06" in wrong.note
    byline = checks[(286, "11月8日付")]
    assert byline.verdict is Verdict.SUPPORTED
    assert byline.evidence == "2024-11-08T13:58:00-05:00"


def test_rt_gives_april(issue_citations: dict[int, Citation]) -> None:
    citation = issue_citations[88]
    page = _fixture(
        citation.url or "", "www.rt.com/607294-trump-rubio-grenell-secretary-state.html"
    )
    checks = {c.claim: c for c in _check(citation, page)}
    assert (checks["今年4月"].verdict, checks["今年4月"].evidence) == (Verdict.SUPPORTED, "April")
