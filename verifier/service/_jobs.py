"""Jobs: what the service was asked to verify, kept in a database beside the archive.

The queue (huey, `_queue`) only carries a job's id to a worker; the job itself (its issue
text, its options, its state and progress) lives here, in ``service.db`` in the cache folder,
or in the archive's PostgreSQL database when it has one, so workers on other machines read
the same jobs. Nothing submitted is lost: a worker holds a job under a lease it renews while
it runs (`claim`, `renew`), and a job whose lease ran out (its worker was killed) or that
sat queued too long (its message was lost with the queue) is queued again (`stale`). A job
is `done` only once its archive writes and reports are committed: that is its
acknowledgement.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from verifier.archive import Table, open_database
from verifier.errors import ArchiveError
from verifier.settings import Settings

RECHECK = "recheck"
"""The issue of a scheduled re-check's job (its options name the issues it re-checks)."""
REQUEUE_QUEUED_AFTER = 600.0
"""Seconds a job may stay queued before it is queued again: its message may have been lost
(a Redis that restarted without its data); queued twice, it still runs once."""
_T = TypeVar("_T")


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

    @property
    def recheck(self) -> list[str] | None:
        """The archived issues a scheduled re-check's job re-checks; None for a submission."""
        ids = self.options.get(RECHECK)
        return [str(issue) for issue in ids] if isinstance(ids, list) else None

    @property
    def report_page(self) -> str:
        """Where its report is served: the issue's page, or the index for a re-check."""
        return "/index.html" if self.recheck is not None else f"/{self.issue_id}/index.html"

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


_JOBS = Table(
    {
        "id": str,
        "issue_id": str,
        "path": str,
        "name": str,
        "text": bytes,
        "state": str,
        "submitted_at": str,
        "queued_at": str,
        "lease_until": str,
        "worker": str,
        "options": str,
        "total": int,
        "done": int,
        "error": str,
        "finished_at": str,
    },
    pk="id",
    not_null=("issue_id", "state", "submitted_at"),
)
_META = Table({"key": str, "value": str}, pk="key")
_FIELDS = "id, issue_id, path, state, submitted_at, options, total, done, error, finished_at"


class JobStore:
    """The jobs table and the submitted issues (``submissions/<job>/<file name>`` in the
    cache folder, written again from the table on a worker that has not got them); safe to
    share between threads (each call is one statement or transaction) and processes."""

    def __init__(self, settings: Settings) -> None:
        self.folder = settings.cache_dir / "submissions"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(
                f"cache directory {settings.cache_dir} is not usable: {exc}"
            ) from None
        self._db = open_database(settings.database or settings.cache_dir / "service.db")
        self._lock = threading.Lock()
        tables = {"jobs": _JOBS, "service_meta": _META}
        self._guarded(lambda: self._db.create(tables, [("jobs", ("state",))]))
        row = {"key": "index_written_at", "value": ""}
        self._write(lambda: self._db.insert("service_meta", [row], "ignore"))

    def submit(
        self, job_id: str, issue_id: str, name: str, text: bytes, options: dict[str, Any]
    ) -> Job:
        """Save the issue as `name` (the name its id was read with: an issue without a
        number is named after its file) and record its job, queued."""
        path = self.folder / job_id / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
        now = _now()
        job = Job(job_id, issue_id, str(path), JobState.QUEUED, now, options)
        row = {**_row(job), "name": name, "text": text, "queued_at": now}
        self._write(lambda: self._db.insert("jobs", [row]))
        return job

    def get(self, job_id: str) -> Job | None:
        rows = self._read(f"select {_FIELDS} from jobs where id = ?", [job_id])
        return _job(rows[0]) if rows else None

    def issue_file(self, job: Job) -> Path:
        """The job's issue file on this machine, written from the table when missing (a
        worker on another machine than the one that took the submission)."""
        path = Path(job.path)
        if path.is_file():
            return path
        ((name, text),) = self._read("select name, text from jobs where id = ?", [job.id])
        path = self.folder / job.id / str(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
        return path

    def update(self, job_id: str, **values: Any) -> None:
        """Set a job's state, progress, error or finish time."""
        if "state" in values:
            values["state"] = JobState(values["state"]).value
            if values["state"] in (JobState.DONE, JobState.FAILED):
                values.setdefault("finished_at", _now())
                values["lease_until"] = None
        columns = ", ".join(f"{name} = ?" for name in values)
        sql = f"update jobs set {columns} where id = ?"
        self._write(lambda: self._db.execute(sql, [*values.values(), job_id]))

    def claim(self, job_id: str, lease: float) -> Job | None:
        """Take the job to run it, for `lease` seconds (renewed while it runs), if it is
        queued or its last worker's lease ran out; None if it is done, failed, or held."""
        running, queued = JobState.RUNNING.value, JobState.QUEUED.value
        worker = f"{socket.gethostname()}:{os.getpid()}"  # who holds it, for an operator
        params = [running, _later(lease), worker, job_id, queued, running, _now()]
        taken = self._write(
            lambda: self._db.execute(
                "update jobs set state = ?, lease_until = ?, worker = ? where id = ?"
                " and (state = ? or (state = ? and lease_until < ?))",
                params,
            )
        )
        return self.get(job_id) if taken == 1 else None

    def renew(self, job_id: str, lease: float) -> None:
        """The worker running the job is alive: hold it `lease` seconds more."""
        self._write(
            lambda: self._db.execute(
                "update jobs set lease_until = ? where id = ? and state = ?",
                [_later(lease), job_id, JobState.RUNNING.value],
            )
        )

    def unfinished(self) -> list[Job]:
        """Jobs queued or running: what a restart of the embedded service queues again
        (no other worker can hold one), oldest first."""
        return self._jobs("state in (?, ?)", [JobState.QUEUED.value, JobState.RUNNING.value])

    def stale(self) -> list[Job]:
        """Jobs to queue again: running under a lease that ran out (a killed worker), or
        queued for longer than `REQUEUE_QUEUED_AFTER` (a lost message), oldest first."""
        now = _now()
        return self._jobs(
            "(state = ? and lease_until < ?) or (state = ? and queued_at < ?)",
            [JobState.RUNNING.value, now, JobState.QUEUED.value, _later(-REQUEUE_QUEUED_AFTER)],
        )

    def requeued(self, job_id: str) -> None:
        """Mark a stale job queued again (its message is sent by the caller)."""
        self.update(job_id, state=JobState.QUEUED, queued_at=_now(), lease_until=None)

    def index_due(self, every: float) -> bool:
        """Whether this worker is to write the reports' index now: a job finished since it
        was last written, and that was `every` seconds ago or more. One worker of all gets
        True (the check and the claim are one statement), the others False."""
        changed = self._write(
            lambda: self._db.execute(
                "update service_meta set value = ? where key = 'index_written_at'"
                " and value < ? and exists (select 1 from jobs where finished_at > value)",
                [_now(), _later(-every)],
            )
        )
        return changed == 1

    def close(self) -> None:
        self._db.close()

    def _jobs(self, where: str, params: list[Any]) -> list[Job]:
        rows = self._read(f"select {_FIELDS} from jobs where {where} order by submitted_at", params)
        return [_job(row) for row in rows]

    def _read(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return self._guarded(lambda: self._db.rows(sql, params))

    def _write(self, statement: Callable[[], _T]) -> _T:
        def committed() -> _T:
            with self._db.transaction():
                return statement()

        return self._guarded(committed)

    def _guarded(self, operation: Callable[[], _T]) -> _T:
        """One operation at a time on the connection, retried on a lost one, its errors
        one line."""
        try:
            with self._lock:
                for attempt in self._db.retrying():
                    with attempt:
                        return operation()
        except self._db.errors as exc:
            raise ArchiveError(f"jobs in {self._db.where}: {exc}") from exc
        raise AssertionError("unreachable: tenacity re-raises the last error")


def _row(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "issue_id": job.issue_id,
        "path": job.path,
        "state": job.state.value,
        "submitted_at": job.submitted_at,
        "options": json.dumps(job.options),
        "total": job.total,
        "done": job.done,
        "error": job.error,
        "finished_at": job.finished_at,
    }


def _job(row: tuple[Any, ...]) -> Job:
    job_id, issue_id, path, state, submitted_at, options, total, done, error, finished = row
    return Job(
        id=job_id,
        issue_id=issue_id,
        path=path,
        state=JobState(state),
        submitted_at=submitted_at,
        options=json.loads(options or "{}"),
        total=total or 0,
        done=done or 0,
        error=error,
        finished_at=finished,
    )


def _now() -> str:
    return _iso(datetime.now(UTC))


def _later(seconds: float) -> str:
    return _iso(datetime.now(UTC) + timedelta(seconds=seconds))


def _iso(moment: datetime) -> str:
    """UTC, fixed width (so times compare as text), as the archive writes them."""
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")
