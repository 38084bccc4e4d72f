"""Console views of the report dict, and the exit status CI relies on.

Each format is one function from the report dicts of a run (one per issue)
and the `--fail-on` set to a string, registered in `_FORMATTERS`. The CI
formats mark as failures exactly what makes the exit status 1: `junit` (one
test case per link and per check, for a CI's test view) and `github`
(workflow commands: what fails is an annotation at its line of the issue file,
everything is in the step summary), and `markdown` (for a comment, an issue or
that step summary).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from xml.etree import ElementTree as ET

from verifier.report._levels import level, problems_first, worst
from verifier.report._reviews import dismissed_checks
from verifier.report._sarif import sarif
from verifier.types import Level

Formatter = Callable[[Sequence[dict[str, Any]], frozenset[str]], str]


def dumps(data: dict[str, Any] | list[dict[str, Any]]) -> str:
    """JSON text, readable as-is (non-ASCII kept, indented)."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def _render_json(reports: Sequence[dict[str, Any]], fail_on: frozenset[str]) -> str:
    """An array of report objects (each as in report.json), one per issue, however many
    issues the run verified: a script reads one shape."""
    return dumps(list(reports))


def _render_texts(reports: Sequence[dict[str, Any]], fail_on: frozenset[str]) -> str:
    return "\n\n".join(render_text(data) for data in reports)


def render_text(data: dict[str, Any]) -> str:
    """A compact summary: one line per citation with a problem, then totals."""
    issue = data["issue"]
    lines = [f"{issue['id']}: {issue['title']} ({issue['date'] or 'undated'}) {issue['path']}"]
    for change in data.get("changes", []):
        lines.append(
            f"{change['change']:<12} {change['citation']} line {change['line']}: "
            f"{change['before']} -> {change['after']}  {change['url']}"
        )
    flagged = [citation for citation in data["citations"] if worst(citation) != Level.GOOD]
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
    fallback = link.get("fallback") or {}
    if fallback.get("wayback"):
        lines.append(f"     replacement: {fallback['wayback']['url']}")
    if fallback.get("archived_copy"):
        copy = fallback["archived_copy"]
        lines.append(f"     archived copy: snapshot {copy['snapshot']} of {copy['fetched_at']}")
    for check in citation["checks"]:
        if level(check["verdict"]) != Level.GOOD:
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


def _findings(data: dict[str, Any]) -> Iterator[tuple[str, int, str, str, str]]:
    """(name, line, value, message, kind) for every link and every check of one issue."""
    for citation in data["citations"]:
        link = citation["link"]
        target = citation["url"] or citation["cited_title"] or "(no title)"
        name = f"{citation['id']} link {target}"
        yield name, citation["line"], link["status"], f"{link['status']}: {link['reason']}", "link"
        for check in citation["checks"]:
            name = f"{citation['id']} {check['kind']} \u300c{check['claim']}\u300d"
            message = f"{check['verdict']}: {check['note']}" if check["note"] else check["verdict"]
            yield name, check["line"], check["verdict"], message, check["kind"]


def _render_junit(reports: Sequence[dict[str, Any]], fail_on: frozenset[str]) -> str:
    """JUnit XML: a suite per issue, a case per link and per check; a case fails when its
    status or verdict is in `fail_on`."""
    suites = ET.Element("testsuites", name="verifier")
    for data in reports:
        found = list(_findings(data))
        failed = [f for f in found if f[2] in fail_on]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=data["issue"]["id"],
            tests=str(len(found)),
            failures=str(len(failed)),
            file=str(data["issue"]["path"]),
        )
        for name, line, value, message, kind in found:
            case = ET.SubElement(
                suite,
                "testcase",
                name=name,
                classname=f"{data['issue']['id']}.{kind}",
                file=str(data["issue"]["path"]),
                line=str(line),
            )
            if value in fail_on:
                ET.SubElement(case, "failure", message=message, type=value).text = message
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


GITHUB_SHOWN = 10
"""Annotations of one kind GitHub shows for a step; the rest go in the step summary."""


def _render_github(reports: Sequence[dict[str, Any]], fail_on: frozenset[str]) -> str:
    """GitHub workflow commands: an `error` annotation at the issue's line for each finding
    that fails the run, then one notice counting them and what is only worth a look. GitHub
    shows ten annotations of a kind per step, so everything, failing or not, is listed in
    the step summary (the `markdown` format, which the CLI appends to $GITHUB_STEP_SUMMARY)."""
    lines, looks = [], 0
    for data in reports:
        path = data["issue"]["path"]
        for name, line, value, message, _ in _findings(data):
            if value in fail_on:
                title = _workflow_escape(name, property_value=True)
                where = f"file={_workflow_escape(path, property_value=True)},line={line}"
                lines.append(f"::error {where},title={title}::{_workflow_escape(message)}")
            elif level(value) != Level.GOOD:
                looks += 1
    failing = len(lines)
    shown = f" (GitHub shows the first {GITHUB_SHOWN})" if failing > GITHUB_SHOWN else ""
    lines.append(
        f"::notice title=verifier::{failing} failing{shown}, {looks} worth a look: "
        "the step summary lists them all"
    )
    return "\n".join(lines)


def _render_markdown(reports: Sequence[dict[str, Any]], fail_on: frozenset[str]) -> str:
    """Markdown for a CI comment, an issue or GitHub's step summary: per issue, its counts
    and a table of what fails the run, then what is worth a look (at most `MARKDOWN_ROWS`
    rows, with how many more)."""
    return "\n\n".join(_markdown_issue(data, fail_on) for data in reports) + "\n"


MARKDOWN_ROWS = 200
"""Rows of findings per issue in Markdown: a step summary holds 1 MiB, a comment 64 KiB."""


def _markdown_issue(data: dict[str, Any], fail_on: frozenset[str]) -> str:
    issue, summary = data["issue"], data["summary"]
    rows = [
        (value not in fail_on, line, name, value, message)
        for name, line, value, message, _ in _findings(data)
        if value in fail_on or level(value) != Level.GOOD
    ]
    rows.sort(key=lambda row: (row[0], row[1]))
    failing = sum(1 for row in rows if not row[0])
    out = [
        f"### {_md(issue['title'] or issue['id'])} ({issue['date'] or 'undated'})",
        "",
        f"`{_md(issue['path'])}`: {summary['citations']} citations, {summary['links']} links, "
        f"{summary['checks']} checks; **{failing} failing**, {len(rows) - failing} worth a look.",
        "",
        f"Links: {_counts(summary['by_link_status'])}. Checks: {_counts(summary['by_verdict'])}.",
    ]
    if rows:
        out += ["", "| | line | finding | what | detail |", "| --- | ---: | --- | --- | --- |"]
        for look, line, name, value, message in rows[:MARKDOWN_ROWS]:
            mark = "warning" if look else "**failing**"
            out.append(f"| {mark} | {line} | `{_md(value)}` | {_md(name)} | {_md(message)} |")
        if len(rows) > MARKDOWN_ROWS:
            out += ["", f"... and {len(rows) - MARKDOWN_ROWS} more in the HTML report."]
    return "\n".join(out)


def _md(text: str) -> str:
    """Text safe in a Markdown table cell: no pipe, no line break, no stray HTML."""
    text = str(text).replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.replace("<", "&lt;").replace(">", "&gt;").split())


def _workflow_escape(text: str, *, property_value: bool = False) -> str:
    """GitHub's escaping for workflow commands (a newline would end the command)."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _render_sarif(reports: Sequence[dict[str, Any]], fail_on: frozenset[str]) -> str:
    """SARIF 2.1.0: the triage's findings, for code scanning (`_sarif`)."""
    return dumps(sarif(reports))


_FORMATTERS: dict[str, Formatter] = {
    "text": _render_texts,
    "json": _render_json,
    "junit": _render_junit,
    "github": _render_github,
    "markdown": _render_markdown,
    "sarif": _render_sarif,
}

#: The console formats `render` accepts, for the CLI's choices.
FORMATS: tuple[str, ...] = tuple(_FORMATTERS)


def render(
    reports: Sequence[dict[str, Any]], fmt: str, fail_on: frozenset[str] = frozenset()
) -> str:
    """Render a run's report dicts (one per issue) in console format `fmt`; the CI formats
    mark what is in `fail_on` as failed."""
    try:
        formatter = _FORMATTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return formatter(reports, fail_on)


def exit_status(data: dict[str, Any], fail_on: frozenset[str]) -> int:
    """1 when any link status or check verdict is in `fail_on`, else 0; what a reviewer
    dismissed (and whose evidence is unchanged) fails nothing."""
    checks, links = dismissed_checks(data)
    for citation in data["citations"]:
        cid = citation["id"]
        found = {c["verdict"] for i, c in enumerate(citation["checks"]) if (cid, i) not in checks}
        if cid not in links:
            found.add(citation["link"]["status"])
        if found & fail_on:
            return 1
    return 0
