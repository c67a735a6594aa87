"""Which access plane a request path belongs to.

Paths are taken below ``server.basePath``:

============================================  ==========================================
``/health``, ``/``                            open (liveness must never need a key;
                                              ``/`` is Ollama's ``Ollama is running``)
``/v1/admin/…``                               admin
``/v1/jobs…``, ``/v1/router/decisions``       either plane (jobs and the /ui feed)
``/v1/router/route``                          standalone (a dry-run of chat routing)
``/v1/router/…``                              runtime agent (``status``, ``models`` and
                                              ``gpu`` too, as in the reference: 404
                                              when that plane is disabled)
``/v1/chat|completions|embeddings|models``,   standalone (``/api/pull`` and the other
``/v1/models/{id}``, ``/api/…``               model-management paths only refuse)
anything else (``/metrics``, ``/ui``, docs)   either plane
============================================  ==========================================
"""

from __future__ import annotations

from enum import StrEnum


class Plane(StrEnum):
    OPEN = "open"
    STANDALONE = "standalone"
    RUNTIME_AGENT = "runtimeAgent"
    EITHER = "either"
    ADMIN = "admin"


_OPEN = frozenset({"/health", "/"})
_SHARED_ROUTER = frozenset({"/v1/router/decisions"})
_STANDALONE = frozenset(
    {
        "/v1/chat/completions",
        "/v1/completions",
        "/v1/embeddings",
        "/v1/models",
        "/v1/router/route",
        "/v1/messages",
        "/v1/messages/count_tokens",
        "/v1/responses",
    }
)


def plane_of(path: str) -> Plane:
    """The plane of ``path``, given without the base path."""
    if path in _OPEN:
        return Plane.OPEN
    if path in _STANDALONE or path.startswith(("/api/", "/v1/models/", "/v1/responses/")):
        return Plane.STANDALONE
    if path.startswith("/v1/router/"):
        return Plane.EITHER if path in _SHARED_ROUTER else Plane.RUNTIME_AGENT
    if path.startswith("/v1/admin/") or path == "/v1/admin":
        return Plane.ADMIN
    return Plane.EITHER


class PlaneMap:
    """``plane_of`` for full request paths under a base path, with a cache for the
    fixed paths (job ids make the rest unbounded, so they are not cached)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._cache: dict[str, Plane] = {}

    def __call__(self, path: str) -> Plane:
        plane = self._cache.get(path)
        if plane is not None:
            return plane
        if self.prefix:
            if path != self.prefix and not path.startswith(self.prefix + "/"):
                return Plane.EITHER
            below = path[len(self.prefix) :] or "/"
        else:
            below = path
        plane = plane_of(below)
        unbounded = below.startswith(("/v1/jobs/", "/api/", "/v1/models/", "/v1/responses/"))
        if not unbounded and len(self._cache) < 256:
            self._cache[path] = plane
        return plane
