"""The admin plane over real HTTPS with a CA: a trusted client certificate passes, no
certificate or one outside the allowlists gets 403, one from a foreign CA never gets
past the TLS handshake. Certificates are made here with ``cryptography``."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import ssl
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ollama_agent_router.access import hash_key
from support.stack import gex44_data, stack

ADMIN_KEY = "admin-secret-key-0001"
ADMIN = {"authorization": f"Bearer {ADMIN_KEY}"}
Key = ec.EllipticCurvePrivateKey


def _name(cn: str, org: str = "OAR tests") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _cert(
    subject: x509.Name,
    key: Key,
    issuer: x509.Name,
    issuer_key: Key,
    *,
    ca: bool = False,
    san: x509.SubjectAlternativeName | None = None,
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        ).add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    if san is not None:
        builder = builder.add_extension(san, critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


class Pki:
    """A CA, a server certificate for 127.0.0.1 and client certificates, on disk."""

    def __init__(self, folder: Path, ca_name: str = "OAR test CA") -> None:
        self.folder = folder
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        self.ca_name = _name(ca_name)
        self.ca = _cert(self.ca_name, self.ca_key, self.ca_name, self.ca_key, ca=True)
        self.ca_path = self._write("ca.pem", self.ca)

    def _write(self, name: str, cert: x509.Certificate, key: Key | None = None) -> Path:
        path = self.folder / name
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        if key is not None:
            (self.folder / f"{name}.key").write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
        return path

    def issue(self, name: str, cn: str, *, server: bool = False) -> tuple[Path, Path, str]:
        """(cert path, key path, sha256 fingerprint in ``AA:BB:…`` form)."""
        key = ec.generate_private_key(ec.SECP256R1())
        san = (
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
            if server
            else None
        )
        cert = _cert(_name(cn), key, self.ca_name, self.ca_key, san=san)
        path = self._write(name, cert, key)
        der = cert.public_bytes(serialization.Encoding.DER)
        digest = hashlib.sha256(der).hexdigest().upper()
        fingerprint = ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))
        return path, self.folder / f"{name}.key", fingerprint


def client_context(pki: Pki, cert: tuple[Path, Path, str] | None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(pki.ca_path))
    if cert is not None:
        context.load_cert_chain(str(cert[0]), str(cert[1]))
    return context


def secured(pki: Pki, server: tuple[Path, Path, str], client_cert: dict[str, Any]) -> Any:
    return gex44_data(
        **{
            "server.host": "127.0.0.1",
            "server.https": {
                "enabled": True,
                "certPath": str(server[0]),
                "keyPath": str(server[1]),
                "caPath": str(pki.ca_path),
            },
            "access": {
                "managedConfigPath": str(pki.folder / "access-managed.yaml"),
                "bootstrapIfMissing": True,
                "admin": {
                    "enabled": True,
                    "apiKeyHashes": [hash_key(ADMIN_KEY)],
                    "clientCert": {"required": True, **client_cert},
                },
            },
        }
    )


async def _status(http: aiohttp.ClientSession, url: str, context: ssl.SSLContext) -> int:
    async with http.get(url, headers=ADMIN, ssl=context) as response:
        return response.status


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return Pki(tmp_path)


async def test_trusted_client_certificate_passes_others_get_403(pki: Pki) -> None:
    server = pki.issue("server.pem", "127.0.0.1", server=True)
    trusted = pki.issue("admin.pem", "admin-laptop")
    same_ca_other = pki.issue("other.pem", "someone-else")
    policy = {"allowedFingerprints": [trusted[2]]}  # AA:BB:… form
    async with stack(secured(pki, server, policy)) as s:
        url = s.url + "/v1/admin/access/config"
        assert url.startswith("https://")
        assert await _status(s.http, url, client_context(pki, trusted)) == 200
        assert await _status(s.http, url, client_context(pki, None)) == 403
        assert await _status(s.http, url, client_context(pki, same_ca_other)) == 403
        # a client certificate does not stand in for the admin key
        async with s.http.get(url, ssl=client_context(pki, trusted)) as response:
            assert response.status == 401
        # other planes do not need a certificate
        async with s.http.get(s.url + "/health", ssl=client_context(pki, None)) as response:
            assert response.status == 200


async def test_subject_allowlist_and_plain_hex_fingerprints(pki: Pki) -> None:
    server = pki.issue("server.pem", "127.0.0.1", server=True)
    trusted = pki.issue("admin.pem", "admin-laptop")
    other = pki.issue("other.pem", "someone-else")
    plain_hex = trusted[2].replace(":", "").lower()
    policy = {
        "allowedSubjects": ["O=OAR tests, CN=admin-laptop"],
        "allowedFingerprints": [plain_hex, other[2]],
    }
    async with stack(secured(pki, server, policy)) as s:
        url = s.url + "/v1/admin/access/config"
        assert await _status(s.http, url, client_context(pki, trusted)) == 200
        # fingerprint allowed, subject not: both lists must agree
        assert await _status(s.http, url, client_context(pki, other)) == 403


async def test_certificate_from_a_foreign_ca_fails_the_handshake(pki: Pki, tmp_path: Path) -> None:
    server = pki.issue("server.pem", "127.0.0.1", server=True)
    foreign_dir = tmp_path / "foreign"
    foreign_dir.mkdir()
    foreign = Pki(foreign_dir, "Someone else's CA")
    stranger = foreign.issue("stranger.pem", "admin-laptop")
    async with stack(secured(pki, server, {})) as s:
        context = client_context(pki, None)
        context.load_cert_chain(str(stranger[0]), str(stranger[1]))
        with pytest.raises(aiohttp.ClientError):
            await _status(s.http, s.url + "/v1/admin/access/config", context)
