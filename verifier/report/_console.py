"""Console views of the report dict, and the exit status CI relies on.

Each format is one function from the report dicts of a run (one per issue)
to a string, registered in `_FORMATTERS`; adding ``junit`` or ``github`` is
one function and one entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from verifier.report._levels import GOOD, level, problems_first, worst

Formatter = Callable[[Sequence[dict[str, Any]]], str]


def dumps(data: dict[str, Any] | list[dict[str, Any]]) -> str:
    """JSON text, readable as-is (non-ASCII kept, indented)."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def _render_json(reports: Sequence[dict[str, Any]]) -> str:
    """One issue: its report object, as in report.json; several: an array of them."""
    return dumps(reports[0] if len(reports) == 1 else list(reports))


def _render_texts(reports: Sequence[dict[str, Any]]) -> str:
    return "\n\n".join(render_text(data) for data in reports)


def render_text(data: dict[str, Any]) -> str:
    """A compact summary: one line per citation with a problem, then totals."""
    issue = data["issue"]
    lines = [f"{issue['id']}: {issue['title']} ({issue['date'] or 'undated'}) {issue['path']}"]
    flagged = [citation for citation in data["citations"] if worst(citation) != GOOD]
    for citation in flagged:
        lines.extend(_citation_lines(citation))
    if not flagged:
        lines.append("no problems found")
    lines.extend(_totals(data["summary"]))
    return "\n".join(lines)


def _citation_lines(citation: dict[str, Any]) -> list[str]:
    """The citation's link line, then one indented line per check that is not supported."""
    link = citation["link"]
    target = citation["url"] or citation["cited_title"] or "(no title)"
    lines = [
        f"{citation['id']:<4} line {citation['line']:<4} {link['status']:<12} "
        f"{link['reason']}  {target}"
    ]
    for check in citation["checks"]:
        if level(check["verdict"]) != GOOD:
            note = f": {check['note']}" if check["note"] else ""
            lines.append(
                f"     {check['kind']} (line {check['line']}) {check['verdict']}{note}"
                f"  \u300c{check['claim']}\u300d"
            )
    return lines


def _totals(summary: dict[str, Any]) -> list[str]:
    return [
        f"{summary['citations']} citations, {summary['links']} links, {summary['checks']} checks",
        f"links:  {_counts(summary['by_link_status'])}",
        f"checks: {_counts(summary['by_verdict'])}",
    ]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{value} {n}" for value, n in problems_first(counts)) or "none"


_FORMATTERS: dict[str, Formatter] = {
    "text": _render_texts,
    "json": _render_json,
}

#: The console formats `render` accepts, for the CLI's choices.
FORMATS: tuple[str, ...] = tuple(_FORMATTERS)


def render(reports: Sequence[dict[str, Any]], fmt: str) -> str:
    """Render a run's report dicts (one per issue) in console format `fmt`."""
    try:
        formatter = _FORMATTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return formatter(reports)


def exit_status(data: dict[str, Any], fail_on: frozenset[str]) -> int:
    """1 when any link status or check verdict is in `fail_on`, else 0."""
    for citation in data["citations"]:
        found = {citation["link"]["status"], *(check["verdict"] for check in citation["checks"])}
        if found & fail_on:
            return 1
    return 0
