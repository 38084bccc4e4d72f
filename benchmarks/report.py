"""`make bench` (report part): write a report of 200 citations, then open it in headless
Chromium five times: how long the HTML takes to write, and how long after navigation
began the page is painted and interactive (its script has run: filters and keys work)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from localweb.browser import launch, missing_browser
from tests.report_factory import large_report
from verifier.report import write_issue_reports

CITATIONS, LOADS = 200, 5

#: The latest of: the page's script done (filters and keys work), its first paint with
#: content, and the load event: when a reviewer can see and use it.
_SETTLED = """Math.max(
  Number(document.documentElement.dataset.ready),
  performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0,
  performance.getEntriesByType("navigation")[0].loadEventEnd)"""


def main() -> int:
    if (why := missing_browser()) is not None:
        sys.exit(f"bench: {why}")
    report = large_report(CITATIONS)
    with tempfile.TemporaryDirectory(prefix="verifier-report-") as tmp:
        start = time.perf_counter()
        page_path = write_issue_reports(report, Path(tmp))
        written = time.perf_counter() - start
        size = page_path.stat().st_size
        with sync_playwright() as playwright:
            browser = launch(playwright)
            ready = []
            for _ in range(LOADS):
                page = browser.new_page()
                page.goto(page_path.as_uri())
                page.wait_for_function("document.documentElement.dataset.ready !== undefined")
                page.wait_for_load_state("load")
                ready.append(round(page.evaluate(_SETTLED)))
                page.close()
            browser.close()
    print(
        f"report of {CITATIONS} citations: written in {written * 1000:.0f} ms "
        f"({size / 1024:.0f} KiB); painted and interactive in Chromium after "
        f"{statistics.median(ready)} ms (median of {LOADS} loads: {', '.join(map(str, ready))})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
