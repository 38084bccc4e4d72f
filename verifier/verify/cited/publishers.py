"""Cited publisher vs the page, and publishers the passage itself names.

Two questions, one `publisher` kind:

1. Is the page from the publisher the citation names? The URL's domain is
   the strongest evidence, then the page's own site name, both read through
   the alias table (`outlets.toml`), so 'ポリティコ', 'POLITICO' and
   politico.com are one publisher. On a hosting platform (YouTube, Telegram,
   X) the cited publisher is the channel, which only the page can name; the
   platform's domain never contradicts it. '公式サイト' (official site) is
   supported by a government domain. When the page cannot be read, the
   domain alone still decides between two known publishers: a dead link on
   axios.com cited as Politico is not Politico's, whatever the page said.
   A name the table does not know is confirmed by the page's own site name
   or title, or by a site name it reads as ('ストラナ' for 'Страна'), and
   contradicted by a page that is plainly another known publisher, unless it
   may be that publisher spelt otherwise
   (`outlets.resembles`: 'Mainichi Shinbun', 'ジャパン・タイムス').
   A citation without a URL has nothing to compare: the link status
   (`no_url`) already says so, and no page check is made.
2. Does the passage attribute its content to the publisher it cites? A
   『name』 that resolves to another known publisher (the passage says the
   WSJ reported it, the citation below is Axios) is `not_found`; one that
   matches is `supported`. One check per mentioned publisher. Back-references
   ('この『日経』の報道', 'this Nikkei report') point at an earlier citation
   and are not reported as mismatches. Names unknown to the table are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tld import get_fld
from tld.exceptions import TldBadUrl, TldDomainNotFound

from verifier.types import Check, Citation, CitationKind, Page, Verdict
from verifier.verify.context import CheckContext, unreadable
from verifier.verify.text.outlets import (
    Publisher,
    PublisherTable,
    comparable,
    contains_name,
    host_in,
    load_table,
    plainly_other,
    resembles,
    same_name_in_latin,
    sounds_alike,
)
from verifier.verify.text.urls import host_of

KIND = "publisher"

_MENTION = re.compile(
    r"(?P<edition>[\u30a0-\u30ff\u4e00-\u9fff]{1,8}?版)?『(?P<name>[^『』\n]{1,40})』"
)
# Edition and media words a name may carry: 『…ジャーナル日本版』, 『NBC』テレビ.
_EDITION = re.compile(r"(日本版|電子版|英語版|英字版|デジタル版|紙|誌|テレビ)$")
_BACK_REFERENCE = ("この", "その", "同", "当該", "前述の", "上記の")
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}")


def applies(citation: Citation) -> bool:
    return citation.kind is CitationKind.SOURCE and (
        citation.cited_publisher is not None or "『" in citation.passage
    )


def check(ctx: CheckContext) -> tuple[Check, ...]:
    table = load_table()
    checks: list[Check] = []
    if ctx.citation.cited_publisher is not None and ctx.citation.url is not None:
        checks.append(_page_check(ctx, ctx.citation.cited_publisher, table))
    checks.extend(_attributions(ctx, table))
    return tuple(checks)


# --- 1. the cited publisher vs the page -------------------------------------------


def _page_check(ctx: CheckContext, cited: str, table: PublisherTable) -> Check:
    line = ctx.citation.line
    hosts = tuple(dict.fromkeys(h for h in _hosts(ctx) if h))
    why = unreadable(ctx)
    if why is not None or ctx.page is None:
        return _by_domain_only(cited, line, hosts, table, why or "no page")
    if table.is_official_alias(cited):
        return _official(cited, line, hosts, table)
    publisher = table.resolve(cited)
    if publisher is None:
        return _unknown(cited, line, ctx.page, hosts, table)
    return _known(publisher, cited, line, ctx.page, hosts, table)


def _hosts(ctx: CheckContext) -> tuple[str, ...]:
    """The page's host (after redirects) first, then the cited URL's own."""
    return (host_of(ctx.page.url) if ctx.page else "", host_of(ctx.citation.url))


def _by_domain_only(
    cited: str, line: int, hosts: tuple[str, ...], table: PublisherTable, why: str
) -> Check:
    """An unreadable page: the URL's domain confirms a known publisher or names another, and
    an unknown publisher named by its domain (`MLB.com`, 'Pacific Slope Times' on
    pacificslopetimes.com) is confirmed or refuted by it too.

    A platform's domain does neither: the cited publisher is a channel there.
    """
    publisher = table.resolve(cited)
    if publisher is None:
        by_domain = _by_own_domain(cited, line, hosts)
        return by_domain or Check(KIND, cited, line, Verdict.UNVERIFIABLE, note=why)
    if publisher.platform:
        return Check(KIND, cited, line, Verdict.UNVERIFIABLE, note=why)
    owned = [d for h in hosts if (d := publisher.owns(h))]
    if owned:
        note = f"the URL is on {owned[0]} ({publisher.name}); the page itself: {why}"
        return Check(KIND, cited, line, Verdict.SUPPORTED, owned[0], 0.8, note)
    others = [(h, p) for h in hosts if (p := table.by_host(h)) is not None and not p.platform]
    if not others:
        return Check(KIND, cited, line, Verdict.UNVERIFIABLE, note=why)
    host, other = others[0]
    domain = other.owns(host) or host
    note = f"the URL is on {domain} ({other.name}), not {publisher.name}'s; the page itself: {why}"
    return Check(KIND, cited, line, Verdict.CONTRADICTED, domain, 0.9, note)


def _official(cited: str, line: int, hosts: tuple[str, ...], table: PublisherTable) -> Check:
    for host in hosts:
        why = table.official_domain(host)
        if why is not None:
            note = f"{host} is an official site ({why} domain); whose site it is, the title says"
            return Check(KIND, cited, line, Verdict.SUPPORTED, host, 0.9, note)
    note = f"{cited!r} means an official site, but {hosts[0]} is not a government domain"
    return Check(KIND, cited, line, Verdict.UNVERIFIABLE, note=note)


def _known(
    publisher: Publisher,
    cited: str,
    line: int,
    page: Page,
    hosts: tuple[str, ...],
    table: PublisherTable,
) -> Check:
    alias = "" if cited == publisher.name else f"{cited!r} is {publisher.name}; "
    domain = next((d for h in hosts if (d := publisher.owns(h))), None)
    if domain is not None:
        note = f"{alias}the page is on {domain} ({publisher.name})"
        return Check(KIND, cited, line, Verdict.SUPPORTED, domain, 1.0, note)
    if table.named_in(page.publisher) is publisher:
        note = f"{alias}the page's site name is {page.publisher!r}"
        return Check(KIND, cited, line, Verdict.SUPPORTED, page.publisher, 0.9, note)
    platform = next((p for h in hosts if (p := table.by_host(h)) and p.platform), None)
    if platform is not None:
        return _channel(publisher, cited, line, page, platform)
    return _other(publisher, cited, line, page, hosts[0], table)


def _channel(publisher: Publisher, cited: str, line: int, page: Page, platform: Publisher) -> Check:
    """A page on a platform: the cited publisher is a channel, named (or not) by the page."""
    shown = (page.author, page.publisher, page.title, page.text)
    for name in publisher.names:
        if any(_names_channel(name, text) for text in shown if text):
            note = f"a {platform.name} page naming {name!r} ({publisher.name}) as its channel"
            return Check(KIND, cited, line, Verdict.SUPPORTED, name, 0.8, note)
    note = (
        f"a {platform.name} page: anyone can publish there, and the page as extracted does "
        f"not name its channel, so {publisher.name} can be neither confirmed nor refuted"
    )
    return Check(KIND, cited, line, Verdict.UNVERIFIABLE, note=note)


def _names_channel(name: str, text: str) -> bool:
    """Whether a page names a channel; 'TODAY', 'NBC' in capitals only, not the word 'today'."""
    if name.isupper():
        return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None
    return contains_name(name, text)


def _other(
    publisher: Publisher, cited: str, line: int, page: Page, host: str, table: PublisherTable
) -> Check:
    other = table.by_host(host) or table.named_in(page.publisher)
    shown = f"site name {page.publisher!r}, domain {host}"
    if other is not None and other is not publisher:
        note = f"the page is {other.name} ({shown}), not {publisher.name}"
        return Check(KIND, cited, line, Verdict.CONTRADICTED, page.publisher or host, 1.0, note)
    if page.publisher and _owns_its_domain(page.publisher, host):
        note = f"the page is {page.publisher}'s own ({shown}), not {publisher.name}"
        return Check(KIND, cited, line, Verdict.CONTRADICTED, page.publisher, 0.9, note)
    site = page.publisher or ""
    names = [name for name in publisher.names if comparable(name, site)]
    if site and names and all(plainly_other(name, site) for name in names):
        note = f"the page is {page.publisher!r} ({shown}), a publisher other than {publisher.name}"
        return Check(KIND, cited, line, Verdict.CONTRADICTED, page.publisher, 0.7, note)
    note = f"the page does not show {publisher.name} or one of its domains ({shown})"
    return Check(KIND, cited, line, Verdict.NOT_FOUND, page.publisher or host, note=note)


def _owns_its_domain(site_name: str, host: str) -> bool:
    """A site name spelt by its domain (CBS News on cbsnews.com): the page is plainly its own."""
    letters = re.sub(r"[^a-z0-9]", "", site_name.lower())
    return len(letters) >= 3 and letters == _site_label(host)


def _unknown(
    cited: str, line: int, page: Page, hosts: tuple[str, ...], table: PublisherTable
) -> Check:
    """A publisher the table does not know: the page's own words can confirm it.

    A page that is plainly another known publisher (by its domain or site
    name) refutes it, unless the name may be that publisher spelt otherwise.
    """
    for label, text in (("site name", page.publisher), ("title", page.title)):
        if text and (contains_name(cited, text) or contains_name(text, cited)):
            note = f"the page's {label} is {text!r} ({cited!r} is not in the publisher table)"
            return Check(KIND, cited, line, Verdict.SUPPORTED, text, 0.8, note)
    if page.publisher and sounds_alike(cited, page.publisher):
        note = f"{cited!r} reads as the page's site name {page.publisher!r}, written in katakana"
        return Check(KIND, cited, line, Verdict.SUPPORTED, page.publisher, 0.7, note)
    if page.publisher and same_name_in_latin(cited, page.publisher):
        note = f"{cited!r} is the page's site name {page.publisher!r} in Latin letters"
        return Check(KIND, cited, line, Verdict.SUPPORTED, page.publisher, 0.7, note)
    shown = f"site name {page.publisher!r}, domain {hosts[0]}"
    by_domain = _by_own_domain(cited, line, hosts)
    if by_domain is not None:
        return by_domain
    owner = _page_owner(page, hosts, table)
    if owner is not None and not resembles(cited, owner):
        note = f"the page is {owner.name} ({shown}); {cited!r} is not one of its names"
        return Check(KIND, cited, line, Verdict.CONTRADICTED, page.publisher or hosts[0], 0.9, note)
    if page.publisher and plainly_other(cited, page.publisher):
        note = f"the page is {page.publisher!r} ({shown}), a publisher other than {cited!r}"
        return Check(KIND, cited, line, Verdict.CONTRADICTED, page.publisher, 0.7, note)
    note = f"{cited!r} is not in the publisher table, and the page ({shown}) does not name it"
    if owner is not None:
        note = f"{note}; it may be {owner.name} spelt otherwise"
    return Check(KIND, cited, line, Verdict.UNVERIFIABLE, note=note)


def _by_own_domain(cited: str, line: int, hosts: tuple[str, ...]) -> Check | None:
    """A publisher named by its domain (`MLB.com`) or by the letters of one (`RBC`, rbc.ru).

    A domain-like name is its own proof either way: the page is on it, or on another.
    """
    name = cited.strip().lower()
    known = [host for host in hosts if host]
    if not known:
        return None
    if _DOMAIN.fullmatch(name):
        if any(host_in(host, name) for host in known):
            return Check(KIND, cited, line, Verdict.SUPPORTED, known[0], 0.9, "the page is on it")
        note = f"{cited!r} is a domain, and the page is on {known[0]}"
        return Check(KIND, cited, line, Verdict.CONTRADICTED, known[0], 0.9, note)
    letters = re.sub(r"[^a-z0-9]", "", name)
    if len(letters) >= 3 and letters in {_site_label(host) for host in known}:
        note = f"{cited!r} is the name of the page's domain ({known[0]})"
        return Check(KIND, cited, line, Verdict.SUPPORTED, known[0], 0.8, note)
    return None


def _site_label(host: str) -> str:
    """The label a site is known by: `rbc` for rbc.ru, `cbsnews` for www.cbsnews.com."""
    try:
        domain = str(get_fld(host, fix_protocol=True))
    except (TldBadUrl, TldDomainNotFound):
        domain = host
    return domain.split(".", 1)[0]


def _page_owner(page: Page, hosts: tuple[str, ...], table: PublisherTable) -> Publisher | None:
    """The known publisher whose page this is: by domain, else by site name.

    None on a platform, where anyone publishes and the cited name is a channel.
    """
    by_host = [p for h in hosts if (p := table.by_host(h)) is not None]
    if any(p.platform for p in by_host):
        return None
    owner = by_host[0] if by_host else table.named_in(page.publisher)
    return owner if owner is not None and not owner.platform else None


# --- 2. publishers named in the passage ---------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mention:
    written: str
    line: int
    publisher: Publisher
    back_reference: bool


def _attributions(ctx: CheckContext, table: PublisherTable) -> list[Check]:
    citation = ctx.citation
    own = _own_publishers(citation, ctx.page, table)
    if not own:
        return []
    groups: dict[str, list[_Mention]] = {}
    for mention in _mentions(citation, table):
        groups.setdefault(mention.publisher.name, []).append(mention)
    checks = [_attribution(group, own, ctx) for group in groups.values()]
    return [check for check in checks if check is not None]


def _own_publishers(
    citation: Citation, page: Page | None, table: PublisherTable
) -> list[Publisher]:
    """Who the citation is: its cited publisher and its URL's domain (platform included).

    Without a cited publisher, the page's site name speaks for it too.
    """
    found = [
        table.resolve(citation.cited_publisher),
        table.by_host(host_of(citation.url)),
        table.by_host(host_of(page.url)) if page else None,
    ]
    if citation.cited_publisher is None and page is not None:
        found.append(table.named_in(page.publisher))
    return [p for p in dict.fromkeys(found) if p is not None]


def _mentions(citation: Citation, table: PublisherTable) -> list[_Mention]:
    mentions = []
    for match in _MENTION.finditer(citation.passage):
        resolved = _resolve_mention(match, table)
        if resolved is None:
            continue
        written, publisher = resolved
        start = match.start() + match.group(0).index(written)
        before = citation.passage[:start].rstrip()
        back = before.endswith(_BACK_REFERENCE)
        mentions.append(_Mention(written, _line_at(citation, start), publisher, back))
    return mentions


def _resolve_mention(match: re.Match[str], table: PublisherTable) -> tuple[str, Publisher] | None:
    """The publisher a 『name』 stands for, and the span as written ('ウクライナ版『プラウダ』')."""
    bracketed = f"『{match['name']}』"
    candidates = [(match.group(0), match.group(0))] if match["edition"] else []
    candidates += [(bracketed, match["name"]), (bracketed, _EDITION.sub("", match["name"]))]
    for written, name in candidates:
        publisher = table.resolve(name)
        if publisher is not None:
            return written, publisher
    return None


def _attribution(group: list[_Mention], own: list[Publisher], ctx: CheckContext) -> Check | None:
    first, publisher = group[0], group[0].publisher
    also = ", ".join(f"line {m.line} as {m.written}" for m in group[1:])
    also = f" (also {also})" if also else ""
    if publisher in own:
        note = f"the passage attributes this to {publisher.name}{also}, as its citation does"
        return Check(KIND, first.written, first.line, Verdict.SUPPORTED, own[0].name, 1.0, note)
    claims = [m for m in group if not m.back_reference]
    if not claims:
        return None
    first = claims[0]
    citation = ctx.citation
    note = (
        f"the passage attributes this to {publisher.name}{also}, but its citation "
        f"(line {citation.line}) is {own[0].name}{_cited_elsewhere(publisher, ctx)}"
    )
    return Check(KIND, first.written, first.line, Verdict.NOT_FOUND, note=note)


def _cited_elsewhere(publisher: Publisher, ctx: CheckContext) -> str:
    table = load_table()
    for citation, page in ctx.others:
        if citation.id != ctx.citation.id and publisher in _own_publishers(citation, page, table):
            return f"; {publisher.name} is cited at {citation.id} (line {citation.line})"
    return ""


def _line_at(citation: Citation, offset: int) -> int:
    """The issue line of a passage offset.

    A passage can be two runs of lines (before and after its source block)
    joined as one text, so counting newlines is exact only in the first run.
    The claims carry their true lines: the nearest one tells how far the run
    holding `offset` has moved.
    """
    naive = _naive_line(citation, offset)
    anchors = _anchors(citation)
    if not anchors:
        return naive
    seen, true = min(anchors, key=lambda anchor: abs(anchor[0] - naive))
    return naive + true - seen


def _naive_line(citation: Citation, offset: int) -> int:
    return (citation.passage_line or citation.line) + citation.passage.count("\n", 0, offset)


def _anchors(citation: Citation) -> list[tuple[int, int]]:
    """(counted line, true line) of each claim: its last occurrence not past its true line."""
    anchors = []
    for claim in citation.claims:
        found = re.finditer(re.escape(claim.text), citation.passage)
        counted = [n for m in found if (n := _naive_line(citation, m.start())) <= claim.line]
        if counted:
            anchors.append((counted[-1], claim.line))
    return anchors
