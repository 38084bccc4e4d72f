"""`S3BodyStore` against moto's S3 server on 127.0.0.1: what `BodyStore` promises, in a bucket.

The store finds its endpoint and credentials the way boto3 does (``AWS_ENDPOINT_URL`` and
friends), so the fixture sets those and nothing else; each test gets a bucket of its own.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import socket
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
import pytest
import zstandard
from botocore.config import Config
from moto.server import ThreadedMotoServer

from verifier.archive import Archive
from verifier.archive._bodies import BodyStore
from verifier.archive._s3 import S3BodyStore
from verifier.errors import ArchiveError
from verifier.types import FetchResult, LinkStatus

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

BODIES = [
    b"<html><body>hello</body></html>",
    bytes(range(256)) * 64,  # binary, every byte value
    b"\x00",
    b"\n",
    "caf\u00e9 \u65e5\u672c\u8a9e".encode(),
    os.urandom(3000),  # incompressible
    b"a" * 1_000_000,  # very compressible
]
#: Quick to give up on an endpoint that is not there.
QUICK = Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 2, "mode": "standard"})


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, moto_endpoint: str) -> str:
    """boto3's standard settings pointing at moto, and no one's real AWS configuration."""
    for name in list(os.environ):
        if name.startswith("AWS_") or name.lower() in {"http_proxy", "https_proxy"}:
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return moto_endpoint


@pytest.fixture
def s3(aws_env: str) -> S3Client:
    """The tests' own client: to make buckets and to look at, or damage, what the store wrote."""
    return boto3.session.Session().client("s3")


@pytest.fixture
def bucket(s3: S3Client) -> str:
    name = f"bodies-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


def keys(s3: S3Client, bucket: str) -> list[str]:
    listing = s3.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def test_bodies_come_back_as_stored(bucket: str) -> None:
    store = S3BodyStore(f"s3://{bucket}")
    stored = store.put_many(BODIES)
    assert [s.sha256 for s in stored] == [sha(body) for body in BODIES]
    assert [s.size for s in stored] == [len(body) for body in BODIES]
    again = S3BodyStore(f"s3://{bucket}")  # another machine: nothing shared but the bucket
    for body in BODIES:
        assert again.get(sha(body), len(body)) == body


def test_the_layout_and_frames_are_the_directory_stores(
    s3: S3Client, bucket: str, tmp_path: Path
) -> None:
    """A bucket synced to a directory is a `BodyStore`: same keys, same zstandard frames."""
    store = S3BodyStore(f"s3://{bucket}")
    store.put_many(BODIES[:3])
    expected = sorted(f"{sha(b)[:2]}/{sha(b)}.zst" for b in BODIES[:3])
    assert keys(s3, bucket) == expected
    for key in expected:
        target = tmp_path / key
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    directory = BodyStore(tmp_path)
    for body in BODIES[:3]:
        assert directory.get(sha(body), len(body)) == body


def test_stored_sizes_are_the_objects_sizes(s3: S3Client, bucket: str) -> None:
    store = S3BodyStore(f"s3://{bucket}")
    first = store.put_many(BODIES)
    for body, entry in zip(BODIES, first, strict=True):
        head = s3.head_object(Bucket=bucket, Key=store.key(entry.sha256))
        assert entry.stored_size == head["ContentLength"] > 0
        frame = zstandard.ZstdCompressor(write_content_size=True).compress(body)
        assert entry.stored_size == len(frame)
    assert store.put_many(BODIES) == first  # already there: the sizes come from the HEAD
    assert first[-1].stored_size < 1_000_000 // 100  # a million "a"s did get compressed


def test_the_same_body_is_stored_once(s3: S3Client, bucket: str) -> None:
    store = S3BodyStore(f"s3://{bucket}")
    body = b"twice"
    stored = store.put_many([body, b"other", body])
    assert stored[0] == stored[2]
    assert store.put_many([body]) == [stored[0]]
    assert keys(s3, bucket) == sorted(store.key(sha(b)) for b in (body, b"other"))


def test_a_body_already_there_costs_one_head_and_no_put(bucket: str) -> None:
    store = S3BodyStore(f"s3://{bucket}")
    calls: list[str] = []

    def count(event_name: str, **_: object) -> None:
        calls.append(event_name.rsplit(".", 1)[-1])

    store._client.meta.events.register("before-call.s3", count)
    store.put_many([b"kept", b"new", b"kept"])
    assert calls == ["HeadObject", "PutObject", "HeadObject", "PutObject"]
    calls.clear()
    store.put_many([b"kept", b"new"])
    assert calls == ["HeadObject", "HeadObject"]


def test_an_empty_batch_sends_nothing_and_returns_nothing(bucket: str) -> None:
    assert S3BodyStore(f"s3://{bucket}").put_many([]) == []


@pytest.mark.parametrize("prefix", ["archive", "team/archive", "team/archive/"])
def test_a_prefix_holds_every_key(s3: S3Client, bucket: str, prefix: str) -> None:
    store = S3BodyStore(f"s3://{bucket}/{prefix}")
    store.put_many(BODIES[:2])
    clean = prefix.strip("/")
    assert keys(s3, bucket) == sorted(f"{clean}/{sha(b)[:2]}/{sha(b)}.zst" for b in BODIES[:2])
    assert store.get(sha(BODIES[1]), len(BODIES[1])) == BODIES[1]
    # the same bucket without the prefix is another, empty store
    with pytest.raises(ArchiveError, match="is missing"):
        S3BodyStore(f"s3://{bucket}").get(sha(BODIES[1]), len(BODIES[1]))


def test_a_missing_body_is_an_archive_error(bucket: str) -> None:
    store = S3BodyStore(f"s3://{bucket}/p")
    digest = sha(b"never stored")
    with pytest.raises(ArchiveError) as caught:
        store.get(digest, 12)
    assert (
        str(caught.value) == f"archived body s3://{bucket}/p/{digest[:2]}/{digest}.zst is missing"
    )


def test_another_valid_frame_under_the_name_is_corrupt(s3: S3Client, bucket: str) -> None:
    store = S3BodyStore(f"s3://{bucket}")
    (entry,) = store.put_many([b"the original"])
    other = zstandard.ZstdCompressor(write_content_size=True).compress(b"the replaced")
    s3.put_object(Bucket=bucket, Key=store.key(entry.sha256), Body=other)
    with pytest.raises(ArchiveError) as caught:
        store.get(entry.sha256, entry.size)
    where = store.location(entry.sha256)
    assert str(caught.value) == f"archived body {where} is corrupt (SHA-256 mismatch)"


def test_bytes_that_are_not_zstandard_are_corrupt(s3: S3Client, bucket: str) -> None:
    store = S3BodyStore(f"s3://{bucket}")
    (entry,) = store.put_many([b"the original"])
    s3.put_object(Bucket=bucket, Key=store.key(entry.sha256), Body=b"not a zstd frame at all")
    with pytest.raises(ArchiveError) as caught:
        store.get(entry.sha256, entry.size)
    message = str(caught.value)
    assert message.startswith(f"archived body {store.location(entry.sha256)} is corrupt (")
    assert "\n" not in message


def test_a_body_longer_than_its_row_says_is_corrupt_and_not_read_whole(bucket: str) -> None:
    store = S3BodyStore(f"s3://{bucket}")
    (entry,) = store.put_many([b"a" * 1_000_000])
    with pytest.raises(ArchiveError, match=r"corrupt \(SHA-256 mismatch\)"):
        store.get(entry.sha256, 10)


def test_a_missing_bucket_is_one_line_naming_it(bucket: str) -> None:
    store = S3BodyStore(f"s3://{bucket}-gone/p")
    with pytest.raises(ArchiveError) as caught:
        store.put_many([b"body"])
    message = str(caught.value)
    assert f"s3://{bucket}-gone/p/{sha(b'body')[:2]}/{sha(b'body')}.zst" in message
    assert "NoSuchBucket" in message and "\n" not in message
    with pytest.raises(ArchiveError, match="no such bucket"):
        store.check()
    S3BodyStore(f"s3://{bucket}").check()


def test_an_unreachable_endpoint_fails_quickly_in_one_line(
    aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    store = S3BodyStore("s3://nowhere/p", config=QUICK)
    digest = sha(b"body")
    start = time.monotonic()
    for call in (lambda: store.put_many([b"body"]), lambda: store.get(digest, 4), store.check):
        with pytest.raises(ArchiveError) as caught:
            call()
        message = str(caught.value)
        assert "\n" not in message
        assert "s3://nowhere/p" in message
        assert f"127.0.0.1:{port}" in message  # says where it tried
        assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert time.monotonic() - start < 10


def test_the_endpoint_for_s3_alone_wins(
    aws_env: str, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """boto3's own precedence: AWS_ENDPOINT_URL_S3 over AWS_ENDPOINT_URL."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", aws_env)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # discard: nothing there
    store = S3BodyStore(f"s3://{bucket}", config=QUICK)
    (entry,) = store.put_many([b"via the s3 endpoint"])
    assert store.get(entry.sha256, entry.size) == b"via the s3 endpoint"


@pytest.mark.parametrize(
    "url", ["", "bucket", "s3://", "s3:///prefix", "https://bucket/p", "s3://b/p?x=1", "s3://b#f"]
)
def test_a_url_that_is_not_s3_is_refused(url: str) -> None:
    with pytest.raises(ArchiveError, match="expected s3://bucket"):
        S3BodyStore(url)


def test_the_url_is_normalised(aws_env: str) -> None:
    assert S3BodyStore("s3://b").url == "s3://b"
    store = S3BodyStore("s3://b//one//two/")
    assert (store.url, store.bucket, store.prefix) == ("s3://b/one/two", "b", "one/two")
    assert store.key("ab" + "0" * 62) == f"one/two/ab/ab{'0' * 62}.zst"


def test_without_boto3_the_import_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)  # `import boto3` now raises ImportError
    monkeypatch.setitem(sys.modules, "boto3.session", None)
    monkeypatch.delitem(sys.modules, "verifier.archive._s3")
    with pytest.raises(ImportError, match=r"pip install 'verifier\[s3\]'"):
        importlib.import_module("verifier.archive._s3")


def test_an_archive_with_a_bucket_keeps_its_bodies_there_and_none_on_disk(
    s3: S3Client, bucket: str, tmp_path: Path
) -> None:
    result = FetchResult(
        url="https://a.test/",
        final_url="https://a.test/",
        status=LinkStatus.OK,
        reason="200 OK",
        http_status=200,
        hops=(),
        headers=(),
        body=b"<html>in the bucket</html>",
        content_type="text/html",
        fetched_at=datetime(2026, 12, 7, tzinfo=UTC),
        elapsed=0.1,
    )
    with Archive(tmp_path / "cache", bodies=f"s3://{bucket}/archive") as archive:
        snapshot = archive.record_fetch(result)
        assert archive.body(snapshot) == b"<html>in the bucket</html>"
    sha256 = hashlib.sha256(b"<html>in the bucket</html>").hexdigest()
    assert snapshot.body_sha256 == sha256
    assert keys(s3, bucket) == [f"archive/{sha256[:2]}/{sha256}.zst"]
    assert not (tmp_path / "cache" / "bodies").exists()
