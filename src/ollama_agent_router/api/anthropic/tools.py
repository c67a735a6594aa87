"""Anthropic ``tools`` entries as OpenAI function tools: pure, table-tested.

Three kinds of tool reach the Messages face:

- **Custom tools** (no ``type``, or ``type: "custom"``): ``name``, ``description``,
  ``input_schema`` become a function tool. ``cache_control``, ``strict``,
  ``input_examples``, ``allowed_callers`` and ``eager_input_streaming`` change nothing
  a local model sees and are ignored. ``defer_loading: true`` keeps the tool out of
  the model's view until the conversation loads it (a ``tool_reference`` block in a
  tool result, which is how Claude Code's own ToolSearch tool loads one), as
  Anthropic's tool search does: Claude Code sends a placeholder tool the model must
  never call that way.
- **Client tools with an Anthropic-defined schema** (``bash_*``, ``text_editor_*``,
  ``computer_*``, ``memory_*``): the model emits ``tool_use`` and the *client* runs
  it, so a local model can use them too; they become function tools with the schema
  Anthropic documents for them.
- **Server tools** run on Anthropic's servers (``web_search_*``, ``web_fetch_*``,
  ``code_execution_*`` and any type not listed here): no local model can run them, and
  a model told it has web search would make results up, so each is a 400 naming it.
  Two are degraded instead, because leaving them out loses nothing a local model could
  have had: ``tool_search_tool_*`` (the deferred tools are then all offered directly)
  and ``mcp_toolset`` (the MCP servers it names are not reachable; named in the
  dropped fields).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ollama_agent_router.errors import BadRequestError

_STRING: Final[dict[str, Any]] = {"type": "string"}
_INTEGER: Final[dict[str, Any]] = {"type": "integer"}
_POINT: Final[dict[str, Any]] = {"type": "array", "items": _INTEGER, "minItems": 2, "maxItems": 2}


def _schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required}


_BASH: Final = (
    "Run a command in a persistent bash shell on the user's machine and get its output. "
    "Set restart to true to restart the shell.",
    _schema({"command": _STRING, "restart": {"type": "boolean"}}, []),
)
_EDITOR: Final = (
    "View, create and edit files on the user's machine. view: a file (optionally "
    "view_range [first, last] lines) or a directory; create: write file_text to path; "
    "str_replace: replace old_str, which must occur exactly once, with new_str; insert: "
    "insert new_str after line insert_line; undo_edit: undo the last edit of path.",
    _schema(
        {
            "command": {"enum": ["view", "create", "str_replace", "insert", "undo_edit"]},
            "path": _STRING,
            "file_text": _STRING,
            "old_str": _STRING,
            "new_str": _STRING,
            "insert_line": _INTEGER,
            "view_range": {"type": "array", "items": _INTEGER},
        },
        ["command", "path"],
    ),
)
_MEMORY: Final = (
    "A memory directory (/memories) that lasts across conversations. view a file or "
    "directory, create a file with file_text, str_replace old_str with new_str, insert "
    "insert_text at insert_line, delete a path, rename old_path to new_path.",
    _schema(
        {
            "command": {"enum": ["view", "create", "str_replace", "insert", "delete", "rename"]},
            "path": _STRING,
            "file_text": _STRING,
            "old_str": _STRING,
            "new_str": _STRING,
            "insert_line": _INTEGER,
            "insert_text": _STRING,
            "view_range": {"type": "array", "items": _INTEGER},
            "old_path": _STRING,
            "new_path": _STRING,
        },
        ["command"],
    ),
)
_COMPUTER_ACTIONS: Final = [
    "screenshot",
    "left_click",
    "right_click",
    "middle_click",
    "double_click",
    "triple_click",
    "left_click_drag",
    "left_mouse_down",
    "left_mouse_up",
    "mouse_move",
    "scroll",
    "type",
    "key",
    "hold_key",
    "wait",
    "cursor_position",
    "zoom",
]
_COMPUTER_SCHEMA: Final = _schema(
    {
        "action": {"enum": _COMPUTER_ACTIONS},
        "coordinate": _POINT,
        "start_coordinate": _POINT,
        "text": _STRING,
        "scroll_direction": {"enum": ["up", "down", "left", "right"]},
        "scroll_amount": _INTEGER,
        "duration": {"type": "number"},
        "region": {"type": "array", "items": _INTEGER, "minItems": 4, "maxItems": 4},
    },
    ["action"],
)

CLIENT_TOOLS: Final[Mapping[str, tuple[str, dict[str, Any]]]] = {
    "bash_": _BASH,
    "text_editor_": _EDITOR,
    "memory_": _MEMORY,
}
"""Type prefix → (description, input schema) of the Anthropic-defined client tools
(``computer_*`` is built per request: its description names the display)."""


def bad(field: str, message: str) -> BadRequestError:
    return BadRequestError(f"{field}: {message}", param=field)


def _string(value: object, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise bad(field, "must be a non-empty string")
    return value


@dataclass(frozen=True, slots=True)
class Tools:
    """The decoded ``tools``: each function tool with whether it is deferred."""

    functions: tuple[tuple[dict[str, Any], bool], ...] = ()
    searchable: bool = False
    """A tool search server tool was sent: deferred tools are offered directly."""
    dropped: tuple[str, ...] = ()
    """The entries left out (``tools.3``), for the dropped-fields header."""

    def offered(self, referenced: Collection[str]) -> list[dict[str, Any]]:
        """The function tools the model sees: the loaded ones, and each deferred one the
        conversation referenced (all of them when the client sent a tool search tool)."""
        return [
            function
            for function, deferred in self.functions
            if not deferred or self.searchable or function["function"]["name"] in referenced
        ]


def _function(name: str, description: str | None, schema: Mapping[str, Any]) -> dict[str, Any]:
    function: dict[str, Any] = {"name": name, "parameters": dict(schema)}
    if description is not None:
        function["description"] = description
    return {"type": "function", "function": function}


def _computer(tool: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    size = [tool.get(key) for key in ("display_width_px", "display_height_px")]
    screen = "x".join(str(n) for n in size) if all(isinstance(n, int) for n in size) else None
    description = (
        "Control the user's computer with mouse and keyboard; take a screenshot to see "
        f"the screen{f' ({screen} pixels)' if screen else ''}. Coordinates are [x, y] "
        "pixels."
    )
    return description, _COMPUTER_SCHEMA


def decode_tools(value: object) -> Tools:
    """``tools`` decoded; a 400 naming the first entry that cannot be served."""
    if not isinstance(value, list):
        raise bad("tools", "must be an array")
    functions: list[tuple[dict[str, Any], bool]] = []
    dropped: list[str] = []
    searchable = False
    for index, raw in enumerate(value):
        field = f"tools.{index}"
        if not isinstance(raw, Mapping):
            raise bad(field, "must be an object")
        kind = raw.get("type")
        if kind is None or kind == "custom":
            name = _string(raw.get("name"), f"{field}.name")
            schema = raw.get("input_schema")
            if not isinstance(schema, Mapping):
                raise bad(f"{field}.input_schema", "must be an object")
            description = raw.get("description")
            if description is not None and not isinstance(description, str):
                raise bad(f"{field}.description", "must be a string")
            deferred = raw.get("defer_loading", False)
            if not isinstance(deferred, bool):
                raise bad(f"{field}.defer_loading", "must be a boolean")
            functions.append((_function(name, description, schema), deferred))
            continue
        if not isinstance(kind, str):
            raise bad(f"{field}.type", "must be a string")
        client = next((CLIENT_TOOLS[p] for p in CLIENT_TOOLS if kind.startswith(p)), None)
        if client is None and kind.startswith("computer_"):
            client = _computer(raw)
        if client is not None:
            name = _string(raw.get("name"), f"{field}.name")
            functions.append((_function(name, *client), False))
        elif kind.startswith("tool_search_tool_"):
            searchable = True
            dropped.append(field)
        elif kind == "mcp_toolset":
            dropped.append(field)
        else:
            raise bad(
                f"{field}.type",
                f"{kind!r} is a server tool that runs on Anthropic's servers; local "
                "models cannot run it (remove it or use a client tool)",
            )
    return Tools(tuple(functions), searchable, tuple(dropped))
