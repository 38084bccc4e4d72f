"""Score the claim checks against the labelled evaluation set (issue 3).

    python tests/eval/run.py [--cases FILE] [--kind KIND]... [--all]

`cases.toml` (beside this file) holds claim/source pairs, each labelled with
the verdict a careful reviewer would give. For every case this module builds
the `Citation`, `Claim`, `Page` and `LinkResult` the pipeline would have
built, runs `verifier.verify.run_checks` on them, and takes the verdict of
the check of the case's kind for that claim. A case with no such check is a
*missing* prediction: it counts against recall, never for precision.

It prints per-verdict precision and recall, the confusion matrix (rows: the
true verdict; columns: the predicted one, plus "missing"), per-kind accuracy
and the wrong predictions (missing ones too with `--all`). Always exits 0:
the thresholds live in tests/eval/test_eval.py.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from verifier.settings import Settings
from verifier.types import (
    Check,
    Citation,
    CitationKind,
    Claim,
    ClaimKind,
    DateMention,
    DatePrecision,
    DateRole,
    LinkResult,
    LinkStatus,
    Page,
    Verdict,
)
from verifier.verify import CheckContext, run_checks
from verifier.verify.text.embeddings import WindowIndex, load_embedder

CASES_FILE = Path(__file__).with_name("cases.toml")
DEFAULT_ISSUE_DATE = date(2024, 11, 11)
MISSING = "missing"
VERDICTS: tuple[str, ...] = tuple(verdict.value for verdict in Verdict)
KINDS: tuple[str, ...] = ("date", "event_date", "title", "publisher", "number", "quote")
# Kinds whose claim is a Claim of the passage; the others check a citation field.
CLAIM_KINDS: dict[str, ClaimKind] = {
    "event_date": ClaimKind.DATE,
    "number": ClaimKind.NUMBER,
    "quote": ClaimKind.QUOTE,
}
# Score bands of the reliability table: where the translated-quote check's scores fall.
RELIABILITY_EDGES = (0.0, 0.84, 0.86, 0.88, 0.90)
# Links that leave no page to read; the others (ok, paywalled, unstable,
# soft_404, redirected) come with the case's page.
_NO_PAGE = frozenset(
    {LinkStatus.DEAD, LinkStatus.BLOCKED, LinkStatus.TIMEOUT, LinkStatus.ERROR, LinkStatus.NO_URL}
)
_REASONS = {
    LinkStatus.OK: "HTTP 200 OK",
    LinkStatus.REDIRECTED: "redirected to the article",
    LinkStatus.DEAD: "HTTP 404 Not Found",
    LinkStatus.SOFT_404: "an article URL redirects to the site's front page",
    LinkStatus.BLOCKED: "HTTP 403 Forbidden (bot wall)",
    LinkStatus.PAYWALLED: "the page marks its text as paywalled",
    LinkStatus.TIMEOUT: "no response within the time limit",
    LinkStatus.ERROR: "TLS handshake failed",
    LinkStatus.UNSTABLE: "a site's front page: its content changes",
    LinkStatus.NO_URL: "the issue cites this source without a link",
}
# When one claim yields several checks of its kind, the claim is as good as its worst part.
_SEVERITY = {
    Verdict.CONTRADICTED: 0,
    Verdict.NOT_FOUND: 1,
    Verdict.UNVERIFIABLE: 2,
    Verdict.SUPPORTED: 3,
}
_CASE_KEYS = frozenset(
    {
        "id",
        "kind",
        "claim",
        "claim_kind",
        "dates",
        "expected",
        "why",
        "page",
        "url",
        "link",
        "cited_title",
        "cited_publisher",
        "cited_date",
        "issue_date",
        "others",
    }
)
_PAGE_KEYS = frozenset(
    {
        "url",
        "title",
        "publisher",
        "published",
        "published_at",
        "modified",
        "language",
        "paywalled",
        "link",
        "text",
        "date_source",
    }
)


# --- the set ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled claim/source pair, built into the pipeline's own types."""

    id: str
    kind: str
    claim: str
    expected: Verdict
    why: str
    citation: Citation
    page: Page | None
    link: LinkResult
    issue_date: date
    others: tuple[tuple[Citation, Page], ...] = ()


def read_raw(path: Path = CASES_FILE) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def validate(raw: Mapping[str, Any]) -> list[str]:
    """Every problem of the data file, in words; an empty list means well-formed."""
    problems: list[str] = []
    pages = raw.get("pages", {})
    for name, page in pages.items():
        problems += [f"page {name}: unknown key {key!r}" for key in set(page) - _PAGE_KEYS]
        for key in ("url", "text"):
            if not isinstance(page.get(key), str) or not page[key].strip():
                problems.append(f"page {name}: needs {key}")
        problems += _problems_of_dates(f"page {name}", page)
        if "link" in page and page["link"] not in LinkStatus.__members__.values():
            problems.append(f"page {name}: unknown link status {page['link']!r}")
    seen: Counter[str] = Counter()
    for index, case in enumerate(raw.get("cases", [])):
        where = f"case {case.get('id', f'#{index + 1}')}"
        seen[case.get("id", "")] += 1
        problems += [f"{where}: unknown key {key!r}" for key in set(case) - _CASE_KEYS]
        for key in ("id", "kind", "claim", "expected", "why"):
            if not isinstance(case.get(key), str) or not case[key].strip():
                problems.append(f"{where}: needs {key}")
        kind = case.get("kind")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r}")
        if case.get("expected") not in VERDICTS:
            problems.append(f"{where}: unknown verdict {case.get('expected')!r}")
        problems += _problems_of_source(where, case, pages)
        problems += _problems_of_claim(where, case)
        for other in case.get("others", []):
            if other not in pages:
                problems.append(f"{where}: other source {other!r} is not a page")
    problems += [f"id {name!r} is used {count} times" for name, count in seen.items() if count > 1]
    return problems


def _problems_of_source(where: str, case: Mapping[str, Any], pages: Mapping[str, Any]) -> list[str]:
    problems = []
    link = case.get("link", pages.get(case.get("page", ""), {}).get("link", "ok"))
    if link not in LinkStatus.__members__.values():
        return [f"{where}: unknown link status {link!r}"]
    if "page" in case and case["page"] not in pages:
        problems.append(f"{where}: no page named {case['page']!r}")
    if LinkStatus(link) in _NO_PAGE:
        if "page" in case:
            problems.append(f"{where}: a {link} link has no page; give url instead")
        if not case.get("url"):
            problems.append(f"{where}: needs url")
    elif "page" not in case:
        problems.append(f"{where}: a {link} link needs a page")
    return problems


def _problems_of_claim(where: str, case: Mapping[str, Any]) -> list[str]:
    kind = case.get("kind")
    problems = []
    if kind in CLAIM_KINDS:
        if case.get("claim_kind") != CLAIM_KINDS[kind].value:
            problems.append(f"{where}: claim_kind must be {CLAIM_KINDS[kind].value!r}")
        if kind == "event_date":
            mentions = case.get("dates", [])
            if not mentions:
                problems.append(f"{where}: a DATE claim needs dates")
            for mention in mentions:
                problems += _problems_of_mention(where, case.get("claim", ""), mention)
    elif "claim_kind" in case or "dates" in case:
        problems.append(f"{where}: a {kind} case checks a citation field, not a claim")
    if kind == "date":
        try:
            date.fromisoformat(case.get("cited_date", ""))
        except ValueError:
            problems.append(f"{where}: a date case needs cited_date (ISO)")
    problems += _problems_of_dates(where, case, keys=("cited_date", "issue_date"))
    return problems


def _problems_of_mention(where: str, claim: str, mention: Mapping[str, Any]) -> list[str]:
    problems = []
    if mention.get("text", "") not in claim or not mention.get("text"):
        problems.append(f"{where}: date text {mention.get('text')!r} is not in the claim")
    if mention.get("precision") not in DatePrecision.__members__.values():
        problems.append(f"{where}: unknown precision {mention.get('precision')!r}")
    try:
        date.fromisoformat(mention.get("value", ""))
    except ValueError:
        problems.append(f"{where}: date value {mention.get('value')!r} is not ISO")
    return problems


def _problems_of_dates(
    where: str,
    table: Mapping[str, Any],
    keys: Sequence[str] = ("published", "modified"),
) -> list[str]:
    problems = []
    for key in keys:
        if key in table:
            try:
                date.fromisoformat(table[key])
            except (TypeError, ValueError):
                problems.append(f"{where}: {key} {table[key]!r} is not an ISO date")
    if "published_at" in table:
        try:
            stamp = datetime.fromisoformat(table["published_at"])
        except (TypeError, ValueError):
            return [*problems, f"{where}: published_at is not an ISO timestamp"]
        if stamp.tzinfo is None:
            problems.append(f"{where}: published_at needs a UTC offset")
    return problems


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    """The set, validated and built; a malformed file is an error naming every problem."""
    raw = read_raw(path)
    problems = validate(raw)
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    pages = {name: _page(table) for name, table in raw.get("pages", {}).items()}
    page_links = {name: table.get("link", "ok") for name, table in raw.get("pages", {}).items()}
    return [_case(case, pages, page_links) for case in raw["cases"]]


def _page(table: Mapping[str, Any]) -> Page:
    published_at = (
        datetime.fromisoformat(table["published_at"]) if "published_at" in table else None
    )
    if "published" in table:
        published: date | None = date.fromisoformat(table["published"])
    else:
        published = published_at.date() if published_at else None
    modified = date.fromisoformat(table["modified"]) if "modified" in table else None
    return Page(
        url=table["url"],
        text=table["text"].strip(),
        title=table.get("title"),
        publisher=table.get("publisher"),
        published=published,
        published_at=published_at,
        date_source=table.get("date_source", "json-ld datePublished" if published else None),
        modified=modified,
        language=table.get("language"),
        paywalled=table.get("paywalled", False),
        charset="utf-8",
    )


def _case(raw: Mapping[str, Any], pages: Mapping[str, Page], page_links: Mapping[str, str]) -> Case:
    kind = raw["kind"]
    status = LinkStatus(raw.get("link", page_links.get(raw.get("page", ""), "ok")))
    page = None if status in _NO_PAGE else pages[raw["page"]]
    url = raw.get("url") or (pages[raw["page"]].url if "page" in raw else None)
    issue_date = date.fromisoformat(raw.get("issue_date", DEFAULT_ISSUE_DATE.isoformat()))
    claims: tuple[Claim, ...] = ()
    if kind in CLAIM_KINDS:
        mentions = tuple(
            DateMention(m["text"], date.fromisoformat(m["value"]), DatePrecision(m["precision"]))
            for m in raw.get("dates", [])
        )
        claims = (Claim(CLAIM_KINDS[kind], raw["claim"], 10, mentions),)
    cited_date = date.fromisoformat(raw["cited_date"]) if "cited_date" in raw else None
    citation = Citation(
        id=raw["id"],
        line=12,
        kind=CitationKind.SOURCE,
        url=None if status is LinkStatus.NO_URL else url,
        cited_title=raw["claim"] if kind == "title" else raw.get("cited_title"),
        cited_publisher=raw["claim"] if kind == "publisher" else raw.get("cited_publisher"),
        cited_date=cited_date,
        cited_date_role=DateRole.PUBLISHED if cited_date else None,
        cited_date_text=raw["claim"] if kind == "date" else None,
        url_line=13,
        passage=raw["claim"] if kind in CLAIM_KINDS else "",
        passage_line=10,
        claims=claims,
    )
    others = tuple(
        (
            Citation(
                f"{raw['id']}-other{n}",
                20 + n,
                CitationKind.SOURCE,
                pages[name].url,
                cited_publisher=pages[name].publisher,
            ),
            pages[name],
        )
        for n, name in enumerate(raw.get("others", []), start=1)
    )
    link = LinkResult(status, _REASONS[status])
    return Case(
        raw["id"],
        kind,
        raw["claim"],
        Verdict(raw["expected"]),
        raw["why"],
        citation,
        page,
        link,
        issue_date,
        others,
    )


# --- scoring ------------------------------------------------------------------


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
    embedder = load_embedder(settings.embedder)
    windows = WindowIndex(embedder) if embedder is not None else None
    outcomes = []
    for case in cases:
        ctx = CheckContext(
            case.citation, case.page, case.link, settings, case.issue_date, case.others, windows
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
        first = ranked.windows[max(range(len(ranked.scores)), key=ranked.scores.__getitem__)]
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


# --- printing -----------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.2f}"


def format_results(results: Results, *, with_missing: bool = False) -> str:
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
    lines += ["", f"{'kind':<12}{'accuracy':>9}{'right':>7}{'missing':>9}{'cases':>7}"]
    for kind, (right, missing, total) in results.accuracy_by_kind().items():
        lines.append(f"{kind:<12}{right / total:>9.2f}{right:>7}{missing:>9}{total:>7}")
    macro_f1 = results.supported_macro_f1()
    if macro_f1 is not None:
        lines += ["", f"supported vs not (abstentions as not): macro-F1 {macro_f1:.2f}"]
    lines += ["", "reliability of `supported` (score band, predicted, right)"]
    for band, count, right in results.reliability(RELIABILITY_EDGES):
        lines.append(f"  {band}  {count:>4}  {_pct(right)}")
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES_FILE, help="the TOML data file")
    parser.add_argument("--kind", action="append", choices=KINDS, help="only these kinds")
    parser.add_argument("--all", action="store_true", help="list missing predictions too")
    parser.add_argument(
        "--embedder", default=Settings().embedder, help="for translated quotes; none: off"
    )
    args = parser.parse_args(argv)
    cases = load_cases(args.cases)
    results = evaluate(cases, Settings(embedder=args.embedder))
    if args.kind:
        results = results.only(args.kind)
    print(format_results(results, with_missing=args.all))
    embedder = load_embedder(args.embedder)
    if embedder is not None:
        right, total = windows_first(cases, WindowIndex(embedder))
        if total:
            print(f"\nright window first: {right} of {total} faithful translations quoting theirs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
