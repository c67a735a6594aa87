# ruff: noqa: E501
"""Building blocks shared by the evaluation modules: message helpers, client-style
system prompts and tool definitions, all written for this set."""

from __future__ import annotations

import json
from typing import Any

Message = dict[str, Any]
Case = dict[str, Any]

PREFIX = "eval_v2"


def sys_(text: str) -> Message:
    return {"role": "system", "content": text}


def u(content: str | list[dict[str, Any]]) -> Message:
    return {"role": "user", "content": content}


def a(content: str) -> Message:
    return {"role": "assistant", "content": content}


def parts(*texts: str, image: str | None = None) -> list[dict[str, Any]]:
    """Content as an array of parts, the way chat UIs send attachments."""
    out: list[dict[str, Any]] = [{"type": "text", "text": t} for t in texts]
    if image is not None:
        out.append({"type": "image_url", "image_url": {"url": image}})
    return out


def call(call_id: str, name: str, args: dict[str, Any], text: str | None = None) -> Message:
    """An assistant turn that asked for one tool call."""
    return {
        "role": "assistant",
        "content": text,
        "tool_calls": [
            {
                "id": call_id,
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)},
            }
        ],
    }


def result(call_id: str, content: str) -> Message:
    return {"role": "tool", "tool_call_id": call_id, "content": content}


def fn(
    name: str, description: str, props: dict[str, str], required: list[str] | None = None
) -> dict[str, Any]:
    """An OpenAI function tool; every property is a string unless named `*:type`."""
    properties: dict[str, Any] = {}
    for key, desc in props.items():
        pname, _, ptype = key.partition(":")
        properties[pname] = {"type": ptype or "string", "description": desc}
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": required if required is not None else list(properties)[:1],
            },
        },
    }


class Cases:
    """Collects the cases of one module and numbers them in writing order."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.items: list[Case] = []

    def add(
        self,
        label: str,
        lang: str,
        note: str,
        messages: list[Message],
        tools: list[dict[str, Any]] | None = None,
    ) -> None:
        case: Case = {
            "id": f"{PREFIX}-{self.group}-{len(self.items) + 1:03d}",
            "messages": messages,
            "label": label,
            "lang": lang,
            "note": note,
        }
        if tools:
            case["tools"] = tools
        self.items.append(case)


# --- tools -----------------------------------------------------------------

WEB_SEARCH = fn(
    "web_search",
    "Search the web and return the top results with snippets.",
    {"query": "search terms"},
)
IMAGE_GEN = fn(
    "image_generation",
    "Create an image from a text prompt.",
    {"prompt": "what to draw", "size": "e.g. 1024x1024"},
)
CODE_INTERP = fn(
    "code_interpreter", "Run Python code in a sandbox and return stdout.", {"code": "python source"}
)
CHAT_UI_TOOLS = [WEB_SEARCH, IMAGE_GEN, CODE_INTERP]

READ_FILE = fn(
    "read_file", "Read a file from the workspace.", {"path": "path relative to the repo root"}
)
WRITE_FILE = fn(
    "write_file",
    "Write content to a file, replacing it.",
    {"path": "file path", "content": "new content"},
    ["path", "content"],
)
RUN_TESTS = fn(
    "run_tests",
    "Run the project's test suite or a subset.",
    {"selector": "test path or -k expression"},
    [],
)
RUN_SHELL = fn(
    "run_shell",
    "Run a shell command in the workspace and return its output.",
    {"command": "the command line", "timeout_s:integer": "timeout"},
)
GREP = fn(
    "search_code", "Search the repository for a regex.", {"pattern": "regex", "glob": "file filter"}
)
LIST_DIR = fn("list_dir", "List a directory.", {"path": "directory"})
CODING_TOOLS = [READ_FILE, WRITE_FILE, RUN_TESTS, RUN_SHELL, GREP, LIST_DIR]

GET_WEATHER = fn(
    "get_weather",
    "Current weather and forecast for a city.",
    {"city": "city name", "days:integer": "forecast days"},
)
SEARCH_TICKETS = fn(
    "search_tickets",
    "Search the helpdesk for tickets.",
    {"query": "free text", "status": "open|pending|closed"},
)
CREATE_INVOICE = fn(
    "create_invoice",
    "Create a draft invoice for a customer.",
    {
        "customer_id": "customer",
        "amount:number": "total",
        "currency": "ISO code",
        "due_date": "YYYY-MM-DD",
    },
    ["customer_id", "amount"],
)
LOOKUP_ORDER = fn(
    "lookup_order",
    "Fetch an order by number or customer email.",
    {"order_id": "order number", "email": "customer email"},
    [],
)
REFUND_ORDER = fn(
    "refund_order",
    "Refund an order fully or partly.",
    {"order_id": "order number", "amount:number": "amount to refund", "reason": "reason"},
)
BOOK_MEETING = fn(
    "book_meeting",
    "Book a calendar slot with attendees.",
    {
        "title": "title",
        "start": "ISO datetime",
        "duration_min:integer": "minutes",
        "attendees": "comma separated emails",
    },
    ["title", "start"],
)
SEND_EMAIL = fn(
    "send_email",
    "Send an email.",
    {"to": "recipient", "subject": "subject", "body": "body"},
    ["to", "subject", "body"],
)
SET_THERMOSTAT = fn(
    "set_thermostat",
    "Set the target temperature of a room.",
    {"room": "room name", "celsius:number": "target temperature"},
    ["celsius"],
)
QUERY_DB = fn(
    "query_db", "Run a read-only SQL query against the analytics warehouse.", {"sql": "SQL text"}
)
CREATE_ISSUE = fn(
    "create_issue",
    "Create an issue in the tracker.",
    {"title": "title", "body": "markdown body", "labels": "comma separated"},
    ["title"],
)
STOCK = fn("get_stock_price", "Latest price for a ticker.", {"ticker": "symbol"})
K8S_PODS = fn(
    "kubectl_get",
    "Run `kubectl get` for a resource kind in a namespace.",
    {"kind": "pods|deployments|...", "namespace": "namespace"},
)
FLIGHTS = fn(
    "search_flights",
    "Search flights.",
    {"origin": "IATA", "destination": "IATA", "date": "YYYY-MM-DD"},
    ["origin", "destination", "date"],
)
TRANSLATE = fn(
    "translate_text",
    "Translate text with the company glossary.",
    {"text": "text", "target": "language code"},
)
CALC = fn("calculator", "Evaluate an arithmetic expression.", {"expression": "expression"})

# --- system prompts ----------------------------------------------------------

PLAIN = "You are a helpful assistant."

WEBUI = "You are a friendly, knowledgeable assistant. Answer in the language the user writes in. Use Markdown when it helps. Today is 2026-12-05."

WEBUI_RAG = """Use the following context as your learned knowledge, inside <context></context> XML tags.
<context>
{context}
</context>
When answering: if you don't know, say so. Do not mention that the information came from the context. Answer in the user's language."""

AIDER = """Act as a seasoned software engineer who makes careful, minimal edits.
Honour the user's request exactly; if something is ambiguous, ask before editing.
Whenever you change code, express every change as a *SEARCH/REPLACE block*:

path/to/file.ext
```language
<<<<<<< SEARCH
exact lines currently in the file
=======
replacement lines
>>>>>>> REPLACE
```

Rules:
- The SEARCH part must match the file character for character, comments included.
- Keep blocks small; several small blocks beat one large block.
- To create a file, use an empty SEARCH section.
- Only edit files the user has added to the chat; ask for others by path.
- Explain the change in one or two sentences before the blocks."""

CONTINUE = """You are a coding assistant running inside the user's editor. The user may attach
files or selections; they appear as fenced blocks with a path header such as ```ts src/app.ts.
Prefer concise answers. When you propose code, give complete fenced blocks the user can
apply with one click, labelled with the file path. Don't repeat unchanged code unless asked."""

CLINE = """You are Kestrel, a senior software engineer who works inside the user's VS Code workspace through tools.

====
TOOL USE

You may use one tool per message, and you will receive the result of that tool in the user's next message. Use tools step by step, each informed by the last result.

# Tool format
Tool calls are written as XML tags:
<tool_name>
<param>value</param>
</tool_name>

# Tools
## read_file
Read a file. Parameters: path (required).
## write_to_file
Write a whole file. Parameters: path (required), content (required).
## replace_in_file
Targeted edits with SEARCH/REPLACE blocks. Parameters: path, diff.
## execute_command
Run a CLI command in the workspace terminal. Parameters: command (required), requires_approval (true|false).
## search_files
Regex search across files. Parameters: path, regex, file_pattern.
## list_files
List a directory. Parameters: path, recursive.
## ask_followup_question
Ask the user for missing information. Parameters: question.
## attempt_completion
Present the final result once the task is finished. Parameters: result.

====
RULES
- The working directory is /home/dev/project; you cannot cd elsewhere.
- Never assume a tool succeeded; wait for the result.
- Prefer replace_in_file for small edits, write_to_file for new files.
- Do not end your answer with a question unless using ask_followup_question.
- Be direct and technical; don't start messages with "Great" or "Certainly".

====
OBJECTIVE
Break the task into steps, work through them with tools, then call attempt_completion."""

OPENHANDS = """You are an autonomous software agent working in a Linux sandbox (workspace at /workspace).
You solve tasks by acting: to run shell commands wrap them in <execute_bash>...</execute_bash>;
to run Python wrap it in <execute_ipython>...</execute_ipython>; to open or edit files use the
str_replace_editor tool. After each action you will see an observation. Think briefly, act,
observe, repeat. When the task is complete, reply with <finish></finish>. Never ask the user
for permission for routine actions; do not run interactive programs."""

CLI_AGENT = """You are Forge, an interactive command-line engineering assistant. You help users with software tasks in their local repository using the tools provided.

# Tone
Be concise and direct. Short answers (under 4 lines) unless the user asks for detail. No preamble, no postamble.

# Doing tasks
1. Understand the request; search the codebase with the search tools to learn conventions.
2. Implement using the edit tools; follow existing style, libraries and patterns.
3. Verify with the project's tests and linters; never assume a test framework.
4. Never commit unless the user asks explicitly.

# Tool policy
- Batch independent tool calls in one message.
- Prefer search_code over running grep through run_shell.
- Read a file before editing it.
- Refuse to write code that looks malicious.

# Code style
- Do not add comments unless asked.
- Match the surrounding code.

Working directory: /home/user/repo
Platform: linux
Is git repo: yes"""

REACT = """Answer the following question as well as you can. You have access to these tools:

{tools}

Use this format:

Question: the input question you must answer
Thought: think about what to do
Action: the action to take, one of [{names}]
Action Input: the input to the action
Observation: the result of the action
... (Thought/Action/Action Input/Observation can repeat N times)
Thought: I now know the final answer
Final Answer: the final answer to the original question

Begin!"""

SUPPORT = """You are "Pip", the support assistant of Northwind Gardens, an online shop for seeds, plants and garden tools.
Be warm and brief. You may look up orders and issue refunds up to 50 EUR with your tools; larger refunds go to a human.
Shipping: 2–4 working days in the EU. Returns: 30 days, unused items. Never promise delivery dates."""

JSON_FN = """You are a function-calling assistant. When the user's request can be served by one of the functions below, reply ONLY with a JSON object {{"name": <function>, "arguments": {{...}}}} and nothing else.

Functions:
{functions}"""
