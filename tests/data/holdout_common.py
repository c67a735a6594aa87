"""Shared helpers for the hand-written classification hold-out set.

Evaluation-only material: see README_holdout.md. Nothing here may be used to train
or tune a classifier.
"""

from __future__ import annotations


def S(text: str) -> dict:
    return {"role": "system", "content": text}


def U(text: str) -> dict:
    return {"role": "user", "content": text}


def A(text: str) -> dict:
    return {"role": "assistant", "content": text}


def UP(*texts: str) -> dict:
    """A user turn with list content (OpenAI content parts), as some UIs send it."""
    return {"role": "user", "content": [{"type": "text", "text": t} for t in texts]}


def C(label: str, note: str, messages: list, tools: list | None = None, lang: str = "en") -> dict:
    """One hand-written case. `lang` is kept only for the builder's statistics."""
    case = {"label": label, "note": note, "messages": messages, "lang": lang}
    if tools is not None:
        case["tools"] = tools
    return case


def fn(name: str, description: str, properties: dict, required: list | None = None) -> dict:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": list(required if required is not None else properties.keys()),
            },
        },
    }


def _s(desc: str) -> dict:
    return {"type": "string", "description": desc}


# --- tool catalogue --------------------------------------------------------------------
WEB_SEARCH = fn(
    "web_search",
    "Search the web and return the top results with snippets.",
    {"query": _s("search query")},
)
FETCH_URL = fn(
    "fetch_url", "Download a web page and return its readable text.", {"url": _s("absolute URL")}
)
# what Open WebUI-like chat front-ends attach to every request
CHAT_UI_TOOLS = [WEB_SEARCH, FETCH_URL]

SET_THERMOSTAT = fn(
    "set_thermostat",
    "Set the target temperature of a room thermostat.",
    {
        "room": _s("room name, e.g. 'living room'"),
        "celsius": {"type": "number", "description": "target temperature"},
    },
)
GET_WEATHER = fn(
    "get_weather",
    "Current weather and short forecast for a place.",
    {
        "location": _s("city or coordinates"),
        "unit": {"type": "string", "enum": ["metric", "imperial"]},
    },
    ["location"],
)
LIGHTS = fn(
    "set_lights",
    "Turn lights on/off or dim them.",
    {
        "room": _s("room"),
        "state": {"type": "string", "enum": ["on", "off"]},
        "brightness": {"type": "integer", "minimum": 0, "maximum": 100},
    },
    ["room", "state"],
)
RUN_SHELL = fn(
    "run_shell",
    "Run a shell command in the workspace and return stdout/stderr.",
    {"command": _s("the command line"), "cwd": _s("working directory")},
    ["command"],
)
READ_FILE = fn("read_file", "Read a file from the workspace.", {"path": _s("relative path")})
WRITE_FILE = fn(
    "write_file",
    "Create or overwrite a file in the workspace.",
    {"path": _s("relative path"), "content": _s("full file content")},
)
LIST_DIR = fn("list_directory", "List files in a directory.", {"path": _s("directory")})
SEARCH_CODE = fn(
    "search_code",
    "Grep the repository for a regex.",
    {"pattern": _s("regex"), "glob": _s("optional file glob")},
    ["pattern"],
)
CODING_AGENT_TOOLS = [RUN_SHELL, READ_FILE, WRITE_FILE, LIST_DIR, SEARCH_CODE]

CREATE_EVENT = fn(
    "create_calendar_event",
    "Create an event in the user's calendar.",
    {
        "title": _s("title"),
        "start": _s("ISO 8601 start"),
        "end": _s("ISO 8601 end"),
        "attendees": {"type": "array", "items": {"type": "string"}},
    },
    ["title", "start", "end"],
)
SEND_EMAIL = fn(
    "send_email",
    "Send an e-mail on behalf of the user.",
    {"to": _s("recipient address"), "subject": _s("subject"), "body": _s("plain text body")},
)
JIRA_CREATE = fn(
    "jira_create_issue",
    "Create a Jira issue.",
    {
        "project": _s("project key"),
        "summary": _s("one-line summary"),
        "description": _s("details"),
        "type": {"type": "string", "enum": ["Bug", "Task", "Story"]},
    },
    ["project", "summary", "type"],
)
SQL_QUERY = fn(
    "run_sql",
    "Execute a read-only SQL query against the analytics warehouse.",
    {"sql": _s("a single SELECT statement")},
)
STOCK_QUOTE = fn("get_stock_quote", "Latest price for a ticker symbol.", {"symbol": _s("ticker")})
CONVERT_CURRENCY = fn(
    "convert_currency",
    "Convert an amount between currencies at today's rate.",
    {"amount": {"type": "number"}, "from": _s("ISO code"), "to": _s("ISO code")},
)
KUBECTL = fn(
    "kubectl",
    "Run a kubectl command against the current cluster context.",
    {"args": {"type": "array", "items": {"type": "string"}}},
)
GITHUB_PR = fn(
    "github_get_pull_request",
    "Fetch a pull request's metadata and diff.",
    {"repo": _s("owner/name"), "number": {"type": "integer"}},
)
TRANSLATE = fn(
    "translate",
    "Translate text between languages.",
    {"text": _s("text"), "target": _s("target language code")},
)
REMINDER = fn(
    "set_reminder",
    "Set a reminder on the user's phone.",
    {"text": _s("what to remind"), "when": _s("ISO 8601 datetime")},
)
