"""What a model refuses, the way Ollama refuses it (``server/routes.go``, the runners).

- chat or generate on a model without ``completion`` (an embedding model): 400
  ``"<model>" does not support chat`` (``generate`` on ``/api/generate``);
- ``tools`` on a model without ``tools``: 400 ``<registry name> does not support tools``,
  the name in full as Ollama parses it (``registry.ollama.ai/library/m:latest``);
- images on a model without ``vision``: no check before the runner, whose sequence
  setup fails, so a 500 with the runner's message;
- ``think`` (native) or ``reasoning_effort`` (``/v1``, ``thinkFromReasoningEffort``) that
  turns thinking on, to a model without ``thinking``: 400 ``"<model>" does not support
  thinking``, before any other check (``ChatHandler``, ``GenerateHandler``).

``/v1`` endpoints wrap the same status and message in the OpenAI error shape.
"""

from __future__ import annotations

from typing import Any, Final

from ollama_agent_router.simulator.catalog import CatalogEntry
from ollama_agent_router.simulator.names import registry_name
from ollama_agent_router.simulator.wire import ApiError, BadRequest

#: ``ThinkValue``: the levels that count as thinking on.
THINK_LEVELS: Final = ("high", "medium", "low", "max")
#: ``thinkFromReasoningEffort``: an OpenAI effort as Ollama's think value.
_EFFORTS: Final[dict[str, bool | str]] = {
    "none": False,
    "minimal": "low",
    "low": "low",
    "medium": "medium",
    "high": "high",
    "max": "max",
    "xhigh": "max",
    "ultra": "max",
}
NO_VISION_MESSAGE = (
    "Failed to create new sequence: failed to process inputs: "
    "this model is missing data required for image input"
)


def has_images(messages: list[Any]) -> bool:
    """Native ``images`` on a message, or an OpenAI ``image_url`` content part."""
    for message in messages:
        if not isinstance(message, dict):
            continue
        if message.get("images"):
            return True
        content = message.get("content")
        if isinstance(content, list) and any(
            isinstance(part, dict) and part.get("type") == "image_url" for part in content
        ):
            return True
    return False


def check_capabilities(
    entry: CatalogEntry, model: str, *, verb: str, tools: Any = None, images: bool = False
) -> None:
    """Raise Ollama's error when ``entry`` cannot run the request; ``model`` as sent."""
    capabilities = entry.capabilities
    if "completion" not in capabilities:
        raise BadRequest(f'"{model}" does not support {verb}')
    if isinstance(tools, list) and tools and "tools" not in capabilities:
        raise BadRequest(f"{registry_name(model)} does not support tools")
    if images and "vision" not in capabilities:
        raise ApiError(500, NO_VISION_MESSAGE)


def native_think(value: Any) -> bool:
    """Whether a native ``think`` turns thinking on (``ThinkValue.UnmarshalJSON``)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        if value in THINK_LEVELS:
            return True
        raise BadRequest(
            f'invalid think value: "{value}" (must be "high", "medium", "low", "max", '
            "true, or false)"
        )
    raise BadRequest(
        'think must be a boolean or string ("high", "medium", "low", "max", true, or false)'
    )


def openai_think(body: dict[str, Any]) -> bool:
    """Whether ``reasoning.effort`` / ``reasoning_effort`` turns thinking on
    (``FromChatRequest``); an unknown effort is a 400."""
    reasoning = body.get("reasoning")
    if isinstance(reasoning, dict):
        effort = reasoning.get("effort") or ""
    else:
        effort = body.get("reasoning_effort") or ""
    if not effort:
        return False
    think = _EFFORTS.get(effort) if isinstance(effort, str) else None
    if think is None:
        raise BadRequest(
            f'invalid reasoning value: "{effort}" (must be "minimal", "low", "medium", '
            '"high", "xhigh", "ultra", "max", or "none")'
        )
    return think is not False


def check_thinking(entry: CatalogEntry, model: str, think: bool) -> None:
    """Thinking asked of a model that cannot think: Ollama's 400."""
    if think and "thinking" not in entry.capabilities:
        raise BadRequest(f'"{model}" does not support thinking')
