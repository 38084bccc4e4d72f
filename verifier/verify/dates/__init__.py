"""The event-date check: a date the issue gives for an event against the dates the
source gives for it (`_check`), with the dates found in a page's text (`_found`),
placed on the calendar (`_calendar`, `_words`) and compared with a claim
(`_placing`), time zones (`_zones`) and the sentence a claim is about (`_event`).

`find_dates`, `SourceDate` and `period_gap` are public: the translated-quote check
compares the dates of a quote with its sentence's too; `restyle` writes a date as the
issue wrote it, saying another day (the correction a check offers).
"""

from verifier.verify.dates._check import KIND, applies, check
from verifier.verify.dates._found import SourceDate, find_dates
from verifier.verify.dates._placing import period_gap
from verifier.verify.dates._restyle import restyle
from verifier.vocabulary.calendar import CYRILLIC_MONTHS

__all__ = [
    "CYRILLIC_MONTHS",
    "KIND",
    "SourceDate",
    "applies",
    "check",
    "find_dates",
    "period_gap",
    "restyle",
]
