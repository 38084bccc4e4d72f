"""Benchmark pages: many hosts, many ~8 KB articles, made on request.

``https://bench-NN.test/page/M`` exists for NN < bench_hosts and
M < bench_pages. Each page is generated from its own seed, so a run is
repeatable and thousands of pages cost no memory.
"""

from __future__ import annotations

import functools
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from localweb._pages import article

_WORDS = (
    "council",
    "budget",
    "harbour",
    "vote",
    "county",
    "report",
    "minister",
    "turnout",
    "election",
    "ballot",
    "survey",
    "committee",
    "district",
    "official",
    "statement",
    "record",
    "season",
    "railway",
    "bridge",
    "hospital",
    "school",
    "museum",
    "library",
    "market",
    "river",
    "storm",
    "farmers",
    "prices",
    "schedule",
    "project",
    "funding",
    "review",
    "hearing",
    "agreement",
)

_HOST = re.compile(r"bench-(\d{2,})\.test")
_PAGE_PATH = re.compile(r"/page/(\d+)")
_FIRST_DAY = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def bench_host(index: int) -> str:
    return f"bench-{index:02d}.test"


def bench_hosts(count: int) -> list[str]:
    return [bench_host(i) for i in range(count)]


def bench_urls(hosts: int, pages: int) -> list[str]:
    """Every bench URL, hosts interleaved the way a newsletter mixes its sources."""
    return [f"https://{bench_host(h)}/page/{p}" for p in range(pages) for h in range(hosts)]


def bench_issues(folder: Path, urls: list[str], count: int, shared: int = 0) -> list[Path]:
    """`count` issue files citing `urls`, each its own share of them in turn and the first
    `shared` of the next issue's (cited twice, as newsletters of one week cite one story)."""
    own = len(urls) // count
    paths = []
    for number in range(count):
        following = (number + 1) % count
        cited = urls[number * own : (number + 1) * own] + urls[following * own :][:shared]
        blocks = [f"※Story {n}(Bench、2024年11月5日)\n{url}\n" for n, url in enumerate(cited)]
        path = folder / f"issue-{number:03d}.txt"
        path.write_text(f"ベンチ 2024.11.11号~No.{number}\n\n" + "\n".join(blocks), "utf-8")
        paths.append(path)
    return paths


def bench_page(host: str, path: str, *, hosts: int, pages: int) -> bytes | None:
    """The page at `host` + `path`, or None when it is not a bench page."""
    host_match, path_match = _HOST.fullmatch(host), _PAGE_PATH.fullmatch(path)
    if host_match is None or path_match is None:
        return None
    host_index, page = int(host_match.group(1)), int(path_match.group(1))
    if host_index >= hosts or page >= pages or host != bench_host(host_index):
        return None
    return _generate(host_index, page)


def _generate(host_index: int, page: int) -> bytes:
    """A page from its seed: a title, a date, and ~7,000 characters of paragraphs."""
    rng = random.Random(host_index * 100_003 + page)
    published = _FIRST_DAY + timedelta(days=rng.randrange(300), minutes=rng.randrange(600))
    title = " ".join(rng.choices(_WORDS, k=6)).capitalize()
    pool = _paragraphs()
    paragraphs = rng.sample(pool, k=7_000 // _PARAGRAPH_SIZE + 1)
    return article(title, paragraphs, published=published.isoformat()).encode()


_PARAGRAPH_SIZE = 500


@functools.cache
def _paragraphs() -> list[str]:
    """A shared pool of paragraphs: the server answers a thousand pages a second,
    so a page is a cheap pick from here rather than new prose."""
    rng = random.Random(0)
    pool = []
    for _ in range(200):
        text = " ".join(rng.choices(_WORDS, k=_PARAGRAPH_SIZE // 6))
        pool.append(text[:_PARAGRAPH_SIZE].rsplit(" ", 1)[0].capitalize() + ".")
    return pool
