"""What the tests build: citations and their claims, pages, links, snapshots, a check's
context and a small report, each with keyword defaults; and where the tests' data lives.

A test names only what it cares about and takes the rest from the defaults: a source
citation `c01` of the Politico article on line 12, its page, an `OK` link to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from verifier.settings import ConnectTo, Settings
from verifier.types import (
    Check,
    Citation,
    CitationKind,
    CitationResult,
    Claim,
    ClaimKind,
    DateMention,
    DateRole,
    Hop,
    Issue,
    LinkResult,
    LinkStatus,
    Page,
    Report,
    Snapshot,
    Verdict,
)
from verifier.verify import CheckModule
from verifier.verify.cited import publishers, titles
from verifier.verify.context import CheckContext
from verifier.verify.text.embeddings import WindowIndex

if TYPE_CHECKING:
    from localweb import LocalWeb

# --- where the data is -------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent  # the repository
DATA = ROOT / "tests" / "data"
PAGES = ROOT / "localweb" / "pages"  # the local web's fixture pages, by host
EXAMPLE = ROOT / "examples" / "iwj-guide-2024-11-11.txt"  # the example issue

# --- a citation, its claims, its page, its link ---------------------------------------

ARTICLE = "https://www.politico.com/news/2024/11/06/story-00188070"


def claim(
    text: str,
    line: int = 10,
    kind: ClaimKind = ClaimKind.QUOTE,
    dates: tuple[DateMention, ...] = (),
    nested: bool = False,
) -> Claim:
    return Claim(kind, text, line, dates, nested)


def citation(
    *claims: Claim | str,
    claim_kind: ClaimKind = ClaimKind.QUOTE,
    claim_line: int = 10,
    id: str = "c01",
    line: int = 12,
    kind: CitationKind = CitationKind.SOURCE,
    url: str | None = ARTICLE,
    cited_title: str | None = None,
    cited_publisher: str | None = None,
    cited_date: date | None = None,
    cited_date_role: DateRole | None = None,
    cited_date_text: str | None = None,
    url_line: int | None = None,
    passage: str = "",
    passage_line: int | None = None,
) -> Citation:
    """A citation with `claims`: a text among them is a claim of `claim_kind`, the first
    text on `claim_line`, the next on the line after, and so on."""
    made = tuple(
        item if isinstance(item, Claim) else Claim(claim_kind, item, claim_line + n)
        for n, item in enumerate(claims)
    )
    return Citation(
        id=id,
        line=line,
        kind=kind,
        url=url,
        cited_title=cited_title,
        cited_publisher=cited_publisher,
        cited_date=cited_date,
        cited_date_role=cited_date_role,
        cited_date_text=cited_date_text,
        url_line=url_line,
        passage=passage,
        passage_line=passage_line,
        claims=made,
    )


def page(
    text: str = "Body text of the article.",
    *,
    url: str = ARTICLE,
    title: str | None = None,
    publisher: str | None = None,
    published: date | None = None,
    published_at: datetime | None = None,
    date_source: str | None = None,
    language: str | None = None,
    paywalled: bool = False,
) -> Page:
    """A page of `text`; published on the day of `published_at` unless `published` says."""
    if published is None and published_at is not None:
        published = published_at.date()
    return Page(
        url=url,
        text=text,
        title=title,
        publisher=publisher,
        published=published,
        published_at=published_at,
        date_source=date_source,
        language=language,
        paywalled=paywalled,
    )


def link(
    status: LinkStatus = LinkStatus.OK,
    reason: str = "HTTP 200 OK",
    snapshot: Snapshot | None = None,
) -> LinkResult:
    return LinkResult(status, reason, snapshot)


OK = link()


def ctx(
    citation: Citation,
    page: Page | None,
    link: LinkResult = OK,
    *,
    settings: Settings | None = None,
    issue_date: date | None = None,
    others: tuple[tuple[Citation, Page], ...] = (),
    windows: WindowIndex | None = None,
) -> CheckContext:
    """What a check is given: the default settings unless `settings` says otherwise."""
    return CheckContext(citation, page, link, settings or Settings(), issue_date, others, windows)


def checks_of(
    module: CheckModule, citation: Citation, page: Page | None, link: LinkResult = OK
) -> list[Check]:
    """The checks `module` makes of `citation` on `page`; none when it does not apply."""
    context = ctx(citation, page, link)
    return list(module.check(context)) if module.applies(citation) else []


def title_check(citation: Citation, page: Page | None, link: LinkResult = OK) -> Check:
    """The one title check of `citation`, on its line."""
    (check,) = checks_of(titles, citation, page, link)
    assert check.kind == "title"
    assert check.line == citation.line
    return check


def publisher_check(citation: Citation, page: Page | None, link: LinkResult = OK) -> Check:
    """The page check: always the first publisher check of a citation."""
    check = checks_of(publishers, citation, page, link)[0]
    assert check.kind == "publisher"
    assert (check.claim, check.line) == (citation.cited_publisher, citation.line)
    return check


# --- a snapshot of a fetch ----------------------------------------------------------


def snapshot(
    url: str = ARTICLE,
    status: LinkStatus = LinkStatus.OK,
    *,
    id: str = "s1",
    final_url: str | None = None,
    reason: str = "HTTP 200 OK",
    http_status: int | None = 200,
    hops: tuple[Hop, ...] = (),
    headers: tuple[tuple[str, str], ...] = (),
    content_type: str | None = "text/html",
    body_sha256: str | None = "0" * 64,
    body_size: int = 10,
    fetched_at: datetime = datetime(2024, 11, 11, tzinfo=UTC),
    elapsed: float = 0.1,
) -> Snapshot:
    """An archived fetch of `url`; `final_url` is `url` unless redirected."""
    return Snapshot(
        id=id,
        url=url,
        final_url=final_url or url,
        status=status,
        reason=reason,
        http_status=http_status,
        hops=hops,
        headers=headers,
        content_type=content_type,
        body_sha256=body_sha256,
        body_size=body_size,
        fetched_at=fetched_at,
        elapsed=elapsed,
    )


# --- a report built by hand: one citation of each kind ---------------------------------

FETCHED = datetime(2024, 11, 11, 3, 0, 5, tzinfo=UTC)


def _report_snapshot(
    url: str, status: LinkStatus, http_status: int, hops: Sequence[Hop] = ()
) -> Snapshot:
    return snapshot(
        url,
        status,
        id=f"s-{http_status}",
        reason="",
        http_status=http_status,
        hops=tuple(hops),
        body_sha256="ab" * 32,
        body_size=1000,
        fetched_at=FETCHED,
        elapsed=0.2,
    )


def source_result(title: str = "Speculation swirls") -> CitationResult:
    url = "https://www.politico.com/news/2024/11/06/vetting"
    cited = citation(
        id="c01",
        line=65,
        url=url,
        cited_title="Speculation swirls as Trump begins vetting",
        cited_publisher="Politico",
        cited_date=date(2024, 11, 6),
        cited_date_role=DateRole.PUBLISHED,
        url_line=66,
    )
    hops = (Hop(url.replace("https", "http"), 301, url), Hop(url, 200, None))
    read = Page(
        url=url,
        text="x" * 5120,
        title=title,
        publisher="Politico",
        published=date(2024, 11, 6),
        published_at=datetime(2024, 11, 6, 17, 0, tzinfo=timezone(timedelta(hours=-5))),
        language="en",
    )
    check = Check("date", "2024年11月6日", 65, Verdict.SUPPORTED, "Nov. 6, 2024", 0.95, "")
    found = LinkResult(LinkStatus.OK, "HTTP 200", _report_snapshot(url, LinkStatus.OK, 200, hops))
    return CitationResult(cited, found, read, (check,))


def dead_result() -> CitationResult:
    url = "https://www.axios.com/gone"
    cited = citation(id="c02", line=70, url=url, cited_title="Gone story")
    check = Check("quote", "消えた記事", 69, Verdict.UNVERIFIABLE, None, None, "link is dead")
    dead = LinkResult(
        LinkStatus.DEAD, "HTTP 404 Not Found", _report_snapshot(url, LinkStatus.DEAD, 404)
    )
    return CitationResult(cited, dead, None, (check,))


def no_url_result() -> CitationResult:
    cited = citation(
        id="c03",
        line=80,
        url=None,
        cited_title="Ukraine's allies",
        cited_publisher="Financial Times",
        cited_date=date(2024, 11, 10),
        cited_date_role=DateRole.ACCESSED,
    )
    return CitationResult(cited, LinkResult(LinkStatus.NO_URL, "cited without a link"))


def reference_result() -> CitationResult:
    url = "https://iwj.co.jp/join/"
    cited = citation(id="c04", line=90, kind=CitationKind.REFERENCE, url=url)
    found = LinkResult(LinkStatus.OK, "HTTP 200", _report_snapshot(url, LinkStatus.OK, 200))
    return CitationResult(cited, found, None)


def make_report(
    issue_id: str = "2024-11-11", day: date | None = date(2024, 11, 11), title: str = "Speculation"
) -> Report:
    """An issue of four citations: a source read, a dead link, one without a URL and a
    reference."""
    issue = Issue(issue_id, f"IWJ guide {issue_id}", day, "seeds/iwj.txt", "text", ())
    results = (source_result(title), dead_result(), no_url_result(), reference_result())
    return Report(issue, datetime(2026, 11, 26, 15, 0, 0, 123456, tzinfo=UTC), results)


def routed_to(web: LocalWeb, root: Path, **more: Any) -> Settings:
    """Settings for a run over the local web `web`: its routes and CA, the archive and the
    reports under `root`, no progress bar; `more` as Settings takes them."""
    return Settings(
        connect_to=tuple(ConnectTo.parse(route) for route in web.connect_to_all()),
        ca_bundle=web.ca_path,
        cache_dir=root / "cache",
        reports_dir=root / "reports",
        progress=False,
        **more,
    )
