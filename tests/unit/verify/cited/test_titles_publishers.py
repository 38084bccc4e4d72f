"""The `title` and `publisher` checks on handmade pages."""

from __future__ import annotations

import dataclasses

import pytest

from tests.builders import ARTICLE, checks_of, citation, page, publisher_check, title_check
from verifier.types import Citation, LinkResult, LinkStatus, Page, Verdict
from verifier.verify.cited import publishers, titles
from verifier.verify.tuning import SAME


def _citation(
    title: str | None = "Speculation swirls",
    publisher: str | None = "Politico",
    url: str | None = ARTICLE,
    passage: str = "",
) -> Citation:
    """The Politico article, cited on line 65 (after its passage, from line 61)."""
    return citation(
        line=65,
        url=url,
        cited_title=title,
        cited_publisher=publisher,
        passage=passage,
        passage_line=61 if passage else None,
    )


def _page(
    title: str | None = "Speculation swirls - POLITICO",
    publisher: str | None = "POLITICO",
    url: str = ARTICLE,
    text: str = "Body text of the article.",
) -> Page:
    return page(text, url=url, title=title, publisher=publisher)


# --- title ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cited", "page_title"),
    [
        ("Speculation swirls", "Speculation swirls - POLITICO"),
        ("Trump wins Arizona", "Trump wins Arizona | The Hill"),
        ("ウクライナ軍「北朝鮮部隊に攻撃」", "ウクライナ軍「北朝鮮部隊に攻撃」｜日本経済新聞"),
        (
            "Trump has three choices – Politico",
            "Trump has three choices – Politico – RT World News",
        ),
        (
            "Marco Rubio on goal to end Ukraine war",
            "Marco Rubio on goal to end Ukraine war- YouTube",
        ),
        ("Trump’s “plan” — explained", 'TRUMP\'S "PLAN" - EXPLAINED'),
        ("Ｔｒｕｍｐ　ｗｉｎｓ　Ａｒｉｚｏｎａ", "Trump wins Arizona"),
        ("The deal", "The deal: what it means for Kyiv and for Moscow"),
    ],
)
def test_title_matches_despite_site_names_and_spelling(cited: str, page_title: str) -> None:
    check = title_check(_citation(cited), _page(page_title))
    assert check.verdict is Verdict.SUPPORTED
    assert check.score is not None and check.score >= SAME / 100
    assert check.evidence == page_title


def test_a_title_typed_with_look_alike_letters_is_the_same_title() -> None:
    """A Latin `i` typed for the Ukrainian `і` is folded as in the quote check."""
    page_title = "Перші військові КНДР уже в Курській області"
    check = title_check(_citation("Першi вiйськовi КНДР уже в Курськiй областi"), _page(page_title))
    assert check.verdict is Verdict.SUPPORTED
    assert check.evidence == page_title


def test_an_edited_cyrillic_title_shows_its_words_as_written() -> None:
    check = title_check(_citation("Першi вiйськовi прибули"), _page("Перші військові відбули"))
    assert check.verdict is Verdict.CONTRADICTED
    assert "'відбули' where the citation says 'прибули'" in check.note


def test_a_site_name_alone_does_not_match_another_title() -> None:
    check = title_check(
        _citation("Musk joined the call – Politico"), _page("Rubio tipped for State - POLITICO")
    )
    assert check.verdict is Verdict.CONTRADICTED
    assert "Rubio tipped for State" in check.note


def test_another_title_is_contradicted_with_both_shown() -> None:
    cited = "Speculation swirls as Trump begins vetting for top White House jobs"
    check = title_check(_citation(cited), _page("Who might make up Trump’s Cabinet - POLITICO"))
    assert check.verdict is Verdict.CONTRADICTED
    assert "Who might make up Trump’s Cabinet" in check.note and cited in check.note


@pytest.mark.parametrize(
    "cited",
    [
        "Speculation swirls as Trump begins vetting for White House jobs",  # a word left out
        "Speculation swirls as Trump begins vetting for top White House j",  # cut short
        "Speculation swirls as Trump begins vetting…",
    ],
)
def test_a_shortened_headline_is_supported(cited: str) -> None:
    page = _page("Speculation swirls as Trump begins vetting for top White House jobs - POLITICO")
    check = title_check(_citation(cited), page)
    assert check.verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(
    ("cited", "page_title", "changed"),
    [
        ("Scoop: Elon Musk skipped Trump’s call with Zelensky",
         "Scoop: Elon Musk joined Trump's call with Zelensky", "'joined' where the citation says "
         "'skipped'"),
        ("Trump has five choices for secretary of state – Politico",
         "Trump has three choices for secretary of state – Politico", "'three'"),
        ("Trump loses Arizona", "Trump wins Arizona | The Hill", "'wins' where the citation says"),
        ("岩上安身によるインタビュー第1164回ゲスト 塩原俊彦氏(第4回)",
         "岩上安身によるインタビュー第1170回ゲスト 塩原俊彦氏（第5回）", "'1170' where the "
         "citation says '1164'"),
        ("Speculation swirls as Trump begins vetting for top White House jobs",
         "Speculation swirls as Trump starts vetting for White House jobs - POLITICO",
         "'starts' where the citation says 'begins'"),
    ],
)  # fmt: skip
def test_a_similar_title_with_a_word_or_number_changed_is_contradicted(
    cited: str, page_title: str, changed: str
) -> None:
    check = title_check(_citation(cited), _page(page_title))
    assert check.verdict is Verdict.CONTRADICTED
    assert page_title in check.note and cited in check.note and changed in check.note
    assert check.evidence == page_title


def test_unreadable_page_makes_the_title_unverifiable() -> None:
    dead = LinkResult(LinkStatus.DEAD, "404 Not Found")
    check = title_check(_citation(), None, dead)
    assert check.verdict is Verdict.UNVERIFIABLE
    assert "dead" in check.note


def test_a_paywalled_page_still_shows_its_title() -> None:
    paywalled = LinkResult(LinkStatus.PAYWALLED, "paywall")
    page = dataclasses.replace(_page(), paywalled=True)
    assert title_check(_citation(), page, paywalled).verdict is Verdict.SUPPORTED


def test_a_label_the_page_shows_is_supported() -> None:
    page = _page(
        "Home",
        "US Elections Project",
        "https://www.electproject.org/data",
        "US Elections Project data",
    )
    check = title_check(_citation("US Elections Project"), page)
    assert check.verdict is Verdict.SUPPORTED
    assert "label" in check.note


def test_a_front_page_section_is_not_called_wrong() -> None:
    page = _page(
        "The Hill | Breaking News, Politics", "The Hill", "https://thehill.com/", "Top Stories"
    )
    check = title_check(
        _citation("2024 Presidential Results", "The Hill", "https://thehill.com/"), page
    )
    assert check.verdict is Verdict.UNVERIFIABLE
    assert "front page" in check.note


def test_a_japanese_description_of_a_foreign_page_is_unverifiable() -> None:
    url = "https://t.me/akovalenko1989/8222"
    page = _page("Andriy Kovalenko", "Telegram", url, "join Andriy Kovalenko right away")
    check = title_check(_citation("コバレンコ所長の4日のテレグラムポスト", None, url), page)
    assert check.verdict is Verdict.UNVERIFIABLE
    assert "description" in check.note


def test_no_title_no_check() -> None:
    assert checks_of(titles, _citation(title=None), _page()) == []


# --- publisher: the page -------------------------------------------------------------------


@pytest.mark.parametrize("cited", ["Politico", "POLITICO", "ポリティコ", "ﾎﾟﾘﾃｨｺ"])
def test_any_alias_of_the_publisher_is_supported_by_its_domain(cited: str) -> None:
    check = publisher_check(_citation(publisher=cited), _page())
    assert check.verdict is Verdict.SUPPORTED
    assert "politico.com" in check.note


def test_site_name_supports_when_the_domain_is_unknown() -> None:
    page = _page(publisher="Ukrainska Pravda", url="https://mirror.example.org/a")
    check = publisher_check(_citation(publisher="ウクライナ・プラウダ", url=page.url), page)
    assert check.verdict is Verdict.SUPPORTED
    assert "site name" in check.note


def test_another_known_publisher_is_contradicted() -> None:
    check = publisher_check(_citation(publisher="Axios"), _page())
    assert check.verdict is Verdict.CONTRADICTED
    assert "Politico" in check.note and "Axios" in check.note


@pytest.mark.parametrize(
    ("cited", "site_name", "verdict"),
    [
        ("Hromadske", "Hromadske", Verdict.SUPPORTED),  # the page names it
        ("Kyivskyi Visnyk", "Київський вісник", Verdict.SUPPORTED),  # in Latin letters
        ("Daily Planet", "Hromadske", Verdict.CONTRADICTED),  # plainly another publisher
        ("Coastal Ledger", "The Meridian Herald", Verdict.CONTRADICTED),
        ("湾岸日報", "東都経済新聞", Verdict.CONTRADICTED),
        ("Daily Planet", "Громадське", Verdict.CONTRADICTED),  # read in Latin letters
        ("ハルデン湾港湾局", "Port of Halden Bay", Verdict.UNVERIFIABLE),  # two languages
    ],
)
def test_a_publisher_unknown_to_the_table_is_held_against_the_pages_site_name(
    cited: str, site_name: str, verdict: Verdict
) -> None:
    page = _page(publisher=site_name, url="https://news.example.net/posts/1")
    check = publisher_check(_citation(publisher=cited, url=page.url), page)
    assert check.verdict is verdict, check.note


def test_an_unreadable_page_of_an_unknown_publisher_is_judged_by_its_domain() -> None:
    dead = LinkResult(LinkStatus.DEAD, "HTTP 404 Not Found")
    url = "https://www.pacificslopetimes.com/california/2024-11-09/fire"
    check = publisher_check(_citation(publisher="Pacific Slope Times", url=url), None, dead)
    assert check.verdict is Verdict.SUPPORTED and check.evidence == "pacificslopetimes.com"
    other = publisher_check(_citation(publisher="Daily Planet", url=url), None, dead)
    assert other.verdict is Verdict.UNVERIFIABLE


@pytest.mark.parametrize(
    ("cited", "url", "verdict"),
    [
        ("MLB.com", "https://www.mlb.com/news/world-series", Verdict.SUPPORTED),
        ("MLB.com", "https://www.espn.com/mlb/story/_/id/1", Verdict.CONTRADICTED),
        ("RBC", "https://www.rbc.ru/politics/08/11/2024/1", Verdict.SUPPORTED),
    ],
)
def test_a_publisher_named_by_its_domain_is_checked_against_the_page_domain(
    cited: str, url: str, verdict: Verdict
) -> None:
    page = _page(publisher="РБК" if "rbc" in url else "ESPN", url=url)
    assert publisher_check(_citation(publisher=cited, url=url), page).verdict is verdict


def test_a_known_publisher_on_a_site_spelt_by_its_own_domain_is_contradicted() -> None:
    url = "https://www.cbsnews.com/news/hurricane-milton/"
    check = publisher_check(
        _citation(publisher="CNN", url=url), _page(publisher="CBS News", url=url)
    )
    assert check.verdict is Verdict.CONTRADICTED and "CBS News" in check.note
    other = "https://mirror.example.org/a"
    check = publisher_check(
        _citation(publisher="CNN", url=other), _page(publisher="CBS News", url=other)
    )
    # a site name alone, on a domain of neither: the page still presents itself as another
    assert check.verdict is Verdict.CONTRADICTED and "CBS News" in check.note
    unlike = publisher_check(
        _citation(publisher="CNN", url=other), _page(publisher="CNN International", url=other)
    )
    assert unlike.verdict is not Verdict.CONTRADICTED


MAINICHI = "https://mainichi.jp/articles/20241031/k00/00m/050/071000c"


@pytest.mark.parametrize(
    ("url", "site_name"),
    [
        (MAINICHI, None),  # the domain says whose page it is
        ("https://mirror.example.org/a", "毎日新聞"),  # or else the site name does
    ],
)
def test_an_unknown_name_on_another_known_publishers_page_is_contradicted(
    url: str, site_name: str | None
) -> None:
    page = _page("ドジャース4年ぶりWS制覇", site_name, url)
    check = publisher_check(_citation(publisher="日刊ゲンダイ", url=url), page)
    assert check.verdict is Verdict.CONTRADICTED
    assert "The Mainichi" in check.note and "'日刊ゲンダイ' is not one of its names" in check.note


@pytest.mark.parametrize(
    ("cited", "url"),
    [
        ("Mainichi Shinbun", MAINICHI),  # spelt otherwise
        ("日経ビジネス", "https://business.nikkei.com/atcl/gen/19/00002/"),  # a sub-brand
        ("ジャパン・タイムス", "https://www.japantimes.co.jp/news/2024/"),  # katakana of its name
        ("ルモンド紙", "https://www.lemonde.fr/politique/article/"),
    ],
)
def test_an_unknown_name_like_the_pages_own_publisher_is_not_contradicted(
    cited: str, url: str
) -> None:
    check = publisher_check(_citation(publisher=cited, url=url), _page("A story", None, url))
    assert check.verdict is Verdict.UNVERIFIABLE
    assert "spelt otherwise" in check.note


def test_an_unknown_katakana_name_is_confirmed_by_the_cyrillic_site_name_it_reads_as() -> None:
    url = "https://strana.today/news/1.html"
    page = _page("Новини", "Страна", url)
    check = publisher_check(_citation(publisher="ストラナ", url=url), page)
    assert check.verdict is Verdict.SUPPORTED, check.note
    assert "Страна" in check.note
    other = publisher_check(_citation(publisher="ウニアン", url=url), page)
    assert other.verdict is Verdict.UNVERIFIABLE


def test_an_unknown_channel_on_a_platform_is_not_contradicted() -> None:
    url = "https://www.youtube.com/watch?v=x"
    page = _page("A video - YouTube", "YouTube", url)
    assert publisher_check(_citation(publisher="日刊ゲンダイ", url=url), page).verdict is (
        Verdict.UNVERIFIABLE
    )


@pytest.mark.parametrize(
    ("cited", "url"),
    [
        ("ターゲスシャウ", "https://www.tagesschau.de/inland/a.html"),
        ("ル・モンド", "https://www.lemonde.fr/politique/a.html"),
        ("ジャパンタイムズ", "https://www.japantimes.co.jp/business/a/"),
        ("シュピーゲル", "https://www.spiegel.de/politik/a"),
        ("フィガロ", "https://www.lefigaro.fr/politique/a"),
        ("日刊スポーツ", "https://www.nikkansports.com/baseball/a.html"),
        ("宇宙航空研究開発機構", "https://www.jaxa.jp/press/2024/11/a.html"),
        ("NASA", "https://www.nasa.gov/news-release/a/"),
        ("東京新聞", "https://www.tokyo-np.co.jp/article/360412"),
        ("インタファクス", "https://www.interfax.ru/russia/1"),
        ("Meduza", "https://meduza.io/en/news/a"),
        ("Kyiv Independent", "https://kyivindependent.com/a/"),
        ("ウクルインフォルム", "https://www.ukrinform.ua/rubric-economy/1.html"),
        ("Українська правда", "https://www.pravda.com.ua/news/2024/11/1/"),
        ("RBC-Ukraine", "https://www.rbc.ua/rus/news/a.html"),
        ("Суспільне", "https://suspilne.media/123-a/"),
        ("インタファクス・ウクライナ", "https://interfax.com.ua/news/general/1.html"),
        ("Kyiv Post", "https://www.kyivpost.com/post/1"),
        ("RIA", "https://ria.ru/20241121/a.html"),
    ],
)
def test_major_outlets_are_in_the_table(cited: str, url: str) -> None:
    check = publisher_check(_citation(publisher=cited, url=url), _page("A story", None, url))
    assert check.verdict is Verdict.SUPPORTED, check.note


@pytest.mark.parametrize(
    ("cited", "url"),
    [
        ("ロシア大統領府", "http://kremlin.ru/events/president/news/75614"),
        ("クレムリン", "http://en.kremlin.ru/events/president/news/75614"),
        ("ホワイトハウス", "https://www.whitehouse.gov/briefing-room/"),
        ("首相官邸", "https://www.kantei.go.jp/jp/103/statement/"),
        ("外務省", "https://www.mofa.go.jp/mofaj/press/"),
        ("防衛省", "https://www.mod.go.jp/j/press/"),
        ("米国務省", "https://www.state.gov/briefings/"),
        ("ウクライナ大統領府", "https://www.president.gov.ua/news/a"),
    ],
)
def test_government_sites_are_known_by_their_japanese_names(cited: str, url: str) -> None:
    check = publisher_check(_citation(publisher=cited, url=url), _page("Statement", None, url))
    assert check.verdict is Verdict.SUPPORTED, check.note


def test_one_government_cited_for_anothers_site_is_contradicted() -> None:
    url = "http://kremlin.ru/events/president/news/75614"
    page = _page("Заявление Президента России", "Президент России", url)
    check = publisher_check(_citation(publisher="ホワイトハウス", url=url), page)
    assert check.verdict is Verdict.CONTRADICTED
    assert "Kremlin" in check.note


def test_a_known_outlet_on_another_outlets_page_is_contradicted() -> None:
    url = "https://www.tagesschau.de/inland/a.html"
    check = publisher_check(_citation(publisher="シュピーゲル", url=url), _page("A", None, url))
    assert check.verdict is Verdict.CONTRADICTED
    assert "tagesschau" in check.note and "Der Spiegel" in check.note


@pytest.mark.parametrize(
    ("url", "verdict"),
    [
        ("https://www.rubio.senate.gov/", Verdict.SUPPORTED),
        ("https://www.kantei.go.jp/jp/", Verdict.SUPPORTED),
        ("https://marcorubio.com/", Verdict.UNVERIFIABLE),
    ],
)
def test_official_site_needs_a_government_domain(url: str, verdict: Verdict) -> None:
    page = _page("Home", "Someone", url)
    assert publisher_check(_citation("MARCO RUBIO", "公式サイト", url), page).verdict is verdict


def test_a_channel_on_a_platform_is_supported_when_the_page_names_it() -> None:
    url = "https://www.youtube.com/watch?v=Llk2wk6UZpY"
    named = _page("Rubio on TODAY - YouTube", "YouTube", url, "TODAY · 4.6M subscribers")
    check = publisher_check(_citation(publisher="TODAY", url="https://youtu.be/Llk2wk6UZpY"), named)
    assert check.verdict is Verdict.SUPPORTED
    assert "YouTube" in check.note


def test_a_platform_never_contradicts_a_channel() -> None:
    url = "https://www.youtube.com/watch?v=x"
    silent = _page("A video - YouTube", "YouTube", url, "Before you continue to YouTube today")
    check = publisher_check(_citation(publisher="TODAY", url=url), silent)
    assert check.verdict is Verdict.UNVERIFIABLE
    assert "channel" in check.note


def test_a_dead_link_is_judged_by_its_domain() -> None:
    dead = LinkResult(LinkStatus.DEAD, "404 Not Found")
    assert publisher_check(_citation(), None, dead).verdict is Verdict.SUPPORTED
    check = publisher_check(_citation(publisher="Axios"), None, dead)
    assert check.verdict is Verdict.CONTRADICTED
    assert "politico.com (Politico), not Axios" in check.note and "404" in check.note


@pytest.mark.parametrize(
    ("publisher", "url"),
    [
        ("Axios", "https://example.org/story"),  # a domain the table does not know
        ("TODAY", "https://www.youtube.com/watch?v=x"),  # a platform: the channel is unseen
        ("Some Blog", ARTICLE),  # a publisher the table does not know
    ],
)
def test_a_dead_link_on_an_unknown_or_platform_domain_is_unverifiable(
    publisher: str, url: str
) -> None:
    dead = LinkResult(LinkStatus.DEAD, "404 Not Found")
    check = publisher_check(_citation(publisher=publisher, url=url), None, dead)
    assert check.verdict is Verdict.UNVERIFIABLE


def test_no_url_no_page_check() -> None:
    assert (
        checks_of(publishers, _citation(publisher="フィナンシャル・タイムズ", url=None), None) == []
    )


# --- publisher: names in the passage -------------------------------------------------------


def test_a_passage_naming_another_publisher_is_reported() -> None:
    passage = "前置き。\n\n 11月7日付『ウォール・ストリート・ジャーナル日本版』が報じています。"
    checks = checks_of(
        publishers,
        _citation(publisher="AXIOS", passage=passage),
        _page(url="https://www.axios.com/a"),
    )
    mention = checks[1]
    assert (mention.claim, mention.line) == ("『ウォール・ストリート・ジャーナル日本版』", 63)
    assert mention.verdict is Verdict.NOT_FOUND
    assert "The Wall Street Journal" in mention.note and "Axios" in mention.note


def test_matching_and_unknown_names_are_not_problems() -> None:
    passage = "『ポリティコ』は6日、『準備はできている』と報じました。\nこの『ポリティコ』の記事。"
    checks = checks_of(publishers, _citation(passage=passage), _page())
    assert [(c.claim, c.line, c.verdict) for c in checks[1:]] == [
        ("『ポリティコ』", 61, Verdict.SUPPORTED)
    ]


def test_a_back_reference_to_an_earlier_citation_is_not_reported() -> None:
    passage = "この『日経』の報道の根拠は、以下の2点です。"
    url = "https://t.me/akovalenko1989/8222"
    checks = checks_of(publishers, _citation("post", None, url, passage), _page(url=url))
    assert checks == []


def test_an_edition_prefix_is_part_of_the_name() -> None:
    passage = " ウクライナ版『プラウダ』は、11月6日付で報じました。"
    url = "https://www.pravda.com.ua/eng/news/1/"
    checks = checks_of(
        publishers,
        _citation(publisher="Ukrainska Pravda", url=url, passage=passage),
        _page(url=url),
    )
    assert (checks[1].claim, checks[1].verdict) == ("ウクライナ版『プラウダ』", Verdict.SUPPORTED)
