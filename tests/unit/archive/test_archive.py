"""The archive keeps every fetch, stores each body once, and survives being killed; its
link-rot trend counts each cited URL once a day. The tests given the `archive` fixture run
on SQLite and, under `make test-cluster`, on PostgreSQL too: the same queries on both."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
import zstandard

from tests.builders import make_report
from tests.conftest import BACKENDS, database_for
from verifier.archive import Archive
from verifier.errors import ArchiveError
from verifier.types import (
    Citation,
    CitationKind,
    DateRole,
    FetchResult,
    Hop,
    Issue,
    LinkStatus,
    Page,
    TrendDay,
)

JST = timezone(timedelta(hours=9))


def fetch(
    url: str = "https://www.politico.com/news/a",
    body: bytes | None = b"<html>hello</html>",
    **changes: object,
) -> FetchResult:
    values: dict[str, object] = {
        "url": url,
        "final_url": url,
        "status": LinkStatus.OK,
        "reason": "200 OK",
        "http_status": 200,
        "hops": (),
        "headers": (("content-type", "text/html"),),
        "body": body,
        "content_type": "text/html",
        "fetched_at": datetime(2024, 11, 11, 1, 2, 3, 456789, tzinfo=UTC),
        "elapsed": 0.25,
    }
    values.update(changes)
    return FetchResult(**values)  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Archive]:
    """An empty archive in ``tmp_path/cache``, on each backend."""
    with Archive(tmp_path / "cache", database=database_for(request)) as opened:
        yield opened


def rows(archive: Archive, sql: str) -> list[tuple[object, ...]]:
    """What a query of the archive's own database returns, whichever backend it is."""
    return archive._db.rows(sql)


def body_files(cache: Path) -> list[Path]:
    return sorted((cache / "bodies").rglob("*.zst"))


def test_creates_layout_in_wal_mode(tmp_path: Path) -> None:
    with Archive(tmp_path / "deep" / "cache"):
        pass
    db = sqlite3.connect(tmp_path / "deep" / "cache" / "archive.db")
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("select value from meta where key = 'schema_version'").fetchone()[0] == "1"
    db.close()
    assert (tmp_path / "deep" / "cache" / "bodies").is_dir()


def test_recording_a_url_twice_keeps_two_snapshots_and_one_body(
    archive: Archive, tmp_path: Path
) -> None:
    first = archive.record_fetch(fetch())
    later = datetime(2024, 11, 12, tzinfo=UTC)
    second = archive.record_fetch(fetch(fetched_at=later, status=LinkStatus.DEAD))
    assert first.id != second.id
    assert archive.snapshots(first.url) == [first, second]
    assert archive.latest_snapshot(first.url) == second
    assert first.body_sha256 == second.body_sha256
    files = body_files(tmp_path / "cache")
    sha = hashlib.sha256(b"<html>hello</html>").hexdigest()
    assert files == [tmp_path / "cache" / "bodies" / sha[:2] / f"{sha}.zst"]


def test_same_body_for_two_urls_is_stored_once(archive: Archive, tmp_path: Path) -> None:
    a = archive.record_fetch(fetch("https://a.example/"))
    b = archive.record_fetch(fetch("https://b.example/"))
    assert archive.body(a) == archive.body(b) == b"<html>hello</html>"
    assert len(body_files(tmp_path / "cache")) == 1
    assert rows(archive, "select count(*), min(compression) from bodies") == [(1, "zstd")]


def test_a_batch_keeps_order_dedupes_bodies_and_skips_empty_ones(
    archive: Archive, tmp_path: Path
) -> None:
    batch = [
        fetch("https://a.example/", b"same"),
        fetch("https://b.example/", None, status=LinkStatus.DEAD),
        fetch("https://c.example/", b"same"),
        fetch("https://d.example/", b"other"),
    ]
    snapshots = archive.record_fetches(batch, run_id=None)
    assert [s.url for s in snapshots] == [r.url for r in batch]
    assert [s.body_sha256 is None for s in snapshots] == [False, True, False, False]
    assert snapshots[0].body_sha256 == snapshots[2].body_sha256
    assert [archive.body(s) for s in snapshots] == [b"same", None, b"same", b"other"]
    assert len(body_files(tmp_path / "cache")) == 2
    assert archive.latest_snapshot("https://b.example/") == snapshots[1]


def test_snapshot_round_trips_every_field(archive: Archive) -> None:
    result = fetch(
        "https://t.me/s/channel/1",
        final_url="https://t.me/channel/1?embed=1",
        status=LinkStatus.REDIRECTED,
        reason="301 to the embed page",
        http_status=200,
        hops=(
            Hop("https://t.me/s/channel/1", 301, "/channel/1?embed=1"),
            Hop("https://t.me/channel/1?embed=1", None, None, via="meta-refresh"),
        ),
        headers=(("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X-Note", "日本語")),
        body=b"\x00binary\xff",
        content_type="application/octet-stream",
        fetched_at=datetime(2024, 11, 11, 9, 30, 0, 1, tzinfo=JST),
        elapsed=1.5,
        attempts=3,
        truncated=True,
        error="stream reset",
    )
    snapshot = archive.record_fetch(result)
    stored = archive.latest_snapshot(result.url)
    assert stored == snapshot
    assert stored.hops == result.hops and stored.headers == result.headers
    assert (stored.status, stored.reason, stored.http_status) == (
        LinkStatus.REDIRECTED,
        "301 to the embed page",
        200,
    )
    assert (stored.final_url, stored.content_type, stored.body_size) == (
        result.final_url,
        "application/octet-stream",
        8,
    )
    assert stored.fetched_at == result.fetched_at and stored.fetched_at.tzinfo is not None
    assert (stored.elapsed, stored.attempts, stored.truncated, stored.error) == (
        1.5,
        3,
        True,
        "stream reset",
    )
    assert archive.body(stored) == b"\x00binary\xff"


def test_fetch_without_body(archive: Archive) -> None:
    snapshot = archive.record_fetch(fetch(body=None, status=LinkStatus.TIMEOUT))
    assert snapshot.body_sha256 is None and snapshot.body_size == 0
    assert archive.body(snapshot) is None


def test_unknown_url_has_no_snapshot(archive: Archive) -> None:
    assert archive.latest_snapshot("https://nowhere.example/") is None
    assert archive.snapshots("https://nowhere.example/") == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(zstandard.ZstdCompressor().compress(b"<html>hellO</html>")),
        lambda path: path.write_bytes(b"garbage, not zstandard"),
        lambda path: path.write_bytes(path.read_bytes()[:-3]),
        lambda path: path.unlink(),
    ],
    ids=["other-content", "not-zstd", "truncated", "missing"],
)
def test_damaged_body_file_is_reported(
    archive: Archive, tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    snapshot = archive.record_fetch(fetch())
    (path,) = body_files(tmp_path / "cache")
    damage(path)
    with pytest.raises(ArchiveError, match="archived body"):
        archive.body(snapshot)


def test_cache_dir_under_a_regular_file_is_an_archive_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ArchiveError, match="not usable"):
        Archive(blocker / "cache")
    with pytest.raises(ArchiveError, match="not usable"):
        Archive(blocker)


def test_file_that_is_not_a_database_is_an_archive_error(tmp_path: Path) -> None:
    (tmp_path / "archive.db").write_bytes(b"this is not a SQLite database" * 100)
    with pytest.raises(ArchiveError, match="not a usable archive database") as caught:
        Archive(tmp_path)
    assert "\n" not in str(caught.value)


def test_damaged_database_pages_are_an_archive_error(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        for n in range(300):
            archive.record_fetch(fetch(f"https://a.example/{n}", body=str(n).encode()))
    raw = bytearray((tmp_path / "archive.db").read_bytes())
    raw[4096 * 2 :] = b"\xa5" * (len(raw) - 4096 * 2)
    (tmp_path / "archive.db").write_bytes(bytes(raw))
    with pytest.raises(ArchiveError), Archive(tmp_path) as archive:
        archive.snapshots("https://a.example/7")
        archive.record_fetch(fetch("https://a.example/new"))


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    Archive(tmp_path).close()
    db = sqlite3.connect(tmp_path / "archive.db")
    with db:
        db.execute("update meta set value = '99' where key = 'schema_version'")
    db.close()
    with pytest.raises(ArchiveError, match="schema version 99"):
        Archive(tmp_path)


def test_failed_write_leaves_nothing_half_written(archive: Archive, tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match=r"(?i)foreign key"):
        archive.record_fetch(fetch(), run_id="no-such-run")
    assert archive.latest_snapshot(fetch().url) is None
    assert rows(archive, "select count(*) from bodies") == [(0,)]


def test_pages_are_cached_per_snapshot_and_extractor(archive: Archive) -> None:
    snapshot = archive.record_fetch(fetch())
    page = Page(
        url=snapshot.url,
        text="本文",
        title="Title",
        publisher="Politico",
        published=date(2024, 11, 6),
        published_at=datetime(2024, 11, 6, 17, 0, tzinfo=timezone(timedelta(hours=-5))),
        date_source="json-ld datePublished",
        modified=date(2024, 11, 7),
        language="en",
        paywalled=True,
        charset="utf-8",
    )
    assert archive.page(snapshot, "x/1") is None
    archive.record_page(snapshot, page, "x/1")
    archive.record_page(snapshot, Page(url=snapshot.url, text="old"), "x/0")
    cached = archive.page(snapshot, "x/1")
    assert cached == page
    assert cached is not None and cached.published_at is not None
    assert cached.published_at.utcoffset() == timedelta(hours=-5)
    assert archive.page(snapshot, "x/0") == Page(url=snapshot.url, text="old")


def test_window_vectors_round_trip_as_float32(archive: Archive) -> None:
    vectors = np.arange(12, dtype=np.float32).reshape(3, 4) / 7
    assert archive.get_vectors("e5|w3/2|abc") is None
    archive.put_vectors("e5|w3/2|abc", vectors)
    back = archive.get_vectors("e5|w3/2|abc")
    assert back is not None
    assert back.dtype == np.float32 and back.shape == (3, 4) and back.flags.c_contiguous
    np.testing.assert_array_equal(back, vectors)
    back[0, 0] = 99  # a copy: the caller may do what it likes with it
    np.testing.assert_array_equal(archive.get_vectors("e5|w3/2|abc"), vectors)


def test_window_vectors_are_never_overwritten(archive: Archive) -> None:
    first = np.ones((2, 3), dtype=np.float32)
    archive.put_vectors("key", first)
    archive.put_vectors("key", np.zeros((5, 3), dtype=np.float32))
    np.testing.assert_array_equal(archive.get_vectors("key"), first)


def test_a_window_vectors_row_that_does_not_fit_its_shape_reads_as_missing(
    tmp_path: Path,
) -> None:
    archive = Archive(tmp_path / "cache")  # SQLite: its columns take any value
    archive.put_vectors("good", np.ones((2, 3), dtype=np.float32))
    db = sqlite3.connect(tmp_path / "cache" / "archive.db")
    with db:
        db.execute(
            "insert into window_vectors (key, rows, dim, dtype, vectors) values (?, ?, ?, ?, ?)",
            ["short", 2, 3, "float32", b"\x00" * 23],
        )
        db.execute(
            "insert into window_vectors select 'f64', 2, 3, 'float64', vectors, null"
            " from window_vectors where key = 'good'"
        )
        db.execute("insert into window_vectors values ('text', 1, 1, 'float32', 'abcd', null)")
    db.close()
    assert archive.get_vectors("short") is None
    assert archive.get_vectors("f64") is None
    assert archive.get_vectors("text") is None
    assert archive.get_vectors("good") is not None
    archive.close()


def test_an_archive_from_before_window_vectors_opens_with_its_snapshots(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        kept = archive.record_fetch(fetch())
    db = sqlite3.connect(tmp_path / "archive.db")
    with db:  # as the archive was before the table existed (still schema version 1)
        db.execute("drop table window_vectors")
    db.close()
    with Archive(tmp_path) as archive:
        assert archive.snapshots(kept.url) == [kept]
        assert archive.body(kept) == fetch().body
        archive.put_vectors("key", np.ones((1, 2), dtype=np.float32))
    with Archive(tmp_path) as archive:
        assert archive.get_vectors("key") is not None
    db = sqlite3.connect(tmp_path / "archive.db")
    assert db.execute("select value from meta where key = 'schema_version'").fetchone() == ("1",)
    db.close()


def make_issue(title: str, *citations: Citation) -> Issue:
    return Issue("2024-11-11", title, date(2024, 11, 11), "issues/a.txt", "text", citations)


def test_recording_an_issue_again_updates_it_and_replaces_citations(
    archive: Archive, tmp_path: Path
) -> None:
    c1 = Citation(
        "c01",
        65,
        CitationKind.SOURCE,
        "https://www.politico.com/x",
        cited_title="Speculation",
        cited_publisher="Politico",
        cited_date=date(2024, 11, 6),
        cited_date_role=DateRole.PUBLISHED,
    )
    c2 = Citation("c02", 70, CitationKind.REFERENCE, None)
    archive.record_issue(make_issue("first", c1, c2), "source v1")
    time.sleep(0.002)
    archive.record_issue(make_issue("second", c1), "source v2")
    assert archive.issues() == [("2024-11-11", "issues/a.txt", "source v2")]
    issue = rows(archive, "select title, date, first_seen < last_seen from issues")
    assert issue == [("second", "2024-11-11", 1)]
    citations = rows(
        archive, "select id, line, kind, url, cited_date, cited_date_role from citations"
    )
    assert citations == [
        ("c01", 65, "source", "https://www.politico.com/x", "2024-11-06", "published")
    ]


def test_interrupted_run_can_be_found_and_continued(archive: Archive) -> None:
    run = archive.start_run(["b", "a"], "run")
    assert len(run) == 32
    first = archive.record_fetch(fetch("https://a.example/"), run)
    archive.record_fetch(fetch("https://other.example/"))
    assert archive.unfinished_run(["a", "b"]) == run
    assert archive.unfinished_run(["a"]) is None
    assert archive.run_snapshots(run) == {"https://a.example/": first}
    again = archive.record_fetch(fetch("https://a.example/", body=b"v2"), run)
    assert archive.run_snapshots(run) == {"https://a.example/": again}
    archive.finish_run(run)
    assert archive.unfinished_run(["a", "b"]) is None
    with pytest.raises(ArchiveError, match="no run"):
        archive.finish_run("missing")


def test_only_the_latest_run_counts_as_unfinished(archive: Archive) -> None:
    archive.start_run(["a"], "links")
    newer = archive.start_run(["a"], "run")
    assert archive.unfinished_run(["a"]) == newer
    archive.finish_run(newer)
    assert archive.unfinished_run(["a"]) is None


WRITER = textwrap.dedent(
    """
    import os, sys
    from datetime import UTC, datetime
    from pathlib import Path
    from verifier.archive import Archive
    from verifier.types import FetchResult, LinkStatus

    archive = Archive(Path(sys.argv[1]))
    run = archive.start_run(["killed"], "run")
    n = 0
    while True:
        n += 1
        body = os.urandom(64) * (1 + n % 500)
        url = f"https://a.example/{n % 50}"
        result = FetchResult(
            url=url, final_url=url, status=LinkStatus.OK, reason="200 OK", http_status=200,
            hops=(), headers=(), body=body, content_type="text/html",
            fetched_at=datetime.now(UTC), elapsed=0.1,
        )
        archive.record_fetch(result, run)
        print(n, flush=True)
    """
)


def kill_writer_mid_loop(cache: Path, delay: float) -> None:
    """Start a writer, wait until it is writing, then SIGKILL it at `delay` later."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(cache)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()


def test_sigkill_during_writes_leaves_a_consistent_archive(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for delay in (0.0, 0.013, 0.05, 0.137, 0.3):
        kill_writer_mid_loop(cache, delay)
    db = sqlite3.connect(cache / "archive.db")
    assert db.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert db.execute("pragma foreign_key_check").fetchall() == []
    db.close()
    with Archive(cache) as archive:
        run = archive.unfinished_run(["killed"])
        assert run is not None
        snapshots = [s for n in range(50) for s in archive.snapshots(f"https://a.example/{n}")]
        assert len(snapshots) >= 5
        for snapshot in snapshots:
            assert archive.body(snapshot) is not None
        fresh = archive.record_fetch(fetch("https://a.example/after", body=b"new"), run)
        assert archive.body(fresh) == b"new"
        archive.finish_run(run)


# --- the link-rot trend --------------------------------------------------------------------


def _fetched(url: str, status: LinkStatus, when: datetime) -> FetchResult:
    code = 200 if status is LinkStatus.OK else 404
    return fetch(
        url,
        b"<p>x</p>",
        status=status,
        reason="",
        http_status=code,
        headers=(),
        fetched_at=when,
        elapsed=0.1,
    )


def test_the_archive_trend_counts_each_cited_url_once_a_day(archive: Archive) -> None:
    report = make_report()
    cited = [r.citation.url for r in report.results if r.citation.url]
    issue = replace(report.issue, citations=tuple(r.citation for r in report.results))
    first, second = datetime(2026, 11, 1, 3, tzinfo=UTC), datetime(2026, 11, 2, 3, tzinfo=UTC)
    archive.record_issue(issue, "text")
    archive.record_fetches(
        [
            _fetched(cited[0], LinkStatus.DEAD, first),
            _fetched(cited[0], LinkStatus.OK, first + timedelta(hours=1)),  # last of the day
            _fetched(cited[1], LinkStatus.DEAD, first),
            _fetched(cited[1], LinkStatus.BLOCKED, second),
            _fetched("https://not-cited.test/probe", LinkStatus.DEAD, second),
        ]
    )
    trend = archive.link_trend()
    assert trend == [TrendDay(first.date(), 2, 1, 0), TrendDay(second.date(), 1, 0, 1)]


def test_the_trend_counts_again_only_from_its_last_day_and_after_a_past_snapshot(
    archive: Archive,
) -> None:
    """Kept per day: a past day counts the URLs cited when it was counted, the last day
    is counted again as its checks arrive, and a snapshot of a past day (an import) has
    that day counted again."""
    report = make_report()
    linked = [r.citation for r in report.results if r.citation.url]
    cited = [citation.url for citation in linked]
    issue = replace(report.issue, citations=tuple(linked[:2]))
    first, second = datetime(2026, 11, 1, 3, tzinfo=UTC), datetime(2026, 11, 2, 3, tzinfo=UTC)
    archive.record_issue(issue, "text")
    archive.record_fetches(
        [
            _fetched(cited[0], LinkStatus.OK, first),
            _fetched(cited[2], LinkStatus.DEAD, first),  # not cited yet
            _fetched(cited[0], LinkStatus.OK, second),
        ]
    )
    assert archive.link_trend() == [
        TrendDay(first.date(), 1, 0, 0),
        TrendDay(second.date(), 1, 0, 0),
    ]
    archive.record_issue(replace(report.issue, citations=tuple(linked[:3])), "text")
    archive.record_fetch(_fetched(cited[1], LinkStatus.DEAD, second + timedelta(hours=1)))
    # the first day stays as counted; the last one is counted again, with the new citation
    assert archive.link_trend() == [
        TrendDay(first.date(), 1, 0, 0),
        TrendDay(second.date(), 2, 1, 0),
    ]
    archive.record_fetch(_fetched(cited[1], LinkStatus.DEAD, first + timedelta(hours=1)))
    # imported into the first day: it is counted again, now with the third citation too
    assert archive.link_trend() == [
        TrendDay(first.date(), 3, 2, 0),
        TrendDay(second.date(), 2, 1, 0),
    ]
