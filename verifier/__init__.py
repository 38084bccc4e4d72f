"""verifier: checks that a newsletter's sources say what the newsletter says.

The data flow, written once (each step is one subpackage; only
`verifier.pipeline` calls them in order, and they speak `verifier.types`):

1. parse    - issue file -> `Issue` with `Citation`s and their `Claim`s
2. fetch    - every URL, async, polite, retried -> `FetchResult`
3. archive  - every fetch kept for good (SQLite + bodies by hash) -> `Snapshot`
4. extract  - main text and metadata of a snapshot -> `Page`
5. verify   - each claim against its page -> `Check`, plus the final link status
6. report   - JSON (source of truth), HTML, text, JUnit, GitHub annotations
"""

from __future__ import annotations

__version__ = "0.1.0"
