"""The one pooled async client to Ollama (SPEC §4.3), built on aiohttp.

aiohttp was measured against httpx (``bench/http_client.py``, ``docs/dependencies.md``).
All transport failures leave this module as ``backend.errors`` exceptions.

Cancelling a task that awaits a call closes that call's connection, so Ollama sees the
client go away and stops generating (it does not for a connection returned to the pool).
Streams are async generators: an HTTP error is raised by the first ``__anext__``, before
any byte is yielded, so callers can still fall back to another model; failures after the
first chunk are ``OllamaStreamError``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from ollama_agent_router.backend.ollama.errors import (
    OllamaError,
    OllamaHTTPError,
    OllamaProtocolError,
    OllamaStreamError,
    OllamaTimeout,
    OllamaUnavailable,
)
from ollama_agent_router.backend.ollama.models import PsModel, parse_ps
from ollama_agent_router.config.models import OllamaConfig
from ollama_agent_router.sse import split_events

logger = logging.getLogger(__name__)

_SSE_DONE = b"data: [DONE]"
_MAX_ERROR_BODY = 64 * 1024


def _transport_error(exc: Exception, *, started: bool = False) -> OllamaError:
    """A timeout or connection failure while reading: before the first streamed item it is
    the call's failure (the caller may still fall back), after it a broken stream."""
    if isinstance(exc, TimeoutError | aiohttp.ServerTimeoutError):
        if started:
            return OllamaStreamError("ollama stopped sending (timeout)")
        return OllamaTimeout()
    if started:
        return OllamaStreamError(f"ollama stream broke: {exc}")
    return OllamaUnavailable(f"ollama unreachable: {exc}")


class OllamaClient:
    """Calls to one Ollama server over one connection pool.

    Create it inside the running event loop's lifetime (the session opens lazily on first
    use) and close it with ``aclose()`` or ``async with``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout_ms: int,
        openai_path: str = "/v1/chat/completions",
        native_base_path: str = "/api",
        probe_timeout_ms: int = 1500,
        connect_timeout_ms: int = 3000,
        max_connections: int = 256,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_ms = timeout_ms
        self.openai_path = "/" + openai_path.lstrip("/")
        self.native_base_path = "/" + native_base_path.strip("/")
        self.probe_timeout_ms = probe_timeout_ms
        self._connect_s = connect_timeout_ms / 1000
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_config(cls, config: OllamaConfig, **overrides: Any) -> OllamaClient:
        return cls(
            config.base_url,
            timeout_ms=config.request_timeout_ms,
            openai_path=config.open_ai_compatible_path,
            native_base_path=config.native_api_base_path,
            **overrides,
        )

    async def __aenter__(self) -> OllamaClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _session_or_open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._max_connections, ttl_dns_cache=300)
            # Ollama answers under any Host; cookies and proxies have no place here.
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,
                auto_decompress=True,
            )
        return self._session

    def native_url(self, path: str) -> str:
        """``{baseUrl}{nativeApiBasePath}/{path}``; ``path`` like ``chat`` or ``/api/chat``."""
        path = path.lstrip("/")
        base = self.native_base_path.lstrip("/")
        if base and (path == base or path.startswith(base + "/")):
            path = path[len(base) + 1 :]
        return f"{self.base_url}{self.native_base_path}/{path}"

    def _timeout(self, timeout_ms: int | None, *, stream: bool) -> aiohttp.ClientTimeout:
        seconds = (timeout_ms if timeout_ms is not None else self.timeout_ms) / 1000
        if stream:
            # The whole stream may last longer than the timeout; what must not is the wait
            # for the first byte (Ollama sends headers with it) or for any next chunk.
            return aiohttp.ClientTimeout(
                total=None, connect=min(self._connect_s, seconds), sock_read=seconds
            )
        return aiohttp.ClientTimeout(total=seconds, connect=min(self._connect_s, seconds))

    @asynccontextmanager
    async def _request(
        self,
        method: str,
        url: str,
        *,
        payload: Mapping[str, Any] | None = None,
        timeout_ms: int | None = None,
        stream: bool = False,
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """Send, map transport errors, raise ``OllamaHTTPError`` on an error status."""
        session = self._session_or_open()
        data = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"} if data is not None else None
        try:
            response = await session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=self._timeout(timeout_ms, stream=stream),
            )
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise OllamaTimeout() from exc
        except aiohttp.ClientError as exc:  # refused, reset, DNS, bad URL
            raise OllamaUnavailable() from exc
        try:
            if response.status >= 400:
                body = await self._read_error_body(response)
                raise OllamaHTTPError(
                    response.status,
                    body,
                    url=url,
                    retry_after=response.headers.get("Retry-After"),
                )
            yield response
        except BaseException:
            # Cancelled, timed out or abandoned mid-body: drop the connection instead of
            # returning it to the pool, so Ollama sees the disconnect and stops work.
            response.close()
            raise
        else:
            response.release()

    @staticmethod
    async def _read_error_body(response: aiohttp.ClientResponse) -> str:
        try:
            raw = await response.content.read(_MAX_ERROR_BODY)
        except (aiohttp.ClientError, TimeoutError):
            raw = b""
        return raw.decode("utf-8", errors="replace")

    async def _raw(
        self,
        method: str,
        url: str,
        *,
        payload: Mapping[str, Any] | None = None,
        timeout_ms: int | None = None,
    ) -> bytes:
        try:
            async with self._request(
                method, url, payload=payload, timeout_ms=timeout_ms
            ) as response:
                return await response.read()
        except (TimeoutError, aiohttp.ClientError) as exc:  # e.g. lost while reading the body
            raise _transport_error(exc) from exc

    async def _object(
        self,
        method: str,
        url: str,
        *,
        what: str,
        payload: Mapping[str, Any] | None = None,
        timeout_ms: int | None = None,
    ) -> dict[str, Any]:
        """The JSON object Ollama answers; ``what`` names it in the error for a non-object."""
        raw = await self._raw(method, url, payload=payload, timeout_ms=timeout_ms)
        try:
            result = json.loads(raw)
        except ValueError as exc:
            raise OllamaProtocolError(f"ollama sent invalid JSON: {raw[:200]!r}") from exc
        if not isinstance(result, dict):
            raise OllamaProtocolError(f"ollama sent a non-object {what}")
        return result

    async def chat(
        self, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        """``POST {openAiCompatiblePath}`` (non-streaming); the caller has set ``model``."""
        body = dict(payload)
        body["stream"] = False
        url = self.base_url + self.openai_path
        return await self._object(
            "POST", url, what="chat completion", payload=body, timeout_ms=timeout_ms
        )

    async def chat_raw(self, payload: Mapping[str, Any], *, timeout_ms: int | None = None) -> bytes:
        """Like ``chat`` but returns Ollama's JSON bytes undecoded, for relaying as is."""
        body = dict(payload)
        body["stream"] = False
        return await self._raw(
            "POST", self.base_url + self.openai_path, payload=body, timeout_ms=timeout_ms
        )

    async def chat_stream(
        self, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> AsyncIterator[bytes]:
        """Relay the SSE events of a streaming chat, byte for byte, as they arrive.

        Each item is one whole event (``data: {...}\\n\\n``), the last one normally
        ``data: [DONE]\\n\\n``. A stream that ends without ``[DONE]`` (how Ollama reports a
        failure mid-stream) raises ``OllamaStreamError`` after the events it did send.
        """
        body = dict(payload)
        body["stream"] = True
        url = self.base_url + self.openai_path
        started = False
        try:
            async with self._request(
                "POST", url, payload=body, timeout_ms=timeout_ms, stream=True
            ) as response:
                buffer = bytearray()
                done = False
                async for chunk in response.content.iter_any():
                    buffer += chunk
                    for event in split_events(buffer):
                        started = True
                        done = done or event.startswith(_SSE_DONE)
                        yield event
                if buffer.strip():
                    started = True
                    done = done or bytes(buffer).lstrip().startswith(_SSE_DONE)
                    yield bytes(buffer)
                if not done:
                    raise OllamaStreamError("ollama ended the stream before [DONE]")
        except OllamaError:
            raise
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _transport_error(exc, started=started) from exc

    async def post_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        """``POST {nativeApiBasePath}/{path}`` with JSON in and out (``stream`` is the
        caller's business: set it to false for a single object)."""
        url = self.native_url(path)
        return await self._object(
            "POST", url, what=f"answer to {path}", payload=payload, timeout_ms=timeout_ms
        )

    async def stream_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """``POST {nativeApiBasePath}/{path}`` and yield each NDJSON object as it arrives.

        A line carrying ``error`` (Ollama's mid-stream failure) raises ``OllamaStreamError``.
        """
        started = False
        try:
            async with self._request(
                "POST",
                self.native_url(path),
                payload=payload,
                timeout_ms=timeout_ms,
                stream=True,
            ) as response:
                while True:
                    line = await response.content.readline()
                    if not line:
                        break
                    if not line.strip():
                        continue
                    try:
                        item = json.loads(line)
                    except ValueError as exc:
                        raise OllamaStreamError(
                            f"ollama sent a bad NDJSON line: {line[:200]!r}"
                        ) from exc
                    if not isinstance(item, dict):
                        raise OllamaStreamError("ollama sent a non-object NDJSON line")
                    if "error" in item:
                        raise OllamaStreamError(f"ollama failed mid-stream: {item['error']}")
                    started = True
                    yield item
        except OllamaError:
            raise
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _transport_error(exc, started=started) from exc

    async def get_native(self, path: str, *, timeout_ms: int | None = None) -> dict[str, Any]:
        url = self.native_url(path)
        return await self._object("GET", url, what=f"answer to {path}", timeout_ms=timeout_ms)

    async def tags(self, *, timeout_ms: int | None = None) -> dict[str, Any]:
        """The ``/api/tags`` body as Ollama sent it (``{"models": [...]}``)."""
        return await self.get_native("tags", timeout_ms=timeout_ms)

    async def show(self, model: str, *, timeout_ms: int | None = None) -> dict[str, Any]:
        """The ``/api/show`` body for one model (capabilities, ``model_info``, template…)."""
        return await self.post_native("show", {"model": model}, timeout_ms=timeout_ms)

    async def ps(self, *, timeout_ms: int | None = None) -> list[PsModel]:
        """Loaded models from ``/api/ps``."""
        return parse_ps(await self.get_native("ps", timeout_ms=timeout_ms))

    async def version(self, *, timeout_ms: int | None = None) -> str:
        data = await self.get_native("version", timeout_ms=timeout_ms)
        return str(data.get("version", ""))

    async def embed(
        self, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        """Native ``POST /api/embed``."""
        return await self.post_native("embed", payload, timeout_ms=timeout_ms)

    async def probe(self, *, timeout_ms: int | None = None) -> bool:
        """Whether Ollama answers ``/api/version`` within a short timeout; never raises."""
        try:
            await self.version(timeout_ms=timeout_ms or self.probe_timeout_ms)
        except (TimeoutError, OllamaError):
            return False
        return True
