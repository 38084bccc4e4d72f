"""Headless Chromium for the report's browser tests, screenshots and benchmark.

The system browser (Debian's ``chromium``; ``VERIFIER_CHROMIUM`` names another), driven
by Playwright: Playwright's own browser download does not work on a closed network. The
flags keep it headless in a container and quiet: without the background-networking ones
Chromium's own connections to Google are refused, many at a time.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Playwright is a test dependency, not the verifier's
    from playwright.sync_api import Browser, Playwright

CHROMIUM = os.environ.get("VERIFIER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def missing_browser() -> str | None:
    """Why no browser can start, in one line (and how to get one), or None."""
    if os.access(CHROMIUM, os.X_OK):
        return None
    return (
        f"no Chromium at {CHROMIUM}: `make browser` installs Debian's chromium (as root), "
        "or set VERIFIER_CHROMIUM to a Chromium executable"
    )


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
    )
