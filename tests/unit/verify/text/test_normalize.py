"""Normalisation with offsets: styles, spacing and look-alike letters folded, spans kept."""

from __future__ import annotations

from verifier.verify.text.normalize import normalize

ISSUE_LINE = (
    "Першi вiйськовi кндр вже потрапили пiд обстрiл на Курщинi."  # Latin i, as in the issue
)


MESSY = "  “Hello”\u200b — Wörld\u0308\n\n Перші  ﾃｽﾄ ク ル\nスク ＴＲＵＭＰ’s ２５%…"


def test_normalize_folds_styles_spacing_and_look_alikes() -> None:
    assert normalize("“Don’t” – ok").text == normalize('"don\'t" - OK').text
    assert normalize("ＴＲＵＭＰ\u200b  ２５").text == "trump 25"
    assert normalize("クル\nスク").text == "クルスク"  # no space between Japanese words
    assert normalize(ISSUE_LINE).text == normalize(ISSUE_LINE.replace("i", "\u0456")).text
    assert normalize("Перші").text == normalize("ПЕРШІ").text


def test_normalize_offsets_map_every_character_back_to_its_source() -> None:
    folded = normalize(MESSY)
    for index, char in enumerate(folded.text):
        start, end = folded.original(index, index + 1)
        # a cluster can fold to several characters (d + U+0308, … to ...)
        assert char == " " or char in normalize(MESSY[start:end]).text
    assert folded.raw_text(0, len(folded.text)) == MESSY.strip()


def test_normalize_span_round_trips_to_the_exact_original() -> None:
    folded = normalize(MESSY)
    at = folded.text.index("trump")
    assert folded.raw_text(at, at + len('trump"s')) == "ＴＲＵＭＰ’s"
    at = folded.text.index("クルスク")
    assert folded.raw_text(at, at + 4) == "ク ル\nスク"
