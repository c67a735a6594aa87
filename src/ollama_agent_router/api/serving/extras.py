"""Running OpenAI text completions and embeddings under a plan: the OpenAI face plans
them (routed or pinned), the runtime-agent plane gives them the gateway's direct plan;
both run them here.

They talk to Ollama's native endpoints (``/api/generate``, ``/api/embed``) whatever
``ollama.api`` says, translating to OpenAI shapes here: the native calls carry
``ollama.keepAlive``, and in native mode the model's ``num_ctx`` step too.
"""

from __future__ import annotations

import base64
import secrets
import struct
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ollama_agent_router.api.serving.body import caller_id, json_response, unless_disconnected
from ollama_agent_router.api.serving.explain import decision_headers
from ollama_agent_router.api.serving.relay import streaming_response
from ollama_agent_router.backend.ollama.native import usage_from_native
from ollama_agent_router.composition import Services
from ollama_agent_router.errors import BadRequestError
from ollama_agent_router.pipeline.explain import router_object
from ollama_agent_router.pipeline.planning import Plan
from ollama_agent_router.sse import SSE_DONE, sse_event

_OPTIONS = ("temperature", "top_p", "seed", "frequency_penalty", "presence_penalty")

# -- completions ----------------------------------------------------------------------


def completion_prompt(body: Mapping[str, Any]) -> str:
    """The prompt of a completion request: a non-empty string (or a list of one)."""
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str) or not prompt:
        raise BadRequestError("prompt: must be a non-empty string", param="prompt")
    return prompt


def _generate_payload(services: Services, body: Mapping[str, Any], prompt: str) -> dict[str, Any]:
    """The ``/api/generate`` body for an OpenAI completion request (``model`` set later)."""
    options = {name: body[name] for name in _OPTIONS if body.get(name) is not None}
    stop = body.get("stop")
    if isinstance(stop, str):
        options["stop"] = [stop]
    elif isinstance(stop, list) and stop:
        options["stop"] = stop
    if isinstance(body.get("max_tokens"), int):
        options["num_predict"] = body["max_tokens"]
    payload: dict[str, Any] = {
        "prompt": prompt,
        "options": options,
        "keep_alive": services.config.ollama.keep_alive,
    }
    if isinstance(body.get("suffix"), str):
        payload["suffix"] = body["suffix"]
    return payload


def _num_ctx(services: Services, model: str) -> int | None:
    """The model's one ``num_ctx`` (native mode), as chat sends it: a completion never
    makes Ollama reload the model with another context."""
    return services.gateway.num_ctx.get(model)


def _finish(done_reason: Any) -> str:
    return "length" if done_reason == "length" else "stop"


@dataclass(slots=True)
class _Completion:
    model: str
    id: str = field(default_factory=lambda: "cmpl-" + secrets.token_hex(12))
    created: int = field(default_factory=lambda: int(time.time()))

    def body(self, choices: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "text_completion",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": "fp_ollama",
            "choices": choices,
            **extra,
        }

    @staticmethod
    def choice(text: str, finish_reason: str | None) -> dict[str, Any]:
        return {"text": text, "index": 0, "logprobs": None, "finish_reason": finish_reason}


async def _completion_events(
    items: AsyncIterator[dict[str, Any]], model: str, include_usage: bool
) -> AsyncIterator[bytes]:
    out = _Completion(model)
    async for item in items:
        if item.get("response"):
            yield sse_event(out.body([out.choice(item["response"], None)]))
        if item.get("done"):
            yield sse_event(out.body([out.choice("", _finish(item.get("done_reason")))]))
            if include_usage:
                yield sse_event(out.body([], usage=usage_from_native(item)))
            yield SSE_DONE
            return


async def run_completion(
    request: Request, services: Services, plan: Plan, body: Mapping[str, Any], prompt: str
) -> Response:
    """``body`` (a completion request whose prompt is ``prompt``) through ``/api/generate``
    under ``plan``: a ``text_completion``, or its SSE stream when ``plan.stream``."""
    stream = plan.stream
    payload = _generate_payload(services, body, prompt)
    client = services.upstream
    user = caller_id(request)

    def for_model(model: str) -> dict[str, Any]:
        options = dict(payload["options"])
        num_ctx = _num_ctx(services, model)
        if num_ctx is not None:
            options["num_ctx"] = num_ctx
        return {**payload, "model": model, "options": options, "stream": stream}

    if stream:
        stream_options = body.get("stream_options")
        usage = isinstance(stream_options, Mapping) and stream_options.get("include_usage") is True
        opened = await unless_disconnected(
            request,
            services.gateway.open_call_stream(
                plan,
                lambda m: _completion_events(
                    client.stream_native("generate", for_model(m)), m, usage
                ),
                user=user,
            ),
        )
        return streaming_response(services, plan, opened, label="completions stream")
    result = await unless_disconnected(
        request,
        services.gateway.run_call(
            plan, lambda m: client.post_native("generate", for_model(m)), user=user
        ),
    )
    native = result.value
    out = _Completion(result.model)
    answer = out.body(
        [out.choice(str(native.get("response") or ""), _finish(native.get("done_reason")))],
        usage=usage_from_native(native),
        router=router_object(plan, result),
    )
    return json_response(answer, headers=decision_headers(plan, result.model, result.queue_ms))


# -- embeddings -----------------------------------------------------------------------


def embedding_inputs(body: Mapping[str, Any]) -> list[str]:
    """``input`` of an embeddings request: a string or a non-empty array of strings."""
    value = body.get("input")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise BadRequestError("input: must be a string or a non-empty array of strings", param="input")


def embedding_encoding(body: Mapping[str, Any]) -> str:
    """``encoding_format``: ``float`` (the default) or ``base64``."""
    encoding = body.get("encoding_format", "float")
    if encoding not in ("float", "base64"):
        raise BadRequestError("encoding_format: must be float or base64", param="encoding_format")
    return str(encoding)


def _encoded(vector: list[float], encoding: str) -> list[float] | str:
    if encoding == "base64":
        return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
    return vector


async def run_embeddings(
    request: Request,
    services: Services,
    plan: Plan,
    body: Mapping[str, Any],
    inputs: list[str],
    encoding: str,
) -> Response:
    """``inputs`` embedded through ``/api/embed`` under ``plan``, in OpenAI's shape."""
    payload: dict[str, Any] = {"input": inputs, "keep_alive": services.config.ollama.keep_alive}
    if isinstance(body.get("dimensions"), int):
        payload["dimensions"] = body["dimensions"]
    client = services.upstream
    result = await unless_disconnected(
        request,
        services.gateway.run_call(
            plan, lambda m: client.embed({**payload, "model": m}), user=caller_id(request)
        ),
    )
    native = result.value
    vectors = native.get("embeddings") or []
    tokens = int(native.get("prompt_eval_count") or 0)
    answer = {
        "object": "list",
        "data": [
            {"object": "embedding", "embedding": _encoded(vector, encoding), "index": index}
            for index, vector in enumerate(vectors)
        ],
        "model": result.model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        "router": router_object(plan, result),
    }
    return json_response(answer, headers=decision_headers(plan, result.model, result.queue_ms))
