"""What `verifier eval` prints: a table for a person, or JSON for a machine."""

from __future__ import annotations

from typing import Any

from verifier.evaluate._cases import VERDICTS
from verifier.evaluate._scores import MISSING, RELIABILITY_EDGES, Results

_PER_KIND = ("supported", "contradicted", "not_found")
"""The verdicts whose precision and recall the per-kind table shows: those an editor acts on."""


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.2f}"


def render_text(results: Results, *, with_missing: bool = False) -> str:
    lines = [f"{len(results.outcomes)} cases", ""]
    lines.append(f"{'verdict':<14}{'precision':>10}{'recall':>8}{'true':>6}{'predicted':>11}")
    for verdict in VERDICTS:
        lines.append(
            f"{verdict:<14}{_pct(results.precision(verdict)):>10}{_pct(results.recall(verdict)):>8}"
            f"{results.support(verdict):>6}{results.predicted_count(verdict):>11}"
        )
    lines += ["", "confusion (rows: true, columns: predicted)"]
    columns = [*VERDICTS, MISSING]
    lines.append(f"{'':<14}" + "".join(f"{c:>14}" for c in columns))
    for verdict, row in results.confusion().items():
        lines.append(f"{verdict:<14}" + "".join(f"{row[c]:>14}" for c in columns))
    lines += ["", f"{'kind':<12}{'accuracy':>9}{'right':>7}{'missing':>9}{'cases':>7}"
              + "".join(f"{verdict + ' P / R':>22}" for verdict in _PER_KIND)]  # fmt: skip
    for kind, (right, missing, total) in results.accuracy_by_kind().items():
        mine = results.only([kind])
        cells = "".join(
            f"{_pct(mine.precision(v)) + ' / ' + _pct(mine.recall(v)):>22}" for v in _PER_KIND
        )
        lines.append(f"{kind:<12}{right / total:>9.2f}{right:>7}{missing:>9}{total:>7}{cells}")
    macro_f1 = results.supported_macro_f1()
    if macro_f1 is not None:
        lines += ["", f"supported vs not (abstentions as not): macro-F1 {macro_f1:.2f}"]
    false_supported = results.false_supported()
    if false_supported is not None:
        lines.append(f"untrue claims called supported: {false_supported:.2f}")
    lines += ["", "reliability of `supported` (score band, predicted, right)"]
    for band, count, share in results.reliability(RELIABILITY_EDGES):
        lines.append(f"  {band}  {count:>4}  {_pct(share)}")
    wrong = results.wrong(with_missing=with_missing)
    if wrong:
        lines += ["", "wrong predictions" + (" (and missing ones)" if with_missing else "")]
        for o in wrong:
            deciding = [c for c in o.checks if c.verdict is o.predicted]
            note = deciding[0].note if deciding else ""
            lines.append(
                f"  {o.case.id:<14} expected {o.case.expected.value:<13}"
                f"got {o.label:<13} {o.case.claim[:60]!r}  {note[:80]}"
            )
    return "\n".join(lines)


def to_json(results: Results) -> dict[str, Any]:
    """The measures as data (`docs/eval.md` names each key)."""
    return {
        "cases": len(results.outcomes),
        "per_verdict": {
            verdict: {
                "precision": results.precision(verdict),
                "recall": results.recall(verdict),
                "true": results.support(verdict),
                "predicted": results.predicted_count(verdict),
            }
            for verdict in VERDICTS
        },
        "confusion": {
            verdict: {label: row[label] for label in [*VERDICTS, MISSING]}
            for verdict, row in results.confusion().items()
        },
        "macro_f1": results.supported_macro_f1(),
        "false_supported": results.false_supported(),
        "by_kind": {
            kind: _kind_json(results.only([kind]), right, missing, total)
            for kind, (right, missing, total) in results.accuracy_by_kind().items()
        },
        "reliability": [
            {"band": band, "supported": count, "right": right}
            for band, count, right in results.reliability(RELIABILITY_EDGES)
        ],
        "wrong": [
            {
                "id": o.case.id,
                "kind": o.case.kind,
                "expected": o.case.expected.value,
                "predicted": o.label,
                "claim": o.case.claim,
            }
            for o in results.wrong(with_missing=True)
        ],
    }


def _kind_json(mine: Results, right: int, missing: int, total: int) -> dict[str, Any]:
    """One kind's accuracy and per-verdict precision and recall."""
    return {
        "right": right,
        "missing": missing,
        "cases": total,
        "per_verdict": {
            verdict: {"precision": mine.precision(verdict), "recall": mine.recall(verdict)}
            for verdict in VERDICTS
        },
    }
