"""`verifier links` over every failure the local web can produce: statuses, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from localweb import LocalWeb
from verifier.cli import main

F = "https://failures.test"

#: URL -> the link status `verifier links` must give it.
EXPECTED = {
    f"{F}/ok": "ok",
    f"{F}/404": "dead",
    f"{F}/410": "dead",
    f"{F}/403": "blocked",
    f"{F}/500": "error",
    f"{F}/redirect/chain": "redirected",
    f"{F}/redirect/loop-a": "error",
    f"{F}/redirect/endless/1": "error",
    f"{F}/redirect/meta": "redirected",
    f"{F}/redirect/to-private": "error",
    f"{F}/redirect/to-loopback": "error",
    f"{F}/flaky/429?key=hostile&times=1&retry_after=1": "ok",
    f"{F}/flaky/503?key=hostile&times=1": "ok",
    f"{F}/429-forever?retry_after=3600": "blocked",
    f"{F}/slow/headers?delay=10": "timeout",
    f"{F}/drip?seconds=10": "timeout",
    f"{F}/reset": "error",
    f"{F}/malformed": "error",
    f"{F}/huge?mb=20": "ok",
    f"{F}/gzip-bomb": "ok",
    f"{F}/shift-jis": "ok",
    f"{F}/wrong-charset": "ok",
    f"{F}/binary": "ok",
    f"{F}/empty": "ok",
    "https://other.test/robots-blocked/page": "blocked",
    "https://10.0.0.1/secret": "error",
}


def _issue(tmp_path: Path) -> Path:
    blocks = [f"※Case {n}(Example、2024年11月6日)\n{url}\n" for n, url in enumerate(EXPECTED)]
    path = tmp_path / "hostile.txt"
    path.write_text("Hostile web 2024.11.11号\n\nText.\n\n" + "\n".join(blocks), "utf-8")
    return path


def test_every_hostile_response_ends_as_a_link_status(
    local_web: LocalWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERIFIER_READ_TIMEOUT", "1")
    monkeypatch.setenv("VERIFIER_TOTAL_TIMEOUT", "3")
    monkeypatch.setenv("VERIFIER_RETRY_AFTER_CAP", "5")
    monkeypatch.setenv("VERIFIER_BACKOFF_BASE", "0.05")
    monkeypatch.setenv("VERIFIER_MAX_BODY_BYTES", str(2 * 1024 * 1024))
    # one failed check is enough here: this is about what each response means, not history
    monkeypatch.setenv("VERIFIER_DEAD_AFTER_CHECKS", "1")
    monkeypatch.setenv("VERIFIER_DEAD_AFTER_DAYS", "0")
    args = ["links", str(_issue(tmp_path)), "--format", "json", "--fail-on", "dead"]
    args += ["--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports")]
    args += ["--ca-bundle", str(local_web.ca_path)]
    args += [f"--connect-to={route}" for route in local_web.connect_to_all()]
    result = CliRunner().invoke(main, args, catch_exceptions=False)

    assert result.exit_code == 1  # the dead links are findings at --fail-on dead
    report = json.loads((tmp_path / "reports" / "2024-11-11-hostile" / "report.json").read_text())
    got = {c["url"]: c["link"]["status"] for c in report["citations"]}
    assert got == EXPECTED
    reasons = {c["url"]: c["link"]["reason"] for c in report["citations"]}
    assert "private address" in reasons["https://10.0.0.1/secret"]
    assert "robots.txt" in reasons["https://other.test/robots-blocked/page"]
    assert all(c["checks"] == [] for c in report["citations"])  # links: no claim checks
