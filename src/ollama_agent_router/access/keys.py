"""API keys: where a request carries one, how it is hashed, how it is found.

Keys are stored only as ``sha256:<64 hex>``. A presented key is hashed once and looked
up by its hash; the stored hash is then compared with ``hmac.compare_digest``. The dict
lookup compares digests, not secrets: an attacker cannot steer a SHA-256 digest byte by
byte, so its timing reveals nothing about stored keys.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Any

from ollama_agent_router.config.models import ApiKey

KEY_PREFIX = "oar_"


def hash_key(key: str) -> str:
    """The stored form of a key: ``sha256:`` and the hex digest of its UTF-8 bytes."""
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    """A fresh random key (256 bits), shown to its owner once."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def presented_key(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The key of ``Authorization: Bearer <key>``, else of ``x-api-key``; ``None`` if
    neither is there (an empty value counts as absent)."""
    fallback: bytes | None = None
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.partition(b" ")
            if scheme.lower() == b"bearer" and token.strip():
                return token.strip().decode("latin-1")
        elif name == b"x-api-key" and value.strip():
            fallback = value.strip()
    return fallback.decode("latin-1") if fallback is not None else None


class KeyIndex:
    """Enabled and disabled keys by hash, built once per policy version."""

    def __init__(self, keys: Iterable[ApiKey]) -> None:
        self._by_hash = {key.key_hash: key for key in keys}

    def find(self, key: str) -> ApiKey | None:
        """The entry of ``key`` if it is known and enabled."""
        digest = hash_key(key)
        entry = self._by_hash.get(digest)
        if entry is None or not hmac.compare_digest(entry.key_hash, digest):
            return None
        return entry if entry.enabled else None


def matches_any(key: str, hashes: Iterable[str]) -> bool:
    """Whether ``key`` hashes to one of ``hashes``; every hash is compared, in constant
    time, so the answer takes as long for the first as for the last."""
    digest = hash_key(key).encode()
    found = False
    for stored in hashes:
        found |= hmac.compare_digest(stored.encode(), digest)
    return found


def public_entry(key: ApiKey) -> dict[str, Any]:
    """A key entry as the admin API shows it (camelCase, with its hash, never a key)."""
    return key.model_dump(mode="json", by_alias=True, exclude_none=True)
