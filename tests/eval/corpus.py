"""Claim extraction measured against the labelled issue corpus (`tests/corpus/`, issue 15).

    python tests/eval/corpus.py [--misses]

Every issue of the corpus is parsed as `verifier run` parses it, and its claims and
links are compared with the hand labels (`tests/corpus/README.md`):

- a labelled claim is *found* when a claim of the same kind stands on its line (or
  spans it) and holds the labelled words (a quote: the same words; a figure or a
  date: the sentence holding it), attributed to the labelled source (or to a source
  cited beside it for the same words: a shared passage, a section's headline; they
  support it together);
- an extracted claim is *right* when it holds at least one labelled claim of its kind
  (a sentence with two figures is one extracted claim and two labels);
- whose words: of the labelled claims found, how many are attributed (to the cited
  source) or the writer's own as labelled;
- links: each labelled link's role (source, reference, ignored) against what the
  parser made of its URL.

The corpus is split by issue: `tests/corpus/splits.toml` names the test half (the first
24 issues alternated dev and test per format in name order). Only dev misses may be
read (`--misses` lists those and never test's); test is reported and gated
(`tests/eval/test_corpus.py`).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from verifier.parse import parse_issue
from verifier.types import Citation, CitationKind, Claim, ClaimKind, Issue

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
FORMATS = ("iwj", "md", "html", "txt")
OWN = frozenset({"commentary", "arithmetic", "aside"})


@dataclass(frozen=True)
class Labelled:
    """One issue and its labels."""

    name: str
    path: Path
    format: str
    split: str
    labels: dict[str, Any]


@dataclass
class Tally:
    """Counts behind the measures, added up over issues."""

    labels: int = 0
    found: int = 0
    extracted: int = 0
    right: int = 0
    whose_right: int = 0
    links: int = 0
    links_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("labels", "found", "extracted", "right", "whose_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.links += other.links
        self.links_right += other.links_right
        self.misses += other.misses

    @property
    def precision(self) -> float:
        return self.right / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0

    @property
    def whose_accuracy(self) -> float:
        return self.whose_right / self.found if self.found else 1.0

    @property
    def link_accuracy(self) -> float:
        return self.links_right / self.links if self.links else 1.0


def corpus() -> list[Labelled]:
    """Every labelled issue, with its split (`splits.toml` names the test half)."""
    test = set(tomllib.loads((CORPUS / "splits.toml").read_text("utf-8"))["test"])
    found: list[Labelled] = []
    for fmt in FORMATS:
        for name in sorted(p.stem for p in (CORPUS / "labels").glob(f"*-{fmt}-*.toml")):
            labels = tomllib.loads((CORPUS / "labels" / f"{name}.toml").read_text("utf-8"))
            path = CORPUS / "issues" / labels["issue"]
            found.append(Labelled(name, path, fmt, "test" if name in test else "dev", labels))
    return found


def measure(item: Labelled, issue: Issue) -> Tally:
    """One issue's counts, with a line per miss (for dev reading only)."""
    tally = Tally()
    real = {  # an opaque click-tracking wrapper is the labelled URL until a fetch follows it
        plain_url(link["written"]): plain_url(link["url"])
        for link in item.labels.get("link", [])
        if link.get("written")
    }
    issue = replace(
        issue,
        citations=tuple(
            replace(c, url=real.get(plain_url(c.url), c.url)) if c.url else c
            for c in issue.citations
        ),
    )
    extracted = [(citation, claim) for citation in issue.citations for claim in citation.claims]
    groups = _co_cited(issue)
    covered: set[int] = set()
    for label in item.labels.get("claim", []):
        tally.labels += 1
        hits = [
            i
            for i, (c, claim) in enumerate(extracted)
            if _holds(c, claim, label, issue, groups[(claim.kind.value, claim.text, claim.line)])
        ]
        if not hits:
            tally.misses.append(
                f"{item.name}:{label['line']} missed {label['kind']} "
                f"{label['text']!r} ({label['whose']})"
            )
            continue
        tally.found += 1
        covered.update(hits)
        _, claim = extracted[hits[0]]
        own = label["whose"] in OWN
        tally.whose_right += claim.whose.own == own
        if claim.whose.own != own:
            tally.misses.append(
                f"{item.name}:{label['line']} whose {label['whose']} {label['text']!r}, "
                f"parsed as {claim.whose.value}"
            )
    tally.extracted = len(extracted)
    tally.right = len(covered)
    for index, (_, claim) in enumerate(extracted):
        if index not in covered:
            tally.misses.append(
                f"{item.name}:{claim.line} extra {claim.kind.value} {claim.text[:70]!r}"
            )
    roles = _roles(issue)
    for link in item.labels.get("link", []):
        tally.links += 1
        said = roles.get(plain_url(link["url"]), "ignored")
        tally.links_right += said == link["role"]
        if said != link["role"]:
            tally.misses.append(
                f"{item.name}:{link['line']} link {link['url']} is {link['role']}, parsed as {said}"
            )
    return tally


def _co_cited(issue: Issue) -> dict[tuple[str, str, int], set[str]]:
    """Each claim (kind, words, line) with the URLs of every citation it stands under:
    sources cited together for one passage, or under one section headline, support it
    together (`verify.share_passages`), so the claim is each one's."""
    by_claim: dict[tuple[str, str, int], set[str]] = {}
    for c in issue.citations:
        for claim in c.claims:
            key = (claim.kind.value, claim.text, claim.line)
            by_claim.setdefault(key, set()).add(plain_url(c.url or ""))
    return by_claim


def _holds(
    citation: Citation, claim: Claim, label: dict[str, Any], issue: Issue, urls: set[str]
) -> bool:
    """Whether an extracted claim holds a labelled one (its source one of `urls`)."""
    if claim.kind is not ClaimKind(label["kind"]):
        return False
    lines = range(claim.line, claim.line + claim.text.count("\n") + 1)
    if label["line"] not in lines and not _on_line(issue, claim, label["line"]):
        return False
    source = label.get("source", "")
    if (
        label["whose"] not in OWN
        and source
        and plain_url(source) not in urls | {plain_url(citation.url or "")}
    ):
        return False
    said, wanted = normalized(claim.text), normalized(label["text"])
    if claim.kind is ClaimKind.QUOTE:
        return bool(wanted) and (wanted in said or said in wanted)
    return wanted in said


def _on_line(issue: Issue, claim: Claim, line: int) -> bool:
    """A claim joined from several issue lines (a sentence wrapped over two)."""
    return claim.line <= line <= claim.line + 3 and normalized(claim.text[:20]) in normalized(
        " ".join(issue.lines[claim.line - 1 : line])
    )


def _roles(issue: Issue) -> dict[str, str]:
    """Each URL's role as the parser has it: source wins over reference."""
    roles: dict[str, str] = {}
    for citation in issue.citations:
        if citation.url is None:
            continue
        role = "source" if citation.kind is CitationKind.SOURCE else "reference"
        url = plain_url(citation.url)
        roles[url] = "source" if roles.get(url) == "source" else role
    return roles


def plain_url(url: str) -> str:
    """A URL as labels and citations compare: no fragment, no trailing slash."""
    return url.split("#")[0].rstrip("/")


def normalized(text: str) -> str:
    """Text as claims and labels compare: NFKC, lower case, no quote marks, one space."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\"'“”«»„‘’「」『』]", "", text)
    return " ".join(text.split())


def run(items: Iterable[Labelled]) -> dict[tuple[str, str], Tally]:
    """Counts per (split, format), per (split, "all") and per ("all", "all")."""
    tallies: dict[tuple[str, str], Tally] = {}
    for item in items:
        found = measure(item, parse_issue(item.path))
        for key in ((item.split, item.format), (item.split, "all"), ("all", "all")):
            tallies.setdefault(key, Tally()).add(found)
    return tallies


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list dev's misses (never test's)")
    args = parser.parse_args(argv)
    items = corpus()
    if not items:
        sys.exit(f"corpus: no labelled issues under {CORPUS}")
    tallies = run(items)
    issues = Counter((item.split, item.format) for item in items)
    print(
        f"{'split':<6}{'format':<7}{'issues':>7}{'labels':>8}{'precision':>11}{'recall':>8}"
        f"{'whose':>7}{'links':>7}"
    )
    for (split, fmt), tally in sorted(tallies.items()):
        count = sum(n for (s, f), n in issues.items() if split in (s, "all") and fmt in (f, "all"))
        print(
            f"{split:<6}{fmt:<7}{count:>7}{tally.labels:>8}{tally.precision:>11.2f}"
            f"{tally.recall:>8.2f}{tally.whose_accuracy:>7.2f}{tally.link_accuracy:>7.2f}"
        )
    if args.misses:
        print("\ndev misses:")
        print("\n".join(tallies[("dev", "all")].misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
