"""Dates inside claims vs the dates their source gives.

One check per date the issue writes in a passage (`10月6日`, `今年4月`,
`11月8日付`), judged against the dates found in the source's text
(`dates._found.find_dates`), each placed against the source's publication day:

- `supported`: the source gives a date inside the claim's period (the same
  day; any day or month of the claimed month or year). Also when the source's
  day is one day *before* the claim's, the source's zone is behind Japan's and
  the passage around it shares two anchors (event words, names) with the
  claim: US evening news is already the next day in Tokyo, where the issue
  is written.
- A byline (`11月8日付`, `5日の報道`, `『ポリティコ』は6日`, `7日に…公開`) equal
  to the page's publication day is `supported` by its timestamp, even behind
  a paywall. One that names the page's publisher but is more than a day
  from that timestamp (in the source's zone and in Japan's) is
  `contradicted`; one naming no publisher of this page is never refuted.
- `contradicted` when the source dates *the same event* otherwise (see
  `_rival` and `_same_event`): a date as precise as the claim's, not next
  to it, whose line shares three anchors with the claim, its sentence two,
  and the same kind of event (the same people meet often). The source's
  publisher's name does not count: the issue names it to attribute. A
  report's date, or one followed by `も` ("also in October"), is no event's.
- `not_found` otherwise. A year (`2016年`) the source neither gives, nor
  comes within a year of, nor refutes is skipped: issues recall history
  the source never set out to date, and a row per such year buries the
  real findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from verifier.types import Check, Citation, Claim, ClaimKind, DateMention, DatePrecision, Page
from verifier.types import Verdict as V
from verifier.verify.context import CheckContext, unreadable
from verifier.verify.dates._event import EventSentence, event_sentence
from verifier.verify.dates._found import SourceDate, find_dates
from verifier.verify.dates._placing import (
    absent_note,
    claim_period,
    is_dateline,
    near_year,
    period_gap,
    show_period,
    within,
)
from verifier.verify.dates._restyle import restyle
from verifier.verify.dates._zones import (
    after_publication,
    clock_days,
    publication_day,
    publication_readings,
    statement_day,
    zone_gap,
)
from verifier.verify.text.anchors import date_anchors, is_event, is_name, is_partial, keeps_topic
from verifier.verify.text.outlets import load_table, name_key
from verifier.verify.text.sentences import sentence_around
from verifier.verify.text.urls import host_of
from verifier.verify.tuning import (
    DATE_CONTEXT,
    LINE_ANCHORS,
    MIN_CJK_NAME,
    MIN_TIES,
    SENTENCE_ANCHORS,
    TERSE,
)

KIND = "event_date"

_BYLINE_BEFORE = re.compile(r"』[はがの、]?\s*$")
# A report's date (`6日付`, `5日の報道`) vs a release's (`7日に…公開`, `8日のポスト`):
# a source may date a release as an event; a report's date is never its event's.
_REPORT_AFTER = re.compile(r"^(?:付|号|の[^。、「」の]{0,8}?(?:報道|記事))")
_RELEASE_AFTER = re.compile(
    r"^(?:の[^。、「」の]{0,8}?(?:投稿|ポスト|放送)|に[^。、「」]{0,10}?(?:公開|掲載|配信|投稿))"
)
# A weekday written after a date, in brackets: `10月31日(金)`, `11月5日（火曜日）`.
_WRITTEN_WEEKDAY = re.compile(r"[(（](?P<day>[月火水木金土日])(?:曜日?)?[)）]")
_WEEKDAYS = "月火水木金土日"  # Monday first, as date.weekday() counts
_ALSO = re.compile(r"^(?:に|で|の|から|まで|の[^。、「」]{0,8}?(?:で|に|から|まで))?も")
_FINENESS = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}


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
        for mention, at in _placed(claim):
            if (claim.line, mention.text, mention.value) not in seen:
                seen.add((claim.line, mention.text, mention.value))
                yield claim, mention, at


def _placed(claim: Claim) -> Iterator[tuple[DateMention, int]]:
    cursor = 0
    for mention in claim.dates:
        at = claim.text.find(mention.text, cursor)
        cursor = at + len(mention.text) if at >= 0 else cursor
        yield mention, at


def _judge(ctx: CheckContext, claim: Claim, mention: DateMention, at: int) -> Check | None:
    after = claim.text[at + len(mention.text) :] if at >= 0 else ""
    report = _is_report(claim.text, mention, at)
    if (report or _RELEASE_AFTER.match(after)) and unreadable(ctx) is None:
        assert ctx.page is not None
        zone = ctx.settings.issue_timezone
        published = _by_publication(ctx.page, mention, claim, zone) or _misdated(
            ctx.page, mention, claim, zone
        )
        if published is not None:
            return published
    why = unreadable(ctx)
    if why is not None:
        return Check(KIND, mention.text, claim.line, V.UNVERIFIABLE, note=why)
    assert ctx.page is not None
    found = ctx.readings.of(ctx.page, _page_dates, ctx.issue_date)
    found = tuple(source for source in found if not is_dateline(ctx.page.text, source))
    if mention.text.endswith(("付", "号")) or after.startswith(("付", "号")):
        return _other_byline(mention, claim, found, ctx.page)
    weekday = _WRITTEN_WEEKDAY.search(mention.text) or _WRITTEN_WEEKDAY.match(after)
    if weekday and mention.precision is DatePrecision.DAY:
        written = _WEEKDAYS.index(weekday["day"])
        if written != mention.value.weekday():
            actual = mention.value.strftime("%A")
            note = (
                f"the issue writes {weekday['day']}曜日 for {mention.value}, which is a "
                f"{actual}: the date or the weekday is wrong"
            )
            return Check(KIND, mention.text, claim.line, V.CONTRADICTED, None, 1.0, note)
    others = {
        claim_period(other)
        for other, where in _placed(claim)
        if other is not mention and not _is_report(claim.text, other, where)
    }
    refutable = not report and not _ALSO.match(after)
    return _compare(mention, claim, found, ctx, others, refutable=refutable)


def _is_report(text: str, mention: DateMention, at: int) -> bool:
    """Does the issue give this date as a report's (`6日付`, `『X』は6日`, `5日の報道`)?

    A report's date is its publication's, never its event's: the page's
    timestamp may decide it, the dates in its text may support it but not refute it.
    """
    if mention.text.endswith(("付", "号")):
        return True
    if at < 0:
        return False
    before, after = text[max(0, at - 4) : at], text[at + len(mention.text) :]
    return bool(_BYLINE_BEFORE.search(before) or _REPORT_AFTER.match(after))


def _by_publication(page: Page, mention: DateMention, claim: Claim, zone: str) -> Check | None:
    where = publication_readings(page, mention, zone).get(mention.value)
    if where is None:
        return None
    evidence = _stamp(page)
    note = f"the source's publication date: {mention.value.isoformat()} {where}"
    return Check(KIND, mention.text, claim.line, V.SUPPORTED, evidence, 1.0, note)


def _misdated(page: Page, mention: DateMention, claim: Claim, zone: str) -> Check | None:
    """The issue dates this very page's publication, and more than a day off in either zone.

    A byline marker alone may name another outlet's report; naming the
    page's own publisher too makes it this page's date. One day off is left
    alone: the issue may count the day it read the page in Tokyo.
    """
    readings = publication_readings(page, mention, zone)
    if not readings or not _names_publisher(claim.text, page):
        return None
    if min(abs((mention.value - day).days) for day in readings) <= 1:
        return None
    shown = ", ".join(f"{day.isoformat()} {where}" for day, where in readings.items())
    note = (
        f"the issue dates this source's publication {mention.value.isoformat()}; "
        f"the source was published {shown}"
    )
    return Check(KIND, mention.text, claim.line, V.CONTRADICTED, _stamp(page), 0.8, note)


def _stamp(page: Page) -> str:
    stamp = page.published_at or page.published
    return stamp.isoformat() if stamp is not None else ""


def _names_publisher(text: str, page: Page) -> bool:
    """Does the claim name the page's own publisher (any alias: ポリティコ is POLITICO)?

    A Latin name must stand clear of other Latin letters only: Japanese runs
    straight into it (`YouTubeでも`).
    """
    table = load_table()
    publisher = table.by_host(host_of(page.url)) or table.named_in(page.publisher)
    names = publisher.names if publisher is not None else (page.publisher or "",)
    plain = name_key(text)
    return any(_named(name_key(name), plain) for name in names)


def _named(key: str, plain: str) -> bool:
    if not key.isascii():
        return len(key) >= MIN_CJK_NAME and key in plain
    return bool(key) and re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", plain) is not None


def _other_byline(
    mention: DateMention, claim: Claim, found: tuple[SourceDate, ...], page: Page
) -> Check:
    """A `付` date that is not this page's names another publication: never refuted here."""
    for source in found:
        if within(source, mention):
            return _supported(mention, claim, source, 1.0, "")
    shown = page.published.isoformat() if page.published else "an unknown date"
    note = f"a publication date that is not this source's (published {shown}) and not in its text"
    return Check(KIND, mention.text, claim.line, V.NOT_FOUND, note=note)


def _compare(
    mention: DateMention,
    claim: Claim,
    found: tuple[SourceDate, ...],
    ctx: CheckContext,
    others: set[tuple[date, date]],
    *,
    refutable: bool,
) -> Check | None:
    alignment = _alignment(mention, claim, ctx) if refutable else None
    inside = [source for source in found if within(source, mention)]
    if inside:
        best = min(inside, key=lambda s: (s.resolved != "", s.last - s.first))
        other_event = _other_event(mention, claim, inside, found, ctx, others, alignment)
        return other_event or _supported(mention, claim, best, 1.0, "")
    behind = _behind(mention, claim, found, ctx)
    if behind is not None:
        return behind
    contradiction = _contradiction(mention, claim, found, ctx, others) if refutable else None
    if contradiction is None and alignment is not None:
        contradiction = _aligned_rival(mention, claim, found, ctx, others, alignment)
    if contradiction is not None:
        return contradiction
    by_page = _by_page(mention, claim, found, ctx, refutable=refutable)
    if by_page is not None:
        return by_page
    if mention.precision is DatePrecision.YEAR and not any(near_year(s, mention) for s in found):
        return None
    return Check(KIND, mention.text, claim.line, V.NOT_FOUND, note=absent_note(mention, found))


def _by_page(
    mention: DateMention,
    claim: Claim,
    found: tuple[SourceDate, ...],
    ctx: CheckContext,
    *,
    refutable: bool,
) -> Check | None:
    """The page's own publication day decides: a statement's day, or an event already done."""
    assert ctx.page is not None
    page, zone = ctx.page, ctx.settings.issue_timezone
    said = statement_day(mention, claim.text, found, page, zone)
    if said is not None:
        return Check(KIND, mention.text, claim.line, V.SUPPORTED, _stamp(page), 0.6, said)
    shared = date_anchors(claim.text.replace(mention.text, " "), f"{page.title}\n{page.text}")
    if not refutable or not any(map(is_event, shared)):
        return None
    done = after_publication(mention, claim.text, found, page, zone, shared)
    if done is None:
        return None
    return Check(KIND, mention.text, claim.line, V.CONTRADICTED, _stamp(page), 0.7, done)


def _supported(
    mention: DateMention, claim: Claim, source: SourceDate, score: float, extra: str
) -> Check:
    note = source.resolved or f"the source gives {show_period(source.first, source.last)}"
    note = f"{note}; {extra}" if extra else note
    return Check(KIND, mention.text, claim.line, V.SUPPORTED, source.text, score, note)


def _behind(
    mention: DateMention, claim: Claim, found: tuple[SourceDate, ...], ctx: CheckContext
) -> Check | None:
    """The source's day before the claim's, the same day in Japan (`dates._zones.zone_gap`)."""
    assert ctx.page is not None
    zone = ctx.settings.issue_timezone
    behind = zone_gap(mention, found, ctx.page, zone, lambda s: _anchors(claim, mention, s, ctx))
    return None if behind is None else _supported(mention, claim, behind[0], 0.7, behind[1])


def _contradiction(
    mention: DateMention,
    claim: Claim,
    found: tuple[SourceDate, ...],
    ctx: CheckContext,
    others: set[tuple[date, date]],
) -> Check | None:
    """The source's own date for the claim's event, when it is another date."""
    assert ctx.page is not None
    page, zone = ctx.page, ctx.settings.issue_timezone
    best: tuple[tuple[int, int, int], SourceDate, tuple[str, ...]] | None = None
    for source in found:
        if not _rival(mention, source, others, clock_days(source, page, zone)):
            continue
        anchors = _anchors(claim, mention, source, ctx)
        in_sentence = _anchors(claim, mention, source, ctx, sentence=True)
        before = claim.text.split(mention.text, 1)[0]
        if not _same_event(anchors, in_sentence) or not keeps_topic(
            before, _sentence(page.text, source)
        ):
            continue
        rank = (len(anchors), len(in_sentence), -period_gap(claim_period(mention), source))
        if best is None or rank > best[0]:
            best = (rank, source, anchors)
    if best is None:
        return None
    _, source, anchors = best
    how = f" ({source.resolved})" if source.resolved else ""
    note = (
        f"the source dates it {show_period(source.first, source.last)}{how}; the issue says "
        f"{show_period(*claim_period(mention))}; same event: {', '.join(anchors)}"
    )
    return _contradicted(mention, claim, _spelt_out(source, found), page, 0.8, note)


def _contradicted(
    mention: DateMention, claim: Claim, source: SourceDate, page: Page, score: float, note: str
) -> Check:
    """A contradiction shown by the source's words for the date in their sentence, with the
    claim's date rewritten to the source's day where it names one day."""
    day = source.first if source.first == source.last else None
    correction = restyle(mention.text, day) if day is not None else None
    sentence = _sentence(page.text, source).strip()
    return Check(
        KIND, mention.text, claim.line, V.CONTRADICTED, source.text, score, note,
        sentence=sentence, correction=correction,
    )  # fmt: skip


def _spelt_out(source: SourceDate, found: tuple[SourceDate, ...]) -> SourceDate:
    """The same period as the source gives it most plainly (`Wednesday, Nov. 6` for the
    `Wednesday` it resolved to that day): the words a reader checks at a glance."""
    same = [s for s in found if (s.first, s.last) == (source.first, source.last)]
    return max(same, key=lambda s: (any(c.isdigit() for c in s.text), len(s.text)))


def _page_dates(page: Page, fallback: date | None) -> tuple[SourceDate, ...]:
    """Every date the page gives, placed against its publication day (else `fallback`, the
    issue's date): read once per issue through `ctx.readings`, however many claims ask."""
    return find_dates(page.text, publication_day(page), fallback=fallback)


def _alignment(mention: DateMention, claim: Claim, ctx: CheckContext) -> EventSentence | None:
    """The sentence the claim is about by meaning (`dates._event`), when an embedder is on."""
    if ctx.windows is None or ctx.page is None:
        return None
    blanked = claim.text.replace(mention.text, " ")
    return event_sentence(blanked, ctx.page, ctx.windows, _ignored(ctx), ctx.readings)


def _other_event(
    mention: DateMention,
    claim: Claim,
    inside: list[SourceDate],
    found: tuple[SourceDate, ...],
    ctx: CheckContext,
    others: set[tuple[date, date]],
    alignment: EventSentence | None,
) -> Check | None:
    """A date inside the claim's period that belongs to another event of the article.

    Only when the claim's own sentence (by meaning) dates it otherwise and no sentence
    holding the claimed date is tied to the claim (`MIN_TIES` anchors).
    """
    if alignment is None or any(alignment.holds(source.start) for source in inside):
        return None
    strongest = max(len(_anchors(claim, mention, s, ctx, sentence=True)) for s in inside)
    if strongest >= min(MIN_TIES, len(alignment.ties)):
        return None
    return _aligned_rival(mention, claim, found, ctx, others, alignment)


def _aligned_rival(
    mention: DateMention,
    claim: Claim,
    found: tuple[SourceDate, ...],
    ctx: CheckContext,
    others: set[tuple[date, date]],
    alignment: EventSentence,
) -> Check | None:
    """The date the claim's own sentence gives, when it is another date."""
    page, zone = ctx.page, ctx.settings.issue_timezone
    assert page is not None
    before = claim.text.split(mention.text, 1)[0]
    if not keeps_topic(before, page.text[alignment.start : alignment.end]):
        return None
    rivals = [
        source
        for source in found
        if alignment.holds(source.start)
        and _rival(mention, source, others, clock_days(source, page, zone))
    ]
    if not rivals:
        return None
    source = min(rivals, key=lambda s: period_gap(claim_period(mention), s))
    how = f" ({source.resolved})" if source.resolved else ""
    note = (
        f"the source dates it {show_period(source.first, source.last)}{how}; the issue says "
        f"{show_period(*claim_period(mention))}; the sentence most like the claim "
        f"(similarity {alignment.score:.2f}, {alignment.margin:+.2f} over the next) shares "
        f"{', '.join(alignment.ties)}"
    )
    return _contradicted(mention, claim, source, page, 0.7, note)


def _rival(
    mention: DateMention,
    source: SourceDate,
    others: set[tuple[date, date]],
    clock: frozenset[int],
) -> bool:
    """Could this source date be the claim's event dated otherwise?

    It must be as precise as the claim (a year cannot refute a month); it
    must write out any year it differs in (a year-less "Nov. 6" never meant
    2016); it must be nearer this date than the claim's other dates (those
    are their own events); and outside the claim's period. A single day next
    to the claim's counts only when no clock explains it (`clock`: the days
    the issue's date may lie after the source's): a Japanese source's 4日 is
    no 5日, nor a Moscow 7th a Tokyo 6th (April next to March is no such day).
    """
    if _FINENESS[source.precision] > _FINENESS[mention.precision]:
        return False
    if source.resolved and source.first.year != mention.value.year:
        return False
    gap = period_gap(claim_period(mention), source)
    if any(period_gap(other, source) <= gap for other in others):
        return False
    if source.first != source.last and gap == 1:
        return (mention.value - source.first).days not in clock
    return gap > 0


def _same_event(anchors: tuple[str, ...], in_sentence: tuple[str, ...]) -> bool:
    """Three anchors around the date, two in its sentence, and the same kind of event.

    The kind is an event word, or else a sentence sharing three anchors, not
    all names (a Japanese source's shared words are its event's nouns: 刊行)
    nor mere pieces of words (`情報` in `偽情報対策`).
    """
    whole = [anchor for anchor in in_sentence if not is_partial(anchor)]
    words = len(whole) >= LINE_ANCHORS and not all(map(is_name, whole))
    kind = words or any(map(is_event, anchors))
    return len(anchors) >= LINE_ANCHORS and len(in_sentence) >= SENTENCE_ANCHORS and kind


def _anchors(
    claim: Claim,
    mention: DateMention,
    source: SourceDate,
    ctx: CheckContext,
    *,
    sentence: bool = False,
) -> tuple[str, ...]:
    """What ties the claim to the source's line (or sentence) around `source`, publisher aside.

    An official site's publisher (a senator, a ministry) is the subject of
    its own pages, not an outlet the issue attributes to: its name counts.
    """
    assert ctx.page is not None
    text = ctx.page.text
    passage = _sentence(text, source) if sentence else _context(text, source)
    return date_anchors(claim.text.replace(mention.text, " "), passage, ignore=_ignored(ctx))


def _ignored(ctx: CheckContext) -> tuple[str, ...]:
    """The names that tie nothing: the publishers the issue names to attribute the claim."""
    assert ctx.page is not None
    if load_table().official_domain(host_of(ctx.page.url)) is not None:
        return ()
    return tuple(p for p in (ctx.citation.cited_publisher, ctx.page.publisher) if p)


def _sentence(text: str, source: SourceDate) -> str:
    """The source date's sentence; a terse one (`昭和32年2月4日生まれ。`) with the one before it.

    A profile's fragments name their subject once, in the fragment before.
    """
    sentence = sentence_around(text, source.start, source.end)
    if len(sentence.strip()) >= TERSE:
        return sentence
    begin = text.find(sentence, max(0, source.start - len(sentence)))
    return (
        text[max(0, begin - 1) : begin] and sentence_around(text, begin - 1, begin - 1) + sentence
    )


def _context(text: str, source: SourceDate) -> str:
    """The line around a source date, clipped: the passage its event words live in."""
    start = max(text.rfind("\n", 0, source.start) + 1, source.start - DATE_CONTEXT)
    end = text.find("\n", source.end)
    end = min(len(text) if end < 0 else end, source.end + DATE_CONTEXT)
    return text[start:end]
