"""A Markdown digest and an HTML e-mail of the labelled corpus, verified end to end on the
local web (issue 15): inline links read as claims, click trackers followed, the e-mail's
furniture left out, the writer's own words shown and not checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from localweb import LocalWeb
from localweb.example import pages_routes
from tests.builders import routed_to
from verifier import verify_issue
from verifier.parse.tracking import wrapped
from verifier.types import CitationKind, LinkStatus, Verdict

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def corpus_web() -> Iterator[LocalWeb]:
    with LocalWeb(pages_routes([CORPUS / "web" / "md", CORPUS / "web" / "html"])) as web:
        yield web


def test_a_markdown_digest_is_checked_claim_by_claim(corpus_web: LocalWeb, tmp_path: Path) -> None:
    report = verify_issue(CORPUS / "issues" / "en-md-merz-wins.md", routed_to(corpus_web, tmp_path))
    sources = [r for r in report.results if r.citation.kind is CitationKind.SOURCE]
    assert len(sources) >= 4
    assert all(r.link.status is LinkStatus.OK for r in sources)
    verdicts = [check.verdict for r in sources for check in r.checks]
    assert verdicts.count(Verdict.SUPPORTED) >= 5
    assert (tmp_path / "reports" / report.issue.id / "index.html").is_file()


def test_an_html_email_follows_its_trackers_and_skips_its_furniture(
    corpus_web: LocalWeb, tmp_path: Path
) -> None:
    issue = CORPUS / "issues" / "en-html-germany-election.html"
    report = verify_issue(issue, routed_to(corpus_web, tmp_path))
    urls = [r.citation.url or "" for r in report.results]
    assert not any("unsubscribe" in url or "sharer" in url or "intent" in url for url in urls)
    sources = [r for r in report.results if r.citation.kind is CitationKind.SOURCE]
    assert sources and all(r.link.status is LinkStatus.OK for r in sources)
    # the wrappers of this e-mail carry their target: read before anything is fetched
    assert all(r.citation.written_url for r in sources)
    assert not any(wrapped(r.citation.url or "") for r in sources)
    own = [c for r in report.results for c in r.citation.claims if c.whose.own]
    checked = {(check.line, check.claim) for r in report.results for check in r.checks}
    assert own and not any((claim.line, claim.text) in checked for claim in own)
