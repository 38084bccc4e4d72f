"""A labelled case file: read, validated (every problem named), built into the pipeline's
types; a file that is no case file is one `CasesError`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.builders import DATA
from verifier.errors import CasesError
from verifier.evaluate import load_cases, validate
from verifier.types import LinkStatus, Verdict

NEWSROOM = DATA / "eval" / "newsroom.toml"


def test_a_case_file_is_built_into_citations_pages_and_links() -> None:
    cases = load_cases(NEWSROOM)
    assert [case.id for case in cases] == ["n-1", "n-2", "q-1", "p-1"]
    first = cases[0]
    assert first.expected is Verdict.SUPPORTED and first.link.status is LinkStatus.OK
    assert first.page is not None and first.page.publisher == "Harbour Times"
    assert [claim.text for claim in first.citation.claims] == [first.claim]
    assert cases[3].citation.cited_publisher == "Harbour Times"


def test_the_validator_names_what_is_wrong() -> None:
    raw = {
        "pages": {"p": {"url": "https://example.com/a", "text": "x", "published_at": "2024-11-06"}},
        "cases": [
            {"id": "a", "kind": "number", "claim": "1票", "expected": "supported", "why": "w",
             "page": "p"},
            {"id": "a", "kind": "event_date", "claim_kind": "date", "claim": "6日",
             "dates": [{"text": "7日", "value": "2024-11-07", "precision": "day"}],
             "expected": "maybe", "why": "w", "url": "https://example.com/b", "link": "dead"},
        ],
    }  # fmt: skip
    problems = "\n".join(validate(raw))
    assert "published_at needs a UTC offset" in problems
    assert "claim_kind must be 'number'" in problems
    assert "date text '7日' is not in the claim" in problems
    assert "unknown verdict 'maybe'" in problems
    assert "id 'a' is used 2 times" in problems


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[[cases]]\nid = "a"\n', "needs kind"),
        ("title = 'no cases here'\n", "no [[cases]]"),
        ("[[cases]\n", "not TOML"),
    ],
)
def test_a_malformed_file_is_one_error_naming_its_problems(
    tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "cases.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CasesError, match=re.escape(said)) as raised:
        load_cases(path)
    assert "\n" not in str(raised.value) and str(path) in str(raised.value)


def test_a_missing_file_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(CasesError, match="cannot read"):
        load_cases(tmp_path / "nowhere.toml")
