"""The one token estimate (``tokens``), table-tested."""

from __future__ import annotations

import pytest

from ollama_agent_router.tokens import message_tokens, prompt_tokens, text_tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("", 0),
        ("abcd", 1),
        ("abcde", 2),
        ("修复这个函数", 6),  # one a CJK character, not a quarter
        ("fix 这个", 1 + 2),  # four ASCII characters, two others
    ],
)
def test_text_tokens(text: str, tokens: int) -> None:
    assert text_tokens(text) == tokens


def test_prompt_tokens_count_messages_tool_calls_and_tools() -> None:
    call = {"role": "assistant", "content": None, "tool_calls": [{"id": "c"}]}
    body = {
        "messages": [
            {"role": "user", "content": "x" * 40},
            {"role": "user", "content": [{"type": "text", "text": "y" * 8}, "zzzz"]},
            call,
            "junk",
        ],
        "tools": [{"type": "function", "function": {"name": "f"}}],
    }
    tools = text_tokens('[{"type": "function", "function": {"name": "f"}}]')
    assert prompt_tokens(body) == 10 + 2 + 1 + message_tokens(call) + tools
    assert message_tokens(call) == text_tokens('[{"id": "c"}]')
    assert prompt_tokens({}) == 0
