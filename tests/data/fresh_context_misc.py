# ruff: noqa: E501
"""Second batch: whole-repository asks, observed failures, chat and tool requests."""

from __future__ import annotations

# Short asks whose scope is a whole repository/codebase/project (SPEC §2 large_context).
REPO_ASKS: list[str] = [
    "Go through the whole repo and list every place where we read environment variables directly instead of via settings.py.",
    "Scan our entire codebase for hard-coded credentials and tell me which files have them.",
    "Find all usages of the deprecated `legacy_client` module across the project and propose how to replace each.",
    "Explain the overall architecture of this repository: main packages, how they depend on each other, and where requests enter.",
    "Rename `customerId` to `accountId` everywhere in the project — models, API, tests, migrations.",
    "Audit all the services in our monorepo for missing input validation on HTTP handlers.",
    "Read through every file in src/ and write a dependency graph of the modules.",
    "Check the complete project for places where we swallow exceptions silently.",
    "Update all 40 microservices in this repo to the new logging library and tell me which ones need manual changes.",
    "Look at the whole codebase and tell me what's dead code we could delete.",
    "Add type hints to every module in the package, starting with the public API.",
    "Document every public function across the repository in Google docstring style.",
    "Przejrzyj całe repozytorium i znajdź wszystkie miejsca, gdzie logujemy dane osobowe.",
    "Zrób przegląd całego projektu pod kątem wydajności zapytań do bazy.",
    "Durchsuche das gesamte Repository nach TODO-Kommentaren und gruppiere sie nach Modul.",
    "Analysiere die komplette Codebasis und erkläre mir die Architektur.",
    "Revisa todo el repositorio y dime qué dependencias están desactualizadas o sin usar.",
    "Analiza todo el código del proyecto y detecta posibles inyecciones SQL.",
    "把整个代码库里所有用到旧版日志接口的地方都找出来。",
    "通读整个项目，给我画出模块之间的调用关系。",
    "Migrate the entire project from Jest to Vitest, all test files included.",
    "Across all packages in this workspace, which ones still import from `utils/old`?",
]

# Asks for a large pasted body (over ~12k tokens: large_context whatever they ask).
LONG_ASKS: list[str] = [
    "Why does the last job in this log fail?",
    "Review this whole module for thread-safety problems.",
    "Summarize this transcript for the board.",
    "Classify each of these tickets by team.",
    "Find the bug that causes the duplicated rows.",
    "Podsumuj ten dokument.",
    "Was steht in diesem Bericht Wichtiges?",
    "¿Qué errores ves en este código?",
    "这份日志里哪个服务先出问题的？",
]

# Observed failures, with asks that never say "fix" and some that do.
FAILURES: list[str] = [
    "I ran `npm run build` and got this:\n\nsrc/components/Chart.tsx:42:17 - error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.\n\n42     formatLabel(props.title)\n                   ~~~~~~~~~~~\n\nFound 1 error.",
    "pytest output:\n\n    def test_total():\n>       assert cart_total([Item(2, 9.99)]) == 19.98\nE       assert 19.979999999999997 == 19.98\n\ntests/test_cart.py:12: AssertionError\n\nwhat am I doing wrong?",
    "My script prints the dates one day off. Input '2025-03-01', output 'Feb 28'. I'm using `new Date('2025-03-01').toLocaleDateString()` in the browser in New York.",
    "Getting this on startup since I upgraded SQLAlchemy:\n\nsqlalchemy.exc.ArgumentError: Textual SQL expression 'SELECT 1' should be explicitly declared as text('SELECT 1')",
    "The Go program hangs forever after printing 'done'. No error, it just never exits. I use a WaitGroup and a channel for results.",
    'Docker build fails at step 5/9:\n\n#9 12.31 ERROR: Could not find a version that satisfies the requirement torch==2.1.0+cu118 (from versions: 2.2.0, 2.2.1)\n#9 ERROR: process "/bin/sh -c pip install -r requirements.txt" did not complete successfully: exit code: 1',
    "Nie działa mi logowanie po wdrożeniu, w konsoli przeglądarki: `Access to fetch at 'https://api.example.pl/login' from origin 'https://app.example.pl' has been blocked by CORS policy`.",
    "Mein Cronjob läuft nicht mehr. Im Syslog steht nur: `(CRON) info (No MTA installed, discarding output)` und das Skript hat keine Wirkung.",
    "Al ejecutar las migraciones me sale: `django.db.utils.OperationalError: no such column: shop_order.discount_code`. ¿Qué pasa?",
    "运行时报错：`RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB`，batch size 已经调到 8 了。",
    "The unit test passes alone but fails when the whole suite runs: `AssertionError: expected 1 call, got 2` in test_notify_sends_email.",
    "Our GitHub Action started failing today:\n\nRun actions/setup-python@v5\nError: The version '3.7' with architecture 'x64' was not found for Ubuntu 24.04.",
]

CHAT: list[str] = [
    "What's the difference between a process and a thread, in two sentences?",
    "good morning! how's it going?",
    "Who wrote 'The Pragmatic Programmer'?",
    "Is Rust harder to learn than Go?",
    "Co to jest Kubernetes w prostych słowach?",
    "Was bedeutet eigentlich 'idempotent'?",
    "¿Qué lenguaje me recomiendas para empezar a programar?",
    "机器学习和深度学习有什么区别？",
    "lol that's exactly what my manager said",
    "What does 'classify' mean in biology?",
]

TOOL_REQUESTS: list[tuple[str, str]] = [
    ("home", "it's way too dark in the living room"),
    ("home", "put on some jazz in the kitchen"),
    ("calendar", "Book 30 minutes with Marta tomorrow at 10 to go over the roadmap."),
    ("calendar", "What's on my calendar next Tuesday?"),
    ("db", "How many orders did we get yesterday, split by country?"),
    ("tickets", "Assign ticket 4411 to Kamil and tag it billing."),
    ("home", "Wyłącz światło w sypialni."),
    ("calendar", "Trag mir für Freitag 14 Uhr ein Meeting 'Budget' mit Jonas ein."),
]

AGENT_TASKS: list[str] = [
    "Add a /health endpoint to the Express server and make sure the tests still pass.",
    "The README's install section is outdated; update it to use uv instead of pip.",
    "Create a React component for the user avatar with fallback initials and wire it into the header.",
    "Find out why `make test` fails in this repo and make it pass.",
    "Dodaj do projektu plik .editorconfig i popraw formatowanie, jeśli trzeba.",
]
