"""`--format junit` and `--format github`: what CI shows, marking what `--fail-on` fails."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from localweb import LocalWeb
from verifier.cli import main

ISSUE = """日刊テストガイド 2024.11.11号~No.1

※Gone story(Harbour Times、2024年11月5日)
https://failures.test/404

※Blocked story(Harbour Times、2024年11月5日)
https://failures.test/403

※Fine story(Harbour Times、2024年11月5日)
https://failures.test/ok
"""


@pytest.fixture
def links(local_web: LocalWeb, tmp_path: Path):  # type: ignore[no-untyped-def]
    issue = tmp_path / "issue.txt"
    issue.write_text(ISSUE, encoding="utf-8")

    def run(*args: str) -> Result:
        routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
        common = ["--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports")]
        common += ["--ca-bundle", str(local_web.ca_path), "--no-progress", *routes]
        return CliRunner().invoke(main, ["links", str(issue), *args, *common])

    return run


def test_junit_has_a_case_per_link_and_fails_what_fail_on_names(links) -> None:  # type: ignore[no-untyped-def]
    result = links("--format", "junit", "--fail-on", "dead")
    assert result.exit_code == 1, result.output
    suites = ET.fromstring(result.output)
    [suite] = suites.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 3 and suite.get("failures") == "1"
    [failed] = [case for case in cases if case.find("failure") is not None]
    assert "failures.test/404" in (failed.get("name") or "")
    assert failed.get("line") == "3"
    # a 404 of a link never seen good is `dead` at once (integration/test_history.py)
    assert (failed.find("failure").get("type")) == "dead"  # type: ignore[union-attr]


def test_github_annotates_what_fails_and_lists_everything_in_the_step_summary(
    links, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """GitHub shows ten annotations of a kind per step: what fails is an error annotation at
    its line, the rest is counted in one notice and listed in the step summary (Markdown)."""
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = links("--format", "github")
    lines = result.output.splitlines()
    assert result.exit_code == 1
    [error] = [line for line in lines if line.startswith("::error ")]
    assert ",line=3," in error and "issue.txt" in error and "::dead: HTTP 404 Not Found" in error
    assert not [line for line in lines if line.startswith("::warning ")]
    [notice] = [line for line in lines if line.startswith("::notice ")]
    assert "1 failing, 1 worth a look" in notice
    written = summary.read_text("utf-8")
    assert written.startswith("earlier step\n")  # appended, as GitHub asks
    rows = [row for row in written.splitlines() if row.startswith("| ")][2:]
    assert [row.split(" | ")[1:3] for row in rows] == [["3", "`dead`"], ["6", "`blocked`"]]
    assert rows[0].startswith("| **failing** |") and "failures.test/ok" not in written


def test_markdown_lists_what_fails_first_then_what_is_worth_a_look(links) -> None:  # type: ignore[no-untyped-def]
    result = links("--format", "markdown", "--fail-on", "blocked")
    assert result.exit_code == 1
    assert result.output.startswith("### ")
    assert "**1 failing**, 1 worth a look" in result.output
    rows = [row for row in result.output.splitlines() if row.startswith("| ")][2:]
    assert [row.split(" | ")[2] for row in rows] == ["`blocked`", "`dead`"]


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github", "markdown"])
def test_output_writes_every_format_to_a_file_and_nothing_to_stdout(
    links, tmp_path: Path, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"out.{fmt}"
    result = links("--format", fmt, "--output", str(target))
    assert result.exit_code == 1
    written = target.read_text("utf-8")
    assert "failures.test/404" in written
    assert "failures.test/404" not in result.output
    assert written == links("--format", fmt).output or fmt in {"text", "json"}


def test_output_into_a_missing_folder_is_one_line_and_exit_2(links, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = links("--format", "json", "--output", str(tmp_path / "no" / "such" / "out.json"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "cannot write --output" in result.output


def test_junit_is_valid_against_the_junit_schema(links) -> None:  # type: ignore[no-untyped-def]
    schema = etree.XMLSchema(etree.parse(str(Path(__file__).parents[1] / "data" / "junit.xsd")))
    document = etree.fromstring(links("--format", "junit").output.encode("utf-8"))
    assert schema.validate(document), schema.error_log
    broken = etree.fromstring(
        b'<testsuites><testsuite tests="1"><testcase/></testsuite></testsuites>'
    )
    assert not schema.validate(broken)  # the schema can fail: names are required


def test_a_run_with_nothing_to_fail_on_exits_0_and_says_so(links) -> None:  # type: ignore[no-untyped-def]
    result = links("--format", "junit", "--fail-on", "contradicted")
    assert result.exit_code == 0
    assert ET.fromstring(result.output).find("testsuite").get("failures") == "0"  # type: ignore[union-attr]


# --- what `links` reads and what it fetches again -------------------------------------


def _issue(folder: Path, name: str, number: int, url: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        f"日刊テストガイド 2024.11.{number:02d}号~No.{number}\n\n"
        f"※Story(Harbour Times、2024年11月5日)\n{url}\n",
        encoding="utf-8",
    )
    return path


def _links_cli(local_web: LocalWeb, tmp_path: Path, *args: str) -> Result:
    routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
    common = ["--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports")]
    common += ["--ca-bundle", str(local_web.ca_path), "--no-progress", "--format", "json"]
    return CliRunner().invoke(main, ["links", *args, *common, *routes])


def test_a_directory_or_a_glob_names_every_issue_under_it_and_a_url_is_fetched_once(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    url = "https://failures.test/ok?key=shared-by-two"
    _issue(tmp_path / "archive" / "2024", "a.txt", 1, url)
    _issue(tmp_path / "archive" / "2024" / "11", "b.md", 2, url)
    (tmp_path / "archive" / "notes.json").write_text("{}", encoding="utf-8")
    before = local_web.hits("failures.test", "/ok?key=shared-by-two")
    result = _links_cli(local_web, tmp_path, str(tmp_path / "archive"))
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 2
    assert local_web.hits("failures.test", "/ok?key=shared-by-two") - before == 1
    glob = _links_cli(local_web, tmp_path / "g", str(tmp_path / "archive" / "**" / "*.md"))
    assert glob.exit_code == 0
    [only] = json.loads(glob.output)  # an array for one issue as for several
    assert only["issue"]["path"].endswith("b.md")


def test_a_folder_without_issues_or_a_glob_without_matches_is_a_usage_error(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    for arg in (str(tmp_path / "empty"), str(tmp_path / "nothing-*.txt")):
        result = _links_cli(local_web, tmp_path, arg)
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and "verifier: error:" in result.output


def test_links_does_not_fetch_again_what_it_fetched_within_max_age(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    path = "/ok?key=max-age"
    issue = _issue(tmp_path / "issues", "a.txt", 1, "https://failures.test" + path)
    first = local_web.hits("failures.test", path)
    assert _links_cli(local_web, tmp_path, str(issue)).exit_code == 0
    assert _links_cli(local_web, tmp_path, str(issue)).exit_code == 0  # default: one day
    assert local_web.hits("failures.test", path) - first == 1
    assert _links_cli(local_web, tmp_path, str(issue), "--max-age", "0").exit_code == 0
    assert local_web.hits("failures.test", path) - first == 2
    bad = _links_cli(local_web, tmp_path, str(issue), "--max-age", "soon")
    assert bad.exit_code == 2 and "max_age" in bad.output
