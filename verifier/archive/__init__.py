"""The durable archive: every fetch kept for good (SQLite + bodies by hash).

Only this package imports sqlite_utils. See `_archive` for the layout and the
crash-safety rules, `_schema` for the tables.
"""

from __future__ import annotations

from verifier.archive._archive import Archive, validator
from verifier.archive._exchange import export_warc, import_warc
from verifier.archive._warc import WarcResponse, read_warc, write_warc

__all__ = [
    "Archive",
    "WarcResponse",
    "export_warc",
    "import_warc",
    "read_warc",
    "validator",
    "write_warc",
]
