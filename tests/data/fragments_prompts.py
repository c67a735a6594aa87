# ruff: noqa: E501
"""Hand-written system prompts and tool definitions for the classification dataset.

The agent system prompts are our own paraphrases of the *shape* of prompts that coding
agents send (edit-format instructions, tool protocols), not copies of them.
"""

from __future__ import annotations

from typing import Any

AIDER_LIKE = """Act as an expert software developer. Always use best practices when coding.
Respect and use existing conventions, libraries, etc that are already present in the code base.
Take requests for changes to the supplied code. If the request is ambiguous, ask questions.
Once you understand the request you MUST:
1. Decide if you need to propose edits to any files that haven't been added to the chat.
2. Describe each change with a *SEARCH/REPLACE block* per the examples below.
Every *SEARCH/REPLACE block* must use this format:
path/to/file.py
<<<<<<< SEARCH
exact existing lines
=======
replacement lines
>>>>>>> REPLACE
Only create SEARCH/REPLACE blocks for files that the user has added to the chat!"""

CONTINUE_LIKE = """You are a helpful coding assistant inside the user's IDE. When you write code,
always put it in a fenced code block and include the file path after the language name when you
know it, e.g. ```python src/main.py. Keep explanations short. The user's currently open file is
included below when relevant."""

CLINE_LIKE = """You are a highly skilled software engineer working inside the user's editor.
You have access to a set of tools that are executed upon the user's approval. You can use one tool
per message, and will receive the result of that tool use in the user's response. Tool use is
formatted using XML-style tags:
<tool_name>
<parameter1_name>value1</parameter1_name>
</tool_name>
# Tools
## execute_command
Description: Run a CLI command on the system. Parameters: command (required)
## read_file
Description: Read the contents of a file at the specified path. Parameters: path (required)
## write_to_file
Description: Write content to a file, creating it if needed. Parameters: path, content
## replace_in_file
Description: Replace sections of a file using SEARCH/REPLACE blocks. Parameters: path, diff
## attempt_completion
Description: Present the result of your work once the task is complete.
# Rules
- Your current working directory is: /home/user/project
- Always wait for the user to confirm the result of each tool use before continuing."""

OPENHANDS_LIKE = """You are an autonomous agent that solves tasks by interacting with a sandboxed
environment. You can run shell commands with <execute_bash>...</execute_bash> and Python with
<execute_ipython>...</execute_ipython>; the output will be returned to you as an observation.
Edit files with the str_replace_editor tool. Work step by step: explore the repository, reproduce
the issue, make the change, run the tests, and finish with <finish></finish> when done.
The repository is checked out at /workspace."""

REACT_LIKE = """Answer the user's question as best you can. You have access to the following tools:

search_docs: searches the internal documentation. Input: a query string.
run_sql: runs a read-only SQL query against the analytics warehouse. Input: SQL.

Use the following format:
Thought: think about what to do
Action: the action to take, one of [search_docs, run_sql]
Action Input: the input to the action
Observation: the result of the action
... (repeat Thought/Action/Observation as needed)
Final Answer: the final answer to the original question"""

JSON_CALL_LIKE = """You are a function-calling assistant for a smart home. When the user asks for
something you can do with a function, reply ONLY with a JSON object of the form
{"name": <function name>, "arguments": {...}} and nothing else.
Available functions:
- set_light(room: string, on: boolean, brightness?: int 0-100)
- set_temperature(room: string, celsius: number)
- lock_door(door: string)"""

GENERIC_SYSTEMS: list[str] = [
    "You are a helpful assistant.",
    "You are ChatGPT-like assistant running locally. Answer concisely and accurately.",
    "Jesteś pomocnym asystentem. Odpowiadaj po polsku.",
    "Du bist ein hilfreicher Assistent.",
    "Eres un asistente útil y amable.",
    "你是一个乐于助人的助手。",
    "You are a friendly assistant. Current date: 2024-05-14. Use markdown when helpful.",
]

ROUTER_SYSTEMS: list[str] = [
    "You are a support-ticket router. Answer with exactly one of: billing, technical, account, sales, other.",
    "Classify the user's message sentiment as positive, neutral or negative. Output only the label.",
    "You label incoming GitHub issues. Reply with one label from: bug, feature, question, docs, duplicate.",
    "Assign a priority P1 (outage), P2 (major), P3 (minor) or P4 (cosmetic) to the incident below. One token only.",
    "Jesteś klasyfikatorem zgłoszeń. Zwróć jedną kategorię: reklamacja, zwrot, dostawa, inne.",
    "Du ordnest E-Mails einer Abteilung zu: Vertrieb, Buchhaltung, Support, Personal. Antworte nur mit dem Namen.",
    "Decide which model should handle this request: small, code or reasoning. Reply with the word only.",
]


def fn(name: str, description: str, **params: str) -> dict[str, Any]:
    """An OpenAI tool definition with string parameters."""
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": {k: {"type": "string", "description": v} for k, v in params.items()},
                "required": list(params)[:1],
            },
        },
    }


# Tools a chat UI may attach to every request, needed or not.
GENERIC_TOOLS: list[list[dict[str, Any]]] = [
    [
        fn("web_search", "Search the web for up-to-date information.", query="search query"),
        fn("generate_image", "Create an image from a text prompt.", prompt="what to draw"),
    ],
    [
        fn("web_search", "Search the internet.", query="the query"),
        fn("fetch_url", "Fetch the content of a web page.", url="page URL"),
        fn("memory_save", "Remember a fact about the user for later.", fact="the fact"),
    ],
    [
        fn(
            "code_interpreter",
            "Run Python code in a sandbox and return the output.",
            code="python code",
        ),
        fn("web_search", "Look things up online.", query="query"),
    ],
]

DOMAIN_TOOLS: dict[str, list[dict[str, Any]]] = {
    "thermostat": [
        fn(
            "set_thermostat",
            "Set the target temperature of the home thermostat.",
            celsius="target temperature",
        ),
        fn("get_thermostat", "Read the current temperature and target.", zone="zone name"),
    ],
    "weather": [
        fn(
            "get_weather",
            "Get the current weather or forecast for a city.",
            city="city name",
            day="today, tomorrow or a date",
        )
    ],
    "calendar": [
        fn(
            "create_event",
            "Create a calendar event.",
            title="title",
            start="ISO start",
            end="ISO end",
        ),
        fn("list_events", "List calendar events in a range.", start="ISO start", end="ISO end"),
    ],
    "tickets": [
        fn(
            "create_issue",
            "Create an issue in the tracker.",
            title="title",
            body="description",
            project="project key",
        ),
        fn("search_issues", "Search the tracker with a query.", jql="query"),
    ],
    "orders": [
        fn("lookup_order", "Look up an order by its number.", order_id="order number"),
        fn(
            "refund_order",
            "Refund an order fully or partially.",
            order_id="order number",
            amount="amount",
        ),
    ],
    "email": [fn("send_email", "Send an email.", to="recipient", subject="subject", body="body")],
    "db": [fn("run_query", "Run a read-only SQL query on the production replica.", sql="SQL text")],
    "shell": [
        fn(
            "bash",
            "Execute a shell command in the workspace and return stdout/stderr.",
            command="command line",
        )
    ],
    "files": [
        fn("read_file", "Read a file from the repository.", path="file path"),
        fn(
            "write_file", "Write a file in the repository.", path="file path", content="new content"
        ),
        fn("list_dir", "List a directory.", path="directory"),
    ],
    "currency": [
        fn(
            "convert_currency",
            "Convert an amount between currencies at today's rate.",
            amount="amount",
            src="from",
            dst="to",
        )
    ],
    "music": [
        fn("play_music", "Play music on the living room speaker.", query="artist, album or mood")
    ],
    "maps": [
        fn("find_places", "Find places near a location.", what="kind of place", near="location")
    ],
    "k8s": [fn("kubectl", "Run a kubectl command against the staging cluster.", args="arguments")],
}
