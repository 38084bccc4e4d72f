"""The domain types every pipeline stage speaks.

Stages never import each other; they exchange these frozen dataclasses. The
chain is::

    Issue(Citation(Claim...)...) --fetch--> FetchResult --archive--> Snapshot
    Snapshot + body --extract--> Page;  (Claim, Page) --verify--> Check
    everything --report--> Report

Verdicts and link statuses are values with a reason, never exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Level(StrEnum):
    """How alarming a link status or a verdict is, the same in every view: `bad` (the
    citation is broken or says what the source does not), `warn` (inconclusive: the
    source could not be read or proves nothing), `good`. Presentation only; what fails a
    CI run is `--fail-on`'s business."""

    BAD = "bad"
    WARN = "warn"
    GOOD = "good"

    @property
    def rank(self) -> int:
        """Sort key, most alarming first."""
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.BAD: 0, Level.WARN: 1, Level.GOOD: 2}


class LinkStatus(StrEnum):
    """What a cited URL gave us, in the contract's vocabulary.

    Each status answers the questions the stages ask of it (is the page there to read,
    does this check count towards `dead`, is the link broken), so that the groups are
    defined once, here, and tested as one table over every member.
    """

    OK = "ok"
    REDIRECTED = "redirected"
    DEAD = "dead"
    SOFT_404 = "soft_404"
    BLOCKED = "blocked"
    PAYWALLED = "paywalled"
    TIMEOUT = "timeout"
    ERROR = "error"
    UNSTABLE = "unstable"
    NO_URL = "no_url"
    FAILING = "failing"  # failed, but not on enough checks over enough days to call it dead
    DRIFTED = "drifted"  # up, but a quote it was cited for is no longer on it
    EXCLUDED = "excluded"  # not fetched: the settings' `exclude` (or .verifierignore) says so

    @property
    def served(self) -> bool:
        """A fetch that got the page, directly or through redirects: the statuses a page
        is read at, and whose bodies count as good copies."""
        return self in (LinkStatus.OK, LinkStatus.REDIRECTED)

    @property
    def has_text(self) -> bool:
        """Some of the page's text is there to read: all of it, the part a paywall leaves
        visible, or a front page as it is today."""
        return self.served or self in (LinkStatus.UNSTABLE, LinkStatus.PAYWALLED)

    @property
    def failed(self) -> bool:
        """A check that counts towards `dead` in a link's history."""
        return self in (LinkStatus.DEAD, LinkStatus.ERROR)

    @property
    def inconclusive(self) -> bool:
        """A check that says nothing about the page (a bot wall, a slow night): it neither
        counts towards `dead` nor breaks a run of failures."""
        return self in (LinkStatus.BLOCKED, LinkStatus.TIMEOUT)

    @property
    def broken(self) -> bool:
        """The link no longer gives what was cited: it gets a fallback copy, and turning
        so is a `new failure` in a link-rot run's changes."""
        return self.failed or self in (LinkStatus.SOFT_404, LinkStatus.FAILING, LinkStatus.DRIFTED)

    @property
    def level(self) -> Level:
        return _LINK_LEVELS.get(self, Level.WARN)


_LINK_LEVELS = {
    LinkStatus.OK: Level.GOOD,
    LinkStatus.REDIRECTED: Level.GOOD,
    LinkStatus.DEAD: Level.BAD,
    LinkStatus.SOFT_404: Level.BAD,
    LinkStatus.ERROR: Level.BAD,
    LinkStatus.EXCLUDED: Level.GOOD,  # the user's own choice: nothing to look at
}


class Verdict(StrEnum):
    """What a check concluded about one claim."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    NOT_FOUND = "not_found"
    UNVERIFIABLE = "unverifiable"

    @property
    def level(self) -> Level:
        if self is Verdict.SUPPORTED:
            return Level.GOOD
        if self is Verdict.UNVERIFIABLE:
            return Level.WARN
        return Level.BAD


class CitationKind(StrEnum):
    SOURCE = "source"
    REFERENCE = "reference"


class DateRole(StrEnum):
    PUBLISHED = "published"
    ACCESSED = "accessed"


class ClaimKind(StrEnum):
    QUOTE = "quote"
    NUMBER = "number"
    DATE = "date"


class Whose(StrEnum):
    """Whose words a claim is: the cited source's, or the writer's own (not checked
    against any source, and no finding)."""

    SOURCE = "source"
    COMMENTARY = "commentary"  # the writer's view or count ("by my count", "I think")
    ARITHMETIC = "arithmetic"  # the writer's calculation over figures ("that works out to")
    ASIDE = "aside"  # an explanatory note in brackets

    @property
    def own(self) -> bool:
        return self is not Whose.SOURCE


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


# --- parse ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in the issue, resolved against the issue's own date.

    `text` is the span as written (`6日`, `11月8日付`, `今年4月`); `value` is the
    first day of the period when `precision` is coarser than a day.
    """

    text: str
    value: date
    precision: DatePrecision = DatePrecision.DAY


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement from the passage a citation supports.

    `text` is exactly as it appears in the issue (for a quote: the words
    inside the brackets); `line` is the 1-based line where it starts.
    """

    kind: ClaimKind
    text: str
    line: int
    dates: tuple[DateMention, ...] = ()
    nested: bool = False
    whose: Whose = Whose.SOURCE


@dataclass(frozen=True, slots=True)
class Citation:
    """One place where the issue cites a URL (or a source without one)."""

    id: str
    line: int
    kind: CitationKind
    url: str | None
    cited_title: str | None = None
    cited_publisher: str | None = None
    cited_date: date | None = None
    cited_date_role: DateRole | None = None
    cited_date_text: str | None = None
    url_line: int | None = None
    passage: str = ""
    passage_line: int | None = None
    claims: tuple[Claim, ...] = ()
    # The link as the issue wrote it, when that was a click-tracking wrapper `url` was read
    # out of (`parse.tracking`); None when the issue links to `url` itself.
    written_url: str | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    """A parsed newsletter issue."""

    id: str
    title: str
    date: date | None
    path: str
    format: str
    citations: tuple[Citation, ...]
    # The visible text line by line (line N is lines[N - 1], the numbers every citation and
    # claim gives): what the report's reading view shows, as the newsletter was sent.
    lines: tuple[str, ...] = ()


# --- fetch ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a redirect chain, recorded as it happened."""

    url: str
    http_status: int | None
    location: str | None
    via: str = "http"  # "http" (3xx Location), "meta-refresh", or a step the crawler took
    # itself: "reading-view" (a Telegram post's embed widget fetched in the post's place),
    # "tracking-removed" (the address without utm_* and the like)


#: The answers that say a page is gone, not that its site has a bad night: not there (404),
#: gone on purpose (410); and the reason of a fetch whose host name does not exist (NXDOMAIN).
GONE_STATUSES = frozenset({404, 410})
NO_SUCH_HOST = "DNS name not found"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchRecord:
    """What one fetch of one URL saw, body aside: the part results and snapshots share.

    `status` is the transport-level verdict (ok, redirected, dead, blocked,
    timeout, error); page-level refinements (soft 404, paywall, unstable)
    come later, from the extracted page. `fetched_at` is when the first
    request went out (UTC).
    """

    url: str
    final_url: str
    status: LinkStatus
    reason: str
    http_status: int | None
    hops: tuple[Hop, ...]
    headers: tuple[tuple[str, str], ...]
    content_type: str | None
    fetched_at: datetime
    elapsed: float
    attempts: int = 1
    truncated: bool = False
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchResult(FetchRecord):
    """A fetch as the crawler hands it over: with its (capped, decoded) body, or, when the
    server answered 304 to a conditional request, the archived body it confirmed."""

    body: bytes | None
    unchanged: Validator | None = None


@dataclass(frozen=True, slots=True)
class Validator:
    """What the archive knows of a URL's last good answer, so a re-check can ask the server
    "changed since?" (`If-None-Match`, `If-Modified-Since`) and keep the body it has."""

    url: str
    etag: str | None
    last_modified: str | None
    body_sha256: str
    body_size: int
    content_type: str | None


# --- reviews ----------------------------------------------------------------


class Decision(StrEnum):
    """What a reviewer decided about a finding of the fix list."""

    ACCEPTED = "accepted"  # it is an error; to be fixed
    DISMISSED = "dismissed"  # not an error: out of the lists while its evidence holds
    FIXED = "fixed"  # corrected in the issue


@dataclass(frozen=True, slots=True)
class Review:
    """A reviewer's decision on one finding (`triage` entry id) of an issue, made on the
    evidence whose key is `evidence`: when the claim or the source changes, the finding
    comes back undecided."""

    issue_id: str
    finding: str
    decision: Decision
    note: str
    evidence: str
    decided_at: str | None = None


# --- archive ----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot(FetchRecord):
    """An archived fetch: the body is stored once by hash, not carried along."""

    id: str
    body_sha256: str | None
    body_size: int


# --- extract ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """The readable content of a snapshot: main text and metadata."""

    url: str
    text: str
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    published_at: datetime | None = None
    date_source: str | None = None
    modified: date | None = None
    language: str | None = None
    paywalled: bool = False
    charset: str | None = None
    author: str | None = None  # who posted it on a platform: a channel, a Telegram account
    gone: str | None = None  # why the page says its content is not there (a deleted post)
    walled: str | None = None  # why the page keeps this visitor out (a bot check, a sign-in)
    media: str | None = None  # "a video", "an image": what the source says is not in its text
    text_url: str | None = None  # where its words are instead (a video's captions track)
    meta_url: str | None = None  # where its title and author are, when not in the page (oEmbed)


# --- verify -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of a claim beside what the evidence says of it: a figure, a date, a name, a
    word of a translated quote. `agrees` is None when the evidence says nothing of it (no
    tick, no cross); `note` says in plain words why a fact that disagrees does."""

    kind: str
    claim: str
    source: str | None = None
    agrees: bool | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Check:
    """One claim checked against one source; `facts` align its parts with the evidence."""

    kind: str
    claim: str
    line: int
    verdict: Verdict
    evidence: str | None = None
    score: float | None = None
    note: str = ""
    facts: tuple[Fact, ...] = ()
    # the source's sentence the evidence stands in (the evidence is its decisive words)
    sentence: str | None = None
    # the claim's words as the source would have them, where a check can derive them
    correction: str | None = None


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The final link status of a citation, with the reason in plain words."""

    status: LinkStatus
    reason: str
    snapshot: Snapshot | None = None
    history: LinkHistory | None = None
    fallback: Fallback | None = None


@dataclass(frozen=True, slots=True)
class Fallback:
    """Where a broken link's page can still be read: the archive's own last good copy, and
    the Internet Archive's snapshot closest to the date it was cited."""

    own_copy: Snapshot | None = None
    wayback_url: str | None = None
    wayback_timestamp: str | None = None
    own_page: Page | None = None  # the own copy's text, for the report's archived view


@dataclass(frozen=True, slots=True)
class TrendDay:
    """One day's checks of the URLs the archived issues cite (each URL's last answer of
    the day): a point of the link-rot trend in the report index."""

    day: date
    checked: int
    failed: int  # dead or error: the transport's own verdicts, before any page is read
    inconclusive: int  # blocked or timeout


@dataclass(frozen=True, slots=True)
class LinkHistory:
    """A URL's checks so far, from the archive: what a link-rot verdict rests on."""

    first_seen: datetime
    last_ok: datetime | None
    failures: int  # consecutive failed checks up to this one (blocked, timeout skipped)
    failing_since: datetime | None
    previous: LinkStatus | None  # the check before this one


# --- report -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitationResult:
    citation: Citation
    link: LinkResult
    page: Page | None = None
    checks: tuple[Check, ...] = ()


class Mode(StrEnum):
    """What a command asks of a run, named once instead of as loose flags, and recorded in
    its report (a link-rot run's report keeps the claim checks of the last full run)."""

    RUN = "run"  # verify: every link and every claim
    LINKS = "links"  # link rot: every link over time, no claim check

    @property
    def checks(self) -> bool:
        """Whether claims are checked (and so whether a model is loaded)."""
        return self is Mode.RUN

    @property
    def over_time(self) -> bool:
        """Whether links are judged by their archived history (failing, dead, drifted), pages
        read for their link signals only, and reports let their pages go once written."""
        return self is Mode.LINKS


@dataclass(frozen=True, slots=True)
class Report:
    issue: Issue
    generated_at: datetime
    results: tuple[CitationResult, ...] = field(default_factory=tuple)
    mode: Mode = Mode.RUN
