"""`verifier serve`: the reports folder over HTTP on 127.0.0.1, and nothing outside it
(the service's API and its jobs: tests/integration/test_service.py)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from click.testing import CliRunner

from verifier import service
from verifier.cli import main


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A reports folder with a page at the top and one below, and a secret beside it."""
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text("<p>every issue</p>", encoding="utf-8")
    (folder / "sub" / "index.html").write_text("<p>one issue</p>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the reports", encoding="utf-8")
    return folder


@pytest.fixture
def served(reports: Path, serve_folder: Callable[[Path], str]) -> str:
    """The base URL of `reports`, served in a thread on a free port."""
    return serve_folder(reports)


def _raw_get(url: str, path: str) -> bytes:
    """GET `path` exactly as written: httpx would resolve `..` before sending it."""
    parsed = httpx.URL(url)
    host, port = parsed.host, parsed.port
    assert port is not None
    with socket.create_connection((host, port), timeout=5) as conn:
        conn.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_serves_pages_with_security_headers_and_no_csp(
    served: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not served.endswith(":0/")
    for path, body in [("", "<p>every issue</p>"), ("sub/", "<p>one issue</p>")]:
        response = httpx.get(served + path)
        assert response.status_code == 200 and response.text == body
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["x-frame-options"] == "DENY"
        # the pages carry their own policy (with their script hashes); a header would clash
        assert "content-security-policy" not in response.headers
    assert capsys.readouterr().err == ""  # no log line per request without --verbose


def test_a_missing_file_is_404_with_the_same_headers(served: str) -> None:
    response = httpx.get(served + "sub/nothing.html")
    assert response.status_code == 404
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt", "/..%2fsecret.txt"]
)
def test_no_path_climbs_out_of_the_folder(served: str, path: str) -> None:
    response = _raw_get(served, path)
    assert response.split(b"\r\n", 1)[0].endswith(b" 404 Not Found")
    assert b"outside the reports" not in response


def test_cli_prints_the_real_url_and_stops_with_its_workers(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server stopping (as Ctrl-C stops it) ends the command with status 0, and the
    workers' process with it."""
    started: list[Any] = []
    spawn = service._start_workers

    def recorded(*args: Any) -> Any:
        started.append(spawn(*args))
        return started[-1]

    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)
    monkeypatch.setattr(service, "_start_workers", recorded)
    folders = ["--reports", str(reports), "--cache", str(tmp_path / "cache")]
    result = CliRunner().invoke(main, ["serve", *folders, "--port", "0"])
    assert result.exit_code == 0, result.output
    [line] = result.output.splitlines()
    assert line.startswith(f"Serving {reports} at http://127.0.0.1:")
    assert line.endswith("/ (Ctrl-C to stop)") and ":0/" not in line
    [workers] = started
    assert not workers.is_alive()


def test_cli_reports_folder_that_cannot_be_one_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    nope = tmp_path / "a-file" / "nope"
    result = CliRunner().invoke(main, ["serve", "--reports", str(nope)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith("verifier: error: ") and "nope" in result.output


def test_cli_port_in_use_exits_2_with_one_line(reports: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["serve", "--reports", str(reports), "--cache", str(reports.parent / "c")]
        result = CliRunner().invoke(main, [*args, "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and f"127.0.0.1:{port}" in result.output
