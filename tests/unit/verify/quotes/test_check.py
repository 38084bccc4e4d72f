"""The quote check: verbatim and fuzzy matching, misquotes, and the verdicts it gives."""

from __future__ import annotations

import re
from functools import partial

import pytest

from tests.builders import PAGES, citation, ctx, link, page
from verifier.settings import Settings
from verifier.types import (
    Check,
    Citation,
    CitationKind,
    Claim,
    ClaimKind,
    LinkResult,
    LinkStatus,
    Page,
    Verdict,
)
from verifier.verify import quotes
from verifier.verify.context import CheckContext
from verifier.verify.quotes._spans import align
from verifier.verify.text.normalize import normalize
from verifier.verify.tuning import CANDIDATE_SCORE, SUPPORT_SCORE

TELEGRAM = "https://t.me/akovalenko1989/8222"
ISSUE_LINE = (
    "Першi вiйськовi кндр вже потрапили пiд обстрiл на Курщинi."  # Latin i, as in the issue
)
ENGLISH = (
    "Menu Subscribe\n"
    "“I think the Ukrainians have been incredibly brave and strong in standing up to Russia. "
    "But at the end of the day, what we are funding here is a stalemated war, and it needs\n"
    "to be brought to a conclusion,” Rubio said. The call lasted about 25 minutes — "
    "three sources said Zelensky did not feel despair. “There needs to be common sense here.”\n"
    "Cookie settings"
)
JAPANESE = (
    "IWJは、スポンサーや広告に頼らず、市民の皆さまの会費とご寄付・カンパによって運営されている"
    "独立メディアです。一切忖度しない報道を続けるために、どうぞご支援をお願いいたします。"
    "11月から、ご寄付・カンパの月間目標額を400万円から350万円に下げさせていただきました。"
)


URL = "https://example.com/a"

#: A citation of the page at URL (line 12) whose claims are the quotes given, from line 10.
_citation = partial(citation, url=URL, cited_publisher="Example")


def _ctx(
    page: Page | None,
    *texts: str,
    status: LinkStatus = LinkStatus.OK,
    others: tuple[tuple[Citation, Page], ...] = (),
) -> CheckContext:
    return ctx(_citation(*texts), page, link(status), others=others)


def _one(page: Page | None, text: str, status: LinkStatus = LinkStatus.OK) -> Check:
    (result,) = quotes.check(_ctx(page, text, status=status))
    return result


def _english(text: str = ENGLISH) -> Page:
    return page(text, url=URL, language="en")


def _japanese() -> Page:
    return page(JAPANESE, url=URL, language="ja")


# --- verbatim and fuzzy matches ------------------------------------------------------------


def _telegram_body() -> bytes:
    """The post's embed widget, which the crawler reads for a Telegram post."""
    return (PAGES / "t.me" / "akovalenko1989-8222-embed.html").read_bytes()


def _telegram_post() -> Page:
    """The post as the Telegram widget shows it (the message text of the fixture)."""
    html = _telegram_body().decode()
    match = re.search(r"tgme_widget_message_text[^>]*>([^<]+)<", html)
    assert match is not None
    text = f"Andriy Kovalenko\n{match.group(1)}\n215.3K views"
    return page(text, url=TELEGRAM)


def test_latin_i_in_the_issue_matches_the_cyrillic_post() -> None:
    result = _one(_telegram_post(), ISSUE_LINE)
    assert result.verdict is Verdict.SUPPORTED
    assert result.score == 1.0
    assert result.evidence == "Перші військові кндр вже потрапили під обстріл на Курщині."
    assert "\u0456" in result.evidence


def test_english_quote_exact() -> None:
    quote = "I think the Ukrainians have been incredibly brave and strong in standing up to Russia."
    result = _one(_english(), quote)
    assert (result.verdict, result.score, result.evidence) == (Verdict.SUPPORTED, 1.0, quote)


def test_english_quote_with_other_quote_marks_dashes_and_line_breaks() -> None:
    quote = 'to a conclusion," Rubio said. The call lasted\nabout 25 minutes – three'
    result = _one(_english(), quote)
    assert result.verdict is Verdict.SUPPORTED
    assert result.score == 1.0
    assert result.evidence == (
        "to a conclusion,” Rubio said. The call lasted about 25 minutes — three"
    )


def test_small_edit_is_supported_with_its_score_and_the_difference() -> None:
    result = _one(
        _english(), "what we are funding here is a stalemated war and it need to be brought"
    )
    assert result.verdict is Verdict.SUPPORTED
    assert result.score is not None and SUPPORT_SCORE / 100 <= result.score < 1.0
    assert "'need' → 'needs'" in result.note
    assert (
        result.evidence
        == "what we are funding here is a stalemated war, and it needs\nto be brought"
    )


@pytest.mark.parametrize("ellipsis", ["(中略)", "(略)", "…", "...", "（中略）"])
def test_ellipsis_splits_a_quote_into_parts_found_in_order(ellipsis: str) -> None:
    quote = f"I think the Ukrainians have been incredibly brave{ellipsis}it needs to be brought"
    result = _one(_english(), quote)
    assert result.verdict is Verdict.SUPPORTED
    assert (
        result.evidence
        == "I think the Ukrainians have been incredibly brave … it needs\nto be brought"
    )
    assert "2 parts" in result.note


def test_parts_out_of_order_are_not_found() -> None:
    result = _one(
        _english(), "There needs to be common sense here. … I think the Ukrainians have been"
    )
    assert result.verdict is Verdict.NOT_FOUND


def test_japanese_quote_on_a_japanese_page_wrapped_across_lines() -> None:
    result = _one(_japanese(), "スポンサーや広告に頼らず、市民の皆さまの\n会費とご寄付・カンパ")
    assert result.verdict is Verdict.SUPPORTED
    assert result.evidence == "スポンサーや広告に頼らず、市民の皆さまの会費とご寄付・カンパ"


# --- contradictions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "quote", "claimed", "source"),
    [
        (_english(), "The call lasted about 35 minutes", "35", "25"),
        (_english(), "three sources said Zelensky did feel despair", "feel", "not feel"),
        (_english(), "There needs to be no common sense here.", "no common", "common"),
        (_japanese(), "一切忖度する報道を続けるために", "する", "しない"),
        (_japanese(), "月間目標額を450万円から350万円に下げさせていただきました", "450", "400"),
    ],
)
def test_one_word_changed_in_number_or_negation_is_contradicted(
    page: Page, quote: str, claimed: str, source: str
) -> None:
    result = _one(page, quote)
    assert result.verdict is Verdict.CONTRADICTED
    assert f"the source says {source!r} where the issue says {claimed!r}" in result.note
    assert result.evidence is not None and source in result.evidence


@pytest.mark.parametrize(
    ("page", "quote", "claimed", "source"),
    [
        (_english(), "the Ukrainians have been incredibly reckless and strong", "reckless",
         "brave"),
        (_english(), "a stalemated war, and it needs to be brought to a decision", "decision",
         "conclusion"),
        (_japanese(), "会費とご寄付・カンパによって運営されている独立新聞です", "新聞", "メディア"),
        (_japanese(), "大手新聞は、スポンサーや広告に頼らず、市民の皆さまの会費", "大手新聞",
         "IWJ"),
    ],
)  # fmt: skip
def test_one_content_word_changed_is_a_misquote(
    page: Page, quote: str, claimed: str, source: str
) -> None:
    result = _one(page, quote)
    assert result.verdict is Verdict.CONTRADICTED
    assert f"the source says {source!r} where the issue says {claimed!r}" in result.note
    assert result.evidence is not None and source in result.evidence


def test_a_changed_last_word_shows_the_whole_word_of_the_page() -> None:
    """A character score would end the span at 'con', or before the word."""
    result = _one(_english(), "and it needs to be brought to a decision")
    assert result.evidence is not None and result.evidence.endswith("to a conclusion")


def test_a_changed_place_name_in_a_post_typed_with_latin_letters_is_contradicted() -> None:
    result = _one(_telegram_post(), ISSUE_LINE.replace("Курщинi", "Харкiвщинi"))
    assert result.verdict is Verdict.CONTRADICTED
    assert result.evidence == "Перші військові кндр вже потрапили під обстріл на Курщині."
    assert "'Курщині' where the issue says 'Харкiвщинi'" in result.note


def test_a_dropped_word_is_not_verbatim() -> None:
    result = _one(_english(), "I think the Ukrainians have been brave and strong in standing up")
    assert result.verdict is Verdict.CONTRADICTED
    assert "'incredibly brave' where the issue says 'brave'" in result.note


@pytest.mark.parametrize(
    ("page", "quote"),
    [
        (_english(), "I think Ukrainians have been incredibly brave and strong in standing up"),
        (_english(), "what we are funding here is a stalemated war, and it needs to be brough to"),
        (_english(), "three sources said Zelensky didn’t feel despair"),
        (_english(), "the Ukrainians have been incredibly brave, and strong in stand"),
        (_japanese(), "IWJが、スポンサーや広告に頼らず、市民の皆さまの会費とご寄付"),
        (_japanese(), "スポンサーや広告に頼らず市民の皆さまの会費とご寄付・カンパによって"),
    ],
)
def test_differences_of_form_only_are_supported(page: Page, quote: str) -> None:
    """An article, a particle, a typo, a contraction, a comma, a quote cut mid-word."""
    result = _one(page, quote)
    assert result.verdict is Verdict.SUPPORTED, result.note


BOJ = "植田総裁は、米国経済の先行きについて「リスクは少しずつ減ってきている」と述べた。"
KANDA = (
    "The yen slid to a 34-year low of 160.245 per dollar on April 29 before rebounding sharply. "
    "“We will continue to respond appropriately,” top currency diplomat Masato Kanda told "
    "reporters."
)


def _boj() -> Page:
    return page(BOJ, url=URL, language="ja")


@pytest.mark.parametrize(
    ("page", "quote", "claimed", "source"),
    [
        (_english(KANDA), "We will continue to respond decisively", "decisively",
         "appropriately"),
        (_english(), "There needs to be political sense", "political", "common"),
        (_boj(), "リスクは急速に減ってきている", "急速に", "少しずつ"),
        (_boj(), "米国経済の見通しについて", "見通し", "先行き"),
    ],
)  # fmt: skip
def test_a_short_quote_with_one_word_swapped_is_contradicted(
    page: Page, quote: str, claimed: str, source: str
) -> None:
    """Too short for the similarity a longer misquote needs, but exact around the swap."""
    assert align(normalize(quote), normalize(page.text), 0, CANDIDATE_SCORE) is None
    result = _one(page, quote)
    assert result.verdict is Verdict.CONTRADICTED, result.note
    assert f"the source says {source!r} where the issue says {claimed!r}" in result.note


@pytest.mark.parametrize(
    ("page", "quote"),
    [
        (_english(), "There needs to be more humility here"),  # two words changed
        (_english(KANDA), "We will respond decisively"),  # two content words kept
        (_boj(), "リスクは急速に減った"),  # Japanese: exact text on one side only
        (_boj(), "米国経済の先行きは明るい"),  # only a chance 'い' after the change
        (_japanese(), "市民の皆さまの出資によって運営されている"),  # a phrase, not a word
    ],
)
def test_a_short_quote_needs_exact_words_around_a_single_swap(page: Page, quote: str) -> None:
    assert _one(page, quote).verdict is Verdict.NOT_FOUND


MAINICHI = "首相は会談後、記者団に「首脳同士で率直に意思疎通を図ることができた」と述べた。"


def _mainichi() -> Page:
    return page(MAINICHI, url=URL, language="ja")


def test_one_phrase_of_two_words_swapped_in_an_exact_sentence_is_contradicted() -> None:
    """'意思疎通を図る' as '意見交換を行う': the particle between the changes is kept,
    so the two changed words are one paraphrased phrase inside the sentence."""
    result = _one(_mainichi(), "首脳同士で率直に意見交換を行うことができた")
    assert result.verdict is Verdict.CONTRADICTED, result.note
    assert "'思疎通' where the issue says '見交換'" in result.note
    assert "'図る' where the issue says '行う'" in result.note


@pytest.mark.parametrize(
    "quote",
    [
        "首脳同士で率直に意見交換を重ねて合意できた",  # the rest of the sentence differs too
        "首脳同士で意見交換を行うことが必要だ",  # changes apart: another sentence
        "率直に話し合い、合意に至ることができた",  # a rewording with little left exact
    ],
)
def test_changes_that_are_not_one_phrase_are_not_found(quote: str) -> None:
    """Only one phrase may change: more, or changes apart, make another sentence."""
    assert _one(_mainichi(), quote).verdict is Verdict.NOT_FOUND


def test_a_different_sentence_with_a_number_is_not_a_contradiction() -> None:
    result = _one(_english(), "The meeting was cancelled after 35 minutes of shouting")
    assert result.verdict is Verdict.NOT_FOUND


# --- not found, misattributed, unverifiable ------------------------------------------------


def test_fabricated_quote_is_not_found() -> None:
    result = _one(_english(), "We must send far more weapons to Kyiv right now and win this war.")
    assert result.verdict is Verdict.NOT_FOUND
    assert result.evidence is None
    assert "found instead" not in result.note


def test_quote_found_in_another_source_of_the_issue_is_misattributed() -> None:
    other = _citation(id="c07", url="https://example.com/b")
    elsewhere = (other, _english())
    page = _english("An unrelated article about the weather in Kyiv and the price of bread.")
    quote = "what we are funding here is a stalemated war"
    (result,) = quotes.check(_ctx(page, quote, others=(elsewhere,)))
    assert result.verdict is Verdict.NOT_FOUND
    assert "found instead in c07 (line 12, Example)" in result.note
    assert quote in result.note


def test_japanese_quote_of_an_english_page_needs_the_cross_lingual_check() -> None:
    result = _one(
        _english(), "ウクライナ人は、ロシアに立ち向かう際に、信じられないほど勇敢で強かったと思う"
    )
    assert result.verdict is Verdict.UNVERIFIABLE
    assert result.note == "a Japanese rendering of an English source: needs the cross-lingual check"


def test_japanese_quote_is_never_supported_by_an_english_page_with_japanese_words() -> None:
    page = _english(
        ENGLISH + "\n日本語 ニュース トップ 速報 世界 経済 政治 社会 スポーツ 文化 科学"
    )
    result = _one(page, "ロシアに立ち向かう際に、信じられないほど勇敢で強かった")
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "cross-lingual" in result.note


def test_the_visible_part_of_a_paywalled_page_supports_a_quote() -> None:
    page = Page(url="https://example.com/a", text=ENGLISH, language="en", paywalled=True)
    result = _one(page, "incredibly brave and strong", status=LinkStatus.PAYWALLED)
    assert result.verdict is Verdict.SUPPORTED


def test_dead_link_is_unverifiable() -> None:
    result = _one(None, "incredibly brave and strong", status=LinkStatus.DEAD)
    assert result.verdict is Verdict.UNVERIFIABLE


@pytest.mark.parametrize("quote", ["事実", "タカ派", "war", "the", "Rubio"])
def test_too_short_quotes_are_unverifiable(quote: str) -> None:
    result = _one(_english(ENGLISH + " 事実 タカ派"), quote)
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "too short" in result.note


def test_nested_quotes_are_checked_the_same_way() -> None:
    claims = (
        Claim(ClaimKind.QUOTE, "There needs to be common sense here.", 10, nested=True),
        Claim(ClaimKind.NUMBER, "25分", 11),
    )
    citation = Citation("c01", 12, CitationKind.SOURCE, "https://example.com/a", claims=claims)
    ctx = CheckContext(citation, _english(), LinkResult(LinkStatus.OK, "ok"), Settings())
    assert quotes.applies(citation)
    (result,) = quotes.check(ctx)
    assert result.verdict is Verdict.SUPPORTED


def test_applies_only_to_citations_with_quotes() -> None:
    citation = Citation("c01", 1, CitationKind.SOURCE, "https://example.com/a")
    assert not quotes.applies(citation)
