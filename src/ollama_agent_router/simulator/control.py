"""The ``/_sim/`` control API: state, GPU reading, reset, faults, scripted answers, plan."""

from __future__ import annotations

from starlette.types import Receive, Scope, Send

from ollama_agent_router.simulator.core import Simulator
from ollama_agent_router.simulator.faults import fault_from_json
from ollama_agent_router.simulator.scripted import answer_from_json
from ollama_agent_router.simulator.wire import (
    BadRequest,
    dumps,
    parse_json_body,
    read_body,
    send_bytes,
)


async def state(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    await send_bytes(send, 200, dumps(sim.snapshot()))


async def gpu(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    await send_bytes(send, 200, dumps(sim.gpu_reading()))


async def plan(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    """``POST {"completions": {key: tokens}}`` adds lengths; ``DELETE`` clears them."""
    method = scope["method"]
    if method == "POST":
        body = parse_json_body(await read_body(receive))
        entries = body.get("completions")
        if not isinstance(entries, dict):
            raise BadRequest("completions must be an object of key: tokens")
        try:
            sim.plan.add(entries)
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
    elif method == "DELETE":
        sim.plan.clear()
    await send_bytes(send, 200, dumps(sim.plan.to_json()))


async def reset(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    sim.reset()
    await send_bytes(send, 200, dumps({"ok": True}))


async def faults(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    method = scope["method"]
    if method == "POST":
        body = parse_json_body(await read_body(receive))
        try:
            fault = sim.faults.add(fault_from_json(body))
        except (ValueError, TypeError) as exc:
            raise BadRequest(str(exc)) from None
        await send_bytes(send, 201, dumps(fault.to_json()))
        return
    if method == "DELETE":
        sim.faults.clear()
    await send_bytes(send, 200, dumps({"faults": [f.to_json() for f in sim.faults.faults]}))


async def responses(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    method = scope["method"]
    if method == "POST":
        body = parse_json_body(await read_body(receive))
        try:
            answer = answer_from_json(body)
        except (ValueError, TypeError) as exc:
            raise BadRequest(str(exc)) from None
        sim.scripts.add(answer)
        await send_bytes(send, 201, dumps(answer.to_json()))
        return
    if method == "DELETE":
        sim.scripts.clear()
    listed = [entry.answer.to_json() for entry in sim.scripts.entries]
    await send_bytes(send, 200, dumps({"responses": listed}))
