"""Agent sessions through the real app and the simulator: a conversation keeps its model
and task, says so in the ``router`` object and headers, and status lists it."""

from __future__ import annotations

from typing import Any

from support.stack import stack

SYSTEM = {"role": "system", "content": "You are a coding agent working in a repository. " * 100}
FIX = {
    "role": "user",
    "content": "Fix this Python function, it throws on empty input: def f(x): return x[0]",
}


def turn(*messages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [SYSTEM, *messages], **extra}


async def test_a_follow_up_turn_stays_on_its_model_and_its_task() -> None:
    async with stack() as s:
        status, first, headers = await s.post("/v1/chat/completions", turn(FIX))
        assert status == 200, first
        answer = first["choices"][0]["message"]
        follow = turn(FIX, answer, {"role": "user", "content": "thanks, now run the tests"})
        status, second, headers2 = await s.post("/v1/chat/completions", follow)
        _, status_body = await s.get("/v1/router/status")
    assert status == 200, second
    one, two = first["router"]["session"], second["router"]["session"]
    assert one["id"] == two["id"] == headers["x-router-session"] == headers2["x-router-session"]
    assert (one["source"], one["turn"], one["stayed"]) == ("prompt", 1, True)
    assert (two["turn"], two["stayed"]) == (2, True)
    assert two["previousModel"] == first["router"]["selectedModel"]
    assert second["router"]["selectedModel"] == first["router"]["selectedModel"]
    assert second["router"]["taskType"] == first["router"]["taskType"]  # kept by the session
    assert two["cachedPrefixTokens"] > 0
    active = status_body["residency"]["sessions"]["active"]
    assert [a["id"] for a in active] == [one["id"]]
    assert active[0]["turns"] == 2


async def test_what_clients_send_names_the_session() -> None:
    async with stack() as s:
        body = turn(FIX, prompt_cache_key="conversation-7")
        _, by_key, _ = await s.post("/v1/chat/completions", body)
        _, by_user, _ = await s.post("/v1/chat/completions", turn(FIX, user="dev-1"))
        anthropic = {
            "model": "claude-sonnet-4-5",
            "max_tokens": 64,
            "system": SYSTEM["content"],
            "metadata": {"user_id": "user_x_account__session_1234"},
            "messages": [{"role": "user", "content": FIX["content"]}],
        }
        status, message, headers = await s.post("/v1/messages", anthropic)
        claude = {**anthropic, "metadata": {}}
        async with s.http.post(
            s.url + "/v1/messages", json=claude, headers={"X-Claude-Code-Session-Id": "abc"}
        ) as reply:
            by_header = reply.headers["x-router-session"]
    assert by_key["router"]["session"]["source"] == "prompt_cache_key"
    assert by_user["router"]["session"]["source"] == "user"
    assert status == 200, message
    assert headers["x-router-session"] not in (by_key["router"]["session"]["id"], by_header)
    assert len(by_header) == 16
