"""``serving.openai_chunks``: the chunk objects of an OpenAI SSE stream however its
bytes were cut, ended by ``[DONE]``; an in-band error raises."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from ollama_agent_router.api.serving.serve import openai_chunks
from ollama_agent_router.errors import RouterError

STREAM = (
    b'data: {"choices": [{"delta": {"content": "he"}}]}\n\n'
    b'data: {"choices": [{"delta": {"content": "llo"}}]}\r\n\r\n'
    b": a comment line\n\n"
    b"data: [DONE]\n\n"
    b'data: {"choices": []}\n\n'
)


async def _pieces(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize("size", [1, 3, 7, 50, len(STREAM)])
async def test_chunks_survive_any_cut_and_stop_at_done(size: int) -> None:
    pieces = _pieces(STREAM[size:], size)
    items = [item async for item in openai_chunks(STREAM[:size], pieces)]
    texts = [item["choices"][0]["delta"]["content"] for item in items]
    assert texts == ["he", "llo"]


async def test_an_in_band_error_raises() -> None:
    data = b'data: {"error": {"message": "model crashed"}}\n\n'
    with pytest.raises(RouterError, match="model crashed"):
        _ = [item async for item in openai_chunks(data, _pieces(b"", 1))]
