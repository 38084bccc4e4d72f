"""One issue's page readings: each (page, analysis, arguments) made once, on first ask."""

from __future__ import annotations

from verifier.types import Page
from verifier.verify.text.reading import Readings


def test_each_reading_is_made_once_and_shared() -> None:
    calls: list[tuple[str, int]] = []

    def words(page: Page, least: int) -> tuple[str, ...]:
        calls.append((page.url, least))
        return tuple(word for word in page.text.split() if len(word) >= least)

    one = Page(url="https://a.test/1", text="the ferry is free on Sundays")
    other = Page(url="https://a.test/2", text="the ferry is free on Sundays")
    readings = Readings()
    assert readings.of(one, words, 4) == ("ferry", "free", "Sundays")
    assert readings.of(one, words, 4) == ("ferry", "free", "Sundays")
    assert readings.of(one, words, 5) == ("ferry", "Sundays")
    assert readings.of(other, words, 4) == ("ferry", "free", "Sundays")
    assert calls == [(one.url, 4), (one.url, 5), (other.url, 4)]


def test_readings_of_another_issue_start_afresh() -> None:
    made = []

    def length(page: Page) -> int:
        made.append(page.url)
        return len(page.text)

    page = Page(url="https://a.test/1", text="four")
    assert Readings().of(page, length) == Readings().of(page, length) == 4
    assert made == [page.url, page.url]
