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
| trend_days     | day of the link-rot trend         | as the index is written        |

`snapshots`, `bodies`, `runs` and `reviews` are history and only ever grow (a finding's
latest review is its decision); `pages`,
`issues` and `citations` are derived descriptions that may be rewritten;
`trend_days` is a cache of the link-rot trend, by day (`Archive.link_trend`);
`window_vectors` is a cache that is only added to (its key names the
embedder and the windowing, so a changed one writes new rows).

A table added in a later version is created when an older archive is next
opened (every open creates what is missing), so additions such as
`window_vectors` leave `SCHEMA_VERSION` alone: an older verifier ignores the
table, and no existing row changes. Bump the version only for a change that
an older verifier would misread.
"""

from __future__ import annotations

from verifier.archive._database import Database, Index, Table
from verifier.errors import ArchiveError

SCHEMA_VERSION = 1

_TABLES: dict[str, Table] = {
    "meta": Table({"key": str, "value": str}, pk="key"),
    "runs": Table(
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
    "bodies": Table(
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
    "snapshots": Table(
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
    "pages": Table(
        {"snapshot_id": str, "extractor": str, "page": str},
        pk=("snapshot_id", "extractor"),
        not_null=("page",),
        foreign_keys=(("snapshot_id", "snapshots", "id"),),
    ),
    "issues": Table(
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
    "citations": Table(
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
    "reviews": Table(
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
    # The link-rot trend, one row a day (`Archive.link_trend`): cited URLs checked that
    # day, and how many of their last answers that day failed or were inconclusive.
    "trend_days": Table(
        {"day": str, "checked": int, "failed": int, "inconclusive": int},
        pk="day",
        not_null=("checked", "failed", "inconclusive"),
    ),
    # Row-major float32 (little-endian) of shape (rows, dim): see Archive.get_vectors.
    "window_vectors": Table(
        {"key": str, "rows": int, "dim": int, "dtype": str, "vectors": bytes, "created": str},
        pk="key",
        not_null=("rows", "dim", "dtype", "vectors"),
    ),
}

_INDEXES: tuple[Index, ...] = (
    ("snapshots", ("url", "fetched_at")),
    ("snapshots", ("run_id", "url")),
    ("snapshots", ("body_sha256",)),
    ("snapshots", ("fetched_at",)),
    ("citations", ("url",)),
    ("runs", ("issue_ids", "started_at")),
    ("reviews", ("issue_id", "finding", "decided_at")),
)


def ensure_schema(db: Database) -> None:
    """Create what is missing (the same tables on either backend); refuse a newer schema."""
    db.create({"meta": _TABLES["meta"]}, ())
    version = _stored_version(db)
    if version is not None and version > SCHEMA_VERSION:
        raise ArchiveError(
            f"archive schema version {version} is newer than this verifier supports "
            f"({SCHEMA_VERSION}); upgrade verifier"
        )
    db.create(_TABLES, _INDEXES)
    db.insert("meta", [{"key": "schema_version", "value": str(SCHEMA_VERSION)}], "ignore")


def _stored_version(db: Database) -> int | None:
    found = db.rows("select value from meta where key = 'schema_version'")
    try:
        return int(found[0][0]) if found else None
    except ValueError:
        raise ArchiveError(f"archive schema version {found[0][0]!r} is not a number") from None
