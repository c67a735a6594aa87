"""The client certificate of an HTTPS request, as the ASGI TLS extension carries it.

uvicorn (up to 0.54 at least) does not fill ``scope["extensions"]["tls"]``, so
``TlsHttpToolsProtocol`` does: once per connection (the handshake is complete when
``connection_made`` runs) it reads the verified peer certificate from the transport's
``ssl_object`` and puts ``client_cert_chain`` (PEM, leaf first) and ``client_cert_name``
(the subject, RFC 4514) in every request scope of that connection. The access checks
read only the standard extension, so a uvicorn that fills it natively works the same.

Trust itself is decided by the TLS handshake: with ``server.https.caPath`` the server
asks for a certificate and OpenSSL verifies it against that CA, and a certificate that
does not verify ends the handshake. The router then only narrows trust further by
fingerprint and subject.
"""

from __future__ import annotations

import asyncio
import hashlib
import ssl
from typing import Any, cast

from starlette.types import Scope

from ollama_agent_router.protocol import HeadLimitedProtocol

_SHORT_NAMES = {
    "commonName": "CN",
    "organizationName": "O",
    "organizationalUnitName": "OU",
    "countryName": "C",
    "stateOrProvinceName": "ST",
    "localityName": "L",
    "streetAddress": "STREET",
    "domainComponent": "DC",
    "userId": "UID",
    "emailAddress": "emailAddress",
}
_TLS_VERSIONS = {"TLSv1.2": 0x0303, "TLSv1.3": 0x0304}


class TlsHttpToolsProtocol(HeadLimitedProtocol):
    """The router's httptools protocol plus the ASGI ``tls`` scope extension."""

    _tls: dict[str, Any] | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        self._tls = tls_extension(ssl_object) if ssl_object is not None else None

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._tls is not None:
            self.scope["extensions"] = cast(Any, {"tls": self._tls})


def tls_extension(ssl_object: ssl.SSLObject | ssl.SSLSocket) -> dict[str, Any]:
    der = ssl_object.getpeercert(binary_form=True)
    chain: list[str] = []
    name: str | None = None
    if der:
        chain.append(ssl.DER_cert_to_PEM_cert(der))
        name = subject_name(ssl_object.getpeercert() or {})
    return {
        "server_cert": None,
        "client_cert_chain": chain,
        "client_cert_name": name,
        "client_cert_error": None,
        "tls_version": _TLS_VERSIONS.get(ssl_object.version() or ""),
        "cipher_suite": None,
    }


def subject_name(peercert: dict[str, Any]) -> str | None:
    """RFC 4514 form of ``getpeercert()["subject"]`` (most specific part first)."""
    rdns = peercert.get("subject")
    if not rdns:
        return None
    parts = []
    for rdn in reversed(rdns):
        parts.append(
            "+".join(f"{_SHORT_NAMES.get(attr, attr)}={_escape(value)}" for attr, value in rdn)
        )
    return ",".join(parts)


def _escape(value: str) -> str:
    out = "".join("\\" + ch if ch in ',+"\\<>;=' else ch for ch in value)
    if out.startswith(("#", " ")):
        out = "\\" + out
    if out.endswith(" "):
        out = out[:-1] + "\\ "
    return out


def client_certificate(scope: Scope) -> tuple[str, str | None] | None:
    """``(sha256 fingerprint hex, subject)`` of the request's client certificate."""
    tls = (scope.get("extensions") or {}).get("tls")
    if not tls or not tls.get("client_cert_chain"):
        return None
    der = ssl.PEM_cert_to_DER_cert(tls["client_cert_chain"][0])
    return hashlib.sha256(der).hexdigest(), tls.get("client_cert_name")
