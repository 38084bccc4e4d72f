"""Reading issue files: encodings that must work, and input that must be refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.errors import IssueError
from verifier.parse import parse_issue, read_issue_text
from verifier.types import CitationKind

SNIPPET = (
    "日刊IWJガイド「テスト」2024.11.11号~No.4376\n"
    "\n"
    " 『ポリティコ』は6日、「数週間前の保守系議員との昼食会で、"
    "いくつかの名前をあげた」と報じました。\n"
    "\n"
    "※Speculation swirls as Trump begins vetting for top White House jobs"
    "(Politico、2024年11月6日)\n"
    "https://www.politico.com/news/2024/11/06/trump-vetting-candidates-white-house-jobs-00188070\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["shift_jis", "euc_jp", "utf-8-sig", "utf-16"])
def test_japanese_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, f"issue-{encoding}.txt", SNIPPET.encode(encoding))
    assert read_issue_text(path) == SNIPPET


def test_shift_jis_issue_parses_like_its_utf8_twin(tmp_path: Path) -> None:
    sjis = parse_issue(write(tmp_path, "sjis.txt", SNIPPET.encode("shift_jis")))
    utf8 = parse_issue(write(tmp_path, "utf8.txt", SNIPPET.encode("utf-8")))
    assert sjis.title == utf8.title == SNIPPET.split("\n")[0]
    assert sjis.citations == utf8.citations
    (citation,) = sjis.citations
    assert (citation.kind, citation.cited_publisher) == (CitationKind.SOURCE, "Politico")
    assert [claim.text for claim in citation.claims][1] == (
        "数週間前の保守系議員との昼食会で、いくつかの名前をあげた"
    )


def test_windows_line_endings_keep_line_numbers(tmp_path: Path) -> None:
    issue = parse_issue(write(tmp_path, "crlf.txt", SNIPPET.replace("\n", "\r\n").encode()))
    assert (issue.citations[0].line, issue.citations[0].url_line) == (5, 6)


def test_empty_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(IssueError, match=r"empty\.txt: the file is empty"):
        parse_issue(path)


def test_whitespace_only_file_counts_as_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.txt", " \n\u3000\n".encode())
    with pytest.raises(IssueError, match="empty"):
        parse_issue(path)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    with pytest.raises(IssueError, match=r"image\.png: binary file \(NUL bytes\)"):
        parse_issue(path)


def test_undecodable_file_is_refused(tmp_path: Path) -> None:
    noise = bytes([0x81, 0x39, 0xFF, 0xFE, 0x80, 0xA0]) * 50
    path = write(tmp_path, "noise.txt", noise)
    with pytest.raises(IssueError, match=r"noise\.txt: undecodable bytes"):
        parse_issue(path)


def test_broken_utf8_after_a_bom_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbfok \xff\xfe")
    with pytest.raises(IssueError, match="not valid utf-8 despite its byte-order mark"):
        parse_issue(path)


def test_missing_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    with pytest.raises(IssueError, match=r"nowhere\.txt: cannot read the file \(No such file"):
        parse_issue(path)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IssueError, match="cannot read the file"):
        parse_issue(tmp_path)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://[2001:db8::1/x", "invalid ipv6"),
        ("https://example.com:99999/", "port"),
        ("https://exa_mple.com/", "bad host name"),
        ("https://-bad.example/", "bad host name"),
        ("https://a..b/", "bad host name"),
        ("https://:443/", "bad host name"),
    ],
)
def test_a_url_that_is_not_a_url_names_the_file_and_line(
    tmp_path: Path, url: str, why: str
) -> None:
    text = SNIPPET.replace("https://www.politico.com/news/2024/11/06/", url + "?")
    path = write(tmp_path, "issue.txt", text.encode("utf-8"))
    with pytest.raises(IssueError) as raised:
        parse_issue(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:6: ")
    assert why in message.lower()


@pytest.mark.parametrize(
    "url", ["https://www.example.com./a", "https://[2001:db8::1]:8443/x", "http://127.0.0.1/"]
)
def test_unusual_but_valid_urls_are_accepted(tmp_path: Path, url: str) -> None:
    text = SNIPPET.replace(
        "https://www.politico.com/news/2024/11/06/trump-vetting-candidates-white-house-jobs-00188070",
        url,
    )
    issue = parse_issue(write(tmp_path, "issue.txt", text.encode("utf-8")))
    assert [c.url for c in issue.citations] == [url]
