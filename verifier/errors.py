"""The package's exceptions: misuse, bad input, bad settings, a broken archive.

A dead link or a wrong date is *data* (a `LinkStatus` or a `Verdict`), never an
exception. Exceptions are for what stops a run before it can say anything
useful, and the CLI turns each into one line and exit status 2::

    VerifierError
    ├── IssueError          an issue file is unreadable, empty, binary or malformed
    ├── SettingsError       an option, config file or environment value is invalid
    ├── ArchiveError        the cache directory is missing, unusable or the database corrupt
    ├── OutputError         a report, an --output file or an export cannot be written
    └── CasesError          a labelled case file (`verifier eval`) is unreadable

Whatever else the environment throws at a command (an `OSError` naming a file, a
TLS library's error) the CLI also reports as one line and exit status 2.
"""

from __future__ import annotations


class VerifierError(Exception):
    """Base class: everything the CLI reports as a one-line error."""


class IssueError(VerifierError):
    """An issue file cannot be read or parsed."""


class SettingsError(VerifierError):
    """A setting (CLI option, config file, environment variable) is invalid."""


class ArchiveError(VerifierError):
    """The archive (cache directory, database, body store) is unusable."""


class OutputError(VerifierError):
    """A report, an ``--output`` file or an export cannot be written where asked."""


class CasesError(VerifierError):
    """A labelled case file (`verifier eval`) cannot be read or is malformed."""
