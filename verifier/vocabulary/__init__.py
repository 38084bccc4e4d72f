"""Letters and hosts that more than one stage reads, written once.

The character classes are bodies of a regular expression's `[...]`, so a
module composes what it needs (`f"[{JAPANESE}]"`, `f"[{CJK_PUNCTUATION}{JAPANESE}]"`)
instead of writing its own ranges: "is this Japanese?" then has one answer in
the parser, the checks and the report's marks.
"""

from __future__ import annotations

HIRAGANA = "\u3040-\u309f"
KATAKANA = "\u30a0-\u30ff"  # with the prolonged sound mark ー and the middle dot ・
KANJI = "\u3400-\u9fff\uf900-\ufaff"  # CJK unified (with extension A), compatibility
HALFWIDTH_KANA = "\uff66-\uff9f"
JAPANESE = HIRAGANA + KATAKANA + KANJI + HALFWIDTH_KANA
"""Any Japanese letter: kana (full and half width) or kanji."""

CJK_PUNCTUATION = "\u3000-\u303f\uff61-\uff65"
"""The ideographic space, 、。「」『』 and their half-width forms: no word breaks around them."""

TELEGRAM_HOSTS = frozenset({"t.me", "www.t.me", "telegram.me", "www.telegram.me"})
"""Where a Telegram post lives; the fetch stage reads its embed widget instead, and the
extract stage reads that widget."""
