"""Reading an issue file into text, whatever its encoding.

Issues arrive as UTF-8 (with or without a BOM), Shift_JIS, EUC-JP or UTF-16.
Strict UTF-8 is tried first because charset detection can misjudge a short
UTF-8 file; charset-normalizer handles the rest. Anything that is not text
(NUL bytes, or bytes no encoding explains) is an `IssueError` naming the file
and the reason, so the CLI can print one line and exit 2.
"""

from __future__ import annotations

from pathlib import Path

import charset_normalizer

from verifier.errors import IssueError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def read_issue_text(path: Path) -> str:
    """The text of the issue file at `path`, newlines normalised to ``\\n``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IssueError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    return decode_issue(data, str(path))


def decode_issue(data: bytes, name: str) -> str:
    """Decode the bytes of an issue; `name` is only used in error messages."""
    text = _decode(data, name)
    if not text.strip():
        raise IssueError(f"{name}: the file is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, name: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise IssueError(f"{name}: not valid {codec} despite its byte-order mark") from exc
    if b"\x00" in data:
        raise IssueError(f"{name}: binary file (NUL bytes), not a text issue")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise IssueError(f"{name}: undecodable bytes, not in any known text encoding")
    return str(best)
