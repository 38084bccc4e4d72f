"""`make bench-archive`: the archive's whole-archive queries at a night's scale, on
PostgreSQL and on SQLite.

A synthetic archive of 250,000 cited URLs checked daily for 8 days (2,000,000 snapshots,
made in SQL, no bodies) is queried as a run does: the index's link-rot trend
(`link_trend`: counted whole the first time, then from its last kept day on), `stats`,
and one URL's latest snapshot. Prints the seconds each takes: the queries that grow with
the archive, where a capacity plan must look (docs/scaling.md).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from tests import servers
from verifier.archive import Archive

URLS, DAYS = 250_000, 8
_SNAPSHOTS = f"""
insert into snapshots (id, url, final_url, status, reason, hops, headers, fetched_at, run_id)
select 's' || u || '-' || d, 'https://host-' || (u % 5000) || '.test/page/' || u,
       'https://host-' || (u % 5000) || '.test/page/' || u,
       case when (u + d) % 50 = 0 then 'dead' else 'ok' end, '200 OK', '[]', '[]',
       '2026-11-' || lpad((d + 1)::text, 2, '0') || 'T03:17:00.000000Z', null
from generate_series(0, {URLS - 1}) as u, generate_series(0, {DAYS - 1}) as d
"""
_ISSUE = (
    "insert into issues (id, title, path, format, source_text, first_seen, last_seen)"
    " values ('i', 't', 'i.txt', 'text', 't', '2026-11-01', '2026-11-01')"
)
_CITATIONS = f"""
insert into citations (issue_id, id, line, kind, url)
select 'i', 'c' || u, u, 'source', 'https://host-' || (u % 5000) || '.test/page/' || u
from generate_series(0, {URLS - 1}) as u
"""


def _timed(what: Callable[[], Any]) -> float:
    started = time.perf_counter()
    what()
    return time.perf_counter() - started


def _fill_postgres(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(_SNAPSHOTS)
        connection.execute(_ISSUE)
        connection.execute(_CITATIONS)
        connection.execute("analyze")


def _fill_sqlite(path: Path) -> None:
    import sqlite3

    series = "with recursive n(v) as (select 0 union all select v + 1 from n where v < {})"
    connection = sqlite3.connect(path)
    snapshots = _SNAPSHOTS.replace("::text", "").replace(
        "lpad((d + 1), 2, '0')", "printf('%02d', d + 1)"
    )
    snapshots = snapshots.replace(
        f"from generate_series(0, {URLS - 1}) as u, generate_series(0, {DAYS - 1}) as d",
        f"from (select v as u from n) as us, (select v as d from n where v < {DAYS}) as ds",
    )
    citations = _CITATIONS.replace(
        f"from generate_series(0, {URLS - 1}) as u", "from (select v as u from n)"
    )
    with connection:
        connection.execute(series.format(URLS - 1) + snapshots)
        connection.execute(_ISSUE)
        connection.execute(series.format(URLS - 1) + citations)
    connection.execute("analyze")
    connection.close()


def _measure(archive: Archive) -> dict[str, float]:
    return {
        "link_trend": _timed(archive.link_trend),
        "link_trend, again (the last day only)": _timed(archive.link_trend),
        "stats": _timed(archive.stats),
        "latest_snapshot": _timed(lambda: archive.latest_snapshot("https://host-7.test/page/7")),
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="verifier-bench-archive-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)
        server, url = servers.postgres(root / "pg")
        try:
            Archive(root / "pg-cache", database=url).close()  # the tables
            _fill_postgres(url)
            with Archive(root / "pg-cache", database=url) as archive:
                on_postgres = _measure(archive)
        finally:
            server.stop()
        Archive(root / "sqlite").close()
        _fill_sqlite(root / "sqlite" / "archive.db")
        with Archive(root / "sqlite") as archive:
            on_sqlite = _measure(archive)
    print(f"{URLS:,} cited URLs x {DAYS} days = {URLS * DAYS:,} snapshots")
    print("| query | PostgreSQL | SQLite |")
    print("| --- | ---: | ---: |")
    for name in on_postgres:
        print(f"| `{name}` | {on_postgres[name]:.2f} s | {on_sqlite[name]:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
