"""The settings: every value checked where it is read, per-host rules, URL patterns and
accepted statuses, as a user writes them in a file, a variable or an option."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.errors import SettingsError
from verifier.settings import HostRule, Settings, load_settings, parse_statuses, shown_url


def _from_file(tmp_path: Path, text: str) -> Settings:
    config = tmp_path / "verifier.toml"
    config.write_text(text, encoding="utf-8")
    return load_settings(cwd=tmp_path, environ={})


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ('issue_timezone = "Mars/Olympus"', "issue_timezone"),
        ("per_host = 0", "per_host"),
        ("retries = -1", "retries"),
        ("total_timeout = 0", "total_timeout"),
        ('embedder = "word2vec"', "embedder"),
        ('exclude = ["(unclosed"]', "exclude"),
        ('accept = ["99"]', "accept"),
        ('headers = ["no colon here"]', "headers"),
        ('obey_robots = "perhaps"', "obey_robots"),
        ('[hosts."x.test"]\nspeed = 3', "hosts"),
        ('[hosts."x.test"]\ndelay = -1', "hosts"),
        ('colour = "blue"', "colour"),
    ],
)
def test_a_value_that_means_nothing_is_refused_naming_the_file_and_setting(
    tmp_path: Path, line: str, named: str
) -> None:
    with pytest.raises(SettingsError) as refused:
        _from_file(tmp_path, line + "\n")
    assert str(refused.value).startswith(str(tmp_path / "verifier.toml"))
    assert named in str(refused.value)


def test_an_environment_value_is_refused_naming_the_environment() -> None:
    with pytest.raises(SettingsError, match=r"the environment.*per_host"):
        load_settings(cwd=Path("/nonexistent"), environ={"VERIFIER_PER_HOST": "none"})


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"absent\.toml"):
        load_settings(cwd=tmp_path, environ={}, config=tmp_path / "absent.toml")


def test_statuses_take_codes_and_inclusive_ranges() -> None:
    assert parse_statuses("403, 429") == (403, 429)
    assert parse_statuses("400..402,401") == (400, 401, 402)
    assert parse_statuses([599]) == (599,)
    for bad in ("99", "500..450", "abc", "200..600"):
        with pytest.raises(ValueError):
            parse_statuses(bad)


def test_host_rules_apply_to_the_host_and_its_subdomains_most_specific_first(
    tmp_path: Path,
) -> None:
    settings = _from_file(
        tmp_path,
        '[hosts."paper.test"]\nper_host = 1\ncookies = { session = "s" }\n'
        '[hosts."live.paper.test"]\ndelay = 2\nheaders = { "X-A" = "b" }\n',
    )
    assert settings.hosts == (
        HostRule("paper.test", per_host=1, cookies=(("session", "s"),)),
        HostRule("live.paper.test", delay=2.0, headers=(("X-A", "b"),)),
    )
    assert settings.host_rule("www.paper.test") == settings.hosts[0]
    assert settings.host_rule("LIVE.paper.test.") == settings.hosts[1]
    assert settings.host_rule("otherpaper.test") is None


def test_exclude_skips_what_include_does_not_let_through(tmp_path: Path) -> None:
    (tmp_path / ".verifierignore").write_text("# social\ntwitter\\.com\n\n", encoding="utf-8")
    settings = load_settings(cwd=tmp_path, environ={})
    assert settings.exclude == (r"twitter\.com",)
    assert settings.excluded("https://twitter.com/x") == r"twitter\.com"
    assert settings.excluded("https://example.com/") is None
    let_through = load_settings(cwd=tmp_path, environ={}, include=(r"/verified",))
    assert let_through.excluded("https://twitter.com/verified") is None


def test_an_ignore_file_line_that_is_no_regular_expression_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".verifierignore").write_text("fine\n[broken\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"\.verifierignore: '\[broken'"):
        load_settings(cwd=tmp_path, environ={})


def test_a_url_setting_is_shown_with_its_password_masked_and_nothing_else_changed() -> None:
    assert shown_url("redis://:pw@queue:6379/0") == "redis://:***@queue:6379/0"
    assert shown_url("postgresql://ann:an@db/verifier") == "postgresql://ann:***@db/verifier"
    assert shown_url("postgresql://db/verifier") == "postgresql://db/verifier"
