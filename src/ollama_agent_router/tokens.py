"""The one token estimate: how many tokens a prompt is, without the model's tokenizer.

Used for everything that needs a count before Ollama has seen the request: the context
check, the memory and time estimates, ``count_tokens``, sessions' prompt prefixes and
the classifier's size signal. Four ASCII characters a token, and one token per other
character (CJK and other scripts take about one each; four per token would count a
Chinese prompt at a quarter of its size and let it be cut).

Measured against a real BPE tokenizer (Anthropic's 65k-vocabulary one, the only one
installable here offline; docs/routing.md, "Token estimate"): code 0.96 of the real
count (median), prose 0.87, JSON 0.78, CJK 0.88 (chars/4 alone: 0.65). Tokenizers with
larger vocabularies (Qwen, Llama 3: ~150k) take fewer tokens for the same text, so
against them the estimate sits closer or above.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

ASCII_CHARS_PER_TOKEN: Final = 4


def text_tokens(text: str) -> int:
    """Tokens of a text: ASCII characters / 4 plus one per other character."""
    if text.isascii():
        return -(-len(text) // ASCII_CHARS_PER_TOKEN)
    ascii_chars = len(text.encode("ascii", "ignore"))
    other = len(text) - ascii_chars
    return -(-ascii_chars // ASCII_CHARS_PER_TOKEN) + other


def content_tokens(content: object) -> int:
    """A message's ``content``: a string, or parts whose ``text`` counts."""
    if isinstance(content, str):
        return text_tokens(content)
    if isinstance(content, list):
        total = 0
        for part in content:
            if isinstance(part, str):
                total += text_tokens(part)
            elif isinstance(part, Mapping) and isinstance(part.get("text"), str):
                total += text_tokens(part["text"])
        return total
    return 0


def message_tokens(message: Mapping[str, Any]) -> int:
    """One chat message: its content and any tool calls it makes."""
    tokens = content_tokens(message.get("content"))
    calls = message.get("tool_calls")
    if calls:
        tokens += text_tokens(json.dumps(calls, ensure_ascii=False, default=str))
    return tokens


def prompt_tokens(body: Mapping[str, Any]) -> int:
    """An OpenAI (or Ollama-native) chat body's prompt: its messages and its tools."""
    tokens = 0
    messages = body.get("messages")
    for message in messages if isinstance(messages, list) else ():
        if isinstance(message, Mapping):
            tokens += message_tokens(message)
    tools = body.get("tools")
    if isinstance(tools, list) and tools:
        tokens += text_tokens(json.dumps(tools, ensure_ascii=False, default=str))
    return tokens
