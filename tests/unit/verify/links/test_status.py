"""A citation's link status: the fetch's, refined by what the page and its URL say."""

from __future__ import annotations

from functools import partial

import pytest

from tests.builders import ARTICLE, citation, page, snapshot
from verifier.types import LinkResult, LinkStatus
from verifier.verify import link_result

#: The article's page, undated unless said otherwise.
_page = partial(page, "text", date_source="json-ld datePublished")


@pytest.mark.parametrize(
    ("url", "final_url", "status", "paywalled", "expected"),
    [
        (ARTICLE, None, LinkStatus.OK, False, LinkStatus.OK),
        ("https://thehill.com/", None, LinkStatus.OK, False, LinkStatus.UNSTABLE),
        (ARTICLE, "https://www.politico.com/", LinkStatus.REDIRECTED, False, LinkStatus.SOFT_404),
        (ARTICLE, ARTICLE + "?amp", LinkStatus.REDIRECTED, False, LinkStatus.REDIRECTED),
        (ARTICLE, None, LinkStatus.OK, True, LinkStatus.PAYWALLED),
        (ARTICLE, None, LinkStatus.DEAD, False, LinkStatus.DEAD),
        (ARTICLE, None, LinkStatus.BLOCKED, False, LinkStatus.BLOCKED),
    ],
)
def test_link_status_refinement(
    url: str, final_url: str | None, status: LinkStatus, paywalled: bool, expected: LinkStatus
) -> None:
    page = _page(paywalled=paywalled)
    result = link_result(citation(url=url), snapshot(url, status, final_url=final_url), page)
    assert result.status is expected
    assert result.reason


def test_no_url_and_no_snapshot() -> None:
    assert link_result(citation(url=None), None, None).status is LinkStatus.NO_URL
    missing = link_result(citation(), None, None)
    assert missing == LinkResult(LinkStatus.ERROR, missing.reason)
    assert "offline" in missing.reason
