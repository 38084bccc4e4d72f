"""Bodies for the built-in routes: small, original, generated once at import.

The pages are written to look like a publisher's article (JSON-LD, Open
Graph, boilerplate around the text) so the extract stage has real work to
do, but they are short: the failure routes test the crawler, not the
extractor.
"""

from __future__ import annotations

import base64
import html
import json


def article(title: str, paragraphs: list[str], *, published: str, lang: str = "en") -> str:
    """An article page with JSON-LD, Open Graph and a little boilerplate."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    safe_title = html.escape(title)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": published,
    }
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{safe_title}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{safe_title}">
<meta property="article:published_time" content="{published}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About</a></nav>
<article>
<h1>{safe_title}</h1>
{body}
</article>
<footer>Local test web. Nothing on this page is real news.</footer>
</body>
</html>
"""


def error_page(status: int, reason: str) -> bytes:
    """The short page behind a 4xx or 5xx, as most servers send one."""
    return f"<!doctype html><title>{status} {reason}</title><h1>{status} {reason}</h1>\n".encode()


OK_PAGE = article(
    "Harbour ferry timetable extended for winter",
    [
        "The harbour authority said on Tuesday that the evening ferry will keep "
        "running until the end of February, two months longer than last year.",
        "Passenger numbers rose by 12 percent over the summer, according to the "
        "authority's own count, and the late crossing was often full.",
    ],
    published="2024-11-05T09:30:00+00:00",
).encode()


def _japanese_page(charset: str) -> str:
    """A short Japanese article whose meta tag names `charset`.

    Every character is in JIS X 0208, so it encodes to Shift_JIS and EUC-JP.
    """
    page = article(
        "市立図書館、開館時間を延長へ",
        [
            "市の教育委員会は6日、市立図書館の開館時間を来月から午後9時まで延長すると発表した。",
            "利用者は前年より約1万2千人増えており、平日夜の利用が多いという。",
            "委員会によると、延長にかかる費用は年間およそ950万円の見込み。",
        ],
        published="2024-11-06T18:00:00+09:00",
        lang="ja",
    )
    return page.replace('<meta charset="utf-8">', f'<meta charset="{charset}">')


SHIFT_JIS_PAGE = _japanese_page("Shift_JIS").encode("shift_jis")
EUC_JP_PAGE = _japanese_page("EUC-JP").encode("euc_jp")

#: UTF-8 bytes that a header will call ISO-8859-1: mojibake unless sniffed.
WRONG_CHARSET_PAGE = (
    article(
        "Café owners in Zürich criticise “naïve” rent rules",
        [
            "Owners of small cafés say the city’s new rules — in force since "
            "March — raised rents by as much as 18 %.",
        ],
        published="2024-10-01T08:00:00+02:00",
    )
    .replace('<meta charset="utf-8">', "")
    .encode("utf-8")
)

#: A valid 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
