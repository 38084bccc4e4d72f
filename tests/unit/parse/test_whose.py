"""Whose words a claim is: the source's, or the writer's commentary, arithmetic or aside."""

from __future__ import annotations

from datetime import date

from verifier.parse import parse_text
from verifier.parse.claims import extract_claims
from verifier.parse.lines import Line
from verifier.parse.markup import markdown_lines
from verifier.parse.whose import asides, whose, worked_out
from verifier.types import ClaimKind, Whose

DAY = date(2025, 2, 24)


def _claims(text: str, *, cited: bool = True) -> list[tuple[str, str, str]]:
    lines = [Line(n, t) for n, t in enumerate(text.split("\n"), start=1)]
    return [(c.kind.value, c.whose.value, c.text) for c in extract_claims(lines, DAY, cited=cited)]


def test_first_person_and_views_are_commentary_in_each_language() -> None:
    for sentence in (
        "By my count that is the third delay this year.",
        "I think the rate will fall to 15% by June.",
        "На мой взгляд, ставка останется на уровне 21%.",
        "Як на мене, це вже дванадцята атака.",
        "これは3度目の延期だと思う。",
    ):
        assert whose(sentence) is Whose.COMMENTARY, sentence


def test_a_quoted_first_person_is_the_sources() -> None:
    assert whose('Merz said: "I will form a government by Easter."') is Whose.SOURCE


def test_only_the_clause_that_works_a_figure_out_is_arithmetic() -> None:
    text = "Imports were $475.6 billion and $418.6 billion, more than $890 billion combined."
    found = _claims(text)
    assert [(kind, who) for kind, who, _ in found] == [
        ("number", "source"),
        ("number", "arithmetic"),
    ]
    assert "combined" in found[1][2] and "475.6" in found[0][2]
    assert worked_out("Ставка была 7,5%, то есть она выросла на 13,5 п.п.") is not None
    assert worked_out("The index rose 3% on Monday.") is None


def test_a_clause_in_brackets_is_an_aside_but_data_in_brackets_is_not() -> None:
    text = "It used 2,048 chips (an H100, the chip U.S. labs use, costs about $30,000)."
    assert [(k, w) for k, w, _ in _claims(text)] == [("number", "source"), ("number", "aside")]
    assert asides("共和党 52議席(+3、過半数まであと2議席)") == []
    assert asides("「彼は(トランプ氏は彼を『私の特使』と呼んでいる)顧問だ」") == []
    assert asides("装荷を終えた(東京電力は7号機への燃料装荷を2024年4月に終えております)。")


def test_uncited_prose_is_the_writers_own() -> None:
    [(kind, who, _)] = _claims("Turnout was 82.5% this time.", cited=False)
    assert (kind, who) == ("number", "commentary")


def test_a_blockquote_is_one_quote() -> None:
    lines = markdown_lines("Merz said:\n\n> We will move quickly,\n> at home and in Europe.\n")
    quoted = [line for line in lines if line.quoted]
    [claim] = extract_claims(quoted, DAY)
    assert claim.kind is ClaimKind.QUOTE
    assert claim.text == "We will move quickly, at home and in Europe."


def test_a_difference_in_points_is_the_writers_subtraction() -> None:
    found = _claims("The SPD won 16.4%, down 9.3 points from 2021.")
    assert [(kind, who) for kind, who, _ in found if kind == "number"] == [
        ("number", "source"),
        ("number", "arithmetic"),
    ]
    assert whose("Решение оказалось на 2 процентных пункта мягче консенсуса.") is Whose.ARITHMETIC


def test_a_conclusion_drawn_from_the_source_s_figures_is_arithmetic() -> None:
    for sentence in (
        "That leaves the country nearly 149,000 homes a year short of the target.",
        "Выходит, что средний кредит составляет почти 1,8 млн рублей.",
        "Виходить, що середній кредит — майже 1,8 млн грн.",
        "単純に割り算すれば、1発あたり約32万ポンドとなります。",
    ):
        assert whose(sentence) is Whose.ARITHMETIC, sentence


def test_a_note_on_the_writer_s_translation_is_no_view() -> None:
    assert whose("Bloomberg называет решение «политическим» (Bloomberg, перевод мой).") is (
        Whose.SOURCE
    )
    assert whose("幹部は「二度と許されない」と語っています(引用は筆者訳)。") is Whose.SOURCE
    assert whose("By my count this is the third delay (translation mine).") is Whose.COMMENTARY


def test_what_was_to_happen_is_a_fact_and_what_should_is_a_view() -> None:
    assert whose("署名されるはずだった協定は、収益の50%を基金に拠出する内容です。") is Whose.SOURCE
    assert whose("協定は来月署名されるはずだ。") is Whose.COMMENTARY


def test_a_paragraph_that_goes_on_with_a_reporting_verb_is_the_source_s() -> None:
    text = (
        "The white paper sets a target of 370,000 homes a year "
        "([FT](https://www.ft.com/planning)).\n\n"
        "Councils will have 12 weeks to start updating their plans, the paper adds.\n"
    )
    [citation] = parse_text(text, "digest.md").citations
    [weeks] = [claim for claim in citation.claims if "12 weeks" in claim.text]
    assert weeks.whose is Whose.SOURCE
