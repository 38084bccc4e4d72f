"""Shared fixtures, seen by every folder below, and the markers each folder's tests get.

tests/unit/ mirrors the package (a test there calls one stage's functions on values it
builds, with tests/builders.py); tests/integration/ runs the local web, the CLI or several
stages together; tests/browser/ drives Chromium; tests/eval/ holds the labelled sets.
Add fixtures below the localweb block.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import uvicorn
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from jsonschema import Draft202012Validator
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

from localweb import LocalWeb
from localweb.browser import launch, missing_browser
from localweb.example import example_routes
from tests import servers
from verifier.report import SCHEMA
from verifier.service._app import create_app
from verifier.service._queue import Queue
from verifier.settings import ConnectTo, Settings

# --- hypothesis profiles: a few hundred cases a property in the suite, `make fuzz` for more --

hypothesis_settings.register_profile("suite", max_examples=300, deadline=None, derandomize=True)
hypothesis_settings.register_profile(
    "fuzz",
    max_examples=35_000,  # each of the three parser properties: over 100,000 issues in all
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile("suite")

# --- markers: by folder -------------------------------------------------------------

TESTS = Path(__file__).resolve().parent
#: The marker (declared in pyproject.toml) of every test under each folder of tests/.
FOLDER_MARKERS = {"browser": "browser", "integration": "integration", "eval": "eval"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0]
        if folder in FOLDER_MARKERS:
            item.add_marker(FOLDER_MARKERS[folder])


# --- the distributed parts (`make test-cluster` only): PostgreSQL and Redis ------------

#: The archive's backends a test given the `archive` fixture runs on: SQLite always,
#: PostgreSQL where `make test-cluster` started one (`make test` needs no server).
BACKENDS = ["sqlite", "postgresql"] if servers.CLUSTER else ["sqlite"]
# The cluster's own tests run only where `make test-cluster` asks for them.
collect_ignore = [] if servers.CLUSTER else ["cluster"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[tuple[servers.Server, str]]:
    """A PostgreSQL server for the session, in a folder its own user can enter."""
    folder = Path(tempfile.mkdtemp(prefix="verifier-pg-"))
    folder.chmod(0o755)
    server, url = servers.postgres(folder)
    yield server, url
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_server: tuple[servers.Server, str]) -> str:
    """The URL of a new, empty database of the session's server."""
    _, url = postgres_server
    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"create database {name}")
    return f"{url.rsplit('/', 1)[0]}/{name}"


def database_for(request: pytest.FixtureRequest) -> str | None:
    """The archive database a test parametrized over `BACKENDS` runs on (None: SQLite)."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_database"))
    return None


# --- localweb: the local HTTPS web every network test talks to ---------------


@pytest.fixture(scope="session")
def local_web() -> Iterator[LocalWeb]:
    """One server for the whole session: the example site plus the failure routes.

    Flaky routes count per ``key``, so give each test its own key.
    """
    with LocalWeb(example_routes()) as web:
        yield web


@pytest.fixture(scope="session")
def local_ssl_context(local_web: LocalWeb) -> ssl.SSLContext:
    """A client context that trusts the local web's CA (and nothing else)."""
    return ssl.create_default_context(cafile=str(local_web.ca_path))


# --- end of localweb ----------------------------------------------------------


# --- fetch: settings that point the crawler at the local web -------------------


@pytest.fixture
def fetch_settings(local_web: LocalWeb) -> Settings:
    """Crawler settings for the local web: its CA, its routes, small limits."""
    return Settings(
        connect_to=tuple(ConnectTo.parse(spec) for spec in local_web.connect_to_all()),
        ca_bundle=local_web.ca_path,
        backoff_base=0.01,
        backoff_max=0.05,
        retry_after_cap=5,
        connect_timeout=2,
        read_timeout=1,
        total_timeout=3,
    )


# --- end of fetch --------------------------------------------------------------


# --- serve: `verifier serve`'s server, in a thread ---------------------------------


@pytest.fixture
def serve_folder(tmp_path: Path) -> Iterator[Callable[[Path], str]]:
    """Serve a folder as `verifier serve` serves its reports (the service's app, in a thread
    of this process, without its workers), on a free port; returns its base URL."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(folder: Path) -> str:
        settings = Settings(reports_dir=folder, cache_dir=tmp_path / f"serve-cache-{len(running)}")
        listening = socket.create_server(("127.0.0.1", 0))
        config = uvicorn.Config(create_app(Queue(settings), None), log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.01)
        running.append((server, thread))
        return f"http://127.0.0.1:{listening.getsockname()[1]}/"

    yield start
    for server, thread in running:
        server.should_exit = True
        thread.join()


# --- end of serve ------------------------------------------------------------------


# --- browser: Debian's Chromium, driven by Playwright's sync API -------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module (launching it takes about a second); which
    one and with what flags: `localweb.browser`.

    Not one per session: while Playwright's sync API is started, its event loop counts as
    running on this thread, so `asyncio.run()` (the pipeline) and every pytest-asyncio
    test after it would fail. Keep browser tests in modules of their own; run the pipeline
    in another thread there. A missing browser fails the test instead of skipping it: a
    skipped browser test would pass CI while testing nothing (`.ci/run` installs it).
    """
    if (why := missing_browser()) is not None:
        pytest.fail(why, pytrace=False)
    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@dataclass
class BrowserPage:
    """A page and what went wrong in it: a page whose script throws still renders, so
    only these lists tell a test that it broke."""

    page: Page
    console_errors: list[str] = field(default_factory=list)  # console.error, refused loads
    page_errors: list[str] = field(default_factory=list)  # uncaught exceptions

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_page_error(self, error: Error) -> None:
        self.page_errors.append(str(error))


@contextmanager
def open_tab(browser: Browser, **options: Any) -> Iterator[BrowserPage]:
    """A page in a context of its own (no cookies or storage from another test), with
    scripts on, collecting its errors; `options` as Playwright's `new_context` takes them
    (a viewport, `is_mobile`, `color_scheme`)."""
    context = browser.new_context(java_script_enabled=True, **options)
    watched = BrowserPage(context.new_page())
    watched.page.on("console", watched.on_console)
    watched.page.on("pageerror", watched.on_page_error)
    try:
        yield watched
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[BrowserPage]:
    """A page at a laptop's size, collecting its errors."""
    with open_tab(browser, viewport={"width": 1280, "height": 900}) as watched:
        yield watched


# --- end of browser ----------------------------------------------------------------


# --- report.json: every report a test writes, checked against the contract's schema --------

REPORT_SCHEMA = TESTS.parent / "docs" / "report.schema.json"


@pytest.fixture(scope="session")
def report_validator() -> Draft202012Validator:
    """docs/report.schema.json, loaded once a session, with its formats (dates, instants)
    checked."""
    schema = json.loads(REPORT_SCHEMA.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(validator: Draft202012Validator, data: Any) -> list[str]:
    """Each way `data` breaks the schema, as `path: message`; none when it is valid."""
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


@pytest.fixture(autouse=True)
def _reports_match_schema(
    request: pytest.FixtureRequest, report_validator: Draft202012Validator
) -> Iterator[None]:
    """After a test that used `tmp_path`, every report.json under it is checked against the
    schema, so a writer that drifts from the contract fails whichever test ran it.

    Left alone: a file that is not JSON at all, or a report of another schema version (a
    test's own planted damage or an old report, which the code only ever reads)."""
    if "tmp_path" not in request.fixturenames:
        yield
        return
    tmp_path: Path = request.getfixturevalue("tmp_path")
    yield
    problems = []
    for path in sorted(tmp_path.rglob("report.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        version = data.get("schema") if isinstance(data, dict) else None
        if (
            isinstance(version, str)
            and version.startswith("verifier.report/")
            and version != SCHEMA
        ):
            continue
        problems += [f"{path}: {error}" for error in schema_errors(report_validator, data)]
    if problems:
        pytest.fail("report.json does not match docs/report.schema.json:\n" + "\n".join(problems))


# --- end of report.json ------------------------------------------------------------
