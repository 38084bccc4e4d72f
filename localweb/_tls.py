"""The local web's certificate: one trustme CA, one leaf naming every host.

A single leaf keeps the server to one SSL context (routing is by the Host
header, not by SNI) and the CA is what a client trusts through
``--ca-bundle``. Nothing here is secret: the key lives in memory and dies
with the process.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from pathlib import Path

import trustme

#: Hosts of the example issue's sources, with the variants a redirect may use.
EXAMPLE_HOSTS = (
    "www.politico.com",
    "politico.com",
    "thehill.com",
    "www.britannica.com",
    "www.electproject.org",
    "electproject.org",
    "www.rubio.senate.gov",
    "www.rt.com",
    "youtu.be",
    "www.youtube.com",
    "youtube.com",
    "www.pravda.com.ua",
    "www.hagerty.senate.gov",
    "www.axios.com",
    "iwj.co.jp",
    "www.nikkei.com",
    "t.me",
    "twitter.com",
    "x.com",
    "www.ft.com",
)

LOOPBACK_HOSTS = ("localhost", "127.0.0.1")


def server_context(ca_path: Path, hostnames: Iterable[str]) -> ssl.SSLContext:
    """Make a CA, write its PEM to `ca_path`, and return a server context for `hostnames`."""
    ca = trustme.CA()
    leaf = ca.issue_cert(*sorted(set(hostnames)))
    ca_path.parent.mkdir(parents=True, exist_ok=True)
    ca.cert_pem.write_to_path(str(ca_path))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    leaf.configure_cert(context)
    # Only HTTP/1.1 is served; saying so stops HTTP/2 clients from trying h2.
    context.set_alpn_protocols(["http/1.1"])
    return context
