"""The access decision for one request: which plane, which principal, which limit.

``AccessGate`` holds the boot-only admin settings, the managed policy (and the key
index built from it, swapped whole on every change) and the rate limiter. ``admit``
either returns who the request is and its rate-limit verdict, or raises the error the
client gets.
"""

from __future__ import annotations

from typing import NamedTuple

from starlette.types import Scope

from ollama_agent_router.access.admin_plane import AdminGuard
from ollama_agent_router.access.audit import Audit
from ollama_agent_router.access.errors import (
    ForbiddenError,
    InvalidKeyError,
    KeyRequiredError,
    PlaneDisabledError,
    RateLimitedError,
)
from ollama_agent_router.access.keys import KeyIndex, presented_key
from ollama_agent_router.access.limiter import Limiter, Verdict
from ollama_agent_router.access.managed import ManagedPolicy
from ollama_agent_router.access.planes import Plane, PlaneMap
from ollama_agent_router.config.models import (
    AccessConfig,
    ApiKey,
    ManagedAccess,
    PlaneConfig,
    RateLimit,
)

ANONYMOUS = "anonymous"
ADMIN = "admin"
_PLANE_LABEL = {"standalone": "standalone", "runtimeAgent": "runtime-agent"}


class Admitted(NamedTuple):
    principal: str | None
    """Key id, ``anonymous``, ``admin``; ``None`` on open paths."""
    verdict: Verdict | None = None
    client: str | None = None


_OPEN, _ADMIN = Plane.OPEN, Plane.ADMIN  # module constants: cheaper than enum lookups
_PASS = Admitted(None)


class Policy:
    """One version of the managed policy, ready for lookups."""

    def __init__(self, managed: ManagedAccess) -> None:
        self.version = managed.version
        self.planes: dict[str, PlaneConfig] = {
            "standalone": managed.planes.standalone,
            "runtimeAgent": managed.planes.runtime_agent,
        }
        self.keys = KeyIndex(managed.api_keys)
        self._routes: dict[tuple[Plane, str | None], tuple[str, RateLimit | None]] = {}

    def route(self, kind: Plane, entry: ApiKey | None) -> tuple[str, RateLimit | None]:
        """The plane a request of ``kind`` by ``entry`` (``None``: anonymous) counts on,
        and its limit; raises when it may not pass. Answers are cached per policy."""
        cache_key = (kind, entry.id if entry is not None else None)
        found = self._routes.get(cache_key)
        if found is not None:
            return found
        if entry is not None:
            plane = _plane_for_key(kind, entry, self)
            limit = _key_limit(entry, plane) or self.planes[plane].default_limit
        else:
            plane = _plane_for_anonymous(kind, self)
            config = self.planes[plane]
            limit = config.default_limit if config.auth.anonymous == "limited" else None
        self._routes[cache_key] = (plane, limit)
        return plane, limit


class AccessGate:
    def __init__(self, config: AccessConfig, *, planes: PlaneMap) -> None:
        self.config = config
        self.managed = ManagedPolicy(
            config.managed,
            path=config.managed_config_path,
            bootstrap_if_missing=config.bootstrap_if_missing,
        )
        self.policy = Policy(self.managed.load())
        self.managed.on_change = self._apply
        self.audit = Audit(config.admin.audit_log)
        self.admin = AdminGuard(config.admin, self.audit)
        self.limiter = Limiter.from_config(config.rate_limit)
        self.plane_of = planes

    def _apply(self, managed: ManagedAccess) -> None:
        self.policy = Policy(managed)

    async def admit(self, scope: Scope) -> Admitted:
        kind = self.plane_of(scope["path"])
        if kind is _OPEN:
            return _PASS
        if kind is _ADMIN:
            return Admitted(ADMIN, client=self.admin.check(scope))
        policy = self.policy
        key = presented_key(scope["headers"])
        if key is not None:
            entry = policy.keys.find(key)
            if entry is None:
                raise InvalidKeyError()
            principal = entry.id
        else:
            entry = None
            principal = ANONYMOUS
        plane, limit = policy.route(kind, entry)
        if limit is None:
            return Admitted(principal)
        verdict = await self.limiter.hit(plane, principal, limit)
        if not verdict.allowed:
            headers = {name.decode(): value.decode() for name, value in verdict.headers()}
            headers["Retry-After"] = str(verdict.retry_after)
            raise RateLimitedError(
                f"Rate limit of {limit.requests} requests per {limit.window_seconds} s "
                f"reached on the {_PLANE_LABEL[plane]} plane; retry later",
                headers=headers,
            )
        return Admitted(principal, verdict)

    async def aclose(self) -> None:
        await self.limiter.aclose()


def _candidates(kind: Plane, policy: Policy) -> list[str]:
    names = ["standalone", "runtimeAgent"] if kind is Plane.EITHER else [kind.value]
    enabled = [name for name in names if policy.planes[name].enabled]
    if not enabled:
        raise PlaneDisabledError()
    return enabled


def _plane_for_key(kind: Plane, entry: ApiKey, policy: Policy) -> str:
    for name in _candidates(kind, policy):
        if name in entry.scopes:
            return name
    wanted = " or ".join(_PLANE_LABEL[n] for n in _candidates(kind, policy))
    raise ForbiddenError(f"This API key is not allowed on the {wanted} plane", code="scope")


def _plane_for_anonymous(kind: Plane, policy: Policy) -> str:
    for name in _candidates(kind, policy):
        auth = policy.planes[name].auth
        if not auth.require_api_key and auth.anonymous != "reject":
            return name
    raise KeyRequiredError()


def _key_limit(entry: ApiKey, plane: str) -> RateLimit | None:
    if entry.limits is None:
        return None
    return entry.limits.standalone if plane == "standalone" else entry.limits.runtime_agent
