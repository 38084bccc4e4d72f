"""`verifier eval CASES.toml`: a newsroom measures the checks on its own labelled claims."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.builders import DATA
from verifier.cli import main

NEWSROOM = DATA / "eval" / "newsroom.toml"


def test_json_gives_the_documented_measures() -> None:
    result = CliRunner().invoke(main, ["eval", str(NEWSROOM), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["cases"] == 4
    assert set(data["confusion"]) == {"supported", "contradicted", "not_found", "unverifiable"}
    rows = data["confusion"]
    assert sum(sum(row.values()) for row in rows.values()) == 4
    assert sum(rows["supported"].values()) == 3 and sum(rows["contradicted"].values()) == 1
    assert set(data["per_verdict"]["supported"]) == {"precision", "recall", "true", "predicted"}
    assert data["per_verdict"]["supported"]["true"] == 3
    assert 0.0 <= data["macro_f1"] <= 1.0
    assert 0.0 <= data["false_supported"] <= 1.0
    assert data["false_supported"] == rows["contradicted"]["supported"] / 1
    assert data["reliability"][0]["band"] == "0.00-0.50"
    number = data["by_kind"]["number"]
    assert number["cases"] == 2 and set(number["per_verdict"]) == set(data["per_verdict"])
    assert set(number["per_verdict"]["contradicted"]) == {"precision", "recall"}


def test_text_prints_the_tables() -> None:
    result = CliRunner().invoke(main, ["eval", str(NEWSROOM), "--kind", "number"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 cases")
    assert "confusion (rows: true, columns: predicted)" in result.output
    assert "untrue claims called supported" in result.output
    assert "contradicted P / R" in result.output


def test_a_malformed_case_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[cases]]\nid = "x"\nkind = "rumour"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(bad)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "unknown kind 'rumour'" in lines[0] and str(bad) in lines[0]


def test_a_missing_case_file_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "nowhere.toml")])
    assert result.exit_code == 2 and "cannot read" in result.output
