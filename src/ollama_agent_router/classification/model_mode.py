"""The ``model`` mode: a small Ollama model picks the task type.

The request is summarised into a compact prompt (the task definitions of SPEC §2, the
bounded last user turn, what kind of system prompt and which tools came with it, how long
the history is) and sent to ``/api/chat`` with a JSON schema in ``format``, so the answer
is ``{"taskType": <one of the labels>, "confidence": <0..1>}``. Answers are remembered in a
bounded LRU keyed like the ``enhanced`` cache. On a timeout, an Ollama error, an answer
that does not parse or names no known label — and for requests over the large-context
limit, which no small model should read — the ``enhanced`` mode decides and the result
says ``mode: enhanced-fallback``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections import Counter, OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol

from ollama_agent_router.backend.ollama.errors import OllamaError, OllamaTimeout
from ollama_agent_router.classification.base import Classification, Classifier, ClassifierInput
from ollama_agent_router.classification.enhanced import EnhancedClassifier, complexity_for
from ollama_agent_router.classification.signals import Scan, scan, system_flags

if TYPE_CHECKING:
    from ollama_agent_router.config.models import ClassificationConfig

__all__ = [
    "FALLBACK_MODE",
    "LABELS",
    "Hints",
    "ModelClassifier",
    "NativeClient",
    "build_prompt",
]

from ollama_agent_router.tasks import CLASSIFIED_TASK_TYPES

log = logging.getLogger("ollama_agent_router.classification.model")

LABELS: Final = CLASSIFIED_TASK_TYPES
FALLBACK_MODE: Final = "enhanced-fallback"
ASK_HEAD: Final = 1_500
ASK_TAIL: Final = 500
CACHE_SIZE: Final = 2048

SCHEMA: Final[Mapping[str, Any]] = {
    "type": "object",
    "properties": {
        "taskType": {"type": "string", "enum": list(LABELS)},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "required": ["taskType", "confidence"],
}

INSTRUCTIONS: Final = """\
You label requests sent to a local LLM router. Label the LAST USER TURN; earlier turns \
are only context. Answer JSON: {"taskType": <label>, "confidence": <0..1>}.
Labels:
- large_context: over ~12k tokens, or work over a whole repository/codebase.
- tool_use: the next output should be a tool/function call or schema-bound JSON: tools \
the request needs, an agent acting through tools, a shell/API command to run now, a \
question only a provided tool can answer. Generic tools on a greeting do not count.
- code_generate: write new code, tests, SQL, regex, Dockerfile/CI/Terraform, add features.
- code_review: judge given code or a diff (bugs, security, leaks, style).
- code_fix: an observed failure: stack trace, compiler error, failing test, wrong output.
- agentic_reasoning: planning, architecture, migrations, root-cause/debugging strategy.
- summarize: condense given text, a thread, a diff into release notes; "shorter please".
- triage: short asks to label, route, prioritise or classify something.
- simple_chat: greetings, thanks, small talk, trivia, short conceptual questions.
Requests may be in any language."""


class NativeClient(Protocol):
    """What this mode needs of the Ollama client (``backend.ollama.OllamaClient``)."""

    async def post_native(
        self, path: str, payload: Mapping[str, Any], *, timeout_ms: int | None = None
    ) -> dict[str, Any]: ...


def _system_kind(system: str) -> str:
    if not system:
        return "none"
    tool_agent, edit_agent, router = system_flags(system)
    if tool_agent:
        return "tool-using agent"
    if edit_agent:
        return "code-editing assistant"
    if router:
        return "router/classifier instructions"
    return "other"


Hints = tuple[tuple[str, float], ...]
"""Labels a faster classifier thought likely, with its probabilities, best first."""


def build_prompt(scanned: Scan, hints: Hints = ()) -> str:
    """The user message sent to the classifier model: a summary plus the bounded ask.

    ``hints`` (from ``cascade``) are listed as the offline classifier's candidates; the
    model is told they are unsure and that it may pick another label.
    """
    ask = scanned.last_user
    if len(ask) > ASK_HEAD + ASK_TAIL:
        ask = ask[:ASK_HEAD] + "\n[…]\n" + ask[-ASK_TAIL:]
    names = [name for name, _ in scanned.tools if name][:16]
    lines = [
        f"System prompt: {_system_kind(scanned.system)}",
        f"Tools: {', '.join(names) if names else 'none'}",
        f"User turns so far: {scanned.turns}; last message role: {scanned.last_role or 'none'}",
        f"Tool calls in history: {'yes' if scanned.tool_calls_in_history else 'no'}",
        f"Estimated tokens: {scanned.estimated_tokens}",
    ]
    if scanned.previous_user:
        lines.append(f"Previous user turn (start): {scanned.previous_user[:200]}")
    if hints:
        listed = ", ".join(f"{label} ({probability:.2f})" for label, probability in hints)
        lines.append(
            f"An offline classifier is unsure; its top candidates: {listed}. "
            "Pick the label that fits best, which may be another one."
        )
    lines += ["Last user turn:", "<<<", ask, ">>>"]
    return "\n".join(lines)


def parse_answer(content: object) -> tuple[str, float] | None:
    """(label, confidence) from the model's answer, or ``None`` when it is unusable."""
    if not isinstance(content, str):
        return None
    try:
        data = json.loads(content)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    label = data.get("taskType")
    if label not in LABELS:
        return None
    confidence = data.get("confidence")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        confidence = 0.7
    return str(label), min(max(float(confidence), 0.0), 1.0)


class ModelClassifier:
    """Asks ``model`` through ``client``; ``fallback`` (``enhanced``) decides otherwise."""

    name = "model"

    def __init__(
        self,
        client: NativeClient,
        *,
        model: str,
        timeout_ms: int,
        fallback: Classifier | None = None,
        keep_alive: str = "30m",
        num_predict: int = 32,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.client = client
        self.model = model
        self.timeout_ms = timeout_ms
        self.fallback: Classifier = fallback or EnhancedClassifier()
        self.keep_alive = keep_alive
        self.num_predict = num_predict
        self.num_ctx: int | None = None
        """The ``num_ctx`` chat calls send to the same model (native mode): a classifier
        call without it would make Ollama reload the model with another context."""
        self._cache: OrderedDict[int, tuple[str, float]] = OrderedDict()
        self._cache_size = cache_size
        self.outcomes: Counter[str] = Counter()
        """How requests were decided: answered, cached, large, timeout, error, garbage."""

    async def prepare(self) -> None:
        return None

    def payload(self, scanned: Scan, hints: Hints = ()) -> dict[str, Any]:
        options: dict[str, Any] = {"temperature": 0, "num_predict": self.num_predict}
        if self.num_ctx is not None:
            options["num_ctx"] = self.num_ctx
        return {
            "model": self.model,
            "messages": [
                {"role": "system", "content": INSTRUCTIONS},
                {"role": "user", "content": build_prompt(scanned, hints)},
            ],
            "format": dict(SCHEMA),
            "stream": False,
            "options": options,
            "keep_alive": self.keep_alive,
        }

    async def classify(self, request: ClassifierInput) -> Classification:
        scanned = scan(request)
        if scanned.large:
            return self._fall_back(request, "large")
        answer = await self.answer(scanned)
        if isinstance(answer, str):
            return self._fall_back(request, answer)
        return self._result(answer, scanned)

    async def answer(self, scanned: Scan, hints: Hints = ()) -> tuple[str, float] | str:
        """The model's (label, confidence), from the cache or asked now, or why there is
        none (``timeout``, ``error``, ``garbage``). Counts the outcome, except failures,
        which the caller counts when it falls back."""
        key = scanned.cache_key()
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            self.outcomes["cached"] += 1
            return hit
        answer = await self._ask(scanned, hints)
        if isinstance(answer, str):
            return answer
        self._cache[key] = answer
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        self.outcomes["answered"] += 1
        return answer

    async def _ask(self, scanned: Scan, hints: Hints = ()) -> tuple[str, float] | str:
        """The parsed answer, or why there is none."""
        try:
            async with asyncio.timeout(self.timeout_ms / 1000):
                reply = await self.client.post_native(
                    "chat", self.payload(scanned, hints), timeout_ms=self.timeout_ms
                )
        except (TimeoutError, OllamaTimeout):
            return "timeout"
        except OllamaError as exc:
            log.warning("classifier model %s failed: %s", self.model, exc)
            return "error"
        message = reply.get("message")
        parsed = parse_answer(message.get("content") if isinstance(message, Mapping) else None)
        return "garbage" if parsed is None else parsed

    def _result(self, answer: tuple[str, float], scanned: Scan) -> Classification:
        task_type, confidence = answer
        return Classification(
            task_type=task_type,
            complexity=complexity_for(task_type, scanned.estimated_tokens),
            requires_large_context=task_type == "large_context",
            requires_tool_use=task_type == "tool_use",
            confidence=round(confidence, 3),
            mode=self.name,
            estimated_tokens=scanned.estimated_tokens,
        )

    def _fall_back(self, request: ClassifierInput, reason: str) -> Classification:
        self.outcomes[reason] += 1
        return dataclasses.replace(self.fallback.classify(request), mode=FALLBACK_MODE)


def from_config(config: ClassificationConfig, client: NativeClient) -> ModelClassifier:
    """The ``model`` mode of ``router.classification``."""
    if not config.optional_classifier_model:
        raise ValueError("router.classification.optionalClassifierModel is required")
    return ModelClassifier(
        client, model=config.optional_classifier_model, timeout_ms=config.classifier_timeout_ms
    )
