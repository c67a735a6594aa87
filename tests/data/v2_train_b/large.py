# ruff: noqa: E501
"""large_context: >12k-token bodies (seeded bulk, hand-written asks) and whole-repository asks."""

from __future__ import annotations

from .common import (
    AIDER_LIKE,
    CHAT_UI,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CODING_TOOLS,
    CONTINUE_LIKE,
    asst,
    case,
    parts,
    sys,
    user,
)
from .longgen import chat_export, csv_rows, log_lines, repo_dump, transcript

L = "large_context"

LONG_CASES = [
    case(
        "large-001",
        L,
        "en",
        "~55k chars of service logs; summarise what went wrong",
        [
            user(
                "Here's yesterday's combined log from all services. What went wrong during the day and when? Give me a timeline of the notable errors.\n\n"
                + log_lines(101, 600)
            )
        ],
    ),
    case(
        "large-002",
        L,
        "en",
        "~57k chars pasted Python repo; review for consistency",
        [
            sys(CHAT_UI),
            user(
                "I pasted our whole backend below. Review it for inconsistent error handling and places where amounts might overflow or lose cents.\n\n"
                + repo_dump(102, 12)
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "large-003",
        L,
        "pl",
        "~58k chars meeting transcript; Polish ask for a summary",
        [
            user(
                "Poniżej pełna transkrypcja naszego całodniowego warsztatu. Zrób z tego notatkę: decyzje, otwarte kwestie, kto co bierze.\n\n"
                + transcript(103, 350)
            )
        ],
    ),
    case(
        "large-004",
        L,
        "en",
        "~56k chars CSV; analytic question over it",
        [
            user(
                "Attached is our November orders export. Which country and channel combination has the highest refund rate, and is anything odd in the data?\n\n```csv\n"
                + csv_rows(104, 1100)
                + "\n```"
            )
        ],
    ),
    case(
        "large-005",
        L,
        "de",
        "~54k chars support chat export; German ask to triage themes",
        [
            user(
                "Hier der Export aller Support-Chats der letzten Woche. Ordne die Anliegen bitte Kategorien zu und sag mir, welche drei Themen am häufigsten vorkommen.\n\n"
                + chat_export(105, 300)
            )
        ],
    ),
    case(
        "large-006",
        L,
        "en",
        "~56k chars TSX files pasted via Continue; convert pattern across all of them",
        [
            sys(CONTINUE_LIKE),
            user(
                "These are all the feature components in web/src/features. Every one of them fetches inside useEffect. Migrate all of them to react-query's useQuery, keeping behaviour the same.\n\n"
                + repo_dump(106, 40, "ts")
            ),
        ],
    ),
    case(
        "large-007",
        L,
        "en",
        "~63k chars Go package dump; find where errors are not wrapped",
        [
            user(
                "Below is every file under internal/. Find all the places that return an error without wrapping it with context, and list them by file.\n\n"
                + repo_dump(107, 50, "go")
            )
        ],
    ),
    case(
        "large-008",
        L,
        "zh",
        "~55k chars of logs; Chinese ask to find root cause",
        [
            user(
                "下面是昨天全部服务的日志，帮我看看 payments 相关的报错集中在什么时间段，可能的原因是什么。\n\n"
                + log_lines(108, 600, start_hour=6)
            )
        ],
    ),
    case(
        "large-009",
        L,
        "es",
        "~58k chars transcript; Spanish ask for action items",
        [
            user(
                "Te pego la transcripción completa de la reunión de planificación (es larga, perdón). Sácame las tareas acordadas con su responsable.\n\n"
                + transcript(109, 350)
            )
        ],
    ),
    case(
        "large-010",
        L,
        "en",
        "multi-turn: long log pasted earlier, follow-up question over it",
        [
            user("Keep this log handy, I'll ask questions about it.\n\n" + log_lines(110, 600)),
            asst(
                "Got it — I have the log from 00:00 to about 17:00 across 8 services. What would you like to know?"
            ),
            user(
                "how many ERROR lines mention es-cluster-2, and do they cluster around a particular hour?"
            ),
        ],
    ),
    case(
        "large-011",
        L,
        "en",
        "~57k chars Python repo with an Aider prompt; add type hints everywhere",
        [
            sys(AIDER_LIKE),
            user(
                "I've added all the files of the shop package to the chat. Go through every module and make the logging consistent: use structured key=value messages everywhere.\n\n"
                + repo_dump(111, 12)
            ),
        ],
    ),
    case(
        "large-012",
        L,
        "en",
        "content parts carrying a huge CSV",
        [
            parts(
                "Quick sanity check on this export before I send it to finance — any duplicate order_ids or totals that don't match refunds?",
                "```csv\n" + csv_rows(112, 1100) + "\n```",
            )
        ],
    ),
    case(
        "large-013",
        L,
        "pl",
        "~54k chars chat export; Polish summary ask",
        [
            user(
                "Wklejam eksport rozmów z supportem z tego tygodnia. Podsumuj najczęstsze problemy klientów i co agenci zwykle odpowiadali.\n\n"
                + chat_export(113, 300)
            )
        ],
    ),
    case(
        "large-014",
        L,
        "en",
        "long log with a single question about failing job (would be fix if short)",
        [
            user(
                "The sync_crm job keeps failing. Full log below — why?\n\n"
                + log_lines(114, 600, start_hour=3)
            )
        ],
    ),
]

REPO_CASES = [
    case(
        "large-101",
        L,
        "en",
        "whole repository ask: architecture overview of the codebase",
        [
            user(
                "Go through the entire repository and give me an overview of its architecture: main modules, how they depend on each other, and where the entry points are."
            )
        ],
    ),
    case(
        "large-102",
        L,
        "en",
        "whole codebase audit for secrets",
        [
            sys(CLI_AGENT),
            user(
                "scan the whole codebase for hardcoded secrets, API keys or passwords and list every hit"
            ),
        ],
        CODING_TOOLS,
    ),
    case(
        "large-103",
        L,
        "en",
        "rename across all services in a monorepo",
        [
            user(
                "In our monorepo, rename the `customerId` field to `accountId` across all services, the shared protobufs, the TS clients and the SQL migrations."
            )
        ],
    ),
    case(
        "large-104",
        L,
        "pl",
        "Polish: przejrzyj cały projekt",
        [
            user(
                "Przejrzyj cały projekt i znajdź wszystkie miejsca, gdzie używamy przestarzałego API `datetime.utcnow()`."
            )
        ],
    ),
    case(
        "large-105",
        L,
        "de",
        "German: gesamte Codebasis dokumentieren",
        [
            user(
                "Erstelle für die gesamte Codebasis eine Übersicht aller REST-Endpunkte mit Methode, Pfad und zuständigem Handler."
            )
        ],
    ),
    case(
        "large-106",
        L,
        "es",
        "Spanish: todo el repositorio",
        [user("Revisa todo el repositorio y dime qué dependencias ya no se usan en ningún sitio.")],
    ),
    case(
        "large-107",
        L,
        "zh",
        "Chinese: 整个项目",
        [user("帮我把整个项目里所有的 console.log 都换成我们封装的 logger，并列出改了哪些文件。")],
    ),
    case(
        "large-108",
        L,
        "en",
        "whole repo: find dead code",
        [
            sys(CLI_AGENT),
            user(
                "find all the dead code in this repo — functions, classes and files nothing references anymore"
            ),
        ],
        CODING_TOOLS,
    ),
    case(
        "large-109",
        L,
        "en",
        "whole codebase: upgrade a library everywhere",
        [
            user(
                "We're upgrading SQLAlchemy 1.4 to 2.0. Go through the whole codebase and update every query to the 2.0 style."
            )
        ],
    ),
    case(
        "large-110",
        L,
        "en",
        "whole repo: write docs for every module",
        [
            sys(AIDER_LIKE),
            user(
                "Add a module docstring to every Python file in the repo that doesn't have one. All of them, not just the ones in the chat."
            ),
        ],
    ),
    case(
        "large-111",
        L,
        "en",
        "whole codebase: security review",
        [
            user(
                "Do a security review of our entire codebase (Rails app + React frontend): auth, input validation, SQL, file uploads, secrets. I'll give you access to all of it."
            )
        ],
    ),
    case(
        "large-112",
        L,
        "de",
        "German: alle Services auf Logging-Standard prüfen",
        [
            user(
                "Prüf bitte alle 23 Microservices in unserem Repo darauf, ob sie das gemeinsame Logging-Format verwenden, und liste die Abweichler auf."
            )
        ],
    ),
    case(
        "large-113",
        L,
        "pl",
        "Polish: migracja w całym repozytorium",
        [
            sys(CLI_AGENT),
            user(
                "Zmigruj całe repozytorium z Jest na Vitest — wszystkie pliki testowe, konfigurację i skrypty w package.json."
            ),
        ],
        CODING_TOOLS,
    ),
    case(
        "large-114",
        L,
        "en",
        "whole repo: explain how data flows end to end",
        [
            sys(CHAT_UI),
            user(
                "I've uploaded the full source of our app (~300 files). Trace how a user signup flows through the entire codebase, from the form to the welcome email."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "large-115",
        L,
        "es",
        "Spanish: documentación de todo el código",
        [
            user(
                "Genera un README por cada paquete de todo el monorepo explicando para qué sirve y cómo se usa."
            )
        ],
    ),
    case(
        "large-116",
        L,
        "zh",
        "Chinese: 全仓库代码审查",
        [user("对整个代码仓库做一次代码审查，重点看并发安全和资源泄漏，把问题按模块列出来。")],
    ),
    case(
        "large-117",
        L,
        "en",
        "whole codebase: count and classify TODOs",
        [
            user(
                "list every TODO and FIXME in the entire codebase, grouped by owner if there's a name in it"
            )
        ],
    ),
    case(
        "large-118",
        L,
        "en",
        "whole repo: add type hints everywhere",
        [
            sys(CONTINUE_LIKE),
            user("add type hints to every function in the whole project so mypy --strict passes"),
        ],
    ),
    case(
        "large-119",
        L,
        "en",
        "whole codebase question: where is X used across the project (many files)",
        [
            user(
                "Across the whole codebase, how many different ways do we format money for display? I want to consolidate them."
            )
        ],
    ),
    case(
        "large-120",
        L,
        "de",
        "German: komplettes Repository auf Python 3.12 heben",
        [
            user(
                "Bring das komplette Repository auf Python 3.12: Syntax, veraltete Module, CI-Konfiguration, Dockerfiles."
            )
        ],
    ),
    case(
        "large-121",
        L,
        "pl",
        "Polish: całą bazę kodu pod kątem wydajności",
        [
            user(
                "Przeanalizuj całą bazę kodu backendu pod kątem zapytań N+1 do bazy i wypisz wszystkie podejrzane miejsca."
            )
        ],
    ),
    case(
        "large-122",
        L,
        "en",
        "whole repo: license compliance check",
        [
            user(
                "Check every dependency in the whole repository (npm, pip and Go modules) for licenses that are incompatible with shipping a closed-source product."
            )
        ],
    ),
    case(
        "large-123",
        L,
        "es",
        "Spanish: migrar todo el proyecto a TypeScript",
        [
            user(
                "Quiero migrar todo el proyecto de JavaScript a TypeScript. Son unos 400 archivos. Empieza por el código compartido y sigue con el resto."
            )
        ],
    ),
    case(
        "large-124",
        L,
        "zh",
        "Chinese: 梳理整个代码库",
        [
            user(
                "我刚接手这个项目，请把整个代码库过一遍，告诉我每个目录是干什么的、核心业务逻辑在哪里。"
            )
        ],
    ),
    case(
        "large-125",
        L,
        "en",
        "whole codebase: consistent error messages (edit all)",
        [
            sys(CLI_AGENT),
            user(
                "make every user-facing error message in the entire codebase follow the new style guide: sentence case, no trailing period, no 'Oops'"
            ),
        ],
        CODING_TOOLS,
    ),
    case(
        "large-126",
        L,
        "en",
        "previous turn small, last asks over the entire repository",
        [
            user("what does utils/money.py do?"),
            asst(
                "It defines `to_cents`, `from_cents` and `format_eur` helpers for converting and displaying amounts."
            ),
            user(
                "ok, now check the entire repository for places that do money math with floats instead of these helpers"
            ),
        ],
    ),
    case(
        "large-127",
        L,
        "en",
        "whole repo performance profile request",
        [
            user(
                "Look at the whole codebase of our Django app and find the 10 views most likely to be slow, with reasons."
            )
        ],
    ),
]

CASES = LONG_CASES + REPO_CASES
