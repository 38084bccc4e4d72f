"""The job queue: huey with its SQLite storage (nothing else to install or run), consumed
by a pool of worker threads in a process of their own, beside the web server.

Why huey: it is small, well kept, has an embedded SQLite backend and cron-like periodic
tasks, and its consumer is one call; Celery or Dramatiq want a broker (Redis, RabbitMQ)
even on one machine, and RQ is Redis only. What it lacks, acknowledgement after a task
is done, the job table gives (`_jobs`): a restart queues every unfinished job again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from huey import SqliteHuey, crontab

from verifier import pipeline
from verifier.errors import SettingsError, VerifierError
from verifier.service._jobs import JobState, JobStore
from verifier.service._recheck import recheck
from verifier.settings import Settings, parse_duration

log = logging.getLogger("verifier")

POLL_AT_MOST = 0.5
"""Seconds an idle worker waits at most before it looks at the queue again (huey backs off
to 10 s by default: a submission would wait that long for a worker to notice it)."""
PROGRESS_EVERY = 0.5
"""Seconds between two writes of a job's progress (a crawl reports every URL)."""


class Queue:
    """The queue of one cache folder: `enqueue` from the web server, `consume` in the
    workers' process (the same tasks are registered in both)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = JobStore(settings.cache_dir)
        self.huey = SqliteHuey("verifier", filename=str(settings.cache_dir / "queue.db"))
        self.claims = pipeline.Claims()  # the workers share their fetches
        self._verify = self.huey.task(name="verify")(self._run)

    def enqueue(self, job_id: str) -> None:
        self._verify(job_id)

    def requeue_unfinished(self) -> int:
        """After a restart: every job the queue may have lost (one a worker was running
        when it was killed) queued once more; the queue's own copies are dropped first."""
        self.huey.flush()
        jobs = self.store.unfinished()
        for job in jobs:
            self.store.update(job.id, state=JobState.QUEUED)
            self.enqueue(job.id)
        return len(jobs)

    def schedule_recheck(self, every: str, webhook: str | None) -> None:
        """Register the re-check as huey's periodic task, due when `schedule(every)` says:
        the consumer's scheduler runs it at those minutes."""
        self.huey.periodic_task(schedule(every), name="recheck")(
            lambda: recheck(self.settings, webhook)
        )

    def consume(self, workers: int, recheck_every: str | None, webhook: str | None) -> None:
        """Run the workers (and the scheduled re-check) until the process is stopped."""
        if recheck_every:
            self.schedule_recheck(recheck_every, webhook)
        consumer = self.huey.create_consumer(
            workers=workers,
            worker_type="thread",
            max_delay=POLL_AT_MOST,
            periodic=bool(recheck_every),
        )
        consumer.run()

    def _run(self, job_id: str) -> None:
        """Verify one submitted issue with the pipeline the CLI uses."""
        job = self.store.get(job_id)
        if job is None or job.state in (JobState.DONE, JobState.FAILED):
            return
        self.store.update(job_id, state=JobState.RUNNING)
        settings = replace(self.settings, progress=False, **_options(job.options))
        progress = self._progress(job_id)
        try:
            pipeline.run([Path(job.path)], settings, progress=progress, claims=self.claims)
        except VerifierError as exc:
            self.store.update(job_id, state=JobState.FAILED, error=str(exc))
        except Exception as exc:
            log.exception("job %s failed", job_id)
            self.store.update(job_id, state=JobState.FAILED, error=f"{type(exc).__name__}: {exc}")
        else:
            self.store.update(job_id, state=JobState.DONE, **progress.counts)

    def _progress(self, job_id: str) -> _Progress:
        return _Progress(self.store, job_id)


class _Progress:
    """The pipeline's progress hook for a job: its counts written at most every
    `PROGRESS_EVERY` seconds (a crawl reports every URL), and at its end."""

    def __init__(self, store: JobStore, job_id: str) -> None:
        self.store, self.job_id = store, job_id
        self.counts = {"total": 0, "done": 0}
        self._last = 0.0

    def __call__(self, total: int, url: str | None) -> None:
        if url is None:
            self.counts["total"] += total
        else:
            self.counts["done"] += 1
        now = time.monotonic()
        if url is None or now - self._last >= PROGRESS_EVERY:
            self._last = now
            self.store.update(self.job_id, **self.counts)


def _options(options: dict[str, Any]) -> dict[str, Any]:
    """A submission's own settings: only the publisher's time zone is the submitter's."""
    zone = options.get("issue_timezone")
    return {"issue_timezone": zone} if zone else {}


def schedule(spec: str) -> Callable[[datetime], bool]:
    """When the re-check is due: cron syntax (``17 3 * * *``: minute, hour, day, month,
    weekday) or an interval (``6h``, ``30m``: the minutes of the day it divides; a day or
    more: midnight); a `SettingsError` for anything else."""
    fields = spec.split()
    try:
        if len(fields) == 5:
            minute, hour, day, month, weekday = fields
            due: Callable[[datetime], bool] = crontab(
                minute=minute, hour=hour, day=day, month=month, day_of_week=weekday
            )
            return due
        minutes = min(1440, max(1, round(parse_duration(spec) / 60)))
    except ValueError:
        raise SettingsError(
            f"--recheck {spec!r}: expected cron syntax ('17 3 * * *') or an interval ('6h')"
        ) from None
    return lambda moment: (moment.hour * 60 + moment.minute) % minutes == 0
