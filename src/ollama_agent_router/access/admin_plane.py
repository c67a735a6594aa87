"""The checks in front of the admin API, in the order the spec gives: disabled → 404,
address not allowed → 403, missing or wrong admin key → 401, client certificate
required but missing or not allowed → 403. Every denial is audited."""

from __future__ import annotations

import ipaddress
import re

from starlette.types import Scope

from ollama_agent_router.access.audit import Audit
from ollama_agent_router.access.errors import (
    ForbiddenError,
    InvalidKeyError,
    KeyRequiredError,
    PlaneDisabledError,
)
from ollama_agent_router.access.forwarded import Network, parse_address
from ollama_agent_router.access.keys import matches_any, presented_key
from ollama_agent_router.access.tls import client_certificate
from ollama_agent_router.config.models import AdminConfig
from ollama_agent_router.errors import RouterError


class AdminGuard:
    def __init__(self, config: AdminConfig, audit: Audit) -> None:
        self.enabled = config.enabled
        self.networks: list[Network] = [
            ipaddress.ip_network(entry, strict=False) for entry in config.allowed_ips
        ]
        self.hashes = tuple(config.api_key_hashes)
        self.cert_required = config.client_cert.required
        self.fingerprints = {
            normalise_fingerprint(f) for f in config.client_cert.allowed_fingerprints
        }
        self.subjects = [parse_subject(s) for s in config.client_cert.allowed_subjects]
        self.audit = audit

    def check(self, scope: Scope) -> str:
        """The client address when the request may reach the admin API; else raises."""
        if not self.enabled:
            raise PlaneDisabledError()
        client = peer_address(scope)
        try:
            self._check(scope, client)
        except RouterError as error:
            self.audit(
                "admin.denied",
                client=client,
                method=scope.get("method"),
                path=scope.get("path"),
                status=error.status,
                reason=error.code,
            )
            raise
        return client

    def _check(self, scope: Scope, client: str) -> None:
        if not self.allows_address(client):
            raise ForbiddenError("This address may not use the admin API", code="ip_not_allowed")
        key = presented_key(scope["headers"])
        if key is None:
            raise KeyRequiredError()
        if not matches_any(key, self.hashes):
            raise InvalidKeyError()
        if self.cert_required:
            self._check_certificate(scope)

    def allows_address(self, client: str) -> bool:
        address = parse_address(client)
        if address is None:
            return False
        return any(address in network for network in self.networks)

    def _check_certificate(self, scope: Scope) -> None:
        cert = client_certificate(scope)
        if cert is None:
            raise ForbiddenError("A client certificate is required", code="client_cert_required")
        fingerprint, subject = cert
        if self.fingerprints and fingerprint not in self.fingerprints:
            raise ForbiddenError("Client certificate not allowed", code="client_cert_not_allowed")
        if self.subjects:
            presented = parse_subject(subject or "")
            if not any(subject_matches(allowed, presented) for allowed in self.subjects):
                raise ForbiddenError(
                    "Client certificate not allowed", code="client_cert_not_allowed"
                )


def peer_address(scope: Scope) -> str:
    """The client address as the edge resolved it (``access/forwarded.py``)."""
    client = scope.get("client")
    return str(client[0]) if client else ""


def normalise_fingerprint(value: str) -> str:
    """``AA:BB:…``, ``sha256:aabb…`` and plain hex all become lowercase hex."""
    value = value.strip().lower()
    value = value.removeprefix("sha256:").removeprefix("sha256 ")
    return re.sub(r"[\s:]", "", value)


_LONG_NAMES = {
    "COMMONNAME": "CN",
    "ORGANIZATIONNAME": "O",
    "ORGANIZATIONALUNITNAME": "OU",
    "COUNTRYNAME": "C",
    "STATEORPROVINCENAME": "ST",
    "LOCALITYNAME": "L",
    "EMAILADDRESS": "EMAILADDRESS",
}


def parse_subject(text: str) -> frozenset[tuple[str, str]]:
    """A distinguished name as a set of ``(TYPE, value)``; order and spacing do not
    matter, so ``CN=a, O=b`` and ``O=b,CN=a`` are the same subject. A bare name
    (no ``=``) stands for ``CN=<name>``."""
    parts = [p for p in re.split(r"(?<!\\)[,+/]", text) if p.strip()]
    out = set()
    for part in parts:
        attr, sep, value = part.partition("=")
        if not sep:
            attr, value = "CN", attr
        attr = attr.strip().upper()
        out.add((_LONG_NAMES.get(attr, attr), value.strip().replace("\\", "")))
    return frozenset(out)


def subject_matches(
    allowed: frozenset[tuple[str, str]], presented: frozenset[tuple[str, str]]
) -> bool:
    if len(allowed) == 1 and next(iter(allowed))[0] == "CN":
        return allowed <= presented
    return allowed == presented
