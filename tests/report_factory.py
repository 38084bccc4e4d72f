"""A synthetic report of any size, for the browser tests and `make bench`: every link
status and verdict in turn, Japanese claims beside English evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime

from verifier.types import (
    Check,
    Citation,
    CitationKind,
    CitationResult,
    Issue,
    LinkResult,
    LinkStatus,
    Page,
    Report,
    Snapshot,
    Verdict,
)

_STATUSES = [LinkStatus.OK] * 6 + [LinkStatus.DEAD, LinkStatus.PAYWALLED, LinkStatus.REDIRECTED]
_VERDICTS = [Verdict.SUPPORTED] * 5 + [
    Verdict.NOT_FOUND,
    Verdict.CONTRADICTED,
    Verdict.UNVERIFIABLE,
]


def large_report(citations: int) -> Report:
    """An issue of `citations` sources, three lines each, three checks per source."""
    results = tuple(_result(n) for n in range(citations))
    lines = [f"Large issue {citations} 2024.11.11号", ""]
    for n in range(citations):
        lines += [
            f"「議会は予算案を{n}票差で可決した」と報じた。",
            f"※Story {n}(Site {n % 9}、2024年11月6日)",
            _url(n),
        ]
    issue = Issue("large", f"Large issue {citations}", date(2024, 11, 11), "large.txt", "text", (),
                  tuple(lines))  # fmt: skip
    return Report(issue, datetime(2026, 11, 27, 3, 0, tzinfo=UTC), results)


FETCHED = datetime(2026, 11, 27, tzinfo=UTC)


def _url(n: int) -> str:
    return f"https://site-{n % 9}.test/news/2024/11/06/story-{n}"


def _result(n: int) -> CitationResult:
    line = 3 + 3 * n
    citation = Citation(
        id=f"c{n + 1:03d}", line=line + 1, kind=CitationKind.SOURCE, url=_url(n),
        cited_title=f"Story {n}", cited_publisher=f"Site {n % 9}", cited_date=date(2024, 11, 6),
        url_line=line + 2,
    )  # fmt: skip
    status = _STATUSES[n % len(_STATUSES)]
    snapshot = Snapshot(
        url=_url(n), final_url=_url(n), status=status, reason=f"HTTP {n}", http_status=200,
        hops=(), headers=(), content_type="text/html", fetched_at=FETCHED, elapsed=0.1,
        id=f"s{n:04d}", body_sha256=f"{n:064x}", body_size=8000,
    )  # fmt: skip
    text = f"The council passed the budget by {n} votes on Wednesday. " * 20
    page = Page(url=_url(n), text=text, title=f"Story {n}", publisher=f"Site {n % 9}",
                published=date(2024, 11, 6), language="en")  # fmt: skip
    verdicts = [_VERDICTS[(n + k) % len(_VERDICTS)] for k in range(3)]
    checks = tuple(
        Check(kind, claim, line, verdict, evidence, 0.8, f"note {n}-{kind}")
        for kind, claim, evidence, verdict in zip(
            ("quote", "number", "date"),
            (f"議会は予算案を{n}票差で可決した", f"{n}票", "2024年11月6日"),
            (f"The council passed the budget by {n} votes", f"by {n} votes", "Nov. 6, 2024"),
            verdicts,
            strict=True,
        )
    )
    return CitationResult(citation, LinkResult(status, f"HTTP {n}", snapshot), page, checks)
