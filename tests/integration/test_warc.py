"""`verifier archive export / import / stats`: the archive as a standard WARC, and back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from localweb import LocalWeb
from verifier.archive import Archive
from verifier.cli import main

URLS = [
    "https://failures.test/ok",
    "https://failures.test/redirect/chain",
    "https://www.politico.com/news/2024/11/06/trump-vetting-candidates-white-house-jobs-00188070",
    "https://failures.test/gzip-bomb",
]
WARCIO = [sys.executable, "-m", "warcio.cli"]


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _archive_some(local_web: LocalWeb, tmp_path: Path) -> Path:
    lines = [f"※Story {n}(Example、2024年11月5日)\n{url}\n" for n, url in enumerate(URLS)]
    issue = tmp_path / "issue.txt"
    issue.write_text("日刊テストガイド 2024.11.11号~No.1\n\n" + "\n".join(lines), "utf-8")
    routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
    cache = tmp_path / "cache"
    _cli("links", str(issue), "--cache", str(cache), "--reports", str(tmp_path / "r"),
         "--ca-bundle", str(local_web.ca_path), "--no-progress", *routes)  # fmt: skip
    return cache


def test_an_exported_warc_passes_warcios_own_check_and_index(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    cache = _archive_some(local_web, tmp_path)
    warc = tmp_path / "sources.warc.gz"
    result = _cli("archive", "export", "--warc", str(warc), "--cache", str(cache))
    assert result.exit_code == 0 and "WARC records" in result.output
    check = subprocess.run([*WARCIO, "check", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run([*WARCIO, "index", str(warc)], capture_output=True, text=True)
    assert index.returncode == 0, index.stderr
    records = [json.loads(line) for line in index.stdout.splitlines()]
    targets = {r.get("warc-target-uri") for r in records if r.get("warc-type") == "response"}
    assert "https://failures.test/ok" in targets and URLS[2] in targets
    assert "https://failures.test/redirect/chain/2" in targets  # a hop, so a replay follows
    assert not list(tmp_path.glob("*.partial"))


def test_a_warc_imported_into_another_archive_gives_the_same_bodies(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    cache = _archive_some(local_web, tmp_path)
    warc = tmp_path / "sources.warc.gz"
    _cli("archive", "export", "--warc", str(warc), "--cache", str(cache))
    other = tmp_path / "other"
    result = _cli("archive", "import", str(warc), "--cache", str(other))
    assert result.exit_code == 0, result.output
    with Archive(cache) as first, Archive(other) as second:
        mine = first.latest_snapshot(URLS[2])
        theirs = second.latest_snapshot(URLS[2])
        assert mine is not None and theirs is not None
        assert second.body(theirs) == first.body(mine)
        assert theirs.fetched_at.replace(microsecond=0) == mine.fetched_at.replace(microsecond=0)
    imported = json.loads(_cli("archive", "stats", "--cache", str(other)).output)
    original = json.loads(_cli("archive", "stats", "--cache", str(cache)).output)
    assert imported["snapshots"] == original["snapshots"]
    # the four cited pages by their status; the sites' answers to made-up paths (the tool's
    # 404 probes) apart, never counted as dead links
    assert original["cited_by_latest_status"] == {"ok": 3, "redirected": 1}
    assert original["own_requests"] == {"urls": 2, "snapshots": 2}


def test_importing_something_that_is_no_warc_is_one_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not a WARC file at all")
    result = CliRunner().invoke(main, ["archive", "import", str(junk), "--cache", str(tmp_path)])
    assert result.exit_code == 2 and "not a readable WARC file" in result.output
