"""The ``heuristic`` classifier: the reference's keyword rules, kept exact.

Existing users' routing depends on this behaviour, so the marker lists, the rule order
and the confidences follow the specification to the letter, including its quirks
(markers are substrings, so ``plan`` also matches ``explain``). Better classification
lives in other modes; this one must not drift.
"""

from __future__ import annotations

from typing import Final

from ollama_agent_router.classification.base import Classification, ClassifierInput
from ollama_agent_router.classification.text import estimate_tokens, request_text
from ollama_agent_router.tasks import Complexity

CODE_MARKERS: Final = (
    "typescript",
    "javascript",
    "node.js",
    "python",
    "function",
    "class ",
    "stack trace",
    "exception",
    "compile",
    "refactor",
    "pull request",
    "diff --git",
    "```",
)
TOOL_MARKERS: Final = (
    "tool",
    "function call",
    "json schema",
    "api call",
    "webhook",
    "bash",
    "shell command",
)
REASONING_MARKERS: Final = (
    "plan",
    "architecture",
    "design",
    "debug",
    "investigate",
    "root cause",
    "step by step",
)
SUMMARIZE_MARKERS: Final = ("summarize", "summary", "tl;dr", "extract key points")
REVIEW_MARKERS: Final = ("review", "audit", "risks", "find bugs", "code review")
FIX_MARKERS: Final = ("fix", "bug", "failing test", "patch", "regression")
GENERATE_MARKERS: Final = ("write", "implement", "create", "generate", "build")
LARGE_CONTEXT_MARKERS: Final = ("large context", "entire repository")
TRIAGE_MARKERS: Final = ("classify", "route", "triage")
HEAVY_TEXT_MARKERS: Final = ("architecture", "debug")

LARGE_CONTEXT_TOKENS: Final = 12000
MEDIUM_TOKENS: Final = 3000
REASONING_MIN_CHARS: Final = 1200
TRIAGE_MAX_CHARS: Final = 180


def _has(text: str, markers: tuple[str, ...]) -> bool:
    for marker in markers:  # noqa: SIM110  (a plain loop is measurably faster than any())
        if marker in text:
            return True
    return False


def _task(text: str, tokens: int) -> tuple[str, float]:
    if tokens > LARGE_CONTEXT_TOKENS or _has(text, LARGE_CONTEXT_MARKERS):
        return "large_context", 0.80
    if _has(text, TOOL_MARKERS):
        return "tool_use", 0.75
    code = _has(text, CODE_MARKERS)
    if code and _has(text, REVIEW_MARKERS):
        return "code_review", 0.82
    if code and _has(text, FIX_MARKERS):
        return "code_fix", 0.80
    if code and _has(text, GENERATE_MARKERS):
        return "code_generate", 0.78
    if _has(text, SUMMARIZE_MARKERS):
        return "summarize", 0.86
    if _has(text, REASONING_MARKERS) and (len(text) > REASONING_MIN_CHARS or "multi-step" in text):
        return "agentic_reasoning", 0.72
    if len(text) < TRIAGE_MAX_CHARS and _has(text, TRIAGE_MARKERS):
        return "triage", 0.70
    return "simple_chat", 0.55


def _complexity(task_type: str, text: str, tokens: int) -> Complexity:
    if task_type in ("large_context", "agentic_reasoning") or tokens > LARGE_CONTEXT_TOKENS:
        return "heavy"
    if tokens > MEDIUM_TOKENS or _has(text, HEAVY_TEXT_MARKERS):
        return "medium"
    if task_type.startswith("code_") or task_type == "tool_use":
        return "medium"
    return "light"


def classify_text(text: str) -> Classification:
    """Classify already-joined request text (lower-cased here) by the reference rules."""
    lowered = text.lower()
    tokens = estimate_tokens(lowered)
    task_type, confidence = _task(lowered, tokens)
    return Classification(
        task_type=task_type,
        complexity=_complexity(task_type, lowered, tokens),
        requires_large_context=task_type == "large_context",
        requires_tool_use=task_type == "tool_use",
        confidence=confidence,
        mode="heuristic",
        estimated_tokens=tokens,
    )


class HeuristicClassifier:
    """Keyword rules over all message text; ignores the ``tools`` field, as the reference."""

    name = "heuristic"

    def classify(self, request: ClassifierInput) -> Classification:
        return classify_text(request_text(request.messages))
