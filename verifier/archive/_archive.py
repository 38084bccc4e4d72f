"""`Archive`: the one writer of the cache directory.

Layout::

    cache_dir/archive.db                    SQLite (WAL), tables in _schema.py
                                            (or a PostgreSQL database: `_database`)
    cache_dir/bodies/ab/<sha256>.zst        each distinct body once, zstandard

Order of writes is what keeps a crash harmless: a body file is complete and
durable before the transaction that inserts the row naming it, and each
public write is one transaction. So an interrupted run leaves at worst an
orphan body file, never a row pointing at nothing. Database and file-system
errors are translated into `ArchiveError` here and nowhere else; a lost
connection to PostgreSQL is retried first (every operation here may run twice:
the ids a write inserts are made before it, and a row already there is kept).
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

import numpy as np
from numpy.typing import NDArray

from verifier.archive._bodies import COMPRESSION, Bodies, BodyStore, StoredBody
from verifier.archive._database import (
    Database,
    Row,
    first_line,
    is_postgres_url,
    open_database,
)
from verifier.archive._rows import (
    citation_row,
    issue_row,
    new_id,
    now_iso,
    page_from_json,
    page_json,
    snapshot_from_row,
    snapshot_row,
)
from verifier.archive._schema import ensure_schema
from verifier.errors import ArchiveError
from verifier.settings import Settings
from verifier.types import (
    Decision,
    FetchResult,
    Issue,
    LinkStatus,
    Page,
    Review,
    Snapshot,
    TrendDay,
    Validator,
)

_EXPORT_PAGE = 500
_VECTOR_DTYPE = "float32"
_STORED_FLOAT = np.dtype("<f4")  # little-endian on disk, so an archive moves between machines
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _translated(
    method: Callable[Concatenate[Archive, _P], _R],
) -> Callable[Concatenate[Archive, _P], _R]:
    """Retry on a lost database connection; turn database and OS errors into one-line
    `ArchiveError`s naming the archive."""

    @functools.wraps(method)
    def wrapper(self: Archive, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            for attempt in self._db.retrying():
                with attempt:
                    return method(self, *args, **kwargs)
        except self._db.errors as exc:
            raise ArchiveError(f"archive {self._db.where}: {first_line(exc)}") from exc
        except OSError as exc:
            raise ArchiveError(f"archive {self.cache_dir}: {exc}") from exc
        raise AssertionError("unreachable: tenacity re-raises the last error")

    return wrapper


class Archive:
    """Every fetch ever made, every body once, plus the issues and runs they served."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        database: str | None = None,
        bodies: str | None = None,
        existing: bool = False,
    ) -> None:
        """Open the archive in `cache_dir` (its rows in the PostgreSQL `database` URL when
        given, else in ``archive.db`` there; its bodies in the ``s3://`` `bodies` URL when
        given, else in ``bodies/`` there), created when missing unless `existing` (a
        command that only reads it: a mistyped ``--cache`` must not read as an empty one)."""
        self.cache_dir = cache_dir
        sqlite_file = cache_dir / "archive.db"
        if existing and database is None and not sqlite_file.is_file():
            raise ArchiveError(f"no archive in {cache_dir} (no archive.db there; check --cache)")
        if database is not None and not is_postgres_url(database):
            raise ArchiveError(f"archive database {database!r}: expected a postgresql:// URL")
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)  # archive.db, the jobs' submissions
        except OSError as exc:
            raise ArchiveError(f"cache directory {cache_dir} is not usable: {exc}") from None
        self._bodies = _body_store(cache_dir, bodies)
        self._db = open_database(database or sqlite_file)
        try:
            if existing:
                _check_existing(self._db)
            ensure_schema(self._db)
        except self._db.errors as exc:
            self._db.close()
            message = f"{self._db.where} is not a usable archive database: {exc}"
            raise ArchiveError(message) from None
        except ArchiveError:
            self._db.close()
            raise

    @classmethod
    def of(cls, settings: Settings, *, existing: bool = False) -> Archive:
        """The archive the settings name: its cache folder and, when set, its database."""
        return cls(
            settings.cache_dir,
            database=settings.database,
            bodies=settings.bodies,
            existing=existing,
        )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- snapshots ------------------------------------------------------------

    @_translated
    def record_fetch(self, result: FetchResult, run_id: str | None = None) -> Snapshot:
        """Add a snapshot (never replacing one); the body is stored first."""
        return self.record_fetches([result], run_id)[0]

    def record_fetches(
        self, results: Sequence[FetchResult], run_id: str | None = None
    ) -> list[Snapshot]:
        """Add one snapshot per result in one transaction, after all their bodies.

        Batching is what lets a crawl of hundreds of URLs a second keep up:
        one commit per batch instead of one per response.
        """
        return self._record_fetches(results, [new_id() for _ in results], run_id)

    @_translated
    def _record_fetches(
        self, results: Sequence[FetchResult], ids: Sequence[str], run_id: str | None
    ) -> list[Snapshot]:
        """`record_fetches` with the snapshots' ids made: run again after a lost connection,
        it inserts each snapshot once."""
        new = iter(self._bodies.put_many([r.body for r in results if r.body is not None]))
        stored = [next(new) if r.body is not None else None for r in results]
        rows = [
            snapshot_row(snapshot_id, result, _body_sha256(result, body), run_id)
            for snapshot_id, result, body in zip(ids, results, stored, strict=True)
        ]
        with self._db.transaction():
            bodies = [_body_row(body) for body in stored if body is not None]
            self._db.insert("bodies", bodies, "ignore")
            self._db.insert("snapshots", rows, "ignore")
            # a snapshot of a day before the last one the trend kept: count them again
            oldest = min((row["fetched_at"] for row in rows), default="9999")[:10]
            self._db.execute(
                "delete from trend_days where day >= ?"
                " and exists (select 1 from trend_days where day > ?)",
                [oldest, oldest],
            )
        return [snapshot_from_row(row) for row in rows]

    @_translated
    def latest_snapshot(self, url: str) -> Snapshot | None:
        rows = self._snapshot_rows("url = ?", [url], "fetched_at desc, {order} desc", limit=1)
        return rows[0] if rows else None

    def validators(self, urls: Iterable[str]) -> dict[str, Validator]:
        """For each URL whose latest snapshot is a good answer that named an `ETag` or a
        `Last-Modified`, what a conditional re-check sends, keyed by the URL it was served
        from (the final one, after redirects)."""
        latest = (self.latest_snapshot(url) for url in urls)
        found = (validator(snapshot) for snapshot in latest if snapshot is not None)
        return {v.url: v for v in found if v is not None}

    def all_snapshots(self) -> Iterator[Snapshot]:
        """Every snapshot, oldest first, read a page at a time (an export of years of
        nightly checks never holds them all)."""
        after: tuple[str, int] = ("", -1)
        while page := self._snapshots_after(after):
            yield from (snapshot_from_row(row) for row in page)
            after = (page[-1]["fetched_at"], page[-1]["position"])

    @_translated
    def _snapshots_after(self, after: tuple[str, int]) -> list[Row]:
        """The page of snapshot rows that follows `after` (its time and insertion order)."""
        order = self._db.order
        return self._db.dicts(
            f"select {order} as position, * from snapshots where (fetched_at, {order}) > (?, ?)"
            f" order by fetched_at, {order} limit {_EXPORT_PAGE}",
            after,
        )

    @_translated
    def link_trend(self) -> list[TrendDay]:
        """Per day, oldest first: how many cited URLs were checked and how many of their
        last answers that day failed or were inconclusive (probes and lookups left out).

        Kept per day (``trend_days``): a call counts again only the days from the last one
        kept on, so its cost follows a day's snapshots, not the whole archive's (3.5 s at
        2 million snapshots on PostgreSQL, counted whole: docs/scaling.md). A past day
        counts the URLs that were cited when it was counted; a snapshot recorded for a
        past day (a WARC import) has that day and the later ones counted again."""
        failed = [s.value for s in LinkStatus if s.failed]
        inconclusive = [s.value for s in LinkStatus if s.inconclusive]
        ((since,),) = self._db.rows("select coalesce(max(day), '') from trend_days")
        rows = self._db.rows(
            f"""
            with daily as (
              select substr(fetched_at, 1, 10) as day, status, row_number() over (
                partition by substr(fetched_at, 1, 10), url
                order by fetched_at desc, {self._db.order} desc
              ) as nth
              from snapshots
              where fetched_at >= ?
                and url in (select url from citations where url is not null)
            )
            select day, count(*), count(*) filter (where status in ({_in(failed)})),
                   count(*) filter (where status in ({_in(inconclusive)}))
            from daily where nth = 1 group by day
            """,
            [since, *failed, *inconclusive],
        )
        counted = [
            {"day": day, "checked": n, "failed": bad, "inconclusive": unsure}
            for day, n, bad, unsure in rows
        ]
        with self._db.transaction():
            self._db.insert("trend_days", counted, "replace")
        kept = self._db.rows(
            "select day, checked, failed, inconclusive from trend_days order by day"
        )
        return [TrendDay(date.fromisoformat(day), n, bad, unsure) for day, n, bad, unsure in kept]

    @_translated
    def stats(self) -> dict[str, Any]:
        """What the archive holds, in numbers: the cited URLs (each by its latest status)
        apart from what the tool asked for itself (site probes, captions, look-ups)."""
        one = self._db.rows
        ((snapshots, urls, first, last),) = one(
            "select count(*), count(distinct url), min(fetched_at), max(fetched_at) from snapshots"
        )
        ((bodies, size, stored),) = one(
            "select count(*), coalesce(sum(size), 0), coalesce(sum(stored_size), 0) from bodies"
        )
        cited = "url in (select url from citations where url is not null)"
        latest = one(
            f"""
            select status, count(*) from (
              select status, row_number() over (
                partition by url order by fetched_at desc, {self._db.order} desc) as nth
              from snapshots where {cited}
            ) as latest where nth = 1 group by status
            """
        )
        # `not exists`, not `not in`: PostgreSQL turns it into an anti-join; a `not in` over
        # more URLs than its work_mem holds is a nested loop (hours at 250,000 URLs)
        ((own_urls, own_snapshots),) = one(
            "select count(distinct url), count(*) from snapshots as s where not exists"
            " (select 1 from citations as c where c.url = s.url)"
        )
        return {
            "snapshots": snapshots,
            "urls": urls,
            "cited_urls": sum(count for _, count in latest),
            "cited_by_latest_status": dict(latest),
            "own_requests": {"urls": own_urls, "snapshots": own_snapshots},
            "first_fetch": first,
            "last_fetch": last,
            "bodies": bodies,
            "body_bytes": int(size),
            "stored_bytes": int(stored),
            "issues": one("select count(*) from issues")[0][0],
            "runs": one("select count(*) from runs")[0][0],
        }

    @_translated
    def snapshots(self, url: str) -> list[Snapshot]:
        """The history of one URL, oldest first."""
        return self._snapshot_rows("url = ?", [url], "fetched_at, {order}")

    @_translated
    def body(self, snapshot: Snapshot) -> bytes | None:
        """The body as fetched; ArchiveError if its file is missing or corrupt."""
        if snapshot.body_sha256 is None:
            return None
        return self._bodies.get(snapshot.body_sha256, snapshot.body_size)

    def _snapshot_rows(
        self, where: str, args: list[Any], order_by: str, limit: int | None = None
    ) -> list[Snapshot]:
        """Snapshots by an SQL condition, in an order (``{order}``: insertion order)."""
        sql = f"select * from snapshots where {where} order by {order_by}"
        sql = sql.replace("{order}", self._db.order) + (f" limit {limit}" if limit else "")
        return [snapshot_from_row(row) for row in self._db.dicts(sql, args)]

    # --- extracted pages (a cache keyed by snapshot and extractor version) ----

    @_translated
    def record_page(self, snapshot: Snapshot, page: Page, extractor: str) -> None:
        row = {"snapshot_id": snapshot.id, "extractor": extractor, "page": page_json(page)}
        with self._db.transaction():
            self._db.insert("pages", [row], "replace")

    @_translated
    def page(self, snapshot: Snapshot, extractor: str) -> Page | None:
        found = self._db.rows(
            "select page from pages where snapshot_id = ? and extractor = ?",
            [snapshot.id, extractor],
        )
        return page_from_json(found[0][0]) if found else None

    # --- window vectors (a cache: `verify.embeddings.VectorStore`) -------------

    @_translated
    def get_vectors(self, key: str) -> NDArray[np.float32] | None:
        """The vectors stored under `key`; None when absent or damaged (then re-embedded)."""
        found = self._db.rows(
            "select rows, dim, dtype, vectors from window_vectors where key = ?", [key]
        )
        return _vectors_from_row(*found[0]) if found else None

    @_translated
    def put_vectors(self, key: str, vectors: NDArray[np.float32]) -> None:
        """Store `vectors` unless `key` has some already: a key's vectors never change.

        Called while verifying, after the crawl's writer thread has finished,
        so like `record_page` it writes on the caller's thread.
        """
        row = _vectors_row(key, vectors)
        with self._db.transaction():
            self._db.insert("window_vectors", [row], "ignore")

    # --- issues (a description, rewritten on every run) -----------------------

    @_translated
    def record_issue(self, issue: Issue, source_text: str) -> None:
        """Insert or update the issue (keeping `first_seen`) and replace its citations."""
        row = issue_row(issue, source_text, now_iso())
        citations = [citation_row(issue.id, citation) for citation in issue.citations]
        with self._db.transaction():
            self._db.execute("delete from citations where issue_id = ?", [issue.id])
            self._db.insert("issues", [row], "replace", keep=("first_seen",))
            # `replace`: another worker may record the same issue at the same time
            self._db.insert("citations", citations, "replace")

    @_translated
    def issue_text(self, issue_id: str) -> str | None:
        """The source text the issue was last verified from, or None for an unknown issue."""
        found = self._db.rows("select source_text from issues where id = ?", [issue_id])
        return str(found[0][0]) if found else None

    @_translated
    def issue_ids(self) -> list[str]:
        """The id of every recorded issue, in order."""
        return [str(row[0]) for row in self._db.rows("select id from issues order by id")]

    @_translated
    def issues(self, ids: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
        """(issue id, path, source text) of the recorded issues `ids` (every one when None),
        by id."""
        sql = "select id, path, source_text from issues"
        if ids is not None:
            sql += f" where id in ({_in(ids)})" if ids else " where false"
        rows = self._db.rows(sql + " order by id", list(ids or ()))
        return [(row[0], row[1], row[2]) for row in rows]

    # --- reviews ---------------------------------------------------------------

    def record_review(self, review: Review) -> None:
        """Add a reviewer's decision on a finding (the latest one is its decision)."""
        row = {"id": uuid.uuid4().hex, **asdict(review), "decided_at": now_iso()}
        row["decision"] = review.decision.value
        self._add("reviews", row)

    @_translated
    def _add(self, table: str, row: Row) -> None:
        """Insert a row of history (its id made by the caller: once, however often this
        runs)."""
        with self._db.transaction():
            self._db.insert(table, [row], "ignore")

    @_translated
    def reviews(self, issue_id: str) -> dict[str, Review]:
        """Each finding's latest decision for the issue, by finding id."""
        rows = self._db.rows(
            "select finding, decision, note, evidence, decided_at from reviews "
            f"where issue_id = ? order by decided_at, {self._db.order}",
            [issue_id],
        )
        return {
            finding: Review(issue_id, finding, Decision(decision), note or "", evidence, at)
            for finding, decision, note, evidence, at in rows
        }

    # --- runs -----------------------------------------------------------------

    def start_run(self, issue_ids: Sequence[str], command: str) -> str:
        run_id = uuid.uuid4().hex
        row = {
            "id": run_id,
            "started_at": now_iso(),
            "finished_at": None,
            "command": command,
            "issue_ids": _issue_key(issue_ids),
        }
        self._add("runs", row)
        return run_id

    @_translated
    def finish_run(self, run_id: str) -> None:
        with self._db.transaction():
            changed = self._db.execute(
                "update runs set finished_at = ? where id = ?", [now_iso(), run_id]
            )
        if changed != 1:
            raise ArchiveError(f"archive {self._db.where}: no run {run_id!r}")

    @_translated
    def unfinished_run(self, issue_ids: Sequence[str]) -> str | None:
        """The latest run over exactly these issues, if it was interrupted."""
        latest = self._db.rows(
            "select id, finished_at from runs where issue_ids = ?"
            f" order by started_at desc, {self._db.order} desc limit 1",
            [_issue_key(issue_ids)],
        )
        return str(latest[0][0]) if latest and latest[0][1] is None else None

    @_translated
    def run_snapshots(self, run_id: str) -> dict[str, Snapshot]:
        """url -> the latest snapshot recorded in that run, to resume it."""
        found = self._snapshot_rows("run_id = ?", [run_id], "fetched_at, {order}")
        return {snapshot.url: snapshot for snapshot in found}


def _body_store(cache_dir: Path, url: str | None) -> Bodies:
    """The bodies' directory in the cache folder (made when missing), or the bucket `url`
    names (boto3, an optional extra, is imported only then)."""
    if url is None:
        store = BodyStore(cache_dir / "bodies")
        try:
            store.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cache directory {cache_dir} is not usable: {exc}") from None
        return store
    try:
        from verifier.archive._s3 import S3BodyStore
    except ImportError as exc:
        raise ArchiveError(str(exc)) from None
    bucket = S3BodyStore(url)
    bucket.check()
    return bucket


def _check_existing(db: Database) -> None:
    """Refuse a database that holds no archive (a command that only reads one)."""
    try:
        db.rows("select value from meta where key = 'schema_version'")
    except db.errors:
        raise ArchiveError(f"no archive in {db.where} (check --archive)") from None


def _body_row(stored: StoredBody) -> dict[str, Any]:
    return {
        "sha256": stored.sha256,
        "size": stored.size,
        "stored_size": stored.stored_size,
        "compression": COMPRESSION,
        "first_seen": now_iso(),
    }


def _vectors_row(key: str, vectors: NDArray[np.float32]) -> dict[str, Any]:
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim != 2:
        raise ValueError(f"window vectors must be 2-D (rows, dim), not of shape {array.shape}")
    rows, dim = array.shape
    return {
        "key": key,
        "rows": rows,
        "dim": dim,
        "dtype": _VECTOR_DTYPE,
        "vectors": np.ascontiguousarray(array, dtype=_STORED_FLOAT).tobytes(),
        "created": now_iso(),
    }


def _vectors_from_row(rows: Any, dim: Any, dtype: Any, blob: Any) -> NDArray[np.float32] | None:
    """The (rows, dim) array of a row, or None for a row that does not describe its bytes.

    A damaged cache row must cost a re-embedding, never a failed run.
    """
    if dtype != _VECTOR_DTYPE or not isinstance(blob, bytes):
        return None
    if not (isinstance(rows, int) and isinstance(dim, int) and rows >= 0 and dim >= 0):
        return None
    if len(blob) != rows * dim * _STORED_FLOAT.itemsize:
        return None
    # A writable, native-order copy, as `MemoryStore` would hand back.
    return np.frombuffer(blob, dtype=_STORED_FLOAT).reshape(rows, dim).astype(np.float32)


def _in(values: Sequence[str]) -> str:
    """The placeholders of an SQL `in (...)` over `values`."""
    return ", ".join("?" * len(values))


def _issue_key(issue_ids: Sequence[str]) -> str:
    """Order-free, so `run a b` resumes an interrupted `run b a`."""
    return json.dumps(sorted(set(issue_ids)))


def _body_sha256(result: FetchResult, stored: StoredBody | None) -> str | None:
    """The body a snapshot points at: the one just stored, or the archived one a 304 kept."""
    if stored is not None:
        return stored.sha256
    return result.unchanged.body_sha256 if result.unchanged is not None else None


def validator(snapshot: Snapshot) -> Validator | None:
    """What a conditional re-check of `snapshot`'s URL sends: for a good answer that named an
    `ETag` or a `Last-Modified`, keyed by the URL it was served from (the final one)."""
    if snapshot.body_sha256 is None or not snapshot.status.served:
        return None
    etag, modified = _header(snapshot, "etag"), _header(snapshot, "last-modified")
    if not (etag or modified):
        return None
    return Validator(
        snapshot.final_url,
        etag,
        modified,
        snapshot.body_sha256,
        snapshot.body_size,
        snapshot.content_type,
    )


def _header(snapshot: Snapshot, name: str) -> str | None:
    return next((value for key, value in snapshot.headers if key.lower() == name), None)
