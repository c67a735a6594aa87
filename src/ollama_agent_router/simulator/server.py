"""Running the simulator: in-process for tests (``run_simulator``) or blocking for the CLI."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import uvicorn

from ollama_agent_router.embedded_server import EmbeddedServer
from ollama_agent_router.simulator.app import SimulatorApp, create_app
from ollama_agent_router.simulator.core import Simulator
from ollama_agent_router.simulator.faults import (
    ActiveFault,
    FaultKind,
    FaultSpec,
    fault_from_fields,
    parse_fault,
)
from ollama_agent_router.simulator.scripted import ScriptedAnswer, ScriptedCall
from ollama_agent_router.simulator.settings import SimModel, SimulatorSettings

_BACKLOG = 2048


class _Server(EmbeddedServer):
    """uvicorn's server, releasing hung requests before it waits for connections."""

    def __init__(self, config: uvicorn.Config, simulator: Simulator) -> None:
        super().__init__(config)
        self.simulator = simulator

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.simulator.closing.set()
        await super().shutdown(sockets)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: small answers leave at once instead of waiting
    # ~40 ms for the client's delayed ACK (a socket made here does not get it otherwise).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(_BACKLOG)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


@dataclass(eq=False)
class SimulatorHandle:
    """A simulator running in this process; see ``run_simulator``."""

    simulator: Simulator
    host: str
    port: int
    _server: _Server
    _resumes: list[asyncio.Task[Any]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def settings(self) -> SimulatorSettings:
        return self.simulator.settings

    @property
    def state(self) -> dict[str, Any]:
        """A fresh snapshot, the same JSON as ``GET /_sim/state``."""
        return self.simulator.snapshot()

    @property
    def listening(self) -> bool:
        return any(server.is_serving() for server in self._server.servers)

    def pause_listening(self) -> None:
        """Close the listening socket (new connections get ECONNREFUSED) and idle keep-alives.

        Requests already running finish normally, then their connections close.
        """
        for server in self._server.servers:
            server.close()
        self._server.servers = []
        for connection in list(self._server.server_state.connections):
            connection.shutdown()

    def resume_listening(self) -> None:
        """Listen again on the same port; connections queue in the backlog at once."""
        if self.listening:
            return
        sock = _bind(self.host, self.port)
        server, config = self._server, self._server.config

        def protocol() -> asyncio.Protocol:
            return config.http_protocol_class(  # type: ignore[call-arg]
                config=config, server_state=server.server_state, app_state=server.lifespan.state
            )

        async def start() -> None:
            loop = asyncio.get_running_loop()
            server.servers.append(await loop.create_server(protocol, sock=sock, backlog=_BACKLOG))

        self._resumes.append(asyncio.create_task(start()))

    def set_fault(
        self,
        fault: FaultSpec | FaultKind | str,
        *,
        model: str | None = None,
        times: int | None = None,
        delay_ms: int | None = None,
        after_chunks: int | None = None,
        status: int | None = None,
        paths: tuple[str, ...] | None = None,
    ) -> ActiveFault:
        """Add a fault: a ``FaultSpec``, a kind, or the CLI form (``"500,times=1"``).

        Keyword arguments override what the kind or string says.
        """
        if isinstance(fault, FaultSpec):
            spec = fault
        elif isinstance(fault, FaultKind):
            spec = fault_from_fields(kind=fault)
        else:
            spec = parse_fault(fault)
        overrides = {
            "model": model,
            "times": times,
            "delay_ms": delay_ms,
            "after_chunks": after_chunks,
            "status": status,
            "paths": paths,
        }
        changes = {key: value for key, value in overrides.items() if value is not None}
        if changes:
            spec = fault_from_fields(**{**dataclasses.asdict(spec), **changes})
        return self.simulator.faults.add(spec)

    def clear_faults(self) -> None:
        self.simulator.faults.clear()

    def add_response(
        self,
        content: str = "",
        *,
        model: str | None = None,
        contains: str | None = None,
        delay_ms: int = 0,
        times: int | None = None,
        tool_calls: Sequence[tuple[str, str]] = (),
        tool_fault: str | None = None,
    ) -> None:
        """Script the answer to matching requests (as ``POST /_sim/responses``):
        ``content``, plus ``tool_calls`` as (name, arguments' JSON text) sent as written,
        or a ``tool_fault`` breaking the call to the first tool (``scripted.TOOL_FAULTS``)."""
        self.simulator.scripts.add(
            ScriptedAnswer(
                content,
                model=model,
                contains=contains,
                delay_ms=delay_ms,
                times=times,
                tool_calls=tuple(ScriptedCall(name, text) for name, text in tool_calls),
                tool_fault=tool_fault,
            )
        )

    def pull(self, model: SimModel) -> None:
        """Install ``model`` (a new one, or a new version of one: another digest)."""
        self.simulator.catalog.pull(model)

    def reset(self) -> None:
        self.simulator.reset()


@contextlib.asynccontextmanager
async def run_simulator(
    settings: SimulatorSettings | None = None, *, port: int = 0
) -> AsyncIterator[SimulatorHandle]:
    """Serve a simulator on this event loop, on a free port unless ``port`` is given."""
    settings = settings or SimulatorSettings()
    simulator = Simulator(settings)
    app = create_app(settings, simulator=simulator)
    sock = _bind(settings.host, port)
    bound_port = sock.getsockname()[1]
    server = _Server(_config(app, settings, bound_port, log_level="warning"), simulator)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("the simulator stopped during startup")
            await asyncio.sleep(0.005)
        handle = SimulatorHandle(simulator, settings.host, bound_port, server)
        yield handle
    finally:
        simulator.closing.set()
        server.stop()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=5)
        except TimeoutError:
            server.force_exit = True
            await task
        finally:
            sock.close()


def _config(
    app: SimulatorApp, settings: SimulatorSettings, port: int, **kwargs: Any
) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=settings.host,
        port=port,
        lifespan="on",
        access_log=False,
        ws="none",
        timeout_graceful_shutdown=2,
        **kwargs,
    )


def serve(settings: SimulatorSettings) -> None:
    """Run until SIGINT/SIGTERM (the ``oar simulate`` command)."""
    simulator = Simulator(settings)
    app = create_app(settings, simulator=simulator)
    server = _Server(_config(app, settings, settings.port, log_level="info"), simulator)
    server.run()
