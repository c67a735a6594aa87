"""Capabilities as hard constraints: request needs, blocking reasons, the candidate screen."""

from __future__ import annotations

from typing import Any

import pytest
from tests.routing.routing_helpers import classified, model, options, policy

from ollama_agent_router.routing import StateView, evaluate, parse_options
from ollama_agent_router.routing.capabilities import (
    ModelCapabilities,
    RequestKind,
    RequestNeeds,
    blocking_reason,
    request_needs,
    usable_context,
)

TOOL = {"type": "function", "function": {"name": "f", "parameters": {}}}
IMAGE = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
CHAT = ModelCapabilities(frozenset({"completion", "tools"}), 8192, source="ollama")
PLAIN = ModelCapabilities(frozenset({"completion"}), 4096, source="ollama")
VISION = ModelCapabilities(frozenset({"completion", "vision"}), 32768, source="ollama")
EMBED = ModelCapabilities(frozenset({"embedding"}), 512, source="ollama")


def user(content: Any, **extra: Any) -> dict[str, Any]:
    return {"role": "user", "content": content, **extra}


NEEDS_CASES = [
    # (label, body, kind, capabilities, context tokens)
    ("plain chat", {"messages": [user("abcdefgh")]}, "chat", {"completion"}, 2),
    ("tokens round up", {"messages": [user("abcde")]}, "chat", {"completion"}, 2),
    ("tools", {"messages": [user("hi")], "tools": [TOOL]}, "chat", {"completion", "tools"}, 18),
    ("empty tools", {"messages": [user("hi")], "tools": []}, "chat", {"completion"}, 1),
    ("image part", {"messages": [user([{"type": "text", "text": "what"}, IMAGE])]}, "chat",
     {"completion", "vision"}, 1),
    ("native images", {"messages": [user("what", images=["AAAA"])]}, "chat",
     {"completion", "vision"}, 1),
    ("empty native images", {"messages": [user("what", images=[])]}, "chat", {"completion"}, 1),
    ("max_tokens adds", {"messages": [user("abcd")], "max_tokens": 100}, "chat",
     {"completion"}, 101),
    ("max_completion_tokens adds", {"messages": [user("abcd")], "max_completion_tokens": 7},
     "chat", {"completion"}, 8),
    ("a ceiling counts up to the reserve", {"messages": [user("abcd")], "max_tokens": 64000},
     "chat", {"completion"}, 1 + 1024),
    ("tool calls count", {"messages": [{"role": "assistant", "content": None,
                                        "tool_calls": [{"id": "c"}]}]}, "chat",
     {"completion"}, 4),
    ("junk is ignored", {"messages": ["x", user(5)], "tools": "no"}, "chat", {"completion"}, 0),
    ("no messages", {}, "chat", {"completion"}, 0),
    ("embeddings need nothing", {"messages": [user("a" * 4000)]}, "embedding", set(), 0),
    ("embeddings ignore tools and images", {"messages": [user([IMAGE])], "tools": [TOOL]},
     "embedding", set(), 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("label", "body", "kind", "capabilities", "tokens"),
    NEEDS_CASES,
    ids=[c[0] for c in NEEDS_CASES],
)
def test_request_needs(
    label: str, body: dict[str, Any], kind: RequestKind, capabilities: set[str], tokens: int
) -> None:
    needs = request_needs(body, kind)
    assert needs.capabilities == capabilities
    assert needs.context_tokens == tokens


def needs(*caps: str, tokens: int = 10) -> RequestNeeds:
    return RequestNeeds(frozenset({"completion", *caps}), tokens)


REASON_CASES = [
    # (label, needs, what is known, reason or None)
    ("nothing known", needs("tools"), None, None),
    ("list unknown", needs("tools", "vision"), ModelCapabilities(context_length=None), None),
    ("has tools", needs("tools"), CHAT, None),
    ("no tools", needs("tools"), PLAIN, "no tools support"),
    ("no vision", needs("vision"), CHAT, "no vision support"),
    ("vision", needs("vision"), VISION, None),
    ("tools checked before vision", needs("tools", "vision"), PLAIN, "no tools support"),
    ("embedding model gets no chat", needs(), EMBED, "embedding only, no chat"),
    ("chat model is no embedder", RequestNeeds(frozenset({"embedding"})), CHAT,
     "not an embedding model"),
    ("embedding model embeds", RequestNeeds(frozenset({"embedding"})), EMBED, None),
    ("learned lack beats the list", needs("tools"),
     ModelCapabilities(frozenset({"completion", "tools"}), lacking=frozenset({"tools"})),
     "no tools support"),
    ("learned lack with no list", needs("tools"),
     ModelCapabilities(lacking=frozenset({"tools"})), "no tools support"),
    ("learned no completion", needs(), ModelCapabilities(lacking=frozenset({"completion"})),
     "no chat (completion) support"),
    ("context holds exactly", needs(tokens=4096), PLAIN, None),
    ("context too small", needs(tokens=4097), PLAIN, "context of 4096 tokens, ~4097 needed"),
    ("context unknown", needs(tokens=10**6), ModelCapabilities(frozenset({"completion"})), None),
    ("no context need", needs(tokens=0), ModelCapabilities(context_length=1), None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("label", "wanted", "known", "reason"), REASON_CASES, ids=[c[0] for c in REASON_CASES]
)
def test_blocking_reason(
    label: str, wanted: RequestNeeds, known: ModelCapabilities | None, reason: str | None
) -> None:
    assert blocking_reason(wanted, known) == reason


@pytest.mark.parametrize(
    ("bounds", "usable"),
    [((None, None), None), ((131072, None), 131072), ((None, 8192), 8192),
     ((131072, 8192), 8192), ((2048, 8192), 2048), ((0, 8192), 8192)],
)  # fmt: skip
def test_usable_context_is_the_smallest_known_bound(
    bounds: tuple[int | None, ...], usable: int | None
) -> None:
    assert usable_context(*bounds) == usable


@pytest.mark.parametrize(
    ("wanted", "text"),
    [
        (needs(tokens=0), "completion"),
        (needs("tools", tokens=0), "tools"),
        (needs("tools", "vision", tokens=0), "tools and vision"),
        (needs("tools", "vision", tokens=900), "tools, vision and ~900 tokens of context"),
        (needs(tokens=900), "~900 tokens of context"),
        (RequestNeeds(frozenset({"embedding"})), "embedding"),
    ],
)
def test_describe(wanted: RequestNeeds, text: str) -> None:
    assert wanted.describe() == text
    assert "context" not in wanted.describe(context=False)


# small: no tools, 4k; mid: tools, 32k; vis: vision, no tools; emb: embedding only.
POLICY = policy(
    [
        model("small", purpose=["triage"], priority=90),
        model("mid", priority=10),
        model("vis", priority=5),
        model("emb", purpose=["triage"], priority=99),
    ],
    {"triage": ["emb", "small"], "chat": ["small", "mid"], "code": ["mid", "small"]},
    gpu={"vramTotalMb": 65536},
)
KNOWN = {
    "small": PLAIN,
    "mid": ModelCapabilities(frozenset({"completion", "tools"}), 32768, source="ollama"),
    "vis": VISION,
    "emb": EMBED,
}


def route(
    body: dict[str, Any],
    task: str = "chat",
    known: dict[str, ModelCapabilities] | None = None,
    kind: RequestKind = "chat",
) -> Any:
    body = {"messages": [user("hi")], **body}
    opts = parse_options(body, POLICY)
    view = StateView(capabilities=KNOWN if known is None else known)
    return evaluate(POLICY, classified(task), opts, view, needs=request_needs(body, kind))


ROUTE_CASES = [
    # (label, body, task, chosen model, fallbacks)
    ("plain chat keeps the route", {}, "chat", "small", ["mid"]),
    ("tools skip the model without", {"tools": [TOOL]}, "chat", "mid", []),
    ("image goes to the vision model", {"messages": [user([IMAGE])]}, "chat", "vis", []),
    ("long prompt goes to the bigger context", {"messages": [user("x" * 20000)]}, "chat", "mid",
     []),
    ("embedding model never gets chat", {}, "triage", "small", []),
    ("too long for every model is a 400", {"messages": [user("x" * 200000)]}, "chat", None, []),
    ("tools on triage widen to a model with tools", {"tools": [TOOL]}, "triage", "mid", []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("label", "body", "task", "chosen", "fallbacks"), ROUTE_CASES, ids=[c[0] for c in ROUTE_CASES]
)
def test_routing_respects_capabilities(
    label: str, body: dict[str, Any], task: str, chosen: str | None, fallbacks: list[str]
) -> None:
    decision = route(body, task).decision
    assert (decision.type, decision.model) == ("sync" if chosen else "reject", chosen)
    assert list(decision.fallback_models) == fallbacks
    assert all(block.kind == "capability" for b in decision.blocks.values() for block in b)


def test_dry_run_lists_dropped_candidates_as_capability_blocks() -> None:
    dry = route({"tools": [TOOL]}, "triage").as_dict()
    rows = {row["model"]: row for row in dry["candidates"]}
    assert list(rows) == ["mid", "emb", "small"]
    assert rows["mid"]["source"] == "capability"
    assert (rows["mid"]["rank"], rows["small"]["rank"]) == (1, None)
    assert rows["small"]["blocks"] == [{"kind": "capability", "detail": "no tools support"}]
    assert rows["emb"]["blocks"][0]["detail"] == "embedding only, no chat"
    assert dry["decision"]["blocked"]["small"] == ["capability (no tools support)"]


def test_unknown_capabilities_never_block() -> None:
    for known in ({}, dict.fromkeys(KNOWN, ModelCapabilities())):
        decision = route({"tools": [TOOL], "messages": [user([IMAGE])]}, "chat", known).decision
        assert (decision.model, decision.fallback_models) == ("small", ("mid",))
        assert not decision.blocks


def test_without_needs_nothing_is_screened() -> None:
    opts = options(POLICY)
    view = StateView(capabilities=KNOWN)
    assert evaluate(POLICY, classified("triage"), opts, view).decision.model == "emb"


def test_no_model_can_serve_is_a_400_naming_the_need() -> None:
    body = {"tools": [TOOL], "messages": [user([IMAGE])]}
    decision = route(body, "chat").decision
    assert (decision.type, decision.status_code, decision.model) == ("reject", 400, None)
    assert decision.reason.startswith("No configured model can serve this request")
    assert "it needs tools and vision" in decision.reason
    assert "small: no tools support" in decision.reason
    assert "vis: no tools support" in decision.reason
    assert "emb: embedding only, no chat" in decision.reason


def test_forbidden_models_are_not_widened_to() -> None:
    decision = route({"tools": [TOOL], "router": {"forbiddenModels": ["mid"]}}, "triage").decision
    assert (decision.status_code, decision.model) == (400, None)
    assert decision.reason.startswith("No allowed model can serve this request")
    assert "mid" not in decision.reason


def test_a_pinned_model_is_never_replaced() -> None:
    decision = route({"tools": [TOOL], "model": "small"}).decision
    assert (decision.status_code, decision.model) == (400, None)
    assert decision.reason == ("small cannot serve this request (it needs tools): no tools support")
    assert route({"tools": [TOOL], "model": "mid"}).decision.model == "mid"


def test_async_never_lands_on_a_model_that_cannot_serve() -> None:
    decision = route({"tools": [TOOL], "router": {"mode": "async"}}).decision
    assert (decision.type, decision.model) == ("async", "mid")


def test_blocked_capable_models_still_reject_with_503() -> None:
    view = StateView(capabilities=KNOWN, running={"mid": 1})
    body = {"messages": [user("hi")], "tools": [TOOL], "router": {"allowAsync": False}}
    opts = parse_options(body, POLICY)
    decision = evaluate(POLICY, classified("chat"), opts, view, needs=request_needs(body)).decision
    assert (decision.type, decision.status_code) == ("reject", 503)
    assert "mid: busy" in decision.reason
    assert decision.blocks["small"][0].kind == "capability"


def test_embedding_requests_are_not_screened() -> None:
    # Ollama embeds with any model, so a pinned chat model may embed.
    body = {"router": {"preferredModels": ["small", "emb"]}}
    decision = route(body, "triage", kind="embedding").decision
    assert {decision.model, *decision.fallback_models} == {"small", "emb"}
    assert not decision.blocks
    assert route({"model": "mid"}, kind="embedding").decision.model == "mid"


def test_a_prompt_too_long_for_every_model_names_the_context() -> None:
    decision = route({"messages": [user("x" * 200000)]}).decision
    assert decision.status_code == 400
    assert "(it needs ~50000 tokens of context)" in decision.reason
    assert "mid: context of 32768 tokens, ~50000 needed" in decision.reason
