"""The number check: a figure the issue gives against the figures the source gives
(`_check`), read by language (`_quantities` for Japanese and the shared types,
`_english`, `_european`), tied to what they count (`_subjects`) and told apart from
rival figures in the same sentence (`_rivals`).

The quantity readers are public: the translated-quote and event-date checks compare
the figures of a claim with those of its sentence.
"""

from verifier.verify.numbers._check import (
    KIND,
    applies,
    best_match,
    check,
    claim_quantities,
    source_quantities,
)
from verifier.verify.numbers._quantities import Bound, Quantity, Unit
from verifier.verify.numbers._rivals import COUNTABLE

__all__ = [
    "COUNTABLE",
    "KIND",
    "Bound",
    "Quantity",
    "Unit",
    "applies",
    "best_match",
    "check",
    "claim_quantities",
    "source_quantities",
]
