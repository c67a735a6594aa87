"""What the gateway knows of each node, kept in the background, never on a request's path.

Each node's ``GET /v1/router/runtime`` is read every ``fleet.pollIntervalMs``: its
status, GPU, queues, and its routing view (``routing.state_codec``). When the runtime's
``configDigest`` differs from the one the gateway holds, ``GET /v1/router/capabilities``
is read again and the node's routing policy rebuilt from it — so placement runs the
node's own routing over the node's own state. A node that does not answer (or answers
what cannot be read) is ``unavailable`` from that poll on, skipped by placement, and
polled again after 1, 2, 4 … intervals (at most ``fleet.maxBackoffMs``); a forwarded
call that cannot reach it marks it so at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ollama_agent_router.backend.fleet.client import NodeClient
from ollama_agent_router.backend.ollama.errors import OllamaError
from ollama_agent_router.config import ConfigError, RouterConfig, parse_config
from ollama_agent_router.config.models import FleetConfig
from ollama_agent_router.routing import RoutingPolicy, StateView
from ollama_agent_router.routing.fleet import NodeView, qualified, split_qualified
from ollama_agent_router.routing.state_codec import view_from_dict

log = logging.getLogger("ollama_agent_router.fleet")

ROUTING_SECTIONS = ("router", "gpu", "queue", "ollama", "models", "routes")
"""The parts of a node's capabilities that make its routing config."""


@dataclass(slots=True)
class NodeState:
    """One node, as last read."""

    client: NodeClient
    weight: float
    status: str = "unknown"
    """``unknown`` until the first poll, then ``ok`` or ``unavailable``."""
    reason: str | None = None
    digest: str | None = None
    config: RouterConfig | None = None
    policy: RoutingPolicy | None = None
    view: StateView | None = None
    runtime: dict[str, Any] = field(default_factory=dict)
    read_at: float | None = None
    """When the last runtime was read (monotonic)."""
    failures: int = 0
    next_poll_at: float = 0.0

    @property
    def id(self) -> str:
        return self.client.id


class FleetState:
    """Every node's state, polled in one background task."""

    def __init__(
        self,
        config: FleetConfig,
        clients: Sequence[NodeClient],
        *,
        on_models: Callable[[Mapping[str, int], Mapping[str, int]], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._interval_s = config.poll_interval_ms / 1000
        self._timeout_ms = config.timeout_ms
        self._max_backoff_s = config.max_backoff_ms / 1000
        weights = {node.id: node.weight for node in config.nodes}
        self.nodes: dict[str, NodeState] = {
            client.id: NodeState(client, weights.get(client.id, 1.0)) for client in clients
        }
        self.on_models = on_models
        """Told every (node-qualified) model a node serves, with its concurrency limit, and
        the fleet's totals (``concurrent``, ``queued``, ``perUser``: every known node's
        ``queue`` limits summed)."""
        self._clock = clock
        self._task: asyncio.Task[None] | None = None
        self._changed: list[Callable[[], None]] = []
        self.policy: RoutingPolicy | None = None
        """The union of the nodes' routing configs: how the gateway reads a request's
        ``model`` and ``router`` options before placement."""

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Read every node once (so the first request can be placed), then poll."""
        await self.poll_once()
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="oar-fleet")

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for node in self.nodes.values():
            await node.client.aclose()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval_s)
            try:
                await self.poll_once()
            except Exception:  # never let one bad answer stop the poller
                log.exception("fleet poll failed")

    async def poll_once(self) -> None:
        now = self._clock()
        due = [node for node in self.nodes.values() if node.next_poll_at <= now]
        await asyncio.gather(*(self._poll(node) for node in due))

    # -- one node -----------------------------------------------------------------------

    async def _poll(self, node: NodeState) -> None:
        client = node.client
        try:
            runtime = await client.get_json("/v1/router/runtime", timeout_ms=self._timeout_ms)
            digest = runtime.get("configDigest")
            if node.policy is None or digest != node.digest:
                described = await client.get_json(
                    "/v1/router/capabilities", timeout_ms=self._timeout_ms
                )
                self._learn(node, described)
            view = view_from_dict(_mapping(runtime.get("view"), "view"))
        except (OllamaError, ValueError, ConfigError) as exc:
            self.failed(node.id, str(exc))
            return
        node.view = view
        node.runtime = runtime
        node.read_at = self._clock()
        node.failures = 0
        node.next_poll_at = 0.0
        if node.status != "ok":
            log.info("node %s is available", node.id)
        node.status = "ok"
        node.reason = None

    def _learn(self, node: NodeState, described: Mapping[str, Any]) -> None:
        """The node's routing config, from its capabilities (``ROUTING_SECTIONS``)."""
        config = parse_config({key: described[key] for key in ROUTING_SECTIONS if key in described})
        node.config = config
        node.policy = RoutingPolicy.from_config(config)
        digest = described.get("configDigest")
        node.digest = digest if isinstance(digest, str) else None
        if self.on_models is not None:
            queues = [other.config.queue for other in self.nodes.values() if other.config]
            totals = {
                "concurrent": sum(q.global_max_concurrent for q in queues),
                "queued": sum(q.global_max_queued for q in queues),
                "perUser": sum(q.per_user_max_queued for q in queues),
            }
            self.on_models(
                {qualified(m.name, node.id): m.max_concurrent for m in config.models}, totals
            )
        self.policy = self._union()
        log.info("node %s: %d models, config %s", node.id, len(config.models), node.digest)

    def failed(self, node_id: str, reason: str) -> None:
        """``node_id`` did not answer: skipped from now on, polled again after a backoff."""
        node = self.nodes.get(node_id)
        if node is None:
            return
        node.failures += 1
        backoff = min(self._interval_s * 2 ** (node.failures - 1), self._max_backoff_s)
        node.next_poll_at = self._clock() + backoff
        if node.status != "unavailable":
            log.warning("node %s is unavailable: %s", node_id, reason)
        node.status = "unavailable"
        node.reason = reason

    # -- what placement reads -----------------------------------------------------------

    def available(self) -> tuple[NodeView, ...]:
        """The nodes placement may use: answered their last poll, recently enough."""
        stale_after = 3 * self._interval_s + self._timeout_ms / 1000
        now = self._clock()
        views = []
        for node in self.nodes.values():
            fresh = node.read_at is not None and now - node.read_at <= stale_after
            if node.status == "ok" and fresh and node.policy is not None and node.view:
                views.append(NodeView(node.id, node.policy, node.view, node.weight))
        return tuple(views)

    def slots(self, name: str) -> int:
        """Parallel slots of ``model@node`` as its node reports them (1 if unknown)."""
        model, node_id = split_qualified(name)
        node = self.nodes.get(node_id or "")
        residency = node.view.residency if node is not None and node.view else None
        return residency.slots.get(model, 1) if residency is not None else 1

    def unavailable(self) -> dict[str, str]:
        names = {view.node for view in self.available()}
        return {
            node.id: node.reason or node.status
            for node in self.nodes.values()
            if node.id not in names
        }

    def client(self, node_id: str) -> NodeClient | None:
        node = self.nodes.get(node_id)
        return node.client if node is not None else None

    def _union(self) -> RoutingPolicy | None:
        """Every node's models (first node's spec of a shared name) and routes (merged in
        node order), under the first node's router settings."""
        models: dict[str, dict[str, Any]] = {}
        routes: dict[str, list[str]] = {}
        base: RouterConfig | None = None
        for node in self.nodes.values():
            if node.config is None:
                continue
            base = base or node.config
            for model in node.config.models:
                models.setdefault(model.name, model.model_dump(by_alias=True, exclude_none=True))
            for task, names in node.config.routes.items():
                merged = routes.setdefault(task, [])
                merged += [name for name in names if name not in merged]
        if base is None:
            return None
        data = {
            "router": base.router.model_dump(by_alias=True, exclude_none=True),
            "gpu": base.gpu.model_dump(by_alias=True, exclude_none=True),
            "queue": base.queue.model_dump(by_alias=True, exclude_none=True),
            "models": list(models.values()),
            "routes": routes,
        }
        return RoutingPolicy.from_config(parse_config(data))

    def as_dict(self) -> dict[str, Any]:
        """Every node for status, ``/ui`` and ``oar top``: no key, no secret."""
        now = self._clock()
        out = []
        for node in self.nodes.values():
            runtime = node.runtime
            out.append(
                {
                    "id": node.id,
                    "url": node.client.base_url,
                    "status": node.status,
                    "reason": node.reason,
                    "weight": node.weight,
                    "snapshotAgeMs": None
                    if node.read_at is None
                    else round((now - node.read_at) * 1000),
                    "configDigest": node.digest,
                    "models": [m.name for m in node.config.models] if node.config else [],
                    "loadedModels": runtime.get("loadedModels", []),
                    "queues": runtime.get("queues", {}),
                    "gpu": runtime.get("gpu", {}),
                    "failures": node.failures,
                }
            )
        return {"nodes": out}


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: missing or not an object (a node older than the gateway?)")
    return value
