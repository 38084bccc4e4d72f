"""The cross-lingual quote check: a Japanese rendering against an English page, offline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pytest

from verifier.settings import Settings
from verifier.types import (
    Citation,
    CitationKind,
    Claim,
    ClaimKind,
    Fact,
    LinkResult,
    LinkStatus,
    Page,
    Verdict,
)
from verifier.verify import quotes
from verifier.verify.context import CheckContext
from verifier.verify.quotes import _check
from verifier.verify.quotes import _judge as judging
from verifier.verify.quotes import _translated as translations
from verifier.verify.text.embeddings import Vectors, WindowIndex, load_index
from verifier.verify.text.reading import Readings
from verifier.verify.text.sentences import windows
from verifier.verify.tuning import ELSEWHERE_CANDIDATES

PAGE = Page(
    "https://news.example/call",
    "Elon Musk was on the line when President-elect Trump spoke with Ukrainian President "
    "Volodymyr Zelensky on Wednesday, three sources said. The conversation lasted about 25 "
    "minutes, according to one source. Trump said he would stand by Ukraine but offered no "
    "specifics. Musk told Zelensky he would keep Starlink terminals running in Ukraine. "
    "Governor Gavin Newsom declared a state of emergency for the county on Thursday. "
    "The stadium will host the final of the cup next spring.",
    published=date(2024, 11, 8),
    language="en",
)


@pytest.fixture(scope="module")
def index() -> WindowIndex:
    found = load_index("auto")
    assert found is not None
    return found


def test_a_faithful_translation_is_supported_with_its_sentence(index: WindowIndex) -> None:
    found = judging.judge("会話は約25分間続いた", PAGE, index)
    assert found.verdict is Verdict.SUPPORTED
    assert found.evidence is not None and "25 minutes" in found.evidence


@pytest.mark.parametrize(
    ("quote", "differs"),
    [
        ("会話は約45分間続いた", "約45分間"),
        ("ニューサム知事は水曜日、同郡に非常事態を宣言した", "水曜日"),
    ],
)
def test_a_changed_fact_is_contradicted_naming_it(
    index: WindowIndex, quote: str, differs: str
) -> None:
    found = judging.judge(quote, PAGE, index)
    assert found.verdict is Verdict.CONTRADICTED
    assert differs in found.note


def test_a_quote_near_no_sentence_abstains_and_one_about_nothing_is_never_supported(
    index: WindowIndex,
) -> None:
    """Absence is asserted only as surely as the dev split allows (a faithful quote called
    `not_found` at most 1% of the time): far off in meaning is not yet surely absent."""
    near = judging.judge("日銀は政策金利を0.25%に据え置いた", PAGE, index)
    assert near.verdict is Verdict.UNVERIFIABLE and "closest" in near.note
    found = judging.judge("東京の桜は例年より早く満開になった", PAGE, index)
    assert found.verdict in (Verdict.NOT_FOUND, Verdict.UNVERIFIABLE) and found.evidence is None


def test_an_empty_page_has_nothing_to_render(index: WindowIndex) -> None:
    found = judging.judge("会話は続いた", Page("https://x.example/", " ", language="en"), index)
    assert found.verdict is Verdict.NOT_FOUND


def test_the_outlet_and_a_small_count_are_no_changed_facts(index: WindowIndex) -> None:
    page = Page(
        "https://news.example/call",
        "Zelensky felt the conversation went well, one source said. Musk told Zelensky he "
        "would keep Starlink terminals running in Ukraine. The weather in Kyiv was cold.",
        publisher="AXIOS",
        language="en",
    )
    found = judging.judge(
        "アクシオスによると、ゼレンスキー氏は会話がうまくいったと感じたと3人の情報筋が語った",
        page,
        index,
    )
    assert found.verdict is not Verdict.CONTRADICTED, found.note


def test_a_quote_with_omissions_is_judged_part_by_part(index: WindowIndex) -> None:
    assert translations.claim_units(
        "会話は約25分間続いた。(中略)スターリンク端末を稼働させ続ける"
    ) == [
        "会話は約25分間続いた。",
        "スターリンク端末を稼働させ続ける",
    ]
    assert translations.claim_units("短い(中略)会話は約25分間続いた") == ["会話は約25分間続いた"]
    both = judging.judge_quote(
        "会話は約25分間続いた(中略)ニューサム知事は木曜日、同郡に非常事態を宣言した",
        PAGE,
        index,
    )
    assert both.verdict is Verdict.SUPPORTED, both.note
    assert both.evidence is not None and " … " in both.evidence and "Newsom" in both.evidence
    wrong = judging.judge_quote(
        "会話は約45分間続いた(中略)ニューサム知事は木曜日、同郡に非常事態を宣言した",
        PAGE,
        index,
    )
    assert wrong.verdict is Verdict.CONTRADICTED and "1 of 2 parts" in wrong.note


def test_a_translation_of_another_sources_sentence_names_that_source(index: WindowIndex) -> None:
    weather = Page(
        "https://weather.example/kyiv",
        "Kyiv will stay cold this week. Snow is expected on Friday.",
        published=date(2024, 11, 8),
        language="en",
    )
    claim = Claim(ClaimKind.QUOTE, "ニューサム知事は木曜日、同郡に非常事態を宣言した", 10)
    here = Citation("c02", 12, CitationKind.SOURCE, weather.url, claims=(claim,))
    there = Citation("c05", 30, CitationKind.SOURCE, PAGE.url, cited_publisher="News")
    ok = LinkResult(LinkStatus.OK, "HTTP 200 OK")
    ctx = CheckContext(here, weather, ok, Settings(), None, ((there, PAGE),), index)
    [check] = quotes.check(ctx)
    # the weather page has not even the quote's words: the quote was moved, not abstained on
    assert check.verdict is Verdict.NOT_FOUND
    assert "found instead in c05" in check.note and "Newsom" in check.note


def differences(quote: str, page: Page, sentence: str) -> list[str]:
    """The notes of the facts that differ between `quote` and the page's sentence starting
    with `sentence` (the window the embedders would rank first)."""
    [window] = [w for w in windows(page.text) if w.size == 1 and w.text.startswith(sentence)]
    return [f.note for f in translations.window_facts(quote, window, page) if f.agrees is False]


class _Flat:
    """An embedder that finds every sentence equally close: only the words can decide."""

    name = "flat"

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        return np.full((len(texts), 4), 0.5, dtype=np.float32)


def test_when_no_sentence_stands_out_by_meaning_the_words_name_the_one_rendered() -> None:
    flat = WindowIndex(_Flat())
    quote = "ゼレンスキー氏は記者団に会話はうまくいったと語った"
    ranked = flat.rank(quote, PAGE_FELT.text)
    found = translations.lexical_candidate(quote, ranked, PAGE_FELT, Readings())
    assert found is not None and found.stands_out()
    assert ranked.windows[found.index].text == "Zelensky told reporters the conversation went well."
    made_up = "ゼレンスキー氏は冬の電力不足を強く警告した"
    other = translations.lexical_candidate(
        made_up, flat.rank(made_up, PAGE_FELT.text), PAGE_FELT, Readings()
    )
    assert other is None or not other.stands_out()


def test_a_paragraph_is_checked_sentence_by_sentence() -> None:
    paragraph = "会話は約25分間続いた。トランプ氏は支援を約束した。マスク氏も同席していた。"
    assert translations.claim_units(paragraph) == [
        "会話は約25分間続いた。",
        "トランプ氏は支援を約束した。",
        "マスク氏も同席していた。",
    ]
    two = "会話は約25分間続いた。トランプ氏は支援を約束した。"
    assert translations.claim_units(two) == [two]


PAGE_FELT = Page(
    "https://news.example/felt",
    "Zelensky told reporters the conversation went well. "
    "O'Brien said the American decision was unanimous. "
    "He said the United States would keep sending weapons to Ukraine. "
    "The weather in Kyiv was cold and grey on Thursday. "
    "Officials in Brussels declined to comment on the talks.",
    published=date(2024, 11, 8),
    language="en",
)


def test_the_compared_facts_come_with_the_verdict(index: WindowIndex) -> None:
    kept = judging.judge("会話は約25分間続いた", PAGE, index)
    assert Fact("number", "約25分間", "about 25 minutes", True) in kept.facts
    changed = judging.judge("会話は約45分間続いた", PAGE, index)
    [differs] = [fact for fact in changed.facts if fact.agrees is False]
    assert (differs.kind, differs.claim, differs.source) == (
        "number",
        "約45分間",
        "about 25 minutes",
    )
    named = judging.judge("ニューサム知事は木曜日、同郡に非常事態を宣言した", PAGE, index)
    kinds = {fact.kind: fact for fact in named.facts}
    assert kinds["name"].source == "Newsom" and kinds["date"].agrees is True
    assert all(fact.claim != "ニューサム" for fact in named.facts if fact.kind == "word")


def test_a_page_that_renders_few_of_the_quotes_words_is_skipped_without_embeddings() -> None:
    assert translations.lexically_absent("東京の桜は例年より早く満開になった", PAGE_FELT)
    assert not translations.lexically_absent("米国はウクライナへの武器の送付を続ける", PAGE_FELT)
    ukrainian = Page("https://x.example/", "Зеленський подякував.", language="uk")
    assert not translations.lexically_absent("東京の桜は満開になった", ukrainian)


def test_the_newsletters_notes_in_brackets_are_no_part_of_the_quote() -> None:
    assert translations.claim_units(
        "スターリンク衛星(スペースX社の衛星サービス)を通じて支援を続ける"
    ) == ["スターリンク衛星を通じて支援を続ける"]


def test_a_ukrainian_post_under_an_english_widget_is_not_read_as_english() -> None:
    post = Page(
        "https://t.me/channel/1",
        "If you have Telegram, you can view this post and join the channel right away.\n\n"
        "Перші військові кндр вже потрапили під обстріл на Курщині.",
    )
    assert (
        differences("北朝鮮の最初の兵士達が、すでにクルスク地方で砲撃を受けた", post, "Перші") == []
    )


def test_a_negation_in_another_clause_of_the_sentence_is_no_denial() -> None:
    page = Page(
        "https://news.example/marathon",
        "I did not come here for the record, I came to win, but when I saw the clock at "
        "40 kilometres I knew it was possible, he said. The race started at nine.",
        language="en",
    )
    quote = "彼は、40キロ地点で時計を見たとき、可能だと分かったと語った"
    assert differences(quote, page, "I did not") == []


def test_a_vote_against_rendered_as_one_is_kept() -> None:
    assert differences("極右政党シェーガは予算案に反対票を投じた", VOTE_PAGE, "The far-right") == []


def test_a_bare_weekday_is_the_same_day_whichever_week_it_resolves_to() -> None:
    page = Page(
        "https://news.example/storm",
        "Schools in 12 provinces will stay closed on Monday. The storm moved north overnight. "
        "Power was restored to most homes.",
        published=date(2024, 11, 8),
        language="en",
    )
    assert differences("12州の学校は月曜日も休校", page, "Schools") == []


NATO_PAGE = Page(
    "https://news.example/nato",
    "A South Korean delegation reported to the NATO board on Monday. "
    "The alliance said it was watching the deployment closely. "
    "Officials in Brussels declined to comment on the talks.",
    language="en",
)
VOTE_PAGE = Page(
    "https://news.example/lisbon",
    "The budget passed with 116 votes in favour. The far-right Chega party voted against the "
    "budget. The Socialists abstained.",
    language="en",
)
SUDAN_PAGE = Page(
    "https://news.example/sudan",
    "Talks in Geneva were adjourned on Friday without an agreement, after the Sudanese "
    "army again refused to send a delegation. Mediators said they would try again. "
    "Aid agencies warned of famine in the region.",
    language="en",
)


@pytest.mark.parametrize(
    ("quote", "page", "sentence", "named"),
    [
        # a stance reversed: the source "would keep sending weapons"
        ("米国はウクライナへの武器の送付を停止すると彼は言った", PAGE_FELT, "He said", "停止"),
        # a negated reported clause: the decision "was unanimous"
        (
            "オブライエン氏は、米国の決定は全会一致ではなかったと述べた",
            PAGE_FELT,
            "O'Brien",
            "denies",
        ),
        # a country changed: a South Korean delegation
        ("日本の代表団が月曜日、NATO理事会に報告した", NATO_PAGE, "A South", "names 日本"),
        # a vote turned round: Chega "voted against the budget"
        ("極右政党シェーガは予算案に賛成票を投じた", VOTE_PAGE, "The far-right", "'voted against'"),
        # a refusal dropped: the army "refused to send a delegation"
        (
            "スーダン軍が代表団を派遣した後、ジュネーブでの協議は金曜日に合意なしで休会となった",
            SUDAN_PAGE,
            "Talks",
            "'refused'",
        ),
    ],
)
def test_a_changed_word_is_a_difference_naming_it(
    quote: str, page: Page, sentence: str, named: str
) -> None:
    assert any(named in note for note in differences(quote, page, sentence))


RATE_PAGE = Page(
    "https://news.example/ru/rate",
    "Набиуллина не исключила нового повышения ставки в декабре. "
    "Следующее заседание совета директоров запланировано на пятницу.",
    language="ru",
)


def test_a_source_that_does_not_rule_out_is_not_rendered_as_ruling_out(
    index: WindowIndex,
) -> None:
    quote = "ナビウリナ総裁は、12月の追加利上げの可能性を否定した"
    assert any("rule out" in note for note in differences(quote, RATE_PAGE, "Набиуллина"))
    kept = "ナビウリナ総裁は12月の追加利上げを排除しなかった"
    assert differences(kept, RATE_PAGE, "Набиуллина") == []
    english = Page(
        "https://news.example/rate",
        "Nabiullina did not rule out another rate hike in December. The board meets on "
        "Friday. Oil prices fell.",
        language="en",
    )
    reversed_quote = "ナビウリナ総裁は、12月の追加利上げを否定した"
    assert any("rule out" in note for note in differences(reversed_quote, english, "Nabiullina"))
    found = judging.judge(reversed_quote, english, index)
    assert found.verdict is not Verdict.SUPPORTED, found.note


BRIEFING_PAGE = Page(
    "https://news.example/briefing",
    "Robert O'Brien said the incoming administration would press both Kyiv and Moscow to "
    "open talks early next year. "
    "Zelensky said North Korea had already sent about 11,000 troops to Russia's Kursk region. "
    "Okafor said he supported the European Union's AI Act but wanted clearer guidance on "
    "general-purpose models. "
    "The weather in Geneva was cold and grey all week.",
    published=date(2024, 11, 8),
    language="en",
)


@pytest.mark.parametrize(
    ("faithful", "changed", "sentence", "named"),
    [
        (
            "次期政権は来年初め、キーウとモスクワの双方に協議を始めるよう迫る",
            "次期政権は来年後半、キーウとモスクワの双方に協議を始めるよう迫る",
            "Robert O'Brien",
            "後半",
        ),
        (
            "北朝鮮はすでに約1万1000人の兵士をロシアのクルスク州に送り込んでいる",
            "北朝鮮はすでに約1万1000人の兵士をロシアのベルゴロド州に送り込んでいる",
            "Zelensky said",
            "ベルゴロド",
        ),
        (
            "欧州連合のAI法を支持するが、汎用モデルについてはより明確な指針が欲しい",
            "欧州連合のAI法には反対だが、汎用モデルについてはより明確な指針が欲しい",
            "Okafor",
            "反対",
        ),
    ],
    ids=["period", "region", "side"],
)
def test_a_moved_period_another_region_or_the_other_side_is_never_supported(
    index: WindowIndex, faithful: str, changed: str, sentence: str, named: str
) -> None:
    """The facts name the change; the calibrated verdict never supports it (and, unsure
    which sentence a short quote renders, may abstain on the faithful one)."""
    assert any(named in note for note in differences(changed, BRIEFING_PAGE, sentence))
    assert differences(faithful, BRIEFING_PAGE, sentence) == []
    kept = judging.judge(faithful, BRIEFING_PAGE, index)
    assert kept.verdict is not Verdict.CONTRADICTED, kept.note
    found = judging.judge(changed, BRIEFING_PAGE, index)
    assert found.verdict is not Verdict.SUPPORTED, found.note


def test_a_region_is_another_only_when_no_reading_of_its_name_fits() -> None:
    assert translations._other_place("ベルゴロド州で", "ベルゴロド", "Удар по Курской области.")
    for run, sentence in [
        ("クルスク", "Удар по Курской области."),  # e2k reads Kursk カースク
        ("リビウ", "Power cuts hit the Lviv region."),
        ("ハルキウ", "Удар по Харківській області."),
    ]:
        assert translations._other_place(f"{run}州で", run, sentence) is None, run


class _Counting:
    """An embedder that keeps every text it was asked to embed, each text a vector of its
    own (seeded by its characters: unrelated texts are far apart)."""

    name = "counting"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        self.seen.extend(texts)
        rows = [np.random.default_rng([ord(c) for c in t]).normal(size=16) for t in texts]
        vectors = np.asarray(rows, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_phrase_of_two_words_is_not_sought_in_the_other_sources() -> None:
    """Any page on the topic renders `ウクライナを支援する`: the issue's other sources are not
    embedded to look for it (a cold run's seconds), while a quote that says more still is."""
    weather = Page(
        "https://weather.example/kyiv",
        "Kyiv will stay cold this week. Snow is expected on Friday.",
        language="en",
    )
    other = Page(
        "https://news.example/support",
        "Trump said he would support Ukraine but did not talk about the details. "
        "Snow fell heavily in the Alps.",
        language="en",
    )
    there = Citation("c05", 30, CitationKind.SOURCE, other.url, cited_publisher="News")
    ok = LinkResult(LinkStatus.OK, "HTTP 200 OK")
    for quote, sought in (
        ("ウクライナを支援する", False),
        ("トランプ氏はウクライナを支援すると述べたが、詳細は語らなかった", True),
    ):
        counting = _Counting()
        claim = Claim(ClaimKind.QUOTE, quote, 10)
        here = Citation("c02", 12, CitationKind.SOURCE, weather.url, claims=(claim,))
        ctx = CheckContext(
            here, weather, ok, Settings(), None, ((there, other),), WindowIndex(counting)
        )
        quotes.check(ctx)
        assert any("Alps" in text for text in counting.seen) is sought, quote


def test_a_translation_beside_the_original_it_quotes_is_that_sentences(
    index: WindowIndex,
) -> None:
    """A one-sentence post leaves no margin to stand out by; the issue's own quote of the
    original names the sentence translated (c35 of the example)."""
    post = Page(
        "https://t.me/akovalenko1989/8222?embed=1&mode=tme",
        "Перші військові кндр вже потрапили під обстріл на Курщині.",
        language="uk",
    )
    translation = Claim(
        ClaimKind.QUOTE, "北朝鮮の最初の兵士達が、すでにクルスク地方で砲撃を受けた", 340
    )
    original = Claim(
        ClaimKind.QUOTE, "Першi вiйськовi кндр вже потрапили пiд обстрiл на Курщинi.", 342
    )
    ok = LinkResult(LinkStatus.OK, "HTTP 200 OK")
    for claims, verdict in (
        ((translation,), Verdict.UNVERIFIABLE),
        ((translation, original), Verdict.SUPPORTED),
    ):
        citation = Citation("c35", 344, CitationKind.SOURCE, post.url, claims=claims)
        found = quotes.check(CheckContext(citation, post, ok, Settings(), None, (), index))[0]
        assert found.verdict is verdict, found.note
    assert "in the original too" in found.note and found.evidence == post.text


def test_only_the_likeliest_other_sources_are_judged(
    index: WindowIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Judging a source costs the second model's reading: among many other sources, those the
    ranking puts first are judged, and the one that renders the quote is among them."""
    topics = (  # each holds some of the quote's words, so each could render it
        "The governor declared the county fair open on Thursday.",
        "The county declared a holiday for the governor on Thursday.",
        "The governor declared an emergency fund for the state on Thursday.",
    )
    distractors = [
        (
            Citation(f"c1{i}", 40 + i, CitationKind.SOURCE, f"https://d{i}.example/"),
            Page(f"https://d{i}.example/", text, language="en"),
        )
        for i, text in enumerate(topics)
    ]
    weather = Page("https://weather.example/kyiv", "Kyiv stays cold.", language="en")
    claim = Claim(ClaimKind.QUOTE, "ニューサム知事は木曜日、同郡に非常事態を宣言した", 10)
    here = Citation("c02", 12, CitationKind.SOURCE, weather.url, claims=(claim,))
    there = Citation("c05", 30, CitationKind.SOURCE, PAGE.url, cited_publisher="News")
    ok = LinkResult(LinkStatus.OK, "HTTP 200 OK")
    others = (*distractors[:2], (there, PAGE), distractors[2])
    ctx = CheckContext(here, weather, ok, Settings(), None, others, index)
    judged: list[str] = []
    judge = judging.judge_quote

    def counting(quote: str, page: Page, *args: object, **kwargs: object) -> object:
        judged.append(page.url)
        return judge(quote, page, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(judging, "judge_quote", counting)
    [check] = quotes.check(ctx)
    assert "found instead in c05" in check.note
    elsewhere = [url for url in judged if url != weather.url]
    assert PAGE.url in elsewhere and len(elsewhere) <= ELSEWHERE_CANDIDATES < len(others)
    able = [p for _, p in others if _check._could_render(ctx, claim.text, p)]
    assert len(able) == len(others)  # the narrowing, not the cheap filter, spared the rest
