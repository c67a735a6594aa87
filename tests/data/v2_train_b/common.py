# ruff: noqa: E501
"""Shared message builders, system prompts and tool schemas for the batch-b requests.

The prompts imitate the shape of what real clients send (agent rules, edit formats, chat
UIs, support bots) without copying any of them; the builders only save typing.
"""

from __future__ import annotations

from typing import Any

Message = dict[str, Any]
Tool = dict[str, Any]


def sys(text: str) -> Message:
    return {"role": "system", "content": text}


def user(text: str) -> Message:
    return {"role": "user", "content": text}


def asst(text: str) -> Message:
    return {"role": "assistant", "content": text}


def parts(*texts: str, image: str | None = None) -> Message:
    """A user turn given as a content-parts array, optionally with one image."""
    content: list[dict[str, Any]] = [{"type": "text", "text": t} for t in texts]
    if image is not None:
        content.append({"type": "image_url", "image_url": {"url": image}})
    return {"role": "user", "content": content}


def call(call_id: str, name: str, arguments: str) -> Message:
    """An assistant turn that calls one tool."""
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
        ],
    }


def result(call_id: str, content: str) -> Message:
    return {"role": "tool", "tool_call_id": call_id, "content": content}


def tool(
    name: str, description: str, props: dict[str, Any], required: list[str] | None = None
) -> Tool:
    """An OpenAI function tool with an object schema."""
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": props,
                "required": required if required is not None else list(props),
            },
        },
    }


S = {"type": "string"}
INT = {"type": "integer"}
N = {"type": "number"}
B = {"type": "boolean"}

# Generic chat-UI tools attached to every request by some front ends.
WEB_SEARCH = tool(
    "web_search", "Search the web and return the top results with snippets.", {"query": S}
)
IMAGE_GEN = tool(
    "image_generation",
    "Generate an image from a text prompt.",
    {"prompt": S, "size": S},
    ["prompt"],
)
CODE_INTERP = tool(
    "code_interpreter", "Run Python code in a sandbox and return stdout.", {"code": S}
)
CHAT_UI_TOOLS = [WEB_SEARCH, IMAGE_GEN, CODE_INTERP]

# Coding-agent tools.
READ_FILE = tool("read_file", "Read a file from the workspace.", {"path": S})
WRITE_FILE = tool(
    "write_file",
    "Write content to a file in the workspace, replacing it.",
    {"path": S, "content": S},
)
RUN_TESTS = tool(
    "run_tests", "Run the project's test suite or a subset of it.", {"path": S, "filter": S}, []
)
RUN_SHELL = tool(
    "run_shell",
    "Run a shell command in the project directory and return its output.",
    {"command": S, "timeout_s": INT},
    ["command"],
)
GREP = tool(
    "grep", "Search the workspace for a regular expression.", {"pattern": S, "glob": S}, ["pattern"]
)
LIST_DIR = tool("list_dir", "List the entries of a directory.", {"path": S})
GIT_TOOL = tool(
    "git",
    "Run a read-only git subcommand (log, diff, show, blame).",
    {"args": {"type": "array", "items": S}},
)
CODING_TOOLS = [READ_FILE, WRITE_FILE, RUN_TESTS, RUN_SHELL, GREP, LIST_DIR, GIT_TOOL]

# Business / assistant tools.
GET_WEATHER = tool(
    "get_weather",
    "Current weather and short forecast for a place.",
    {"location": S, "units": {"type": "string", "enum": ["metric", "imperial"]}},
    ["location"],
)
SEARCH_TICKETS = tool(
    "search_tickets",
    "Search the helpdesk for tickets.",
    {"query": S, "status": S, "limit": INT},
    ["query"],
)
UPDATE_TICKET = tool(
    "update_ticket",
    "Change fields of a helpdesk ticket.",
    {"ticket_id": S, "status": S, "assignee": S, "priority": S},
    ["ticket_id"],
)
LOOKUP_ORDER = tool(
    "lookup_order",
    "Fetch an order by its number or the customer's email.",
    {"order_id": S, "email": S},
    [],
)
REFUND_ORDER = tool(
    "refund_order",
    "Issue a full or partial refund for an order.",
    {"order_id": S, "amount": N, "reason": S},
    ["order_id", "reason"],
)
CREATE_INVOICE = tool(
    "create_invoice",
    "Create a draft invoice for a customer.",
    {
        "customer_id": S,
        "lines": {"type": "array", "items": {"type": "object"}},
        "currency": S,
        "due_days": INT,
    },
    ["customer_id", "lines"],
)
SEND_EMAIL = tool(
    "send_email", "Send an email from the user's account.", {"to": S, "subject": S, "body": S}
)
CALENDAR_CREATE = tool(
    "create_event",
    "Create a calendar event.",
    {"title": S, "start": S, "end": S, "attendees": {"type": "array", "items": S}},
    ["title", "start", "end"],
)
CALENDAR_LIST = tool(
    "list_events", "List calendar events between two timestamps.", {"start": S, "end": S}
)
SET_THERMOSTAT = tool(
    "set_thermostat", "Set the target temperature of a room.", {"room": S, "celsius": N}
)
LIGHTS = tool(
    "set_lights",
    "Turn lights on/off or dim them in a room.",
    {"room": S, "on": B, "brightness": INT},
    ["room"],
)
SQL_QUERY = tool(
    "run_sql", "Run a read-only SQL query against the analytics warehouse.", {"sql": S}
)
HTTP_REQUEST = tool(
    "http_request",
    "Send an HTTP request and return status and body.",
    {"method": S, "url": S, "headers": {"type": "object"}, "body": S},
    ["method", "url"],
)
KUBECTL = tool("kubectl", "Run a kubectl command against the current cluster.", {"args": S})
BOOK_FLIGHT = tool(
    "search_flights",
    "Search flights between two airports on a date.",
    {"origin": S, "destination": S, "date": S, "passengers": INT},
    ["origin", "destination", "date"],
)
BOOK_ROOM = tool(
    "book_meeting_room", "Reserve a meeting room.", {"room": S, "start": S, "minutes": INT}
)
CURRENCY = tool(
    "convert_currency",
    "Convert an amount between currencies at today's rate.",
    {"amount": N, "from": S, "to": S},
)
STOCK = tool("get_stock_quote", "Latest quote for a ticker.", {"symbol": S})
CRM_LOOKUP = tool(
    "crm_find_contact", "Find a contact in the CRM by name, email or company.", {"query": S}
)
JIRA_CREATE = tool(
    "jira_create_issue",
    "Create a Jira issue.",
    {"project": S, "summary": S, "description": S, "issue_type": S},
    ["project", "summary", "issue_type"],
)
SLACK_POST = tool(
    "slack_post_message", "Post a message to a Slack channel.", {"channel": S, "text": S}
)
DEPLOY = tool(
    "trigger_deploy",
    "Trigger a deployment pipeline for a service.",
    {"service": S, "environment": S, "ref": S},
    ["service", "environment"],
)
METRICS = tool("query_metrics", "Run a PromQL query over a time range.", {"query": S, "range": S})

# System prompts written for this batch.
CHAT_UI = "You are a helpful assistant. Answer clearly and concisely. Use Markdown when it helps readability."

CHAT_UI_RAG = (
    "You are a helpful assistant. Use the following context to answer the user's question. "
    "If the context does not contain the answer, say so.\n\n<context>\n{ctx}\n</context>"
)

AIDER_LIKE = """Act as an expert software developer. Always use best practices when coding.
Respect and use existing conventions, libraries, etc that are already present in the code base.

Take requests for changes to the supplied code. If the request is ambiguous, ask questions.

Once you understand the request you MUST:
1. Decide if you need to propose *SEARCH/REPLACE* edits to any files that haven't been added to the chat.
2. Think step-by-step and explain the needed changes in a few short sentences.
3. Describe each change with a *SEARCH/REPLACE block* per the examples below.

Every *SEARCH/REPLACE block* must use this format:
1. The file path alone on a line, verbatim.
2. The opening fence and code language, eg: ```python
3. The start of search block: <<<<<<< SEARCH
4. A contiguous chunk of lines to search for in the existing source code
5. The dividing line: =======
6. The lines to replace into the source code
7. The end of the replace block: >>>>>>> REPLACE
8. The closing fence: ```

Only create *SEARCH/REPLACE* blocks for files that the user has added to the chat!"""

CONTINUE_LIKE = """You are an AI programming assistant embedded in the user's IDE.
When the user asks for code, reply with code blocks that name the file path after the language, e.g. ```ts src/app.ts.
When editing existing code, show only the changed region with "// ... existing code ..." for the rest.
Be brief. Do not apologise. The user's open files are attached below when relevant."""

CLINE_LIKE = """You are Forge, a highly skilled software engineer with extensive knowledge in many programming languages, frameworks, design patterns, and best practices.

====

TOOL USE

You have access to a set of tools that are executed upon the user's approval. You can use one tool per message, and will receive the result of that tool use in the user's response. You use tools step-by-step to accomplish a given task, with each tool use informed by the result of the previous tool use.

# Tool Use Formatting

Tool use is formatted using XML-style tags. The tool name is enclosed in opening and closing tags, and each parameter is similarly enclosed within its own set of tags:

<tool_name>
<parameter1_name>value1</parameter1_name>
</tool_name>

# Tools

## execute_command
Description: Request to execute a CLI command on the system. Commands run in the current working directory.
Parameters:
- command: (required) The CLI command to execute.
- requires_approval: (required) true for destructive or networked commands.

## read_file
Description: Read the contents of a file at the specified path.
Parameters:
- path: (required) Path relative to the workspace root.

## write_to_file
Description: Write full content to a file, creating directories as needed.
Parameters:
- path: (required)
- content: (required) The COMPLETE intended content of the file.

## replace_in_file
Description: Replace sections of a file with SEARCH/REPLACE blocks.
Parameters:
- path: (required)
- diff: (required)

## search_files
Description: Regex search across files in a directory.
Parameters:
- path: (required)
- regex: (required)
- file_pattern: (optional)

## attempt_completion
Description: Present the result of your work to the user once the task is complete.
Parameters:
- result: (required)

====

RULES

- The current working directory is /home/dev/project. You cannot cd elsewhere.
- Do not ask for more information than necessary. Use the tools to accomplish the task efficiently.
- When you have completed the task, you MUST use attempt_completion.
- Wait for the user's response after each tool use before continuing."""

OPENHANDS_LIKE = """You are a software agent that solves tasks by interacting with a Linux sandbox.
At each turn you may either reply in natural language or act by emitting exactly one action:
<execute_bash>
COMMAND
</execute_bash>
or
<execute_ipython>
CODE
</execute_ipython>
or
<finish>MESSAGE</finish>
Observations from your actions are returned in the next user message, prefixed with OBSERVATION:.
The repository is checked out at /workspace. Prefer small verifiable steps; run tests after edits."""

CLI_AGENT = """You are a terminal coding agent running in the user's repository. You help with software engineering tasks: fixing bugs, adding features, explaining code, running commands.

# Tone
Be concise and direct. Answer in fewer than 4 lines unless the user asks for detail. No preamble.

# Doing tasks
- Use the search tools to understand the codebase before editing.
- Implement the solution using the available tools.
- Verify with the project's tests; never assume a test framework — check the README or build files.
- Run lint and typecheck commands when they exist.
- NEVER commit unless the user asks explicitly.

# Tool policy
- Prefer dedicated tools over shell equivalents (read_file over cat, grep over shell grep).
- Batch independent tool calls in one message.
- When a command may be destructive, explain what it does first.

Environment:
<env>
Working directory: /home/dev/repo
Is directory a git repo: yes
Platform: linux
</env>"""

REACT_PROMPT = """Answer the following questions as best you can. You have access to the following tools:

{tools}

Use the following format:

Question: the input question you must answer
Thought: you should always think about what to do
Action: the action to take, should be one of [{names}]
Action Input: the input to the action
Observation: the result of the action
... (this Thought/Action/Action Input/Observation can repeat N times)
Thought: I now know the final answer
Final Answer: the final answer to the original input question

Begin!"""

SUPPORT_BOT = """You are Sunny, the customer support assistant of BrightNest (smart home devices).
Be warm and brief. Never promise refunds over 200 EUR without a human. Use the tools to look up orders and tickets; never invent order data.
If a customer is angry, apologise once and move to a solution."""

TRIAGE_ROUTER = """You are a ticket router. For each incoming message reply with a single JSON object:
{"queue": one of ["billing","technical","account","sales","abuse"], "priority": one of ["P1","P2","P3","P4"], "sentiment": one of ["positive","neutral","negative"]}
No prose, no explanation."""


def case(
    cid: str,
    label: str,
    lang: str,
    note: str,
    messages: list[Message],
    tools: list[Tool] | None = None,
) -> dict[str, Any]:
    """One labelled request; the id gets the folder prefix so batches never collide."""
    out: dict[str, Any] = {
        "id": f"v2_train_b-{cid}",
        "messages": messages,
        "label": label,
        "lang": lang,
        "note": note,
    }
    if tools is not None:
        out["tools"] = tools
    return out
