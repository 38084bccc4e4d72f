"""A copy of the example issue with planted errors: each flagged where it was planted.

The planted copy and the original are verified over the same local web; the
findings (`contradicted`, `not_found`) of the copy, minus those the original
already has, must be exactly the planted errors, each at its own citation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from localweb import LocalWeb
from tests.builders import EXAMPLE
from verifier.cli import main

FINDINGS = frozenset({"contradicted", "not_found"})

#: (original text, planted text, citation line, check kind that must flag it)
PLANTED = [
    ("950億ドルの対外援助法案", "850億ドルの対外援助法案", 88, "number"),
    ("(Ukrainska Pravda、2024年11月6日)", "(Ukrainska Pravda、2024年10月6日)", 116, "date"),
    ("обстрiл на Курщинi.", "обстрiл на Харкiвщинi.", 344, "quote"),
    ("(AXIOS、2024年11月8日)", "(Politico、2024年11月8日)", 290, "publisher"),
    # inside a Japanese translation of the Axios page (the number check finds it; the
    # cross-lingual quote check abstains there: no window of that page stands out)
    ("電話会談は約25分間続いた」", "電話会談は約45分間続いた」", 290, "number"),
    # a translated quote reversed: Musk "would continue to support Ukraine" through Starlink
    ("ウクライナを支援し続ける", "ウクライナへの支援を停止する", 290, "quote"),
    # a Politico sentence (Grenell, cited at line 145) moved under the Axios citation
    (
        "ある情報筋は『電話会議で、ゼレンスキー氏は絶望感を抱かなかった』と語った。",
        "ある情報筋は『彼は、トランプ氏の周囲で最も影響力のある外交政策顧問の一人としての"
        "地位を固めている』と語った。",
        290,
        "quote",
    ),
]


def _findings(local_web: LocalWeb, issue: Path, tmp_path: Path) -> set[tuple[int, str, str]]:
    reports = tmp_path / f"reports-{issue.stem}"
    args = ["run", str(issue), "--cache", str(tmp_path / "cache"), "--reports", str(reports)]
    args += ["--ca-bundle", str(local_web.ca_path)]
    args += [f"--connect-to={route}" for route in local_web.connect_to_all()]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    (report,) = reports.glob("*/report.json")
    data: dict[str, Any] = json.loads(report.read_text("utf-8"))
    return {
        (citation["line"], check["kind"], check["claim"])
        for citation in data["citations"]
        for check in citation["checks"]
        if check["verdict"] in FINDINGS
    }


@pytest.fixture(scope="module")
def planted_findings(
    local_web: LocalWeb, tmp_path_factory: pytest.TempPathFactory
) -> tuple[set[tuple[int, str, str]], set[tuple[int, str, str]]]:
    tmp_path = tmp_path_factory.mktemp("planted")
    text = EXAMPLE.read_text("utf-8")
    for original, planted, _, _ in PLANTED:
        assert text.count(original) >= 1, original
        text = text.replace(original, planted)
    copy = tmp_path / "planted.txt"
    copy.write_text(text, "utf-8")
    return _findings(local_web, EXAMPLE, tmp_path), _findings(local_web, copy, tmp_path)


def test_every_planted_error_is_flagged_at_its_citation(
    planted_findings: tuple[set[tuple[int, str, str]], set[tuple[int, str, str]]],
) -> None:
    original, planted = planted_findings
    new = planted - original
    flagged = {(line, kind) for line, kind, _ in new}
    for _, _, line, kind in PLANTED:
        assert (line, kind) in flagged, (line, kind, sorted(new))


def test_nothing_else_is_flagged(
    planted_findings: tuple[set[tuple[int, str, str]], set[tuple[int, str, str]]],
) -> None:
    original, planted = planted_findings
    expected = {(line, kind) for _, _, line, kind in PLANTED}
    assert {(line, kind) for line, kind, _ in planted - original} <= expected, sorted(
        planted - original
    )
    assert original - planted == set()


def test_the_reversed_and_the_moved_translation_are_each_flagged(
    planted_findings: tuple[set[tuple[int, str, str]], set[tuple[int, str, str]]],
) -> None:
    original, planted = planted_findings
    quotes = [claim for line, kind, claim in planted - original if (line, kind) == (290, "quote")]
    assert any("支援を停止する" in claim for claim in quotes), quotes
    assert any("影響力のある外交政策顧問" in claim for claim in quotes), quotes
