"""Capabilities as hard constraints: what a request needs, which candidates can give it.

Pure, like the rest of routing. ``request_needs`` reads a request body; ``blocking_reason``
compares the needs with what is known of one model; ``screen_candidates`` drops the
candidates that cannot serve the request, before either strategy scores anything.
Unknown never blocks: a model with no ``ModelCapabilities``, or one whose list or context
is unknown, stays a candidate (Ollama's own 400 is the safety net, see
``runtime.capabilities``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final, Literal, get_args

from ollama_agent_router.config.models import ModelCapability as Capability
from ollama_agent_router.routing.candidates import Block
from ollama_agent_router.routing.decision import Decision, ScoredCandidate
from ollama_agent_router.routing.options import RequestOptions
from ollama_agent_router.routing.policy import Candidate, RoutingPolicy
from ollama_agent_router.routing.scoring import ScoreComponents
from ollama_agent_router.tokens import prompt_tokens

CAPABILITIES: Final[tuple[Capability, ...]] = get_args(Capability)
"""Ollama's capability names, as ``/api/show`` lists them."""

RequestKind = Literal["chat", "embedding"]

_LACKING: Final[Mapping[str, str]] = {
    "completion": "no chat (completion) support",
    "tools": "no tools support",
    "vision": "no vision support",
    "embedding": "not an embedding model",
    "insert": "no insert (suffix) support",
    "thinking": "no thinking support",
}
_IMAGE_PARTS: Final = frozenset({"image_url", "input_image", "image"})


@dataclass(frozen=True, slots=True)
class ModelCapabilities:
    """What is known of one model; each ``None`` means unknown, which never blocks."""

    capabilities: frozenset[str] | None = None
    """Ollama's list (``/api/show``), or the config's ``models[].capabilities``."""
    context_length: int | None = None
    """Usable context in tokens: the smallest known bound (see ``usable_context``)."""
    lacking: frozenset[str] = frozenset()
    """Learned from Ollama refusing a request (``does not support tools``)."""
    source: str = "unknown"
    """Where ``capabilities`` came from: ``ollama``, ``config`` or ``unknown``."""

    def supports(self, capability: str) -> bool | None:
        if capability in self.lacking:
            return False
        if self.capabilities is None:
            return None
        return capability in self.capabilities

    def as_dict(self) -> dict[str, Any]:
        known = self.capabilities
        return {
            "capabilities": None if known is None else sorted(known - self.lacking),
            "contextLength": self.context_length,
            "lacking": sorted(self.lacking),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class RequestNeeds:
    """What a model must offer to serve one request."""

    capabilities: frozenset[Capability] = frozenset({"completion"})
    context_tokens: int = 0
    """Estimated tokens the context must hold (prompt, tools, ``max_tokens``); 0: no check."""

    def describe(self, *, context: bool = True) -> str:
        """``tools, vision and ~9000 tokens of context`` — what a refusal names."""
        parts: list[str] = [c for c in CAPABILITIES if c in self.capabilities and c != "completion"]
        if context and self.context_tokens:
            parts.append(f"~{self.context_tokens} tokens of context")
        if not parts:
            parts = [c for c in CAPABILITIES if c in self.capabilities]
        if len(parts) < 2:
            return "".join(parts)
        return ", ".join(parts[:-1]) + " and " + parts[-1]


def usable_context(*bounds: int | None) -> int | None:
    """The smallest known bound (``None`` when none is known).

    Bounds are the trained length Ollama reports and the context the config lets the
    router load (``maxContext``, else ``defaultContext``): a prompt must fit both.
    """
    known = [b for b in bounds if b is not None and b > 0]
    return min(known) if known else None


def _has_image(message: Mapping[str, Any]) -> bool:
    if message.get("images"):  # Ollama-native: a list of base64 strings
        return True
    content = message.get("content")
    if isinstance(content, list):
        return any(isinstance(p, Mapping) and p.get("type") in _IMAGE_PARTS for p in content)
    return False


REPLY_RESERVE_TOKENS = 1024
"""At most this much of ``max_tokens`` is reserved in the context check. Agents send it
as a generous ceiling (Claude Code asks 32k–64k on every turn); the prompt is what must
fit — the context checked is the one Ollama really runs the model with, often 4096 —
and an answer that runs out of context ends with ``length``, as it would on the
model's own server. Counting the whole ceiling would refuse every agent turn."""


def request_needs(body: Mapping[str, Any], kind: RequestKind = "chat") -> RequestNeeds:
    """The needs of an OpenAI chat body (or a native chat body, or an embedding input).

    Chat needs ``completion`` (never an embedding-only model); a non-empty ``tools``
    array needs ``tools``; an image part (``image_url``) or a native ``images`` list
    needs ``vision``. Context: the prompt's tokens (``tokens.prompt_tokens``: message
    texts, tool calls and tools), plus the requested ``max_tokens`` up to
    ``REPLY_RESERVE_TOKENS``.
    Embeddings need nothing: Ollama embeds with any model (``/api/embed`` checks no
    capability) and truncates long input.
    """
    if kind == "embedding":
        return RequestNeeds(frozenset(), 0)
    messages = body.get("messages")
    messages = messages if isinstance(messages, list) else []
    wanted: set[Capability] = {"completion"}
    for message in messages:
        if isinstance(message, Mapping) and "vision" not in wanted and _has_image(message):
            wanted.add("vision")
    tools = body.get("tools")
    if isinstance(tools, list) and tools:
        wanted.add("tools")
    reply = body.get("max_completion_tokens") or body.get("max_tokens")
    reply_tokens = reply if isinstance(reply, int) and not isinstance(reply, bool) else 0
    tokens = prompt_tokens(body) + min(max(reply_tokens, 0), REPLY_RESERVE_TOKENS)
    return RequestNeeds(frozenset(wanted), tokens)


def blocking_reason(needs: RequestNeeds, known: ModelCapabilities | None) -> str | None:
    """Why a model cannot serve the request, or ``None`` when it can (or nobody knows)."""
    if known is None:
        return None
    wanted, listed = needs.capabilities, known.capabilities
    if known.lacking or (listed is not None and not wanted <= listed):  # else all there
        for capability in CAPABILITIES:
            if capability in wanted and known.supports(capability) is False:
                if capability == "completion" and known.supports("embedding"):
                    return "embedding only, no chat"
                return _LACKING[capability]
    limit = known.context_length
    if needs.context_tokens and limit is not None and needs.context_tokens > limit:
        return f"context of {limit} tokens, ~{needs.context_tokens} needed"
    return None


@dataclass(frozen=True, slots=True)
class Screen:
    """The candidates after the capability check, and what became of the others."""

    kept: tuple[Candidate, ...]
    dropped: tuple[tuple[Candidate, Block], ...] = ()
    unservable: str | None = None
    """Set when no allowed model can serve the request: the 400 to answer."""

    def rows(self) -> tuple[ScoredCandidate, ...]:
        """The dropped candidates as dry-run rows: blocked, not scored (score 0)."""
        return tuple(
            ScoredCandidate(candidate, (block,), ScoreComponents(), 0.0)
            for candidate, block in self.dropped
        )

    def settle(self, decision: Decision) -> Decision:
        """``decision`` with the capability blocks added, and a 400 when nothing can serve."""
        if not self.dropped:
            return decision
        blocks = {**decision.blocks, **{c.name: (block,) for c, block in self.dropped}}
        if self.unservable is not None:
            return replace(decision, reason=self.unservable, status_code=400, blocks=blocks)
        return replace(decision, blocks=blocks)


def screen_candidates(
    policy: RoutingPolicy,
    candidates: tuple[Candidate, ...],
    options: RequestOptions,
    needs: RequestNeeds | None,
    known: Mapping[str, ModelCapabilities],
) -> Screen:
    """Drop the candidates that cannot serve ``needs``, each with a ``capability`` block.

    When every candidate of the task is dropped, the other configured models that can
    serve it become the candidates (source ``capability``, config order): a tools request
    classified as triage goes to a model with tools rather than failing. A pinned model
    is never replaced. When no allowed model at all can serve, ``unservable`` says why.
    """
    if needs is None or not known:
        return Screen(candidates)
    kept: list[Candidate] = []
    dropped: list[tuple[Candidate, Block]] = []
    for candidate in candidates:
        reason = blocking_reason(needs, known.get(candidate.name))
        if reason is None:
            kept.append(candidate)
        else:
            dropped.append((candidate, Block("capability", reason)))
    if not dropped:
        return Screen(candidates)
    if not kept and options.pinned_model is None:
        seen = {c.name for c in candidates} | set(options.forbidden_models)
        kept = [
            Candidate(name, "capability", None)
            for name in policy.models
            if name not in seen and blocking_reason(needs, known.get(name)) is None
        ]
    unservable = None if kept else _refusal(needs, dropped, options, policy.models, known)
    return Screen(tuple(kept), tuple(dropped), unservable)


def _refusal(
    needs: RequestNeeds,
    dropped: Iterable[tuple[Candidate, Block]],
    options: RequestOptions,
    models: Iterable[str],
    known: Mapping[str, ModelCapabilities],
) -> str:
    reasons = {c.name: b.detail for c, b in dropped}
    pinned = options.pinned_model
    if pinned is None:
        for name in models:
            if name not in reasons and name not in options.forbidden_models:
                reasons[name] = blocking_reason(needs, known.get(name)) or "cannot serve it"
    wanted = needs.describe(context=any(r.startswith("context") for r in reasons.values()))
    if pinned is not None:
        reason = reasons.get(pinned, "cannot serve it")
        return f"{pinned} cannot serve this request (it needs {wanted}): {reason}"
    allowed = "allowed " if options.forbidden_models else "configured "
    details = "; ".join(f"{name}: {reason}" for name, reason in reasons.items())
    return f"No {allowed}model can serve this request (it needs {wanted}): {details}"
