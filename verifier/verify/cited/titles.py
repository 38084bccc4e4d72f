"""Cited title vs the page's own title.

Titles are compared after normalising what newsletters and sites change
freely (width, case, quotes, dashes, spacing) and with the site name cut
off either end of the page title ('… - POLITICO', '… | The Hill',
'…｜日本経済新聞'). The best fuzzy score over those variants decides:
a cited title that is the page title, a shortened one, or one with a
subtitle dropped is `supported`.

Similar is not the same, though: 'Elon Musk skipped Trump's call' scores
93 against 'Elon Musk joined Trump's call'. The two titles are compared word
by word (CJK character by character), and a cited title that changes a
content word or a number of the page's (`align.grade`), rather than only
leaving words out, is `contradicted` with both titles in the note: an
edited headline is worth a reviewer's look.

Not every cited "title" is one. An issue also cites a home page by the
section it read ('2024 Presidential Results' on thehill.com), an official
site by the person's name ('MARCO RUBIO'), or a post by a Japanese
description ('コバレンコ所長の4日のテレグラムポスト'). So, before calling a
title wrong: a label the page shows anywhere (title or text) is
`supported`; a front page or a section link (#fragment) that does not show
it, and a title in another script than the page (a translation or a
description), are `unverifiable`. Only an article page whose title is
clearly another one is `contradicted`.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from verifier.types import Check, Citation, CitationKind, Page, Verdict
from verifier.verify.context import CheckContext, unreadable
from verifier.verify.quotes import Change, grade
from verifier.verify.text.normalize import normalize
from verifier.verify.text.outlets import contains_name, load_table
from verifier.verify.text.urls import is_home_page
from verifier.verify.tuning import (
    LABEL_MIN,
    MAX_EDITS,
    OTHER,
    PARTIAL_MIN,
    PARTIAL_SHARE,
    SAME,
    SUBSET_MIN_WORDS,
)
from verifier.vocabulary import JAPANESE

KIND = "title"


# Separators sites put between the title and their name; a colon is a subtitle, not one.
_SEPARATOR = re.compile(r"\s*[|｜]\s*|\s+[-–—―·•»]\s*|\s*[-–—―·•»]\s+")
_JAPANESE = re.compile(f"[{JAPANESE}]")
# A word of a spaced script, or one CJK character (CJK text has no spaces to split on).
_TOKEN = re.compile(f"[{JAPANESE}]|[^\\s{JAPANESE}]+")


def applies(citation: Citation) -> bool:
    return citation.kind is CitationKind.SOURCE and citation.cited_title is not None


def check(ctx: CheckContext) -> tuple[Check, ...]:
    citation = ctx.citation
    assert citation.cited_title is not None  # guaranteed by applies()
    claim, line = citation.cited_title, citation.line
    why = unreadable(ctx)
    if why is not None or ctx.page is None:
        return (Check(KIND, claim, line, Verdict.UNVERIFIABLE, note=why or "no page"),)
    return (_compare(claim, line, ctx.page, citation.url or ctx.page.url),)


def _compare(cited: str, line: int, page: Page, url: str) -> Check:
    score, matched = best_match(cited, page.title or "", page.publisher)
    edits = _fewest_edits(cited, page.title or "", page.publisher) if score >= OTHER else []
    if score >= SAME and not edits:
        return _same(cited, line, page.title or "", matched, score)
    shown = _shown(cited, page)
    if shown is not None:
        note = "not the page's title but a label the page shows: the site, section or person named"
        return Check(KIND, cited, line, Verdict.SUPPORTED, shown, 0.8, note)
    unsure = _not_a_title(cited, page, url)
    if unsure is not None:
        return Check(KIND, cited, line, Verdict.UNVERIFIABLE, page.title, note=unsure)
    if page.title and edits and (score >= SAME or len(edits) <= MAX_EDITS):
        return _edited(cited, line, page.title, score, edits)
    if not page.title:
        return Check(KIND, cited, line, Verdict.NOT_FOUND, note="the page states no title")
    return _differs(cited, line, page.title, score)


def _same(cited: str, line: int, title: str, matched: str, score: float) -> Check:
    note = f"the page's title is {title!r}"
    if normalise(matched) != normalise(title):
        note += f" ({matched!r} without the site name)"
    if score < 100:
        note += f"; similarity {score:.0f}/100"
    return Check(KIND, cited, line, Verdict.SUPPORTED, title, round(score / 100, 2), note)


def _edited(cited: str, line: int, title: str, score: float, edits: list[tuple[str, str]]) -> Check:
    """The page's title with words or numbers changed: a misquoted headline."""
    changes = "; ".join(f"{page!r} where the citation says {said!r}" for said, page in edits)
    note = f"the page's title is {title!r}, not {cited!r}: {changes} (similarity {score:.0f}/100)"
    return Check(KIND, cited, line, Verdict.CONTRADICTED, title, round(score / 100, 2), note)


def _changed_words(cited: str, title: str) -> list[tuple[str, str]]:
    """The (cited, page) stretches where the cited title has other words than the page's.

    Words the citation leaves out are no change (a shortened title), nor is
    a last word cut short ('… and mus'); differences of form are not either.
    Words are matched by their folded keys (look-alike letters equal) but
    shown as written, since a key spells Cyrillic in a mixed alphabet.
    """
    said, shown = _tokens(cited), _tokens(title)
    said_keys, shown_keys = [normalise(t) for t in said], [normalise(t) for t in shown]
    matcher = SequenceMatcher(None, said_keys, shown_keys, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "insert"):
            continue
        mine, theirs = _join(said_keys[i1:i2]), _join(shown_keys[j1:j2])
        truncated = i2 == len(said) and theirs.startswith(mine)
        if not truncated and grade(mine, theirs) is not Change.FORM:
            edits.append((_join(said[i1:i2]), _join(shown[j1:j2])))
    return edits


def _tokens(text: str) -> list[str]:
    """The words of `text` as a reader sees them: folded for width, case and punctuation only."""
    return _TOKEN.findall(_plain(unicodedata.normalize("NFKC", text).casefold()))


def _join(tokens: list[str]) -> str:
    """Tokens back into text: spaces between words, none around CJK characters."""
    text = ""
    for token in tokens:
        spaced = text and not (_JAPANESE.match(token) or _JAPANESE.match(text[-1]))
        text += f" {token}" if spaced else token
    return text


def _differs(cited: str, line: int, title: str, score: float) -> Check:
    """Loosely reworded headlines (many small changes) are common; only a low similarity
    is called another title.
    """
    if score >= OTHER:
        note = f"reworded: the page's title is {title!r} (similarity {score:.0f}/100)"
        return Check(KIND, cited, line, Verdict.SUPPORTED, title, round(score / 100, 2), note)
    note = f"the page's title is {title!r}, not {cited!r} (similarity {score:.0f}/100)"
    return Check(KIND, cited, line, Verdict.CONTRADICTED, title, round(1 - score / 100, 2), note)


def _not_a_title(cited: str, page: Page, url: str) -> str | None:
    """Why the cited words cannot be held against the page title, or None when they can."""
    page_words = page.title or page.text
    if bool(_JAPANESE.search(cited)) != bool(_JAPANESE.search(page_words)):
        return (
            f"the cited title is a translation or a description in another script than the "
            f"page's ({page.title!r}), not a title to compare"
        )
    if is_home_page(url):
        return "a front page: the cited title names a section of it, which the page does not show"
    fragment = urlsplit(url).fragment
    if fragment:
        return (
            f"the citation points at a section (#{fragment}) whose heading the page does not show"
        )
    return None


def _shown(cited: str, page: Page) -> str | None:
    """The cited words where the page shows them whole (title or text), else None."""
    key = normalise(cited)
    if len(key) < LABEL_MIN:
        return None
    for text in (page.title, page.text):
        if not text:
            continue
        seen = normalise(text)
        if key in seen if _JAPANESE.search(key) else f" {key} " in f" {seen} ":
            return text if text is page.title else cited
    return None


def best_match(cited: str, title: str, site: str | None = None) -> tuple[float, str]:
    """The best score (0-100) of the cited title against the page title's variants.

    `site` is the page's own site name, cut off the title like the names of
    the alias table.
    """
    best = (0.0, title)
    for wanted in _variants(cited, site):
        for variant in _variants(title, site):
            score = _score(normalise(wanted), normalise(variant))
            if score > best[0]:
                best = (score, variant)
    return best


def _fewest_edits(cited: str, title: str, site: str | None) -> list[tuple[str, str]]:
    """The changed words of the closest pair of variants: a site name is never a change."""
    pairs = (
        _changed_words(wanted, variant)
        for wanted in _variants(cited, site)
        for variant in _variants(title, site)
    )
    return min(pairs, key=lambda edits: (len(edits), sum(len(page) for _, page in edits)))


def _variants(title: str, site: str | None) -> list[str]:
    """A title as written, then with site names cut off its ends one at a time.

    Only whole end segments that name a site go: a segment alone is never
    compared, or 'Foo - POLITICO' would match any title mentioning Politico.
    """
    parts = [p for p in _SEPARATOR.split(title) if p.strip()]
    variants = [title]
    while len(parts) > 1 and (_is_site(parts[-1], site) or _is_site(parts[0], site)):
        parts = parts[:-1] if _is_site(parts[-1], site) else parts[1:]
        variants.append(" ".join(parts))
    return variants


def _is_site(segment: str, site: str | None) -> bool:
    if load_table().resolve(segment) is not None:
        return True
    return site is not None and (contains_name(site, segment) or contains_name(segment, site))


def _score(a: str, b: str) -> float:
    """Whole-title similarity, tolerant of a dropped subtitle or a site-name remnant.

    Subset matching (token set, partial) needs enough on both sides: a
    one-word or much shorter string is contained in too many titles.
    """
    if not a or not b:
        return 0.0
    scores = [fuzz.ratio(a, b)]
    if min(len(a.split()), len(b.split())) >= SUBSET_MIN_WORDS:
        scores.append(fuzz.token_set_ratio(a, b))
    shorter, longer = sorted((len(a), len(b)))
    if shorter >= PARTIAL_MIN and shorter >= longer * PARTIAL_SHARE:
        scores.append(fuzz.partial_ratio(a, b))
    return max(scores)


def normalise(text: str) -> str:
    """Width, case, quotes, dashes, punctuation and look-alike letters made irrelevant.

    Folded as the quote check folds (`normalize`): an issue typing a Latin
    `i` for the Ukrainian `і` cites the same title. Spaces are collapsed.
    """
    return _plain(normalize(text).text)


def _plain(folded: str) -> str:
    return " ".join(default_process(folded).split())
