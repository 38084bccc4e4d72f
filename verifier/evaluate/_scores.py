"""Scoring the checks against labelled cases: each case's claim run through the registered
checks, its verdict kept, and the measures an editor trusts a verdict by (per-verdict
precision and recall, the confusion matrix, supported-vs-not macro-F1, the rate of
untrue claims called supported, and how often `supported` is right per score band)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from verifier.evaluate._cases import CLAIM_KINDS, KINDS, VERDICTS, Case
from verifier.settings import Settings
from verifier.types import Check, Verdict
from verifier.verify import CheckContext, load_models, run_checks
from verifier.verify.text.embeddings import WindowIndex
from verifier.verify.text.reading import Readings

MISSING = "missing"
# Score bands of the reliability table: a translated quote's score is the probability the
# calibrated model gives its verdict, so `supported` at 0.9 should be right 9 times in 10.
RELIABILITY_EDGES = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95)
# When one claim yields several checks of its kind, the claim is as good as its worst part.
_SEVERITY = {
    Verdict.CONTRADICTED: 0,
    Verdict.NOT_FOUND: 1,
    Verdict.UNVERIFIABLE: 2,
    Verdict.SUPPORTED: 3,
}


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    predicted: Verdict | None  # None: no check of the case's kind spoke about its claim
    checks: tuple[Check, ...]  # the checks the prediction came from

    @property
    def label(self) -> str:
        return self.predicted.value if self.predicted else MISSING

    @property
    def correct(self) -> bool:
        return self.predicted is self.case.expected


@dataclass(frozen=True, slots=True)
class Results:
    outcomes: tuple[Outcome, ...]

    def confusion(self) -> dict[str, Counter[str]]:
        """Rows: the true verdict; columns: the predicted one or `missing`."""
        matrix: dict[str, Counter[str]] = {verdict: Counter() for verdict in VERDICTS}
        for outcome in self.outcomes:
            matrix[outcome.case.expected.value][outcome.label] += 1
        return matrix

    def precision(self, verdict: Verdict | str) -> float | None:
        """Right / predicted for `verdict`; None when nothing was predicted so."""
        value = Verdict(verdict)
        predicted = [o for o in self.outcomes if o.predicted is value]
        if not predicted:
            return None
        return sum(o.correct for o in predicted) / len(predicted)

    def recall(self, verdict: Verdict | str) -> float | None:
        """Right / truly `verdict` (missing predictions count as misses); None without cases."""
        value = Verdict(verdict)
        truly = [o for o in self.outcomes if o.case.expected is value]
        if not truly:
            return None
        return sum(o.correct for o in truly) / len(truly)

    def support(self, verdict: Verdict | str) -> int:
        return sum(o.case.expected is Verdict(verdict) for o in self.outcomes)

    def predicted_count(self, verdict: Verdict | str) -> int:
        return sum(o.predicted is Verdict(verdict) for o in self.outcomes)

    def accuracy_by_kind(self) -> dict[str, tuple[int, int, int]]:
        """kind -> (right, missing, total)."""
        table: dict[str, tuple[int, int, int]] = {}
        for kind in KINDS:
            mine = [o for o in self.outcomes if o.case.kind == kind]
            if mine:
                right = sum(o.correct for o in mine)
                table[kind] = (right, sum(o.predicted is None for o in mine), len(mine))
        return table

    def supported_macro_f1(self) -> float | None:
        """Supported vs not (contradicted or not found; an abstention counts as "not"): the
        mean of the two classes' F1, on the cases labelled one of the three."""
        decided = [
            o
            for o in self.outcomes
            if o.case.expected in (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.NOT_FOUND)
        ]
        if not decided:
            return None
        scores = []
        for positive in (True, False):
            truly = [(o.case.expected is Verdict.SUPPORTED) is positive for o in decided]
            said = [(o.predicted is Verdict.SUPPORTED) is positive for o in decided]
            hits = sum(t and p for t, p in zip(truly, said, strict=True))
            precision = hits / sum(said) if any(said) else 0.0
            recall = hits / sum(truly) if any(truly) else 0.0
            total = precision + recall
            scores.append(2 * precision * recall / total if total else 0.0)
        return sum(scores) / 2

    def false_supported(self) -> float | None:
        """Of the cases labelled untrue (contradicted or not found), the share called
        `supported`: the error an editor pays for most. None without such cases."""
        untrue = [
            o for o in self.outcomes if o.case.expected in (Verdict.CONTRADICTED, Verdict.NOT_FOUND)
        ]
        if not untrue:
            return None
        return sum(o.predicted is Verdict.SUPPORTED for o in untrue) / len(untrue)

    def faithful_called(self, verdict: Verdict) -> float | None:
        """Of the cases labelled `supported`, the share called `verdict`: a faithful quote
        `contradicted` (a false alarm) or `unverifiable` (an abstention). None without any."""
        faithful = [o for o in self.outcomes if o.case.expected is Verdict.SUPPORTED]
        if not faithful:
            return None
        return sum(o.predicted is verdict for o in faithful) / len(faithful)

    def reliability(self, edges: Sequence[float]) -> list[tuple[str, int, float | None]]:
        """For `supported` predictions: per score band, how many and how many of them right."""
        said = [
            (max((c.score or 0.0) for c in o.checks if c.verdict is Verdict.SUPPORTED), o)
            for o in self.outcomes
            if o.predicted is Verdict.SUPPORTED
        ]
        bands = []
        for low, high in zip(edges, [*edges[1:], 1.01], strict=True):
            inside = [o for score, o in said if low <= score < high]
            right = sum(o.correct for o in inside) / len(inside) if inside else None
            bands.append((f"{low:.2f}-{min(high, 1.0):.2f}", len(inside), right))
        return bands

    def only(self, kinds: Iterable[str]) -> Results:
        wanted = set(kinds)
        return Results(tuple(o for o in self.outcomes if o.case.kind in wanted))

    def wrong(self, *, with_missing: bool = False) -> list[Outcome]:
        return [
            o for o in self.outcomes if not o.correct and (with_missing or o.predicted is not None)
        ]


def evaluate(
    cases: Iterable[Case],
    settings: Settings | None = None,
) -> Results:
    """Run the registered checks on every case and keep the verdict for its claim."""
    settings = settings or Settings()
    windows = load_models(settings.embedder)
    readings = Readings()  # the set's pages, each read once for all its cases
    outcomes = []
    for case in cases:
        ctx = CheckContext(
            case.citation,
            case.page,
            case.link,
            settings,
            case.issue_date,
            case.others,
            windows,
            readings,
        )
        chosen = pick(case, run_checks(ctx))
        predicted = min((c.verdict for c in chosen), key=_SEVERITY.__getitem__, default=None)
        outcomes.append(Outcome(case, predicted, chosen))
    return Results(tuple(outcomes))


_QUOTED = re.compile(r'"([^"]{12,})"')


def windows_first(cases: Iterable[Case], windows: WindowIndex) -> tuple[int, int]:
    """Of the faithful translations whose `why` quotes the source's own words ("translates
    \"Today it is 11,000\""), how many have those words in the window the embedder ranks
    first: the issue's "right window first" measure, apart from any verdict."""
    right = total = 0
    for case in cases:
        if case.expected is not Verdict.SUPPORTED or case.page is None:
            continue
        said = [q for q in _QUOTED.findall(case.why) if _squash(q) in _squash(case.page.text)]
        if not said or case.page.language == "ja" or _squash(said[0]) in _squash(case.claim):
            continue
        ranked = windows.rank(case.claim, case.page.text)
        first = ranked.windows[ranked.best]
        total += 1
        right += any(_squash(q) in _squash(first.text) for q in said)
    return right, total


def pick(case: Case, checks: Sequence[Check]) -> tuple[Check, ...]:
    """The checks of the case's kind about its claim.

    Exact claim text first; then a check whose claim is a part of the case's
    claim or contains it (a number check may report `7470万6124票` alone);
    for the citation-field kinds (date, title, publisher), which speak once
    per citation, the check of that kind whatever text it quotes.
    """
    mine = [check for check in checks if check.kind == case.kind]
    exact = tuple(check for check in mine if check.claim == case.claim)
    if exact:
        return exact
    wanted = _squash(case.claim)
    overlapping = tuple(
        check
        for check in mine
        if check.claim.strip()
        and (_squash(check.claim) in wanted or wanted in _squash(check.claim))
    )
    if overlapping:
        return overlapping
    if case.kind not in CLAIM_KINDS:
        return tuple(mine)
    return ()


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())
