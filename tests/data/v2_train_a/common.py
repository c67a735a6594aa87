# ruff: noqa: E501
"""Message helpers, client-style system prompts and tool arrays shared by the case modules.

The prompts imitate the shape of what real clients send (edit-format coding assistants,
IDE chat, chat UIs, agent loops, support bots) without copying any of them verbatim.
"""

from __future__ import annotations

from typing import Any

Msg = dict[str, Any]


def sys(text: str) -> Msg:
    return {"role": "system", "content": text}


def user(text: str) -> Msg:
    return {"role": "user", "content": text}


def asst(text: str) -> Msg:
    return {"role": "assistant", "content": text}


def parts(text: str, image_url: str | None = None) -> Msg:
    """A user turn as a content-parts array, optionally with a screenshot."""
    content: list[dict[str, Any]] = [{"type": "text", "text": text}]
    if image_url is not None:
        content.append({"type": "image_url", "image_url": {"url": image_url}})
    return {"role": "user", "content": content}


def call(call_id: str, name: str, arguments: str) -> Msg:
    """An assistant turn that only calls a tool."""
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
        ],
    }


def result(call_id: str, text: str) -> Msg:
    return {"role": "tool", "tool_call_id": call_id, "content": text}


def case(
    cid: str,
    label: str,
    lang: str,
    note: str,
    messages: list[Msg],
    tools: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": f"v2_train_a_{cid}",
        "messages": messages,
        "label": label,
        "lang": lang,
        "note": note,
    }
    if tools:
        row["tools"] = tools
    return row


def tool(
    name: str, description: str, props: dict[str, str], required: list[str] | None = None
) -> dict[str, Any]:
    """An OpenAI function tool whose parameters are all strings unless typed as 'name:type'."""
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


# --- generic chat-UI tools: attached to every request, usually irrelevant to the ask ---
WEB_SEARCH = tool(
    "web_search",
    "Search the web and return the top results with snippets.",
    {"query": "search terms"},
)
IMAGE_GEN = tool(
    "image_generation",
    "Generate an image from a text prompt.",
    {"prompt": "what to draw", "size": "e.g. 1024x1024"},
)
CODE_INTERP = tool(
    "code_interpreter", "Run Python code in a sandbox and return stdout.", {"code": "python source"}
)
CHAT_UI_TOOLS = [WEB_SEARCH, IMAGE_GEN, CODE_INTERP]
SEARCH_ONLY = [WEB_SEARCH]

# --- domain tools ---
READ_FILE = tool("read_file", "Read a file from the workspace.", {"path": "relative path"})
WRITE_FILE = tool(
    "write_file",
    "Overwrite a file in the workspace.",
    {"path": "relative path", "content": "new content"},
    ["path", "content"],
)
RUN_TESTS = tool(
    "run_tests",
    "Run the project's test suite (optionally one test) and return the output.",
    {"target": "test path or node id"},
    [],
)
RUN_SHELL = tool(
    "run_shell", "Run a shell command in the repository root.", {"command": "the command line"}
)
SEARCH_TICKETS = tool(
    "search_tickets",
    "Search the helpdesk for tickets.",
    {"query": "free text", "status": "open|closed|any"},
)
GET_WEATHER = tool("get_weather", "Current weather for a city.", {"city": "city name"})
CREATE_INVOICE = tool(
    "create_invoice",
    "Create a draft invoice for a customer.",
    {"customer_id": "customer id", "amount:number": "amount in EUR"},
    ["customer_id", "amount"],
)
GET_ORDER = tool("get_order", "Look up an order by id.", {"order_id": "order id"})
GIT_DIFF = tool(
    "git_diff",
    "Show the working-tree diff of the repository.",
    {"path": "optional path filter"},
    [],
)
IDE_TOOLS = [READ_FILE, WRITE_FILE, RUN_TESTS, RUN_SHELL]

# --- system prompts in the style of common clients (written for this set) ---
AIDER = """Act as an expert software developer. Always use best practices when coding.
Respect and use existing conventions, libraries, etc that are already present in the code base.

Take requests for changes to the supplied code. If the request is ambiguous, ask questions.

Once you understand the request you MUST:
1. Decide if you need to propose *SEARCH/REPLACE* edits to any files that haven't been added to the chat.
2. Think step-by-step and explain the needed changes in a few short sentences.
3. Describe each change with a *SEARCH/REPLACE block* per the examples below.

# *SEARCH/REPLACE block* Rules:
Every *SEARCH/REPLACE block* must use this format:
1. The *FULL* file path alone on a line, verbatim.
2. The opening fence and code language, eg: ```python
3. The start of search block: <<<<<<< SEARCH
4. A contiguous chunk of lines to search for in the existing source code
5. The dividing line: =======
6. The lines to replace into the source code
7. The end of the replace block: >>>>>>> REPLACE
8. The closing fence: ```

Only create *SEARCH/REPLACE* blocks for files that the user has added to the chat!
To move code within a file, use 2 *SEARCH/REPLACE* blocks.
Reply in the same language the user writes in."""

AIDER_WHOLE = """You are a senior engineer editing files in a git repo.
When you change a file, return the ENTIRE updated file in a fenced block preceded by its path on its own line.
Never elide code with comments like "... rest unchanged".
If you only need to answer a question, answer it without returning files.
Files in chat are read-write unless marked read-only."""

CONTINUE = """You are a helpful coding assistant embedded in the user's IDE.
When the user highlights code it is included below their message as a fenced block with its file path.
When you suggest code changes, put each change in a fenced code block annotated with the language and the file path, e.g. ```ts src/app.ts
Keep explanations short; the user can apply your block with one click."""

OPENWEBUI = (
    "You are a helpful assistant. Today's date is 2026-12-05. Answer in the user's language."
)

OPENWEBUI_RAG = """Use the following context to answer the user's question. If the context does not contain the answer, say so and answer from general knowledge, stating that you did.
<context>
{ctx}
</context>"""

COPILOT_CHAT = """You are a programming assistant inside a code editor. The user's active file and selection are attached.
Follow the user's requirements carefully. Prefer minimal diffs. Use Markdown code blocks with the language name."""

CLINE = """You are Forge, a highly skilled software engineer with extensive knowledge in many programming languages, frameworks, design patterns, and best practices.

TOOL USE

You have access to a set of tools that are executed upon the user's approval. You can use one tool per message, and will receive the result of that tool use in the user's response. You use tools step-by-step to accomplish a given task.

# Tool Use Formatting

Tool use is formatted using XML-style tags. The tool name is enclosed in opening and closing tags, and each parameter is similarly enclosed within its own set of tags:

<tool_name>
<parameter1_name>value1</parameter1_name>
</tool_name>

# Tools

## execute_command
Description: Request to execute a CLI command on the system.
Parameters:
- command: (required) The CLI command to execute.
## read_file
Description: Read the contents of a file at the specified path.
Parameters:
- path: (required)
## replace_in_file
Description: Replace sections of content in an existing file using SEARCH/REPLACE blocks.
Parameters:
- path: (required)
- diff: (required)
## attempt_completion
Description: Present the result of the task to the user once it is complete.

RULES
- Your current working directory is: /home/dev/project
- Do not ask for more information than necessary. Use the tools provided to accomplish the user's request efficiently.
- Always wait for the user to confirm the result of each tool use before proceeding."""

OPENHANDS = """A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed answers and can interact with a sandboxed Linux environment.
The assistant can run bash commands by wrapping them in <execute_bash></execute_bash>, and Python by wrapping it in <execute_ipython></execute_ipython>.
It can edit files with the str_replace_editor function. The workspace is at /workspace.
When the task is complete, the assistant replies with <finish></finish>."""

CLI_AGENT = """You are an interactive command-line coding agent working in the user's repository.
You have tools: Bash, Read, Edit, Write, Glob, Grep, TodoWrite, WebFetch. Prefer tools over guessing.
- Before editing a file, Read it.
- Keep answers concise; the output is rendered in a terminal.
- Never commit unless asked. Never push.
- When the user asks a question that needs no tool, just answer it.
Environment: linux, cwd=/home/me/src/app, git repo: yes."""

REACT = """Answer the following questions as best you can. You have access to the following tools:

search: useful for questions about current events. Input: a search query.
calculator: useful for math. Input: an expression.
python_repl: a Python shell. Input: a valid python command.

Use the following format:

Question: the input question you must answer
Thought: you should always think about what to do
Action: the action to take, should be one of [search, calculator, python_repl]
Action Input: the input to the action
Observation: the result of the action
... (this Thought/Action/Action Input/Observation can repeat N times)
Thought: I now know the final answer
Final Answer: the final answer to the original input question"""

SUPPORT_BOT = """You are Nora, the support assistant for Parcelly (parcel lockers and courier delivery).
Be friendly and concise. Never promise refunds; escalate refund requests to a human.
If a question is not about Parcelly, politely steer back."""

REVIEW_BOT = """You are a code review bot. For the diff given, reply with a list of findings, each with severity (blocker/major/minor/nit), file:line and a one-sentence rationale. If there is nothing to flag, say LGTM."""

ROUTER_TRIAGE = """You are a ticket router. Reply with exactly one of: BILLING, BUG, FEATURE_REQUEST, ACCOUNT, OTHER. No explanation."""
