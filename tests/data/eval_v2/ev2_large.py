# ruff: noqa: E501
"""`large_context`: requests carrying more than ~12k tokens (seeded bulk material from
`ev2_longgen`, twelve of them) or asking to work over a whole repository/codebase."""

from __future__ import annotations

from ev2_common import AIDER, CHAT_UI_TOOLS, CONTINUE, WEBUI, Cases, a, parts, sys_, u
from ev2_longgen import app_log, source_tree, ticket_export, transcript

C = Cases("large")
T = "large_context"

DE_SATZE = [
    "Wir sollten die Zahlen aus dem letzten Quartal abwarten.",
    "Der Kunde hat sich wieder über den langsamen Export beschwert.",
    "Das Design ist noch nicht fertig, also verschieben wir das.",
    "Ich mache mir Sorgen wegen des Wartungsfensters.",
    "Die Rechtsabteilung will die Protokolle sieben Jahre aufbewahren.",
    "Wer ist eigentlich für die Alarme der Batch-Jobs zuständig?",
    "Der Vertrag hängt an der SSO-Integration.",
    "Ich kann morgen Nachmittag mit jemandem pairen.",
    "Das neue Dashboard ist fast fertig, nur die Filter fehlen.",
    "Wir hatten diesen Monat drei Störungen mit derselben Ursache.",
]
ES_FRASES = [
    "Creo que deberíamos revisar las cifras del último trimestre.",
    "El cliente volvió a quejarse de que la exportación es lenta.",
    "Podemos pasarlo al siguiente sprint si diseño no está listo.",
    "Me preocupa la ventana de migración, dos horas es poco.",
    "Marketing quiere la función para la campaña de primavera.",
    "¿Quién se encarga de las alertas de los procesos nocturnos?",
    "Tuvimos tres incidentes este mes, dos con la misma causa.",
    "El nuevo panel está casi terminado, faltan los filtros.",
]

# --- twelve requests over ~12k tokens -----------------------------------------

C.add(
    T,
    "en",
    "pasted Python repository (~60k chars) with a security review ask",
    [
        u(
            "Here's our whole backend (all files concatenated). Do a security review of all of it — injection, authz gaps, secrets, unsafe deserialisation.\n\n"
            + source_tree(101, "py", 60000)
        ),
    ],
)
C.add(
    T,
    "en",
    "long application log with a failure question (fix ask, but >12k tokens)",
    [
        u(
            "The nightly reconcile job failed. Full log below — why did it fail and what should we change?\n\n```\n"
            + app_log(202, 58000)
            + "\n```"
        ),
    ],
)
C.add(
    T,
    "en",
    "very long meeting transcript to summarise",
    [
        sys_(WEBUI),
        u(
            "Summarise this all-hands transcript into decisions and action items.\n\n"
            + transcript(303, 56000)
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "TSX codebase pasted, feature ask across all files",
    [
        sys_(CONTINUE),
        u(
            "These are all the components in our dashboard. Add dark-mode support across every one of them using the `theme` prop instead of hard-coded colours.\n\n"
            + source_tree(404, "ts", 57000)
        ),
    ],
)
C.add(
    T,
    "en",
    "Go service dump, find the duplicate-message bug",
    [
        u(
            "Somewhere in this service messages get processed twice. I pasted every file of the consumer service. Where's the bug?\n\n"
            + source_tree(505, "go", 59000)
        ),
    ],
)
C.add(
    T,
    "en",
    "ticket export to classify (triage ask over >12k tokens)",
    [
        sys_("You are a helpdesk analyst."),
        u(
            "Classify every ticket in this export as billing, bug, feature, account or how-to, and give me counts per class.\n\n"
            + ticket_export(606, 56000)
        ),
    ],
)
C.add(
    T,
    "zh",
    "Java 代码整体架构总结",
    [
        u(
            "下面是我们核心模块的全部 Java 源码。请总结整体架构、模块之间的依赖关系，并指出最需要重构的地方。\n\n"
            + source_tree(707, "java", 58000)
        ),
    ],
)
C.add(
    T,
    "pl",
    "długi log i pytanie po polsku",
    [
        u(
            "Wklejam cały log z nocnego przetwarzania. Co poszło nie tak i od kiedy?\n\n"
            + app_log(808, 57000, fail_at=0.55)
        ),
    ],
)
C.add(
    T,
    "de",
    "langes Protokoll einer Besprechung",
    [
        u(
            "Hier ist das komplette Transkript unseres Quartalsmeetings. Bitte fasse die Entscheidungen und offenen Punkte zusammen.\n\n"
            + transcript(909, 56000, ["Anna", "Bernd", "Claudia", "Dieter"], DE_SATZE)
        ),
    ],
)
C.add(
    T,
    "es",
    "transcripción larga de llamadas de soporte",
    [
        u(
            "Te paso las transcripciones de todas las llamadas de la semana. ¿Cuáles son los problemas más repetidos y qué propones?\n\n"
            + transcript(1001, 56000, ["Agente", "Cliente"], ES_FRASES)
        ),
    ],
)
C.add(
    T,
    "en",
    "multi-turn: huge file earlier, short follow-up; request still >12k tokens",
    [
        sys_(AIDER),
        u(
            "Read through these modules first, don't change anything yet.\n\n"
            + source_tree(1102, "py", 54000)
        ),
        a(
            "I've read them. The modules follow a common pattern: dataclass records and repository-driven functions that create missing entities and flag totals over a threshold. Ready for your request."
        ),
        u(
            "ok, now which of these functions lack tests-worthy edge handling for dry_run? list them"
        ),
    ],
)
C.add(
    T,
    "mixed",
    "content parts: big pasted code + Polish ask",
    [
        u(
            parts(
                "Tu jest cały nasz frontend. Znajdź wszystkie miejsca, gdzie kolory są wpisane na sztywno.",
                source_tree(1203, "ts", 55000),
            )
        ),
    ],
)

# --- whole-repository / codebase asks -------------------------------------------

TREE = """acme-shop/
├── apps/
│   ├── web/            (Next.js 14, 312 files)
│   ├── admin/          (React + Vite, 188 files)
│   └── mobile/         (React Native, 240 files)
├── services/
│   ├── orders/         (Go, 96 files)
│   ├── payments/       (Go, 71 files)
│   ├── catalog/        (Python/FastAPI, 120 files)
│   └── notifications/  (Node, 54 files)
├── packages/ui, packages/config, packages/api-client
├── infra/terraform (43 files), infra/k8s (88 manifests)
└── .github/workflows (17 files)"""

C.add(
    T,
    "en",
    "explain architecture of the whole monorepo",
    [
        u(
            "Here's the layout of our monorepo:\n\n"
            + TREE
            + "\n\nGo through the entire codebase and explain how a checkout request flows from the web app to payments and notifications."
        ),
    ],
)
C.add(
    T,
    "en",
    "Continue @codebase question",
    [
        sys_(CONTINUE),
        u(
            "@codebase where do we validate JWTs, and are there any endpoints across the repo that skip that check?"
        ),
    ],
)
C.add(
    T,
    "en",
    "find all usages of a deprecated API across the repository",
    [
        u(
            "We're upgrading to React 19. Scan the entire repository and list every file that uses `ReactDOM.render`, `findDOMNode`, string refs or legacy context, with line numbers."
        ),
    ],
)
C.add(
    T,
    "en",
    "repo-wide refactor ask",
    [
        sys_(AIDER),
        u(
            "Across the whole repo, replace our homegrown `logger.js` with pino. Every service and script, all ~400 files. Keep log levels and message formats."
        ),
    ],
)
C.add(
    T,
    "en",
    "write docs for the whole codebase",
    [
        u(
            "Generate a developer onboarding guide for this entire codebase: module overview, how the pieces talk to each other, how to run everything locally. The repo is github.com/acme/ledger (about 1,800 files)."
        ),
    ],
)
C.add(
    T,
    "en",
    "audit all services for secrets",
    [
        u(
            "I need a sweep of the whole monorepo (all 9 services, infra and CI) for hard-coded secrets, tokens and passwords, including test fixtures and old migration scripts."
        ),
    ],
)
C.add(
    T,
    "en",
    "dead code across the codebase",
    [
        u(
            "Which modules in our codebase are dead code? I mean across all 600+ Python files in the repo — nothing imports them and no entry point reaches them."
        ),
    ],
)
C.add(
    T,
    "en",
    "test coverage gaps across entire repository",
    [
        u(
            "Look at the entire repository and tell me which business-critical paths have no tests at all. Prioritise by risk."
        ),
    ],
)
C.add(
    T,
    "en",
    "license compliance across all dependencies and vendored code",
    [
        u(
            "Check every dependency manifest and vendored folder in the repo (package.json files, go.mod, requirements, the third_party/ dir) and list anything GPL/AGPL that we'd ship in the binary."
        ),
    ],
)
C.add(
    T,
    "en",
    "chat UI: upload of a zipped repo as content parts",
    [
        sys_(WEBUI),
        u(
            parts(
                "I uploaded our whole project as project.zip (extracted below is the file list; all files are attached in the knowledge base). Read every file and tell me how the plugin system works end to end.",
                "Files (1,146): src/plugins/loader.ts, src/plugins/registry.ts, src/plugins/sandbox/worker.ts, src/core/events.ts, src/core/config/*.ts (38 files), src/ui/**/*.tsx (512 files), …",
            )
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "cross-repo consistency check",
    [
        u(
            "We have 23 microservice repos. Compare all of them and find where the error response format differs from our API guideline (`{error: {code, message, details}}`)."
        ),
    ],
)
C.add(
    T,
    "en",
    "whole codebase migration estimate",
    [
        u(
            "Estimate the work to move this entire codebase from Python 3.8 to 3.12 — read through all modules and flag every place that will break (distutils, asyncio changes, removed modules, C extensions)."
        ),
    ],
)
C.add(
    T,
    "en",
    "N+1 queries across the whole Rails app",
    [
        u(
            "Go through all controllers, serializers and views in the whole Rails app and find N+1 queries. There are about 140 controllers."
        ),
    ],
)
C.add(
    T,
    "en",
    "rename a concept everywhere in the codebase",
    [
        sys_(CONTINUE),
        u(
            "Product decided 'workspace' is now called 'team'. I need every occurrence across the entire codebase found — code, DB migrations, i18n files, docs — and a plan for which ones we can rename safely."
        ),
    ],
)
C.add(
    T,
    "en",
    "all TODO/FIXME in the repo triaged",
    [
        u(
            "Collect all TODO, FIXME and HACK comments in the entire repository (it's big, ~3k files) and group them by area."
        ),
    ],
)
C.add(
    T,
    "pl",
    "całe repozytorium: architektura",
    [
        u(
            "Przejrzyj całe repozytorium i opisz architekturę: jakie są moduły, jak się komunikują i gdzie są największe długi techniczne. Repo ma ok. 900 plików."
        ),
    ],
)
C.add(
    T,
    "pl",
    "wszystkie miejsca w kodzie",
    [
        u(
            "Znajdź w całym projekcie wszystkie miejsca, gdzie łączymy się bezpośrednio z bazą z pominięciem warstwy repozytoriów."
        ),
    ],
)
C.add(
    T,
    "de",
    "gesamte Codebasis auf Sicherheitslücken",
    [
        u(
            "Bitte prüfe die gesamte Codebasis (alle Services im Monorepo) auf SQL-Injection und fehlende Berechtigungsprüfungen."
        ),
    ],
)
C.add(
    T,
    "de",
    "ganzes Repository dokumentieren",
    [
        u(
            "Erstelle für das komplette Repository eine Übersicht aller REST-Endpunkte mit Methode, Pfad und zuständigem Controller."
        ),
    ],
)
C.add(
    T,
    "es",
    "todo el repositorio",
    [
        u(
            "Analiza todo el repositorio y dime qué partes no siguen nuestra guía de estilo y cuáles tienen más duplicación de código."
        ),
    ],
)
C.add(
    T,
    "es",
    "todo el código base: dependencias",
    [
        u(
            "Revisa todo el código base y haz un mapa de dependencias entre módulos; quiero saber qué módulos tienen dependencias circulares."
        ),
    ],
)
C.add(
    T,
    "zh",
    "整个项目代码",
    [
        u("请通读整个项目的代码，找出所有没有做输入校验的接口，按模块列出来。"),
    ],
)
C.add(
    T,
    "zh",
    "整个仓库迁移",
    [
        u("我们要把整个仓库从 Vue 2 升级到 Vue 3，请分析全部代码，列出所有会受影响的组件和用法。"),
    ],
)
C.add(
    T,
    "en",
    "summarise what a whole repository does",
    [
        u(
            "Give me a summary of what everything in this repository does — all packages, not just the README: https://github.com/acme/platform-core (monorepo, ~2,400 files)."
        ),
    ],
)
C.add(
    T,
    "en",
    "whole codebase: error handling consistency",
    [
        sys_(AIDER),
        u(
            "/ask Looking at the entire codebase, how consistent is our error handling? I want to know which packages swallow errors, which wrap them, and which panic."
        ),
    ],
)
C.add(
    T,
    "mixed",
    "German ask about the whole English codebase",
    [
        u(
            "Kannst du das ganze Repo durchgehen und mir sagen, wo überall noch `moment.js` benutzt wird? Wir wollen komplett auf `date-fns` umsteigen."
        ),
    ],
)
CASES = C.items
