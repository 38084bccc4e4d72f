"""The `verifier` command: a thin shell over `verifier.pipeline`.

Each command builds the settings, calls one library function and renders the
result. Every failure, the package's own (`VerifierError`) or the environment's
(a file that cannot be read or written, a TLS library's error), becomes one line on
stderr and exit status 2; findings in `--fail-on` give exit status 1.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from glob import glob
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from verifier import archive, evaluate, fetch, pipeline, report
from verifier.errors import IssueError, OutputError, SettingsError, VerifierError
from verifier.settings import ConnectTo, Settings, load_settings, parse_statuses, shown_url
from verifier.types import Decision, LinkStatus, Verdict

F = TypeVar("F", bound=Callable[..., Any])

#: What --fail-on may name: every link status and every verdict.
FINDINGS = frozenset(s.value for s in LinkStatus) | frozenset(v.value for v in Verdict)
INTERRUPTED = (
    "verifier: interrupted; the archive keeps every snapshot taken so far, "
    "and the next run of the same issues continues from there"
)
DEFAULT_FAIL_ON = {
    "run": "dead,soft_404,contradicted",
    "links": "dead,soft_404",
}


def _fail_on(value: str) -> frozenset[str]:
    names = frozenset(v.strip() for v in value.split(",") if v.strip())
    unknown = names - FINDINGS
    if unknown:
        raise click.BadParameter(f"unknown finding(s): {', '.join(sorted(unknown))}")
    return names


def _connect_to(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> Any:
    try:
        return tuple(ConnectTo.parse(v) for v in values) or None
    except VerifierError as exc:
        raise click.BadParameter(str(exc)) from None


#: The folders every command names the same way (a click option is a reusable decorator).
_reports_option = click.option(
    "--reports",
    "reports_dir",
    type=click.Path(path_type=Path),
    help="The reports folder (default reports/).",
)
_cache_option = click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path),
    help="Archive location: SQLite database + bodies (default cache/).",
)
_database_option = click.option(
    "--database",
    "database",
    default=None,
    metavar="URL",
    help="The archive's rows in PostgreSQL (postgresql://...) instead of archive.db in the "
    "cache folder (also VERIFIER_DATABASE).",
)
_queue_option = click.option(
    "--queue",
    "queue",
    default=None,
    metavar="URL",
    help="The service's jobs on Redis (redis://...), for workers on many machines; else "
    "SQLite in the cache folder (also VERIFIER_QUEUE).",
)
_webhook_option = click.option(
    "--webhook",
    default=None,
    metavar="URL",
    help="Where each re-check posts its new failures and recoveries (JSON).",
)
_config_option = click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Settings file (TOML; default verifier.toml, else [tool.verifier] in "
    "pyproject.toml; every setting in docs/verifier.toml).",
)


def _statuses(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    try:
        return parse_statuses(value) if value else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


#: The options of everything that fetches: `run`, `links` and `serve` (long names are the
#: contract).
NETWORK_OPTIONS = [
    _reports_option,
    _cache_option,
    _database_option,
    _config_option,
    click.option(
        "--connect-to",
        multiple=True,
        callback=_connect_to,
        metavar="HOST:PORT:ADDR:PORT2",
        help="Open connections for HOST:PORT to ADDR:PORT2 instead (like curl).",
    ),
    click.option(
        "--ca-bundle",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Extra PEM trust roots for TLS (SSL_CERT_FILE works too).",
    ),
    click.option(
        "--exclude",
        multiple=True,
        metavar="REGEX",
        help="Do not fetch URLs matching this (repeatable; also .verifierignore, one a "
        "line); they are reported as `excluded`.",
    ),
    click.option(
        "--include",
        multiple=True,
        metavar="REGEX",
        help="Fetch URLs matching this even when an --exclude pattern matches (repeatable).",
    ),
    click.option(
        "--accept",
        callback=_statuses,
        metavar="CODES",
        help="HTTP statuses to count as ok besides 2xx, e.g. 403,429 or 400..499.",
    ),
    click.option(
        "--header",
        "headers",
        multiple=True,
        metavar="'NAME: VALUE'",
        help="Send this header with every request (repeatable; never archived or logged).",
    ),
    click.option("--user-agent", default=None, metavar="TEXT", help="The User-Agent to send."),
    click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        metavar="SECONDS",
        help="Most a request may take, body included (default 60).",
    ),
    click.option(
        "--retries",
        type=click.IntRange(0, 10),
        default=None,
        help="Extra attempts after a connection error, a 5xx or a 429 (default 3).",
    ),
    click.option(
        "--ignore-robots",
        is_flag=True,
        default=False,
        help="Fetch pages that robots.txt disallows.",
    ),
    click.option(
        "--per-host",
        type=click.IntRange(1, 64),
        default=None,
        help="Requests in flight per host (default 4).",
    ),
]
#: The options of a run from the command line: what it reads, prints and fails on.
RUN_OPTIONS = [
    click.option(
        "--offline",
        is_flag=True,
        default=None,
        help="No network: verify from the latest archived snapshots.",
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(report.FORMATS),
        default="text",
        help="Console output format.",
    ),
    click.option(
        "--output",
        "-o",
        "output",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Write the --format output to this file instead of standard output.",
    ),
    click.option(
        "--fail-on",
        default=None,
        metavar="LIST",
        help="Comma-separated statuses/verdicts that make the exit status 1.",
    ),
    click.option(
        "--dump",
        is_flag=True,
        default=False,
        help="List each issue's citations and URLs (text or json) and exit: nothing is "
        "fetched or archived.",
    ),
    click.option(
        "--verbose",
        "-v",
        count=True,
        help="Say more on stderr: -v each stage, -vv each URL fetched.",
    ),
    click.option("--quiet", "-q", is_flag=True, default=False, help="Errors only on stderr."),
    click.option("--no-progress", is_flag=True, default=False, help="Never show the progress bar."),
    click.option(
        "--max-age",
        default=None,
        metavar="DURATION",
        help="Re-check only URLs archived longer ago than this (90s, 30m, 6h, 1d; "
        "0: all). Default: 1d for links, 0 for run.",
    ),
]


def _apply(options: Sequence[Callable[[Any], Any]], command: F) -> F:
    for option in reversed(options):
        command = option(command)
    return command


def crawl_options(command: F) -> F:
    """The options `run` and `links` share (their long names are the contract)."""
    return _apply([*NETWORK_OPTIONS, *RUN_OPTIONS], command)


def network_options(command: F) -> F:
    """The options `serve` takes from `run`: where things go and how to fetch."""
    return _apply(NETWORK_OPTIONS, command)


def _settings(options: dict[str, Any]) -> Settings:
    settings = load_settings(
        config=options["config"],
        reports_dir=options["reports_dir"],
        cache_dir=options["cache_dir"],
        database=options["database"],
        queue=options.get("queue"),
        connect_to=options["connect_to"],
        ca_bundle=options["ca_bundle"],
        offline=options.get("offline"),
        obey_robots=False if options["ignore_robots"] else None,
        per_host=options["per_host"],
        progress=False if options.get("no_progress") or options.get("quiet") else None,
        max_age=options.get("max_age"),
        accept=options["accept"],
        user_agent=options["user_agent"],
        total_timeout=options["timeout"],
        retries=options["retries"],
        include=options["include"] or None,
    )
    # Patterns and headers add to the configured ones instead of replacing them.
    extra = {"exclude": options["exclude"], "headers": options["headers"]}
    given = {name: value for name, value in extra.items() if value}
    try:
        added = Settings().with_overrides(**given)
    except SettingsError as exc:
        raise click.BadParameter(str(exc)) from None
    return replace(
        settings,
        exclude=settings.exclude + added.exclude,
        headers=settings.headers + added.headers,
    )


def _logging(verbose: int, quiet: bool) -> None:
    """stderr gets warnings; -v each stage, -vv each URL; -q errors only."""
    levels = [logging.WARNING, logging.INFO, logging.DEBUG]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("verifier: %(message)s"))
    logger = logging.getLogger("verifier")
    logger.handlers = [handler]
    logger.setLevel(logging.ERROR if quiet else levels[min(verbose, 2)])
    logger.propagate = False


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[pipeline.ProgressHook | None]:
    """A progress bar on a terminal's stderr; nothing when piped or in CI."""
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    columns = (TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True, console=None) as bar:
        task = bar.add_task("fetch", total=None)

        def hook(total: int, url: str | None) -> None:
            bar.update(task, total=total, advance=0 if url is None else 1)

        yield hook


def _execute(command: str, issues: tuple[Path, ...], options: dict[str, Any]) -> None:
    _logging(options["verbose"], options["quiet"])
    fail_on = _fail_on(options["fail_on"] or DEFAULT_FAIL_ON[command])
    settings = _settings(options)
    files = issue_files(issues)
    fmt = options["fmt"]
    if options["dump"]:
        if fmt not in {"text", "json"}:
            raise click.BadParameter("--dump prints text or json", param_hint="--format")
        _emit(_dumped(pipeline.plan(files, settings), fmt), options["output"])
        return
    with _progress_bar(settings.progress) as hook:
        outcome = pipeline.run(files, settings, mode=pipeline.Mode(command), progress=hook)
    reports = list(outcome.data)
    _emit(report.render(reports, fmt, fail_on), options["output"])
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary:
        _append(Path(summary), report.render(reports, "markdown", fail_on))
    if fmt == "text" and not options["quiet"]:
        for html in outcome.html_paths:
            click.echo(f"HTML report: {html}")
    sys.exit(max(report.exit_status(data, fail_on) for data in reports))


def _dumped(issues: list[dict[str, Any]], fmt: str) -> str:
    """What --dump prints: the plan as JSON, or a line per citation."""
    if fmt == "json":
        return json.dumps(issues, ensure_ascii=False, indent=2)
    lines = []
    for issue in issues:
        lines.append(f"{issue['id']}: {issue['path']} ({len(issue['citations'])} citations)")
        for cited in issue["citations"]:
            excluded = f"  (excluded by {cited['excluded']!r})" if cited["excluded"] else ""
            target = cited["url"] or f"(no link) {cited['cited_title'] or ''}".strip()
            lines.append(f"  {cited['id']:<4} line {cited['line']:<5} {target}{excluded}")
    return "\n".join(lines)


def _emit(text: str, output: Path | None) -> None:
    """`text` to standard output, or to `output` as a whole (a reader never sees half)."""
    if output is None:
        click.echo(text)
        return
    try:
        report.write_atomic(output, text + "\n")
    except OSError as exc:
        raise OutputError(f"cannot write --output {output}: {exc.strerror or exc}") from None


def _append(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise OutputError(f"cannot append to GITHUB_STEP_SUMMARY {path}: {exc.strerror}") from None


ISSUE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})


def issue_files(paths: tuple[Path, ...]) -> list[Path]:
    """The issue files `paths` name: files as given, every issue file under a directory, and
    a glob the shell left unexpanded (`'archive/**/*.txt'`, quoted for hundreds of files);
    each once, in the order named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.suffix.lower() in ISSUE_SUFFIXES)
            found.extend(p for p in matches if p.is_file())
            if not matches:
                raise IssueError(f"{path}: no issue files (.txt, .md, .html) under it")
        elif not path.exists() and any(char in str(path) for char in "*?["):
            matches = sorted(Path(p) for p in glob(str(path), recursive=True))
            found.extend(p for p in matches if p.is_file())
            if not matches:
                raise IssueError(f"{path}: no file matches")
        else:
            found.append(path)
    return list(dict.fromkeys(found))


class _Group(click.Group):
    """Turns every failure into one line and exit status 2 (click's own usage errors keep
    theirs), Ctrl-C into 130. A failure that is no `VerifierError` is the environment's
    (a file, a socket, the TLS library) or a bug: one line too, with its traceback at -v."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except VerifierError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            sys.exit(130)
        except OSError as exc:
            logging.getLogger("verifier").debug("traceback", exc_info=True)
            _fail(_os_error(exc))
        except Exception as exc:
            logging.getLogger("verifier").info("traceback", exc_info=True)
            _fail(f"unexpected {type(exc).__name__}: {exc} (run with -v for the traceback)")


def _fail(message: str) -> None:
    click.echo(f"verifier: error: {message}", err=True)
    sys.exit(2)


def _os_error(exc: OSError) -> str:
    """`What: where`, as the system says it (``Permission denied: reports/x/report.json``)."""
    where = f": {exc.filename}" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


@click.group(cls=_Group)
@click.version_option(package_name="verifier")
def main() -> None:
    """Check that a newsletter's sources say what the newsletter says."""


@main.command()
@click.argument("issues", nargs=-1, required=True, type=click.Path(path_type=Path))
@crawl_options
def run(issues: tuple[Path, ...], **options: Any) -> None:
    """Verify one or more issues end to end: links, dates and claims.

    Example: verifier run issue.txt --connect-to :443:127.0.0.1:8443 --ca-bundle ca.pem
    """
    _execute("run", issues, options)


@main.command()
@click.argument("issues", nargs=-1, required=True, type=click.Path(path_type=Path))
@crawl_options
def links(issues: tuple[Path, ...], **options: Any) -> None:
    """Link-rot check only: fetch every URL, no claim checks.

    ISSUES are files, directories (every .txt, .md and .html under them) or globs.
    URLs cited by several issues are fetched once; one archived less than --max-age
    ago (default 1d) is not fetched again.

    Example: verifier links archive/ --format github --fail-on dead,soft_404
    """
    _execute("links", issues, options)


@main.command("report")
@_reports_option
@_cache_option
@_database_option
@_config_option
def report_command(
    reports_dir: Path | None, cache_dir: Path | None, database: str | None, config: Path | None
) -> None:
    """Rebuild HTML/JSON reports of every archived issue, without the network.

    Example: verifier report --cache cache/ --reports reports/
    """
    settings = load_settings(
        config=config, reports_dir=reports_dir, cache_dir=cache_dir, database=database, offline=True
    )
    outcome = pipeline.rebuild_reports(settings)
    for html in outcome.html_paths:
        click.echo(f"HTML report: {html}")
    click.echo(f"Index: {settings.reports_dir / 'index.html'}")


@main.command("review")
@click.argument("issue_id")
@click.argument("finding")
@click.option(
    "--accept", "decision", flag_value=Decision.ACCEPTED.value, help="It is an error to fix."
)
@click.option(
    "--dismiss",
    "decision",
    flag_value=Decision.DISMISSED.value,
    help="Not an error: off the lists, and failing no run, until its evidence changes.",
)
@click.option(
    "--fixed", "decision", flag_value=Decision.FIXED.value, help="Corrected in the issue."
)
@click.option("--note", default="", metavar="TEXT", help="Why, for the next reviewer.")
@_reports_option
@_cache_option
@_database_option
@_config_option
def review_command(
    issue_id: str,
    finding: str,
    decision: str | None,
    note: str,
    reports_dir: Path | None,
    cache_dir: Path | None,
    database: str | None,
    config: Path | None,
) -> None:
    """Record a decision on a finding of an issue's report: the finding's id (in report.json
    and on the page) or a check it stands for (c30-6). It is kept in the archive and shown
    on every later report of the issue; a dismissed finding comes back when its claim or
    its source changes.

    Example: verifier review 2024-11-11-no4376 c04-9 --dismiss --note "a defined term"
    """
    if decision is None:
        raise click.UsageError("say --accept, --dismiss or --fixed")
    settings = load_settings(
        config=config, reports_dir=reports_dir, cache_dir=cache_dir, database=database
    )
    entry = pipeline.review(settings, issue_id, finding, Decision(decision), note)
    click.echo(f"{issue_id} {entry['id']} (line {entry['line']}, {entry['what']}): {decision}")


@main.command("eval")
@click.argument("cases", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table for a person, or JSON (keys in docs/eval.md).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(evaluate.KINDS),
    help="Only cases of this check (repeatable).",
)
def eval_command(cases: Path, fmt: str, kinds: tuple[str, ...]) -> None:
    """Measure the checks on labelled claims: per-verdict precision and recall, the confusion
    matrix, supported-vs-not macro-F1, the untrue claims called supported, reliability.

    The case file is TOML (docs/eval.md). Exit 0 after measuring; 2 for a file that cannot
    be read or is malformed, naming every problem.

    Example: verifier eval newsroom-claims.toml --format json
    """
    results = evaluate.evaluate(evaluate.load_cases(cases), load_settings())
    if kinds:
        results = results.only(kinds)
    if fmt == "json":
        click.echo(json.dumps(evaluate.to_json(results), ensure_ascii=False, indent=2))
    else:
        click.echo(evaluate.render_text(results, with_missing=True))


@main.command("serve")
@network_options
@_queue_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the default keeps the service on this machine.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--token",
    envvar="VERIFIER_TOKEN",
    default=None,
    help="What writes (submissions, reviews) must send as 'Authorization: Bearer TOKEN'; "
    "required with a --host beyond this machine (also VERIFIER_TOKEN).",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 32),
    default=2,
    show_default=True,
    help="Issues verified at a time (0: the API alone; `verifier worker`s verify).",
)
@click.option(
    "--recheck",
    "recheck_every",
    default="17 3 * * *",
    show_default=True,
    metavar="CRON|INTERVAL",
    help="When every archived issue's links are checked again: cron syntax or an interval "
    "(6h); 'off' for never.",
)
@_webhook_option
@click.option("--verbose", is_flag=True, default=False, help="Log every request on stderr.")
def serve_command(
    host: str,
    port: int,
    token: str | None,
    workers: int,
    recheck_every: str,
    webhook: str | None,
    verbose: bool,
    **options: Any,
) -> None:
    """The verification service: the reports as a site, a page and a JSON API to submit an
    issue and follow its job, review decisions, and scheduled link-rot re-checks.

    Example: verifier serve --port 8000 --recheck "17 3 * * *" --webhook https://chat.example/hook
    """
    # Imported here: the web server, its framework and its queue cost every other command
    # 64 ms of start-up, and only `serve` uses them.
    from verifier import service

    _logging(1 if verbose else 0, False)
    settings = _settings(options)

    def ready(url: str) -> None:
        click.echo(f"Serving {settings.reports_dir} at {url} (Ctrl-C to stop)")

    service.serve(
        settings,
        host,
        port,
        ready,
        token=token,
        workers=workers,
        recheck_every=None if recheck_every == "off" else recheck_every,
        webhook=webhook,
        verbose=verbose,
    )


@main.command("worker")
@network_options
@_queue_option
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=2,
    show_default=True,
    help="Issues this worker verifies at a time.",
)
@click.option(
    "--recheck",
    "recheck_every",
    default=None,
    metavar="CRON|INTERVAL",
    help="Queue the link-rot re-check at these times (cron syntax or an interval); give it "
    "to one worker of the service only.",
)
@_webhook_option
@click.option("--verbose", is_flag=True, default=False, help="Log every job on stderr.")
def worker_command(
    workers: int, recheck_every: str | None, webhook: str | None, verbose: bool, **options: Any
) -> None:
    """One more worker of the service: verifies the issues submitted to it, from its queue
    (--queue or VERIFIER_QUEUE: Redis, for workers on many machines; else the SQLite queue
    in the cache folder), into its archive (--database or VERIFIER_DATABASE).

    Example: verifier worker --queue redis://queue.internal:6379/0 --database postgresql://db/verifier
    """
    from verifier import service

    _logging(1 if verbose else 0, False)
    settings = _settings(options)

    def ready() -> None:
        where = shown_url(settings.queue) if settings.queue else settings.cache_dir / "queue.db"
        click.echo(f"Worker of the queue at {where}: {workers} at a time (Ctrl-C to stop)")

    service.work(settings, ready, workers=workers, recheck_every=recheck_every, webhook=webhook)


@main.group("archive")
def archive_group() -> None:
    """The archive for the world: export as WARC, import a WARC, stats.

    Example: verifier archive export --warc sources.warc.gz
    """


@archive_group.command("export")
@click.option("--warc", "warc", required=True, type=click.Path(path_type=Path, dir_okay=False))
@_cache_option
@_database_option
def archive_export(warc: Path, cache_dir: Path | None, database: str | None) -> None:
    """Write every archived response as a WARC file (gzip) that pywb or ReplayWeb.page replay.

    Example: verifier archive export --warc sources.warc.gz
    """
    written = archive.export_warc(load_settings(cache_dir=cache_dir, database=database), warc)
    click.echo(f"{warc}: {written} WARC records")


@archive_group.command("import")
@click.argument("warc", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@_cache_option
@_database_option
def archive_import(warc: Path, cache_dir: Path | None, database: str | None) -> None:
    """Archive the responses of a WARC file as snapshots (nothing already there is changed).

    Example: verifier archive import sources.warc.gz --cache cache/
    """
    settings = load_settings(cache_dir=cache_dir, database=database)
    added = archive.import_warc(settings, warc, fetch.status_for_code)
    click.echo(f"{warc}: {added} snapshots archived")


@archive_group.command("stats")
@_cache_option
@_database_option
@_config_option
def archive_stats(cache_dir: Path | None, database: str | None, config: Path | None) -> None:
    """What the archive holds: snapshots, the cited URLs by their latest status (the tool's
    own probes and look-ups counted apart), bodies and their bytes, runs, issues.

    Example: verifier archive stats --cache cache/
    """
    settings = load_settings(config=config, cache_dir=cache_dir, database=database)
    with archive.Archive.of(settings, existing=True) as archived:
        stats = archived.stats()
    click.echo(json.dumps(stats, indent=2))
