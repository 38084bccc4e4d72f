"""What ties a claim to a source sentence: names read across scripts, event words, topics."""

from __future__ import annotations

from verifier.verify.text import anchors as event_anchors
from verifier.verify.text.anchors import alike, date_anchors, shared_anchors


def test_names_match_through_their_latin_reading() -> None:
    # e2k writes Miami ミアミ; read as "miami" it is close to マイアミ's "maiami".
    assert "Miami~ミアミ" in shared_anchors("1973年マイアミ生まれ", "He was born in Miami.")
    assert shared_anchors("マスク氏の投稿", "Mark said so.") == ()


def test_transliteration_marks_do_not_hide_a_name() -> None:
    # Новак reads ノバック; the issue writes ノヴァク: the same name once ヴ and ッ are set aside.
    assert date_anchors("ノヴァク副首相は述べた", "Вице-премьер Александр Новак заявил.")
    assert not alike("ルビー", "ルビオ")


def test_date_anchors_read_other_languages_pieces_and_numbers() -> None:
    from verifier.verify.text.anchors import date_anchors, is_partial

    russian = date_anchors("プーチン大統領はソチで演説", "Путин выступил в Сочи.")
    assert "speech" in russian and any(a.startswith("Путин~") for a in russian)
    japanese = date_anchors("衆院選で自民は過半数割れ", "衆議院選挙で自民党は過半数を下回った")
    assert "過半数" in japanese and any(map(is_partial, japanese))
    assert date_anchors("円は34年ぶりの安値", "a 34-year low") == ("fall", "#34")


def test_the_topic_counts_only_when_the_date_follows_it() -> None:
    from verifier.verify.text.anchors import keeps_topic

    assert not keeps_topic("追加予算案は", "政府は新税制を閣議決定した。")
    assert keeps_topic("石破首相は", "石破茂首相は会見した。")
    assert keeps_topic("予算案は", "The cabinet approved the budget.")


def test_acronyms_declined_names_and_more_events_are_anchors() -> None:
    from verifier.verify.text.anchors import date_anchors

    russian = date_anchors(
        "国防省はHIMARSでブリャンスク州を攻撃", "Удар HIMARS по Брянской области."
    )
    assert {"attack", "HIMARS~HIMARS"} <= set(russian) and any("Брянской" in a for a in russian)
    korean = date_anchors(
        "国会は戒厳解除要求決議を投票で可決", "The National Assembly voted a resolution"
    )
    assert {"parliament", "resolution", "vote"} <= set(korean)


def test_events_are_read_from_one_text_in_either_language() -> None:
    """The rival-figure veto reads a sentence's events itself (no copied word list)."""
    assert event_anchors.events_in("大統領は電話会談で停戦を話した") == {"call", "ceasefire"}
    assert event_anchors.events_in("They spoke by phone about a ceasefire") == {"call", "ceasefire"}
    assert event_anchors.events_in("They spoke by phone", english=False) == frozenset()
