"""The two databases the archive runs on, behind one SQL surface.

SQLite (through sqlite-utils) is the embedded default: one file beside the bodies, nothing
to install. PostgreSQL (psycopg 3) is for many workers on many machines. Every query is
written once, in the SQL both understand (``?`` placeholders, ``on conflict``, window
functions, ``filter`` on aggregates), and runs unchanged on either; a backend holds only
what truly differs: connecting, creating tables, the column that keeps insertion order
(SQLite's ``rowid``, an identity column ``seq`` in PostgreSQL), and which errors mean "the
server went away": those are retried on a new connection for `RECONNECT_FOR` seconds, so a
PostgreSQL restart costs a pause, not a run.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import psycopg
from sqlite_utils import Database as SqliteUtilsDatabase
from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential,
)

from verifier.errors import ArchiveError
from verifier.settings import shown_url

BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite writer waits for another process's write to finish."""
RECONNECT_FOR = 60.0
"""Seconds a PostgreSQL operation keeps reconnecting (a restart takes a few) before it fails."""

Conflict = Literal["error", "ignore", "replace"]
Row = dict[str, Any]
_SQL_TYPES = {str: "text", int: "bigint", float: "double precision", bytes: "bytea"}


@dataclass(frozen=True, slots=True)
class Table:
    """One table's explicit schema, so no column type is ever guessed from data."""

    columns: dict[str, type]
    pk: str | tuple[str, ...]
    not_null: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.pk,) if isinstance(self.pk, str) else self.pk


Index = tuple[str, tuple[str, ...]]


class Database(ABC):
    """A connection to the archive's database: the SQL surface every query goes through."""

    order: str
    """The column that orders rows by insertion (a tie-breaker after a time)."""
    errors: tuple[type[Exception], ...]
    """What this backend raises (translated into `ArchiveError` by the archive)."""

    def __init__(self, where: str) -> None:
        self.where = where
        self._tables: dict[str, Table] = {}

    @abstractmethod
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows a query returns."""

    @abstractmethod
    def dicts(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows a query returns, each by column name."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; how many rows it changed."""

    @abstractmethod
    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run a statement once per row of parameters."""

    @abstractmethod
    def transaction(self) -> Any:
        """A context in which every statement commits together or not at all (writers queue
        at its start, so one that reads before it writes never fails on a busy database)."""

    @abstractmethod
    def _create(self, name: str, table: Table) -> None: ...

    @abstractmethod
    def _columns(self, name: str) -> set[str]:
        """The columns table `name` has."""

    @abstractmethod
    def _serialised(self) -> Any:
        """A context in which no other process creates the schema at the same time."""

    @abstractmethod
    def close(self) -> None: ...

    def lost(self, exc: BaseException) -> bool:
        """Whether `exc` means the connection is gone (worth reconnecting and retrying)."""
        return False

    @abstractmethod
    def reconnect(self) -> None:
        """Drop the connection; the next statement opens a new one."""

    def retrying(self) -> Retrying:
        """How an operation is retried: on a lost connection, for `RECONNECT_FOR` seconds."""
        return Retrying(
            retry=retry_if_exception(self.lost),
            wait=wait_exponential(multiplier=0.2, max=2.0),
            stop=stop_after_delay(RECONNECT_FOR) | stop_after_attempt(200),
            before_sleep=lambda _: self.reconnect(),
            reraise=True,
        )

    def create(self, tables: Mapping[str, Table], indexes: Sequence[Index]) -> None:
        """Create the tables, columns and indexes that are missing (safe with several
        processes): a column added in a later version appears, empty, in an older table."""
        self._tables.update(tables)
        with self._serialised():
            for name, table in tables.items():
                self._create(name, table)
                for column, kind in table.columns.items():
                    if column not in self._columns(name):
                        self.execute(f"alter table {name} add column {column} {_SQL_TYPES[kind]}")
            for name, columns in indexes:
                index = f"idx_{name}_{'_'.join(columns)}"
                self.execute(f"create index if not exists {index} on {name} ({', '.join(columns)})")

    def insert(
        self, name: str, rows: Sequence[Row], conflict: Conflict = "error", keep: Sequence[str] = ()
    ) -> None:
        """Insert `rows` (dicts of the same columns) into table `name`; on a primary key
        already there: fail, keep the row there (`ignore`), or update it (`replace`: all but
        the `keep` columns)."""
        if not rows:
            return
        columns = list(rows[0])
        sql = f"insert into {name} ({', '.join(columns)}) values ({', '.join('?' * len(columns))})"
        keys = self._tables[name].keys
        if conflict == "ignore":
            sql += f" on conflict ({', '.join(keys)}) do nothing"
        elif conflict == "replace":
            changed = [f"{c} = excluded.{c}" for c in columns if c not in (*keys, *keep)]
            sql += f" on conflict ({', '.join(keys)}) do update set {', '.join(changed)}"
        self.execute_many(sql, [tuple(row[c] for c in columns) for row in rows])


class SqliteDatabase(Database):
    """One SQLite file in WAL mode, opened through sqlite-utils."""

    order = "rowid"
    errors = (sqlite3.Error,)

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        # Autocommit: every transaction is an explicit `transaction()`. One thread at a time
        # uses a connection, but not always the one that opened it (the crawl's writer).
        connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db = SqliteUtilsDatabase(connection, execute_plugins=False)
        try:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.enable_wal()
            # WAL + NORMAL stays consistent after a crash; a power cut may lose the
            # last commits, never a body (each is fsync'd before its row).
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error:
            connection.close()
            raise

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.db.conn.execute(sql, params).fetchall()

    def dicts(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self.db.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.db.conn.execute(sql, params).rowcount

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.db.conn.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE``: the write lock is taken when the transaction begins (waiting
        up to the busy timeout for another writer), not when it first writes; a transaction
        that read first and wrote after another process committed would otherwise fail at
        once with "database is locked". Inside one already: a savepoint."""
        conn = self.db.conn
        if conn.in_transaction:
            conn.execute("SAVEPOINT nested")
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK TO nested")
                raise
            finally:
                conn.execute("RELEASE nested")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.rollback()
            raise
        conn.execute("COMMIT")

    def _serialised(self) -> Any:
        return self.transaction()

    def _create(self, name: str, table: Table) -> None:
        self.db.create_table(
            name,
            table.columns,
            pk=table.pk,
            not_null=table.not_null,
            foreign_keys=list(table.foreign_keys),
            if_not_exists=True,
        )

    def _columns(self, name: str) -> set[str]:
        return set(self.db[name].columns_dict)

    def reconnect(self) -> None:
        """A file is never lost as a server is: nothing to do."""

    def close(self) -> None:
        self.db.close()


class PostgresDatabase(Database):
    """A PostgreSQL database named by a ``postgresql://`` URL (psycopg 3), reconnected
    when its server restarts."""

    order = "seq"
    errors = (psycopg.Error,)

    def __init__(self, url: str) -> None:
        super().__init__(shown_url(url))
        self.url = url
        self._conn: psycopg.Connection[Any] | None = None
        self._connection()  # a server that is not there at all is one line now, not in 60 s

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        return self._conn

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connection().cursor() as cursor:
            cursor.execute(_placeholders(sql), params)
            return cursor.fetchall() if cursor.description else []

    def dicts(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._connection().cursor() as cursor:
            cursor.execute(_placeholders(sql), params)
            names = [column.name for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._connection().cursor() as cursor:
            cursor.execute(_placeholders(sql), params)
            return cursor.rowcount

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._connection().cursor() as cursor:
            cursor.executemany(_placeholders(sql), rows)

    def transaction(self) -> Any:
        return self._connection().transaction()

    @contextmanager
    def _serialised(self) -> Iterator[None]:
        with self.transaction():
            self.execute("select pg_advisory_xact_lock(hashtext('verifier schema'))")
            yield

    def _create(self, name: str, table: Table) -> None:
        columns = ["seq bigint generated always as identity"]
        for column, kind in table.columns.items():
            null = " not null" if column in table.not_null else ""
            columns.append(f"{column} {_SQL_TYPES[kind]}{null}")
        columns.append(f"primary key ({', '.join(table.keys)})")
        for column, other, other_column in table.foreign_keys:
            columns.append(f"foreign key ({column}) references {other} ({other_column})")
        self.execute(f"create table if not exists {name} ({', '.join(columns)})")

    def _columns(self, name: str) -> set[str]:
        found = self.rows(
            "select column_name from information_schema.columns"
            " where table_schema = current_schema() and table_name = ?",
            [name],
        )
        return {column for (column,) in found}

    def lost(self, exc: BaseException) -> bool:
        return isinstance(exc, psycopg.OperationalError) or (
            self._conn is not None and self._conn.broken
        )

    def reconnect(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None

    def close(self) -> None:
        self.reconnect()


def open_database(target: str | Path) -> Database:
    """A ``postgresql://`` URL's database, or the SQLite file at a path; one line if it
    cannot be opened."""
    if isinstance(target, str) and is_postgres_url(target):
        try:
            return PostgresDatabase(target)
        except psycopg.Error as exc:
            shown = shown_url(target)
            raise ArchiveError(f"cannot use PostgreSQL at {shown}: {first_line(exc)}") from None
    try:
        return SqliteDatabase(Path(target))
    except sqlite3.Error as exc:
        raise ArchiveError(f"{target} is not a usable archive database: {exc}") from None


def is_postgres_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def _placeholders(sql: str) -> str:
    """The archive's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def first_line(exc: BaseException) -> str:
    """An error's first line (a database's may run to several), or its type's name."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
