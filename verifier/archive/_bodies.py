"""Response bodies on disk, stored once each under their SHA-256.

A body lives at ``bodies/ab/cd/<sha256>.zst``. It is written to a temporary
file in the same directory, fsync'd and renamed into place, so the final name
only ever points at a complete file: the database may refer to it as soon as
`put` returns, and a crash before that leaves at worst an orphan, which is
harmless. Reading checks the hash, so silent disk corruption is reported
instead of being passed on as a source's text.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import zstandard

from verifier.errors import ArchiveError

COMPRESSION = "zstd"
_READ_CHUNK = 1 << 20


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

    def path(self, sha256: str) -> Path:
        """Two levels of fan-out keep directories small on big archives."""
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.zst"

    def put(self, body: bytes) -> StoredBody:
        """Store `body` unless an identical one is already there."""
        sha256 = hashlib.sha256(body).hexdigest()
        target = self.path(sha256)
        if target.exists():
            return StoredBody(sha256, len(body), target.stat().st_size)
        compressed = zstandard.ZstdCompressor(write_content_size=True).compress(body)
        _write_atomically(target, compressed)
        return StoredBody(sha256, len(body), len(compressed))

    def get(self, sha256: str, size: int) -> bytes:
        """Return the body, or raise ArchiveError if it is missing or damaged."""
        target = self.path(sha256)
        try:
            compressed = target.read_bytes()
        except FileNotFoundError:
            raise ArchiveError(f"archived body {target} is missing") from None
        body = _decompress(compressed, size, target)
        if len(body) != size or hashlib.sha256(body).hexdigest() != sha256:
            raise ArchiveError(f"archived body {target} is corrupt (SHA-256 mismatch)")
        return body


def _decompress(compressed: bytes, size: int, target: Path) -> bytes:
    """Decompress at most `size` + 1 bytes: a damaged header cannot balloon memory."""
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


def _write_atomically(target: Path, data: bytes) -> None:
    """Temp file in the same directory, fsync, rename, fsync the directory."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable before a database row refers to it."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
