"""The link check: the final status of a cited URL, refined by what the page says.

`link_result` turns the fetch's answer and the extracted page into the contract's
status (a soft 404, a bot wall, a paywall, a section front); on a link-rot run
`settle` reads the archive's history of the URL (`dead` only once confirmed) and
`drifted` notices a page still up that no longer holds a quote it was cited for.
"""

from verifier.verify.links._drift import drifted
from verifier.verify.links._history import settle
from verifier.verify.links._status import link_result

__all__ = ["drifted", "link_result", "settle"]
