"""What an editor gets for the labelled corpus's claims: `verifier run` on every issue over
the local web, each labelled claim matched to the checks of its line (issue 15).

    python tests/eval/corpus_verdicts.py [--embedder NAME]

The labels give each claim's truth on its page (supported, contradicted: a planted error,
not_found) and whose words it is. Each labelled claim is matched to the checks standing
on its line (or a line or three above: where its sentence starts) whose claim holds its
words (a quote: the same words; a figure or a date:
the check's own figure or date, or the sentence holding it); the verdicts are then
counted:

- a true claim of a source: how often `supported`, and how often a false alarm
  (`contradicted` or `not_found`);
- a planted error: how often flagged (`contradicted` or `not_found`), and how often
  called `supported`;
- the writer's own words: how often a finding (they should never be one; the
  writer's arithmetic is checked as arithmetic and may be `supported`);
- claims no check reads at all.

Then the fix list an editor reads first (issue 18's triage): how many of its entries are
about a labelled error (a claim whose truth is `contradicted` or `not_found` on its
page), and how many of the labelled errors are in the fix list, or in the look list.

Measured once per run, never tuned on: the verdicts are issue 14's business, this
shows what they give on claims read from any newsletter; the triage's rules were written
against the example issue, which is not in this corpus.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from localweb import LocalWeb
from localweb.example import pages_routes
from tests.eval.corpus import CORPUS, OWN, Labelled, corpus, normalized, plain_url
from verifier import ConnectTo, Settings, pipeline

BAD = ("contradicted", "not_found")
# A check stands on the line its sentence starts; a labelled figure may stand on a later
# line of that sentence (a wrapped plain-text line, a long Markdown paragraph).
_WRAPPED_LINES = 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--embedder", default=Settings().embedder)
    args = parser.parse_args(argv)
    items = corpus()
    if not items:
        sys.exit(f"corpus_verdicts: no labelled issues under {CORPUS}")
    groups = sorted(path.parent for path in (CORPUS / "web").glob("*/manifest.toml"))
    with LocalWeb(pages_routes(groups)) as web, tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            cache_dir=Path(scratch) / "cache",
            reports_dir=Path(scratch) / "reports",
            connect_to=tuple(ConnectTo.parse(route) for route in web.connect_to_all()),
            ca_bundle=web.ca_path,
            embedder=args.embedder,
            progress=False,
        )
        outcome = pipeline.run([item.path for item in items], settings)
    counts: dict[str, Counter[str]] = {}
    listed: dict[str, Counter[str]] = {}
    for item, data in zip(items, outcome.data, strict=True):
        for group, verdict in _verdicts(item, data):
            counts.setdefault(group, Counter())[verdict] += 1
            counts.setdefault(f"{item.split}: {group}", Counter())[verdict] += 1
        for split in ("all", item.split):
            listed.setdefault(split, Counter()).update(_triaged(item, data))
    _print(counts)
    _print_triage(listed)
    return 0


def _triaged(item: Labelled, data: dict[str, Any]) -> Counter[str]:
    """The issue's fix and look entries against its labelled errors: entries about an
    error or not (an entry is about a label when one of its checks matches it, as a
    verdict does above), and the errors in the fix list, in the look list, in neither."""
    errors = [
        label
        for label in item.labels.get("claim", [])
        if label.get("truth") in BAD and label["whose"] not in OWN
    ]
    checks = {citation["id"]: (citation, citation["checks"]) for citation in data["citations"]}
    counted: Counter[str] = Counter()
    placed: dict[int, str] = {}
    for level in ("fix", "look"):
        for entry in data["triage"][level]:
            citation, found = checks[entry["citation"]]
            members = [found[i] for i in entry["checks"]]
            about = [
                n
                for n, label in enumerate(errors)
                if any(c["line"] == label["line"] and _holds(c, label) for c in members)
                and _same_source(citation, label)
            ]
            if not entry["checks"]:  # a link's entry: a link status, not a claim
                counted[f"{level} link entries"] += 1
                continue
            kind = "about an error" if about else "no error"
            counted[f"{level} entries {kind}"] += 1
            for n in about:
                placed.setdefault(n, level)
    for n in range(len(errors)):
        counted[f"errors in {placed.get(n, 'neither')}"] += 1
    return counted


def _print_triage(listed: dict[str, Counter[str]]) -> None:
    print("\nthe fix list (triage) against the labelled errors")
    for split, found in sorted(listed.items()):
        fix = found["fix entries about an error"] + found["fix entries no error"]
        errors = sum(found[f"errors in {where}"] for where in ("fix", "look", "neither"))
        precision = found["fix entries about an error"] / fix if fix else float("nan")
        look = found["look entries about an error"] + found["look entries no error"]
        looked = found["look entries about an error"] / look if look else float("nan")
        links = found["fix link entries"] + found["look link entries"]
        print(
            f"{split:<6} claim entries: fix {fix:>3} (about an error {precision:.2f}), look "
            f"{look:>3} ({looked:.2f}); link entries {links:>3}; "
            f"labelled errors {errors:>3}: in fix {found['errors in fix']}, "
            f"in look {found['errors in look']}, in neither {found['errors in neither']}"
        )


def _verdicts(item: Labelled, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(group, verdict) of each labelled claim: the worst verdict of the checks it matches
    (a finding outranks a `supported`), `no check` when none does."""
    checks = [
        (citation, check)
        for citation in data["citations"]
        for check in citation["checks"]
        if check["kind"] not in ("date", "title", "publisher")  # of the citation, not a claim
    ]
    found = []
    for label in item.labels.get("claim", []):
        own = label["whose"] in OWN
        group = "own words" if own else f"source, truth {label.get('truth') or 'supported'}"
        said = [
            check["verdict"]
            for citation, check in checks
            if check["line"] == label["line"]
            and _holds(check, label)
            and (own or _same_source(citation, label))
        ]
        verdict = next((v for v in BAD if v in said), said[0] if said else "no check")
        found.append((group, verdict))
    return found


def _holds(check: dict[str, Any], label: dict[str, Any]) -> bool:
    claim, wanted = normalized(check["claim"]), normalized(label["text"])
    return bool(wanted) and (wanted in claim or claim in wanted)


def _same_source(citation: dict[str, Any], label: dict[str, Any]) -> bool:
    """Whether the check's citation is the labelled source: its URL, the link the issue
    wrote, or where an opaque click tracker's redirect led."""
    link = citation.get("link") or {}
    urls = {citation.get("url"), citation.get("written_url"), link.get("final_url")}
    return plain_url(label.get("source", "")) in {plain_url(url) for url in urls if url}


def _print(counts: dict[str, Counter[str]]) -> None:
    verdicts = ("supported", "contradicted", "not_found", "unverifiable", "no check")
    print(f"{'claims':<36}{'n':>5}" + "".join(f"{v:>14}" for v in verdicts))
    for group in sorted(counts):
        total = sum(counts[group].values())
        cells = "".join(f"{counts[group][v] / total:>14.2f}" for v in verdicts)
        print(f"{group:<36}{total:>5}{cells}")


if __name__ == "__main__":
    raise SystemExit(main())
