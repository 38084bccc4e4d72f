"""The Internet Archive's availability answer, read: the closest snapshot, or None."""

from __future__ import annotations

import json

import pytest

from verifier.fetch import wayback_closest


def _answer(closest: object) -> bytes:
    return json.dumps({"url": "x", "archived_snapshots": {"closest": closest}}).encode()


def test_the_closest_available_snapshot_is_read() -> None:
    body = _answer(
        {"available": True, "url": "http://web.archive.org/web/2024/x", "timestamp": "2024"}
    )
    assert wayback_closest(body) == ("http://web.archive.org/web/2024/x", "2024")


@pytest.mark.parametrize(
    "body",
    [
        None,
        b"",
        b"<html>not json</html>",
        b"[]",
        json.dumps({"archived_snapshots": {}}).encode(),
        _answer({"available": False, "url": "http://web.archive.org/web/2024/x"}),
        _answer({"available": True}),
    ],
)
def test_no_snapshot_or_no_answer_is_none(body: bytes | None) -> None:
    assert wayback_closest(body) is None
