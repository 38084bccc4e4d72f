"""The quote check: quoted words against the source, verbatim in the page's own
language (`_check`, with the span alignment of `_spans`) or as a translation of one
of its sentences (`_judge`: the facts compared by `_translated`, measured by
`_features`, decided by the calibrated model of `_calibrated`).

`grade` and `Change` are public: the title check grades a cited title against the
page's the same way.
"""

from verifier.verify.quotes._calibrated import calibration as load_calibration
from verifier.verify.quotes._check import KIND, applies, check
from verifier.verify.quotes._spans import Change, grade

__all__ = ["KIND", "Change", "applies", "check", "grade", "load_calibration"]
