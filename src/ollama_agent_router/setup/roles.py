"""Model roles: what a model is for, guessed from its name, size, family and capabilities.

The original wizard's rules (SPEC §8) are the base: ``review`` when the name says so,
``code`` for coder/code/deepseek/qwen, ``heavy`` at ≥ 12 GB or for gpt-oss and
reasoning models, ``tool``, else ``fast``. Three corrections a user would expect:
embedding-only models get their own role and never serve chat; a small model
(≤ ~4B parameters) is ``fast`` even when its family is a code family (``qwen3:1.7b`` is
not a coding model); and a reasoning *name* makes a model ``heavy`` only when it is big
enough to be one (``deepseek-r1:1.5b`` is not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal, get_args

from ollama_agent_router.setup.facts import InstalledModel

Role = Literal["fast", "code", "review", "heavy", "tool", "embedding"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)

HEAVY_GB: Final = 12.0
"""At or above this size a model is the heavy, exclusive one (the original's rule)."""
SMALL_PARAMS_B: Final = 4.5
SMALL_GB: Final = 3.0
"""A model this small (parameters, else size on disk) is a fast triage/chat model."""

_EMBED_NAME = re.compile(r"embed|minilm|bge-|e5-|gte-|arctic-embed", re.IGNORECASE)
_EMBED_FAMILY = frozenset({"bert", "nomic-bert", "xlm-roberta", "jina-bert"})
_REASONING = re.compile(r"gpt-oss|reason|(^|[-_/:])r1\b|qwq|think", re.IGNORECASE)
_CODE = re.compile(r"coder|code|deepseek|qwen|starcoder|codestral|devstral", re.IGNORECASE)
_TOOL = re.compile(r"tool|function|hermes|firefunction", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RoleProfile:
    """What the config says about every model of one role."""

    purpose: tuple[str, ...]
    priority: int
    default_context: int
    max_context: int
    timeout_ms: int
    cost_class: Literal["low", "medium", "high"]
    exclusive: bool
    allow_when_busy: bool
    max_concurrent: int
    why: str


PROFILES: Final[dict[Role, RoleProfile]] = {
    "fast": RoleProfile(
        ("triage", "simple_chat", "summarize", "classification"),
        50,
        4096,
        8192,
        90_000,
        "low",
        False,
        True,
        2,
        "small and quick: triage, chat, summaries",
    ),
    "code": RoleProfile(
        (
            "code_generate",
            "code_fix",
            "code_review",
            "tool_use",
            "simple_agent",
            "agentic_reasoning",
        ),
        70,
        8192,
        32768,
        180_000,
        "medium",
        False,
        True,
        1,
        "a code model: writing, fixing and reviewing code, agent steps",
    ),
    "review": RoleProfile(
        ("code_review", "code_generate", "code_fix", "second_opinion"),
        68,
        8192,
        16384,
        180_000,
        "medium",
        False,
        True,
        1,
        "named for review: reviews first, a second opinion on code",
    ),
    "heavy": RoleProfile(
        ("agentic_reasoning", "large_context", "planning", "tool_use", "complex_debugging"),
        95,
        16384,
        65536,
        300_000,
        "high",
        True,
        False,
        1,
        "large or reasoning: planning, long contexts, hard problems; runs alone",
    ),
    "tool": RoleProfile(
        ("tool_use", "simple_agent", "agentic_reasoning"),
        65,
        8192,
        32768,
        120_000,
        "medium",
        False,
        True,
        1,
        "tuned for function calling: tool use and agent steps",
    ),
    "embedding": RoleProfile(
        ("embedding",),
        10,
        512,
        8192,
        30_000,
        "low",
        False,
        True,
        1,
        "embedding-only: /v1/embeddings, never chat",
    ),
}


def is_small(model: InstalledModel) -> bool:
    params = model.params_b
    if params is not None:
        return params <= SMALL_PARAMS_B
    return model.size_gb <= SMALL_GB


def is_embedding_only(model: InstalledModel) -> bool:
    caps = model.capabilities
    if caps is not None:
        return "embedding" in caps and "completion" not in caps
    return bool(_EMBED_NAME.search(model.name)) or model.family.lower() in _EMBED_FAMILY


def classify_role(model: InstalledModel) -> Role:
    """The role of one installed model (see the module docstring for the rules)."""
    name = model.name
    if is_embedding_only(model):
        return "embedding"
    if model.size_gb >= HEAVY_GB:
        return "heavy"
    if _REASONING.search(name) and not is_small(model):
        return "heavy"
    if "review" in name.lower():
        return "review"
    if _CODE.search(name) and not is_small(model):
        return "code"
    if _TOOL.search(name):
        return "tool"
    return "fast"


def supports_tools(model: InstalledModel) -> bool | None:
    """``None`` when Ollama did not say (an old server, or ``ollama list`` only)."""
    if model.capabilities is None:
        return None
    return "tools" in model.capabilities
