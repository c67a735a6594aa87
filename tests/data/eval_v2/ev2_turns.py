# ruff: noqa: E501
"""Multi-turn histories where the last user turn decides and differs in kind from the
earlier turns, across all labels except `large_context`."""

from __future__ import annotations

from ev2_common import (
    AIDER,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CODING_TOOLS,
    CONTINUE,
    GET_WEATHER,
    LOOKUP_ORDER,
    RUN_SHELL,
    SUPPORT,
    WEBUI,
    Cases,
    a,
    call,
    parts,
    result,
    sys_,
    u,
)

C = Cases("turns")

C.add(
    "code_fix",
    "en",
    "generated earlier, now it throws",
    [
        u("write a python function that returns the most common value in a dict's values"),
        a(
            "```python\nfrom collections import Counter\n\ndef most_common_value(d):\n    return Counter(d.values()).most_common(1)[0][0]\n```"
        ),
        u(
            '```\n>>> most_common_value({})\nTraceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n  File "<stdin>", line 2, in most_common_value\nIndexError: list index out of range\n```'
        ),
    ],
)
C.add(
    "code_review",
    "en",
    "fixed earlier, now asks for judgement of the final version",
    [
        sys_(CONTINUE),
        u(
            "my counter is wrong under load\n```python\ncount = 0\ndef hit():\n    global count\n    count += 1\n```"
        ),
        a("`count += 1` isn't atomic across threads. Guard it with a `threading.Lock`."),
        u(
            "```python\n_lock = threading.Lock()\n_count = 0\n\ndef hit() -> int:\n    global _count\n    with _lock:\n        _count += 1\n        return _count\n\ndef reset() -> None:\n    global _count\n    _count = 0\n```\nbefore I ship it — is this version safe now? anything I missed?"
        ),
    ],
)
C.add(
    "code_generate",
    "en",
    "review comments earlier, now write the suggested tests",
    [
        u(
            "review this please\n```ts\nexport function clamp(v: number, lo: number, hi: number) { return Math.min(Math.max(v, lo), hi); }\n```"
        ),
        a(
            "Looks fine. Edge cases worth pinning down: lo > hi (currently returns lo... actually returns hi), NaN input, and infinities. I'd document or assert lo <= hi."
        ),
        u("ok write the jest tests you had in mind, including lo > hi"),
    ],
)
C.add(
    "summarize",
    "en",
    "long plan earlier, TL;DR for the boss now",
    [
        u("how should we move our cron jobs off the single VM?"),
        a(
            "Here's a plan in four phases. 1) Inventory: list all 37 crontab entries, owners, runtimes, side effects. 2) Classify: idempotent vs not, needs secrets or network, long vs short. 3) Target: move short idempotent jobs to Kubernetes CronJobs with concurrencyPolicy Forbid; move long or stateful ones to a workflow engine (Temporal or Airflow). 4) Cutover: run both in shadow mode for a week with the old job writing to a dry-run flag, compare outputs, then disable on the VM one group at a time. Add alerting on missed schedules and a dashboard of last successful run per job."
        ),
        u("great — now a 2-sentence TL;DR of that plan I can paste to my boss"),
    ],
)
C.add(
    "triage",
    "en",
    "pasted several logs earlier, now which is most urgent",
    [
        u(
            "explain these errors from this morning:\n1) `WARN disk /var at 81%`\n2) `ERROR payment webhook signature mismatch (x312 in 5 min)`\n3) `ERROR thumbnail worker: unsupported image format HEIC`"
        ),
        a(
            "1) The /var volume is filling up; not urgent yet but trending. 2) Your payment provider's webhooks are failing signature validation — likely a rotated secret; payments may not be confirmed. 3) Users uploaded iPhone HEIC photos and the worker can't convert them."
        ),
        u("which one is most urgent? just the number"),
    ],
)
C.add(
    "simple_chat",
    "en",
    "tool call and result in history, last turn is thanks",
    [
        sys_(WEBUI),
        u("what's the weather in Lisbon right now?"),
        call("call_w1", "get_weather", {"city": "Lisbon", "days": 1}),
        result("call_w1", '{"city":"Lisbon","now":{"temp_c":17,"condition":"sunny"}}'),
        a("It's sunny in Lisbon right now, about 17 °C."),
        u("haha nice, jealous. thanks!"),
    ],
    [GET_WEATHER, *CHAT_UI_TOOLS],
)
C.add(
    "tool_use",
    "en",
    "concept question earlier, now act on the machine",
    [
        sys_(CLI_AGENT),
        u("what's the difference between a crontab and a systemd timer?"),
        a(
            "Both schedule jobs. cron is simple and per-user; systemd timers integrate with journald logging, dependencies, and can catch up missed runs (Persistent=true)."
        ),
        u("ok then list the timers and cron jobs configured on this box"),
    ],
    [RUN_SHELL, *CODING_TOOLS[:2]],
)
C.add(
    "agentic_reasoning",
    "en",
    "after a fix, asks how to restructure to prevent the class of bugs",
    [
        u(
            "```\nTypeError: Cannot read properties of undefined (reading 'id')\n    at renderRow (OrdersTable.tsx:41)\n```"
        ),
        a(
            "`order.customer` is undefined for guest orders. Use `order.customer?.id` and render a 'Guest' label when it's missing."
        ),
        u(
            "that worked. but this is the third time this month that optional API fields blew up the UI in different places. how should we restructure the frontend and our API contracts so this class of bug stops happening? think it through"
        ),
    ],
)
C.add(
    "code_fix",
    "en",
    "Continue: code given earlier, now wrong output described",
    [
        sys_(CONTINUE),
        u("write a function that adds N business days to a date in JS"),
        a(
            "```js\nexport function addBusinessDays(date, n) {\n  const d = new Date(date);\n  while (n > 0) {\n    d.setDate(d.getDate() + 1);\n    if (d.getDay() !== 0 && d.getDay() !== 6) n--;\n  }\n  return d;\n}\n```"
        ),
        u(
            "ran it: `addBusinessDays('2026-03-27', 1)` gives me Sun Mar 29 in the test output instead of Mon Mar 30. we're in Europe/Berlin"
        ),
    ],
)
C.add(
    "code_generate",
    "en",
    "Aider session: next feature request",
    [
        sys_(AIDER),
        u("add a `--since` option to `report.py` that filters entries by date"),
        a(
            'report.py\n```python\n<<<<<<< SEARCH\n    p.add_argument("path")\n=======\n    p.add_argument("path")\n    p.add_argument("--since", type=date.fromisoformat)\n>>>>>>> REPLACE\n```'
        ),
        u("nice. now add a --json flag that prints the report as JSON instead of the table"),
    ],
)
C.add(
    "summarize",
    "en",
    "incident discussion, now summarise the conversation",
    [
        u("our CDN is returning stale CSS after deploys"),
        a(
            "Your asset filenames aren't content-hashed, so the CDN serves cached `app.css` until TTL expires. Either hash filenames in the build or purge the CDN path on deploy."
        ),
        u("we purge on deploy but the purge call runs before the upload finishes"),
        a(
            "Then the CDN re-caches the old file between purge and upload. Move the purge after the upload completes, or better, switch to hashed filenames so no purge is needed."
        ),
        u("write a 3-sentence summary of this whole conversation for the incident channel"),
    ],
)
C.add(
    "code_review",
    "en",
    "assistant's own code from earlier, now asked to judge edge cases",
    [
        u("give me a function to split a full name into first and last"),
        a(
            "```python\ndef split_name(full: str) -> tuple[str, str]:\n    parts = full.strip().split()\n    return parts[0], ' '.join(parts[1:])\n```"
        ),
        u(
            "hmm. do you see any edge cases that code gets wrong? think Dutch/Spanish names, single names, empty input"
        ),
    ],
)
C.add(
    "simple_chat",
    "en",
    "long architecture talk, last turn is banter",
    [
        u("should we use Kafka or RabbitMQ for our order events?"),
        a(
            "For an ordered, replayable event log with multiple consumers, Kafka fits better; for task queues with per-message acks and routing, RabbitMQ. Given you want replay for analytics, I'd lean Kafka, but the operational cost is higher unless you use a managed service."
        ),
        u("lol ok, you sound exactly like our CTO"),
    ],
)
C.add(
    "tool_use",
    "en",
    "CLI agent after a read_file result: now run the linter",
    [
        sys_(CLI_AGENT),
        u("open src/server/routes.ts"),
        call("t1", "read_file", {"path": "src/server/routes.ts"}),
        result(
            "t1",
            "import { Router } from 'express';\nconst r = Router();\nr.get('/health', (_req, res) => res.send('ok'))\nexport default r;",
        ),
        a("It's a small Express router with a single /health route."),
        u("run eslint on that file and show me the warnings"),
    ],
    CODING_TOOLS,
)
C.add(
    "tool_use",
    "en",
    "support bot: second lookup after the first",
    [
        sys_(SUPPORT),
        u("I have two orders, NW-1001 and NW-1002. Where's the first one?"),
        call("o1", "lookup_order", {"order_id": "NW-1001"}),
        result(
            "o1", '{"order_id":"NW-1001","status":"in_transit","carrier":"DHL","eta":"2026-12-08"}'
        ),
        a("NW-1001 is on its way with DHL."),
        u("and the other one?"),
    ],
    [LOOKUP_ORDER],
)
C.add(
    "agentic_reasoning",
    "de",
    "erst einfache Fragen, dann ein Plan",
    [
        u("Was ist ein Feature-Flag?"),
        a(
            "Ein Schalter im Code, mit dem man Funktionen zur Laufzeit ein- oder ausschalten kann, ohne neu zu deployen."
        ),
        u(
            "Okay. Wir wollen Feature-Flags bei uns einführen — 6 Teams, Monorepo, bisher nichts dergleichen. Wie gehen wir das Schritt für Schritt an, und welche Regeln brauchen wir, damit wir nicht in Flag-Chaos enden?"
        ),
    ],
)
C.add(
    "code_generate",
    "zh",
    "先解释，再要完整示例",
    [
        u("Python 里的上下文管理器是什么？"),
        a(
            "上下文管理器是实现了 __enter__ 和 __exit__ 方法的对象，配合 with 语句使用，保证资源在使用后被正确释放，比如文件、锁、数据库连接。"
        ),
        u(
            "明白了。帮我写一个完整的示例：一个计时用的上下文管理器，退出时打印耗时，再用 contextlib 写一个等价版本。"
        ),
    ],
)
C.add(
    "code_fix",
    "es",
    "código generado antes, ahora un error",
    [
        u("hazme una función en Go que lea un JSON de configuración"),
        a(
            "```go\nfunc LeerConfig(ruta string) (Config, error) {\n\tvar c Config\n\tb, err := os.ReadFile(ruta)\n\tif err != nil { return c, err }\n\treturn c, json.Unmarshal(b, c)\n}\n```"
        ),
        u("me da este error al ejecutarla:\n\n```\njson: Unmarshal(non-pointer main.Config)\n```"),
    ],
)
C.add(
    "summarize",
    "pl",
    "długa odpowiedź wcześniej, teraz streszczenie",
    [
        u("jakie są różnice między PostgreSQL a MySQL w praktyce?"),
        a(
            "W praktyce: PostgreSQL ma bogatszy SQL (CTE, funkcje okna od dawna, JSONB z indeksami, rozszerzenia jak PostGIS), ściślej trzyma się standardu i typów. MySQL (InnoDB) bywa prostszy w utrzymaniu, ma szeroką obsługę hostingów i dobrą wydajność przy prostych odczytach; replikacja jest dojrzała i łatwa. Postgres lepiej radzi sobie ze złożonymi zapytaniami analitycznymi, MySQL z bardzo prostymi obciążeniami webowymi. Różnice w transakcyjnym DDL: Postgres pozwala cofnąć ALTER TABLE w transakcji, MySQL nie."
        ),
        u("streść to w 2 zdaniach"),
    ],
)
C.add(
    "triage",
    "mixed",
    "lista wcześniej, teraz etykiety",
    [
        u(
            "Here's our backlog for next sprint:\n1. Users can't reset password on mobile\n2. Add CSV export to reports\n3. Update README for the new env vars\n4. Checkout button misaligned on iPad"
        ),
        a(
            "Got it — four items: a mobile password-reset problem, a CSV export request, a docs update and an iPad layout issue."
        ),
        u("oznacz każdą pozycję: bug, feature albo docs. tylko numer i etykieta"),
    ],
)
C.add(
    "simple_chat",
    "zh",
    "代码问题解决后致谢",
    [
        u("为什么我的 git push 被拒绝了？提示 non-fast-forward"),
        a("远程分支有你本地没有的提交。先 `git pull --rebase`，解决冲突后再 push。"),
        u("好了，推上去了，谢谢你！"),
    ],
)
C.add(
    "code_review",
    "de",
    "nach Erklärung: Review der eigenen Umsetzung",
    [
        u("Wie implementiert man Optimistic Locking mit JPA?"),
        a(
            "Mit einem `@Version`-Feld in der Entität; beim Update prüft Hibernate die Version und wirft eine `OptimisticLockException`, wenn sie sich geändert hat."
        ),
        u(
            "So hab ich's jetzt gemacht — passt das so, oder übersehe ich etwas?\n\n```java\n@Entity\npublic class Konto {\n    @Id Long id;\n    @Version Integer version;\n    BigDecimal saldo;\n}\n\n@Transactional\npublic void abbuchen(Long id, BigDecimal betrag) {\n    Konto k = repo.findById(id).orElseThrow();\n    try {\n        k.setSaldo(k.getSaldo().subtract(betrag));\n        repo.save(k);\n    } catch (OptimisticLockException e) {\n        abbuchen(id, betrag);\n    }\n}\n```"
        ),
    ],
)
C.add(
    "code_generate",
    "en",
    "screenshot earlier discussed, now build it",
    [
        u(
            parts(
                "what kind of chart is this called?",
                image="https://files.example.com/u/77/chart.png",
            )
        ),
        a(
            "That's a stacked area chart — each series is drawn on top of the previous one so the top edge shows the total."
        ),
        u(
            "cool, write me the Chart.js config for one with 3 series (web, mobile, api) over 12 months, with the legend at the bottom"
        ),
    ],
)
CASES = C.items
