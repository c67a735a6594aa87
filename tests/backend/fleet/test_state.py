"""The gateway's poller (``backend/fleet/state.py``): capabilities read again only when a
node's config digest changes, a silent node skipped from that poll on and polled again
after a growing backoff, stale views not used."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ollama_agent_router.api.runtime.plane import config_digest, describe
from ollama_agent_router.backend.fleet.errors import NodeUnavailable
from ollama_agent_router.backend.fleet.state import FleetState
from ollama_agent_router.config import parse_config
from ollama_agent_router.config.models import FleetConfig
from ollama_agent_router.routing import StateView
from ollama_agent_router.routing.state_codec import view_to_dict
from support.stack import gex44_data

CONFIG = parse_config(gex44_data())
DESCRIBED = json.loads(json.dumps(describe(CONFIG)))
DIGEST = config_digest(DESCRIBED)


class FakeNode:
    """A node client double: answers ``/v1/router/runtime`` and ``capabilities`` from
    what the test sets; ``down`` makes every call fail as a refused connection."""

    def __init__(self, node_id: str) -> None:
        self.id = node_id
        self.base_url = f"http://{node_id}"
        self.down = False
        self.digest = DIGEST
        self.calls: list[str] = []

    async def get_json(self, path: str, **_: Any) -> dict[str, Any]:
        self.calls.append(path)
        if self.down:
            raise NodeUnavailable(self.id, "connection refused")
        if path.endswith("/capabilities"):
            return {**DESCRIBED, "configDigest": self.digest}
        return {"configDigest": self.digest, "view": view_to_dict(StateView()), "status": "ok"}

    async def aclose(self) -> None:
        pass


def fleet_of(*nodes: FakeNode, clock: list[float]) -> FleetState:
    config = FleetConfig.model_validate(
        {
            "nodes": [{"id": n.id, "url": n.base_url} for n in nodes],
            "pollIntervalMs": 1000,
            "timeoutMs": 500,
            "maxBackoffMs": 8000,
        }
    )
    return FleetState(config, nodes, clock=lambda: clock[0])  # type: ignore[arg-type]


async def test_capabilities_are_read_again_only_when_the_digest_changes() -> None:
    clock = [0.0]
    node = FakeNode("a")
    learned: list[tuple[dict[str, int], dict[str, int]]] = []
    fleet = fleet_of(node, clock=clock)
    fleet.on_models = lambda limits, totals: learned.append((dict(limits), dict(totals)))
    for _ in range(3):
        await fleet.poll_once()
    assert node.calls.count("/v1/router/capabilities") == 1
    assert learned[0][0]["qwen2.5-coder:7b@a"] == 1
    assert learned[0][1] == {
        "concurrent": CONFIG.queue.global_max_concurrent,
        "queued": CONFIG.queue.global_max_queued,
        "perUser": CONFIG.queue.per_user_max_queued,
    }
    node.digest = "changed"
    await fleet.poll_once()
    assert node.calls.count("/v1/router/capabilities") == 2
    assert [v.node for v in fleet.available()] == ["a"]
    assert fleet.policy is not None
    assert "qwen2.5-coder:7b" in fleet.policy.models


@pytest.mark.parametrize("failures", [1, 2, 3, 4, 5])
async def test_a_silent_node_is_skipped_and_polled_again_after_a_growing_backoff(
    failures: int,
) -> None:
    clock = [0.0]
    node, other = FakeNode("a"), FakeNode("b")
    fleet = fleet_of(node, other, clock=clock)
    await fleet.poll_once()
    assert {v.node for v in fleet.available()} == {"a", "b"}
    node.down = True
    for _ in range(failures):
        calls = len(node.calls)
        await fleet.poll_once()
        assert len(node.calls) == calls + 1  # polled when due
        assert {v.node for v in fleet.available()} == {"b"}
        backoff = min(1.0 * 2 ** (fleet.nodes["a"].failures - 1), 8.0)
        clock[0] += backoff - 0.01
        await fleet.poll_once()
        assert len(node.calls) == calls + 1  # not before the backoff ends
        clock[0] += 0.01
    node.down = False
    await fleet.poll_once()
    assert {v.node for v in fleet.available()} == {"a", "b"}
    assert fleet.nodes["a"].failures == 0


async def test_a_view_older_than_three_polls_is_not_used() -> None:
    clock = [0.0]
    node = FakeNode("a")
    fleet = fleet_of(node, clock=clock)
    await fleet.poll_once()
    clock[0] += 3.6  # 3 intervals + the poll timeout, and a bit
    assert fleet.available() == ()
    assert "a" in fleet.unavailable()


async def test_a_forwarded_call_that_cannot_reach_a_node_marks_it_at_once() -> None:
    clock = [0.0]
    node = FakeNode("a")
    fleet = fleet_of(node, clock=clock)
    await fleet.poll_once()
    fleet.failed("a", "node a unreachable")
    assert fleet.available() == ()
    status = fleet.as_dict()["nodes"][0]
    assert (status["status"], status["reason"]) == ("unavailable", "node a unreachable")
    assert "apiKey" not in json.dumps(fleet.as_dict())
