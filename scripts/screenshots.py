"""`make screenshots`: pictures of the demo's report for the README, in a real browser.

Run after `make demo`: opens reports/ from disk in headless Chromium and writes
docs/screenshots/{issue,problems,reading,index,phone,dark}.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from localweb.browser import launch, missing_browser

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
ISSUE = REPORTS / "2024-11-11-no4376" / "index.html"
OUT = ROOT / "docs" / "screenshots"


def _open(page: Page, path: Path, fragment: str = "") -> None:
    page.goto(path.as_uri() + fragment)
    page.wait_for_function("document.documentElement.dataset.ready !== undefined")


def main() -> int:
    if (why := missing_browser()) is not None:
        sys.exit(f"screenshots: {why}")
    if not ISSUE.exists():
        sys.exit(f"screenshots: {ISSUE} is missing; run `make demo` first")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        _open(page, ISSUE)
        page.screenshot(path=OUT / "issue.png")
        page.get_by_label("Problems only").check()
        page.screenshot(path=OUT / "problems.png")
        _open(page, ISSUE, "#L295")
        page.screenshot(path=OUT / "reading.png")
        page.goto((REPORTS / "index.html").as_uri())
        page.screenshot(path=OUT / "index.png", full_page=True)
        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        _open(phone, ISSUE)
        phone.screenshot(path=OUT / "phone.png")
        dark = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
        _open(dark, ISSUE, "#c12")
        dark.screenshot(path=OUT / "dark.png")
        browser.close()
    for shot in sorted(OUT.glob("*.png")):
        print(f"screenshot: {shot.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
