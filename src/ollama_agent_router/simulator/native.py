"""Ollama's native API: /, /api/version, /api/tags, /api/ps, /api/show, chat, generate, embed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.types import Receive, Scope, Send

from ollama_agent_router.simulator import generation as gen
from ollama_agent_router.simulator.capabilities import (
    check_capabilities,
    check_thinking,
    has_images,
    native_think,
)
from ollama_agent_router.simulator.catalog import CatalogEntry
from ollama_agent_router.simulator.core import BUSY_MESSAGE, Job, Metrics, Simulator
from ollama_agent_router.simulator.durations import DurationError, parse_keep_alive
from ollama_agent_router.simulator.plan import last_user_text
from ollama_agent_router.simulator.prompt import chat_turns, join_turns
from ollama_agent_router.simulator.scheduler import ServerBusy
from ollama_agent_router.simulator.wire import (
    JSON,
    NDJSON,
    TEXT,
    BadRequest,
    dumps,
    guarded,
    model_not_found,
    parse_json_body,
    read_body,
    send_bytes,
)

_ROOT = b"Ollama is running"


def created_at() -> str:
    """UTC with a ``Z``, as Ollama stamps chat and generate replies."""
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def metric_fields(metrics: Metrics) -> dict[str, int]:
    fields = {
        "total_duration": metrics.total_ns,
        "load_duration": metrics.load_ns,
        "prompt_eval_count": metrics.prompt_tokens,
        "prompt_eval_duration": metrics.prompt_ns,
        "eval_count": metrics.eval_count,
        "eval_duration": metrics.eval_ns,
    }
    # Go's omitempty: zero values are simply absent.
    return {key: value for key, value in fields.items() if value}


def native_error(status: int, message: str) -> bytes:
    return dumps({"error": message})


class ChatRenderer:
    """``/api/chat`` replies: a ``message`` object per chunk."""

    stream_type = NDJSON
    error = staticmethod(native_error)

    def _base(self, job: Job, content: str, done: bool) -> dict[str, Any]:
        return {
            "model": job.model,
            "created_at": created_at(),
            "message": {"role": "assistant", "content": content},
            "done": done,
        }

    def full(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        body = self._base(job, out.text, True)
        if out.tool_calls:
            body["message"]["tool_calls"] = tool_calls_json(out)
        body["done_reason"] = out.done_reason
        body.update(metric_fields(metrics))
        return dumps(body)

    def token(self, job: Job, out: gen.Output, index: int) -> bytes:
        return dumps(self._base(job, out.tokens[index], False)) + b"\n"

    def tools(self, job: Job, out: gen.Output) -> bytes:
        body = self._base(job, "", False)
        body["message"]["tool_calls"] = tool_calls_json(out)
        return dumps(body) + b"\n"

    def final(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        body = self._base(job, "", True)
        body["done_reason"] = out.done_reason
        body.update(metric_fields(metrics))
        return dumps(body) + b"\n"

    def cut(self, job: Job, out: gen.Output) -> bytes:
        return dumps({"error": "an error was encountered while running the model"}) + b"\n"


class GenerateRenderer(ChatRenderer):
    """``/api/generate`` replies: a ``response`` string per chunk, ``context`` at the end."""

    def _base(self, job: Job, content: str, done: bool) -> dict[str, Any]:
        return {"model": job.model, "created_at": created_at(), "response": content, "done": done}

    def full(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        body = self._base(job, out.text, True)
        body["done_reason"] = out.done_reason
        body["context"] = _context(metrics)
        body.update(metric_fields(metrics))
        return dumps(body)

    def final(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        body = self._base(job, "", True)
        body["done_reason"] = out.done_reason
        body["context"] = _context(metrics)
        body.update(metric_fields(metrics))
        return dumps(body) + b"\n"


class EmbedRenderer(ChatRenderer):
    """``/api/embed`` (and the legacy ``/api/embeddings`` when ``legacy``)."""

    def __init__(self, dims: int, *, legacy: bool = False) -> None:
        self.dims = dims
        self.legacy = legacy

    def full(self, job: Job, out: gen.Output, metrics: Metrics) -> bytes:
        vectors = [gen.embed(text, self.dims) for text in job.inputs or ()]
        if self.legacy:
            return dumps({"embedding": vectors[0] if vectors else []})
        body: dict[str, Any] = {"model": job.model, "embeddings": vectors}
        body["total_duration"] = metrics.load_ns + metrics.prompt_ns
        if metrics.load_ns:
            body["load_duration"] = metrics.load_ns
        body["prompt_eval_count"] = metrics.prompt_tokens
        return dumps(body)


def _context(metrics: Metrics) -> list[int]:
    return list(range(1, min(metrics.prompt_tokens + metrics.eval_count, 64) + 1))


def tool_calls_json(out: gen.Output) -> list[dict[str, Any]]:
    return [
        {
            "id": call.id,
            "function": {"index": i, "name": call.name, "arguments": call.arguments_value},
        }
        for i, call in enumerate(out.tool_calls)
    ]


def resolve_model(sim: Simulator, body: dict[str, Any], *, count: bool = True) -> CatalogEntry:
    """The catalog entry ``model`` names; ``count`` adds the request to ``byModel``."""
    name = body.get("model")
    if not isinstance(name, str) or not name:
        raise BadRequest("model is required")
    entry = sim.catalog.get(name)
    if entry is None:
        raise model_not_found(name)
    if count:
        sim.stats.requests_by_model[entry.name] += 1
    return entry


def read_options(body: dict[str, Any]) -> dict[str, Any]:
    """The pieces of ``options``/``keep_alive`` that change what the simulator does.

    ``num_ctx`` and ``keep_alive`` stay ``None`` when the request does not set them: the
    server's context applies, and a loaded runner keeps its keep-alive (``useLoadedRunner``
    changes it only for a request that carries one)."""
    options = body.get("options")
    if options is not None and not isinstance(options, dict):
        raise BadRequest("json: cannot unmarshal options into map")
    options = options or {}
    keep_alive = body.get("keep_alive")
    if keep_alive is not None:
        try:
            keep_alive = parse_keep_alive(keep_alive, 0.0)
        except DurationError as exc:
            raise BadRequest(str(exc)) from None
    num_ctx = options.get("num_ctx")
    limit = options.get("num_predict")
    seed = options.get("seed")
    return {
        "num_ctx": num_ctx if isinstance(num_ctx, int) and num_ctx > 0 else None,
        "keep_alive": keep_alive,
        "limit": limit if isinstance(limit, int) and limit >= 0 else None,
        "seed": seed if isinstance(seed, int) else None,
    }


def message_text(messages: list[Any]) -> str:
    return join_turns(chat_turns(messages))


def wants_tool_call(messages: list[Any], tools: Any) -> list[Any] | None:
    """Call a tool unless the last message already carries a tool result (ends agent loops)."""
    if not isinstance(tools, list) or not tools:
        return None
    if messages and isinstance(messages[-1], dict) and messages[-1].get("role") == "tool":
        return None
    return tools


async def root(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    await send_bytes(send, 200, _ROOT, TEXT)


async def version(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    await send_bytes(send, 200, dumps({"version": sim.settings.version}))


async def tags(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    await send_bytes(send, 200, dumps({"models": [e.tag_json() for e in sim.catalog.entries()]}))


async def ps(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    sim.stats.ps_hits += 1
    await send_bytes(send, 200, dumps({"models": sim.scheduler.ps()}))


async def show(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    body = parse_json_body(await read_body(receive))
    if "model" not in body and isinstance(body.get("name"), str):
        body["model"] = body["name"]
    entry = resolve_model(sim, body, count=False)  # metadata, not a request to the model
    num_ctx = entry.spec.default_context
    reply = {
        "license": "",
        "modelfile": f"FROM {entry.model_path}\n"
        + (f"PARAMETER num_ctx {num_ctx}\n" if num_ctx else ""),
        "parameters": f"num_ctx                        {num_ctx}" if num_ctx else "",
        "template": "{{ .Prompt }}",
        "details": entry.details,
        "model_info": entry.model_info(),
        "capabilities": list(entry.capabilities),
        "modified_at": entry.modified_at.isoformat(),
    }
    await send_bytes(send, 200, dumps(reply))


async def chat(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    body = parse_json_body(await read_body(receive))
    entry = resolve_model(sim, body)
    messages = body.get("messages")
    if messages is None:
        messages = []
    if not isinstance(messages, list):
        raise BadRequest("json: cannot unmarshal messages into []api.Message")
    opts = read_options(body)
    think = native_think(body.get("think"))
    renderer = ChatRenderer()
    if not messages:
        await load_or_unload(
            sim, entry, body, opts, renderer, "/api/chat", scope, receive, send, think=think
        )
        return
    check_thinking(entry, body["model"], think)
    check_capabilities(
        entry, body["model"], verb="chat", tools=body.get("tools"), images=has_images(messages)
    )
    turns = chat_turns(messages)
    job = Job(
        path="/api/chat",
        entry=entry,
        model=body["model"],
        renderer=renderer,
        prompt=join_turns(turns),
        stream=body.get("stream") is not False,
        fmt=body.get("format") or None,
        tools=wants_tool_call(messages, body.get("tools")),
        ask=last_user_text(messages),
        turns=turns,
        **opts,
    )
    await sim.execute(job, scope, receive, send)


async def generate(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    body = parse_json_body(await read_body(receive))
    entry = resolve_model(sim, body)
    prompt = body.get("prompt") or ""
    if not isinstance(prompt, str):
        raise BadRequest("json: cannot unmarshal prompt into string")
    opts = read_options(body)
    think = native_think(body.get("think"))
    renderer = GenerateRenderer()
    if not prompt and not body.get("images"):
        await load_or_unload(
            sim, entry, body, opts, renderer, "/api/generate", scope, receive, send, think=think
        )
        return
    check_thinking(entry, body["model"], think)
    check_capabilities(entry, body["model"], verb="generate", images=bool(body.get("images")))
    system = body.get("system")
    job = Job(
        path="/api/generate",
        entry=entry,
        model=body["model"],
        renderer=renderer,
        prompt=f"{system}\n{prompt}" if isinstance(system, str) and system else prompt,
        stream=body.get("stream") is not False,
        fmt=body.get("format") or None,
        ask=prompt,
        **opts,
    )
    await sim.execute(job, scope, receive, send)


async def embed(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    body = parse_json_body(await read_body(receive))
    entry = resolve_model(sim, body)
    raw = body.get("input", "")
    inputs = [raw] if isinstance(raw, str) else raw
    if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
        raise BadRequest("invalid input type")
    dims = body.get("dimensions")
    renderer = EmbedRenderer(
        dims if isinstance(dims, int) and dims > 0 else sim.settings.embedding_dims
    )
    await run_embedding(sim, body, entry, inputs, renderer, "/api/embed", scope, receive, send)


async def embeddings_legacy(sim: Simulator, scope: Scope, receive: Receive, send: Send) -> None:
    body = parse_json_body(await read_body(receive))
    entry = resolve_model(sim, body)
    prompt = body.get("prompt", "")
    renderer = EmbedRenderer(sim.settings.embedding_dims, legacy=True)
    inputs = [prompt] if isinstance(prompt, str) and prompt else []
    await run_embedding(sim, body, entry, inputs, renderer, "/api/embeddings", scope, receive, send)


async def run_embedding(
    sim: Simulator,
    body: dict[str, Any],
    entry: CatalogEntry,
    inputs: list[str],
    renderer: EmbedRenderer,
    path: str,
    scope: Scope,
    receive: Receive,
    send: Send,
) -> None:
    """Embeddings share the chat pipeline (faults, loading, slots) but never stream."""
    opts = read_options(body)
    job = Job(
        path=path,
        entry=entry,
        model=body["model"],
        renderer=renderer,
        prompt="\n".join(inputs),
        stream=False,
        inputs=tuple(inputs),
        **opts,
    )
    await sim.execute(job, scope, receive, send)


async def load_or_unload(
    sim: Simulator,
    entry: CatalogEntry,
    body: dict[str, Any],
    opts: dict[str, Any],
    renderer: ChatRenderer,
    path: str,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    think: bool = False,
) -> None:
    """An empty chat/generate preloads the model, or unloads it with ``keep_alive: 0``
    (``ChatHandler``: the unload comes before any other check)."""
    if opts["keep_alive"] == 0:
        sim.scheduler.request_unload(entry)
        reason = "unload"
    else:
        check_thinking(entry, body["model"], think)
        faults = sim.take_faults(path, entry.name)
        handled, _ = await sim.answer_faults(faults, scope, receive, send, native_error)
        if handled:
            return
        scheduler = sim.scheduler
        demand = sim.demand(Job(path, entry, body["model"], renderer, "", False, **opts))
        try:
            lease = await guarded(receive, scheduler.reserve(demand))
        except ServerBusy:
            await send_bytes(send, 503, native_error(503, BUSY_MESSAGE))
            return
        scheduler.unref(lease.runner)
        reason = "load"
    reply: dict[str, Any] = {"model": body["model"], "created_at": created_at()}
    if isinstance(renderer, GenerateRenderer):
        reply["response"] = ""
    else:
        reply["message"] = {"role": "assistant", "content": ""}
    reply.update({"done": True, "done_reason": reason})
    await send_bytes(send, 200, dumps(reply), JSON)
