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

from verifier import verify
from verifier.evaluate import KINDS, evaluate, load_cases, read_raw, validate, windows_first
from verifier.settings import Settings
from verifier.types import Verdict
from verifier.verify.text.embeddings import WindowIndex, load_embedder


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


# --- cross-lingual quotes (issue 4): the targets on the calibration set --------

# The targets on the calibration set (tests/eval/translations.toml, README
# "Cross-lingual quotes"): macro-F1, the right window first, a false `supported` among the
# quotes that are not translations (5%); and where the judge stands otherwise, less a small
# margin. The costly errors are a false `supported` and a false "not in the source".
MAX_FALSE_SUPPORTED = 0.05
MAX_FALSE_NOT_FOUND = 0.02
MIN_CONTRADICTED_PRECISION = 0.9
MIN_SUPPORTED_RECALL = 0.8
MIN_MACRO_F1 = 0.9  # supported vs not, abstentions as not: the target
MIN_WINDOW_FIRST = 0.95  # the target


def test_translated_quotes_hold_their_calibrated_level() -> None:
    results = evaluate(load_cases(CASES.with_name("translations.toml")))
    count = len(results.outcomes)

    def wrongly(verdict: Verdict) -> int:
        return sum(
            o.predicted is verdict and o.case.expected is not verdict for o in results.outcomes
        )

    untrue = sum(o.case.expected is not Verdict.SUPPORTED for o in results.outcomes)
    assert wrongly(Verdict.SUPPORTED) / untrue <= MAX_FALSE_SUPPORTED
    assert wrongly(Verdict.NOT_FOUND) / count <= MAX_FALSE_NOT_FOUND
    precision = results.precision(Verdict.CONTRADICTED)
    assert precision is not None and precision >= MIN_CONTRADICTED_PRECISION
    recall = results.recall(Verdict.SUPPORTED)
    assert recall is not None and recall >= MIN_SUPPORTED_RECALL
    macro_f1 = results.supported_macro_f1()
    assert macro_f1 is not None and macro_f1 >= MIN_MACRO_F1


def test_the_translated_sentence_is_ranked_first() -> None:
    embedder = load_embedder(Settings().embedder)
    assert embedder is not None
    cases = load_cases(CASES.with_name("translations.toml"))
    right, total = windows_first(cases, WindowIndex(embedder))
    assert total >= 20 and right / total >= MIN_WINDOW_FIRST, (right, total)
