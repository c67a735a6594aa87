"""A small synchronous HTTP client for the client commands (``oar status`` and friends).

``urllib.request`` is enough for one request per command and adds no dependency.
Every failure becomes a ``ClientError`` with a one-line message: the router cannot be
reached, or it answered an error (its OpenAI-shaped ``error.message`` is shown).
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from ollama_agent_router import __version__

DEFAULT_TIMEOUT_S = 10.0


class ClientError(Exception):
    """A one-line reason a client command failed."""


class RouterUnreachable(ClientError):
    """No HTTP answer at all: refused, timed out, unknown host."""


@dataclass(frozen=True)
class Answer:
    status: int
    data: Any


@dataclass(frozen=True)
class RouterClient:
    url: str
    """The router's URL without the base path, e.g. ``http://127.0.0.1:11435``."""
    base_path: str = "/"
    api_key: str | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S

    @property
    def base(self) -> str:
        prefix = "/" + self.base_path.strip("/") if self.base_path.strip("/") else ""
        return self.url.rstrip("/") + prefix

    def get(self, path: str, params: dict[str, str] | None = None) -> Answer:
        if params:
            path += "?" + urllib.parse.urlencode(params)
        return self.request("GET", path)

    def post(self, path: str, body: Any) -> Answer:
        return self.request("POST", path, body)

    def delete(self, path: str) -> Answer:
        return self.request("DELETE", path)

    def request(self, method: str, path: str, body: Any = None) -> Answer:
        """Send one request; 2xx answers are returned, anything else raises."""
        url = self.base + path
        headers = {"Accept": "application/json", "User-Agent": f"oar/{__version__}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        try:
            request = urllib.request.Request(url, data=data, headers=headers, method=method)
        except ValueError as exc:  # "unknown url type", "Invalid IPv6 URL"
            raise ClientError(f"--url: not a router URL ({self.url!r}): {exc}") from None
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return Answer(response.status, _decode(response.read()))
        except urllib.error.HTTPError as exc:
            with exc:
                raise ClientError(_http_error(exc.code, exc.read(), url)) from None
        except OSError as exc:  # URLError, timeouts, refused connections
            reason = getattr(exc, "reason", exc)
            raise RouterUnreachable(f"cannot reach the router at {self.base}: {reason}") from None
        except http.client.HTTPException as exc:  # something else listens there
            said = " ".join(str(exc).split())[:100]
            raise ClientError(
                f"{self.base} does not answer like the router: {type(exc).__name__} {said}"
            ) from None


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def _http_error(status: int, raw: bytes, url: str) -> str:
    data = _decode(raw)
    message = None
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict):
            message = error.get("message")
        elif isinstance(error, str):
            message = error
        elif isinstance(data.get("detail"), str):
            message = data["detail"]
    if message is None:
        text = data if isinstance(data, str) else json.dumps(data)
        message = " ".join(str(text).split())[:200] or "no details"
    return f"the router answered {status} for {url}: {message}"
