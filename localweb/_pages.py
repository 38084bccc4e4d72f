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


INJECTION_PAGE = article(
    'Harbour vote <script>window.__pwned = "title"</script>',
    [
        'The council approved the harbour budget <img src=x onerror="window.__pwned = '
        "'text'\"> by seven votes to two on Tuesday.",
        '<script>window.__pwned = "paragraph"</script> The ferry will keep running.',
        '"><svg onload="window.__pwned = 1"> javascript:alert(1) ends the report.',
    ],
    published="2024-11-05T09:30:00+00:00",
).encode()
"""A page whose text is markup that tries to run: a report must show it as text."""

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

#: A Russian article in windows-1251 with no charset anywhere and no `lang`: only the bytes
#: tell the encoding, and only the letters the language.
WINDOWS_1251_PAGE = (
    article(
        "Мэрия продлила работу вечернего парома до конца февраля",
        [
            "Вечерний паром будет ходить до конца февраля, сообщили в мэрии во вторник. "
            "Летом число пассажиров выросло на 12 процентов, и последний рейс часто был "
            "полностью занят.",
            "В прошлом году паром перестал ходить в декабре; в этом году расписание "
            "продлено на два месяца.",
        ],
        published="2024-11-05T09:30:00+03:00",
    )
    .replace('<meta charset="utf-8">', "")
    .replace('<html lang="en">', "<html>")
    .encode("cp1251")
)

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


def _plain(title: str, body: str, lang: str = "en") -> bytes:
    """A bare page: a title and a little markup, as error and challenge pages come."""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>{body}</body></html>\n"
    ).encode()


NOT_FOUND_PAGE = _plain(
    "Page not found | Harbour Times",
    "<nav><a href='/'>Home</a></nav><h1>Sorry, we couldn't find that page.</h1>"
    "<p>The page you requested could not be found. Try the search box.</p>",
)
NOT_FOUND_JA_PAGE = _plain(
    "ページが見つかりません | 港湾新聞",
    "<h1>お探しのページは見つかりませんでした</h1><p>URLをご確認ください。</p>",
    "ja",
)
SEARCH_PAGE = _plain(
    "Search results: harbour ferry | Harbour Times",
    "<h1>Search results</h1><ol><li><a href='/ok'>Harbour ferry timetable extended</a></li>"
    "<li><a href='/ok'>Ferry passengers up 12 percent</a></li></ol>",
)
MENTIONS_NOT_FOUND_PAGE = article(
    "Why the council's website kept saying page not found",
    [
        "For three weeks in October the council's planning portal answered almost every "
        "request with an error. Residents who tried to file objections were told the page "
        "could not be found, and several deadlines passed before anyone noticed.",
        "The council's digital team said the fault lay with a content delivery service "
        "that cached an outage page for far longer than intended.",
        "It has since moved the portal to another provider and added monitoring of its own, "
        "and the planning committee agreed on Monday to extend every deadline that fell in "
        "those three weeks by a month.",
        "Opposition councillors asked why nobody had checked the portal from outside the "
        "council's own network, where the error never showed.",
    ],
    published="2024-11-04T08:00:00+00:00",
).encode()
CHALLENGE_PAGE = _plain(
    "Just a moment...",
    "<noscript>Enable JavaScript and cookies to continue</noscript>"
    "<div id='challenge-running'>Checking if the site connection is secure</div>",
)
ATTENTION_PAGE = _plain(
    "Attention Required! | Cloudflare",
    "<h1>Sorry, you have been blocked</h1><p>You are unable to access this site.</p>",
)
CATCHALL_PAGE = article(
    "Catch-all Gazette: latest stories",
    [
        "Welcome to the Catch-all Gazette. Our newsroom covers the port, the council and "
        "the weather. Browse the latest stories below or use the search box.",
    ],
    published="2024-11-01T00:00:00+00:00",
).encode()
PARKED_PAGE = _plain(
    "parked.test",
    "<h1>parked.test</h1><p>This domain may be for sale. Buy this domain today.</p>",
)


def pdf_document(title: str, lines: list[str], created: str) -> bytes:
    """A one-page PDF with `lines` of text and its document information (Title, Author,
    CreationDate as `D:YYYYMMDDHHmmSSZ`), built by hand: offsets and xref are real."""
    text = " ".join(f"({_pdf_escape(line)}) Tj 0 -16 Td" for line in lines)
    stream = f"BT /F1 11 Tf 72 720 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({_pdf_escape(title)}) /Author (Harbour Authority) "
        f"/CreationDate ({created}) >>".encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


REPORT_PDF = pdf_document(
    "Harbour Authority Annual Report 2024",
    [
        "Harbour Authority Annual Report 2024",
        "Passenger numbers rose by 12 percent over the summer.",
        "The evening ferry will keep running until the end of February.",
    ],
    "D:20241105093000Z",
)
DATA_JSON = json.dumps(
    {"title": "Ferry statistics", "items": [{"note": "Passenger numbers rose by 12 percent."}]}
).encode()
SUBSCRIBERS_PAGE = _plain(
    "Ferry report: the winter timetable | Harbour Times",
    "<h1>Ferry report: the winter timetable</h1><p>The harbour authority has extended the "
    "evening ferry.</p><div class='paywall'><p>This article is for subscribers only. "
    "Subscribe to continue reading.</p></div>",
)
LOGIN_PAGE = _plain(
    "Log in | Harbour Times",
    "<h1>Log in</h1><form><label>E-mail <input name='email'></label>"
    "<label>Password <input type='password' name='password'></label></form>"
    "<p>Log in to read the full story.</p>",
)
