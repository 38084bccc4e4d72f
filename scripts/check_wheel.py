"""Fail when a built wheel carries the local web (its fixture pages and test server) or lacks
the data files the package reads at run time."""

from __future__ import annotations

import sys
import zipfile

NEEDED = (
    "verifier/verify/text/outlets.toml",
    "verifier/verify/text/events.toml",
    "verifier/report/templates/issue.html",
)


def main(wheel: str) -> int:
    names = zipfile.ZipFile(wheel).namelist()
    stray = [name for name in names if name.startswith("localweb/") or "/localweb/" in name]
    missing = [name for name in NEEDED if name not in names]
    for name in stray:
        print(f"{wheel}: carries the local web's {name}", file=sys.stderr)
    for name in missing:
        print(f"{wheel}: lacks {name}", file=sys.stderr)
    if not (stray or missing):
        print(f"{wheel}: {len(names)} files, no local web, data files present")
    return 1 if stray or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
