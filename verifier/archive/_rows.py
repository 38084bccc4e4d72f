"""Conversions between the shared record types and database rows.

Times are stored as ISO 8601 UTC with a fixed width (``...T01:02:03.000004Z``)
so that ordering by the text column is ordering by time.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from verifier.types import Citation, FetchResult, Hop, Issue, LinkStatus, Page, Snapshot

Row = dict[str, Any]


def new_id() -> str:
    """A 32-hex-digit id that sorts by creation time (ms), like a ULID."""
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"


def utc_iso(moment: datetime) -> str:
    """A naive time is taken to be UTC already (that is what fetch records)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def now_iso() -> str:
    return utc_iso(datetime.now(UTC))


def snapshot_row(
    snapshot_id: str, result: FetchResult, body_sha256: str | None, run_id: str | None
) -> Row:
    return {
        "id": snapshot_id,
        "url": result.url,
        "final_url": result.final_url,
        "status": result.status.value,
        "reason": result.reason,
        "http_status": result.http_status,
        "hops": json.dumps([asdict(hop) for hop in result.hops], ensure_ascii=False),
        "headers": json.dumps([list(pair) for pair in result.headers], ensure_ascii=False),
        "content_type": result.content_type,
        "body_sha256": body_sha256,
        "body_size": _body_size(result),
        "fetched_at": utc_iso(result.fetched_at),
        "elapsed": result.elapsed,
        "attempts": result.attempts,
        "truncated": int(result.truncated),
        "error": result.error,
        "run_id": run_id,
    }


def _body_size(result: FetchResult) -> int:
    if result.body is not None:
        return len(result.body)
    return result.unchanged.body_size if result.unchanged is not None else 0


def snapshot_from_row(row: Row) -> Snapshot:
    return Snapshot(
        id=row["id"],
        url=row["url"],
        final_url=row["final_url"],
        status=LinkStatus(row["status"]),
        reason=row["reason"],
        http_status=row["http_status"],
        hops=tuple(Hop(**hop) for hop in json.loads(row["hops"])),
        headers=tuple((name, value) for name, value in json.loads(row["headers"])),
        content_type=row["content_type"],
        body_sha256=row["body_sha256"],
        body_size=row["body_size"],
        fetched_at=datetime.fromisoformat(row["fetched_at"]),
        elapsed=row["elapsed"],
        attempts=row["attempts"],
        truncated=bool(row["truncated"]),
        error=row["error"],
    )


def page_json(page: Page) -> str:
    data = {
        "url": page.url,
        "text": page.text,
        "title": page.title,
        "publisher": page.publisher,
        "published": _iso_or_none(page.published),
        "published_at": _iso_or_none(page.published_at),
        "date_source": page.date_source,
        "modified": _iso_or_none(page.modified),
        "language": page.language,
        "paywalled": page.paywalled,
        "charset": page.charset,
        "author": page.author,
        "gone": page.gone,
        "walled": page.walled,
        "media": page.media,
        "text_url": page.text_url,
        "meta_url": page.meta_url,
    }
    return json.dumps(data, ensure_ascii=False)


def page_from_json(text: str) -> Page:
    data = json.loads(text)
    return Page(
        url=data["url"],
        text=data["text"],
        title=data["title"],
        publisher=data["publisher"],
        published=_date_or_none(data["published"]),
        published_at=_datetime_or_none(data["published_at"]),
        date_source=data["date_source"],
        modified=_date_or_none(data["modified"]),
        language=data["language"],
        paywalled=data["paywalled"],
        charset=data["charset"],
        author=data.get("author"),
        gone=data.get("gone"),
        walled=data.get("walled"),
        media=data.get("media"),
        text_url=data.get("text_url"),
        meta_url=data.get("meta_url"),
    )


def issue_row(issue: Issue, source_text: str, seen_at: str) -> Row:
    """`first_seen` is only used on the first insert; updates keep the old one."""
    return {
        "id": issue.id,
        "title": issue.title,
        "date": _iso_or_none(issue.date),
        "path": issue.path,
        "format": issue.format,
        "source_text": source_text,
        "first_seen": seen_at,
        "last_seen": seen_at,
    }


def citation_row(issue_id: str, citation: Citation) -> Row:
    return {
        "issue_id": issue_id,
        "id": citation.id,
        "line": citation.line,
        "kind": citation.kind.value,
        "url": citation.url,
        "cited_title": citation.cited_title,
        "cited_publisher": citation.cited_publisher,
        "cited_date": _iso_or_none(citation.cited_date),
        "cited_date_role": citation.cited_date_role.value if citation.cited_date_role else None,
        "cited_date_text": citation.cited_date_text,
    }


def _iso_or_none(value: date | None) -> str | None:
    """Keeps a datetime's own offset: a page's publication zone is evidence."""
    return value.isoformat() if value is not None else None


def _date_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _datetime_or_none(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
