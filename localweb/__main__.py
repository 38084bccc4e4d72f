"""``python -m localweb serve``: the local web in the foreground.

For ``make demo`` and ``make bench``: start it in the background, wait for
``STATE_DIR/ready.json``, point the crawler at it with the options it
prints, and stop it with SIGTERM. Example::

    python -m localweb serve --example --latency 0.05 --state-dir .localweb
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path

from localweb._bench import bench_urls
from localweb._server import LocalWeb
from localweb.example import example_routes, pages_routes


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return _serve(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m localweb")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="serve until SIGTERM or SIGINT",
        description="Serve the local web until SIGTERM or SIGINT. Example: "
        "python -m localweb serve --example --state-dir .localweb",
    )
    serve.add_argument("--example", action="store_true", help="serve the example issue's pages")
    serve.add_argument(
        "--pages",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="also serve the [[page]]s of DIR/manifest.toml (repeatable)",
    )
    serve.add_argument("--bench-hosts", type=int, default=0, help="bench-NN.test hosts")
    serve.add_argument("--bench-pages", type=int, default=0, help="pages per bench host")
    serve.add_argument("--latency", type=float, default=0.0, help="seconds before each response")
    serve.add_argument("--port", type=int, default=0, help="HTTPS port (0: any free port)")
    serve.add_argument("--http-port", type=int, default=0, help="plain-HTTP port (0: any)")
    serve.add_argument(
        "--state-dir",
        type=Path,
        default=Path(".localweb"),
        help="where ca.pem, ready.json and bench-urls.txt go (default: .localweb)",
    )
    return parser


def _serve(args: argparse.Namespace) -> int:
    state_dir: Path = args.state_dir
    state_dir.mkdir(parents=True, exist_ok=True)
    web = LocalWeb(
        [*(example_routes() if args.example else ()), *pages_routes(args.pages)],
        latency=args.latency,
        bench_hosts=args.bench_hosts,
        bench_pages=args.bench_pages,
        workdir=state_dir,
        port=args.port,
        http_port=args.http_port,
    )
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    ready = state_dir / "ready.json"
    with web:
        _write_ready(web, state_dir, args.bench_hosts, args.bench_pages)
        print(_client_options(web), flush=True)
        stopping.wait()
        ready.unlink(missing_ok=True)
    return 0


def _client_options(web: LocalWeb) -> str:
    """The crawler options that route every URL here, ready to paste."""
    routes = " ".join(f"--connect-to {spec}" for spec in web.connect_to_all())
    return f"{routes} --ca-bundle {web.ca_path}"


def _write_ready(web: LocalWeb, state_dir: Path, hosts: int, pages: int) -> None:
    """Write ready.json last and atomically: its existence means "serving"."""
    state: dict[str, object] = {
        "port": web.port,
        "http_port": web.http_port,
        "ca": str(web.ca_path.resolve()),
        "connect_to": web.connect_to_all(),
        "pid": os.getpid(),
    }
    if hosts and pages:
        urls = state_dir / "bench-urls.txt"
        urls.write_text("".join(f"{url}\n" for url in bench_urls(hosts, pages)))
        state["bench_urls"] = str(urls.resolve())
    partial = state_dir / "ready.json.part"
    partial.write_text(json.dumps(state, indent=2) + "\n")
    partial.replace(state_dir / "ready.json")


if __name__ == "__main__":
    sys.exit(main())
