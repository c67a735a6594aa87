# ruff: noqa: E501
"""System prompts and tool lists for the second batch of labelled requests.

Written for this batch (not copied from any product): agents in the style of Aider,
Continue, Cline and OpenHands, a chat UI that attaches generic tools to every request,
and a few router/labeller prompts of the kind a triage step sends.
"""

from __future__ import annotations

from typing import Any

EDITOR_AGENT = """You are a senior engineer pairing with the user inside their editor.
When you change code, answer with SEARCH/REPLACE blocks:
path/to/file.py
<<<<<<< SEARCH
old lines
=======
new lines
>>>>>>> REPLACE
Only touch files the user has added to the chat. Keep explanations brief."""

IDE_ASSISTANT = """You are an AI programming assistant embedded in VS Code. The user may
select code and ask about it. Prefer concise answers; put code in fenced code blocks with
the language name. If you are unsure, say so."""

CLI_AGENT = """You are Forge, an autonomous software agent working in a sandboxed Linux
container. You act only through the tools below; each reply must contain exactly one tool
call in XML form.
<read_file><path>...</path></read_file>
<write_file><path>...</path><content>...</content></write_file>
<run_command><command>...</command></run_command>
<finish><summary>...</summary></finish>
Work step by step until the task is done, then call finish."""

SANDBOX_AGENT = """You are a software engineering agent. You can execute shell commands by
wrapping them in <execute_bash></execute_bash> and edit files with the str_replace_editor
tool. Observe the output of each command before the next step."""

CHAT_UI = """You are a friendly assistant in a self-hosted chat interface. Today's date is
2025-03-14. Answer in the user's language. Use markdown where helpful."""

PLAIN_HELPER = "You are a helpful assistant."

DEV_HELPER = "You are an experienced software engineer. Be precise and practical."

ROUTERS: list[str] = [
    "You are a support-ticket router. Read the ticket and reply with exactly one of: billing, technical, account, sales, other. No explanation.",
    "Classify the user's message into one category: bug_report | feature_request | question | complaint | praise. Output the category only.",
    "You label customer reviews. Answer with one word: positive, negative or mixed.",
    "Assign a priority from P1 (outage) to P4 (cosmetic) to the incoming issue. Reply as: P<n> - <five words max why>.",
    "Jesteś klasyfikatorem zgłoszeń. Odpowiedz jednym słowem: awaria, pytanie, reklamacja lub sugestia.",
    "Du bist ein Ticket-Router. Antworte nur mit dem Teamnamen: Frontend, Backend, Datenbank, Infrastruktur.",
    "Eres un clasificador de correos. Responde solo con: urgente, normal o spam.",
    "你是工单分类助手。只输出类别：故障、咨询、投诉、建议。",
    "Decide which queue this alert goes to: on-call-now, next-business-day, ignore. One token.",
    "You tag GitHub issues. Return a JSON array of labels chosen from [bug, docs, enhancement, performance, security, question].",
]

GENERIC_UI_TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "web_search",
            "description": "Search the web for up-to-date information.",
            "parameters": {
                "type": "object",
                "properties": {"query": {"type": "string"}},
                "required": ["query"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "generate_image",
            "description": "Create an image from a text prompt.",
            "parameters": {
                "type": "object",
                "properties": {"prompt": {"type": "string"}},
                "required": ["prompt"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "memory_store",
            "description": "Remember a fact about the user for later conversations.",
            "parameters": {
                "type": "object",
                "properties": {"fact": {"type": "string"}},
                "required": ["fact"],
            },
        },
    },
]

TICKET_TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "set_ticket_fields",
            "description": "Update a helpdesk ticket's assignee, status and tags.",
            "parameters": {
                "type": "object",
                "properties": {
                    "ticket_id": {"type": "string"},
                    "assignee": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["ticket_id"],
            },
        },
    },
]

HOME_TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "set_light",
            "description": "Turn a light on or off or change its brightness.",
            "parameters": {
                "type": "object",
                "properties": {
                    "room": {"type": "string"},
                    "on": {"type": "boolean"},
                    "brightness": {"type": "integer"},
                },
                "required": ["room"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "play_music",
            "description": "Play a song, artist or playlist on a speaker.",
            "parameters": {
                "type": "object",
                "properties": {"query": {"type": "string"}, "speaker": {"type": "string"}},
                "required": ["query"],
            },
        },
    },
]

CALENDAR_TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "create_event",
            "description": "Create a calendar event.",
            "parameters": {
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "start": {"type": "string"},
                    "duration_min": {"type": "integer"},
                    "attendees": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["title", "start"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "list_events",
            "description": "List calendar events in a date range.",
            "parameters": {
                "type": "object",
                "properties": {"from": {"type": "string"}, "to": {"type": "string"}},
                "required": ["from", "to"],
            },
        },
    },
]

DB_TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "run_sql",
            "description": "Run a read-only SQL query against the analytics warehouse and return rows.",
            "parameters": {
                "type": "object",
                "properties": {"sql": {"type": "string"}},
                "required": ["sql"],
            },
        },
    },
]
