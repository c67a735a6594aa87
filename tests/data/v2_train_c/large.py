# ruff: noqa: E501
"""large_context: whole-repository asks of any size, and six requests far over ~12k tokens."""

from __future__ import annotations

from bulk import python_modules, service_log
from common import CLI_AGENT, IDE_CHAT, IDE_TOOLS, XML_AGENT, case

L = "large_context"

CASES = [
    case(
        "lc-repo-wide-todo",
        L,
        "en",
        "whole-repository ask: collect TODOs that mention errors",
        "Go through the entire repository and list every TODO/FIXME that mentions an exception or error, grouped by module, with a one-line judgement of whether it's still relevant.",
        system=IDE_CHAT,
    ),
    case(
        "lc-pl-codebase",
        L,
        "pl",
        "Polish; whole codebase audit",
        "Przejrzyj cały codebase i wypisz wszystkie miejsca, gdzie łapiemy gołe `except Exception` bez logowania. Chodzi o całe repozytorium, nie tylko o moduł płatności.",
    ),
    case(
        "lc-mixed-zh-en-repo",
        L,
        "mixed",
        "Chinese ask over the whole repo with English names",
        "请阅读整个仓库（entire repository），找出所有调用 `requests.get` 但没有设置 timeout 的地方，并按服务分组列出。",
        system=CLI_AGENT,
        tools=IDE_TOOLS,
    ),
    case(
        "lc-de-repo-migration",
        L,
        "de",
        "German; repository-wide migration inventory",
        "Analysiere bitte das gesamte Repository: Welche Module hängen noch an Pydantic v1 (`from pydantic import validator`, `.dict()`, `Config`-Klassen)? Ich brauche eine vollständige Liste für die Migration.",
    ),
    case(
        "lc-es-whole-codebase",
        L,
        "es",
        "Spanish; whole codebase architecture map",
        "Recorre todo el código del proyecto y hazme un mapa de dependencias entre módulos: quién importa a quién, ciclos y los módulos más acoplados. Es todo el repositorio, unas 900 ficheros.",
    ),
    case(
        "lc-xml-agent-repo",
        L,
        "en",
        "agent prompt with tools; whole-repository ask",
        "Across the whole codebase, rename the `customerId` field to `accountId` in every API response type, keeping the old name as a deprecated alias. Start by finding all the places.",
        system=XML_AGENT,
    ),
    case(
        "lc-zh-repo",
        L,
        "zh",
        "Chinese; scan entire repository for secrets",
        "帮我扫一遍整个代码仓库，看看有没有把密钥、token、密码写死在代码或配置文件里的情况，列出文件和行号。",
    ),
    case(
        "lc-mixed-pl-en-large-context",
        L,
        "mixed",
        "mixed: explicit large context wording",
        "Mam dla ciebie large context task: w załączonym dumpie całego repo (ok. 2 tys. plików) znajdź all usages of the deprecated `LegacyAuthClient` i zaproponuj kolejność ich usuwania.",
    ),
    case(
        "lc-de-mixed-repo",
        L,
        "mixed",
        "German + English whole-repo review",
        "Kannst du das entire repository durchgehen und alle Stellen finden, an denen Datumswerte ohne Zeitzone erzeugt werden (`datetime.now()`, `datetime.utcnow()`)? Bitte nach Paket gruppieren, für die Umstellung auf zeitzonenbewusste Werte.",
    ),
    case(
        "lc-long-log-triage",
        L,
        "en",
        "very long log; ask to find the first error burst",
        "Here's the full log from this morning. When did the KeyError burst start, which service, and what happened just before it?\n\n"
        + service_log(11, 900),
    ),
    case(
        "lc-long-log-pl",
        L,
        "pl",
        "very long log; Polish ask",
        "Poniżej cały log z rana. Podsumuj, które upstreamy miały timeouty i kiedy było ich najwięcej.\n\n"
        + service_log(12, 850),
    ),
    case(
        "lc-long-modules-review",
        L,
        "en",
        "pasted repository dump; review ask",
        "This is the dump of our `app/` package. Review it as a whole: which getters are duplicated across modules and what would you consolidate?\n\n"
        + python_modules(21, 75),
    ),
    case(
        "lc-long-modules-zh-mixed",
        L,
        "mixed",
        "pasted repository dump; Chinese ask",
        "下面是整个 app 目录的代码。请找出所有在值为 None 时返回空字符串的函数，并说明这样做可能带来的问题。\n\n"
        + python_modules(22, 70),
    ),
    case(
        "lc-long-log-de",
        L,
        "de",
        "very long log; German ask to fix the KeyError",
        "Hier ist der komplette Log. Der `KeyError: 'region'` taucht immer wieder auf – finde heraus, wann und wie oft, und schlag einen Fix vor.\n\n"
        + service_log(13, 900),
    ),
    case(
        "lc-long-modules-generate",
        L,
        "en",
        "repository dump; generate tests for all of it",
        "Write pytest tests for every getter in this dump (all modules), one test file per module.\n\n"
        + python_modules(23, 70),
    ),
]
