"""The archive's tables, created once and versioned in `meta`.

| table          | one row per                       | written                        |
| -------------- | --------------------------------- | ------------------------------ |
| meta           | setting (``schema_version``)      | when the archive is created    |
| runs           | `verifier run`/`links` call       | at start, again at finish      |
| bodies         | distinct body (SHA-256)           | first time a body is seen      |
| snapshots      | fetch of a URL                    | every fetch, never updated     |
| pages          | (snapshot, extractor version)     | per extraction (a cache)       |
| issues         | issue id                          | replaced on every run          |
| citations      | (issue, citation id)              | replaced with their issue      |
| window_vectors | (embedder, windowing, text hash)  | first embedding, never updated |
| reviews        | reviewer's decision on a finding  | every decision, never updated  |

`snapshots`, `bodies`, `runs` and `reviews` are history and only ever grow (a finding's
latest review is its decision); `pages`,
`issues` and `citations` are derived descriptions that may be rewritten;
`window_vectors` is a cache that is only added to (its key names the
embedder and the windowing, so a changed one writes new rows).

A table added in a later version is created when an older archive is next
opened (every open creates what is missing), so additions such as
`window_vectors` leave `SCHEMA_VERSION` alone: an older verifier ignores the
table, and no existing row changes. Bump the version only for a change that
an older verifier would misread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlite_utils import Database

from verifier.errors import ArchiveError

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class _Table:
    """One table's explicit schema, so no column type is ever guessed from data."""

    columns: dict[str, type]
    pk: str | tuple[str, ...]
    not_null: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()


_TABLES: dict[str, _Table] = {
    "meta": _Table({"key": str, "value": str}, pk="key"),
    "runs": _Table(
        {
            "id": str,
            "started_at": str,
            "finished_at": str,
            "command": str,
            "issue_ids": str,
        },
        pk="id",
        not_null=("started_at", "command", "issue_ids"),
    ),
    "bodies": _Table(
        {
            "sha256": str,
            "size": int,
            "stored_size": int,
            "compression": str,
            "first_seen": str,
        },
        pk="sha256",
        not_null=("size", "stored_size", "compression", "first_seen"),
    ),
    "snapshots": _Table(
        {
            "id": str,
            "url": str,
            "final_url": str,
            "status": str,
            "reason": str,
            "http_status": int,
            "hops": str,
            "headers": str,
            "content_type": str,
            "body_sha256": str,
            "body_size": int,
            "fetched_at": str,
            "elapsed": float,
            "attempts": int,
            "truncated": int,
            "error": str,
            "run_id": str,
        },
        pk="id",
        not_null=("url", "final_url", "status", "reason", "hops", "headers", "fetched_at"),
        foreign_keys=(("body_sha256", "bodies", "sha256"), ("run_id", "runs", "id")),
    ),
    "pages": _Table(
        {"snapshot_id": str, "extractor": str, "page": str},
        pk=("snapshot_id", "extractor"),
        not_null=("page",),
        foreign_keys=(("snapshot_id", "snapshots", "id"),),
    ),
    "issues": _Table(
        {
            "id": str,
            "title": str,
            "date": str,
            "path": str,
            "format": str,
            "source_text": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        not_null=("title", "path", "format", "source_text", "first_seen", "last_seen"),
    ),
    "citations": _Table(
        {
            "issue_id": str,
            "id": str,
            "line": int,
            "kind": str,
            "url": str,
            "cited_title": str,
            "cited_publisher": str,
            "cited_date": str,
            "cited_date_role": str,
            "cited_date_text": str,
        },
        pk=("issue_id", "id"),
        not_null=("line", "kind"),
        foreign_keys=(("issue_id", "issues", "id"),),
    ),
    # A reviewer's decision on a finding (`triage` entry id) of an issue, with the key of
    # the evidence it was made on: a changed claim or source makes the finding come back.
    "reviews": _Table(
        {
            "id": str,
            "issue_id": str,
            "finding": str,
            "decision": str,
            "note": str,
            "evidence": str,
            "decided_at": str,
        },
        pk="id",
        not_null=("issue_id", "finding", "decision", "evidence", "decided_at"),
    ),
    # Row-major float32 (little-endian) of shape (rows, dim): see Archive.get_vectors.
    "window_vectors": _Table(
        {"key": str, "rows": int, "dim": int, "dtype": str, "vectors": bytes, "created": str},
        pk="key",
        not_null=("rows", "dim", "dtype", "vectors"),
    ),
}

_INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("snapshots", ("url", "fetched_at")),
    ("snapshots", ("run_id", "url")),
    ("snapshots", ("body_sha256",)),
    ("citations", ("url",)),
    ("runs", ("issue_ids", "started_at")),
    ("reviews", ("issue_id", "finding", "decided_at")),
)


@contextmanager
def immediate(db: Database) -> Iterator[None]:
    """A write transaction that takes the write lock when it begins (waiting up to the busy
    timeout for another writer), not when it first writes: a transaction that reads first
    and writes after another process committed would otherwise fail at once with "database
    is locked" (the service's workers write to one archive at the same time)."""
    if db.conn.in_transaction:
        with db.atomic():  # inside one already: a savepoint
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.execute("COMMIT")


def ensure_schema(db: Database) -> None:
    """Create what is missing, in one transaction; refuse a newer schema."""
    version = _stored_version(db)
    if version is not None and version > SCHEMA_VERSION:
        raise ArchiveError(
            f"archive schema version {version} is newer than this verifier supports "
            f"({SCHEMA_VERSION}); upgrade verifier"
        )
    with immediate(db):
        for name, table in _TABLES.items():
            db.create_table(
                name,
                table.columns,
                pk=table.pk,
                not_null=table.not_null,
                foreign_keys=list(table.foreign_keys),
                if_not_exists=True,
            )
        for table_name, columns in _INDEXES:
            db.table(table_name).create_index(columns, if_not_exists=True)
        db.table("meta").insert(
            {"key": "schema_version", "value": str(SCHEMA_VERSION)}, ignore=True
        )


def _stored_version(db: Database) -> int | None:
    if not db["meta"].exists():
        return None
    row = db.execute("select value from meta where key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else None
    except ValueError:
        raise ArchiveError(f"archive schema version {row[0]!r} is not a number") from None
