"""SARIF 2.1.0 for code scanning (`--format sarif`): each root cause of the triage is one
result at the issue file's line and column, `error` for what to fix before publishing,
`warning` for what is worth a look, with the suggested correction as a `fix` where it
replaces the issue's words. Its fingerprint is the finding's stable id, so a scanning
service tracks one finding across runs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from verifier._version import __version__
from verifier.report._triage import LINK_WHAT, NOT_GIVEN, OTHER_SOURCE, WHAT
from verifier.settings import PROJECT_URL

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "check": "warning"}


def sarif(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One SARIF run holding every issue's fix and look entries."""
    results = [
        _result(data["issue"]["path"], entry)
        for data in reports
        for entry in [*data["triage"]["fix"], *data["triage"]["look"]]
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "verifier",
                        "version": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": [_rule(what) for what in _RULE_NAMES],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


_RULE_NAMES = (*WHAT.values(), NOT_GIVEN, OTHER_SOURCE, *LINK_WHAT.values())


def _rule_id(what: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-")


def _rule(what: str) -> dict[str, Any]:
    return {"id": _rule_id(what), "name": what, "shortDescription": {"text": what}}


def _result(path: str, entry: dict[str, Any]) -> dict[str, Any]:
    uri = _uri(path)
    region = _region(entry)
    message = f"{entry['what']}: {entry['issue_says']}"
    if entry["source_says"]:
        message += f' ({entry["source"] or "the source"}: "{entry["source_says"]}")'
    elif entry["why"]:
        message += f" ({entry['why']})"
    result: dict[str, Any] = {
        "ruleId": _rule_id(entry["what"]),
        "level": LEVELS[entry["level"]],
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        "partialFingerprints": {"verifierFinding/v1": entry["id"]},
    }
    if entry["correction_kind"] == "replace" and "startColumn" in region:
        result["fixes"] = [_fix(uri, region, entry["correction"])]
    return result


def _region(entry: dict[str, Any]) -> dict[str, Any]:
    """The issue's words: their line, and their columns when they are on it."""
    region: dict[str, Any] = {"startLine": entry["line"]}
    if entry["column"] is not None:
        region["startColumn"] = entry["column"]
        region["endColumn"] = entry["column"] + len(entry["issue_says"])
    return region


def _fix(uri: str, region: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "description": {"text": f"Write {text}, as the source has it"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": uri},
                "replacements": [{"deletedRegion": region, "insertedContent": {"text": text}}],
            }
        ],
    }


def _uri(path: str) -> str:
    """The issue file as a URI: relative as named, or a file URI for an absolute path."""
    named = Path(path)
    return named.as_uri() if named.is_absolute() else named.as_posix()
