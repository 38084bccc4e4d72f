"""Jobs: what the service was asked to verify, kept in SQLite beside the archive.

The queue (huey's `SqliteHuey`, `_queue`) only carries a job's id to a worker; the job
itself (its issue text, saved to disk before the submission is answered, its options,
its state and progress) lives here, so nothing submitted is lost: a job queued or running
when the service is killed is queued again when it starts (`unfinished`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from verifier import report
from verifier.errors import ArchiveError


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Job:
    """One submission: its issue file, options, state and progress."""

    id: str
    issue_id: str
    path: str
    state: JobState
    submitted_at: str
    options: dict[str, Any]
    total: int = 0
    done: int = 0
    error: str | None = None
    finished_at: str | None = None

    def as_json(self, report_url: str | None) -> dict[str, Any]:
        """The job as `GET /api/jobs/{id}` answers it."""
        return {
            "job": self.id,
            "issue": self.issue_id,
            "state": self.state.value,
            "progress": {"urls": self.total, "fetched": self.done},
            "submitted_at": self.submitted_at,
            "finished_at": self.finished_at,
            "report": report_url if self.state is JobState.DONE else None,
            "error": self.error,
        }


_COLUMNS = {
    "id": str,
    "issue_id": str,
    "path": str,
    "state": str,
    "submitted_at": str,
    "options": str,
    "total": int,
    "done": int,
    "error": str,
    "finished_at": str,
}


class JobStore:
    """The jobs table (``service.db`` in the cache folder) and the submitted issues
    (``submissions/<job>/<file name>``); safe to share between threads and processes."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = cache_dir / "submissions"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cache directory {cache_dir} is not usable: {exc}") from None
        connection = sqlite3.connect(cache_dir / "service.db", check_same_thread=False)
        self._db = Database(connection)
        self._db.execute("PRAGMA busy_timeout = 10000")
        self._db.enable_wal()
        self._db.table("jobs").create(_COLUMNS, pk="id", if_not_exists=True)
        self._lock = threading.Lock()

    def submit(
        self, job_id: str, issue_id: str, name: str, text: bytes, options: dict[str, Any]
    ) -> Job:
        """Save the issue as `name` (the name its id was read with: an issue without a
        number is named after its file) and record its job, queued."""
        path = self.folder / job_id / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
        job = Job(job_id, issue_id, str(path), JobState.QUEUED, _now(), options)
        row = {**_row(job), "options": json.dumps(options)}
        with self._lock:
            self._db.table("jobs").insert(row)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            rows = list(self._db.table("jobs").rows_where("id = ?", [job_id]))
        return _job(rows[0]) if rows else None

    def update(self, job_id: str, **values: Any) -> None:
        """Set a job's state, progress, error or finish time."""
        if "state" in values:
            values["state"] = JobState(values["state"]).value
            if values["state"] in (JobState.DONE, JobState.FAILED):
                values.setdefault("finished_at", _now())
        with self._lock:
            self._db.table("jobs").update(job_id, values)

    def unfinished(self) -> list[Job]:
        """Jobs queued or running: what a restart queues again, oldest first."""
        with self._lock:
            rows = self._db.table("jobs").rows_where(
                "state in (?, ?)", [JobState.QUEUED.value, JobState.RUNNING.value],
                order_by="submitted_at",
            )  # fmt: skip
            return [_job(row) for row in rows]


def _row(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "issue_id": job.issue_id,
        "path": job.path,
        "state": job.state.value,
        "submitted_at": job.submitted_at,
        "total": job.total,
        "done": job.done,
        "error": job.error,
        "finished_at": job.finished_at,
    }


def _job(row: dict[str, Any]) -> Job:
    return Job(
        id=row["id"],
        issue_id=row["issue_id"],
        path=row["path"],
        state=JobState(row["state"]),
        submitted_at=row["submitted_at"],
        options=json.loads(row["options"] or "{}"),
        total=row["total"] or 0,
        done=row["done"] or 0,
        error=row["error"],
        finished_at=row["finished_at"],
    )


def _now() -> str:
    return report.utc_iso(datetime.now(UTC))
