"""A prompt that does not fit the runner's context is cut silently, as Ollama cuts it.

- Chat (``chatPrompt`` / ``truncateNativeChatMessages`` in ``server/``): the oldest
  messages go first, system messages always stay, the latest message always stays, until
  the rest fits ``num_ctx``.
- Then the runner (``completionPromptForRequest`` in ``llm/llama_server.go``): a prompt of
  more than ``num_ctx - 1`` tokens keeps its first ``num_keep`` tokens (4, Ollama's
  default) and the newest ones, ``contextShiftPromptLimit`` tokens in all.

Tokens are counted as the rest of the simulator counts them: about four characters each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

#: ``api.DefaultOptions`` ``NumKeep``: the first tokens a context shift keeps.
NUM_KEEP: Final = 4
CHARS_PER_TOKEN: Final = 4
_SEPARATOR: Final = "\n"


def chat_turns(messages: Sequence[object]) -> tuple[tuple[str, str], ...]:
    """``(role, text)`` of each message; content parts' texts joined by newlines."""
    turns: list[tuple[str, str]] = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        content = message.get("content")
        if isinstance(content, str):
            text = content
        elif isinstance(content, list):
            parts = [str(p.get("text", "")) for p in content if isinstance(p, dict) and "text" in p]
            if not parts:
                continue
            text = _SEPARATOR.join(parts)
        else:
            continue
        turns.append((str(message.get("role", "")), text))
    return tuple(turns)


def join_turns(turns: Sequence[tuple[str, str]]) -> str:
    """The prompt text of a chat: its messages' texts, one per line."""
    return _SEPARATOR.join(text for _, text in turns)


def count_tokens(text: str) -> int:
    """About four characters per token, at least one."""
    return max(1, (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN)


def _tokens_of_chars(chars: int) -> int:
    return max(1, (chars + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN)


@dataclass(frozen=True, slots=True)
class Fitted:
    """What the runner evaluates, and how many tokens were cut to get there."""

    text: str
    tokens: int
    truncated: int = 0


def fit_text(text: str, num_ctx: int) -> Fitted:
    """``/api/generate`` and ``/v1/completions``: only the runner's context shift."""
    tokens = count_tokens(text)
    if tokens < num_ctx:
        return Fitted(text, tokens)
    return _shift(text, tokens, num_ctx, tokens)


def fit_messages(messages: Sequence[tuple[str, str]], num_ctx: int, *, whole: str) -> Fitted:
    """Chat: drop whole old messages (keeping system ones and the latest), then shift.

    ``messages`` are ``(role, text)``; ``whole`` is their texts, one per line.
    """
    tokens = count_tokens(whole)
    if tokens < num_ctx:
        return Fitted(whole, tokens)
    start = _first_kept(messages, num_ctx)
    kept = [text for i, (role, text) in enumerate(messages) if i >= start or role == "system"]
    text = _SEPARATOR.join(kept)
    fitted = count_tokens(text)
    if fitted < num_ctx:
        return Fitted(text, fitted, tokens - fitted)
    return _shift(text, fitted, num_ctx, tokens)


def _first_kept(messages: Sequence[tuple[str, str]], num_ctx: int) -> int:
    """The first message kept: the earliest start whose tail (plus the system messages
    before it) fits ``num_ctx`` tokens, else the latest message alone."""
    lengths = [len(text) for _, text in messages]
    suffix = sum(lengths) + len(lengths) - 1  # chars of messages[i:], separators included
    system = 0  # chars of the system messages before i, each with its separator
    last = len(messages) - 1
    for i, (role, _) in enumerate(messages):
        if i == last or _tokens_of_chars(system + suffix) <= num_ctx:
            return i
        suffix -= lengths[i] + 1
        if role == "system":
            system += lengths[i] + 1
    return last


def _shift(text: str, tokens: int, num_ctx: int, original: int) -> Fitted:
    """``contextShiftPromptLimit``: keep ``num_keep`` tokens, free about half the rest."""
    keep = max(0, min(NUM_KEEP, num_ctx - 1))
    limit = num_ctx - max((num_ctx - keep) // 2, 1)
    head = text[: keep * CHARS_PER_TOKEN]
    tail = text[len(text) - (limit - keep) * CHARS_PER_TOKEN :] if limit > keep else ""
    return Fitted(head + tail, limit, original - limit)


def fit_input(text: str, num_ctx: int) -> Fitted:
    """``/api/embed`` with ``truncate`` (the default): an input cut to ``num_ctx`` tokens."""
    tokens = count_tokens(text)
    if tokens <= num_ctx:
        return Fitted(text, tokens)
    return Fitted(text[: num_ctx * CHARS_PER_TOKEN], num_ctx, tokens - num_ctx)
