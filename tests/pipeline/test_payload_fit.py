"""``fit_payload``: what reaches Ollama for one model, per capability and per dialect.

Follows Ollama: ``server/routes.go`` ``ChatHandler``/``GenerateHandler`` answer 400
``"<model>" does not support thinking`` when ``think`` is on for a model without the
``thinking`` capability; ``openai/openai.go`` ``FromChatRequest`` reads only
``max_tokens`` (→ ``num_predict``) and takes ``reasoning.effort`` before
``reasoning_effort`` (``thinkFromReasoningEffort``).
"""

from __future__ import annotations

from typing import Any

import pytest

from ollama_agent_router.backend.ollama.native import openai_to_native_chat
from ollama_agent_router.pipeline.payload import fit_payload
from ollama_agent_router.routing.capabilities import ModelCapabilities

THINKS = ModelCapabilities(frozenset({"completion", "tools", "thinking"}), source="ollama")
NO_THINKING = ModelCapabilities(frozenset({"completion", "tools"}), source="config")
LEARNED = ModelCapabilities(None, lacking=frozenset({"thinking"}))
"""Nothing listed, but Ollama refused thinking once (``note_refusal``)."""
UNKNOWN = ModelCapabilities()
MESSAGES = [{"role": "user", "content": "hi"}]


def body(**fields: Any) -> dict[str, Any]:
    return {"model": "m", "messages": MESSAGES, **fields}


OPENAI_CASES: list[
    tuple[str, ModelCapabilities | None, dict[str, Any], dict[str, Any], tuple[str, ...]]
] = [
    ("nothing to fit", THINKS, body(), body(), ()),
    (
        "effort kept for a thinker",
        THINKS,
        body(reasoning_effort="high"),
        body(reasoning_effort="high"),
        (),
    ),
    ("minimal clamped", THINKS, body(reasoning_effort="minimal"), body(reasoning_effort="low"), ()),
    ("xhigh clamped", THINKS, body(reasoning_effort="xhigh"), body(reasoning_effort="high"), ()),
    ("none stays off", THINKS, body(reasoning_effort="none"), body(reasoning_effort="none"), ()),
    (
        "reasoning object said once",
        THINKS,
        body(reasoning={"effort": "xhigh", "summary": "auto"}, reasoning_effort="low"),
        body(reasoning_effort="high"),
        (),
    ),
    (
        "unknown keeps and clamps",
        UNKNOWN,
        body(reasoning_effort="minimal"),
        body(reasoning_effort="low"),
        (),
    ),
    (
        "no capabilities at all",
        None,
        body(reasoning_effort="high"),
        body(reasoning_effort="high"),
        (),
    ),
    (
        "unknown effort passes (Ollama judges)",
        THINKS,
        body(reasoning_effort="bogus"),
        body(reasoning_effort="bogus"),
        (),
    ),
    (
        "dropped for a non-thinker",
        NO_THINKING,
        body(reasoning_effort="high"),
        body(),
        ("reasoning_effort",),
    ),
    (
        "both dropped",
        NO_THINKING,
        body(reasoning_effort="low", reasoning={"effort": "high"}),
        body(),
        ("reasoning_effort", "reasoning"),
    ),
    ("none dropped too", NO_THINKING, body(reasoning_effort="none"), body(), ("reasoning_effort",)),
    (
        "learned refusal drops",
        LEARNED,
        body(reasoning_effort="high"),
        body(),
        ("reasoning_effort",),
    ),
    ("native think ignored on /v1 form", NO_THINKING, body(think=True), body(think=True), ()),
    (
        "max_completion_tokens alone",
        UNKNOWN,
        body(max_completion_tokens=64),
        body(max_tokens=64),
        (),
    ),
    (
        "the smaller of the two",
        UNKNOWN,
        body(max_tokens=100, max_completion_tokens=64),
        body(max_tokens=64),
        (),
    ),
    (
        "max_tokens smaller",
        UNKNOWN,
        body(max_tokens=10, max_completion_tokens=64),
        body(max_tokens=10),
        (),
    ),
    ("max_tokens alone untouched", UNKNOWN, body(max_tokens=10), body(max_tokens=10), ()),
    (
        "a bad max_completion_tokens stays for Ollama",
        UNKNOWN,
        body(max_completion_tokens="x"),
        body(max_completion_tokens="x"),
        (),
    ),
]


@pytest.mark.parametrize(
    ("known", "sent", "expected", "dropped"),
    [case[1:] for case in OPENAI_CASES],
    ids=[case[0] for case in OPENAI_CASES],
)
def test_openai_dialect_gets_the_fitted_body(
    known: ModelCapabilities | None,
    sent: dict[str, Any],
    expected: dict[str, Any],
    dropped: tuple[str, ...],
) -> None:
    original = dict(sent)
    fitted = fit_payload(sent, known)
    assert fitted.payload == expected
    assert fitted.dropped == dropped
    assert sent == original  # the plan's body is not changed: the next attempt fits anew


NATIVE_DIALECT: list[tuple[str, ModelCapabilities, dict[str, Any], dict[str, Any]]] = [
    ("thinker, xhigh", THINKS, body(reasoning_effort="xhigh"), {"think": "high"}),
    ("thinker, none", THINKS, body(reasoning_effort="none"), {"think": False}),
    ("thinker, reasoning object", THINKS, body(reasoning={"effort": "minimal"}), {"think": "low"}),
    ("non-thinker", NO_THINKING, body(reasoning_effort="high", reasoning={"effort": "low"}), {}),
    (
        "limits",
        UNKNOWN,
        body(max_tokens=100, max_completion_tokens=64),
        {"options": {"num_predict": 64}},
    ),
    (
        "max_completion_tokens alone",
        UNKNOWN,
        body(max_completion_tokens=7),
        {"options": {"num_predict": 7}},
    ),
]


@pytest.mark.parametrize(
    ("known", "sent", "extra"),
    [case[1:] for case in NATIVE_DIALECT],
    ids=[case[0] for case in NATIVE_DIALECT],
)
def test_native_dialect_translates_the_fitted_body(
    known: ModelCapabilities, sent: dict[str, Any], extra: dict[str, Any]
) -> None:
    """``ollama.api: native``: the fitted OpenAI body through ``openai_to_native_chat``
    (what ``NativeUpstream`` sends to ``/api/chat``)."""
    native = openai_to_native_chat(fit_payload(sent, known).payload, keep_alive=None, num_ctx=None)
    expected = {"model": "m", "messages": MESSAGES, "stream": False, **extra}
    assert native == expected


NATIVE_FACE: list[
    tuple[str, ModelCapabilities | None, dict[str, Any], dict[str, Any], tuple[str, ...]]
] = [
    ("think kept", THINKS, body(think=True), body(think=True), ()),
    ("think level kept", THINKS, body(think="max"), body(think="max"), ()),
    ("openai level clamped", THINKS, body(think="xhigh"), body(think="high"), ()),
    ("none is false", THINKS, body(think="none"), body(think=False), ()),
    ("unknown keeps", UNKNOWN, body(think="medium"), body(think="medium"), ()),
    ("dropped", NO_THINKING, body(think=True), body(), ("think",)),
    ("false dropped too", NO_THINKING, body(think=False), body(), ("think",)),
    (
        "options untouched",
        NO_THINKING,
        body(think="high", options={"num_predict": 5}),
        body(options={"num_predict": 5}),
        ("think",),
    ),
    (
        "openai fields not read natively",
        NO_THINKING,
        body(max_completion_tokens=5, reasoning_effort="high"),
        body(max_completion_tokens=5, reasoning_effort="high"),
        (),
    ),
]


@pytest.mark.parametrize(
    ("known", "sent", "expected", "dropped"),
    [case[1:] for case in NATIVE_FACE],
    ids=[case[0] for case in NATIVE_FACE],
)
def test_native_bodies(
    known: ModelCapabilities | None,
    sent: dict[str, Any],
    expected: dict[str, Any],
    dropped: tuple[str, ...],
) -> None:
    """The Ollama face's ``/api/chat`` and ``/api/generate`` bodies (``native=True``)."""
    fitted = fit_payload(sent, known, native=True)
    assert fitted.payload == expected
    assert fitted.dropped == dropped


@pytest.mark.parametrize(
    ("asked", "stable", "sent"),
    [
        (8192, 32768, 32768),  # within the real context: the router's own, no reload
        (8192, None, None),  # openai dialect: the router sends none, so neither does this
        (65536, 32768, 65536),  # more than the model runs with: the client's wish passes
        ("big", 32768, "big"),  # not a number: Ollama answers it
    ],
)
def test_a_clients_num_ctx_within_the_real_context_becomes_the_routers(
    asked: object, stable: int | None, sent: object
) -> None:
    """sched.go needsReload: any other num_ctx reloads the model."""
    known = ModelCapabilities(frozenset({"completion"}), 32768, source="ollama")
    body = {"model": "m", "options": {"num_ctx": asked, "temperature": 0.1}}
    options = fit_payload(body, known, native=True, num_ctx=stable).payload["options"]
    assert options.get("num_ctx") == sent
    assert options["temperature"] == 0.1
