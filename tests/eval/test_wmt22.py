"""The WMT22 case generator: deterministic, split by document, each rule a real change."""

from __future__ import annotations

import re
from pathlib import Path

from tests.eval.wmt22 import Document, Source, _altered, all_documents, cases, split_of, write


def _doc(id: str, japanese: tuple[str, ...], english: tuple[str, ...]) -> Document:
    pages = (Source("ref", "en", english, "faithful"), Source("mt", "en", english, "paraphrase"))
    return Document(id, "news", japanese, english, pages)


def test_the_same_data_gives_the_same_files(tmp_path: Path) -> None:
    docs = all_documents()
    assert len(docs) > 400
    languages = {page.language for doc in docs for page in doc.pages}
    assert languages == {"en", "uk", "ru"}
    first, second = tmp_path / "a", tmp_path / "b"
    assert write(docs, first) == write(docs, second)
    for split in ("train", "dev", "test"):
        assert (first / f"{split}.toml").read_bytes() == (second / f"{split}.toml").read_bytes()


def test_documents_not_cases_are_split_and_the_shares_hold() -> None:
    docs = all_documents()
    splits = {doc.id: split_of(doc) for doc in docs}
    assert len(splits) == len(docs)  # one split per document
    shares = {name: list(splits.values()).count(name) / len(docs) for name in ("train", "dev")}
    assert 0.5 < shares["train"] < 0.7 and 0.1 < shares["dev"] < 0.3


def test_each_rule_changes_what_it_names() -> None:
    quote = "第3回の会議で5人が参加し、10月に発表しました。"
    sentence = "Five people took part in the 3rd meeting, announced in October; 5 of them spoke."
    found = dict(_altered(quote, sentence, "k", []))
    before, after = re.findall(r"[0-9]+", quote), re.findall(r"[0-9]+", found["number"])
    assert len(before) == len(after)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1
    assert "10月" not in found["month"]
    assert "第3回" not in found["ordinal"]
    assert found["negation"].endswith("ませんでした。")


def test_a_document_gives_faithful_altered_and_foreign_quotes() -> None:
    doc = _doc(
        "d1",
        ("トランプ氏は会議で5つの提案をしました。", "短い。"),
        ("Trump made 5 proposals at the meeting.", "Short."),
    )
    other = _doc(
        "d2", ("バイデン氏は別の町で演説を行いました。",), ("Biden spoke in another town.",)
    )
    made = {case["id"].rsplit("-", 1)[-1]: case for case in cases(doc, [other])}
    assert made["faithful"]["expected"] == made["paraphrase"]["expected"] == "supported"
    assert made["number"]["expected"] == made["negation"]["expected"] == "contradicted"
    assert made["other"]["claim"] == other.japanese[0] and made["other"]["expected"] == "not_found"
    assert made["merged"]["claim"].startswith("トランプ氏は会議で5つの提案をしました")
    assert all("短い" not in case["claim"] for case in made.values())  # too short to quote
