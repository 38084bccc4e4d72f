"""`make bench`: crawl and archive a local HTTPS web; print throughput and peak memory.

The web runs in its own process (so it does not share this process's core):
`--hosts` hostnames x `--pages` pages each, every response delayed by
`--latency` seconds. Every body is archived, as in a real run. The
latency-bound limit is what the concurrency allows if the crawler cost
nothing: min(hosts x per-host, max connections) / latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from verifier.archive import Archive
from verifier.pipeline import fetch_and_archive
from verifier.settings import ConnectTo, Settings
from verifier.types import LinkStatus


def start_web(
    state: Path, hosts: int, pages: int, latency: float
) -> tuple[subprocess.Popen[bytes], dict[str, object]]:
    command = [sys.executable, "-m", "localweb", "serve", "--state-dir", str(state)]
    command += ["--bench-hosts", str(hosts), "--bench-pages", str(pages), "--latency", str(latency)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    ready = state / "ready.json"
    deadline = time.monotonic() + 60
    while not ready.exists():
        if server.poll() is not None or time.monotonic() > deadline:
            sys.exit("bench: the local web did not start")
        time.sleep(0.1)
    return server, json.loads(ready.read_text("utf-8"))


async def _crawl(urls: list[str], settings: Settings) -> tuple[int, int]:
    """Fetch and archive every URL as `verifier run` does; return (ok count, bytes)."""
    with Archive(settings.cache_dir) as archive:
        stored = await fetch_and_archive(archive, urls, settings)
    ok = sum(s.status is LinkStatus.OK for s in stored.values())
    return ok, sum(s.body_size for s in stored.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--max-connections", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verifier-bench-") as tmp:
        server, info = start_web(Path(tmp), args.hosts, args.pages, args.latency)
        try:
            rates = _runs(Path(tmp), info, args)
        finally:
            server.terminate()
            server.wait(timeout=10)
    limit = min(args.hosts * args.per_host, args.max_connections) / args.latency
    median = statistics.median(rates)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"median {median:.0f} URLs/s = {median / limit:.0%} of the latency-bound limit "
        f"({limit:.0f} URLs/s); peak RSS {peak_mb:.0f} MB"
    )
    return 0


def _runs(tmp: Path, info: dict[str, object], args: argparse.Namespace) -> list[float]:
    urls = [
        f"https://bench-{h:02d}.test/page/{p}" for h in range(args.hosts) for p in range(args.pages)
    ]
    rates = []
    for n in range(args.runs):
        settings = Settings(
            cache_dir=tmp / f"cache-{n}",
            connect_to=tuple(ConnectTo.parse(c) for c in info["connect_to"]),  # type: ignore[attr-defined]
            ca_bundle=Path(str(info["ca"])),
            per_host=args.per_host,
            max_connections=args.max_connections,
            progress=False,
        )
        start = time.perf_counter()
        ok, stored = asyncio.run(_crawl(urls, settings))
        elapsed = time.perf_counter() - start
        rates.append(len(urls) / elapsed)
        print(
            f"run {n + 1}: {len(urls)} URLs ({ok} ok, {stored / 1e6:.1f} MB archived) "
            f"in {elapsed:.2f} s = {rates[-1]:.0f} URLs/s"
        )
    return rates


if __name__ == "__main__":
    sys.exit(main())
