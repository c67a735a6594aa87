# ruff: noqa: E501
"""tool_use, part 2: coding agents acting through tools, commands to run now, tool loops."""

from __future__ import annotations

from .common import (
    CHAT_UI,
    CLI_AGENT,
    CLINE_LIKE,
    CODING_TOOLS,
    DEPLOY,
    GIT_TOOL,
    GREP,
    HTTP_REQUEST,
    KUBECTL,
    METRICS,
    OPENHANDS_LIKE,
    READ_FILE,
    RUN_SHELL,
    SLACK_POST,
    asst,
    call,
    case,
    parts,
    result,
    sys,
    user,
)

L = "tool_use"

CASES = [
    case(
        "tool-101",
        L,
        "en",
        "CLI agent with tools; 'run the tests' is an action",
        [sys(CLI_AGENT), user("run the tests for the billing package and tell me what fails")],
        CODING_TOOLS,
    ),
    case(
        "tool-102",
        L,
        "en",
        "CLI agent; find where something is defined = grep action",
        [sys(CLI_AGENT), user("where do we set the retry backoff for the webhook sender?")],
        CODING_TOOLS,
    ),
    case(
        "tool-103",
        L,
        "en",
        "Cline XML protocol; add a component through the agent loop",
        [
            sys(CLINE_LIKE),
            user(
                "<task>\nAdd a DarkModeToggle component to src/components and render it in the Navbar.\n</task>\n<environment_details>\n# VSCode Visible Files\nsrc/components/Navbar.tsx\n# Current Working Directory (/home/dev/project) Files\npackage.json\nsrc/\nsrc/components/Navbar.tsx\nsrc/components/Footer.tsx\nsrc/App.tsx\n</environment_details>"
            ),
        ],
    ),
    case(
        "tool-104",
        L,
        "en",
        "Cline loop mid-task: tool result returned, agent must continue with tools",
        [
            sys(CLINE_LIKE),
            user("<task>\nRename the `fetchUser` helper to `loadUser` everywhere.\n</task>"),
            asst("<search_files>\n<path>src</path>\n<regex>fetchUser</regex>\n</search_files>"),
            user(
                "[search_files for 'fetchUser'] Result:\nsrc/api/user.ts:12: export async function fetchUser(id: string) {\nsrc/pages/Profile.tsx:3: import { fetchUser } from '../api/user'\nsrc/pages/Profile.tsx:21:   const u = await fetchUser(params.id)\nsrc/hooks/useUser.ts:5:   return useQuery(['user', id], () => fetchUser(id))"
            ),
        ],
    ),
    case(
        "tool-105",
        L,
        "en",
        "OpenHands-style CodeAct; task to do in the sandbox",
        [
            sys(OPENHANDS_LIKE),
            user(
                "The repo's README says `make test` should pass. Get it passing on this machine and tell me what you had to change."
            ),
        ],
    ),
    case(
        "tool-106",
        L,
        "en",
        "OpenHands loop; observation returned, next action expected",
        [
            sys(OPENHANDS_LIKE),
            user("Install the project dependencies and check that the CLI starts."),
            asst(
                "<execute_bash>\ncd /workspace && pip install -e . 2>&1 | tail -5\n</execute_bash>"
            ),
            user(
                "OBSERVATION:\nSuccessfully built mytool\nInstalling collected packages: mytool\nSuccessfully installed mytool-0.3.1\n[Command finished with exit code 0]"
            ),
        ],
    ),
    case(
        "tool-107",
        L,
        "en",
        "a shell command to run now (not a script to keep)",
        [sys(CLI_AGENT), user("check how much disk the docker images are eating")],
        CODING_TOOLS,
    ),
    case(
        "tool-108",
        L,
        "pl",
        "CLI agent, Polish: run lint",
        [
            sys(CLI_AGENT),
            user("odpal linter na całym src i popraw to, co da się poprawić automatycznie"),
        ],
        CODING_TOOLS,
    ),
    case(
        "tool-109",
        L,
        "de",
        "CLI agent, German: show the recent commits touching a file",
        [
            sys(CLI_AGENT),
            user("Wer hat zuletzt an config/loader.go gearbeitet und was wurde geändert?"),
        ],
        CODING_TOOLS,
    ),
    case(
        "tool-110",
        L,
        "es",
        "CLI agent, Spanish: run one test file",
        [sys(CLI_AGENT), user("ejecuta solo tests/test_parser.py y dime si pasa")],
        CODING_TOOLS,
    ),
    case(
        "tool-111",
        L,
        "zh",
        "CLI agent, Chinese: list files in a folder",
        [sys(CLI_AGENT), user("看看 migrations 目录下都有哪些文件，最新的是哪个")],
        CODING_TOOLS,
    ),
    case(
        "tool-112",
        L,
        "en",
        "deploy tool; trigger a deployment",
        [
            sys("You are the release bot. You can trigger deploys and post to Slack."),
            user("ship payments-api main to staging and ping #deploys when it's kicked off"),
        ],
        [DEPLOY, SLACK_POST],
    ),
    case(
        "tool-113",
        L,
        "en",
        "kubectl tool; scale a deployment",
        [
            sys(
                "You are an ops copilot with kubectl access to the prod-eu cluster. Confirm destructive operations."
            ),
            user("scale the image-resizer deployment to 6 replicas, traffic spike incoming"),
        ],
        [KUBECTL, METRICS],
    ),
    case(
        "tool-114",
        L,
        "en",
        "CLI agent: after a failing run_tests result, the user says 'go ahead' to apply",
        [
            sys(CLI_AGENT),
            user("run the unit tests"),
            call("t1", "run_tests", '{"path": "tests/unit"}'),
            result(
                "t1",
                "collected 212 items\n...\nFAILED tests/unit/test_dates.py::test_parse_iso_week - AssertionError: assert 52 == 53\n1 failed, 211 passed in 8.31s",
            ),
            asst(
                "211 passed, 1 failed: `test_parse_iso_week` expects week 53 for 2026-12-31 but got 52. Looks like the ISO-week calculation uses `%U` instead of `isocalendar()`. Want me to change it and rerun?"
            ),
            user("yep go ahead and rerun after"),
        ],
        CODING_TOOLS,
    ),
    case(
        "tool-115",
        L,
        "en",
        "generic question but the system prompt mandates tool use and the answer lives in the repo",
        [sys(CLI_AGENT), user("which version of pydantic are we pinned to?")],
        CODING_TOOLS,
    ),
    case(
        "tool-116",
        L,
        "en",
        "function-calling script: extract fields into a provided schema tool",
        [
            sys("Extract the shipment details by calling record_shipment. Do not answer in prose."),
            user(
                "Pallet of 40 boxes picked up from Rotterdam warehouse 3 on Dec 2, arriving Milan hub Dec 5, tracking RX-99281-IT, weight 612 kg"
            ),
        ],
        [
            {
                "type": "function",
                "function": {
                    "name": "record_shipment",
                    "description": "Store a shipment record.",
                    "parameters": {
                        "type": "object",
                        "properties": {
                            "origin": {"type": "string"},
                            "destination": {"type": "string"},
                            "pickup_date": {"type": "string"},
                            "eta": {"type": "string"},
                            "tracking": {"type": "string"},
                            "weight_kg": {"type": "number"},
                        },
                        "required": ["origin", "destination", "tracking"],
                    },
                },
            }
        ],
    ),
    case(
        "tool-117",
        L,
        "en",
        "http tool; call a webhook now",
        [
            sys("You are an integration assistant. Use http_request to talk to services."),
            user(
                'POST {"event":"test"} to https://hooks.example.io/in/8f2a and show me the response code'
            ),
        ],
        [HTTP_REQUEST],
    ),
    case(
        "tool-118",
        L,
        "en",
        "ask for a one-off command to run right now, no tools field, plain chat",
        [
            user(
                "give me the one-liner to kill whatever is listening on port 5173, I need it gone now"
            )
        ],
    ),
    case(
        "tool-119",
        L,
        "pl",
        "one-off command, Polish",
        [
            user(
                "jaką komendą na szybko sprawdzę, który proces zjada cały RAM na serwerze? potrzebuję teraz"
            )
        ],
    ),
    case(
        "tool-120",
        L,
        "de",
        "one-off git command to run now",
        [
            user(
                "Ich hab aus Versehen auf main committed statt auf meinem Feature-Branch. Welchen Befehl tippe ich jetzt, um den letzten Commit rüberzuschieben?"
            )
        ],
    ),
    case(
        "tool-121",
        L,
        "en",
        "Cline loop; task to add tests — still an agent acting through tools",
        [
            sys(CLINE_LIKE),
            user(
                "<task>\nWrite unit tests for src/utils/slugify.ts and run them with npm test.\n</task>\n<environment_details>\n# Current Working Directory (/home/dev/project) Files\npackage.json\njest.config.js\nsrc/utils/slugify.ts\nsrc/utils/dates.ts\n</environment_details>"
            ),
        ],
    ),
    case(
        "tool-122",
        L,
        "en",
        "CLI agent with tools; 'install X and wire it' is an action in the repo",
        [
            sys(CLI_AGENT),
            user("add ruff as a dev dependency and run it once so we see how bad it is"),
        ],
        CODING_TOOLS,
    ),
    case(
        "tool-123",
        L,
        "en",
        "ReAct script with search + sql; business question needs tools",
        [
            sys(
                "You are an analyst agent. Tools: run_sql(sql) on the sales DB; web_search(query). Think, then act with one tool per step using\nAction: tool\nAction Input: json\nUntil you can give Final Answer."
            ),
            user("Did our December promo beat last year's December promo in revenue so far?"),
        ],
    ),
    case(
        "tool-124",
        L,
        "en",
        "metrics + slack; check then report",
        [
            sys("You are an on-call assistant."),
            user(
                "check the error rate on the search service for the last hour and post a one-line status to #incident-4411"
            ),
        ],
        [METRICS, SLACK_POST],
    ),
    case(
        "tool-125",
        L,
        "es",
        "deploy tool, Spanish rollback",
        [
            sys("Eres el bot de despliegues."),
            user("haz rollback de web-frontend en producción a la versión v2.31.4, ya"),
        ],
        [DEPLOY],
    ),
    case(
        "tool-126",
        L,
        "zh",
        "kubectl tool, Chinese logs request",
        [
            sys("你是运维助手，可以通过 kubectl 操作集群。"),
            user("把 order-service 最新那个 pod 的最后 200 行日志拉出来给我看看"),
        ],
        [KUBECTL],
    ),
    case(
        "tool-127",
        L,
        "en",
        "CLI agent; user pastes an image of a failing CI badge and asks to rerun the job",
        [
            sys(CLI_AGENT),
            parts(
                "CI went red on my branch again (screenshot). Just retrigger the workflow with gh, I think it's the flaky runner.",
                image="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
            ),
        ],
        [RUN_SHELL, READ_FILE],
    ),
    case(
        "tool-128",
        L,
        "en",
        "grep tool only; find usages",
        [
            sys(
                "You are a code search assistant. Use grep to answer questions about the codebase."
            ),
            user("find every place we still call the deprecated `legacy_auth()`"),
        ],
        [GREP, READ_FILE],
    ),
    case(
        "tool-129",
        L,
        "en",
        "git tool; show what changed in a commit",
        [
            sys("You answer questions about the repository using the git tool."),
            user("what did commit 3fa91c2 change?"),
        ],
        [GIT_TOOL],
    ),
    case(
        "tool-130",
        L,
        "de",
        "OpenHands-like: set up a dev database in the sandbox",
        [
            sys(OPENHANDS_LIKE),
            user(
                "Starte eine lokale Postgres-Instanz im Container, leg die Datenbank 'shop_dev' an und führe die Migrationen aus."
            ),
        ],
    ),
    case(
        "tool-131",
        L,
        "en",
        "chat UI with tools; translation of user words to an action with web search (today's opening hours)",
        [sys(CHAT_UI), user("is the IKEA in Wrocław open today? it's a holiday isn't it")],
        [
            {
                "type": "function",
                "function": {
                    "name": "web_search",
                    "description": "Search the web.",
                    "parameters": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}},
                        "required": ["query"],
                    },
                },
            }
        ],
    ),
    case(
        "tool-132",
        L,
        "pl",
        "Cline-like agent, Polish task",
        [
            sys(CLINE_LIKE),
            user(
                "<task>\nDodaj endpoint GET /api/health w src/server.ts, który zwraca {status: 'ok'} i uruchom serwer, żeby sprawdzić curl-em.\n</task>"
            ),
        ],
    ),
    case(
        "tool-133",
        L,
        "en",
        "agent loop: tool call failed; user says try again with sudo",
        [
            sys(CLI_AGENT),
            user("restart nginx"),
            call("s1", "run_shell", '{"command": "systemctl restart nginx"}'),
            result(
                "s1",
                "Failed to restart nginx.service: Access denied\nSee system logs and 'systemctl status nginx.service' for details.",
            ),
            asst(
                "The restart failed with *Access denied* — the shell isn't running as root. Should I retry with sudo?"
            ),
            user("yes, sudo is fine"),
        ],
        [RUN_SHELL],
    ),
    case(
        "tool-134",
        L,
        "en",
        "tools present; user asks to fetch a URL's content",
        [
            sys("You are a research assistant. Tools: fetch_url(url), web_search(query)."),
            user(
                "pull the pricing table from https://example.com/pricing and tell me what the Team plan costs"
            ),
        ],
        [
            {
                "type": "function",
                "function": {
                    "name": "fetch_url",
                    "description": "Download a web page as text.",
                    "parameters": {
                        "type": "object",
                        "properties": {"url": {"type": "string"}},
                        "required": ["url"],
                    },
                },
            }
        ],
    ),
    case(
        "tool-135",
        L,
        "en",
        "weather tool, implied action 'should I bike to work'",
        [
            sys("You are a morning-briefing assistant."),
            user("should I bike to work or take the tram? I'm in Utrecht"),
        ],
        [
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Current weather and hourly forecast.",
                    "parameters": {
                        "type": "object",
                        "properties": {"city": {"type": "string"}},
                        "required": ["city"],
                    },
                },
            }
        ],
    ),
    case(
        "tool-136",
        L,
        "mixed",
        "English CLI agent prompt, Polish ask: run the migration",
        [
            sys(CLI_AGENT),
            user("puść migrację alembic upgrade head na lokalnej bazie i pokaż mi wynik"),
        ],
        CODING_TOOLS,
    ),
    case(
        "tool-137",
        L,
        "en",
        "CLI agent: run the benchmark script now",
        [
            sys(CLI_AGENT),
            user(
                "kick off scripts/bench_tokenizer.py with the big corpus and report the throughput number"
            ),
        ],
        CODING_TOOLS,
    ),
    case(
        "tool-138",
        L,
        "zh",
        "send email with tools, Chinese",
        [
            sys("你是办公助手，可以发送邮件和管理日程。"),
            user("给 zhang.wei@example.cn 发封邮件，说周五的评审改到下午三点"),
        ],
        [
            {
                "type": "function",
                "function": {
                    "name": "send_email",
                    "description": "Send an email.",
                    "parameters": {
                        "type": "object",
                        "properties": {
                            "to": {"type": "string"},
                            "subject": {"type": "string"},
                            "body": {"type": "string"},
                        },
                        "required": ["to", "body"],
                    },
                },
            }
        ],
    ),
]
