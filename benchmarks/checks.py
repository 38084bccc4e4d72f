"""`make bench` (second part): claim checks per second on the example issue.

Pages are extracted once, up front, from the example's fixture pages (as a re-verification
from the archive would find them cached); then every check of every citation runs, and the
time per issue and the claims per second are printed: once cold (the models loaded, as
`Settings().embedder` names them, and every page sentence embedded, as a first run on a new
archive), then warm (window vectors cached, as every later run finds them in the archive),
and without the embedder (`embedder = "none"`).
Peak memory is the process's.
"""

from __future__ import annotations

import resource
import time
import tomllib
from pathlib import Path

from verifier.extract import extract_page
from verifier.fetch import reading_url
from verifier.parse import parse_issue
from verifier.settings import Settings
from verifier.types import Citation, CitationKind, LinkResult, LinkStatus, Page
from verifier.verify import CheckContext, load_models, run_checks
from verifier.verify.text.embeddings import WindowIndex
from verifier.verify.text.reading import Readings

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "localweb" / "pages"


def _pages() -> dict[str, Page]:
    """Each cited URL's page as a run reads it (a Telegram post through its widget)."""
    manifest = tomllib.loads((PAGES / "manifest.toml").read_text("utf-8"))
    files = {entry["url"]: entry["file"] for entry in manifest["page"] if "file" in entry}
    found = {}
    for url in files:
        read = reading_url(url) or url
        if read in files:
            body = (PAGES / files[read]).read_bytes()
            page = extract_page(read, body, "text/html; charset=utf-8")
            if page is not None:
                found[url] = page
    return found


def _contexts(pages: dict[str, Page], windows: WindowIndex | None) -> list[CheckContext]:
    issue = parse_issue(ROOT / "examples" / "iwj-guide-2024-11-11.txt")
    settings = Settings()
    read: list[tuple[Citation, Page | None]] = [
        (c, pages.get((c.url or "").split("#")[0])) for c in issue.citations
    ]
    others = tuple((c, p) for c, p in read if p is not None and c.kind is CitationKind.SOURCE)
    ok = LinkResult(LinkStatus.OK, "HTTP 200 OK")
    readings = Readings()  # as a run holds one per issue
    return [
        CheckContext(c, p, ok, settings, issue.date, others, windows, readings) for c, p in read
    ]


def main() -> None:
    pages = _pages()
    start = time.perf_counter()
    models = load_models(Settings().embedder)
    print(f"checks: models loaded in {time.perf_counter() - start:.2f} s")
    contexts = _contexts(pages, models)
    checks = run_checks_all(contexts)
    _report("cold, models loaded and every page embedded", contexts, checks, start, 1)
    for label, rounds in (("warm, window vectors cached", 5), ("no embedder", 20)):
        if label == "no embedder":
            contexts = _contexts(pages, None)
            run_checks_all(contexts)  # warm-up: per-page caches, lazy tables
        start = time.perf_counter()
        for _ in range(rounds):
            checks = run_checks_all(contexts)
        _report(label, contexts, checks, start, rounds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"checks: peak RSS {peak:.0f} MB")


def _report(
    label: str, contexts: list[CheckContext], checks: int, start: float, rounds: int
) -> None:
    elapsed = (time.perf_counter() - start) / rounds
    claims = sum(len(ctx.citation.claims) for ctx in contexts)
    print(
        f"checks ({label}): {len(contexts)} citations, {claims} claims, {checks} checks per "
        f"issue in {elapsed * 1000:.0f} ms = {claims / elapsed:.0f} claims/s"
    )


def run_checks_all(contexts: list[CheckContext]) -> int:
    return sum(len(run_checks(ctx)) for ctx in contexts)


if __name__ == "__main__":
    main()
