"""The private-address guard and ``--connect-to``, both inside name resolution.

Every TCP connection aiohttp opens for a host name asks the resolver first, so
a guard placed here covers the first request, every redirect hop and
robots.txt alike, and cannot be raced by a second DNS answer (the address
checked is the address connected to). aiohttp skips the resolver for IP
literals, which is why `refuse_ip_literal` checks those before a request.

Routes chosen with ``--connect-to`` are trusted: the user pointed them there.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from verifier.settings import ConnectTo

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class PrivateAddressError(OSError):
    """A host resolved (or was written as) an address we must not connect to."""

    def __init__(self, address: str) -> None:
        super().__init__(f"refused: private address {address}")
        self.address = address


def is_public(address: IPAddress) -> bool:
    """Whether connecting to `address` can only reach the public internet.

    `is_global` already excludes loopback, RFC 1918, link-local, CGNAT,
    unspecified, reserved and documentation ranges; multicast counts as
    global there, so it is refused separately. IPv6 forms that embed an IPv4
    address are judged by the embedded address.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not address.is_multicast


def parse_ip(host: str) -> IPAddress | None:
    """The address if `host` is an IP literal (brackets allowed), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def refuse_ip_literal(host: str, allow_private: bool) -> PrivateAddressError | None:
    """The refusal for an IP-literal host outside the public internet, if any."""
    address = parse_ip(host)
    if address is None or allow_private or is_public(address):
        return None
    return PrivateAddressError(str(address))


class GuardedResolver(AbstractResolver):
    """Resolves like aiohttp, then applies ``--connect-to`` routes and the guard."""

    def __init__(
        self,
        connect_to: Sequence[ConnectTo],
        allow_private: bool,
        inner: AbstractResolver | None = None,
    ) -> None:
        self._routes = tuple(connect_to)
        self._allow_private = allow_private
        self._inner = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        route = next((r for r in self._routes if r.matches(host.rstrip("."), port)), None)
        if route is not None:
            return await self._routed(host, route)
        results = await self._inner.resolve(host, port, family)
        if self._allow_private:
            return results
        allowed = [r for r in results if _public_result(r)]
        if not allowed:
            raise PrivateAddressError(results[0]["host"] if results else host)
        return allowed

    async def _routed(self, host: str, route: ConnectTo) -> list[ResolveResult]:
        """The route's address, resolved if it is a name; trusted, so unguarded."""
        address = parse_ip(route.addr)
        if address is None:
            return await self._inner.resolve(route.addr, route.addr_port, socket.AF_UNSPEC)
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        result: ResolveResult = {
            "hostname": host,
            "host": str(address),
            "port": route.addr_port,
            "family": family,
            "proto": 0,
            "flags": socket.AI_NUMERICHOST,
        }
        return [result]

    async def close(self) -> None:
        await self._inner.close()


def _public_result(result: ResolveResult) -> bool:
    address = parse_ip(result["host"].split("%", 1)[0])
    return address is not None and is_public(address)
