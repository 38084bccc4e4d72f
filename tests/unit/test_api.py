"""The public surface: what `import verifier` offers, and what the CLI documents."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import verifier
from tests.builders import ROOT
from verifier.cli import main

README = (ROOT / "README.md").read_text("utf-8")


def test_the_public_api_is_pinned() -> None:
    assert sorted(verifier.__all__) == [
        "ArchiveError",
        "Check",
        "Citation",
        "CitationKind",
        "CitationResult",
        "Claim",
        "ClaimKind",
        "ConnectTo",
        "DateRole",
        "FetchResult",
        "Issue",
        "IssueError",
        "LinkResult",
        "LinkStatus",
        "Page",
        "Report",
        "Settings",
        "SettingsError",
        "Snapshot",
        "Verdict",
        "VerifierError",
        "__version__",
        "load_settings",
        "verify_issue",
    ]
    assert all(hasattr(verifier, name) for name in verifier.__all__)


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"verifier {command}" in README


def test_the_contract_options_are_documented() -> None:
    for option in (
        "--reports",
        "--cache",
        "--connect-to",
        "--ca-bundle",
        "--offline",
        "--format",
        "--fail-on",
    ):
        assert option in README, option
