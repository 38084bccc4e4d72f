"""`make bench` (second part): claim checks per second on the example issue.

Pages are extracted once, up front, from the example's fixture pages (as a
re-verification from the archive would find them cached); then every check
of every citation runs, several times, and the time per issue and the claims
per second are printed.
"""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

from verifier.extract import extract_page
from verifier.parse import parse_issue
from verifier.settings import Settings
from verifier.types import Citation, CitationKind, LinkResult, LinkStatus, Page
from verifier.verify import CheckContext, run_checks

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "verifier" / "localweb" / "pages"


def _pages() -> dict[str, Page]:
    manifest = tomllib.loads((PAGES / "manifest.toml").read_text("utf-8"))
    found = {}
    for entry in manifest["page"]:
        if "file" in entry:
            body = (PAGES / entry["file"]).read_bytes()
            page = extract_page(entry["url"], body, "text/html; charset=utf-8")
            if page is not None:
                found[entry["url"]] = page
    return found


def _contexts(pages: dict[str, Page]) -> list[CheckContext]:
    issue = parse_issue(ROOT / "examples" / "iwj-guide-2024-11-11.txt")
    settings = Settings()
    read: list[tuple[Citation, Page | None]] = [
        (c, pages.get((c.url or "").split("#")[0])) for c in issue.citations
    ]
    others = tuple((c, p) for c, p in read if p is not None and c.kind is CitationKind.SOURCE)
    ok = LinkResult(LinkStatus.OK, "HTTP 200 OK")
    return [CheckContext(c, p, ok, settings, issue.date, others) for c, p in read]


def main() -> None:
    contexts = _contexts(_pages())
    claims = sum(len(ctx.citation.claims) for ctx in contexts)
    run_checks_all(contexts)  # warm-up: per-page caches, lazy tables
    rounds, start = 20, time.perf_counter()
    for _ in range(rounds):
        checks = run_checks_all(contexts)
    elapsed = (time.perf_counter() - start) / rounds
    print(
        f"checks: {len(contexts)} citations, {claims} claims, {checks} checks per issue "
        f"in {elapsed * 1000:.0f} ms = {claims / elapsed:.0f} claims/s (pages already extracted)"
    )


def run_checks_all(contexts: list[CheckContext]) -> int:
    return sum(len(run_checks(ctx)) for ctx in contexts)


if __name__ == "__main__":
    main()
