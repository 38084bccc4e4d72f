"""Content words of a Japanese quote looked up in JMdict and sought in an English sentence."""

from __future__ import annotations

import pytest

from verifier.verify.text.lexicon import (
    content_words,
    gloss,
    glosses,
    is_proper,
    page_words,
    unrendered_stances,
)


def test_content_words_leave_out_particles_honorifics_and_counters() -> None:
    words = content_words("ゼレンスキー氏は約25分間、MAGA支持者と2度話した")
    assert words == ("ゼレンスキー", "MAGA", "支持者", "話し")


def test_glosses_come_from_jmdict_and_a_verb_stem_reads_as_its_dictionary_form() -> None:
    assert {"support", "aid"} <= glosses("支援")
    assert "speak" in glosses("話し")  # 話す: to talk, to speak
    assert glosses("ぬぬぬ") == frozenset()


@pytest.mark.parametrize(
    ("quote", "sentence"),
    [
        ("率直なMAGA支持者", "Grenell is an outspoken MAGA supporter."),
        ("ウクライナ当局者と話した", "He had spoken with Ukrainian authorities."),
        ("ゼレンスキー氏は勝利を祝った", "Zelensky celebrated the victory."),
    ],
)
def test_a_faithful_rendering_covers_every_content_word(quote: str, sentence: str) -> None:
    found = gloss(quote, sentence)
    assert found.coverage == 1.0 and found.missing == (), found.words


def test_a_sentence_that_lacks_words_says_which() -> None:
    found = gloss("トランプ氏の勝利に対する不安は増大しなかった", "Trump won the vote.")
    assert 0 < found.coverage < 0.5
    assert set(found.missing) >= {"不安", "増大"}


def test_a_word_every_sentence_of_the_page_renders_weighs_little() -> None:
    page = [
        "Zelensky spoke with Trump on Wednesday.",
        "Zelensky thanked Trump for his support.",
        "Zelensky felt anxiety about the victory.",
    ]
    alone = gloss("ゼレンスキー氏の不安", "Zelensky met reporters.")
    assert alone.coverage == 0.5  # one of two words, each weighing the same
    table = page_words("ゼレンスキー氏の不安", [*page, "Zelensky met reporters."])
    assert table.rendered_in == (frozenset({0, 1, 2, 3}), frozenset({2}))
    assert table.gloss(3, 1).coverage < 0.2  # the name is everywhere, the anxiety once
    assert table.gloss(2, 1).coverage == 1.0
    assert table.gloss(2, 2).missing == ()


def test_a_stance_the_sentence_does_not_render_is_reported() -> None:
    reversed_ = gloss(
        "米国はウクライナへの武器の送付を停止する",
        "The United States would keep sending weapons to Ukraine.",
    )
    assert [word for word, _ in unrendered_stances(reversed_)] == ["停止"]
    kept = gloss("米国は武器の送付を停止する", "The United States will stop sending weapons.")
    assert unrendered_stances(kept) == []


@pytest.mark.parametrize(
    ("word", "proper"),
    [("日本", True), ("米国", True), ("マドリード", True), ("NATO", True), ("支援", False)],
)
def test_names_of_places_and_bodies_are_told_from_common_words(word: str, proper: bool) -> None:
    assert is_proper(word) is proper
