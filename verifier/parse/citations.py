"""Citations: every URL of the issue, and every source cited without one.

A block cites a *source* when its URL lies outside the newsletter's own
domain, or when it gives a date (``(日刊IWJガイド、2024年11月6日)`` is a
source even on iwj.co.jp). Every other URL is a *reference*: membership
pages, the newsletter's own archive, social links. The own domain is
`Settings.own_domains` when set, else the registrable domain that more than
half of the issue's URLs share, or at least twice as many as any other domain
(and at least three: one or two links are no evidence; a platform's
click-tracking wrappers are no one's domain); with no such domain every block
with a URL is a source. An issue without ※ blocks has no own domain unless
configured: a digest may cite one outlet most of the time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from urllib.parse import urlsplit

from tld import get_fld

from verifier.parse.blocks import Block, Layout, Located
from verifier.parse.claims import extract_claims
from verifier.parse.inline import InlineCite
from verifier.parse.passages import Passage
from verifier.parse.tracking import unwrap, wrapped
from verifier.types import Citation, CitationKind, Claim

_MIN_OWN_URLS = 3


def registrable_domain(url: str) -> str:
    """``iwj.co.jp`` for ``https://www.iwj.co.jp/x``; the bare host if no suffix fits."""
    domain = get_fld(url, fail_silently=True)
    return str(domain) if domain else (urlsplit(url).hostname or "")


def own_domains(layout: Layout, configured: tuple[str, ...]) -> tuple[str, ...]:
    """The newsletter's own domains: configured, else the majority domain."""
    if configured:
        return tuple(domain.lower().lstrip(".") for domain in configured)
    if not layout.blocks:
        # Prose cites by links: a digest that cites one outlet most of the time must not
        # lose that outlet's claims, and a link to its own archive that carries no claim
        # is a reference anyway.
        return ()
    counts = Counter(
        registrable_domain(located.url) for located in all_urls(layout) if not wrapped(located.url)
    )
    if not counts:
        return ()
    (domain, count), *rest = counts.most_common(2)
    runner_up = rest[0][1] if rest else 0
    # A newsletter of ※ blocks links its own pages (membership, archive, donations) more
    # than any one outlet.
    leads = count * 2 > sum(counts.values()) or count >= 2 * runner_up
    return (domain,) if count >= _MIN_OWN_URLS and leads else ()


def source_blocks(layout: Layout, own: tuple[str, ...]) -> frozenset[int]:
    """Lines of the blocks that cite at least one source."""
    return frozenset(
        block.line
        for block in layout.blocks
        if any(_is_source(block, located, own) for located in _citing(block))
    )


def build_citations(
    layout: Layout,
    inline: tuple[InlineCite, ...],
    own: tuple[str, ...],
    passages: dict[int, Passage],
    issue_date: date | None,
) -> tuple[Citation, ...]:
    """All citations in document order, numbered c01, c02, ..."""
    items: list[Block | InlineCite] = sorted([*layout.blocks, *inline], key=lambda i: i.line)
    places = [(item, located) for item in items for located in _citing(item)]
    return tuple(
        _citation(f"c{index:02d}", item, located, own, passages, issue_date)
        for index, (item, located) in enumerate(places, start=1)
    )


def _unwrapped(citation: Citation) -> Citation:
    """The citation of the URL a click-tracking wrapper carries, the wrapper kept beside it."""
    real = unwrap(citation.url) if citation.url else None
    return replace(citation, url=real, written_url=citation.url) if real else citation


def _citing(item: Block | InlineCite) -> tuple[Located | None, ...]:
    """The URLs an item cites; a ※ line without URL cites a source only if dated."""
    if isinstance(item, InlineCite):
        return (Located(item.url, item.url_line),)
    if item.urls:
        return item.urls
    return (None,) if item.header.date else ()


def _is_source(block: Block, located: Located | None, own: tuple[str, ...]) -> bool:
    return block.header.date is not None or (located is not None and not _is_own(located.url, own))


def _citation(
    cid: str,
    item: Block | InlineCite,
    located: Located | None,
    own: tuple[str, ...],
    passages: dict[int, Passage],
    issue_date: date | None,
) -> Citation:
    url, url_line = (located.url, located.line) if located else (None, None)
    if isinstance(item, InlineCite):
        return _inline(cid, item, own, issue_date)
    is_source = _is_source(item, located, own)
    passage = passages.get(item.line, Passage()) if is_source else Passage()
    return _unwrapped(
        Citation(
            id=cid,
            line=item.line,
            kind=CitationKind.SOURCE if is_source else CitationKind.REFERENCE,
            url=url,
            cited_title=item.header.title,
            cited_publisher=item.header.publisher,
            cited_date=item.header.date,
            cited_date_role=item.header.role,
            cited_date_text=item.header.date_text,
            url_line=url_line,
            passage=passage.text,
            passage_line=passage.line,
            claims=_claims(passage, issue_date),
        )
    )


def _inline(cid: str, item: InlineCite, own: tuple[str, ...], issue_date: date | None) -> Citation:
    """A link in the prose: a source when the words it carries say something checkable (and
    it leads outside the newsletter's own site), else a reference. The writer's own words
    kept with it (`InlineCite.own`) ride along, to be shown and not checked."""
    unwrapped = unwrap(item.url)
    target, written = (unwrapped, item.url) if unwrapped else (item.url, None)
    ours = not wrapped(target) and _is_own(target, own)  # a tracker's host is no one's site
    claims = _claims(Passage(item.parts), issue_date) if not ours else ()
    writer = _claims(Passage(item.own), issue_date, cited=False)
    every = tuple(sorted((*claims, *writer), key=lambda claim: claim.line))
    if not claims:
        return Citation(
            cid,
            item.url_line,
            CitationKind.REFERENCE,
            target,
            url_line=item.url_line,
            claims=every,
            written_url=written,
        )
    return Citation(
        id=cid,
        line=item.line,
        kind=CitationKind.SOURCE,
        url=target,
        cited_publisher=item.publisher,
        url_line=item.url_line,
        passage=item.passage,
        passage_line=item.parts[0][0].number,
        claims=every,
        written_url=written,
    )


def _claims(passage: Passage, issue_date: date | None, *, cited: bool = True) -> tuple[Claim, ...]:
    """Claims of every run of the passage (its section's headline first): a quote left open
    ends with its run."""
    parts = (passage.headline, *passage.parts) if passage.headline else passage.parts
    return tuple(claim for part in parts for claim in extract_claims(part, issue_date, cited=cited))


def _is_own(url: str, own: Iterable[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in own)


def all_urls(layout: Layout) -> Iterator[Located]:
    yield from layout.loose
    for block in layout.blocks:
        yield from block.urls
