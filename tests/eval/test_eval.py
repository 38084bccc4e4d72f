"""The labelled evaluation set (tests/eval/cases.toml) and the issue's targets.

Precision at least 0.95 and recall at least 0.9 for `contradicted` and
`not_found`, per check kind and over the whole set. The blind sets
(heldout.toml, final.toml, blind3.toml) are measured by `make eval`, not
held to the targets here: they say how well the checks generalise.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.eval.wmt22 import OUT, all_documents, write
from verifier import verify
from verifier.evaluate import (
    KINDS,
    Results,
    evaluate,
    load_cases,
    read_raw,
    validate,
    windows_first,
)
from verifier.settings import Settings
from verifier.types import Verdict
from verifier.verify.text.embeddings import load_index


def _load_runner() -> ModuleType:
    path = Path(__file__).with_name("run.py")
    spec = importlib.util.spec_from_file_location("verifier_eval_run", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


run = _load_runner()
CASES = run.CASES_FILE
TARGETED = (Verdict.CONTRADICTED, Verdict.NOT_FOUND)
MIN_PRECISION = 0.95
MIN_RECALL = 0.9


# The sets' pages are embedded from cold: seconds alone, minutes on a machine busy with
# other work, so the suite's per-test limit (a hang guard, not a timing) is raised here.
pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    return evaluate(load_cases(CASES))


def test_the_data_file_is_well_formed() -> None:
    raw = read_raw(CASES)
    assert validate(raw) == []
    cases = raw["cases"]
    assert len(cases) >= 80
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids))
    assert {case["expected"] for case in cases} == {verdict.value for verdict in Verdict}
    assert {case["kind"] for case in cases} == set(KINDS)


def test_every_kind_has_cases_of_each_targeted_verdict_and_a_hard_positive() -> None:
    raw = read_raw(CASES)
    for kind in KINDS:
        verdicts = {case["expected"] for case in raw["cases"] if case["kind"] == kind}
        assert Verdict.SUPPORTED.value in verdicts, kind
        assert Verdict.CONTRADICTED.value in verdicts, kind


def test_the_runner_prints_the_tables_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main([]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out
    assert "missing" in out  # the confusion matrix's extra column
    assert "date" in out


def test_a_missing_prediction_counts_against_recall_not_precision(results) -> None:  # type: ignore[no-untyped-def]
    assert len(results.outcomes) == len(load_cases(CASES))
    row_totals = sum(sum(row.values()) for row in results.confusion().values())
    assert row_totals == len(results.outcomes)


@pytest.mark.parametrize("kind", KINDS)
def test_targets_for_contradicted_and_not_found(results, kind: str) -> None:  # type: ignore[no-untyped-def]
    registered = {module.KIND for module in verify.CHECKS}
    assert kind in registered, f"no {kind} check is registered in CHECKS"
    mine = results.only([kind])
    failures = []
    for verdict in TARGETED:
        precision, recall = mine.precision(verdict), mine.recall(verdict)
        if precision is not None and precision < MIN_PRECISION:
            failures.append(f"{verdict.value} precision {precision:.2f} < {MIN_PRECISION}")
        if recall is not None and recall < MIN_RECALL:
            failures.append(f"{verdict.value} recall {recall:.2f} < {MIN_RECALL}")
    wrong = [
        f"{o.case.id}: expected {o.case.expected.value}, got {o.label}"
        for o in mine.outcomes
        if not o.correct and (o.case.expected in TARGETED or o.predicted in TARGETED)
    ]
    assert not failures, "; ".join(failures) + "\n" + "\n".join(wrong)


def test_targets_over_the_whole_set(results) -> None:  # type: ignore[no-untyped-def]
    for verdict in TARGETED:
        precision, recall = results.precision(verdict), results.recall(verdict)
        assert precision is not None and precision >= MIN_PRECISION, (verdict, precision)
        assert recall is not None and recall >= MIN_RECALL, (verdict, recall)


# --- translated quotes (issue 14): the calibrated verdict on text never tuned on ------------

# The WMT22 test split (tests/eval/wmt22.py: never fitted or thresholded on; every third
# case, ~450, to keep the suite quick) and translations_blind2.toml (written blind, never
# tuned on). Where the verdict meets the targets they are held; where it does not
# yet (README, "Cross-lingual quotes"), its measured level less a margin is, so that a
# change for the worse fails here. Measured on the whole test split (`make eval`): macro-F1
# 0.67, untrue supported 0.6%, faithful contradicted 1.3%, contradicted precision 0.81 /
# recall 0.29; on the third taken here, contradicted precision 0.67 (few cases).
TARGET_FALSE_SUPPORTED = 0.03  # the target
TARGET_FAITHFUL_CONTRADICTED = 0.02  # the target
LEVEL_MACRO_F1 = 0.60  # target 0.90
LEVEL_CONTRADICTED_PRECISION = 0.55  # target 0.95
LEVEL_CONTRADICTED_RECALL = 0.15  # target 0.80
LEVEL_BLIND2_FALSE_SUPPORTED = 2 / 40  # 2 of its 40 untrue quotes: the target is 1 of 40


@pytest.fixture(scope="module")
def wmt22_test() -> Results:
    write(all_documents(), OUT)
    return evaluate(load_cases(OUT / "test.toml")[::3])


def test_the_test_split_meets_the_targets_for_the_costly_errors(wmt22_test: Results) -> None:
    false_supported = wmt22_test.false_supported()
    assert false_supported is not None and false_supported <= TARGET_FALSE_SUPPORTED
    faithful_contradicted = wmt22_test.faithful_called(Verdict.CONTRADICTED)
    assert faithful_contradicted is not None
    assert faithful_contradicted <= TARGET_FAITHFUL_CONTRADICTED


def test_the_test_split_holds_its_measured_level(wmt22_test: Results) -> None:
    macro_f1 = wmt22_test.supported_macro_f1()
    assert macro_f1 is not None and macro_f1 >= LEVEL_MACRO_F1
    precision = wmt22_test.precision(Verdict.CONTRADICTED)
    assert precision is not None and precision >= LEVEL_CONTRADICTED_PRECISION
    recall = wmt22_test.recall(Verdict.CONTRADICTED)
    assert recall is not None and recall >= LEVEL_CONTRADICTED_RECALL


def test_the_blind_set_never_tuned_on_holds_its_level() -> None:
    results = evaluate(load_cases(CASES.with_name("translations_blind2.toml")))
    false_supported = results.false_supported()
    assert false_supported is not None and false_supported <= LEVEL_BLIND2_FALSE_SUPPORTED
    faithful_contradicted = results.faithful_called(Verdict.CONTRADICTED)
    assert faithful_contradicted is not None
    assert faithful_contradicted <= TARGET_FAITHFUL_CONTRADICTED * 2  # 1 of 30


MIN_WINDOW_FIRST = 0.95  # issue 4's target


def test_the_translated_sentence_is_ranked_first() -> None:
    index = load_index(Settings().embedder)
    assert index is not None
    cases = load_cases(CASES.with_name("translations.toml"))
    right, total = windows_first(cases, index)
    assert total >= 20 and right / total >= MIN_WINDOW_FIRST, (right, total)
