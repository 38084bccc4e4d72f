"""The service (`verifier serve`), started for real on a free port and driven over HTTP:
submissions and their jobs, the API's refusals, a kill -9 mid-job, the re-check's
schedule and its webhook."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from localweb import LocalWeb
from localweb._routes import Route
from tests.builders import EXAMPLE, routed_to
from verifier import pipeline
from verifier.archive import Archive
from verifier.service import _recheck, schedule
from verifier.service._queue import Queue
from verifier.settings import Settings
from verifier.types import Issue

WAIT = 240.0  # seconds a job may take at most here (the first one loads the models)


class Service:
    """A `verifier serve` process and its base URL."""

    def __init__(self, root: Path, local_web: LocalWeb, *extra: str) -> None:
        self.root = root
        routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
        self.command = [
            sys.executable, "-m", "verifier", "serve", "--port", "0", "--recheck", "off",
            "--cache", str(root / "cache"), "--reports", str(root / "reports"),
            "--ca-bundle", str(local_web.ca_path), *routes, *extra,
        ]  # fmt: skip
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> Service:
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert self.process.stdout is not None
        said = []
        while not said or not said[-1].startswith("Serving "):
            line = self.process.stdout.readline()
            assert line, said  # the process ended before it served
            said.append(line)
        found = re.search(r" at (http://\S+) ", said[-1])
        assert found, said
        self.url = found[1]
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        assert self.process is not None
        self.process.send_signal(sig)
        self.process.wait(20)
        assert self.process.stdout is not None
        self.process.stdout.close()

    def submit(self, text: str | bytes, kind: str = "text/plain", **headers: str) -> httpx.Response:
        body = text.encode("utf-8") if isinstance(text, str) else text
        return httpx.post(
            self.url + "api/issues", content=body, headers={"content-type": kind, **headers}
        )

    def finished(self, job: str) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            state: dict[str, Any] = httpx.get(f"{self.url}api/jobs/{job}").json()
            if state["state"] in ("done", "failed"):
                return state
            time.sleep(0.3)
        raise AssertionError(f"job {job} did not finish in {WAIT} s")


@pytest.fixture(scope="module")
def service(local_web: LocalWeb, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    running = Service(tmp_path_factory.mktemp("service"), local_web, "--workers", "4").start()
    yield running
    running.stop()


def _issue(number: int, url: str) -> str:
    return (
        f"日刊テストガイド 2024.11.{number:02d}号~No.{number}\n\n"
        f"※Story {number}(Harbour Times、2024年11月5日)\n{url}\n"
    )


def test_the_example_submitted_comes_back_as_its_report(service: Service) -> None:
    answer = service.submit(EXAMPLE.read_bytes())
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert job["issue"] == "2024-11-11-no4376"
    done = service.finished(job["job"])
    assert done["state"] == "done", done
    assert done["progress"]["urls"] == done["progress"]["fetched"] > 0
    page = httpx.get(service.url + done["report"].lstrip("/"))
    assert page.status_code == 200 and "Fix before publishing" in page.text
    report = httpx.get(f"{service.url}api/issues/{job['issue']}/report.json").json()
    assert [e["correction"] for e in report["triage"]["fix"]] == ["11月6日"]
    [listed] = httpx.get(service.url + "api/issues").json()["issues"][:1]
    assert (listed["id"], listed["to_fix"]) == (job["issue"], 1)
    # the index is written by the workers' housekeeping, once for the jobs done since
    deadline = time.monotonic() + 30
    while job["issue"] not in (index := httpx.get(service.url + "index.html")).text:
        assert time.monotonic() < deadline, f"the index never listed the issue: {index}"
        time.sleep(0.5)


def test_twenty_concurrent_submissions_all_complete(service: Service) -> None:
    issues = [_issue(n, f"https://failures.test/ok?service={n}") for n in range(1, 21)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(service.submit, issues))
    assert [a.status_code for a in answers] == [202] * 20
    with ThreadPoolExecutor(max_workers=20) as pool:
        done = list(pool.map(service.finished, [a.json()["job"] for a in answers]))
    assert [d["state"] for d in done] == ["done"] * 20, [d["error"] for d in done if d["error"]]
    for answer in answers:
        issue = answer.json()["issue"]
        report = httpx.get(f"{service.url}api/issues/{issue}/report.json").json()
        assert [c["link"]["status"] for c in report["citations"]] == ["ok"]


def test_a_url_cited_by_two_concurrent_jobs_is_fetched_once(
    service: Service, local_web: LocalWeb
) -> None:
    path = "/slow/headers?delay=1&key=cited-twice"
    before = local_web.hits("failures.test", path)
    issues = [_issue(n, f"https://failures.test{path}") for n in (21, 22)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [answer.json()["job"] for answer in pool.map(service.submit, issues)]
    assert [service.finished(job)["state"] for job in jobs] == ["done", "done"]
    assert local_web.hits("failures.test", path) - before == 1
    for issue in ("2024-11-21-no21", "2024-11-22-no22"):
        report = httpx.get(f"{service.url}api/issues/{issue}/report.json").json()
        assert [c["link"]["status"] for c in report["citations"]] == ["ok"]


@pytest.mark.parametrize(
    ("body", "kind", "status", "says"),
    [
        (b"\x00\x01\x02 binary", "text/plain", 400, "binary"),
        (b"   \n ", "text/plain", 400, "empty"),
        (b"No link in here at all, only words.", "text/plain", 400, "not an issue"),
        (b"x" * (5 * 1024 * 1024 + 1), "text/plain", 413, "at most 5 MB"),
        (b"%PDF-1.4", "application/pdf", 415, "text/plain"),
    ],
)
def test_bad_submissions_get_their_status_and_one_clear_message(
    service: Service, body: bytes, kind: str, status: int, says: str
) -> None:
    answer = service.submit(body, kind)
    assert answer.status_code == status and says in answer.json()["error"]


def test_a_page_of_another_site_or_without_the_form_s_token_cannot_submit(
    service: Service,
) -> None:
    issue = _issue(1, "https://failures.test/ok?service=csrf")
    assert service.submit(issue, origin="https://evil.example").status_code == 403
    page = httpx.get(service.url + "submit")
    assert "script-src 'sha256-" in page.headers["content-security-policy"]
    cookie = page.cookies["verifier_csrf"]
    forged = service.submit(issue, cookie=f"verifier_csrf={cookie}")
    assert forged.status_code == 403
    sent = service.submit(issue, cookie=f"verifier_csrf={cookie}", **{"x-csrf-token": cookie})
    assert sent.status_code == 202


def test_a_token_guards_writes_and_is_required_beyond_this_machine(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    refused = subprocess.run(
        [sys.executable, "-m", "verifier", "serve", "--host", "0.0.0.0", "--port", "0",
         "--cache", str(tmp_path / "c"), "--reports", str(tmp_path / "r")],
        capture_output=True, text=True, timeout=60, env={**os.environ, "VERIFIER_TOKEN": ""},
    )  # fmt: skip
    assert refused.returncode == 2 and "--token" in refused.stderr
    guarded = Service(tmp_path, local_web, "--token", "s3cret").start()
    try:
        issue = _issue(1, "https://failures.test/ok?service=token")
        assert guarded.submit(issue).status_code == 401
        assert guarded.submit(issue, authorization="Bearer wrong").status_code == 401
        assert guarded.submit(issue, authorization="Bearer s3cret").status_code == 202
        assert httpx.get(guarded.url + "api/health").json()["status"] == "ok"
    finally:
        guarded.stop()


def test_writes_are_rate_limited_per_client(local_web: LocalWeb, tmp_path: Path) -> None:
    """Its own service: the limit would hold the other tests' client back for a minute."""
    limited = Service(tmp_path, local_web).start()
    try:
        statuses = [limited.submit(b"not an issue").status_code for _ in range(61)]
        assert statuses[:60] == [400] * 60 and statuses[60] == 429
        assert httpx.get(limited.url + "api/health").status_code == 200  # reads are not
    finally:
        limited.stop()


def test_a_job_running_when_the_service_is_killed_is_run_again_on_restart(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    first = Service(tmp_path, local_web).start()
    slow = _issue(1, "https://failures.test/slow/headers?delay=3&key=killed")
    job = first.submit(slow).json()["job"]
    deadline = time.monotonic() + WAIT
    while httpx.get(f"{first.url}api/jobs/{job}").json()["state"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    first.stop(signal.SIGKILL)
    second = Service(tmp_path, local_web).start()
    try:
        done = second.finished(job)
        assert done["state"] == "done", done
    finally:
        second.stop()


def test_the_recheck_runs_on_its_schedule() -> None:
    nightly = schedule("17 3 * * *")
    assert nightly(datetime(2026, 12, 8, 3, 17)) and not nightly(datetime(2026, 12, 8, 3, 18))
    every_six_hours = schedule("6h")
    due = [hour for hour in range(24) if every_six_hours(datetime(2026, 12, 8, hour, 0))]
    assert due == [0, 6, 12, 18]
    assert not every_six_hours(datetime(2026, 12, 8, 6, 1))


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["content-length"])
        self.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return None


def test_the_scheduler_runs_the_recheck_which_posts_new_failures_to_the_webhook(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    """A link that worked when the issue was verified fails at the re-check: huey's
    scheduler, asked what is due at 03:17 (a moved clock, not a wait), runs the re-check,
    and the webhook (a local receiver) hears of the change, with its issue."""
    url = "https://failures.test/service/recheck-story"
    local_web.add(Route(url, body=b"<html><body><p>" + b"The ferry ran late. " * 20 + b"</p>"))
    settings = routed_to(local_web, tmp_path, embedder="none", max_age=0.0)
    issue = tmp_path / "issue.txt"
    issue.write_text(_issue(3, url), encoding="utf-8")
    pipeline.run([issue], settings, mode=pipeline.Mode.LINKS)
    local_web.add(Route(url, status=404, body=b"<html><body>Not Found</body></html>"))
    receiver = HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    queue = Queue(settings)
    queue.schedule_recheck("17 3 * * *", f"http://127.0.0.1:{receiver.server_address[1]}/hook")
    try:
        assert queue.huey.read_periodic(datetime(2026, 12, 8, 3, 16)) == []
        [due] = queue.huey.read_periodic(datetime(2026, 12, 8, 3, 17))
        queue.huey.execute(due)  # queues the re-check's jobs (one: one issue)
        while (task := queue.huey.dequeue()) is not None:
            queue.huey.execute(task)  # a worker runs each
    finally:
        receiver.shutdown()
        receiver.server_close()
    [message] = _Receiver.received
    assert message["issues"] == 1
    [change] = message["changes"]
    assert (change["change"], change["url"], change["after"]) == ("new failure", url, "failing")
    assert change["issue"] == "2024-11-03-no3"


def test_a_recheck_is_one_job_per_batch_of_issues_for_any_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(cache_dir=tmp_path / "cache", reports_dir=tmp_path / "reports")
    with Archive.of(settings) as archive:
        for number in range(5):
            issue = Issue(f"2024-11-0{number + 1}", "t", None, f"{number}.txt", "text", ())
            archive.record_issue(issue, "text")
    monkeypatch.setattr(_recheck, "RECHECK_BATCH", 2)
    queue = Queue(settings)
    queue.schedule_recheck("17 3 * * *", None)
    [due] = queue.huey.read_periodic(datetime(2026, 12, 8, 3, 17))
    queue.huey.execute(due)
    jobs = [queue.store.get(task.args[0]) for task in iter(queue.huey.dequeue, None)]
    assert [job.recheck for job in jobs if job is not None] == [
        ["2024-11-01", "2024-11-02"],
        ["2024-11-03", "2024-11-04"],
        ["2024-11-05"],
    ]
    assert all(job is not None and job.report_page == "/index.html" for job in jobs)
