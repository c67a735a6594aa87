"""The managed access policy: keys and plane settings the admin API may change.

``access.managed`` is the first policy. With ``access.managedConfigPath`` the policy
lives in that YAML file: read at start (written from ``access.managed`` when missing and
``bootstrapIfMissing`` is on) and rewritten atomically on every change. A missing file
without ``bootstrapIfMissing`` is an error rather than a silent fall back to the
initial policy, which could bring revoked keys back after a lost volume.

Changes run one at a time under an ``asyncio.Lock``: each reads the current version,
builds the next one and writes it before the next change starts, so none is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ollama_agent_router.config.errors import ConfigError, Problem
from ollama_agent_router.config.loader import _problems_from
from ollama_agent_router.config.models import ApiKey, ManagedAccess, dump_config
from ollama_agent_router.errors import ConflictError, NotFoundError


class ManagedPolicy:
    def __init__(
        self,
        initial: ManagedAccess,
        *,
        path: Path | None = None,
        bootstrap_if_missing: bool = False,
    ) -> None:
        self.path = path
        self.bootstrap_if_missing = bootstrap_if_missing
        self.current = initial
        self.on_change: Callable[[ManagedAccess], None] | None = None
        self._lock = asyncio.Lock()

    def load(self) -> ManagedAccess:
        """Read the file (or write it from the initial policy); ``ConfigError`` names the
        file and the key of any problem."""
        if self.path is None:
            return self.current
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if not self.bootstrap_if_missing:
                raise ConfigError(
                    [
                        Problem(
                            "",
                            "managed access file is missing; restore it, or set "
                            "access.bootstrapIfMissing: true to write it from access.managed",
                        )
                    ],
                    source=self.path,
                ) from None
            write_atomically(self.path, _render(self.current))
            return self.current
        except OSError as exc:
            problem = Problem("", f"cannot read: {exc.strerror}")
            raise ConfigError([problem], source=self.path) from None
        self.current = parse_managed(text, source=self.path)
        return self.current

    async def replace(
        self, policy: ManagedAccess, *, expected_version: int | None
    ) -> ManagedAccess:
        async with self._lock:
            if expected_version is not None and expected_version != self.current.version:
                raise ConflictError(
                    f"expectedVersion {expected_version} does not match the current "
                    f"version {self.current.version}",
                    code="version_conflict",
                    param="expectedVersion",
                )
            return await self._commit(policy.planes, policy.api_keys)

    async def add_key(self, key: ApiKey) -> ManagedAccess:
        async with self._lock:
            if any(existing.id == key.id for existing in self.current.api_keys):
                raise ConflictError(
                    f"a key with id {key.id!r} already exists", code="duplicate_key", param="id"
                )
            return await self._commit(self.current.planes, [*self.current.api_keys, key])

    async def revoke_key(self, key_id: str) -> ApiKey:
        async with self._lock:
            keys = self.current.api_keys
            found = next((key for key in keys if key.id == key_id), None)
            if found is None:
                raise NotFoundError(f"no key with id {key_id!r}", code="key_not_found")
            await self._commit(self.current.planes, [k for k in keys if k.id != key_id])
            return found

    async def _commit(self, planes: Any, keys: list[ApiKey]) -> ManagedAccess:
        policy = ManagedAccess(
            version=self.current.version + 1,
            updated_at=_now(),
            planes=planes,
            api_keys=keys,
        )
        if self.path is not None:
            await asyncio.to_thread(write_atomically, self.path, _render(policy))
        self.current = policy
        if self.on_change is not None:
            self.on_change(policy)
        return policy


def parse_managed(text: str, *, source: Path | None = None) -> ManagedAccess:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError([Problem("", f"YAML syntax error{where}")], source=source) from None
    if not isinstance(data, dict):
        raise ConfigError(
            [Problem("", "must be a mapping (version, planes, apiKeys)")], source=source
        )
    try:
        return ManagedAccess.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_problems_from(exc), source=source) from None


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file,
    never a torn one: temp file in the same folder (mode 0600), fsync, rename, fsync of
    the folder so the rename itself is durable."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _render(policy: ManagedAccess) -> str:
    header = "# Managed by ollama-agent-router: changed through the admin API; keep mode 0600.\n"
    return header + yaml.safe_dump(dump_config(policy), sort_keys=False)


def _now() -> str:
    now = datetime.datetime.now(datetime.UTC)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
