"""E-mail links as platforms send them: click-tracking wrappers and the newsletter's furniture.

A newsletter platform rewrites every link of an e-mail to pass through its click
tracker. Where the wrapper carries the real URL (a `url=` parameter, Substack's
base64url JSON path segment), `unwrap` reads it back before anything is fetched, so
the archive, the checks and the report speak of the article, and the report shows
the link as written beside it. An opaque wrapper (Mailchimp's `track/click?u=...`)
only answers with a redirect, which the crawler follows and records as any other.

`furniture` tells the links that cite nothing: unsubscribe and preference pages,
share buttons, social profiles, "view in browser", the platform's own badge.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from urllib.parse import parse_qsl, unquote, urlsplit

# A wrapper's path or host says it is one: /redirect/, /click, /track, Mailgun's /c/...
_WRAPPER = re.compile(r"redirect|click|track|(?:^|/)(?:c|l|r|ss/c|link)/", re.IGNORECASE)
_TARGET_KEYS = frozenset(
    {"url", "u", "redirect", "redirect_url", "target", "dest", "destination", "link", "to", "r"}
)
_SHARE = re.compile(
    r"(?:twitter\.com|x\.com)/(?:intent|share)|facebook\.com/(?:sharer|share|dialog)"
    r"|linkedin\.com/(?:sharing|sharearticle|cws/share)|reddit\.com/submit|t\.me/share"
    r"|telegram\.me/share|wa\.me/|api\.whatsapp\.com|pinterest\.com/pin/create"
    r"|bsky\.app/intent|threads\.net/intent",
)
_ACCOUNT = re.compile(
    r"unsubscribe|opt-?out|/preferences|manage[-_]?(?:subscription|preferences|profile)"
    r"|list-manage\.com/(?:unsubscribe|profile|vcard|about)|/subscribe\b|/signup|/account\b"
    r"|email-?settings|/app-link|/publish\b|/start-writing|utm_campaign=pub-share"
    r"|/view-in-browser|/webversion|mailchi\.mp/[^/]+/[^/]+\?e=|/subscriptions?(?:/|$|\?)"
    r"|/mail/stop|email-referral|/app-store|/redirect/app|/settings\b|action=restack",
)
_SOCIAL_HOSTS = frozenset(
    {
        *("twitter.com", "x.com", "facebook.com", "instagram.com", "linkedin.com"),
        *("youtube.com", "t.me", "threads.net", "bsky.app", "tiktok.com", "vk.com"),
    }
)
# A profile, not a post: one path segment, or LinkedIn's /in/x and /company/x, YouTube's
# /@x, /channel/x, /c/x and /user/x.
_PROFILE = re.compile(
    r"^/(?:(?!watch$|playlist$|results$|live$)@?[\w.-]+|(?:in|company|channel|c|user|profile)/[\w.-]+)/?$"
)
# A profile linked by the network's own name ("Follow us on [Bluesky]") is an icon in words.
_NETWORK = re.compile(
    r"^(?:follow us on |follow |us on )?(?:x|twitter|facebook|instagram|linkedin|bluesky|youtube"
    r"|telegram|threads|tiktok|mastodon|vk|вконтакте|телеграм)$",
    re.IGNORECASE,
)
# A button's words, the whole of them: "Share", "Tweet", "Поділитися", "シェア"...
_BUTTON = re.compile(
    r"^\W*(?:share|tweet|post|forward|comment|comments|reply|like"
    r"|поділитися|поделиться|переслати|переслать|твітнути|твитнуть|коментувати|комментировать"
    r"|シェア|シェアする|共有|転送|ツイート|ポスト|コメント|いいね)\W*$",
    re.IGNORECASE,
)
_FURNITURE_WORDS = re.compile(
    r"unsubscribe|manage (?:your )?(?:preferences|subscription)|update (?:your )?preferences"
    r"|view (?:this (?:email|issue) )?(?:in (?:your |a )?browser|online)|read online"
    r"|forward (?:this )?to a friend|powered by|відписатися|отписаться|налаштування підписки"
    r"|配信停止|登録解除|copyright|©|all rights reserved|усі права захищено|все права защищены"
    r"|無断転載|в браузере|в браузері|веб-верси|онлайн-верси|ブラウザで|web版|ウェブ版"
    r"|переслать другу|переслати другу|настройки подписки|配信設定",
)


def wrapped(url: str) -> bool:
    """Whether `url` has the shape of a click-tracking wrapper (a host or path that says
    redirect, click, track, or Mailgun's and beehiiv's /c/ and /ss/c/)."""
    parts = urlsplit(url)
    return bool(_WRAPPER.search(parts.netloc + parts.path))


def unwrap(url: str) -> str | None:
    """The real URL a click-tracking wrapper carries, or None when `url` is no wrapper or
    the wrapper does not say (an opaque one: its redirect will)."""
    if not wrapped(url):
        return None
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        target = unquote(value).strip()
        if key.lower() in _TARGET_KEYS and target.startswith(("http://", "https://")):
            return target
    decoded = (_decoded(segment.split(".")[0]) for segment in parts.path.split("/"))
    return next((target for target in decoded if target is not None), None)


def _decoded(segment: str) -> str | None:
    """A URL held by a base64url path segment, bare or as a JSON object's value."""
    if len(segment) < 16:
        return None
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if raw.startswith(("http://", "https://")):
        return raw
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    values = data.values() if isinstance(data, dict) else ()
    return next((v for v in values if isinstance(v, str) and v.startswith("http")), None)


def furniture(url: str, words: str = "", *, icon: bool = False) -> bool:
    """Whether a link is the newsletter's furniture, not a citation: its URL or the words
    it stands in say unsubscribe, share, view in browser...; or it is a social profile's
    icon (a profile linked in words, "our channel: https://t.me/...", stays a reference)."""
    lowered = url.lower()  # the patterns are lower-case: a case-blind one reads far slower
    if _SHARE.search(lowered) or _ACCOUNT.search(lowered):
        return True
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    profile = host in _SOCIAL_HOSTS and _PROFILE.match(parts.path or "/") is not None
    if profile and (icon or _NETWORK.match(words.strip())):
        return True
    if _BUTTON.match(words):
        return True
    return bool(words) and len(words) < 200 and bool(_FURNITURE_WORDS.search(words.lower()))
