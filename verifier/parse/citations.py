"""Citations: every URL of the issue, and every source cited without one.

A block cites a *source* when its URL lies outside the newsletter's own
domain, or when it gives a date (``(日刊IWJガイド、2024年11月6日)`` is a
source even on iwj.co.jp). Every other URL is a *reference*: membership
pages, the newsletter's own archive, social links. The own domain is
`Settings.own_domains` when set, else the registrable domain that more than
half of the issue's URLs share (and at least three: one or two links are no
evidence); with no such majority every block with a URL is a source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from urllib.parse import urlsplit

from tld import get_fld

from verifier.parse.blocks import Block, Layout, Located
from verifier.parse.claims import extract_claims
from verifier.parse.passages import Passage
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
    counts = Counter(registrable_domain(located.url) for located in all_urls(layout))
    if not counts:
        return ()
    domain, count = counts.most_common(1)[0]
    is_own = count >= _MIN_OWN_URLS and count * 2 > sum(counts.values())
    return (domain,) if is_own else ()


def source_blocks(layout: Layout, own: tuple[str, ...]) -> frozenset[int]:
    """Lines of the blocks that cite at least one source."""
    return frozenset(
        block.line
        for block in layout.blocks
        if any(_is_source(block, located, own) for located in _citing(block))
    )


def build_citations(
    layout: Layout,
    own: tuple[str, ...],
    passages: dict[int, Passage],
    issue_date: date | None,
) -> tuple[Citation, ...]:
    """All citations in document order, numbered c01, c02, ..."""
    items: list[Block | Located] = sorted([*layout.blocks, *layout.loose], key=lambda i: i.line)
    places = [(item, located) for item in items for located in _citing(item)]
    return tuple(
        _citation(f"c{index:02d}", item, located, own, passages, issue_date)
        for index, (item, located) in enumerate(places, start=1)
    )


def _citing(item: Block | Located) -> tuple[Located | None, ...]:
    """The URLs an item cites; a ※ line without URL cites a source only if dated."""
    if isinstance(item, Located):
        return (item,)
    if item.urls:
        return item.urls
    return (None,) if item.header.date else ()


def _is_source(block: Block, located: Located | None, own: tuple[str, ...]) -> bool:
    return block.header.date is not None or (located is not None and not _is_own(located.url, own))


def _citation(
    cid: str,
    item: Block | Located,
    located: Located | None,
    own: tuple[str, ...],
    passages: dict[int, Passage],
    issue_date: date | None,
) -> Citation:
    url, url_line = (located.url, located.line) if located else (None, None)
    if isinstance(item, Located):
        return Citation(cid, item.line, CitationKind.REFERENCE, url, url_line=url_line)
    is_source = _is_source(item, located, own)
    passage = passages.get(item.line, Passage()) if is_source else Passage()
    return Citation(
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


def _claims(passage: Passage, issue_date: date | None) -> tuple[Claim, ...]:
    """Claims of every run of the passage: a quote left open ends with its run."""
    return tuple(claim for part in passage.parts for claim in extract_claims(part, issue_date))


def _is_own(url: str, own: Iterable[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in own)


def all_urls(layout: Layout) -> Iterator[Located]:
    yield from layout.loose
    for block in layout.blocks:
        yield from block.urls
