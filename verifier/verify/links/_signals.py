"""What a page that answered 200 says about itself: not found, parked, a bot check, a search.

Servers often hide a missing page behind a 200 (a "soft 404"), and bot walls
answer with a challenge page. The HTTP status cannot tell; the page's title,
a short text and the site's answer to a path that cannot exist can. Each
signal is read conservatively: a title that says so, or a short page that
says so in its text (an article that mentions "page not found" in its tenth
paragraph is an article), so a real page is never called missing.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from rapidfuzz import fuzz

from verifier.types import Page
from verifier.verify.tuning import OPENING, SAME_AS_PROBE, SHORT_PAGE

# A title part that is nothing but a not-found message ("Page not found | Harbour Times",
# "404 Not Found", "ページが見つかりません｜港湾新聞"), not a headline about one.
_NOT_FOUND_TITLE = re.compile(
    r"\W*(?:error\W*)?(?:404\W*)?(?:not found|page (?:not found|does ?n[o’']t exist|unavailable)"
    r"|(?:sorry,? )?(?:this |the )?(?:page|article|story|content) (?:is )?(?:no longer available"
    r"|(?:has been )?(?:removed|deleted)|not found)|file not found|404)\W*"
    r"|\W*(?:お探しの)?(?:ページ|記事)(?:が|は)(?:見つかりません(?:でした)?|存在しません"
    r"|削除されました)\W*|\W*(?:Страница не найдена|Сторінку не знайдено)\W*",
    re.IGNORECASE,
)
_TITLE_PARTS = re.compile(r"\s+[|｜–—:-]\s+|[|｜]")
_NOT_FOUND_TEXT = re.compile(
    r"\b(?:page (?:you (?:are|were|requested)[^.]{0,40})?(?:could ?n[o’']t be found|"
    r"was not found|can(?:not|[’']t) be found|does ?n[o’']t exist|no longer exists)"
    r"|we (?:could ?n[o’']t|can(?:not|[’']t)) find (?:that|the|this) page"
    r"|error 404|404 error)\b"
    r"|お探しのページは見つかりませんでした|ページが見つかりません|指定されたページは存在しません"
    r"|該当するページが見つかりません|この記事は削除されました",
    re.IGNORECASE,
)
_PARKED = re.compile(
    r"\b(?:this domain (?:name )?(?:is|may be) for sale|buy this domain|domain (?:is )?parked"
    r"|parked (?:free|domain)|the domain \S+ (?:is|may be) for sale)\b"
    r"|このドメインは(?:販売中|売却)",
    re.IGNORECASE,
)
_BOT_WALL = re.compile(
    r"^\s*(?:just a moment\.*|attention required!? \| cloudflare|access denied|"
    r"are you a (?:robot|human)\??|verify you are (?:a )?human|checking your browser.*|"
    r"pardon our interruption|please verify you are a human|security check|"
    r"one more step|human verification)\s*$",
    re.IGNORECASE,
)
_BOT_WALL_TEXT = re.compile(
    r"\b(?:enable (?:javascript|js) and cookies to continue|checking (?:if the site connection is "
    r"secure|your browser before accessing)|verify you are human by completing|"
    r"press (?:&|and) hold to confirm you are a human|ddos protection by)\b",
    re.IGNORECASE,
)
_LOGIN_WALL = re.compile(
    r"会員限定(?:コンテンツ|記事|の記事)|有料会員限定|この記事は有料会員|有料記事です"
    r"|続きを読むには.{0,20}(?:ログイン|会員登録|購読)"
    r"|\b(?:subscribe (?:now )?to (?:continue reading|read (?:the full|this) (?:article|story))"
    r"|this (?:article|content|story) is (?:for|available to|only available to) "
    r"(?:paying )?(?:subscribers|members)(?: only)?"
    r"|(?:log|sign) ?in to (?:continue reading|read (?:more|this|the full))"
    r"|continue reading your article with an? .{0,30}subscription"
    r"|subscribe to unlock this article|to read the full (?:article|story),? (?:please )?"
    r"(?:subscribe|log in|sign in))\b",
    re.IGNORECASE,
)
_ACCOUNT_PAGE = re.compile(
    r"(?:^|[/_.-])(?:login|log-in|signin|sign-in|logon|register|registration|signup|sign-up"
    r"|subscribe|account|mypage|entry|kiyaku)(?:[/_.-]|$)",
    re.IGNORECASE,
)
_SEARCH_PATH = re.compile(r"(?:^|/)(?:search|find|results)(?:/|\.\w+)?$", re.IGNORECASE)
_SEARCH_KEYS = frozenset({"q", "s", "query", "search", "keyword", "keywords", "kw"})


def says_missing(page: Page) -> str | None:
    """Why a 200 page is a page about a missing one (its title, or the opening of a short
    undated page), or a parked domain; None for a page that is what it seems."""
    title = " ".join((page.title or "").split())
    if any(_NOT_FOUND_TITLE.fullmatch(part.strip()) for part in _TITLE_PARTS.split(title)):
        return f"the page answers 200 but its title says {title!r}"
    # A dated page is an article (a missing page's notice has no date), however short.
    short = len(page.text) < SHORT_PAGE and page.published is None
    said = _NOT_FOUND_TEXT.search(page.text[:OPENING]) if short else None
    if said:
        return f"the page answers 200 but says {said.group()!r}"
    parked = _PARKED.search(f"{title}\n{page.text}") if short else None
    if parked:
        return f"a parked domain: the page says {parked.group()!r}"
    return None


def bot_wall(page: Page) -> str | None:
    """Why the page is a challenge that keeps a crawler out, not the cited page."""
    title = " ".join((page.title or "").split())
    if title and _BOT_WALL.match(title):
        return f"a bot check answered instead of the page (title {title!r})"
    said = _BOT_WALL_TEXT.search(page.text) if len(page.text) < SHORT_PAGE else None
    if said:
        return f"a bot check answered instead of the page ({said.group()!r})"
    return None


def login_wall(page: Page) -> str | None:
    """Why a page shows a subscription or login wall instead of its text, when it says so in
    a short text (`会員限定コンテンツです`, "Subscribe to continue reading"): the text behind
    it is not there to read, so the page proves nothing absent (`paywalled`)."""
    if is_account_page(page.url):
        return None  # the login or sign-up page itself: the link works, it is no wall
    said = _LOGIN_WALL.search(page.text) if len(page.text) < SHORT_PAGE else None
    return f"a login or subscription wall: the page says {said.group()!r}" if said else None


def is_account_page(url: str) -> bool:
    """A site's login, sign-up or account page (`/login`, `/ec/mypage/login.php`)."""
    return bool(_ACCOUNT_PAGE.search(urlsplit(url).path))


def is_search_page(url: str) -> bool:
    """A site's search results: a search path, or a search query in the URL."""
    parts = urlsplit(url)
    keys = {key.lower() for key in parse_qs(parts.query)}
    return bool(_SEARCH_PATH.search(parts.path.rstrip("/"))) or bool(keys & _SEARCH_KEYS)


def same_as_probe(page: Page, probe: Page | None) -> str | None:
    """Why `page` is the page the site serves for any path it does not have: the same text as
    its answer to a made-up path (a site that never says 404)."""
    if probe is None or not page.text.strip():
        return None
    score = fuzz.ratio(page.text[:4000], probe.text[:4000])
    if score >= SAME_AS_PROBE:
        return (
            f"the site answers a made-up path with the same page ({score:.0f}% alike): "
            "it serves this for anything it does not have"
        )
    return None
