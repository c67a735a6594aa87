"""Message builders, client-style system prompts and tool arrays shared by the case modules."""

from __future__ import annotations

import json
from typing import Any

Msg = dict[str, Any]


def case(
    cid: str,
    label: str,
    lang: str,
    note: str,
    *turns: str | Msg,
    system: str | None = None,
    tools: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One request: plain strings alternate user/assistant starting with the user."""
    messages: list[Msg] = []
    if system is not None:
        messages.append({"role": "system", "content": system})
    role = "user"
    for turn in turns:
        if isinstance(turn, dict):
            messages.append(turn)
            role = "assistant" if turn["role"] == "user" else "user"
            continue
        messages.append({"role": role, "content": turn})
        role = "assistant" if role == "user" else "user"
    row: dict[str, Any] = {
        "id": f"v2c-{cid}",
        "messages": messages,
        "label": label,
        "lang": lang,
        "note": note,
    }
    if tools is not None:
        row["tools"] = tools
    return row


def user(text: str) -> Msg:
    return {"role": "user", "content": text}


def assistant(text: str) -> Msg:
    return {"role": "assistant", "content": text}


def parts(*texts: str, image: str | None = None) -> Msg:
    """A user turn as a content-parts array, optionally with a screenshot."""
    content: list[dict[str, Any]] = [{"type": "text", "text": t} for t in texts]
    if image is not None:
        content.append({"type": "image_url", "image_url": {"url": image}})
    return {"role": "user", "content": content}


def call(call_id: str, name: str, **args: Any) -> Msg:
    """An assistant turn that calls one tool."""
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": call_id,
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(args, sort_keys=True)},
            }
        ],
    }


def result(call_id: str, text: str) -> Msg:
    return {"role": "tool", "tool_call_id": call_id, "content": text}


def tool(name: str, description: str, **props: str) -> dict[str, Any]:
    """A function tool whose parameters are all strings described in a few words."""
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": {k: {"type": "string", "description": v} for k, v in props.items()},
                "required": list(props)[:1],
            },
        },
    }


# --- system prompts, written in the manner of the clients that send them -------------

EDIT_FORMAT = (
    "You are a senior engineer pairing with the user inside their git repository. "
    "When you change a file, answer with SEARCH/REPLACE blocks: the file path on its own "
    "line, then <<<<<<< SEARCH, the exact existing lines, =======, the new lines, "
    ">>>>>>> REPLACE. Only touch files the user added to the chat. Keep explanations short."
)
IDE_CHAT = (
    "You are a coding assistant embedded in the user's editor. The user may highlight code "
    "or attach files with @-mentions; that material appears inside fenced blocks named by "
    "path. Answer in Markdown, put code in fenced blocks with the language tag, and do not "
    "invent APIs that are not in the attached files."
)
XML_AGENT = (
    "You are an autonomous software engineer working in a sandboxed checkout. You act by "
    "emitting exactly one tool call per message using XML tags, for example "
    "<read_file><path>src/app.ts</path></read_file>, <write_to_file>, <execute_command>, "
    "<search_files>, <ask_followup_question> and <attempt_completion>. Wait for the result "
    "of each call before the next. Never claim success without running the tests."
)
CODEACT = (
    "You are a coding agent. You can run bash by writing <execute_bash>...</execute_bash> "
    "and Python by writing <execute_ipython>...</execute_ipython>. The workspace is "
    "mounted at /workspace. Think step by step, run commands to inspect state, and finish "
    "with <finish> once the task is verified."
)
CLI_AGENT = (
    "You are a terminal coding assistant running in the user's shell. Use the Read, Edit, "
    "Bash, Grep and Glob tools to inspect and change the project. Be concise: the user "
    "reads your output in a terminal. Prefer editing existing files over creating new ones."
)
CHAT_UI = (
    "You are a helpful assistant. Current date: 2026-03-14. Answer in the user's language. "
    "Use Markdown where it helps."
)
CHAT_UI_RAG = (
    "You are a helpful assistant. Use the following retrieved context when it is relevant; "
    "if it is not, answer from general knowledge and say so.\n<context>\n"
    "[1] Internal wiki: Our services log in JSON to stdout; Loki collects them.\n"
    "[2] Internal wiki: On-call rotates weekly; P1 pages the primary within 5 minutes.\n"
    "</context>"
)
TRIAGE_BOT = (
    "You are the intake step of our engineering ticket queue. For every incoming report "
    "decide: component (api, web, mobile, infra, billing, auth, data), severity (P1-P4), "
    "and owning team. Answer with those three fields and one sentence of reasoning. Do not "
    "try to fix anything."
)
REVIEW_BOT = (
    "You review pull requests for a backend team. Point out correctness, security and "
    "maintainability problems with file and line references, ordered by severity. Say "
    "explicitly when something is fine."
)

# --- tool arrays ---------------------------------------------------------------------

WEB_TOOLS = [
    tool("web_search", "Search the web for recent information.", query="search terms"),
    tool("fetch_url", "Download a web page as text.", url="absolute URL"),
]
IDE_TOOLS = [
    tool("read_file", "Read a file from the workspace.", path="path relative to the root"),
    tool("write_file", "Write a file.", path="path", content="full new content"),
    tool("run_command", "Run a shell command in the workspace.", command="shell command"),
    tool("search_code", "Grep the workspace.", pattern="regular expression"),
]
TICKET_TOOLS = [
    tool("set_labels", "Set labels on a ticket.", ticket="ticket key", labels="comma list"),
    tool("assign", "Assign a ticket to a team.", ticket="ticket key", team="team slug"),
]
CALENDAR_TOOLS = [
    tool("list_events", "List calendar events.", start="ISO date", end="ISO date"),
    tool("create_event", "Create an event.", title="title", start="ISO datetime"),
]
HOME_TOOLS = [
    tool("set_light", "Turn a light on/off or dim it.", room="room name", level="0-100"),
    tool("set_thermostat", "Set target temperature.", room="room name", celsius="degrees"),
]
DB_TOOLS = [
    tool("run_sql", "Run a read-only SQL query on the analytics replica.", sql="query"),
    tool("describe_table", "Show the columns of a table.", table="table name"),
]
