"""Dates inside claims vs the dates their source gives.

One check per date the issue writes in a passage (`10月6日`, `今年4月`,
`11月8日付`), judged against the dates found in the source's text
(`source_dates.find_dates`), each placed against the source's publication day:

- `supported`: the source gives a date inside the claim's period (the same
  day; any day or month of the claimed month or year). Also when the source's
  day is one day *before* the claim's, the source's zone is behind Japan's and
  the passage around it shares two anchors (event words, names) with the
  claim: US evening news is already the next day in Tokyo, where the issue
  is written.
- A byline (`11月8日付`, `5日の報道`, `『ポリティコ』は6日`) equal to the page's
  publication day is `supported` by the page's own timestamp, even behind a
  paywall; one that is not the page's day names some other publication and
  is never used to refute.
- `contradicted` only when the source dates *the same event* differently, so
  both conditions must hold: the source's date differs from the claim's in
  exactly one field in a way typos and slips produce (the same day of the
  month in another month, a day one digit off but not an adjacent day, or the
  same month and day in a year the source spells out), and the source passage
  around it shares at least three anchors with the claim (the source's own
  publisher's name does not count: the issue names it to attribute).
  Adjacent days are left `not_found`: they are time zones or "the day after".
- `not_found` otherwise. A year (`2016年`) the source neither gives nor comes
  within a year of is skipped: issues recall history the source never set
  out to date, and a row per such year buries the real findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from verifier.types import Check, Citation, Claim, ClaimKind, DateMention, DatePrecision, Page
from verifier.types import Verdict as V
from verifier.verify.context import CheckContext, unreadable
from verifier.verify.event_anchors import shared_anchors
from verifier.verify.source_dates import SourceDate, find_dates

KIND = "event_date"

_BYLINE_BEFORE = re.compile(r"』[はがの、]?\s*$")
_BYLINE_AFTER = re.compile(
    r"^(?:の[^。、「」の]{0,8}?(?:報道|記事|投稿|ポスト|放送)|に[^。、「」]{0,10}?(?:公開|掲載|配信|投稿))"
)
_CONTEXT = 300
_CONTRADICTION_ANCHORS = 3
_ZONE_ANCHORS = 2
_LISTED = 5


def applies(citation: Citation) -> bool:
    return any(claim.kind is ClaimKind.DATE and claim.dates for claim in citation.claims)


def check(ctx: CheckContext) -> tuple[Check, ...]:
    results = (_judge(ctx, claim, mention, at) for claim, mention, at in _mentions(ctx.citation))
    return tuple(result for result in results if result is not None)


def _mentions(citation: Citation) -> Iterator[tuple[Claim, DateMention, int]]:
    """Each distinct date of each date claim, with where it stands in the claim's text."""
    seen: set[tuple[int, str, date]] = set()
    for claim in citation.claims:
        if claim.kind is not ClaimKind.DATE:
            continue
        cursor = 0
        for mention in claim.dates:
            at = claim.text.find(mention.text, cursor)
            cursor = at + len(mention.text) if at >= 0 else cursor
            if (claim.line, mention.text, mention.value) not in seen:
                seen.add((claim.line, mention.text, mention.value))
                yield claim, mention, at


def _judge(ctx: CheckContext, claim: Claim, mention: DateMention, at: int) -> Check | None:
    byline = _is_byline(claim.text, mention, at)
    if byline and unreadable(ctx, metadata=True) is None:
        assert ctx.page is not None
        published = _by_publication(ctx.page, mention, claim, ctx.settings.issue_timezone)
        if published is not None:
            return published
    why = unreadable(ctx)
    if why is not None:
        return Check(KIND, mention.text, claim.line, V.UNVERIFIABLE, note=why)
    assert ctx.page is not None
    found = find_dates(ctx.page.text, _publication_day(ctx.page), fallback=ctx.issue_date)
    if mention.text.endswith(("付", "号")):
        return _other_byline(mention, claim, found, ctx.page)
    others = {m.value for m in claim.dates if m is not mention}
    return _compare(mention, claim, found, ctx, others)


def _is_byline(text: str, mention: DateMention, at: int) -> bool:
    """Does the issue give this date as some publication's date rather than an event's?

    Only `付`/`号` say so for sure; the other markers (`『X』は6日`, `5日の報道`,
    `7日に…公開`) merely let the page's timestamp support the date.
    """
    if mention.text.endswith(("付", "号")):
        return True
    if at < 0:
        return False
    before, after = text[max(0, at - 4) : at], text[at + len(mention.text) :]
    return bool(_BYLINE_BEFORE.search(before) or _BYLINE_AFTER.match(after))


def _by_publication(page: Page, mention: DateMention, claim: Claim, zone: str) -> Check | None:
    if page.published is None or mention.precision is not DatePrecision.DAY:
        return None
    readings = {page.published: "in the source's own time zone"}
    if page.published_at is not None:
        readings.setdefault(page.published_at.astimezone(ZoneInfo(zone)).date(), f"in {zone}")
    where = readings.get(mention.value)
    if where is None:
        return None
    evidence = (page.published_at or page.published).isoformat()
    note = f"the source's publication date: {mention.value.isoformat()} {where}"
    return Check(KIND, mention.text, claim.line, V.SUPPORTED, evidence, 1.0, note)


def _other_byline(
    mention: DateMention, claim: Claim, found: tuple[SourceDate, ...], page: Page
) -> Check:
    """A `付` date that is not this page's names another publication: never refuted here."""
    for source in found:
        if _within(source, mention):
            return _supported(mention, claim, source, 1.0, "")
    shown = page.published.isoformat() if page.published else "an unknown date"
    note = f"a publication date that is not this source's (published {shown}) and not in its text"
    return Check(KIND, mention.text, claim.line, V.NOT_FOUND, note=note)


def _compare(
    mention: DateMention,
    claim: Claim,
    found: tuple[SourceDate, ...],
    ctx: CheckContext,
    others: set[date],
) -> Check | None:
    inside = [source for source in found if _within(source, mention)]
    if inside:
        best = min(inside, key=lambda s: (s.resolved != "", s.last - s.first))
        return _supported(mention, claim, best, 1.0, "")
    if mention.precision is DatePrecision.YEAR and not any(_near_year(s, mention) for s in found):
        return None
    assert ctx.page is not None
    behind = _zone_gap(mention, claim, found, ctx)
    if behind is not None:
        return behind
    contradiction = _contradiction(mention, claim, found, ctx, others)
    if contradiction is not None:
        return contradiction
    return Check(KIND, mention.text, claim.line, V.NOT_FOUND, note=_absent(mention, found))


def _supported(
    mention: DateMention, claim: Claim, source: SourceDate, score: float, extra: str
) -> Check:
    note = source.resolved or f"the source gives {_period(source.first, source.last)}"
    note = f"{note}; {extra}" if extra else note
    return Check(KIND, mention.text, claim.line, V.SUPPORTED, source.text, score, note)


def _zone_gap(
    mention: DateMention, claim: Claim, found: tuple[SourceDate, ...], ctx: CheckContext
) -> Check | None:
    """The source's day before the claim's, about the same event, from a zone behind Japan's."""
    assert ctx.page is not None
    if mention.precision is not DatePrecision.DAY or not _behind(ctx.page, ctx):
        return None
    day_before = mention.value - timedelta(days=1)
    for source in found:
        if source.first == source.last == day_before:
            anchors = _anchors(claim, source, ctx)
            if len(anchors) >= _ZONE_ANCHORS:
                extra = (
                    f"one day before the issue's {mention.value.isoformat()}: the source's clock "
                    f"is behind Japan's, likely the same day there ({', '.join(anchors)})"
                )
                return _supported(mention, claim, source, 0.7, extra)
    return None


def _behind(page: Page, ctx: CheckContext) -> bool:
    """Is the source's clock behind the issue's? An unknown zone is, unless the page is Japanese."""
    if page.published_at is None or page.published_at.utcoffset() is None:
        return not (page.language or "").lower().startswith("ja")
    issue_offset = page.published_at.astimezone(ZoneInfo(ctx.settings.issue_timezone)).utcoffset()
    source_offset = page.published_at.utcoffset()
    assert issue_offset is not None and source_offset is not None
    return source_offset < issue_offset


def _contradiction(
    mention: DateMention,
    claim: Claim,
    found: tuple[SourceDate, ...],
    ctx: CheckContext,
    others: set[date],
) -> Check | None:
    best: tuple[int, SourceDate, str, tuple[str, ...]] | None = None
    for source in found:
        slip = _slip(mention, source)
        if slip is None or source.first in others:
            continue
        anchors = _anchors(claim, source, ctx)
        if len(anchors) >= _CONTRADICTION_ANCHORS and (best is None or len(anchors) > best[0]):
            best = (len(anchors), source, slip, anchors)
    if best is None:
        return None
    _, source, slip, anchors = best
    how = f" ({source.resolved})" if source.resolved else ""
    note = (
        f"the source dates it {_period(source.first, source.last)}{how}; the issue says "
        f"{_period(*_claim_period(mention))}: {slip}; same event: {', '.join(anchors)}"
    )
    return Check(KIND, mention.text, claim.line, V.CONTRADICTED, source.text, 0.8, note)


def _slip(mention: DateMention, source: SourceDate) -> str | None:
    """How the source's date could be the claim's date mistyped, or None if it could not."""
    claimed, given = mention.value, source.first
    spelt_year = not source.resolved
    if mention.precision is DatePrecision.MONTH:
        other_year = given.month == claimed.month and given.year != claimed.year
        fits = other_year and spelt_year and source.precision is not DatePrecision.YEAR
        return "the same month in another year" if fits else None
    if mention.precision is not DatePrecision.DAY or source.first != source.last:
        return None
    same = (given.year == claimed.year, given.month == claimed.month, given.day == claimed.day)
    if same == (True, False, True):
        return "the same day of the month in another month"
    if same == (True, True, False) and abs(given.day - claimed.day) > 1:
        return "the day is one digit off" if _one_digit(given.day, claimed.day) else None
    if same == (False, True, True) and spelt_year:
        return "the same day in another year"
    return None


def _one_digit(a: int, b: int) -> bool:
    """One digit of a two-digit day changed, or one added or dropped (13 ~ 18, 6 ~ 16).

    Two one-digit days always differ in one digit, so that says nothing: 4 vs 7 is no slip.
    """
    x, y = str(a), str(b)
    if len(x) == len(y):
        return len(x) == 2 and sum(p != q for p, q in zip(x, y, strict=True)) == 1
    short, long = sorted((x, y), key=len)
    return len(long) == len(short) + 1 and short in (long[1:], long[:-1])


def _within(source: SourceDate, mention: DateMention) -> bool:
    first, last = _claim_period(mention)
    return first <= source.first and source.last <= last


def _near_year(source: SourceDate, mention: DateMention) -> bool:
    return abs(source.first.year - mention.value.year) <= 1


def _claim_period(mention: DateMention) -> tuple[date, date]:
    start = mention.value
    if mention.precision is DatePrecision.YEAR:
        return date(start.year, 1, 1), date(start.year, 12, 31)
    if mention.precision is DatePrecision.MONTH:
        first = start.replace(day=1)
        return first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return start, start


def _period(first: date, last: date) -> str:
    if first == last:
        return first.isoformat()
    if first.day == 1 and last.month == first.month and (last + timedelta(days=1)).day == 1:
        return first.strftime("%Y-%m")
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return str(first.year)
    return f"{first.isoformat()} to {last.isoformat()}"


def _absent(mention: DateMention, found: tuple[SourceDate, ...]) -> str:
    period = _period(*_claim_period(mention))
    if not found:
        return f"the source gives no dates; the issue says {period}"
    given = list(dict.fromkeys(f"{s.text!r} = {_period(s.first, s.last)}" for s in found))
    more = f" and {len(given) - _LISTED} more" if len(given) > _LISTED else ""
    return f"the source does not give {period}; it gives {', '.join(given[:_LISTED])}{more}"


def _anchors(claim: Claim, source: SourceDate, ctx: CheckContext) -> tuple[str, ...]:
    """What ties the claim to the source passage around `source` (its publisher aside)."""
    assert ctx.page is not None
    publishers = tuple(p for p in (ctx.citation.cited_publisher, ctx.page.publisher) if p)
    return shared_anchors(claim.text, _context(ctx.page.text, source), ignore=publishers)


def _context(text: str, source: SourceDate) -> str:
    """The line around a source date, clipped: the passage its event words live in."""
    start = max(text.rfind("\n", 0, source.start) + 1, source.start - _CONTEXT)
    end = text.find("\n", source.end)
    end = min(len(text) if end < 0 else end, source.end + _CONTEXT)
    return text[start:end]


def _publication_day(page: Page) -> date | None:
    """The publication day as the source's own clock shows it: its "Wednesday" is there."""
    return page.published_at.date() if page.published_at is not None else page.published
