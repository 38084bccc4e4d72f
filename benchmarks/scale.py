"""`make bench` (third part): `verifier links` over 500 issues and 20,000 URLs, on one machine.

The bench web runs in its own process (`crawl.start_web`: 100 hosts x 200
pages, 20 ms latency). 500 issue files cite 40 URLs each, every URL once;
the links-only job fetches, archives and extracts every page and writes every
report, as a nightly CI run would. Prints URLs per second and the peak
memory of this process (the aim: under 300 MB, whatever the archive's size).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from crawl import start_web

from verifier import pipeline
from verifier.settings import ConnectTo, Settings

HOSTS, PAGES, ISSUES = 100, 200, 500


def _issues(folder: Path, urls: list[str]) -> list[Path]:
    per = len(urls) // ISSUES
    paths = []
    for number in range(ISSUES):
        cited = urls[number * per : (number + 1) * per]
        blocks = [f"※Story {n}(Bench、2024年11月5日)\n{url}\n" for n, url in enumerate(cited)]
        path = folder / f"issue-{number:03d}.txt"
        path.write_text(f"ベンチ 2024.11.11号~No.{number}\n\n" + "\n".join(blocks), "utf-8")
        paths.append(path)
    return paths


def main() -> int:
    urls = [f"https://bench-{h:02d}.test/page/{p}" for p in range(PAGES) for h in range(HOSTS)]
    with tempfile.TemporaryDirectory(prefix="verifier-scale-") as tmp:
        root = Path(tmp)
        server, info = start_web(root, HOSTS, PAGES, 0.02)
        try:
            settings = Settings(
                connect_to=tuple(ConnectTo.parse(c) for c in info["connect_to"]),  # type: ignore[attr-defined]
                ca_bundle=Path(str(info["ca"])),
                cache_dir=root / "cache",
                reports_dir=root / "reports",
                embedder="none",
                progress=False,
            )
            issues = _issues(root, urls)
            start = time.perf_counter()
            outcome = pipeline.run(issues, settings, mode=pipeline.Mode.LINKS)
            elapsed = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=10)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    links = sum(len(report.results) for report in outcome.reports)
    print(
        f"links over {ISSUES} issues: {links} citations, {len(urls)} URLs in {elapsed:.0f} s "
        f"= {len(urls) / elapsed:.0f} URLs/s (fetch, archive, extract, report); "
        f"peak RSS {peak:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
