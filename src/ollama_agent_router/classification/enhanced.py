"""The ``enhanced`` classifier: structured signals plus a small shipped linear model.

Order of decisions:

1. more than ~12k tokens, or an ask over a whole repository → ``large_context``
   (SPEC §2: it wins whatever the request asks);
2. otherwise the shipped model (``linear``) scores every task type from TF-IDF vectors of
   five fields of the request (the ask lines, the bounded last user turn, the system
   prompt head, the tool names, the previous turn; see ``fields``) and the structured
   signals; the best score wins and its calibrated probability is the confidence;
3. without a usable model file, ordered rules over the same signals decide, so this mode
   never fails and can serve as the fallback of the ``model`` and ``embedding`` modes.

Work is bounded for any request size (see ``signals``), and a request over the token
limit is decided from message lengths alone. Decisions are remembered in a bounded LRU
keyed by a hash of what they depend on (the bounded last user turn, system prompt head,
previous turn slice, tools, a few flags), so an agent loop resending the same ask, a
retry or a dry-run followed by the real request costs a few microseconds.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Final, Protocol

from ollama_agent_router.classification.base import Classification, ClassifierInput
from ollama_agent_router.classification.linear import ModelFileError, load_model
from ollama_agent_router.classification.signals import Scan, Signals, scan, signals_from_scan
from ollama_agent_router.tasks import Complexity

__all__ = ["Assessment", "EnhancedClassifier", "SignalModel", "rule_decision"]

MEDIUM_TOKENS: Final = 3_000
LARGE_CONFIDENCE: Final = 0.95
REPO_WIDE_CONFIDENCE: Final = 0.85
MIN_CONFIDENCE: Final = 0.2
MAX_CONFIDENCE: Final = 0.99
HEAVY_TASKS: Final = frozenset({"large_context", "agentic_reasoning"})
CACHE_SIZE: Final = 4096


def rule_decision(s: Signals) -> tuple[str, float]:
    """Task type and confidence from the signals alone (no model)."""
    intents = s.intents
    short_chat = "greeting" in intents and len(s.last_user) < 80
    if s.large:
        return "large_context", LARGE_CONFIDENCE
    if s.repo_wide:
        return "large_context", REPO_WIDE_CONFIDENCE
    if s.last_role == "tool" or s.tool_agent:
        return "tool_use", 0.8
    if s.has_tools and not s.generic_tools_only and not short_chat:
        return "tool_use", 0.75
    if s.has_tools and "fresh" in intents and not (s.fence or s.trace or s.diff):
        return "tool_use", 0.65
    if s.router_system:
        return "triage", 0.75
    if short_chat:
        return "simple_chat", 0.7
    if s.trace or s.error_lines or s.test_failure:
        # The failure may be material: the shape of the ask says what is wanted back.
        if not s.repair_ask:
            if s.choice_ask or "triage" in s.edge_intents:
                return "triage", 0.6
            if "summarize" in s.edge_intents:
                return "summarize", 0.6
            if s.create_lead:
                return "code_generate", 0.55
        if "review" in intents and not s.trace:
            return "code_review", 0.6
        return "code_fix", 0.75
    code = s.diff or s.fence or s.code_ratio > 0.3
    if code and s.judge_question and not s.repair_ask and "summarize" not in s.edge_intents:
        return "code_review", 0.6  # "does this patch work?", "is this thread-safe?"
    if code:
        for intent, task in (
            ("summarize", "summarize"),
            ("review", "code_review"),
            ("fix", "code_fix"),
            ("generate", "code_generate"),
        ):
            if intent in intents:
                return task, 0.65
        return "code_review", 0.45
    if "summarize" in intents:
        return "summarize", 0.7
    if "plan" in intents and len(s.last_user) > 120:
        return "agentic_reasoning", 0.6
    if "generate" in intents:
        return "code_generate", 0.6
    if "triage" in intents and len(s.last_user) < 400:
        return "triage", 0.6
    if "command" in intents:
        return "tool_use", 0.55
    if "fix" in intents:
        return "code_fix", 0.45
    return "simple_chat", 0.5


def complexity_for(task_type: str, tokens: int) -> Complexity:
    if task_type in HEAVY_TASKS or tokens > 12_000:
        return "heavy"
    if tokens > MEDIUM_TOKENS or task_type.startswith("code_") or task_type == "tool_use":
        return "medium"
    return "light"


class SignalModel(Protocol):
    """What the classifier needs of a model: the best label, and all labels ranked."""

    def best(self, signals: Signals) -> tuple[str, float]: ...

    def ranked(self, signals: Signals) -> list[tuple[str, float]]: ...


@dataclass(frozen=True, slots=True)
class Assessment:
    """A decision with what a second opinion needs to know about it."""

    classification: Classification
    probability: float
    """The calibrated probability of the chosen label (unrounded, unclamped)."""
    candidates: tuple[tuple[str, float], ...]
    """The most probable labels with their probabilities, best first."""
    by_rule: bool
    """Decided by the large-context rules (or by the rules alone, without a model)."""


class EnhancedClassifier:
    """Signals + shipped linear model; falls back to signal rules without a model."""

    name = "enhanced"

    def __init__(
        self,
        model: SignalModel | None = None,
        *,
        use_model: bool = True,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self._model = model
        self._use_model = use_model
        self._cache: OrderedDict[int, tuple[str, float]] = OrderedDict()
        self._cache_size = cache_size
        self.model_error: str | None = None
        """Why the shipped model could not be used, when it could not."""

    @property
    def model(self) -> SignalModel | None:
        """The model in use, loaded on first use; ``None`` when rules decide alone."""
        if self._model is None and self._use_model:
            try:
                self._model = load_model()
            except ModelFileError as exc:
                self.model_error = str(exc)
                self._use_model = False
        return self._model

    def decide(self, signals: Signals) -> tuple[str, float]:
        if signals.large:
            return "large_context", LARGE_CONFIDENCE
        if signals.repo_wide:
            return "large_context", REPO_WIDE_CONFIDENCE
        model = self.model
        if model is None:
            return rule_decision(signals)
        return model.best(signals)

    def assess(self, scanned: Scan, top: int = 3) -> Assessment:
        """The decision on a scanned request with its top candidates (never cached)."""
        tokens = scanned.estimated_tokens
        if scanned.large:
            return Assessment(
                self._result("large_context", LARGE_CONFIDENCE, tokens),
                LARGE_CONFIDENCE,
                (("large_context", LARGE_CONFIDENCE),),
                by_rule=True,
            )
        signals = signals_from_scan(scanned)
        model = self.model
        if signals.repo_wide or model is None:
            task_type, confidence = self.decide(signals)
            return Assessment(
                self._result(task_type, confidence, tokens),
                confidence,
                ((task_type, confidence),),
                by_rule=True,
            )
        ranked = model.ranked(signals)
        task_type, probability = ranked[0]
        return Assessment(
            self._result(task_type, probability, tokens),
            probability,
            tuple(ranked[:top]),
            by_rule=False,
        )

    def classify(self, request: ClassifierInput) -> Classification:
        scanned = scan(request)
        tokens = scanned.estimated_tokens
        if scanned.large:
            task_type, confidence = "large_context", LARGE_CONFIDENCE
        elif self._cache_size <= 0:
            task_type, confidence = self.decide(signals_from_scan(scanned))
        else:
            key = scanned.cache_key()
            cache = self._cache
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = self.decide(signals_from_scan(scanned))
                if len(cache) > self._cache_size:
                    cache.popitem(last=False)
            else:
                cache.move_to_end(key)
            task_type, confidence = hit
        return self._result(task_type, confidence, tokens)

    def _result(self, task_type: str, confidence: float, tokens: int) -> Classification:
        return Classification(
            task_type=task_type,
            complexity=complexity_for(task_type, tokens),
            requires_large_context=task_type == "large_context",
            requires_tool_use=task_type == "tool_use",
            confidence=round(min(max(confidence, MIN_CONFIDENCE), MAX_CONFIDENCE), 3),
            mode=self.name,
            estimated_tokens=tokens,
        )
