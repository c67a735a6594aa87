"""The native dialect sends no ``keep_alive`` to a model a pending load waits to unload:
in Ollama a request carrying it resets the victim's expiry (``useLoadedRunner`` sets its
session duration), so the pending load would wait for it all over again (ollama#17408)."""

from __future__ import annotations

from ollama_agent_router.backend.ollama.client import OllamaClient
from ollama_agent_router.backend.ollama.native_upstream import NativeUpstream
from ollama_agent_router.config import parse_config
from support.stack import gex44_data

GPT, QWEN = "gpt-oss:20b", "qwen2.5-coder:7b"


def upstream() -> NativeUpstream:
    config = parse_config(gex44_data(**{"ollama.api": "native", "ollama.keepAlive": "7m"}))
    return NativeUpstream.from_config(config)


def chat(model: str) -> dict[str, object]:
    return {"model": model, "messages": [{"role": "user", "content": "hi"}]}


def test_keep_alive_goes_to_every_model_but_a_leaving_one() -> None:
    native = upstream()
    assert isinstance(native.client, OllamaClient)
    assert native.native_chat(chat(GPT), stream=False)["keep_alive"] == "7m"
    native.leaving = lambda: frozenset({GPT})
    assert "keep_alive" not in native.native_chat(chat(GPT), stream=False)
    assert native.native_chat(chat(QWEN), stream=False)["keep_alive"] == "7m"
    # the context stays the model's one num_ctx either way
    assert native.native_chat(chat(GPT), stream=False)["options"]["num_ctx"] == 32768
