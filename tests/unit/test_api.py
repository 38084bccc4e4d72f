"""The public surface: what `import verifier` offers, and what the CLI documents."""

from __future__ import annotations

import click
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
        "OutputError",
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


CONTRACT = (ROOT / "docs" / "contract.md").read_text("utf-8")


@pytest.mark.parametrize("command", ["run", "links"])
def test_every_option_is_in_the_help_the_readme_and_the_contract(command: str) -> None:
    """Read from the command itself, so an option added later fails here until documented."""
    names = [
        name
        for param in main.commands[command].params
        if isinstance(param, click.Option)
        for name in param.opts
        if name.startswith("--")
    ]
    assert len(names) > 20
    help_text = CliRunner().invoke(main, [command, "--help"]).output
    for name in names:
        assert name in help_text and name in README and name in CONTRACT, name
