"""The archive as a standard WARC file, and back (warcio).

A WARC is what web archives exchange: pywb and ReplayWeb.page replay it, and
another verifier can import it. Each snapshot with a body becomes a
`response` record for the address the body came from (its final URL), with
the headers as the server sent them, except those about the transfer
(`Content-Encoding`, `Transfer-Encoding`, `Content-Length`: the archive keeps
the decoded body, so they would no longer be true); each redirect hop before
it becomes a bodiless 3xx `response` record, so a replay follows the chain.
Records are written and read one at a time: an archive of years of checks
never sits in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from verifier._version import __version__
from verifier.errors import ArchiveError
from verifier.types import Snapshot

_WARC_START = b"WARC/"
_WARC_MAGIC = (_WARC_START, b"\x1f\x8b")  # a plain WARC, or gzip members of records
_TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def write_warc(
    snapshots: Iterator[Snapshot], body_of: Callable[[Snapshot], bytes | None], out: BinaryIO
) -> int:
    """Write every snapshot that has a body (and its redirect hops); the records written."""
    writer = WARCWriter(out, gzip=True)
    info = {"software": f"verifier {__version__}", "format": "WARC File Format 1.1"}
    writer.write_record(writer.create_warcinfo_record("verifier.warc.gz", info))
    written = 1
    for snapshot in snapshots:
        body = body_of(snapshot) if snapshot.body_sha256 else None
        if body is None or snapshot.http_status is None:
            continue
        date = _warc_date(snapshot.fetched_at)
        for hop in snapshot.hops:
            if hop.http_status is None or hop.location is None:
                continue  # a step the crawler took itself (a reading view): not the server's
            headers = [("Location", hop.location)]
            writer.write_record(_response(writer, hop.url, hop.http_status, headers, b"", date))
            written += 1
        headers = [(k, v) for k, v in snapshot.headers if k.lower() not in _TRANSFER_HEADERS]
        headers.append(("Content-Length", str(len(body))))
        record = _response(writer, snapshot.final_url, snapshot.http_status, headers, body, date)
        writer.write_record(record)
        written += 1
    return written


@dataclass(frozen=True, slots=True)
class WarcResponse:
    """One final `response` record of a WARC: what a fetch of its URL got, back then."""

    url: str
    http_status: int
    headers: tuple[tuple[str, str], ...]
    content_type: str | None
    fetched_at: datetime
    body: bytes


def read_warc(path: Path) -> Iterator[WarcResponse]:
    """The final (non-redirect) `response` records of a WARC, one at a time."""
    try:
        with path.open("rb") as stream:
            if not stream.read(len(_WARC_START)).startswith(_WARC_MAGIC):
                raise ValueError("it starts with neither WARC/ nor a gzip member")
            stream.seek(0)
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                code = int(record.http_headers.get_statuscode() or 0)
                if 300 <= code < 400:
                    continue
                body = record.content_stream().read()
                yield _response_of(record.rec_headers, record.http_headers, body)
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"{path}: not a readable WARC file ({exc})") from exc


def _response(
    writer: WARCWriter, url: str, code: int, headers: list[tuple[str, str]], body: bytes, date: str
) -> ArcWarcRecord:
    phrase = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else ""
    http = StatusAndHeaders(f"{code} {phrase}".strip(), headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(body),
        length=len(body),  # known: warcio then digests in place, with no temporary file
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )


def _response_of(warc: StatusAndHeaders, http: StatusAndHeaders, body: bytes) -> WarcResponse:
    stamp = warc.get_header("WARC-Date") or ""
    fetched = datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else datetime.now(UTC)
    return WarcResponse(
        url=warc.get_header("WARC-Target-URI"),
        http_status=int(http.get_statuscode()),
        headers=tuple(http.headers),
        content_type=http.get_header("Content-Type"),
        fetched_at=fetched,
        body=body,
    )


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
