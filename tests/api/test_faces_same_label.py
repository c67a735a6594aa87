"""One plan under every face: in ``model`` classification mode the same prompt gets the
same task type whatever API it came in on (every face awaits the same classifier)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from support.stack import gex44_data, stack

TRIAGE_MODEL = "B-A-M-N/vibethinker:1.5b"
PROMPT = "hello there, route me please"

FACES: list[tuple[str, dict[str, Any]]] = [
    ("/v1/chat/completions", {"model": "auto", "messages": [{"role": "user", "content": PROMPT}]}),
    ("/v1/completions", {"model": "auto", "prompt": PROMPT}),
    (
        "/api/chat",
        {"model": "auto", "stream": False, "messages": [{"role": "user", "content": PROMPT}]},
    ),
    ("/api/generate", {"model": "auto", "stream": False, "prompt": PROMPT}),
    (
        "/v1/messages",
        {
            "model": "claude-sonnet-4-5",
            "max_tokens": 64,
            "messages": [{"role": "user", "content": PROMPT}],
        },
    ),
    ("/v1/responses", {"model": "auto", "input": PROMPT}),
]


@pytest.mark.parametrize(("path", "body"), FACES, ids=[path for path, _ in FACES])
async def test_model_mode_labels_a_prompt_alike_on_every_face(
    path: str, body: dict[str, Any]
) -> None:
    data = gex44_data(
        **{
            "router.classification.mode": "model",
            "router.classification.optionalClassifierModel": TRIAGE_MODEL,
            "router.classification.classifierTimeoutMs": 2000,
        }
    )
    answer = json.dumps({"taskType": "triage", "confidence": 0.9})
    async with stack(data, transport="asgi") as s:
        s.sim.add_response(answer, model=TRIAGE_MODEL, contains="Last user turn")
        status, answered, headers = await s.post(path, body)
        assert status == 200, answered
        assert headers["x-router-task-type"] == "triage"
