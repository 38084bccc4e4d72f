"""Score the claim checks against one of the team's labelled sets (`make eval`).

    python tests/eval/run.py [--cases FILE] [--kind KIND]... [--all] [--embedder NAME]

What `verifier eval` prints (the measures are `verifier.evaluate`'s; the case
format is docs/eval.md), plus the sets' own measure of the translated-quote
check apart from any verdict: how often the window the embedder ranks first
holds the source sentence a faithful translation's `why` quotes. Always exits
0: the targets live in tests/eval/test_eval.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from verifier.evaluate import KINDS, evaluate, load_cases, render_text, windows_first
from verifier.settings import Settings
from verifier.verify.text.embeddings import load_index

CASES_FILE = Path(__file__).with_name("cases.toml")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
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
    print(render_text(results, with_missing=args.all))
    index = load_index(args.embedder)
    if index is not None:
        right, total = windows_first(cases, index)
        if total:
            print(f"\nright window first: {right} of {total} faithful translations quoting theirs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
