"""Response bodies on disk, stored once each under their SHA-256.

A body lives at ``bodies/ab/<sha256>.zst``. It is written to a temporary
file in the same directory, fsync'd and renamed into place, so the final name
only ever points at a complete file; the directories touched are fsync'd once
per batch, so the database may refer to the bodies as soon as `put_many`
returns, and a crash before that leaves at worst an orphan, which is
harmless. Reading checks the hash, so silent disk corruption is reported
instead of being passed on as a source's text.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import zstandard

from verifier.errors import ArchiveError

COMPRESSION = "zstd"
_READ_CHUNK = 1 << 20


class Bodies(Protocol):
    """Where bodies are kept: a directory (`BodyStore`) or a bucket (`_s3.S3BodyStore`)."""

    def put_many(self, bodies: Sequence[bytes]) -> list[StoredBody]: ...

    def get(self, sha256: str, size: int) -> bytes: ...


@dataclass(frozen=True, slots=True)
class StoredBody:
    """Where a body went and what it cost on disk."""

    sha256: str
    size: int
    stored_size: int


class BodyStore:
    """A content-addressed directory of zstandard-compressed bodies."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._made: set[Path] = set()  # directories known to exist: mkdir is not free
        self._compressor = zstandard.ZstdCompressor(write_content_size=True)

    def path(self, sha256: str) -> Path:
        """256 fan-out directories: each holds ~4,000 files per million bodies."""
        return self.root / sha256[:2] / f"{sha256}.zst"

    def put_many(self, bodies: Sequence[bytes]) -> list[StoredBody]:
        """Store each body unless an identical one is already there.

        On return every new file, and its directory entry, is durable.
        """
        stored: list[StoredBody] = []
        touched: set[Path] = set()
        for body in bodies:
            sha256 = hashlib.sha256(body).hexdigest()
            target = self.path(sha256)
            if target.exists():
                stored.append(StoredBody(sha256, len(body), target.stat().st_size))
                continue
            compressed = self._compressor.compress(body)
            self._make_dir(target.parent)
            _write_durably(target, compressed)
            touched.add(target.parent)
            stored.append(StoredBody(sha256, len(body), len(compressed)))
        for directory in touched:
            _fsync_dir(directory)
        return stored

    def _make_dir(self, directory: Path) -> None:
        if directory not in self._made:
            directory.mkdir(parents=True, exist_ok=True)
            self._made.add(directory)

    def get(self, sha256: str, size: int) -> bytes:
        """Return the body, or raise ArchiveError if it is missing or damaged."""
        target = self.path(sha256)
        try:
            compressed = target.read_bytes()
        except FileNotFoundError:
            raise ArchiveError(f"archived body {target} is missing") from None
        body = decompress(compressed, size, target)
        if len(body) != size or hashlib.sha256(body).hexdigest() != sha256:
            raise ArchiveError(f"archived body {target} is corrupt (SHA-256 mismatch)")
        return body


def decompress(compressed: bytes, size: int, target: Path | str) -> bytes:
    """Decompress at most `size` + 1 bytes: a damaged header cannot balloon memory (`target`
    names the body's file or object in an error)."""
    reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(compressed))
    out = bytearray()
    try:
        while len(out) <= size:
            chunk = reader.read(min(_READ_CHUNK, size + 1 - len(out)))
            if not chunk:
                break
            out += chunk
    except zstandard.ZstdError as exc:
        raise ArchiveError(f"archived body {target} is corrupt ({exc})") from None
    return bytes(out)


_temp_names = itertools.count()


def _write_durably(target: Path, data: bytes) -> None:
    """Temp file in the same directory, fsync, rename (the caller fsyncs the directory).

    The temporary name is made of the process, thread and a counter instead of by
    `tempfile.mkstemp`, whose random names cost more CPU than the write (0.45 ms a body, held
    under the GIL while the crawl waits for it). No live writer shares the name, so one left
    by a crashed process is simply truncated."""
    tmp = target.parent / f".{os.getpid()}-{threading.get_ident()}-{next(_temp_names)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable before a database row refers to it."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
