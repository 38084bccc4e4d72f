"""Every check of a citation at once: what a paywalled page cannot prove absent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from tests.builders import citation, page, snapshot
from verifier.settings import Settings
from verifier.types import Claim, ClaimKind, DateRole, LinkStatus, Verdict
from verifier.verify import CheckContext, link_result, run_checks

#: The Politico article, cited on line 65 with the date the issue writes.
_citation = partial(
    citation,
    line=65,
    cited_title="Story",
    cited_publisher="Politico",
    cited_date=date(2024, 11, 6),
    cited_date_role=DateRole.PUBLISHED,
    cited_date_text="2024年11月6日",
)


#: The article's page, undated unless said otherwise.
_page = partial(page, "text", date_source="json-ld datePublished")


def test_behind_a_paywall_what_is_not_visible_is_unverifiable_not_missing() -> None:
    claim = Claim(ClaimKind.QUOTE, "a sentence hidden behind the paywall of this page", 60)
    citation = replace(_citation(), claims=(claim,))
    page = _page(paywalled=True)
    link = link_result(citation, snapshot(), page)
    assert link.status is LinkStatus.PAYWALLED
    (check,) = [
        c for c in run_checks(CheckContext(citation, page, link, Settings())) if c.kind == "quote"
    ]
    assert check.verdict is Verdict.UNVERIFIABLE
    assert check.note.startswith("not in the part of the page a paywall leaves visible")
