"""Quotes in the source's own language: are the quoted words really on the page?

Most quotes in a Japanese newsletter are translations of English sources;
those cannot be checked word for word, and a fuzzy match across languages
must never pass for support, so they are `unverifiable` and left to the
cross-lingual check. A quote in the page's own script (a Japanese quote of a
Japanese page, the Ukrainian line of a Telegram post) is checked verbatim:

1. both sides are normalised (`normalize`: NFKC, case, quote and dash styles,
   spacing, look-alike letters); an exact match is `supported`, score 1.0;
2. otherwise the closest span (rapidfuzz) is compared difference by
   difference (`_spans.Change`). Differences of form only (punctuation,
   spacing, an article or particle, a one-letter typo) in a span at least
   `SUPPORT_SCORE` similar: `supported`, with its score and a note naming them;
3. the same sentence with a content word, a number or a negation changed is
   `contradicted`, with both words in the note: "reckless" for "brave" scores
   as high as a typo, but a verbatim quote with other words is a misquote.
   A short quote loses more similarity to one changed word than a long one:
   it is still the same sentence when that word is the only difference and
   enough words around it match exactly (`_spans.align_one_change`);
4. anything else is `not_found`, and the issue's other sources are searched,
   since a quote that lives in another source is misattributed.

An ellipsis (`(中略)`, `…`, `...`) splits a quote into parts that must each be
found, in order. The evidence is always the exact text of the original page.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from verifier.types import Check, Citation, Claim, ClaimKind, Page, Verdict
from verifier.verify.context import CheckContext, found_elsewhere, unsaid, unverifiable
from verifier.verify.quotes import _judge as judging
from verifier.verify.quotes import _translated as translations
from verifier.verify.quotes._spans import Alignment, Difference, align, align_one_change
from verifier.verify.text.embeddings import Ranked, WindowIndex
from verifier.verify.text.lexicon import content_words
from verifier.verify.text.normalize import ELLIPSIS, Normalized, is_cjk, normalize
from verifier.verify.tuning import (
    ABSENT_WORDS,
    BESIDE_LINES,
    CANDIDATE_SCORE,
    ELSEWHERE_CANDIDATES,
    MAX_CHANGED_WORDS,
    MIN_CHARS,
    MIN_ELSEWHERE_WORDS,
    MIN_WORD_CHARS,
    SUPPORT_SCORE,
    SWAP_CANDIDATE_SCORE,
)

KIND = "quote"


JAPANESE, CYRILLIC, LATIN = "Japanese", "Cyrillic-script", "Latin-script"
_LANGUAGE_SCRIPT = {
    "ja": JAPANESE,
    **dict.fromkeys(("ru", "uk", "be", "bg", "sr", "mk", "kk"), CYRILLIC),
    **dict.fromkeys(("en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs"), LATIN),
}
_LANGUAGE_NAME = {
    "ja": "Japanese",
    "en": "English",
    "uk": "Ukrainian",
    "ru": "Russian",
    "de": "German",
    "fr": "French",
}


@dataclass(frozen=True, slots=True)
class _Source:
    """A page's text normalised once, with the letters it has of each script."""

    norm: Normalized
    scripts: Counter[str]


@dataclass(frozen=True, slots=True)
class _Match:
    """Where the parts of one quote were found, and what the verdict is."""

    verdict: Verdict
    spans: tuple[tuple[int, int], ...]
    score: float
    note: str


def applies(citation: Citation) -> bool:
    return any(claim.kind is ClaimKind.QUOTE for claim in citation.claims)


def check(ctx: CheckContext) -> tuple[Check, ...]:
    quotes = [claim for claim in ctx.citation.claims if claim.kind is ClaimKind.QUOTE]
    why = unsaid(ctx)
    if why is not None:
        return tuple(unverifiable(KIND, claim, why) for claim in quotes)
    assert ctx.page is not None  # unsaid() returned None
    source = ctx.readings.of(ctx.page, _source)
    return tuple(_check_quote(ctx, ctx.page, source, claim) for claim in quotes)


def _check_quote(ctx: CheckContext, page: Page, source: _Source, claim: Claim) -> Check:
    parts = _quote_parts(claim.text)
    if _too_short(parts):
        note = "too short to check verbatim: a few characters or one common word"
        return unverifiable(KIND, claim, note)
    words = " ".join(part.raw for part in parts)
    foreign = _foreign_script(words, page, source)
    if foreign is not None and not _has_script(source, foreign, words):
        return _translated(ctx, page, source, claim, foreign)
    match = _find_quote(parts, source)
    if match is not None:
        evidence = " … ".join(source.norm.raw[start:end] for start, end in match.spans)
        return Check(KIND, claim.text, claim.line, match.verdict, evidence, match.score, match.note)
    if foreign is not None:
        note = f"not on the page word for word; {_translation_note(foreign, page, source)}"
        return unverifiable(KIND, claim, note)
    note = "the quoted words are not in the source"
    elsewhere = found_elsewhere(ctx, lambda other: _supported_in(ctx, parts, other))
    if elsewhere is not None:
        note = f"{note}; {elsewhere}"
    return Check(KIND, claim.text, claim.line, Verdict.NOT_FOUND, note=note)


def _translated(ctx: CheckContext, page: Page, source: _Source, claim: Claim, script: str) -> Check:
    """A rendering in another script: the cross-lingual check decides, when it is on."""
    if ctx.windows is None:
        return unverifiable(KIND, claim, _translation_note(script, page, source))
    windows = ctx.windows
    found = judging.judge_quote(claim.text, page, windows, ctx.readings)
    if found.verdict not in (Verdict.SUPPORTED, Verdict.CONTRADICTED):
        originals = _originals(ctx, page, source, claim)
        found = judging.judge_beside(claim.text, originals, page, windows, ctx.readings) or found
    verdict, note = found.verdict, found.note
    if verdict in (Verdict.NOT_FOUND, Verdict.UNVERIFIABLE):
        elsewhere = found_elsewhere(
            ctx,
            lambda other: _rendered_in(ctx, claim.text, other, windows),
            _likeliest(ctx, claim.text, windows),
        )
        if elsewhere:
            note = f"{note}; {elsewhere}"
        if elsewhere and translations.lexically_absent(
            claim.text, page, ctx.readings, below=ABSENT_WORDS
        ):
            # Its own source has not even its words, another source renders it: moved.
            verdict = Verdict.NOT_FOUND
    return Check(
        KIND, claim.text, claim.line, verdict, found.evidence, found.score, note, found.facts
    )


def _originals(ctx: CheckContext, page: Page, source: _Source, claim: Claim) -> list[str]:
    """The source's sentences that the citation's other quotes give word for word, in the
    source's own script, a few lines from the quote at most: the original the issue sets
    beside its translation (a headline's quote stands far from any)."""
    found: list[str] = []
    for other in ctx.citation.claims:
        if other.kind is not ClaimKind.QUOTE or other is claim:
            continue
        if abs(other.line - claim.line) > BESIDE_LINES:
            continue
        parts = _quote_parts(other.text)
        if _too_short(parts) or _foreign_script(other.text, page, source) is not None:
            continue
        match = _find_quote(parts, source)
        if match is not None and match.verdict is Verdict.SUPPORTED:
            found.extend(source.norm.raw[start:end] for start, end in match.spans)
    return found


def _likeliest(ctx: CheckContext, quote: str, windows: WindowIndex) -> list[tuple[Citation, Page]]:
    """The other sources that could render `quote` and most likely do: ranked by their best
    window's similarity to it under the ranking model alone (no second opinion), the first
    `ELSEWHERE_CANDIDATES`. Judging a source costs the second model's reading of it; the
    source that renders a quote is the one the ranking puts first."""
    if len(set(content_words(quote))) < MIN_ELSEWHERE_WORDS:
        return []
    able = [
        (citation, page)
        for citation, page in ctx.others
        if citation.url != ctx.citation.url and _could_render(ctx, quote, page)
    ]
    best = [_best_score(windows.rank(quote, page.text, second_opinion=False)) for _, page in able]
    order = sorted(range(len(able)), key=lambda i: -best[i])
    return [able[i] for i in order[:ELSEWHERE_CANDIDATES]]


def _could_render(ctx: CheckContext, quote: str, page: Page) -> bool:
    """Whether `page` could hold a translation of `quote`: in another script (a same-script
    page holds the quote verbatim or not) and with some of its words."""
    if _foreign_script(quote, page, ctx.readings.of(page, _source)) is None:
        return False
    return not translations.lexically_absent(quote, page, ctx.readings)


def _best_score(ranked: Ranked) -> float:
    return float(ranked.scores.max()) if len(ranked.scores) else -1.0


def _rendered_in(ctx: CheckContext, quote: str, page: Page, windows: WindowIndex) -> str | None:
    """The sentence of another source of the issue that the quote translates, if one clearly is
    (`page` one of `_likeliest`)."""
    found = judging.judge_quote(quote, page, windows, ctx.readings)
    return found.evidence if found.verdict is Verdict.SUPPORTED else None


def _quote_parts(text: str) -> tuple[Normalized, ...]:
    """The normalised pieces of a quote between ellipses; pieces with no letter are dropped."""
    pieces = (normalize(piece) for piece in ELLIPSIS.split(text))
    return tuple(piece for piece in pieces if any(char.isalnum() for char in piece.text))


def _find_quote(parts: tuple[Normalized, ...], source: _Source) -> _Match | None:
    """Each part in order in the page, or None when one of them is missing."""
    found: list[Alignment] = []
    cursor = 0
    for part in parts:
        alignment = align(part, source.norm, cursor, CANDIDATE_SCORE) or align_one_change(
            part, source.norm, cursor, SWAP_CANDIDATE_SCORE
        )
        if alignment is None or _verdict(part, alignment) is None:
            return None
        found.append(alignment)
        cursor = alignment.end
    spans = tuple(source.norm.original(a.start, a.end) for a in found)
    score = min(a.score for a in found) / 100
    changed = [d for a in found for d in a.differences if d.substantive]
    if changed:
        return _Match(Verdict.CONTRADICTED, spans, score, "; ".join(map(_said, changed)))
    same = all(part.raw == source.norm.raw[a:b] for part, (a, b) in zip(parts, spans, strict=True))
    return _Match(Verdict.SUPPORTED, spans, score, _support_note(found, same))


def _verdict(part: Normalized, alignment: Alignment) -> Verdict | None:
    """Supported for differences of form only; contradicted for the same sentence with
    words changed; None when the span is another sentence.

    The same sentence: a few changed words and next to no other edits, or a
    span as similar as a supported one would need to be.
    """
    changed = [d for d in alignment.differences if d.substantive]
    if not changed:
        return Verdict.SUPPORTED if alignment.score >= SUPPORT_SCORE else None
    if alignment.score >= SUPPORT_SCORE:
        return Verdict.CONTRADICTED
    noise = sum(d.size for d in alignment.differences if not d.substantive)
    if len(changed) <= MAX_CHANGED_WORDS and noise <= max(2, len(part.text) // 20):
        return Verdict.CONTRADICTED
    return None


def _said(difference: Difference) -> str:
    """One changed stretch for the note: the page's words, then the issue's."""
    source, claim = difference.source, difference.claim
    if not any(char.isalnum() for char in source):
        return f"the source does not say {claim!r} there"
    if not any(char.isalnum() for char in claim):
        return f"the source says {source!r}, which the issue leaves out"
    return f"the source says {source!r} where the issue says {claim!r}"


def _support_note(found: list[Alignment], same: bool) -> str:
    in_parts = f" in {len(found)} parts, in order" if len(found) > 1 else ""
    edits = [d for a in found for d in a.differences]
    if edits:
        shown = ", ".join(f"{d.claim!r} → {d.source!r}" for d in edits[:3])
        more = f" and {len(edits) - 3} more" if len(edits) > 3 else ""
        return f"found{in_parts} with small differences: {shown}{more}"
    if same:
        return f"found verbatim{in_parts}"
    return f"found verbatim{in_parts} once case, punctuation, spacing and look-alikes are folded"


def _supported_in(ctx: CheckContext, parts: tuple[Normalized, ...], page: Page) -> str | None:
    """The passage of another page that supports the quote, for the misattribution note."""
    match = _find_quote(parts, ctx.readings.of(page, _source))
    if match is None or match.verdict is not Verdict.SUPPORTED:
        return None
    start, end = match.spans[0][0], match.spans[-1][1]
    return page.text[start:end]


def _source(page: Page) -> _Source:
    """A page normalised, with the scripts of its letters: read once per issue through
    `ctx.readings`, however many quotes and citations read it."""
    text = page.text
    scripts = Counter(script for char in text if (script := _char_script(char)) is not None)
    return _Source(normalize(text), scripts)


def _too_short(parts: tuple[Normalized, ...]) -> bool:
    """One to three characters, or one short word, match anywhere and prove nothing."""
    text = " ".join(part.text for part in parts)
    letters = sum(char.isalnum() for char in text)
    if letters < MIN_CHARS:
        return True
    one_word = len(text.split()) == 1 and not any(is_cjk(char) for char in text)
    return one_word and letters < MIN_WORD_CHARS


def _script_of(text: str) -> str | None:
    """The script a quote is written in: any kana or kanji makes it Japanese."""
    scripts = Counter(script for char in text if (script := _char_script(char)) is not None)
    if scripts[JAPANESE]:
        return JAPANESE
    if not scripts:
        return None
    return scripts.most_common(1)[0][0]


def _char_script(char: str) -> str | None:
    if not char.isalpha():
        return None
    if is_cjk(char):
        return JAPANESE
    if "\u0400" <= char <= "\u052f":
        return CYRILLIC
    if char < "\u0250":
        return LATIN
    return unicodedata.name(char, "other").split(" ")[0]


def _foreign_script(quote: str, page: Page, source: _Source) -> str | None:
    """The quote's script when it is not the page's (a translation, most likely)."""
    script = _script_of(quote)
    return script if script is not None and script != _page_script(page, source) else None


def _page_script(page: Page, source: _Source) -> str | None:
    """The page's script from its declared language, else from the letters it has most."""
    code = (page.language or "").split("-")[0].lower()
    if code in _LANGUAGE_SCRIPT:
        return _LANGUAGE_SCRIPT[code]
    if not source.scripts:
        return None
    return source.scripts.most_common(1)[0][0]


def _has_script(source: _Source, script: str, quote: str) -> bool:
    """Whether the page has enough text in the quote's script to hold it verbatim.

    A Japanese page can carry the Ukrainian original of a post; an English
    page with no kana cannot hold a Japanese quote, whatever a fuzzy score says.
    """
    needed = min(20, sum(_char_script(char) == script for char in quote))
    return source.scripts[script] >= needed


def _translation_note(quote_script: str, page: Page, source: _Source) -> str:
    code = (page.language or "").split("-")[0].lower()
    language = _LANGUAGE_NAME.get(code) or _page_script(page, source) or "unknown-language"
    return (
        f"{_article(quote_script)} {quote_script} rendering of {_article(language)} {language} "
        "source: needs the cross-lingual check"
    )


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
