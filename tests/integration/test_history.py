"""A link's verdict over time (`verifier links`): dead only when failures are confirmed.

The clock moves by archiving snapshots with older times: the history rules
read nothing but the archive, so days pass in a test without waiting.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from localweb import LocalWeb
from localweb._pages import OK_PAGE
from verifier import extract, pipeline
from verifier.archive import Archive
from verifier.cli import main
from verifier.pipeline import _pages
from verifier.pipeline._pages import PageReader
from verifier.types import FetchResult, LinkStatus, Snapshot

URL = "https://failures.test/404"


def _links(local_web: LocalWeb, cache: Path, issue: Path) -> Result:
    routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
    args = ["links", str(issue), "--cache", str(cache), "--reports", str(cache.parent / "r")]
    args += ["--ca-bundle", str(local_web.ca_path), "--no-progress", "--format", "json"]
    return CliRunner().invoke(main, [*args, "--max-age", "0", *routes])


def _report(output: str) -> dict[str, Any]:
    """The one issue's report of a run's JSON output (an array, one report per issue)."""
    [report] = json.loads(output)
    return dict(report)


def _archive_past(cache: Path, url: str, *checks: tuple[float, LinkStatus]) -> None:
    """Checks of `url` days ago, as earlier nightly runs would have archived them."""
    with Archive(cache) as archive:
        archive.record_fetches(
            [
                FetchResult(
                    url=url,
                    final_url=url,
                    status=status,
                    reason="HTTP 404 Not Found" if status is LinkStatus.DEAD else "HTTP 200 OK",
                    http_status=404 if status is LinkStatus.DEAD else 200,
                    hops=(),
                    headers=(),
                    content_type="text/html",
                    fetched_at=datetime.now(UTC) - timedelta(days=days),
                    elapsed=0.1,
                    body=b"<title>x</title>",
                )
                for days, status in checks
            ]
        )


def _issue(tmp_path: Path, url: str) -> Path:
    issue = tmp_path / "issue.txt"
    issue.write_text(
        f"日刊テストガイド 2024.11.11号~No.1\n\n※Story(Harbour Times、2024年11月5日)\n{url}\n",
        encoding="utf-8",
    )
    return issue


def test_a_link_that_worked_is_failing_first_then_dead_once_confirmed(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    issue, cache = _issue(tmp_path, URL), tmp_path / "cache"
    _archive_past(cache, URL, (1, LinkStatus.OK))
    first = _links(local_web, cache, issue)
    assert first.exit_code == 0  # failing does not fail the run by default
    [citation] = _report(first.output)["citations"]
    assert citation["link"]["status"] == "failing"
    assert citation["link"]["history"]["consecutive_failures"] == 1

    other = tmp_path / "old"
    _archive_past(other, URL, (6, LinkStatus.OK), (4, LinkStatus.DEAD), (2, LinkStatus.DEAD))
    result = _links(local_web, other, issue)
    assert result.exit_code == 1  # dead fails the run by default; failing does not
    [citation] = _report(result.output)["citations"]
    assert citation["link"]["status"] == "dead"


def test_a_new_failure_and_a_recovery_are_listed_first(local_web: LocalWeb, tmp_path: Path) -> None:
    broken, cache = _issue(tmp_path, URL), tmp_path / "cache"
    _archive_past(cache, URL, (1, LinkStatus.OK))
    report = _report(_links(local_web, cache, broken).output)
    assert [c["change"] for c in report["changes"]] == ["new failure"]

    fine = "https://failures.test/ok?key=recovered"
    other = tmp_path / "other"
    _archive_past(other, fine, (2, LinkStatus.DEAD), (1, LinkStatus.DEAD))
    (tmp_path / "b").mkdir()
    report = _report(_links(local_web, other, _issue(tmp_path / "b", fine)).output)
    assert report["changes"] == [
        {
            "change": "recovered",
            "citation": "c01",
            "line": 3,
            "url": fine,
            "before": "dead",
            "after": "ok",
        }
    ]


def test_a_broken_link_comes_with_its_replacements(local_web: LocalWeb, tmp_path: Path) -> None:
    """The archive's own last good copy, and the Internet Archive's snapshot closest to the
    date it was cited (looked up through the same client, on the local fake of the API)."""
    issue, cache = _issue(tmp_path, URL), tmp_path / "cache"
    _archive_past(cache, URL, (30, LinkStatus.OK))
    before = local_web.hits("archive.org", "/wayback/available")
    report = _report(_links(local_web, cache, issue).output)
    [citation] = report["citations"]
    fallback = citation["link"]["fallback"]
    assert fallback["wayback"] == {
        "url": f"http://web.archive.org/web/20241105120000/{URL}",
        "timestamp": "20241105120000",
    }
    assert fallback["archived_copy"]["fetched_at"] < citation["link"]["fetched_at"]
    assert local_web.hits("archive.org", "/wayback/available") == before + 1
    # the report links the last good copy's text, the one archived view a link-rot run writes
    issue_dir = tmp_path / "r" / report["issue"]["id"]
    own = fallback["archived_copy"]["snapshot"]
    assert [p.name for p in (issue_dir / "sources").iterdir()] == [f"{own}.html"]
    assert f'href="sources/{own}.html"' in (issue_dir / "index.html").read_text("utf-8")


def test_a_good_link_asks_no_archive(local_web: LocalWeb, tmp_path: Path) -> None:
    before = local_web.hits("archive.org", "/wayback/available")
    fine = "https://failures.test/ok?key=no-fallback"
    report = _report(_links(local_web, tmp_path / "cache", _issue(tmp_path, fine)).output)
    assert "fallback" not in report["citations"][0]["link"]
    assert local_web.hits("archive.org", "/wayback/available") == before


def test_a_page_that_no_longer_holds_its_quote_has_drifted(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    url = "https://failures.test/ok?key=drift"
    gone = "The mayor said the evening ferry would be free on Sundays."
    cache = tmp_path / "cache"
    with Archive(cache) as archive:  # a month ago the page said more
        body = OK_PAGE.replace(b"</article>", f"<p>{gone}</p></article>".encode())
        archive.record_fetches(
            [
                FetchResult(
                    url=url,
                    final_url=url,
                    status=LinkStatus.OK,
                    reason="HTTP 200 OK",
                    http_status=200,
                    hops=(),
                    headers=(("Content-Type", "text/html; charset=utf-8"),),
                    content_type="text/html; charset=utf-8",
                    fetched_at=datetime.now(UTC) - timedelta(days=30),
                    elapsed=0.1,
                    body=body,
                )
            ]
        )
    issue = tmp_path / "issue.txt"
    issue.write_text(
        f"日刊テストガイド 2024.11.11号~No.1\n\n港湾局は「{gone}」と発表した。\n\n"
        f"※Ferry(Harbour Times、2024年11月5日)\n{url}\n",
        encoding="utf-8",
    )
    report = _report(_links(local_web, cache, issue).output)
    [citation] = report["citations"]
    assert citation["link"]["status"] == "drifted", citation["link"]["reason"]
    assert gone in citation["link"]["reason"]
    assert citation["link"]["fallback"]["archived_copy"] is not None  # the copy that held it
    # broken the same way everywhere: a drift is a new failure too, not only a fallback
    assert [(c["change"], c["after"]) for c in report["changes"]] == [("new failure", "drifted")]


def test_a_first_run_calls_a_404_dead_and_fails(local_web: LocalWeb, tmp_path: Path) -> None:
    result = _links(local_web, tmp_path / "cache", _issue(tmp_path, URL))
    assert result.exit_code == 1  # a new user's CI goes red on a broken link
    [citation] = _report(result.output)["citations"]
    assert citation["link"]["status"] == "dead"
    assert "dead at once" in citation["link"]["reason"]


def test_links_reads_pages_for_their_signals_not_their_main_text(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    """A link-rot run judges links: no trafilatura main-text extraction of any page."""
    cache = tmp_path / "cache"
    result = _links(local_web, cache, _issue(tmp_path, "https://failures.test/ok"))
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(cache / "archive.db")
    readings = {row["extractor"] for row in db.query("select extractor from pages")}
    assert readings == {extract.SIGNALS_VERSION}


def test_many_pages_are_read_in_worker_processes_as_they_arrive(
    local_web: LocalWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `READ_IN_WORKERS_FROM` pages the readers run beside the crawl: each page is handed
    to them once as its batch is archived, read, and cached for the verdicts."""
    urls = [f"https://failures.test/ok?page={n}" for n in range(pipeline.READ_IN_WORKERS_FROM)]
    blocks = [f"※Story {n}(Harbour Times、2024年11月5日)\n{url}\n\n" for n, url in enumerate(urls)]
    issue = tmp_path / "issue.txt"
    issue.write_text(f"日刊テストガイド 2024.11.11号~No.1\n\n{''.join(blocks)}", encoding="utf-8")
    handed: list[str] = []
    read = PageReader.read

    def counted(self: PageReader, results: list[FetchResult], snapshots: list[Snapshot]) -> None:
        handed.extend(snapshot.url for snapshot in snapshots if snapshot.status.served)
        read(self, results, snapshots)

    monkeypatch.setattr(PageReader, "read", counted)
    cache = tmp_path / "cache"
    result = _links(local_web, cache, issue)
    assert result.exit_code == 0, result.output
    assert {c["link"]["status"] for c in _report(result.output)["citations"]} == {"ok"}
    assert sorted(set(handed) & set(urls)) == sorted(urls)
    db = sqlite_utils.Database(cache / "archive.db")
    [(pages,)] = db.execute(
        "select count(*) from pages where extractor = ?", [extract.SIGNALS_VERSION]
    )
    assert pages >= len(urls)


def test_one_reader_serves_both_passes_of_a_run(
    local_web: LocalWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enough dead links that their Internet Archive look-ups (the second pass) are many
    pages too: the run's workers still start once, and every page either pass fetched is
    cached when the run ends."""
    n = pipeline.READ_IN_WORKERS_FROM
    urls = [f"https://failures.test/404?gone={k}" for k in range(n)]
    blocks = [f"※Story {k}(Harbour Times、2024年11月5日)\n{url}\n\n" for k, url in enumerate(urls)]
    issue = tmp_path / "issue.txt"
    issue.write_text(f"日刊テストガイド 2024.11.11号~No.1\n\n{''.join(blocks)}", encoding="utf-8")
    pools: list[object] = []
    made = _pages.ProcessPoolExecutor

    def counted(*args: Any, **kwargs: Any) -> Any:
        pools.append(made(*args, **kwargs))
        return pools[-1]

    monkeypatch.setattr(_pages, "ProcessPoolExecutor", counted)
    lookups = local_web.hits("archive.org", "/wayback/available")
    cache = tmp_path / "cache"
    result = _links(local_web, cache, issue)
    assert result.exit_code == 1, result.output
    assert local_web.hits("archive.org", "/wayback/available") == lookups + n
    assert len(pools) == 1
    db = sqlite_utils.Database(cache / "archive.db")
    unread = """select count(*) from snapshots where status = 'ok' and body_sha256 is not null
                and id not in (select snapshot_id from pages)"""
    [(left,)] = db.execute(unread)
    [(answers,)] = db.execute("select count(*) from snapshots where url like '%wayback%'")
    assert (left, answers) == (0, n)
