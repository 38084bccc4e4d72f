"""The service's job table: a worker holds a job under a lease, and a job whose lease ran
out or whose message sat queued too long is handed out again, once. On SQLite and, under
`make test-cluster`, on PostgreSQL (the same statements on both)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BACKENDS, database_for
from verifier.service import _jobs
from verifier.service._jobs import JobState, JobStore
from verifier.settings import Settings

ISSUE = "ベンチ 2024.11.11号~No.1\n".encode()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[JobStore]:
    opened = JobStore(Settings(cache_dir=tmp_path / "cache", database=database_for(request)))
    yield opened
    opened.close()


def test_a_queued_job_is_claimed_by_one_worker_only(store: JobStore) -> None:
    store.submit("j1", "issue-1", "issue.txt", ISSUE, {})
    first = store.claim("j1", lease=30)
    assert first is not None and first.state is JobState.RUNNING
    assert store.claim("j1", lease=30) is None  # held: a second message finds it taken
    store.update("j1", state=JobState.DONE)
    assert store.claim("j1", lease=30) is None  # done: never run again


def test_a_job_whose_lease_ran_out_is_stale_and_claimed_again(store: JobStore) -> None:
    store.submit("j1", "issue-1", "issue.txt", ISSUE, {})
    store.submit("j2", "issue-2", "issue.txt", ISSUE, {})
    assert store.claim("j1", lease=0.05) is not None
    assert store.claim("j2", lease=30) is not None
    time.sleep(0.1)
    assert [job.id for job in store.stale()] == ["j1"]  # j2's worker is alive
    store.requeued("j1")
    assert store.get("j1").state is JobState.QUEUED  # type: ignore[union-attr]
    assert store.claim("j1", lease=30) is not None


def test_renewing_keeps_a_running_job_from_going_stale(store: JobStore) -> None:
    store.submit("j1", "issue-1", "issue.txt", ISSUE, {})
    assert store.claim("j1", lease=0.2) is not None
    for _ in range(3):
        time.sleep(0.1)
        store.renew("j1", lease=0.2)
    assert store.stale() == []


def test_a_job_queued_too_long_is_queued_again(
    store: JobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.submit("j1", "issue-1", "issue.txt", ISSUE, {})
    assert store.stale() == []
    monkeypatch.setattr(_jobs, "REQUEUE_QUEUED_AFTER", -1.0)
    assert [job.id for job in store.stale()] == ["j1"]


def test_a_worker_without_the_submitted_file_writes_it_from_the_table(
    store: JobStore, tmp_path: Path
) -> None:
    job = store.submit("j1", "issue-1", "issue.txt", ISSUE, {"issue_timezone": "UTC"})
    Path(job.path).unlink()  # the worker runs on another machine
    path = store.issue_file(job)
    assert path.read_bytes() == ISSUE and path.name == "issue.txt"
    assert store.get("j1").options == {"issue_timezone": "UTC"}  # type: ignore[union-attr]


def test_a_jobs_table_of_the_previous_version_gains_its_new_columns(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    old = sqlite3.connect(cache / "service.db")
    old.execute(
        "create table jobs (id text primary key, issue_id text, path text, state text,"
        " submitted_at text, options text, total integer, done integer, error text,"
        " finished_at text)"
    )
    old.execute(
        "insert into jobs values ('j0', 'issue-0', 'x.txt', 'done', '2026-12-01', '{}',"
        " 3, 3, null, '2026-12-01')"
    )
    old.commit()
    old.close()
    store = JobStore(Settings(cache_dir=cache))
    assert store.get("j0").state is JobState.DONE  # type: ignore[union-attr]
    store.submit("j1", "issue-1", "issue.txt", ISSUE, {})
    assert store.claim("j1", lease=30) is not None
    store.close()


def test_the_index_is_due_once_after_a_job_finished_then_not_again_at_once(
    store: JobStore,
) -> None:
    assert not store.index_due(every=0)  # no job finished yet: nothing new to list
    store.submit("j1", "issue-1", "issue.txt", ISSUE, {})
    store.update("j1", state=JobState.DONE)
    assert store.index_due(every=60)  # one worker of all writes it
    assert not store.index_due(every=60)  # written: none other does
    time.sleep(0.01)
    store.submit("j2", "issue-2", "issue.txt", ISSUE, {})
    store.update("j2", state=JobState.DONE)
    assert not store.index_due(every=60)  # a new job, but written less than a minute ago
    assert store.index_due(every=0)
