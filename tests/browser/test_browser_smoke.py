"""The browser tests' own footing: Chromium starts, honours a page's CSP script hashes, shows
what it refused, takes screenshots, and reaches `verifier serve` on 127.0.0.1.

The HTML reports allow their inline scripts by hash; if these pass and a report test fails,
the report is wrong, not the browser set-up.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from collections.abc import Callable
from pathlib import Path

from tests.conftest import BrowserPage

#: Allowed by its hash: marks the page, and records what the policy refuses from now on.
ALLOWED = (
    "document.addEventListener('securitypolicyviolation',"
    " (event) => { document.body.dataset.refused = event.effectiveDirective; });"
    " document.body.dataset.ok = '1';"
)
#: Inline too, but its hash is not in the policy: it must not run.
BLOCKED = "document.body.dataset.blocked = '1';"


def _sha256(script: str) -> str:
    """A CSP source for exactly this script text (a byte more or less and it is refused)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _page(title: str, body: str) -> str:
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src {_sha256(ALLOWED)}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>{title}</title>
<style>body {{ font: 18px sans-serif; margin: 2em; }} h1 {{ background: #fde68a; }}</style>
</head><body><h1>{title}</h1>{body}
<script>{ALLOWED}</script>
<script>{BLOCKED}</script>
</body></html>"""


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_a_file_page_runs_only_the_script_its_policy_hashes(
    page: BrowserPage, tmp_path: Path
) -> None:
    html = tmp_path / "smoke.html"
    html.write_text(_page("Smoke test", "<p>" + "A line of text. " * 40 + "</p>"), "utf-8")
    page.page.goto(html.as_uri())
    # the violation event is queued as a task: wait for it rather than race it
    page.page.wait_for_function("document.body.dataset.refused !== undefined")
    dataset = page.page.evaluate("({...document.body.dataset})")
    assert dataset == {"ok": "1", "refused": "script-src-elem"}  # no "blocked"
    [refused] = page.console_errors  # Chromium's own words for it change between versions
    assert "inline script" in refused and "Content Security Policy" in refused
    assert page.page_errors == []

    shot = tmp_path / "smoke.png"
    page.page.screenshot(path=shot)
    assert _png_size(shot.read_bytes()) == (1280, 900)
    assert shot.stat().st_size > 5_000  # text and colour, not a blank image


def test_a_served_page_and_its_link_load_with_the_servers_headers(
    page: BrowserPage, tmp_path: Path, serve_folder: Callable[[Path], str]
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(_page("Index", '<a href="sub/">issue</a>'), "utf-8")
    (tmp_path / "sub" / "index.html").write_text(_page("Issue", "<p>one issue</p>"), "utf-8")
    url = serve_folder(tmp_path)

    response = page.page.goto(url)
    assert response is not None and response.ok
    assert response.headers["x-content-type-options"] == "nosniff"
    page.page.get_by_role("link", name="issue").click()
    page.page.wait_for_url(url + "sub/")
    page.page.wait_for_function("document.body.dataset.refused !== undefined")
    assert page.page.title() == "Issue"
    assert page.page.evaluate("document.body.dataset.ok") == "1"
    # each page refused its second script, and nothing else went wrong (no favicon 404)
    assert len(page.console_errors) == 2 and page.page_errors == []
