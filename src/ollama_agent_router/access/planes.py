"""Which access plane a request path belongs to.

Every endpoint names its plane in the endpoint table (``api/endpoints.py``); there is
no default for an endpoint, so a new path cannot become reachable with the wrong keys.
``PlaneMap`` answers for full request paths from those rows:

- a row's path (exact, or a template such as ``/v1/jobs/{job_id}``) → the row's plane;
- ``/v1/admin/…`` → admin (those routes exist only when access control is configured);
- anything else (no endpoint: a 404, or the API docs) → either plane, so an unknown
  path answers 404 to any valid key and 401 without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum


class Plane(StrEnum):
    OPEN = "open"
    STANDALONE = "standalone"
    RUNTIME_AGENT = "runtimeAgent"
    EITHER = "either"
    ADMIN = "admin"


_TEMPLATE = re.compile(r"\{([^}:]+)(:path)?\}")


def _pattern(path: str) -> re.Pattern[str]:
    """A Starlette path template as a regular expression."""
    out, last = [], 0
    for match in _TEMPLATE.finditer(path):
        out.append(re.escape(path[last : match.start()]))
        out.append(".+" if match.group(2) else "[^/]+")
        last = match.end()
    out.append(re.escape(path[last:]))
    return re.compile("".join(out))


class PlaneMap:
    """Path → plane for the rows ``(path, plane)`` under a base path; fixed paths are
    looked up in a dict, templates matched in order (job and model ids are unbounded,
    so nothing is cached for them)."""

    def __init__(self, prefix: str, rows: Iterable[tuple[str, Plane]]) -> None:
        self.prefix = prefix
        self._exact: dict[str, Plane] = {}
        self._templates: list[tuple[re.Pattern[str], Plane]] = []
        for path, plane in rows:
            if "{" in path:
                self._templates.append((_pattern(path), plane))
            else:
                self._exact[path] = plane

    def __call__(self, path: str) -> Plane:
        if self.prefix:
            if path != self.prefix and not path.startswith(self.prefix + "/"):
                return Plane.EITHER
            path = path[len(self.prefix) :] or "/"
        plane = self._exact.get(path)
        if plane is not None:
            return plane
        for pattern, templated in self._templates:
            if pattern.fullmatch(path):
                return templated
        if path == "/v1/admin" or path.startswith("/v1/admin/"):
            return Plane.ADMIN
        return Plane.EITHER
