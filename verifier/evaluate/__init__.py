"""`verifier eval`: the checks measured on labelled claims, the team's sets or a newsroom's own.

`load_cases` reads a TOML case file (its format: `docs/eval.md`) into the
pipeline's types, `evaluate` runs the registered checks on every case and keeps
the verdict for its claim, `render_text` and `to_json` say how they did.
"""

from verifier.evaluate._cases import KINDS, Case, load_cases, read_raw, validate
from verifier.evaluate._render import render_text, to_json
from verifier.evaluate._scores import Outcome, Results, evaluate, windows_first

__all__ = [
    "KINDS",
    "Case",
    "Outcome",
    "Results",
    "evaluate",
    "load_cases",
    "read_raw",
    "render_text",
    "to_json",
    "validate",
    "windows_first",
]
