"""The command line as a new user meets it (issue 17): every failure one line and exit 2,
runs that never erase each other, readers that refuse a missing archive, the settings
file and what a lychee user reaches for, each on the local web."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from localweb import LocalWeb
from verifier.cli import main
from verifier.settings import Settings, load_settings
from verifier.types import NO_SUCH_HOST

ROOT = Path(__file__).parents[2]
ISSUE = """日刊テストガイド 2024.11.11号~No.1

※Fine story(Harbour Times、2024年11月5日)
https://failures.test/ok?key={key}

※Gone story(Harbour Times、2024年11月5日)
https://failures.test/404?key={key}
"""

Cli = Callable[..., Result]


def _invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def _one_line_error(result: Result, *words: str) -> None:
    """Exit 2 and a single line on the output, naming what and where."""
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("verifier: error: ")
    assert all(word in result.output for word in words), result.output


@pytest.fixture
def cli(local_web: LocalWeb, tmp_path: Path, request: pytest.FixtureRequest) -> Cli:
    """`verifier COMMAND ISSUE ...` on the local web, with this test's own issue and folders
    (its URLs carry the test's name, so the local web's counts are its own)."""
    issue = tmp_path / "issue.txt"
    issue.write_text(ISSUE.format(key=request.node.name), encoding="utf-8")

    def run(command: str, *args: str, issue_path: Path = issue, **kwargs: object) -> Result:
        routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
        folders = ["--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports")]
        tls = ["--ca-bundle", str(local_web.ca_path), "--no-progress"]
        return _invoke(command, str(issue_path), *folders, *tls, *routes, *args, **kwargs)  # type: ignore[arg-type]

    return run


# --- 1. a host that does not exist --------------------------------------------------


def test_a_host_that_does_not_resolve_is_dead_through_the_real_resolver(
    local_web: LocalWeb, tmp_path: Path
) -> None:
    """Only failures.test is routed to the local web: the .invalid name goes to the system's
    resolver, which cannot resolve it, and aiohttp wraps that in its own exception."""
    issue = tmp_path / "issue.txt"
    issue.write_text(ISSUE.replace("failures.test/ok?key={key}", "no-such-host.invalid/"), "utf-8")
    result = _invoke(
        "links", str(issue), "--format", "json", "--no-progress",
        "--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports"),
        "--ca-bundle", str(local_web.ca_path),
        f"--connect-to=failures.test:443:127.0.0.1:{local_web.port}",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    [report] = json.loads(result.output)
    link = report["citations"][0]["link"]
    assert link["status"] == "dead" and link["reason"].startswith(NO_SUCH_HOST)


# --- 2. the environment's failures: one line, exit 2, the archive untouched -------------


def test_a_missing_or_broken_ca_bundle_is_one_line_before_anything_is_archived(
    cli: Cli, tmp_path: Path
) -> None:
    not_pem = tmp_path / "not.pem"
    not_pem.write_text("this is no certificate\n", encoding="utf-8")
    for bundle in (tmp_path / "missing.pem", not_pem):
        _one_line_error(cli("links", "--ca-bundle", str(bundle)), str(bundle), "CA bundle")
    assert not (tmp_path / "cache").exists()


def test_ssl_cert_file_pointing_nowhere_is_one_line(local_web: LocalWeb, tmp_path: Path) -> None:
    issue = tmp_path / "issue.txt"
    issue.write_text(ISSUE.format(key="ssl-cert-file"), encoding="utf-8")
    nowhere = str(tmp_path / "nowhere.pem")
    result = _invoke(
        "links", str(issue), "--cache", str(tmp_path / "cache"), "--no-progress",
        "--reports", str(tmp_path / "reports"), env={"SSL_CERT_FILE": nowhere},
    )  # fmt: skip
    _one_line_error(result, nowhere, "SSL_CERT_FILE")
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_reports_folder_is_refused_before_fetching(
    cli: Cli, local_web: LocalWeb, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A path under a file can never be a folder, even for root."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    before = local_web.hits("failures.test", f"/ok?key={request.node.name}")
    result = cli("links", "--reports", str(tmp_path / "a-file" / "reports"))
    _one_line_error(result, "cannot write reports in", "a-file")
    assert local_web.hits("failures.test", f"/ok?key={request.node.name}") == before
    assert not (tmp_path / "cache").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_reports_folder_is_refused_before_fetching(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    _one_line_error(cli("links", "--reports", str(folder)), "cannot write reports in")


def test_a_warc_export_into_a_missing_folder_is_one_line_and_leaves_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    assert cli("links").exit_code == 1
    target = tmp_path / "no" / "such" / "folder" / "out.warc.gz"
    result = _invoke("archive", "export", "--warc", str(target), "--cache", str(tmp_path / "cache"))
    _one_line_error(result, str(target))
    assert not (tmp_path / "no").exists()


# --- 3. a link-rot run keeps the claim checks of the last full run ------------------------


def test_links_after_run_keeps_the_checks_and_says_when_they_were_made(
    cli: Cli, tmp_path: Path
) -> None:
    example = tmp_path / "example.txt"
    example.write_text(
        "日刊テストガイド 2024.11.11号~No.1\n\n"
        "※港のフェリーが「今夜も遅れた」と報じた(Harbour Times、2024年11月5日)\n"
        "https://failures.test/ok\n",
        encoding="utf-8",
    )
    run = cli("run", "--format", "json", issue_path=example)
    assert run.exit_code in (0, 1), run.output
    [ran] = json.loads(run.output)
    assert ran["mode"] == "run" and ran["summary"]["checks"] > 0
    links = cli("links", "--format", "json", "--max-age", "0", issue_path=example)
    [printed] = json.loads(links.output)
    assert printed["summary"]["checks"] == 0  # what links prints is its own finding
    saved = json.loads((tmp_path / "reports" / ran["issue"]["id"] / "report.json").read_text())
    assert saved["mode"] == "links" and saved["generated_at"] >= ran["generated_at"]
    assert saved["checked_at"] == ran["checked_at"] == ran["generated_at"]
    assert saved["summary"]["checks"] == ran["summary"]["checks"]
    assert [c["checks"] for c in saved["citations"]] == [c["checks"] for c in ran["citations"]]
    page = (tmp_path / "reports" / ran["issue"]["id"] / "index.html").read_text("utf-8")
    assert "今夜も遅れた" in page
    assert f"<dt>Claims checked</dt><dd>{ran['checked_at']}</dd>" in page


# --- 4. no silent zeros ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["report"],
        ["archive", "stats"],
        ["archive", "export", "--warc", "out.warc.gz"],
    ],
)
def test_a_reading_command_refuses_a_missing_archive(tmp_path: Path, command: list[str]) -> None:
    mistyped = tmp_path / "cahce"
    result = _invoke(*command, "--cache", str(mistyped), "--reports", str(tmp_path / "r"))
    if command[0] == "archive":
        result = _invoke(*command, "--cache", str(mistyped))
    _one_line_error(result, "no archive in", str(mistyped))
    assert not mistyped.exists()


def test_offline_refuses_a_missing_archive_and_reads_an_existing_one(cli: Cli) -> None:
    _one_line_error(cli("links", "--offline"), "no archive in")
    assert cli("links").exit_code == 1
    offline = cli("links", "--offline", "--format", "json")
    assert offline.exit_code == 1, offline.output  # the archived 404 is still dead offline
    [report] = json.loads(offline.output)
    assert [c["link"]["status"] for c in report["citations"]] == ["ok", "dead"]


def test_offline_says_which_urls_the_archive_lacks(cli: Cli, tmp_path: Path) -> None:
    assert cli("links").exit_code == 1
    unseen = tmp_path / "unseen.txt"
    unseen.write_text(ISSUE.format(key="never-fetched"), encoding="utf-8")
    result = cli("links", "--offline", "--format", "json", issue_path=unseen)
    [report] = json.loads(result.output)
    reasons = {c["link"]["reason"] for c in report["citations"]}
    assert reasons == {"no archived snapshot (offline, never fetched)"}


# --- 8. the settings file ---------------------------------------------------------------


def test_every_setting_is_documented_in_the_example_file_which_loads() -> None:
    example = ROOT / "docs" / "verifier.toml"
    text = example.read_text("utf-8")
    documented = {line.lstrip("# ").split(" ")[0].rstrip(":") for line in text.splitlines()}
    assert {f.name for f in fields(Settings)} <= documented
    settings = load_settings(cwd=ROOT, environ={}, config=example)
    assert settings == Settings()  # every line not marked "example" is the default
    assert tomllib.loads(text)


def test_an_invalid_value_is_refused_with_the_file_s_name(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "mine.toml"
    config.write_text('issue_timezone = "Mars/Olympus"\n', encoding="utf-8")
    _one_line_error(cli("links", "--config", str(config)), "mine.toml", "issue_timezone")
    _one_line_error(cli("links", "--config", str(tmp_path / "absent.toml")), "absent.toml")
    config.write_text('[hosts."x.test"]\nper_host = 0\n', encoding="utf-8")
    _one_line_error(cli("links", "--config", str(config)), "mine.toml", "hosts")


def test_user_agent_timeout_and_retries_reach_the_request(
    cli: Cli, local_web: LocalWeb, request: pytest.FixtureRequest
) -> None:
    result = cli("links", "--user-agent", "NewsroomBot/2", "--timeout", "5", "--retries", "0")
    assert result.exit_code == 1, result.output
    path = f"/ok?key={request.node.name}"
    [seen] = [r for r in local_web.requests() if r.path == path]
    assert dict((k.lower(), v) for k, v in seen.headers)["user-agent"] == "NewsroomBot/2"


def test_verbose_says_each_stage_and_url_and_quiet_says_nothing(cli: Cli) -> None:
    verbose = cli("links", "-vv")
    assert "verifier: fetching 2 URL(s)" in verbose.output
    assert "verifier: dead https://failures.test/404" in verbose.output
    quiet = cli("links", "-q", "--max-age", "0")
    assert quiet.exit_code == 1 and "HTML report:" not in quiet.output
    assert "verifier:" not in quiet.output


# --- 9. what a lychee user reaches for -----------------------------------------------


def test_exclude_include_and_the_ignore_file(
    cli: Cli, local_web: LocalWeb, tmp_path: Path, request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".verifierignore").write_text("# dead on purpose\n/404\\?\n", encoding="utf-8")
    before = local_web.hits("failures.test", f"/404?key={request.node.name}")
    ignored = cli("links", "--format", "json")
    assert ignored.exit_code == 0, ignored.output
    [report] = json.loads(ignored.output)
    gone = report["citations"][1]["link"]
    assert (gone["status"], gone["reason"]) == ("excluded", "not fetched: excluded by '/404\\\\?'")
    assert local_web.hits("failures.test", f"/404?key={request.node.name}") == before
    both = cli("links", "--format", "json", "--exclude", "failures", "--include", "/ok")
    statuses = [c["link"]["status"] for c in json.loads(both.output)[0]["citations"]]
    assert statuses == ["ok", "excluded"]


def test_accept_counts_a_status_as_ok(cli: Cli, tmp_path: Path) -> None:
    issue = tmp_path / "forbidden.txt"
    issue.write_text(ISSUE.replace("/ok?key={key}", "/403"), encoding="utf-8")
    result = cli("links", "--format", "json", "--accept", "403,404", issue_path=issue)
    assert result.exit_code == 0, result.output
    links = [c["link"] for c in json.loads(result.output)[0]["citations"]]
    assert [link["status"] for link in links] == ["ok", "ok"]
    assert "accepted" in links[0]["reason"]
    bad = cli("links", "--accept", "99")
    assert bad.exit_code == 2 and "--accept" in bad.output


def test_a_site_s_cookies_and_headers_are_sent_and_never_kept(
    cli: Cli, local_web: LocalWeb, tmp_path: Path
) -> None:
    """A subscriber's session for one site: sent there (and only there), never archived,
    reported or logged, and the session the site renews is not archived either."""
    config = tmp_path / "verifier.toml"
    config.write_text(
        '[hosts."failures.test"]\nper_host = 1\ndelay = 0.01\n'
        'cookies = { session = "subscriber-secret-7" }\n'
        'headers = { "X-Subscriber" = "member-42" }\n',
        encoding="utf-8",
    )
    issue = tmp_path / "members.txt"
    issue.write_text(
        ISSUE.replace("/ok?key={key}", "/session").replace("/404?key={key}", "/ok?key=plain"),
        encoding="utf-8",
    )
    result = cli(
        "links", "--config", str(config), "--header", "X-Everywhere: yes", "-vv",
        "--format", "json", issue_path=issue,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [seen] = [r for r in local_web.requests() if r.path == "/session"][-1:]
    headers = {k.lower(): v for k, v in seen.headers}
    assert headers["cookie"] == "session=subscriber-secret-7"
    assert headers["x-subscriber"] == "member-42" and headers["x-everywhere"] == "yes"
    [report] = json.loads(result.output.split("\n", result.output.count("verifier: "))[-1])
    assert report["citations"][0]["link"]["status"] == "ok"  # the article, not the wall
    kept = [result.output.encode()]
    kept += [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p != config]
    for secret in (b"subscriber-secret-7", b"member-42", b"renewed-by-the-site"):
        assert not [blob for blob in kept if secret in blob], secret


def test_dump_lists_citations_without_fetching_or_archiving(
    cli: Cli, local_web: LocalWeb, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    before = len(local_web.requests())
    text = cli("links", "--dump", "--exclude", "/404")
    assert text.exit_code == 0, text.output
    assert f"https://failures.test/ok?key={request.node.name}" in text.output
    assert "(excluded by '/404')" in text.output
    [planned] = json.loads(cli("links", "--dump", "--format", "json").output)
    assert [c["url"].split("?")[0] for c in planned["citations"]] == [
        "https://failures.test/ok",
        "https://failures.test/404",
    ]
    assert len(local_web.requests()) == before
    assert not (tmp_path / "cache").exists()


# --- 10. packaging ----------------------------------------------------------------------


def test_the_local_web_s_certificates_are_no_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    runtime = " ".join(project["dependencies"])
    assert "trustme" not in runtime
    assert any("trustme" in dep for dep in project["optional-dependencies"]["test"])
    assert isinstance(project["license"], str)  # an SPDX expression, not the old table


# --- 9. the GitHub Action ---------------------------------------------------------------


def test_the_action_s_command_runs_on_the_local_web(
    local_web: LocalWeb, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The Action's own shell step, with its inputs' defaults and an issue of broken links:
    error annotations, a step summary, the exit code as an output, and the step fails."""
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    [step] = [s for s in action["runs"]["steps"] if s.get("id") == "links"]
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    issue = tmp_path / "issue.txt"
    issue.write_text(ISSUE.format(key=request.node.name), encoding="utf-8")
    routes = " ".join(f"--connect-to={route}" for route in local_web.connect_to_all())
    inputs = defaults | {"issues": str(issue), "args": f"--ca-bundle {local_web.ca_path} {routes}"}
    env = {name: _github_expression(value, inputs) for name, value in step["env"].items()}
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    env |= {"GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)}
    env |= {"PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}", "HOME": str(tmp_path)}
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    assert outputs.read_text("utf-8") == "exit-code=1\n"
    assert "::error " in done.stdout and "failures.test/404" in done.stdout
    assert "| **failing** |" in summary.read_text("utf-8")
    assert (tmp_path / defaults["cache"] / "archive.db").is_file()


def _github_expression(value: str, inputs: dict[str, str]) -> str:
    """``${{ inputs.NAME }}`` as GitHub expands it in a step's env."""
    match = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", value)
    assert match, value
    return inputs[match[1]]
