"""Bytes to text, trusting declarations only as far as the bytes agree.

Order: byte-order mark > HTTP ``charset`` > ``<meta charset>`` (or
http-equiv, or an XML declaration) in the first 4 KB > charset-normalizer's
guess > UTF-8 with replacement characters. A declaration is used only when
the body decodes cleanly with it, and a legacy declaration loses to UTF-8
when the body is valid UTF-8 with non-ASCII bytes: that combination is what
a server misconfigured to say ISO-8859-1 sends, while real legacy text is
almost never valid UTF-8 by accident.

Japanese names map to Python's supersets, the way browsers decode them:
Shift_JIS is really Windows-31J (``cp932``: NEC and IBM extensions, ①, ㈱).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_SNIFF_BYTES = 4096
_UTF8 = "utf-8"

# Declared label (lowercased, "_" -> "-") -> Python codecs to try in order.
_ALIASES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("shift-jis", "shift_jis", "sjis", "x-sjis", "ms-kanji", "csshiftjis", "windows-31j"),
        ("cp932",),
    ),
    **dict.fromkeys(
        ("euc-jp", "eucjp", "x-euc-jp", "cseucpkdfmtjapanese"), ("euc_jp", "euc_jis_2004")
    ),
    **dict.fromkeys(("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"), ("cp1252",)),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk"), ("gb18030",)),
    **dict.fromkeys(("euc-kr", "ks-c-5601-1987"), ("cp949",)),
    "big5": ("big5hkscs",),
    "tis-620": ("cp874",),
}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:()-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:()-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]*encoding\s*=\s*[\"']([\w.:()-]+)", re.IGNORECASE)


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Return (text, name of the codec used)."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace"), codec
    for label in (_header_label(content_type), _sniffed_label(body[:_SNIFF_BYTES])):
        found = _decode_declared(body, label) if label else None
        if found:
            return found
    guess = charset_normalizer.from_bytes(body).best()
    if guess is not None:
        return str(guess), guess.encoding
    return body.decode(_UTF8, errors="replace"), _UTF8


def _header_label(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _sniffed_label(head: bytes) -> str | None:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _decode_declared(body: bytes, label: str) -> tuple[str, str] | None:
    """Decode with what the page says it is, if the bytes agree."""
    codecs_to_try = _codecs_for(label)
    if codecs_to_try and codecs_to_try[0] != _UTF8 and _is_multibyte_utf8(body):
        return body.decode(_UTF8), _UTF8
    for codec in codecs_to_try:
        try:
            return body.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return None


def _codecs_for(label: str) -> tuple[str, ...]:
    key = label.strip().lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return ()
    # A UTF-16/32 label in ASCII-compatible bytes is a lie (the spec says: read it as UTF-8).
    return (_UTF8,) if name.startswith(("utf-16", "utf-32", "utf-8")) else (name,)


def _is_multibyte_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode(_UTF8)
    except UnicodeDecodeError:
        return False
    return True
