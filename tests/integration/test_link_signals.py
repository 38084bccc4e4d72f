"""Link statuses a 2xx or a 5xx alone would get wrong, over the local web, end to end.

Each URL is cited by a small issue and verified by the links-only job (the
same stages as `verifier links`): fetched, archived with the probe of its
site's made-up path, extracted, and given its final status.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from localweb import LocalWeb
from verifier import pipeline
from verifier.settings import Settings
from verifier.types import CitationResult, LinkResult, LinkStatus, Report, Verdict

FAILURES = "https://failures.test"


def _links(urls: list[str], settings: Settings, tmp_path: Path) -> dict[str, LinkResult]:
    lines = [f"※Story {n}(Harbour Times、2024年11月5日)\n{url}\n" for n, url in enumerate(urls)]
    report = _run("\n".join(lines), replace(settings, embedder="none"), tmp_path)
    return {result.citation.url or "": result.link for result in report.results}


def _cited(body: str, url: str, settings: Settings, tmp_path: Path) -> CitationResult:
    """The result for `url` of a one-citation issue whose passage and source lines are `body`."""
    report = _run(body, settings, tmp_path)
    return next(r for r in report.results if r.citation.url == url)


def _run(body: str, settings: Settings, tmp_path: Path) -> Report:
    issue = tmp_path / "issue.txt"
    issue.write_text(f"日刊テストガイド 2024.11.11号~No.1\n\n{body}", encoding="utf-8")
    settings = replace(settings, cache_dir=tmp_path / "cache", reports_dir=tmp_path / "reports")
    [report] = pipeline.run([issue], settings).reports
    return report


@pytest.mark.parametrize(
    ("path", "status", "said"),
    [
        ("/soft404/not-found", LinkStatus.SOFT_404, "Page not found"),
        ("/soft404/ja", LinkStatus.SOFT_404, "ページが見つかりません"),
        ("/soft404/to-search", LinkStatus.SOFT_404, "search page"),
        ("/soft404/mentions", LinkStatus.OK, "HTTP 200"),
        ("/challenge/cloudflare", LinkStatus.BLOCKED, "Cloudflare challenge"),
        ("/challenge/200", LinkStatus.BLOCKED, "bot check"),
        ("/999", LinkStatus.BLOCKED, "999"),
        ("/members/ferry-report", LinkStatus.PAYWALLED, "subscribers only"),
        ("/redirect/to-section", LinkStatus.SOFT_404, "not the article"),
        ("/members/story", LinkStatus.PAYWALLED, "login page"),
        ("/amp/ok", LinkStatus.REDIRECTED, "HTTP 200"),
        ("/ok?utm_source=newsletter&utm_medium=email", LinkStatus.OK, "HTTP 200"),
        ("/live/harbour", LinkStatus.UNSTABLE, "live blog"),
        ("/politics/", LinkStatus.UNSTABLE, "section front"),
        ("/search?q=harbour+ferry", LinkStatus.UNSTABLE, "search result"),
    ],
    ids=lambda value: value if isinstance(value, str) and value.startswith("/") else "",
)
def test_a_page_is_what_it_says_not_what_its_status_says(
    fetch_settings: Settings, tmp_path: Path, path: str, status: LinkStatus, said: str
) -> None:
    link = _links([FAILURES + path], fetch_settings, tmp_path)[FAILURES + path]
    assert link.status is status, link.reason
    assert said in link.reason


def test_a_bot_check_is_asked_once_not_retried(
    fetch_settings: Settings, tmp_path: Path, local_web: LocalWeb
) -> None:
    before = local_web.hits("failures.test", "/challenge/cloudflare")
    _links([FAILURES + "/challenge/cloudflare"], fetch_settings, tmp_path)
    assert local_web.hits("failures.test", "/challenge/cloudflare") - before == 1


def test_a_site_that_answers_every_path_is_found_out_by_its_probe(
    fetch_settings: Settings, tmp_path: Path, local_web: LocalWeb
) -> None:
    url = "https://catchall.test/2024/11/05/harbour-ferry-extended"
    link = _links([url], fetch_settings, tmp_path)[url]
    assert link.status is LinkStatus.SOFT_404, link.reason
    assert "made-up path" in link.reason
    assert local_web.hits("catchall.test", "/verifier-probe-7c1e0b5d/no-such-page") >= 1


def test_a_real_article_on_a_site_that_says_404_stays_ok(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    url = FAILURES + "/ok"
    assert _links([url], fetch_settings, tmp_path)[url].status is LinkStatus.OK


def test_a_parked_domain_is_a_soft_404(fetch_settings: Settings, tmp_path: Path) -> None:
    url = "https://parked.test/news/2024/harbour"
    link = _links([url], fetch_settings, tmp_path)[url]
    assert link.status is LinkStatus.SOFT_404
    assert "parked domain" in link.reason


def test_a_recheck_of_an_unchanged_page_asks_conditionally_and_keeps_the_body(
    fetch_settings: Settings, tmp_path: Path, local_web: LocalWeb
) -> None:
    url = "https://www.axios.com/2024/11/08/musk-trump-zelensky-ukraine-call"
    first = _links([url], fetch_settings, tmp_path)[url]
    again = _links([url], fetch_settings, tmp_path)[url]
    assert first.status is again.status is LinkStatus.OK
    assert first.snapshot is not None and again.snapshot is not None
    assert first.snapshot.http_status == 200 and again.snapshot.http_status == 304
    assert again.snapshot.id != first.snapshot.id  # a new snapshot, never an overwrite
    assert again.snapshot.body_sha256 == first.snapshot.body_sha256
    assert "304 Not Modified" in again.reason
    asked = [
        dict(r.headers)
        for r in local_web.requests()
        if r.path == url.removeprefix("https://www.axios.com")
    ][-1]
    assert asked.get("If-None-Match", "").startswith('"')


def test_a_site_of_a_countrys_domain_is_asked_for_its_language_first(
    fetch_settings: Settings, tmp_path: Path, local_web: LocalWeb
) -> None:
    jp, com = "https://iwj.co.jp/wj/open/archives/525543", FAILURES + "/ok"
    _links([jp, com], fetch_settings, tmp_path)
    sent = {r.host: dict(r.headers).get("Accept-Language", "") for r in local_web.requests()}
    assert sent["iwj.co.jp"].startswith("ja")
    assert sent["failures.test"].startswith("en")


def test_tracking_parameters_are_left_out_of_the_request(
    fetch_settings: Settings, tmp_path: Path, local_web: LocalWeb
) -> None:
    url = FAILURES + "/ok?utm_source=newsletter&utm_medium=email&fbclid=x1"
    link = _links([url], fetch_settings, tmp_path)[url]
    assert link.snapshot is not None
    assert link.snapshot.final_url == FAILURES + "/ok"
    assert [hop.via for hop in link.snapshot.hops] == ["tracking-removed"]
    assert not [r for r in local_web.requests() if "utm_source" in r.path]


def test_a_videos_captions_are_the_text_its_quotes_are_checked_against(
    fetch_settings: Settings, tmp_path: Path, local_web: LocalWeb
) -> None:
    """The track a person wrote, not the recogniser's listed first; fetched as a second pass
    and archived like any page."""
    video = "https://www.youtube.com/watch?v=CaPt0000001"
    body = (
        "港湾局長は「The evening ferry will keep running until the end of February.」と述べた。\n\n"
        f"※Harbour chief on the winter ferry timetable(Harbour TV、2024年11月5日)\n{video}\n"
    )
    result = _cited(body, video, fetch_settings, tmp_path)
    assert result.page is not None and result.page.media is None
    assert result.page.text.startswith("Good evening from the harbour.")
    [quote] = [c for c in result.checks if c.kind == "quote"]
    assert quote.verdict is Verdict.SUPPORTED, quote.note
    assert quote.evidence == "The evening ferry will keep running until the end of February."
    assert local_web.hits("www.youtube.com", "/api/timedtext?v=CaPt0000001&lang=en") >= 1


def test_a_watch_page_behind_a_consent_wall_is_named_by_its_oembed_answer(
    fetch_settings: Settings, tmp_path: Path
) -> None:
    video = "https://www.youtube.com/watch?v=CoNs0000001"
    body = f"※Harbour chief on the spring timetable(Harbour TV、2024年11月5日)\n{video}\n"
    result = _cited(body, video, fetch_settings, tmp_path)
    assert result.page is not None
    assert result.page.title == "Harbour chief on the spring timetable"
    assert result.page.author == "Harbour TV"
    title = next(c for c in result.checks if c.kind == "title")
    assert title.verdict is Verdict.SUPPORTED, title.note
