"""The dense features: the signals of a request as the numbers the linear model reads.

The model stores one weight row per feature, in order, and the model file stores the
feature names (``linear.model_from_arrays`` refuses a file whose names differ). So each
name sits on the same row of ``FEATURES`` as the function that computes it, and
``DENSE_NAMES`` is read off that table: a name cannot drift from its value. Adding,
removing or reordering a row changes the names, and the shipped model must be retrained.

This runs on every request: each row is one small function of ``Signals``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Final, NamedTuple

from ollama_agent_router.classification.lexicon import (
    CJK,
    EDGE_INTENTS,
    FIX_ONLY,
    INTENTS,
    OTHER_ASKS,
    either_or,
)
from ollama_agent_router.classification.signals import Signals


class Feature(NamedTuple):
    """One dense feature: its name in the model file, and its value (roughly 0..1)."""

    name: str
    value: Callable[[Signals], float]


def tool_overlap(signals: Signals) -> float:
    """How much of the last user turn's vocabulary the attached tools speak about."""
    if not signals.tool_words:
        return 0.0
    words = set(re.findall(r"[a-z]{4,}", signals.ask))
    if not words:
        return 0.0
    stems = {w[:5] for w in signals.tool_words}
    return sum(1 for w in words if w[:5] in stems) / len(words)


def _failure(s: Signals) -> bool:
    """The turn carries an observed failure: a trace, error lines or a failing test."""
    return bool(s.trace or s.error_lines or s.test_failure)


def _code(s: Signals) -> bool:
    return s.fence or s.diff or s.code_ratio > 0.2


def _intent(name: str) -> Feature:
    return Feature(f"intent_{name}", lambda s: 1.0 if name in s.intents else 0.0)


def _edge(name: str) -> Feature:
    return Feature(f"edge_{name}", lambda s: 1.0 if name in s.edge_intents else 0.0)


FEATURES: Final[tuple[Feature, ...]] = (
    Feature("bias_short", lambda s: 1.0 if len(s.last_user) < 60 else 0.0),
    Feature("len_log", lambda s: min(math.log1p(len(s.last_user)) / 9.0, 1.5)),
    Feature("lines_log", lambda s: min(math.log1p(s.lines) / 5.0, 1.5)),
    Feature("turns_gt1", lambda s: 1.0 if s.turns > 1 else 0.0),
    Feature("last_role_tool", lambda s: 1.0 if s.last_role == "tool" else 0.0),
    Feature("has_tools", lambda s: 1.0 if s.tool_names else 0.0),
    Feature("generic_tools_only", lambda s: 1.0 if s.generic_tools_only else 0.0),
    Feature(
        "domain_tools",
        lambda s: 1.0 if s.tool_names and not s.generic_tools_only else 0.0,
    ),
    Feature("tool_overlap", tool_overlap),
    Feature("tool_calls_in_history", lambda s: 1.0 if s.tool_calls_in_history else 0.0),
    Feature("tool_agent", lambda s: 1.0 if s.tool_agent else 0.0),
    Feature("edit_agent", lambda s: 1.0 if s.edit_agent else 0.0),
    Feature("router_system", lambda s: 1.0 if s.router_system else 0.0),
    Feature("has_system", lambda s: 1.0 if s.system else 0.0),
    Feature("repo_wide", lambda s: 1.0 if s.repo_wide else 0.0),
    Feature("large", lambda s: 1.0 if s.large else 0.0),
    Feature("fence", lambda s: 1.0 if s.fence else 0.0),
    Feature("diff", lambda s: 1.0 if s.diff else 0.0),
    Feature("trace", lambda s: min(s.trace / 2.0, 1.5)),
    Feature("error_lines", lambda s: min(s.error_lines / 2.0, 1.5)),
    Feature("test_failure", lambda s: 1.0 if s.test_failure else 0.0),
    Feature("failure_any", lambda s: 1.0 if _failure(s) else 0.0),
    Feature("code_ratio", lambda s: s.code_ratio),
    Feature("log_lines", lambda s: min(s.log_lines / 20.0, 1.5)),
    Feature("cjk", lambda s: 1.0 if CJK.search(s.last_user[:500]) else 0.0),
    *(_intent(name) for name in INTENTS),
    Feature(
        "fresh_with_search_tool",
        lambda s: (
            1.0
            if "fresh" in s.intents and any("search" in n.lower() for n in s.tool_names)
            else 0.0
        ),
    ),
    Feature(
        "greeting_short",
        lambda s: 1.0 if "greeting" in s.intents and len(s.last_user) < 80 else 0.0,
    ),
    *(_edge(name) for name in EDGE_INTENTS),
    # What the turn asks for, set against the material it carries.
    Feature(
        "failure_other_ask",
        lambda s: (
            1.0
            if _failure(s) and s.edge_intents & OTHER_ASKS and "fix" not in s.edge_intents
            else 0.0
        ),
    ),
    Feature(
        "failure_fix_ask",
        lambda s: 1.0 if _failure(s) and ("fix" in s.edge_intents or not s.edge_intents) else 0.0,
    ),
    Feature(
        "fix_with_other_ask",
        lambda s: 1.0 if "fix" in s.intents and s.intents & OTHER_ASKS else 0.0,
    ),
    Feature(
        "other_ask_no_fix",
        lambda s: 1.0 if "fix" not in s.intents and s.edge_intents & OTHER_ASKS else 0.0,
    ),
    Feature("scope_wide", lambda s: 1.0 if s.scope_wide else 0.0),
    Feature(
        "either_or",
        lambda s: 1.0 if len(s.last_user) < 600 and either_or(s.ask) else 0.0,
    ),
    Feature("judge_question", lambda s: 1.0 if s.judge_question else 0.0),
    Feature(
        "judge_code",
        lambda s: (
            1.0 if s.judge_question and _code(s) and not s.trace and not s.repair_ask else 0.0
        ),
    ),
    Feature("choice_ask", lambda s: 1.0 if s.choice_ask else 0.0),
    Feature(
        "choice_over_failure",
        lambda s: (
            1.0
            if s.choice_ask and (_failure(s) or "fix" in s.intents) and not s.repair_ask
            else 0.0
        ),
    ),
    Feature("create_lead", lambda s: 1.0 if s.create_lead else 0.0),
    Feature(
        "create_over_failure_words",
        lambda s: 1.0 if s.create_lead and "fix" in s.intents and not s.repair_ask else 0.0,
    ),
    Feature("repair_ask", lambda s: 1.0 if s.repair_ask else 0.0),
    Feature(
        "failure_without_repair_ask",
        lambda s: 1.0 if _failure(s) and not s.repair_ask and s.edge_intents - FIX_ONLY else 0.0,
    ),
)
"""Every dense feature, in the order of the model's weight rows."""

DENSE_NAMES: Final[tuple[str, ...]] = tuple(feature.name for feature in FEATURES)
"""The feature names, in order: what the model file stores and is checked against."""

_VALUES: Final = tuple(feature.value for feature in FEATURES)


def dense_features(signals: Signals) -> list[float]:
    """The signals as numbers, one per row of ``FEATURES``, in order."""
    return [value(signals) for value in _VALUES]
