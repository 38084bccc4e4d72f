"""Whatever fails under a command reaches the user as one line and exit status 2: the
package's own errors, the environment's (`OSError`, naming the file) and a bug."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from verifier import pipeline
from verifier.cli import main


def _links_failing_with(
    error: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str
) -> Any:
    issue = tmp_path / "issue.txt"
    issue.write_text(
        "日刊テストガイド 2024.11.11号~No.1\n\n※A(B、2024年11月5日)\nhttps://a.test/\n"
    )

    def fail(*_args: Any, **_kwargs: Any) -> None:
        raise error

    monkeypatch.setattr(pipeline, "run", fail)
    folders = ["--cache", str(tmp_path / "c"), "--reports", str(tmp_path / "r")]
    return CliRunner().invoke(main, ["links", str(issue), *folders, *args])


def test_an_os_error_is_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    denied = PermissionError(13, "Permission denied", "reports/x/report.json")
    result = _links_failing_with(denied, tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert result.output == "verifier: error: Permission denied: reports/x/report.json\n"


def test_a_bug_is_one_line_and_its_traceback_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet = _links_failing_with(RuntimeError("boom"), tmp_path, monkeypatch)
    assert quiet.exit_code == 2
    assert quiet.output == (
        "verifier: error: unexpected RuntimeError: boom (run with -v for the traceback)\n"
    )
    loud = _links_failing_with(RuntimeError("boom"), tmp_path, monkeypatch, "-v")
    assert loud.exit_code == 2 and "Traceback (most recent call last)" in loud.output


def test_a_usage_error_keeps_click_s_own_message_and_status(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["links", str(tmp_path / "issue.txt"), "--retries", "99"])
    assert result.exit_code == 2 and "Usage:" in result.output


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again: nothing listens there


def test_a_queue_no_redis_answers_is_one_line_without_its_password(tmp_path: Path) -> None:
    queue = f"redis://:secret@127.0.0.1:{_closed_port()}/0"
    folders = ["--cache", str(tmp_path / "c"), "--reports", str(tmp_path / "r")]
    result = CliRunner().invoke(main, ["worker", "--queue", queue, *folders])
    assert result.exit_code == 2
    assert result.output.startswith("verifier: error: queue redis://:***@127.0.0.1:")
    assert "no Redis answers there" in result.output and "secret" not in result.output
    assert result.output.count("\n") == 1


def test_a_database_no_postgresql_answers_is_one_line_at_once(tmp_path: Path) -> None:
    database = f"postgresql://verifier:secret@127.0.0.1:{_closed_port()}/verifier"
    result = CliRunner().invoke(main, ["archive", "stats", "--database", database])
    assert result.exit_code == 2
    assert result.output.startswith("verifier: error: cannot use PostgreSQL at postgresql://")
    assert "secret" not in result.output and result.output.count("\n") == 1


def test_a_queue_or_database_that_is_no_such_url_is_refused_by_its_setting(
    tmp_path: Path,
) -> None:
    result = CliRunner().invoke(main, ["archive", "stats", "--database", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "setting 'database'" in result.output and "postgresql://" in result.output
