"""The durable archive: every fetch kept for good (SQLite + bodies by hash).

Only this package imports sqlite_utils and psycopg. See `_archive` for the layout and the
crash-safety rules, `_schema` for the tables, `_database` for the two backends (SQLite, the
default, and PostgreSQL); the service keeps its jobs through the same `Database`.
"""

from __future__ import annotations

from verifier.archive._archive import Archive, validator
from verifier.archive._database import Database, Table, open_database
from verifier.archive._exchange import export_warc, import_warc
from verifier.archive._warc import WarcResponse, read_warc, write_warc

__all__ = [
    "Archive",
    "Database",
    "Table",
    "WarcResponse",
    "export_warc",
    "import_warc",
    "open_database",
    "read_warc",
    "validator",
    "write_warc",
]
