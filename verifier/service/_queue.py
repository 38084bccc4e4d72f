"""The job queue: huey, on its SQLite storage on one machine (nothing to install or run) or
on Redis (``queue = "redis://..."``) for workers on many machines. The tasks, the job table
and this code are the same on both: only the storage differs.

Why huey: it is small, well kept, has an embedded SQLite backend, a Redis one and cron-like
periodic tasks, and its consumer is one call; Celery or Dramatiq want a broker (Redis,
RabbitMQ) even on one machine, and RQ is Redis only. What it lacks, acknowledgement after
a task is done, the job table gives (`_jobs`): a worker holds its job under a lease it
renews, marks it done only after the archive has committed everything, and every worker
queues again the jobs whose lease ran out (their worker was killed): another worker takes
them, and the run resumes where the archive says it stopped.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey, crontab

from verifier import fetch, pipeline
from verifier.errors import SettingsError, VerifierError
from verifier.service._jobs import RECHECK, JobState, JobStore
from verifier.service._recheck import batches, recheck
from verifier.settings import Settings, parse_duration

log = logging.getLogger("verifier")

POLL_AT_MOST = 0.5
"""Seconds an idle worker waits at most before it looks at the queue again (huey backs off
to 10 s by default: a submission would wait that long for a worker to notice it)."""
PROGRESS_EVERY = 0.5
"""Seconds between two writes of a job's progress (a crawl reports every URL)."""
INDEX_EVERY = 30.0
"""Seconds between two writes of the reports' index by the service (it reads every report
and the archive's whole link-rot trend: once for many jobs, not once per job)."""
HOUSEKEEPING_EVERY = 5.0
"""Seconds between two looks for stale jobs and a due index (each one statement)."""
SERVICE_MAX_AGE = 600.0
"""Seconds a URL archived by one job is fresh for another (unless `max_age` is set): a URL
cited by every issue of a batch is fetched once for them all, across all workers."""


class Queue:
    """The queue of one service: `enqueue` from the web server, `consume` in the workers'
    processes (the same tasks are registered in both)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = JobStore(settings)
        # huey on the settings' Redis (its connections retried through a restart), where
        # the workers also share their fetches; else on SQLite, sharing them in process
        self.claims: pipeline.Claims
        if settings.queue:
            client = fetch.redis_client(settings.queue)
            self.huey: Huey = RedisHuey("verifier", connection_pool=client.connection_pool)
            self.claims = pipeline.SharedClaims(client)
        else:
            self.huey = SqliteHuey("verifier", filename=str(settings.cache_dir / "queue.db"))
            self.claims = pipeline.Claims()
        self._verify = self.huey.task(name="verify")(self._run)
        self._recheck_due: Callable[[datetime], bool] = lambda _: False
        self._webhook: str | None = None
        self.huey.periodic_task(self._due, name="recheck")(self._run_recheck)

    def enqueue(self, job_id: str) -> None:
        self._verify(job_id)

    def requeue_unfinished(self) -> int:
        """After a restart of the embedded service (no worker can hold a job): every job
        the queue may have lost queued once more; the queue's own copies are dropped first."""
        self.huey.flush()
        jobs = self.store.unfinished()
        for job in jobs:
            self.store.update(job.id, state=JobState.QUEUED)
            self.enqueue(job.id)
        return len(jobs)

    def requeue_stale(self) -> int:
        """Queue again the jobs whose worker's lease ran out, or whose message was lost."""
        jobs = self.store.stale()
        for job in jobs:
            log.warning("job %s: its worker stopped answering; queued again", job.id)
            self.store.requeued(job.id)
            self.enqueue(job.id)
        return len(jobs)

    def schedule_recheck(self, every: str, webhook: str | None) -> None:
        """Make the re-check due when `schedule(every)` says: a consumer started with
        ``periodic`` queues it at those minutes (one consumer of the service should)."""
        self._recheck_due, self._webhook = schedule(every), webhook

    def consume(self, workers: int, recheck_every: str | None, webhook: str | None) -> None:
        """Run the workers (and, when given, the re-check's schedule) until the process is
        stopped; meanwhile, jobs left by a stopped worker are queued again, and the index is
        written once jobs have finished (`housekeeping`)."""
        if recheck_every:
            self.schedule_recheck(recheck_every, webhook)
        threading.Thread(target=self._housekeeping, daemon=True, name="housekeeping").start()
        consumer = self.huey.create_consumer(
            workers=workers,
            worker_type="thread",
            max_delay=POLL_AT_MOST,
            periodic=bool(recheck_every),
        )
        consumer.run()

    def _due(self, moment: datetime) -> bool:
        return self._recheck_due(moment)

    def _run_recheck(self) -> None:
        """The re-check is due: one job per batch of archived issues, for any worker."""
        for batch in batches(self.settings):
            job_id = uuid.uuid4().hex
            options = {"recheck": batch, "webhook": self._webhook}
            self.store.submit(job_id, RECHECK, f"{RECHECK}-{job_id[:8]}.txt", b"", options)
            self.enqueue(job_id)

    def _housekeeping(self) -> None:
        while True:
            time.sleep(min(HOUSEKEEPING_EVERY, self.settings.job_lease / 2))
            try:
                self.housekeeping()
            except Exception as exc:  # a database or Redis restart: try again next round
                log.warning("housekeeping: %s", exc)

    def housekeeping(self) -> None:
        """Queue again the jobs stopped workers left, and write the reports' index when a
        job finished since it was last written (at most every `INDEX_EVERY` seconds, by
        one worker of all)."""
        self.requeue_stale()
        if self.store.index_due(INDEX_EVERY):
            pipeline.refresh_index(self.settings)

    def _run(self, job_id: str) -> None:
        """Verify one submitted issue with the pipeline the CLI uses, holding its lease."""
        lease = self.settings.job_lease
        job = self.store.claim(job_id, lease)
        if job is None:  # done, failed, or running under another worker's lease
            return
        settings = replace(self.settings, progress=False, **_options(job.options))
        if settings.max_age is None:
            settings = replace(settings, max_age=SERVICE_MAX_AGE)
        progress = _Progress(self.store, job_id)
        with self._holding(job_id, lease):
            try:
                if job.recheck is not None:
                    recheck(self.settings, job.options.get("webhook"), job.recheck, progress)
                else:
                    issue = self.store.issue_file(job)
                    pipeline.run(
                        [issue], settings, progress=progress, claims=self.claims, index=False
                    )
            except VerifierError as exc:
                self.store.update(job_id, state=JobState.FAILED, error=str(exc))
            except Exception as exc:
                log.exception("job %s failed", job_id)
                error = f"{type(exc).__name__}: {exc}"
                self.store.update(job_id, state=JobState.FAILED, error=error)
            else:
                self.store.update(job_id, state=JobState.DONE, **progress.counts)

    @contextmanager
    def _holding(self, job_id: str, lease: float) -> Iterator[None]:
        """Renew the job's lease every third of it while the block runs."""
        stopped = threading.Event()

        def renew() -> None:
            while not stopped.wait(lease / 3):
                try:
                    self.store.renew(job_id, lease)
                except VerifierError as exc:
                    log.warning("job %s: lease not renewed: %s", job_id, exc)

        beating = threading.Thread(target=renew, daemon=True, name=f"lease-{job_id}")
        beating.start()
        try:
            yield
        finally:
            stopped.set()
            beating.join()


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
