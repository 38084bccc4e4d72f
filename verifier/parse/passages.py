"""Passages: which stretch of the issue each source block supports.

The body is cut into segments: runs of text, headlines (■, or a markup heading), source
blocks, and breaks (the table-of-contents box, blocks that cite no source, stand-alone
URLs).

- The text run right before a source block is its passage; source blocks
  that follow each other with nothing between share one passage (Britannica
  and US Elections Project in the example, or the two URLs of one block).
- A text run right after a source block that leads to no other source block
  belongs to it as well: "この『アクシオス』の記事は…以下のように報じています"
  quotes the source just cited. A heading ends such a run.
- A section's headline ("■はじめに〜…17対14で承認!") sums up what the section's sources
  report, in no one source's order: it leads the passage of every source block of its
  section, and a claim of it that one of them supports is supported
  (`verify.share_passages`), as when sources share a passage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum, auto

from verifier.parse.blocks import Layout
from verifier.parse.lines import Line

_BOX_TOP, _BOX_BOTTOM = "┏", "┗"
_HEADING_MARK = "■"


@dataclass(frozen=True, slots=True)
class Passage:
    """The text a source supports, as runs of consecutive lines, and the headline of its
    section (its claims are the source's too; it is no part of the passage's own text)."""

    parts: tuple[tuple[Line, ...], ...] = ()
    headline: tuple[Line, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join("\n".join(line.text for line in part) for part in self.parts)

    @property
    def line(self) -> int | None:
        return self.parts[0][0].number if self.parts else None


class _Role(Enum):
    TEXT = auto()
    HEADLINE = auto()
    SOURCE = auto()
    BREAK = auto()


@dataclass(slots=True)
class _Segment:
    role: _Role
    block: int | None = None
    lines: list[Line] = field(default_factory=list)


def assign_passages(
    lines: Sequence[Line], layout: Layout, sources: frozenset[int]
) -> dict[int, Passage]:
    """Map the line of every source block in `sources` to its passage."""
    segments = _segments(lines, layout, sources)
    passages: dict[int, Passage] = {}
    headline: int | None = None  # the index of the section's headline, if any
    first = 0
    while first < len(segments):
        if segments[first].role is _Role.HEADLINE:
            headline = first
        if segments[first].role is not _Role.SOURCE:
            first += 1
            continue
        last = first
        while last + 1 < len(segments) and segments[last + 1].role is _Role.SOURCE:
            last += 1
        passage = _passage(segments, headline, _around(segments, first, last))
        for segment in segments[first : last + 1]:
            if segment.block is not None:
                passages[segment.block] = passage
        first = last + 1
    return passages


def _passage(segments: list[_Segment], headline: int | None, runs: list[_Segment]) -> Passage:
    """The passage of `runs`: the headline opens it when the runs follow it straight on (the
    section's first source reads it as part of its text); for the section's other sources
    it leads, its claims theirs too."""
    parts = [_trim(segment.lines) for segment in runs]
    if headline is None:
        return Passage(tuple(parts))
    lines = _trim(segments[headline].lines)
    opening = not runs or segments.index(runs[0]) == headline + 1
    return Passage((lines, *parts)) if opening else Passage(tuple(parts), lines)


def _around(segments: list[_Segment], first: int, last: int) -> list[_Segment]:
    """The text run before a group of source blocks and the one trailing it."""
    runs = []
    if first > 0 and segments[first - 1].role is _Role.TEXT:
        runs.append(segments[first - 1])
    after = last + 1
    if after < len(segments) and segments[after].role is _Role.TEXT:
        leads_to_source = after + 1 < len(segments) and segments[after + 1].role is _Role.SOURCE
        if not leads_to_source:
            runs.append(segments[after])
    return runs


def _segments(lines: Sequence[Line], layout: Layout, sources: frozenset[int]) -> list[_Segment]:
    """Cut the body into text runs, headlines (a line each), source blocks and breaks; blank
    lines join text runs."""
    roles = _block_roles(layout, sources) | dict.fromkeys(_box_lines(lines), (_Role.BREAK, None))
    segments: list[_Segment] = []
    for line in lines:
        role, block = roles.get(line.number, (_Role.TEXT, None))
        current = segments[-1] if segments else None
        if role is _Role.TEXT and line.blank:
            if current is not None and current.role is _Role.TEXT:
                current.lines.append(line)
            continue
        if role is _Role.TEXT and _is_heading(line):
            role = _Role.HEADLINE
        if (
            current is None
            or current.role is not role
            or current.block != block
            or (role is _Role.HEADLINE)
        ):
            current = _Segment(role, block)
            segments.append(current)
        current.lines.append(line)
    return segments


def _block_roles(layout: Layout, sources: frozenset[int]) -> dict[int, tuple[_Role, int | None]]:
    """Role of every line that belongs to a block or holds a stand-alone URL."""
    roles: dict[int, tuple[_Role, int | None]] = {
        located.line: (_Role.BREAK, None) for located in layout.loose
    }
    for block in layout.blocks:
        role = (_Role.SOURCE, block.line) if block.line in sources else (_Role.BREAK, None)
        roles.update(dict.fromkeys(range(block.line, block.last_line + 1), role))
    return roles


def _box_lines(lines: Sequence[Line]) -> list[int]:
    """Lines of a ┏...┗ box (the table of contents): summaries, not passages."""
    top = next((i for i, line in enumerate(lines) if line.text.startswith(_BOX_TOP)), None)
    if top is None:
        return []
    for index in range(top, len(lines)):
        if lines[index].text.startswith(_BOX_BOTTOM):
            return [line.number for line in lines[top : index + 1]]
    return []


def _is_heading(line: Line) -> bool:
    return line.heading or line.text.lstrip().startswith(_HEADING_MARK)


def _trim(lines: list[Line]) -> tuple[Line, ...]:
    """Drop blank lines at the edges of a run."""
    while lines and lines[-1].blank:
        lines = lines[:-1]
    return tuple(lines)
