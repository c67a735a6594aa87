"""One node router as the gateway reaches it: its base URL, its runtime-agent key (never a
client's), TLS with an optional client certificate, one connection pool; failures mapped
to the backend error tree the attempts loop reads (``errors``)."""

from __future__ import annotations

import json
import os
import ssl
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from ollama_agent_router.backend.fleet.errors import (
    NodeHTTPError,
    NodeProtocolError,
    NodeStreamError,
    NodeTimeout,
    NodeUnavailable,
)
from ollama_agent_router.backend.ollama.errors import OllamaError
from ollama_agent_router.config.models import FleetNodeConfig
from ollama_agent_router.sse import split_events

MAX_ERROR_BODY = 64 * 1024


def node_key(node: FleetNodeConfig) -> str | None:
    """The node's runtime-agent key: given, or read from its environment variable."""
    if node.api_key is not None:
        return node.api_key
    if node.api_key_env is not None:
        value = os.environ.get(node.api_key_env)
        if not value:
            raise ValueError(f"fleet.nodes[{node.id}].apiKeyEnv: {node.api_key_env} is not set")
        return value
    return None


def ssl_context(node: FleetNodeConfig) -> ssl.SSLContext | bool:
    """The TLS settings of ``node``: its CA, the gateway's certificate (mTLS)."""
    tls = node.tls
    if tls is None:
        return True
    context = ssl.create_default_context(cafile=str(tls.ca_path) if tls.ca_path else None)
    if not tls.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if tls.cert_path is not None and tls.key_path is not None:
        context.load_cert_chain(str(tls.cert_path), str(tls.key_path))
    return context


class NodeClient:
    """Calls to one node router over one pool (opened lazily, in the running loop)."""

    def __init__(self, node: FleetNodeConfig, *, request_timeout_ms: int) -> None:
        self.node = node
        self.id = node.id
        self.base_url = node.url
        self.request_timeout_ms = request_timeout_ms
        key = node_key(node)
        self._headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._ssl = ssl_context(node)
        self._session: aiohttp.ClientSession | None = None

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=256, ttl_dns_cache=300, ssl=self._ssl),
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,
                headers=self._headers,
            )
        return self._session

    def _timeout(self, timeout_ms: int | None, *, stream: bool) -> aiohttp.ClientTimeout:
        seconds = (timeout_ms or self.request_timeout_ms) / 1000
        connect = min(3.0, seconds)
        if stream:  # the whole stream may last long; no gap between chunks may
            return aiohttp.ClientTimeout(total=None, connect=connect, sock_read=seconds)
        return aiohttp.ClientTimeout(total=seconds, connect=connect)

    @asynccontextmanager
    async def _call(
        self,
        method: str,
        path: str,
        *,
        payload: Mapping[str, Any] | None = None,
        params: Mapping[str, str] | None = None,
        timeout_ms: int | None = None,
        stream: bool = False,
        relay_errors: bool = False,
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """One call; an error status raises ``NodeHTTPError`` unless ``relay_errors``
        (the caller passes the node's answer on as it is)."""
        url = self.base_url + path
        try:
            async with self._open().request(
                method,
                url,
                json=payload,
                params=params,
                timeout=self._timeout(timeout_ms, stream=stream),
            ) as response:
                if response.status >= 400 and not relay_errors:
                    body = await response.content.read(MAX_ERROR_BODY)
                    raise NodeHTTPError(
                        self.id,
                        response.status,
                        body.decode(errors="replace"),
                        retry_after=response.headers.get("Retry-After"),
                    )
                yield response
        except OllamaError:
            raise
        except TimeoutError as exc:
            raise NodeTimeout(self.id) from exc
        except aiohttp.ClientError as exc:
            raise NodeUnavailable(self.id, str(exc)) from exc

    async def get_json(
        self, path: str, *, params: Mapping[str, str] | None = None, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        async with self._call("GET", path, params=params, timeout_ms=timeout_ms) as response:
            return _object(self.id, await response.read())

    async def get_json_post(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]:
        async with self._call("POST", path, payload=payload, timeout_ms=timeout_ms) as response:
            return _object(self.id, await response.read())

    async def send(
        self,
        method: str,
        path: str,
        payload: Mapping[str, Any] | None = None,
        *,
        params: Mapping[str, str] | None = None,
        timeout_ms: int | None = None,
        relay_errors: bool = False,
    ) -> tuple[int, bytes, Mapping[str, str]]:
        """A call whose answer is relayed as it is: status, body, headers."""
        async with self._call(
            method,
            path,
            payload=payload,
            params=params,
            timeout_ms=timeout_ms,
            relay_errors=relay_errors,
        ) as response:
            return response.status, await response.read(), dict(response.headers)

    async def post_bytes(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> bytes:
        async with self._call("POST", path, payload=payload, timeout_ms=timeout_ms) as response:
            return await response.read()

    async def stream_events(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> AsyncIterator[bytes]:
        """The node's SSE events as they arrive; a break after the first one is a
        ``NodeStreamError`` (bytes may have reached the client)."""
        started = False
        try:
            async with self._call(
                "POST", path, payload=payload, timeout_ms=timeout_ms, stream=True
            ) as response:
                buffer = bytearray()
                async for chunk in response.content.iter_any():
                    buffer += chunk
                    for event in split_events(buffer):
                        started = True
                        yield event
                if buffer.strip():
                    yield bytes(buffer)
        except (NodeTimeout, NodeUnavailable) as exc:
            if started:
                raise NodeStreamError(self.id, str(exc)) from exc
            raise
        except (TimeoutError, aiohttp.ClientError) as exc:
            if started:
                raise NodeStreamError(self.id, str(exc)) from exc
            raise NodeUnavailable(self.id, str(exc)) from exc

    async def stream_lines(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """The node's NDJSON objects as they arrive (Ollama's native streams)."""
        started = False
        try:
            async with self._call(
                "POST", path, payload=payload, timeout_ms=timeout_ms, stream=True
            ) as response:
                async for line in response.content:
                    if not line.strip():
                        continue
                    item = _object(self.id, line)
                    if "error" in item and not started:
                        raise NodeProtocolError(self.id, str(item["error"]))
                    if "error" in item:
                        raise NodeStreamError(self.id, str(item["error"]))
                    started = True
                    yield item
        except (TimeoutError, aiohttp.ClientError) as exc:
            if started:
                raise NodeStreamError(self.id, str(exc)) from exc
            raise NodeUnavailable(self.id, str(exc)) from exc


def _object(node: str, raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        raise NodeProtocolError(node, "answered something that is not JSON") from None
    if not isinstance(value, dict):
        raise NodeProtocolError(node, "answered JSON that is not an object")
    return value
