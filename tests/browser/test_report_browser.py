"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

The example issue's report is built once over the local web, then opened from disk as
a reviewer would: the filters, the keyboard, the reading view, a hostile page that tries
to run script, a phone's width, dark mode, print, and a report of 200 citations.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from localweb import LocalWeb
from localweb._routes import Route
from tests.builders import EXAMPLE, routed_to
from tests.conftest import open_tab
from tests.report_factory import large_report
from verifier import pipeline
from verifier.report import write_issue_reports
from verifier.report._levels import worst

INJECTION_ISSUE = """Hostile sources 2024.11.12号

「The council approved the harbour budget」と報じた。
※Harbour vote(Failures、2024年11月5日)
https://failures.test/injection
"""

#: Records what the page's policy refused; Playwright adds it before any page script.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.effectiveDirective));
"""


@dataclass(frozen=True)
class Reports:
    folder: Path
    example: Path  # the example issue's page
    injection: Path  # the page of an issue citing a hostile source
    data: dict[str, Any]  # the example's report.json


@pytest.fixture(scope="module")
def reports(local_web: LocalWeb, tmp_path_factory: pytest.TempPathFactory) -> Reports:
    root = tmp_path_factory.mktemp("browser")
    hostile = root / "hostile.txt"
    hostile.write_text(INJECTION_ISSUE, "utf-8")
    settings = routed_to(local_web, root, embedder="none")
    # Playwright's sync API keeps an event loop running on this thread; the crawl runs its own
    with ThreadPoolExecutor(max_workers=1) as pool:
        outcome = pool.submit(pipeline.run, [EXAMPLE, hostile], settings).result()
    example, injection = outcome.html_paths
    return Reports(root / "reports", example, injection, outcome.data[0])


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    """A page at a laptop's size that fails the test on any script or console error, and
    records what the page's policy refused (``window.__violations``)."""
    with open_tab(browser, viewport={"width": 1280, "height": 900}) as watched:
        watched.page.add_init_script(WATCH_VIOLATIONS)
        yield watched.page
    assert watched.console_errors == [] and watched.page_errors == []


def _open(page: Page, path: Path, fragment: str = "") -> None:
    page.goto(path.as_uri() + fragment)
    page.wait_for_function("document.documentElement.dataset.ready !== undefined")


def _visible_ids(page: Page) -> list[str]:
    return page.eval_on_selector_all("article.card:not([hidden])", "cards => cards.map(c => c.id)")


def _ids(data: dict[str, Any], keep: Any) -> list[str]:
    return [c["id"] for c in data["citations"] if keep(c)]


def test_the_example_report_shows_every_citation_and_no_script_error(
    tab: Page, reports: Reports
) -> None:
    _open(tab, reports.example)
    assert _visible_ids(tab) == _ids(reports.data, lambda c: True)
    total = len(reports.data["citations"])
    assert tab.locator("#shown").text_content() == f"{total} of {total} citations shown"
    assert tab.evaluate("window.__violations") == []


def test_problems_only_keeps_the_citations_with_a_problem_and_their_failed_checks(
    tab: Page, reports: Reports
) -> None:
    _open(tab, reports.example)
    tab.get_by_label("Problems only").check()
    expected = _ids(reports.data, lambda c: worst(c) == "bad")
    assert 0 < len(expected) < len(reports.data["citations"])
    assert _visible_ids(tab) == expected
    shown_checks = tab.eval_on_selector_all(
        "article.card:not([hidden]) li.check:not([hidden])", "els => els.map(e => e.dataset.level)"
    )
    assert shown_checks and set(shown_checks) == {"bad"}  # the other checks step aside too


def test_the_verdict_link_and_source_filters_combine(tab: Page, reports: Reports) -> None:
    _open(tab, reports.example)
    data = reports.data
    tab.get_by_label("Verdict").select_option("contradicted")
    has_contradiction = _ids(
        data, lambda c: any(k["verdict"] == "contradicted" for k in c["checks"])
    )
    assert _visible_ids(tab) == has_contradiction and has_contradiction
    tab.get_by_label("Verdict").select_option("")
    tab.get_by_label("Link").select_option("paywalled")
    assert _visible_ids(tab) == _ids(data, lambda c: c["link"]["status"] == "paywalled")
    tab.get_by_label("Link").select_option("")
    tab.get_by_label("Source").select_option("axios.com")
    assert _visible_ids(tab) == _ids(data, lambda c: "axios.com" in (c["url"] or ""))


def test_search_shows_exactly_the_cards_that_contain_the_words(tab: Page, reports: Reports) -> None:
    _open(tab, reports.example)
    tab.keyboard.press("/")  # the search key focuses the box
    tab.keyboard.type("Zelensky")
    shown = _visible_ids(tab)
    texts = tab.eval_on_selector_all(
        "article.card", "cards => cards.map(c => [c.id, c.textContent.toLowerCase()])"
    )
    assert shown == [card for card, text in texts if "zelensky" in text]
    assert 0 < len(shown) < len(texts)


def test_a_summary_chip_filters_and_says_it_is_pressed(tab: Page, reports: Reports) -> None:
    _open(tab, reports.example)
    chip = tab.locator('.summary button[data-field="verdict"][data-value="not_found"]')
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    assert tab.get_by_label("Verdict").input_value() == "not_found"
    assert _visible_ids(tab) == _ids(reports.data, lambda c: "not_found" in _verdicts(c))
    chip.click()  # pressed again: the filter is let go
    assert chip.get_attribute("aria-pressed") == "false"
    assert len(_visible_ids(tab)) == len(reports.data["citations"])


def test_j_and_k_move_between_the_findings(tab: Page, reports: Reports) -> None:
    _open(tab, reports.example)
    tab.get_by_label("Problems only").check()
    tab.locator("body").click(position={"x": 5, "y": 5})  # out of the form: keys are commands
    findings = _visible_ids(tab)
    assert len(findings) >= 2
    current = "document.activeElement.id"
    tab.keyboard.press("j")
    assert tab.evaluate(current) == findings[0]
    tab.keyboard.press("j")
    assert tab.evaluate(current) == findings[1]
    tab.keyboard.press("k")
    assert tab.evaluate(current) == findings[0]
    assert tab.locator("article.card.current").count() == 1


def test_the_issue_as_sent_marks_each_claim_and_links_it_to_its_check(
    tab: Page, reports: Reports
) -> None:
    _open(tab, reports.example)
    contradicted = [
        (c["id"], n, k)
        for c in reports.data["citations"]
        for n, k in enumerate(c["checks"], start=1)
        if k["verdict"] == "contradicted"
    ]
    citation, number, check = contradicted[0]
    mark = tab.locator(f'#L{check["line"]} a.claim[href="#{citation}-{number}"]')
    assert mark.text_content() == check["claim"].split("\n")[0].strip()
    assert "bad" in (mark.get_attribute("class") or "")
    mark.click()
    assert tab.evaluate("location.hash") == f"#{citation}-{number}"
    assert tab.locator(f"#{citation}-{number}").is_visible()


def test_a_hostile_source_is_shown_as_text_and_runs_nothing(tab: Page, reports: Reports) -> None:
    _open(tab, reports.injection)
    card = tab.locator("article.card").first
    assert '<script>window.__pwned = "title"</script>' in (card.text_content() or "")
    assert tab.evaluate("window.__pwned") is None
    archived = card.get_by_role("link", name="archived copy", exact=True)
    archived.click()
    tab.wait_for_load_state()
    body = tab.locator("main").text_content() or ""
    assert "<img src=x onerror=" in body and '<script>window.__pwned = "paragraph"</script>' in body
    assert tab.evaluate("window.__pwned") is None


def test_the_policy_stops_markup_that_escaped_escaping(
    browser: Browser, reports: Reports, tmp_path: Path
) -> None:
    """Should escaping ever fail, the page's Content-Security-Policy is the second wall:
    the same page with raw markup pasted in runs its own script and nothing else."""
    shutil.copytree(reports.example.parent, tmp_path / "issue")
    tampered = tmp_path / "issue" / "index.html"
    injected = (
        '<script>window.__pwned = "script"</script>'
        '<img src="x" onerror="window.__pwned = \'onerror\'">'
        '<a id="evil" href="#" onclick="window.__pwned = \'click\'">x</a>'
    )
    page = re.sub(r'<main id="main"[^>]*>', lambda m: m[0] + injected, tampered.read_text("utf-8"))
    tampered.write_text(page, "utf-8")
    with open_tab(browser) as watched:
        tab = watched.page
        tab.add_init_script(WATCH_VIOLATIONS)
        _open(tab, tampered)
        tab.locator("#evil").click()
        assert tab.evaluate("window.__pwned") is None
        refused = set(tab.evaluate("window.__violations"))
        assert {"script-src-elem", "script-src-attr", "img-src"} <= refused
        tab.get_by_label("Problems only").check()  # the page's own script still works
        assert len(_visible_ids(tab)) < len(reports.data["citations"])
    assert watched.page_errors == [] and watched.console_errors
    assert all("Content Security Policy" in error for error in watched.console_errors)


def test_the_page_fits_a_phone_and_its_filters_still_work(
    browser: Browser, reports: Reports, tmp_path: Path
) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
    with open_tab(browser, **phone) as watched:
        tab = watched.page
        _open(tab, reports.example)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        assert not tab.get_by_label("Problems only").is_visible()  # behind one button
        tab.get_by_text("Filter the citations").click()
        tab.get_by_label("Problems only").check()
        assert len(_visible_ids(tab)) < len(reports.data["citations"])
        shot = tmp_path / "issue-phone.png"
        tab.screenshot(path=shot)
        assert _png_size(shot)[0] >= 390
    assert watched.console_errors == [] and watched.page_errors == []


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["laptop", "phone"])
def test_the_first_screen_shows_the_fix_with_the_source_s_sentence(
    browser: Browser, reports: Reports, size: tuple[int, int]
) -> None:
    width, height = size
    with open_tab(browser, viewport={"width": width, "height": height}) as watched:
        tab = watched.page
        _open(tab, reports.example)
        first = tab.locator("#fix .finding").first
        text = first.inner_text()
        assert "10月6日" in text and "11月6日" in text
        assert "Zelensky called Trump on Wednesday, Nov. 6" in text
        box = first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height
        assert first.locator("mark").inner_text() == "Wednesday, Nov. 6"
        assert first.locator("del").get_attribute("lang") == "ja"
    assert watched.console_errors == [] and watched.page_errors == []


def test_every_evidence_link_lands_on_a_marked_passage_and_back(
    browser: Browser, reports: Reports
) -> None:
    page_html = reports.example.read_text("utf-8")
    links = set(re.findall(r'href="(sources/[^"#]+\.html)#(ev-[^"]+)"', page_html))
    assert len(links) > 5
    for source, anchor in links:
        view = (reports.example.parent / source).read_text("utf-8")
        assert f'<mark id="{anchor}" class="passage ' in view, (source, anchor)
    with open_tab(browser, viewport={"width": 1280, "height": 800}) as watched:
        tab = watched.page
        _open(tab, reports.example)
        tab.locator("#fix .finding").first.get_by_role("link", name="in the archived copy").click()
        tab.wait_for_load_state()
        target = tab.locator(":target")
        assert target.evaluate("node => node.tagName") == "MARK"
        assert "Wednesday, Nov. 6" in target.inner_text()
        back = tab.get_by_role("link", name=re.compile("^back to check"))
        back.first.click()
        tab.wait_for_load_state()
        assert tab.url.endswith("index.html#" + tab.locator(":target").get_attribute("id"))
    assert watched.console_errors == [] and watched.page_errors == []


AXE = Path(__file__).parents[2] / ".axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("which", ["example", "source", "index"])
def test_axe_finds_no_serious_or_critical_accessibility_violation(
    browser: Browser, reports: Reports, which: str
) -> None:
    """axe-core (`make browser` installs it from npm) run in the page itself; the page's
    policy is bypassed for axe's own script only in this test's context."""
    assert AXE.is_file(), "run `make browser`: it installs axe-core"
    example_html = reports.example.read_text("utf-8")
    [source] = re.findall(r'href="(sources/[^"#]+\.html)#ev-', example_html)[:1]
    pages = {
        "example": reports.example,
        "source": reports.example.parent / source,
        "index": reports.folder / "index.html",
    }
    for size in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        with open_tab(browser, viewport=size, bypass_csp=True) as watched:
            tab = watched.page
            _open(tab, pages[which]) if which == "example" else tab.goto(pages[which].as_uri())
            tab.add_script_tag(path=str(AXE))
            found = tab.evaluate(
                "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
                ".filter(v => ['serious', 'critical'].includes(v.impact))"
                ".map(v => v.id + ': ' + v.nodes.length + ' ' + v.help))"
            )
            assert found == [], found


def test_dark_mode_and_print_are_honoured(browser: Browser, reports: Reports) -> None:
    with open_tab(browser, color_scheme="dark") as watched:
        tab = watched.page
        _open(tab, reports.example)
        background = "getComputedStyle(document.body).backgroundColor"
        assert tab.evaluate(background) == "rgb(21, 25, 29)"
        tab.emulate_media(media="print")
        assert tab.locator("#filters").is_hidden()
        assert tab.evaluate(background) == "rgb(255, 255, 255)"
    assert watched.console_errors == [] and watched.page_errors == []


def test_the_page_works_from_the_keyboard_alone(tab: Page, reports: Reports) -> None:
    _open(tab, reports.example)
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to the content"
    tab.keyboard.press("Enter")
    assert tab.evaluate("location.hash") == "#main"
    unlabelled = tab.eval_on_selector_all(
        "input, select, button",
        "els => els.filter(e => !(e.labels && e.labels.length) && !e.textContent.trim())"
        ".map(e => e.outerHTML)",
    )
    assert unlabelled == []
    landmarks = tab.eval_on_selector_all("header, main, nav, footer", "els => els.length")
    assert landmarks >= 4
    assert tab.locator("h1").count() == 1


def test_screenshots_of_the_issue_page_and_the_index(
    tab: Page, reports: Reports, tmp_path: Path
) -> None:
    _open(tab, reports.example)
    issue_shot = tmp_path / "issue.png"
    tab.screenshot(path=issue_shot)
    tab.goto((reports.folder / "index.html").as_uri())
    index_shot = tmp_path / "index.png"
    tab.screenshot(path=index_shot, full_page=True)
    assert _png_size(issue_shot) == (1280, 900)
    assert _png_size(index_shot)[0] == 1280
    rows = tab.locator("table.issues tbody tr")
    assert rows.count() == 2  # both issues, newest first
    assert "2024.11.12" in (rows.first.text_content() or "")


def test_a_report_of_200_citations_becomes_interactive(tab: Page, tmp_path: Path) -> None:
    large = write_issue_reports(large_report(200), tmp_path)
    _open(tab, large)
    ready_ms = int(tab.evaluate("document.documentElement.dataset.ready"))
    print(f"200 citations: interactive {ready_ms} ms after navigation began")
    assert len(_visible_ids(tab)) == 200
    tab.get_by_label("Link").select_option("dead")
    assert len(_visible_ids(tab)) == len([n for n in range(200) if n % 9 == 6])


def _verdicts(citation: dict[str, Any]) -> list[str]:
    return [check["verdict"] for check in citation["checks"]]


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header: the screenshot is a real image of that size."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_an_issue_submitted_through_the_page_shows_progress_then_its_report(
    browser: Browser, local_web: LocalWeb, tmp_path: Path
) -> None:
    """The service's page in Chromium: paste the example, submit, watch the job's progress,
    land on its report (the service runs for real, its workers in their own process)."""
    routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
    command = [
        sys.executable, "-m", "verifier", "serve", "--port", "0", "--recheck", "off",
        "--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports"),
        "--ca-bundle", str(local_web.ca_path), *routes,
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split(" at ")[1].split(" ")[0]
        with open_tab(browser, viewport={"width": 1280, "height": 800}) as watched:
            tab = watched.page
            tab.goto(url + "submit")
            tab.get_by_label("The issue").fill(EXAMPLE.read_text("utf-8"))
            tab.get_by_role("button", name="Verify").click()
            seen: set[str] = set()
            deadline = time.monotonic() + 240
            while not tab.url.endswith("/2024-11-11-no4376/index.html"):
                assert time.monotonic() < deadline, seen
                with contextlib.suppress(PlaywrightError):  # the page may be leaving
                    seen.add(tab.locator("#state").inner_text(timeout=1000))
                time.sleep(0.2)
            tab.wait_for_load_state()
            assert any("URLs fetched" in state for state in seen), seen
            assert "11月6日" in tab.locator("#fix .finding").first.inner_text()
        assert watched.console_errors == [] and watched.page_errors == []
    finally:
        server.terminate()
        server.wait(20)
        assert server.stdout is not None
        server.stdout.close()


def test_a_finding_dismissed_in_the_served_report_is_dismissed(
    browser: Browser, local_web: LocalWeb, tmp_path: Path
) -> None:
    """Served by `verifier serve`, a finding's "Not an error" posts the decision (the token
    asked for once) and the page comes back with the finding dismissed."""
    url = "https://failures.test/browser/review-story"
    body = b"<html><body><article><p>" + b"The ferry timetable changed. " * 10 + b"</p>"
    local_web.add(Route(url, body=body + b"</article></body></html>"))
    routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
    command = [
        sys.executable, "-m", "verifier", "serve", "--port", "0", "--recheck", "off",
        "--token", "t0ken", "--cache", str(tmp_path / "cache"),
        "--reports", str(tmp_path / "reports"), "--ca-bundle", str(local_web.ca_path), *routes,
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base = server.stdout.readline().split(" at ")[1].split(" ")[0]
        said = '"approved the harbour budget in full"'
        issue = f"# Harbour weekly 2024.11.12号\n\nThe council {said} ([Harbour Times]({url})).\n"
        job = httpx.post(
            base + "api/issues",
            content=issue.encode(),
            headers={"content-type": "text/markdown", "authorization": "Bearer t0ken"},
        ).json()
        deadline = time.monotonic() + 240
        while httpx.get(f"{base}api/jobs/{job['job']}").json()["state"] != "done":
            assert time.monotonic() < deadline
            time.sleep(0.3)
        with open_tab(browser, viewport={"width": 1280, "height": 900}) as watched:
            tab = watched.page
            tab.on("dialog", lambda dialog: dialog.accept("t0ken"))
            tab.goto(f"{base}{job['issue']}/index.html")
            finding = tab.locator("#look .finding").first
            finding.get_by_label("Note").fill("the writer's paraphrase")
            finding.get_by_role("button", name="Not an error").click()
            tab.locator("#dismissed").wait_for(timeout=30_000)
            assert "Dismissed by a reviewer: 1" in tab.locator("#dismissed summary").inner_text()
            assert tab.locator("#look").count() == 0
        assert watched.page_errors == []
    finally:
        server.terminate()
        server.wait(20)
        assert server.stdout is not None
        server.stdout.close()
