"""What a model refuses, the way Ollama refuses it (``server/routes.go``, the runners).

- chat or generate on a model without ``completion`` (an embedding model): 400
  ``"<model>" does not support chat`` (``generate`` on ``/api/generate``);
- ``tools`` on a model without ``tools``: 400 ``<registry name> does not support tools``,
  the name in full as Ollama parses it (``registry.ollama.ai/library/m:latest``);
- images on a model without ``vision``: no check before the runner, whose sequence
  setup fails, so a 500 with the runner's message.

``/v1`` endpoints wrap the same status and message in the OpenAI error shape.
"""

from __future__ import annotations

from typing import Any

from ollama_agent_router.simulator.catalog import CatalogEntry
from ollama_agent_router.simulator.names import registry_name
from ollama_agent_router.simulator.wire import ApiError, BadRequest

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
    capabilities = entry.spec.capability_list
    if "completion" not in capabilities:
        raise BadRequest(f'"{model}" does not support {verb}')
    if isinstance(tools, list) and tools and "tools" not in capabilities:
        raise BadRequest(f"{registry_name(model)} does not support tools")
    if images and "vision" not in capabilities:
        raise ApiError(500, NO_VISION_MESSAGE)
