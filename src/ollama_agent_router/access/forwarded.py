"""Who the client is: the TCP peer, or behind a trusted proxy the address it recorded.

uvicorn's own ``X-Forwarded-For`` handling is switched off (it trusts loopback peers by
default); this is the one place that reads the header, and only when the config says so:

- ``server.trustedProxies`` (addresses or CIDR blocks): when the peer is one of them,
  ``X-Forwarded-For`` is read from the right — each proxy appends the address it saw —
  skipping addresses that are themselves trusted proxies; the first other address is
  the client. Entries a client wrote itself sit to the left of that and are never used.
- ``access.admin.trustedProxy: true`` (kept for existing configs): every peer is taken
  for one proxy, so the client is the last ``X-Forwarded-For`` entry. Only safe when
  nothing but that proxy can reach the router.

``ClientAddress`` puts the result in ``scope["client"]``, so the admin address check,
the audit log, the per-address queue limits of anonymous callers and the request log
all see the same address. Without either setting it is not installed at all.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from ollama_agent_router.config.models import RouterConfig

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(text: str) -> Address | None:
    """An IP address from ``1.2.3.4``, ``1.2.3.4:80``, ``[::1]:80``, ``fe80::1%eth0``;
    IPv4-mapped IPv6 addresses become IPv4. ``None`` when it is no address."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[::1]:1234"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "10.0.0.1:1234"
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class ProxyTrust:
    """Which peers may tell the client's address, and how it is read from them."""

    def __init__(self, networks: Iterable[str], *, any_peer: bool = False) -> None:
        self.networks: list[Network] = [ipaddress.ip_network(n, strict=False) for n in networks]
        self.any_peer = any_peer

    @classmethod
    def from_config(cls, config: RouterConfig) -> ProxyTrust | None:
        """The trust the config asks for; ``None`` when no forwarded address counts."""
        proxies = config.server.trusted_proxies
        legacy = config.access is not None and config.access.admin.trusted_proxy
        if not proxies and not legacy:
            return None
        return cls(proxies, any_peer=legacy and not proxies)

    def _listed(self, address: Address | None) -> bool:
        return address is not None and any(address in network for network in self.networks)

    def client(self, peer: str, forwarded: Sequence[str]) -> str:
        """The client of a request from ``peer`` carrying ``X-Forwarded-For`` values."""
        if not (self.any_peer or self._listed(parse_address(peer))):
            return peer
        entries = [e.strip() for value in forwarded for e in value.split(",") if e.strip()]
        if not entries:
            return peer
        if self.any_peer:
            address = parse_address(entries[-1])
            return str(address) if address is not None else peer
        hop = peer
        for entry in reversed(entries):
            address = parse_address(entry)
            if address is None:  # a proxy wrote something else: stop at that proxy
                return hop
            hop = str(address)
            if not self._listed(address):
                return hop
        return hop  # every entry is a trusted proxy: the first one is the client


class ClientAddress:
    """ASGI middleware: ``scope["client"]`` becomes the client a trusted proxy names."""

    def __init__(self, app: ASGIApp, trust: ProxyTrust) -> None:
        self.app = app
        self.trust = trust

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            forwarded = [
                value.decode("latin-1")
                for name, value in scope["headers"]
                if name == b"x-forwarded-for"
            ]
            if forwarded:
                peer = scope.get("client")
                host = str(peer[0]) if peer else ""
                client = self.trust.client(host, forwarded)
                if client != host:
                    scope = {**scope, "client": (client, 0), "oar.peer": host}
        await self.app(scope, receive, send)
