"""The publisher table: every name and domain one outlet's, and names read across scripts."""

from __future__ import annotations

from collections import Counter

import pytest

from verifier.verify.text.outlets import Publisher, load_table, name_key, resembles


@pytest.mark.parametrize(
    ("cited", "name", "alike"),
    [
        ("ターゲスシャウ", "tagesschau", True),
        ("ジャパンタイムズ", "The Japan Times", True),
        ("ル・モンド", "Le Monde", True),
        ("シュピーゲル", "tagesschau", False),
        ("フィガロ", "Le Monde", False),
        ("NASA", "JAXA", False),
    ],
)
def test_a_katakana_name_is_read_against_a_latin_one(cited: str, name: str, alike: bool) -> None:
    """No katakana alias here: the name itself is read in katakana (e2k)."""
    assert resembles(cited, Publisher(name, ())) is alike


@pytest.mark.parametrize(
    ("cited", "name", "alike"),
    [
        ("ウクルインフォルム", "Укрінформ", True),
        ("ストラナ", "Страна", True),
        ("クレムリン", "Кремль", True),
        ("ウクライナ・プラウダ", "Укрінформ", False),
        ("インフォルム", "Укрінформ", False),  # a piece of the name is not the name
        ("ロイター", "ТАСС", False),
    ],
)
def test_a_katakana_name_is_read_against_a_cyrillic_one(cited: str, name: str, alike: bool) -> None:
    """e2k reads English: a Cyrillic name is spelt in Latin letters and the kana read back."""
    assert resembles(cited, Publisher(name, ())) is alike


def test_every_name_and_domain_belongs_to_one_publisher() -> None:
    table = load_table()
    names = Counter(
        name_key(n) for p in table.publishers for n in dict.fromkeys(map(name_key, p.names))
    )
    domains = Counter(d for p in table.publishers for d in p.domains)
    assert [n for n, count in names.items() if count > 1] == []
    assert [d for d, count in domains.items() if count > 1] == []
