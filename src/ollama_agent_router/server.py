"""Running the router: uvicorn with uvloop and httptools, HTTPS from the config,
graceful shutdown on SIGINT/SIGTERM (uvicorn stops accepting, the lifespan then lets
running work finish or persists it)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import ssl
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import uvicorn

from ollama_agent_router.access.tls import TlsHttpToolsProtocol
from ollama_agent_router.api.app import create_app
from ollama_agent_router.composition import Overrides
from ollama_agent_router.config import RouterConfig
from ollama_agent_router.embedded_server import EmbeddedServer
from ollama_agent_router.protocol import HeadLimitedProtocol, limited_protocol


class JsonFormatter(logging.Formatter):
    """Log records as JSON lines; access lines are already JSON and pass through."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.name in ("ollama_agent_router.access", "ollama_agent_router.audit"):
            return message
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": message,
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(entry)


def configure_logging(level: str = "info") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True


def uvicorn_config(
    config: RouterConfig, overrides: Overrides | None = None, *, log_level: str = "info"
) -> uvicorn.Config:
    server = config.server
    https = server.https
    protocol: type[HeadLimitedProtocol] = HeadLimitedProtocol
    options: dict[str, object] = {}
    if https.enabled:
        options.update(ssl_certfile=str(https.cert_path), ssl_keyfile=str(https.key_path))
        if https.ca_path is not None:
            options.update(ssl_ca_certs=str(https.ca_path), ssl_cert_reqs=ssl.CERT_OPTIONAL)
            # Puts the verified client certificate in the request scope (ASGI TLS extension).
            protocol = TlsHttpToolsProtocol
    return uvicorn.Config(
        create_app(config, overrides),
        host=server.host,
        port=server.port,
        loop="uvloop",
        http=limited_protocol(
            protocol,
            max_head_bytes=server.max_header_bytes,
            max_header_count=server.max_header_count,
        ),
        lifespan="on",
        access_log=False,
        log_config=None,
        log_level=log_level,
        server_header=False,
        # uvicorn would take X-Forwarded-For from loopback peers; the app decides whom
        # to believe (server.trustedProxies, access/forwarded.py).
        proxy_headers=False,
        forwarded_allow_ips="",
        timeout_graceful_shutdown=30,
        **options,  # type: ignore[arg-type]
    )


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown, so the process dies
    of the signal; a router that drained cleanly should exit 0 instead."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            yield
            self._captured_signals.clear()


def serve(config: RouterConfig, *, log_level: str = "info") -> None:
    """Blocking: serve until SIGINT/SIGTERM, then drain and exit normally."""
    configure_logging(log_level)
    _Server(uvicorn_config(config, Overrides(freeze_gc=True), log_level=log_level)).run()


@asynccontextmanager
async def running(
    config: RouterConfig, overrides: Overrides | None = None, *, log_level: str = "warning"
) -> AsyncIterator[str]:
    """Serve in this event loop on ``server.host`` and a free port when ``server.port``
    is 0; yields the base URL (with the base path). For the demo and tests."""
    uv_config = uvicorn_config(config, overrides, log_level=log_level)
    family = socket.AF_INET6 if ":" in config.server.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: without it each small answer waited ~40 ms for
    # the client's delayed ACK (uvicorn sets it only on sockets it makes itself).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((config.server.host, config.server.port))
    sock.listen(1024)
    sock.setblocking(False)
    server = EmbeddedServer(uv_config)
    # Embedded: the host program owns the signals, so skip uvicorn's capture_signals().
    task = asyncio.create_task(server._serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()  # startup failed: raise its error
                raise RuntimeError("the router stopped during startup")
            await asyncio.sleep(0.01)
        host, port = sock.getsockname()[:2]
        scheme = "https" if config.server.https.enabled else "http"
        shown = f"[{host}]" if ":" in host else host
        yield f"{scheme}://{shown}:{port}{config.server.prefix}"
    finally:
        server.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()
