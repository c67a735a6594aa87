"""What keeps a web page from using the router: ``Host`` and ``Origin``, as Ollama does it.

A router without keys on 127.0.0.1 is still reachable from the user's browser. The
checks run in front of access control, so that nothing refused here is counted or
audited, and refusals are written in the error shape of the path's face (Ollama's
``{"error": …}`` under ``/api/``):

1. **Host** (against DNS rebinding: a page on ``evil.example`` whose name later
   resolves to 127.0.0.1 sends ``Host: evil.example``). Allowed: the listen address,
   ``localhost`` and ``*.localhost``, ``127.0.0.1``, ``[::1]``; when bound beyond
   loopback also the machine's hostname and any IP address (an address cannot be
   rebound); plus ``server.allowedHosts``. Any port. Else **421 Misdirected Request**
   (the request is well formed but names a server this is not; RFC 9110 §15.5.20);
   a missing or malformed ``Host`` on HTTP/1.1 is **400** (RFC 9112 §3.2).
2. **Origin** (CORS, as Ollama's ``cors`` middleware does it): a browser sends
   ``Origin`` with every request that is not a GET or HEAD, and with every ``fetch``
   that may read a cross-origin answer. Allowed: the local origins Ollama allows by
   default (``envconfig.AllowedOrigins``), the router's own origin, and
   ``server.cors.allowedOrigins``. A request or preflight from any other origin
   (``null`` included) is refused with **403**, so it reaches no handler.
3. **Content-Type**, only for requests that carry an allowed ``Origin``: a POST, PUT or
   PATCH body must be ``application/json``, else **415**. Browser code on an allowed
   origin sends JSON (after a preflight, answered here); a form or a ``text/plain``
   ``fetch`` from such a page runs nothing.

A request **without** ``Origin`` comes from no browser page (a browser adds it to every
request that can carry a body): it is served whatever its ``Content-Type``, and its body
is read as JSON, as Ollama does. LiteLLM's Ollama provider sends no ``Content-Type``, and
``curl -d`` sends a form type.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ollama_agent_router.access.middleware import send_error
from ollama_agent_router.config.models import ServerConfig
from ollama_agent_router.errors import BadRequestError, RouterError

Refusal = Callable[[str, RouterError], ASGIApp]
"""A refusal as the face of the request path writes it (``FaceIndex.refusal``)."""

#: Ollama's default origins (``envconfig.AllowedOrigins``), plus IPv6 loopback.
LOCAL_ORIGINS: Final = (
    *(
        f"{scheme}://{host}{port}"
        for host in ("localhost", "127.0.0.1", "0.0.0.0", "[::1]")
        for scheme in ("http", "https")
        for port in ("", ":*")
    ),
    "app://*",
    "file://*",
    "tauri://*",
    "vscode-webview://*",
    "vscode-file://*",
)
ALLOWED_METHODS: Final = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
EXPOSED_HEADERS: Final = (
    b"x-router-selected-model, x-router-task-type, x-router-decision-reason, "
    b"x-router-queue-time-ms, x-router-dropped-fields, x-router-session, "
    b"x-router-session-moved, x-ratelimit-limit, "
    b"x-ratelimit-remaining, x-ratelimit-reset, retry-after, location"
)
_WITH_BODY: Final = frozenset({"POST", "PUT", "PATCH"})
_HOST_RE: Final = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9_.-]*)(?::(\d{1,5}))?")
_TOKEN: Final = rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_TOKENS_RE: Final = re.compile(_TOKEN + rb"(?:[ \t]*,[ \t]*" + _TOKEN + rb")*")
_VISIBLE: Final = re.compile(rb"[!-~]{1,2048}")
_CACHE_SIZE: Final = 256


def _shown(value: str) -> str:
    return value if len(value) <= 80 else value[:80] + "…"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return None


class AllowedHosts:
    """The ``Host`` values this router answers to."""

    def __init__(self, listen: str, extra: Iterable[str], *, hostname: str | None = None) -> None:
        extra = list(extra)
        beyond = not _is_loopback(listen)
        self.any_ip = beyond
        self.any_host = "*" in extra
        names = {"localhost", "127.0.0.1", "::1", listen.lower().strip("[]")}
        if beyond:
            names.add((hostname if hostname is not None else socket.gethostname()).lower())
        self.names = names
        self.suffixes = [".localhost"]
        self.with_port: set[tuple[str, int]] = set()
        for entry in extra:
            entry = entry.lower()
            if entry == "*":
                continue
            name, port = self._split(entry)
            if name is None:
                continue
            if name.startswith("*."):
                self.suffixes.append(name[1:])
            elif port is None:
                names.add(name)
            else:
                self.with_port.add((name, port))
        self._seen: dict[bytes, bool | None] = {}

    @staticmethod
    def _split(value: str) -> tuple[str | None, int | None]:
        match = _HOST_RE.fullmatch(value.removeprefix("*."))
        if match is None or not match.group(1):
            return None, None
        name = match.group(1).strip("[]").rstrip(".")
        if value.startswith("*."):
            name = "*." + name
        return name, int(match.group(2)) if match.group(2) else None

    def check(self, raw: bytes) -> bool | None:
        """``True``: allowed; ``False``: not ours (421); ``None``: malformed (400)."""
        known = self._seen.get(raw)
        if known is not None or raw in self._seen:
            return known
        verdict = self._check(raw.decode("latin-1").lower())
        if len(self._seen) < _CACHE_SIZE:
            self._seen[raw] = verdict
        return verdict

    def _check(self, value: str) -> bool | None:
        name, port = self._split(value)
        if name is None or name.startswith("*."):
            return None
        if self.any_host or name in self.names or (name, port) in self.with_port:
            return True
        if any(name.endswith(suffix) for suffix in self.suffixes):
            return True
        address = _ip(name)
        if address is None:
            return False
        return self.any_ip or address.is_loopback


class OriginPolicy:
    """Which browser origins may call the router (CORS)."""

    def __init__(self, extra: Iterable[str]) -> None:
        patterns = [*LOCAL_ORIGINS, *extra]
        self.any_origin = "*" in patterns
        exact = {p.lower() for p in patterns if "*" not in p}
        wild = [p.lower() for p in patterns if "*" in p and p != "*"]
        self.exact = exact
        self.pattern = re.compile(
            "|".join(re.escape(p).replace(r"\*", "[^/]*") for p in wild) or "(?!)"
        )
        self._seen: dict[bytes, bool] = {}

    def allows(self, origin: bytes, host: bytes | None) -> bool:
        if _VISIBLE.fullmatch(origin) is None:
            return False  # it is echoed in a header: visible ASCII only
        if self.any_origin:
            return True
        if host is not None and origin.partition(b"://")[2].lower() == host.lower():
            return True  # the router's own pages (same origin)
        known = self._seen.get(origin)
        if known is None:
            text = origin.decode("latin-1").lower()
            known = text in self.exact or self.pattern.fullmatch(text) is not None
            if len(self._seen) < _CACHE_SIZE:
                self._seen[origin] = known
        return known


class BrowserGuard:
    """ASGI middleware: the checks above, and CORS headers on answers to allowed origins."""

    def __init__(
        self,
        app: ASGIApp,
        hosts: AllowedHosts,
        origins: OriginPolicy,
        *,
        refuse: Refusal | None = None,
    ) -> None:
        self.app = app
        self.hosts = hosts
        self.origins = origins
        self.refuse = refuse
        """Writes a refusal in the path's face; ``None``: the OpenAI shape."""

    @classmethod
    def from_config(
        cls, app: ASGIApp, server: ServerConfig, *, refuse: Refusal | None = None
    ) -> BrowserGuard:
        hosts = AllowedHosts(server.host, server.allowed_hosts)
        return cls(app, hosts, OriginPolicy(server.cors.allowed_origins), refuse=refuse)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = origin = content_type = preflight = wanted_headers = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = value
            elif name == b"origin":
                origin = value
            elif name == b"content-type":
                content_type = value
            elif name == b"access-control-request-method":
                preflight = value
            elif name == b"access-control-request-headers":
                wanted_headers = value
        error = self._host_error(scope, host)
        if error is None and origin is not None:
            error = self._origin_error(scope["method"], origin, host, content_type)
        if error is not None:
            await self._refuse(scope, receive, send, error)
            return
        if origin is None:  # no browser page: any content type, no CORS
            await self.app(scope, receive, send)
            return
        if preflight is not None and scope["method"] == "OPTIONS":
            await _answer_preflight(send, origin, wanted_headers)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", ()), *_cors_headers(origin)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _origin_error(
        self, method: str, origin: bytes, host: bytes | None, content_type: bytes | None
    ) -> RouterError | None:
        if not self.origins.allows(origin, host):
            error = RouterError(
                f"Origin {_shown(origin.decode('latin-1'))!r} may not use this router; "
                "add it to server.cors.allowedOrigins",
                status=403,
                code="origin_not_allowed",
            )
            error.type = "permission_error"
            return error
        if method in _WITH_BODY and not _is_json(content_type):
            got = "none" if content_type is None else repr(_shown(content_type.decode("latin-1")))
            return BadRequestError(
                f"Content-Type: must be application/json from a browser page (got {got})",
                status=415,
                param="Content-Type",
                code="unsupported_media_type",
            )
        return None

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, error: RouterError) -> None:
        if self.refuse is None:
            await send_error(send, error)
        else:
            await self.refuse(scope["path"], error)(scope, receive, send)

    def _host_error(self, scope: Scope, host: bytes | None) -> RouterError | None:
        if host is None:
            if scope.get("http_version") in ("1.0", "0.9"):
                return None
            verdict: bool | None = None
        else:
            verdict = self.hosts.check(host)
        if verdict:
            return None
        if verdict is None:
            return BadRequestError("Host: missing or malformed", param="Host")
        assert host is not None
        return BadRequestError(
            f"Host {_shown(host.decode('latin-1'))!r} is not served here; "
            "add it to server.allowedHosts",
            status=421,
            param="Host",
            code="misdirected_request",
        )


def _is_json(content_type: bytes | None) -> bool:
    if content_type is None:
        return False
    return content_type.split(b";", 1)[0].strip().lower() == b"application/json"


def _cors_headers(origin: bytes) -> list[tuple[bytes, bytes]]:
    return [
        (b"access-control-allow-origin", origin),
        (b"access-control-expose-headers", EXPOSED_HEADERS),
        (b"vary", b"Origin"),
    ]


async def _answer_preflight(send: Send, origin: bytes, wanted: bytes | None) -> None:
    headers = [
        (b"access-control-allow-origin", origin),
        (b"access-control-allow-methods", ALLOWED_METHODS.encode()),
        (b"access-control-max-age", b"600"),
        (b"vary", b"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        (b"content-length", b"0"),
    ]
    if wanted is not None and _TOKENS_RE.fullmatch(wanted.strip()):
        headers.append((b"access-control-allow-headers", wanted.strip()))
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
