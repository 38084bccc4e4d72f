"""Ctrl-C in the middle of a crawl: a consistent archive, and a run that continues."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from localweb import LocalWeb

FAST = [f"https://failures.test/ok?n={n}" for n in range(6)]
SLOW = [f"https://failures.test/slow/headers?delay=30&n={n}" for n in range(3)]


def _issue(tmp_path: Path) -> Path:
    blocks = [f"※Page {n}(Example、2024年11月6日)\n{url}\n" for n, url in enumerate(FAST + SLOW)]
    path = tmp_path / "issue.txt"
    path.write_text("Interrupted issue 2024.11.11号\n\nText.\n\n" + "\n".join(blocks), "utf-8")
    return path


def _command(web: LocalWeb, issue: Path, cache: Path, reports: Path) -> list[str]:
    command = [sys.executable, "-m", "verifier", "run", str(issue), "--cache", str(cache)]
    command += ["--reports", str(reports), "--ca-bundle", str(web.ca_path)]
    return command + [f"--connect-to={route}" for route in web.connect_to_all()]


def _archived(cache: Path) -> int:
    try:
        with sqlite3.connect(cache / "archive.db") as db:
            return int(db.execute("select count(*) from snapshots").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_ctrl_c_keeps_what_was_archived_and_the_next_run_continues(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    cache, reports = tmp_path / "cache", tmp_path / "reports"
    command = _command(local_web, _issue(tmp_path), cache, reports)
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while _archived(cache) < len(FAST) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(run.pid, signal.SIGINT)
    _, err = run.communicate(timeout=30)

    assert run.returncode == 130
    assert err.strip().splitlines()[-1].startswith("verifier: interrupted")
    with sqlite3.connect(cache / "archive.db") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("select count(*) from runs where finished_at is null").fetchone() == (1,)
    assert _archived(cache) == len(FAST)

    hits = [
        local_web.hits("failures.test", url.removeprefix("https://failures.test")) for url in FAST
    ]
    env = {**os.environ, "VERIFIER_TOTAL_TIMEOUT": "0.5", "VERIFIER_RETRIES": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)

    assert done.returncode in (0, 1), done.stderr
    assert [
        local_web.hits("failures.test", url.removeprefix("https://failures.test")) for url in FAST
    ] == hits
    # and one probe of failures.test's made-up path, fetched once the cited URLs are in
    assert _archived(cache) == len(FAST) + len(SLOW) + 1
    with sqlite3.connect(cache / "archive.db") as db:
        assert db.execute("select count(*) from runs where finished_at is null").fetchone() == (0,)
