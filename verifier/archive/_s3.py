"""Response bodies in an S3-compatible bucket, stored once each under their SHA-256.

Why: `BodyStore` keeps the bodies in a directory, so every machine that records or reads
snapshots must share one disk. With the rows in PostgreSQL (`_database`) and the bodies here,
several machines (crawl workers, the service) share one archive with no shared file system:
AWS S3, MinIO, Ceph, Cloudflare R2 or any other S3-compatible store.

Layout mirrors the directory store: ``s3://bucket/prefix/ab/<sha256>.zst``, the same
zstandard frames (`StoredBody`, `COMPRESSION` and the bounded `decompress` are shared with
`_bodies`), so a directory synced into a bucket (``aws s3 sync bodies/ s3://bucket/prefix/``)
is a valid store, and the other way round.

Where: boto3's own configuration, nothing of ours. The endpoint comes from
``AWS_ENDPOINT_URL_S3`` or ``AWS_ENDPOINT_URL`` (or ``endpoint_url`` in the AWS config file),
the credentials, region, retries (``AWS_MAX_ATTEMPTS``, ``AWS_RETRY_MODE``) and addressing
style from the usual AWS environment variables, config files and profiles.

What it costs: storing a body is one HEAD request (is it there already?) and, for a new body,
one PUT, one after the other: a batch of n new bodies is 2n round trips, where the directory
store pays a stat, a write and an fsync. Reading one is one GET. The HEAD of a missing key
answers 404 only with the ``s3:ListBucket`` permission on the bucket (else 403, reported as
an error), so the credentials need ``s3:ListBucket``, ``s3:GetObject`` and ``s3:PutObject``.

Durability: an S3 PUT is atomic (a reader sees the whole object or none) and durable once it
returns, so no temporary name, fsync or rename is needed: when `put_many` returns, the
database may refer to every body it stored. Reading checks the hash, as the directory does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import zstandard

from verifier.archive._bodies import COMPRESSION, StoredBody, decompress
from verifier.errors import ArchiveError

try:
    from boto3.session import Session
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError as exc:  # the optional extra: pip install 'verifier[s3]'
    message = f"an s3:// body store needs boto3 (pip install 'verifier[s3]'): {exc}"
    raise ImportError(message) from exc

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

#: Error codes that mean "no such object" (a HEAD has no body, so only its status: 404).
_NOT_FOUND = frozenset({"404", "NoSuchKey", "NotFound"})
#: A dead or black-holed endpoint must not hang a crawl for minutes (botocore waits 60 s a try).
_DEFAULTS = Config(connect_timeout=10, read_timeout=60)
_CONTENT_TYPE = f"application/{COMPRESSION}"  # RFC 8878's media type of a zstandard frame


class S3BodyStore:
    """A content-addressed prefix of zstandard-compressed bodies in an S3-compatible bucket.

    The same `put_many` and `get` as `BodyStore`, so the archive may use either.
    """

    def __init__(self, url: str, *, config: Config | None = None) -> None:
        """Open ``s3://bucket`` or ``s3://bucket/prefix``; `config` (timeouts, retries) is
        merged over the defaults. Nothing is sent until the first call (`check` to try)."""
        self.bucket, self.prefix = _parse_url(url)
        self.url = f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"
        merged = _DEFAULTS if config is None else _DEFAULTS.merge(config)
        try:
            self._client: S3Client = Session().client("s3", config=merged)
        except (BotoCoreError, ValueError) as exc:  # a malformed AWS_ENDPOINT_URL, profile...
            raise ArchiveError(f"body store {self.url} is not usable: {_one_line(exc)}") from None
        self._compressor = zstandard.ZstdCompressor(write_content_size=True)

    def key(self, sha256: str) -> str:
        """The object key: the directory store's 256 fan-out folders, under the prefix."""
        name = f"{sha256[:2]}/{sha256}.zst"
        return f"{self.prefix}/{name}" if self.prefix else name

    def location(self, sha256: str) -> str:
        """The body's ``s3://bucket/key``, as the errors name it."""
        return f"s3://{self.bucket}/{self.key(sha256)}"

    def check(self) -> None:
        """Raise ArchiveError unless the bucket is reachable with these credentials (a HEAD)."""
        try:
            self._client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if _code(exc) in _NOT_FOUND | {"NoSuchBucket"}:
                raise ArchiveError(f"body store {self.url}: no such bucket") from None
            raise ArchiveError(f"body store {self.url} is not usable: {_one_line(exc)}") from None
        except BotoCoreError as exc:
            raise ArchiveError(f"body store {self.url} is not usable: {_one_line(exc)}") from None

    def put_many(self, bodies: Sequence[bytes]) -> list[StoredBody]:
        """Store each body unless an identical one is already there.

        One HEAD per body, and a PUT for each new one. A PUT is atomic and durable when it
        returns, so on return every new body is stored for good (no temporary name or rename).
        """
        stored: list[StoredBody] = []
        seen: dict[str, int] = {}  # sha256 -> stored size, for a body twice in one batch
        for body in bodies:
            sha256 = hashlib.sha256(body).hexdigest()
            stored_size = seen.get(sha256)
            if stored_size is None:
                stored_size = self._stored_size(sha256)
            if stored_size is None:
                compressed = self._compressor.compress(body)
                self._put(sha256, compressed)
                stored_size = len(compressed)
            seen[sha256] = stored_size
            stored.append(StoredBody(sha256, len(body), stored_size))
        return stored

    def get(self, sha256: str, size: int) -> bytes:
        """Return the body, or raise ArchiveError if it is missing or damaged."""
        where = self.location(sha256)
        try:
            response = self._client.get_object(Bucket=self.bucket, Key=self.key(sha256))
            compressed = response["Body"].read()
        except ClientError as exc:
            if _code(exc) in _NOT_FOUND:
                raise ArchiveError(f"archived body {where} is missing") from None
            raise _failed("read", where, exc) from None
        except BotoCoreError as exc:
            raise _failed("read", where, exc) from None
        body = decompress(compressed, size, where)
        if len(body) != size or hashlib.sha256(body).hexdigest() != sha256:
            raise ArchiveError(f"archived body {where} is corrupt (SHA-256 mismatch)")
        return body

    def _stored_size(self, sha256: str) -> int | None:
        """The compressed size of the body already stored, or None when there is none."""
        try:
            head = self._client.head_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if _code(exc) in _NOT_FOUND:
                return None
            raise _failed("look up", self.location(sha256), exc) from None
        except BotoCoreError as exc:
            raise _failed("look up", self.location(sha256), exc) from None
        return head["ContentLength"]

    def _put(self, sha256: str, compressed: bytes) -> None:
        try:
            self._client.put_object(
                Bucket=self.bucket,
                Key=self.key(sha256),
                Body=compressed,
                ContentType=_CONTENT_TYPE,
            )
        except (BotoCoreError, ClientError) as exc:
            raise _failed("store", self.location(sha256), exc) from None


def _parse_url(url: str) -> tuple[str, str]:
    """``s3://bucket/a/b/`` -> ("bucket", "a/b"); ArchiveError for anything else."""
    parts = urlsplit(url)
    prefix = "/".join(part for part in parts.path.split("/") if part)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ArchiveError(f"body store {url!r}: expected s3://bucket or s3://bucket/prefix")
    return parts.netloc, prefix


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _failed(doing: str, where: str, exc: Exception) -> ArchiveError:
    return ArchiveError(f"cannot {doing} archived body {where}: {_one_line(exc)}")


def _one_line(exc: Exception) -> str:
    """botocore's messages are mostly one line already; a server's may not be."""
    return " ".join(str(exc).split()) or type(exc).__name__
