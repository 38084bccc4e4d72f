"""What a URL says of its page: a site's search page is no article."""

from __future__ import annotations

import pytest

from verifier.verify.links._signals import is_search_page


@pytest.mark.parametrize(
    ("url", "search"),
    [
        ("https://a.example/search?q=ferry", True),
        ("https://a.example/news?s=ferry", True),
        ("https://a.example/ja/search/", True),
        ("https://a.example/2024/11/05/research-vessel", False),
        ("https://a.example/news/123?utm_source=x", False),
    ],
)
def test_what_counts_as_a_search_page(url: str, search: bool) -> None:
    assert is_search_page(url) is search
