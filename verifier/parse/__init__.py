"""The parse stage: an issue file becomes an `Issue` with its citations and claims.

Steps, in order:

1. read the bytes and decode them (`decode`), whatever the encoding;
2. reduce plain text, Markdown or HTML to numbered `Line`s (`lines`, `markup`);
3. read title, date and id from the first line (`header`);
4. group ※ lines with the URL lines under them (`blocks`);
5. decide the own domain, hence which blocks cite sources (`citations`);
6. give each source block the passage it supports (`passages`) and pull the
   quotes, numbers and dates out of it (`claims`, `dates`);
7. number every citation c01, c02, ... in document order.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from verifier.errors import IssueError
from verifier.parse.blocks import find_blocks
from verifier.parse.citations import all_urls, build_citations, own_domains, source_blocks
from verifier.parse.decode import decode_issue, read_issue_text
from verifier.parse.header import FORMATS, detect_format, issue_date, issue_id, title_line
from verifier.parse.inline import inline_citations
from verifier.parse.lines import Line, densify, line_anchors, text_lines, visible_text
from verifier.parse.markup import html_lines, markdown_lines
from verifier.parse.passages import assign_passages
from verifier.settings import Settings
from verifier.types import Issue

__all__ = ["FORMATS", "decode_issue", "parse_issue", "parse_text", "read_issue_text"]


def parse_issue(path: Path, settings: Settings | None = None) -> Issue:
    """Read and parse the issue file at `path`; format from suffix or content.

    Raises `IssueError` (naming the file) when it is missing, empty, binary
    or in no known encoding.
    """
    return parse_text(read_issue_text(path), str(path), settings=settings)


def parse_text(
    text: str, path: str, fmt: str | None = None, settings: Settings | None = None
) -> Issue:
    """Parse an issue already decoded; `path` names it in the Issue and errors.

    `fmt` is one of `FORMATS`; None picks it from the suffix of `path`, else
    from the text itself, as `parse_issue` does.
    """
    fmt = fmt or detect_format(path, text)
    lines = _lines(text, path, fmt)
    title = title_line(lines)
    if title is None:
        raise IssueError(f"{path}: the issue has no text")
    when = issue_date(title.text, lines)
    body = [line for line in lines if line.number > title.number or _cites(line, title)]
    layout = find_blocks(body)
    for located in all_urls(layout):
        _check_url(located.url, f"{path}:{located.line}")
    own = own_domains(layout, (settings or Settings()).own_domains)
    passages = assign_passages(body, layout, source_blocks(layout, own))
    return Issue(
        id=issue_id(title.text, when, path),
        title=title.text.strip(),
        date=when,
        path=path,
        format=fmt,
        citations=build_citations(layout, inline_citations(body, layout), own, passages, when),
        lines=visible_text(lines),
    )


def _cites(line: Line, title: Line) -> bool:
    """Whether the title line is also prose that cites: an issue that opens on a linked
    sentence (not a headline: it ends as a sentence does), with no heading above it, names
    itself by that sentence and cites by it."""
    if line is not title or line.heading or not line.text.rstrip(' )»”"').endswith(_ENDS):
        return False
    return bool(line_anchors(line))


_ENDS = (".", "!", "?", "。", "！", "？")


_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)", re.IGNORECASE)


def _check_url(url: str, where: str) -> None:
    """A URL no client could request is a broken issue, not a dead link."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port out of range or not a number
        host = parts.hostname or ""
    except ValueError as exc:
        raise IssueError(f"{where}: {url!r} is not a valid URL ({exc})") from None
    if parts.netloc.startswith("["):
        return  # an IPv6 literal: urlsplit has checked its brackets
    labels = host.removesuffix(".").split(".")
    if not host or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise IssueError(f"{where}: {url!r} is not a valid URL (bad host name {host!r})")
    if port == 0:
        raise IssueError(f"{where}: {url!r} is not a valid URL (port 0)")


def _lines(text: str, path: str, fmt: str) -> list[Line]:
    if fmt == "text":
        return text_lines(text)
    if fmt == "markdown":
        return densify(markdown_lines(text))
    if fmt == "html":
        return densify(html_lines(text))
    raise IssueError(f"{path}: unknown issue format {fmt!r} (expected one of {FORMATS})")
