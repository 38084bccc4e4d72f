"""Shared fixtures. Add yours below the localweb block."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import pytest

from verifier.localweb import LocalWeb
from verifier.localweb.example import example_routes
from verifier.settings import ConnectTo, Settings

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
