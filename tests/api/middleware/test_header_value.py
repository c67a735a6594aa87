"""``header_value``: what a request or the config puts in a response header."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from ollama_agent_router.api.serving.headers import MAX_LENGTH, header_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("code_fix", "code_fix"),
        ("a\r\nX-Injected: 1", "a%0D%0AX-Injected: 1"),
        ("a\x00b", "a%00b"),
        ("50% €", "50%25 %E2%82%AC"),
        ("\ud800", "\\ud800"),  # a lone surrogate: backslash-escaped
    ],
)
def test_visible_ascii_only(text: str, value: str) -> None:
    assert header_value(text) == value


@pytest.mark.parametrize("text", ["x" * 20000, "€" * 500, "a€" * 300, "%" * 1000])
def test_long_values_are_cut_whole(text: str) -> None:
    value = header_value(text)
    assert len(value) <= MAX_LENGTH
    assert value.isascii()
    assert value.isprintable()
    decoded = unquote(value, errors="strict")
    assert decoded.endswith("…")
    assert text.startswith(decoded[:-1])
