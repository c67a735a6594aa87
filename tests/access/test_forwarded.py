"""Whose address a request has: the peer, or what a trusted proxy recorded (finding 4
of issue 12: uvicorn used to believe ``X-Forwarded-For`` from any loopback peer)."""

from __future__ import annotations

import pytest

from ollama_agent_router.access.forwarded import ProxyTrust, parse_address
from ollama_agent_router.config import parse_config
from support.stack import gex44_data


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("10.0.0.1", "10.0.0.1"),
        (" 10.0.0.1:8080", "10.0.0.1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("fe80::1%eth0", "fe80::1"),
        ("unknown", None),
        ("", None),
    ],
)
def test_parse_address(text: str, address: str | None) -> None:
    parsed = parse_address(text)
    assert (str(parsed) if parsed is not None else None) == address


PROXIES = ProxyTrust(["127.0.0.1", "10.0.0.0/8"])
ANY_PEER = ProxyTrust([], any_peer=True)


@pytest.mark.parametrize(
    ("trust", "peer", "forwarded", "client"),
    [
        # the peer is no trusted proxy: the header is ignored, whatever it says
        (PROXIES, "192.0.2.7", ["10.1.2.3"], "192.0.2.7"),
        (PROXIES, "::1", ["10.1.2.3"], "::1"),
        # a trusted proxy appends the address it saw: that is the client
        (PROXIES, "127.0.0.1", ["192.0.2.7"], "192.0.2.7"),
        # a client's own entries sit left of the proxy's and are never used
        (PROXIES, "127.0.0.1", ["10.9.9.9, 192.0.2.7"], "192.0.2.7"),
        (PROXIES, "127.0.0.1", ["127.0.0.1", "192.0.2.7"], "192.0.2.7"),
        # a chain of trusted proxies is walked through
        (PROXIES, "127.0.0.1", ["198.51.100.1, 192.0.2.7, 10.0.0.2"], "192.0.2.7"),
        # every entry a trusted proxy: the first one
        (PROXIES, "127.0.0.1", ["10.0.0.3, 10.0.0.2"], "10.0.0.3"),
        # no header, an empty one, or junk from the proxy: the last address trusted
        (PROXIES, "127.0.0.1", [], "127.0.0.1"),
        (PROXIES, "127.0.0.1", [" , "], "127.0.0.1"),
        (PROXIES, "127.0.0.1", ["192.0.2.7, unknown"], "127.0.0.1"),
        (PROXIES, "127.0.0.1", ["unknown, 10.0.0.2"], "10.0.0.2"),
        (PROXIES, "127.0.0.1", ["[2001:db8::7]:443"], "2001:db8::7"),
        # access.admin.trustedProxy alone: one proxy, whatever its address
        (ANY_PEER, "192.0.2.1", ["10.9.9.9, 198.51.100.4"], "198.51.100.4"),
        (ANY_PEER, "192.0.2.1", ["junk"], "192.0.2.1"),
    ],
)
def test_client_behind_proxies(
    trust: ProxyTrust, peer: str, forwarded: list[str], client: str
) -> None:
    assert trust.client(peer, forwarded) == client


def test_trust_comes_only_from_the_config() -> None:
    assert ProxyTrust.from_config(parse_config(gex44_data())) is None
    listed = ProxyTrust.from_config(parse_config(gex44_data(**{"server.trustedProxies": ["::1"]})))
    assert listed is not None
    assert not listed.any_peer
    legacy = gex44_data(access={"admin": {"trustedProxy": True}})
    trust = ProxyTrust.from_config(parse_config(legacy))
    assert trust is not None
    assert trust.any_peer
