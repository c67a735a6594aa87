# ruff: noqa: E501
"""agentic_reasoning and tool_use, with errors and code as context rather than the task."""

from __future__ import annotations

from common import (
    CALENDAR_TOOLS,
    CHAT_UI,
    CLI_AGENT,
    CODEACT,
    DB_TOOLS,
    HOME_TOOLS,
    IDE_TOOLS,
    TICKET_TOOLS,
    WEB_TOOLS,
    XML_AGENT,
    call,
    case,
    result,
)

A, U = "agentic_reasoning", "tool_use"

CASES = [
    # --- agentic_reasoning ------------------------------------------------------------
    case(
        "agt-root-cause-strategy",
        A,
        "en",
        "intermittent error; ask for an investigation plan",
        """We get `psycopg2.OperationalError: SSL SYSCALL error: EOF detected` a few times per day, always between 02:00 and 03:00, on two services that share a PgBouncer. I don't want a patch yet — lay out how you'd investigate this step by step, what to measure, and which hypotheses to rule out first.""",
    ),
    case(
        "agt-pl-migration-plan",
        A,
        "pl",
        "Polish; migration plan",
        "Mamy monolit w Django (ok. 300 modeli) i chcemy wydzielić moduł płatności do osobnej usługi. Zaproponuj plan migracji w etapach, z ryzykami, strategią na wspólną bazę danych i tym, jak uniknąć podwójnych obciążeń klientów w okresie przejściowym.",
    ),
    case(
        "agt-mixed-zh-en-architecture",
        A,
        "mixed",
        "Chinese ask about an architecture choice with English terms",
        "我们在考虑用 Kafka 还是 RabbitMQ 做订单事件总线。峰值 5k msg/s，需要 exactly-once 语义的地方只有扣库存。请比较两者的 trade-offs，并给出推荐和迁移步骤。",
    ),
    case(
        "agt-de-debug-strategy",
        A,
        "de",
        "German; debugging strategy for memory growth",
        "Unser Node.js-Dienst wächst über 3 Tage von 300 MB auf 2 GB und wird dann vom OOM-Killer beendet. Wie würdest du systematisch vorgehen, um das Leck zu finden? Welche Werkzeuge, welche Reihenfolge, welche Hypothesen?",
    ),
    case(
        "agt-es-tradeoffs",
        A,
        "es",
        "Spanish; design decision",
        "Tenemos que decidir entre multi-tenant con una base de datos por cliente o una sola base con `tenant_id` en cada tabla. 400 clientes, uno de ellos es el 40% de los datos. ¿Qué recomiendas y por qué? Considera backups, migraciones y aislamiento.",
    ),
    case(
        "agt-mixed-pl-en-trace-plan",
        A,
        "mixed",
        "English trace as context; Polish asks for a plan, not a fix",
        """```
WARN  [hikari] HikariPool-1 - Connection is not available, request timed out after 30000ms.
ERROR [http-nio-8080-exec-41] o.h.engine.jdbc.spi.SqlExceptionHelper - HikariPool-1 - Connection is not available
```
To się dzieje tylko w piątki po 17:00. Nie chcę na razie zmian w kodzie – rozpisz, jak do tego podejść: jakie metryki zebrać, jakie hipotezy sprawdzić i w jakiej kolejności.""",
    ),
    case(
        "agt-zh-plan",
        A,
        "zh",
        "Chinese; plan an upgrade",
        "我们要把 300 个微服务从 Java 11 升级到 Java 21。请帮我制定分阶段计划：如何评估依赖、如何分批、如何回滚、以及如何衡量升级后的性能变化。",
    ),
    case(
        "agt-incident-next-steps",
        A,
        "en",
        "multi-turn incident; ask what to investigate next",
        "Checkout latency p99 went from 400ms to 3s after Tuesday's deploy.",
        "The deploy changed the ORM version and added a new recommendation widget. Can you share DB slow query stats and the traces for a slow request?",
        "Slow query log is clean. Traces show 2.4s inside `RecommendationClient.fetch` but only for logged-in users. What's your reasoning about likely causes, and what should we check next, in order?",
    ),
    case(
        "agt-mixed-de-en-rollout",
        A,
        "mixed",
        "German + English; rollout strategy decision",
        "Wir wollen das neue Pricing-Modul ausrollen. Options: feature flag per customer, canary by region, or a shadow mode that computes both prices and logs diffs. Welche Strategie würdest du wählen, wie sieht der Ablauf aus, und woran erkennen wir, dass wir zurückrollen müssen?",
    ),
    case(
        "agt-code-as-context-design",
        A,
        "en",
        "code shown; ask for a design direction, not code",
        """This is our current job runner. It works, but we're about to have 50x more jobs. Before anyone writes code: what architecture would you move to, what are the failure modes to design for, and how would you migrate without downtime?

```python
while True:
    job = db.fetch_one("SELECT * FROM jobs WHERE status='queued' ORDER BY id LIMIT 1")
    if job: run(job)
    else: time.sleep(1)
```""",
    ),
    case(
        "agt-pl-why-flaky",
        A,
        "pl",
        "Polish; reason about a flaky test's possible causes",
        "Test integracyjny z Kafką przechodzi lokalnie zawsze, a na CI pada mniej więcej co piąty raz z timeoutem. Jakie mogą być przyczyny i jak byś je po kolei wykluczał? Nie potrzebuję kodu, tylko tok rozumowania i plan.",
    ),
    case(
        "agt-zh-mixed-capacity",
        A,
        "mixed",
        "capacity planning, Chinese with English metrics",
        "当前: 2 replicas, p95 180ms at 300 rps, CPU 65%. 预计下个月流量翻三倍。请推理需要多少副本、数据库连接池要怎么调、还有哪些瓶颈可能先出现，给出分步骤的扩容方案。",
    ),
    case(
        "agt-es-mixed-investigate",
        A,
        "mixed",
        "Spanish ask, English logs; multi-step investigation",
        """Esto pasa cada noche:
```
kernel: [812345.12] nfs: server filer01 not responding, still trying
app: WARN slow write to /mnt/reports (12.4s)
```
¿Cómo investigarías si el problema es la red, el filer o nuestra aplicación? Quiero un plan de investigación paso a paso, no un parche.""",
    ),
    case(
        "agt-de-tradeoff",
        A,
        "de",
        "German; monorepo vs polyrepo",
        "Sollten wir unsere 14 Repositories in ein Monorepo zusammenführen? Bitte Vor- und Nachteile für unser Team (12 Entwickler, CI auf GitHub Actions, drei Sprachen) abwägen und eine Empfehlung mit Migrationsschritten.",
    ),
    case(
        "agt-en-postmortem-analysis",
        A,
        "en",
        "causal analysis across several signals",
        """Three signals from yesterday: (1) cache hit rate dropped from 94% to 60% at 10:02, (2) DB CPU hit 100% at 10:04, (3) a deploy of the product service finished at 10:01 that changed the cache key format from `product:{id}` to `product:v2:{id}`. Walk me through the causal chain, what else could explain it, and what process changes would prevent a repeat.""",
    ),
    case(
        "agt-pl-mixed-history",
        A,
        "mixed",
        "history fix; last turn asks for strategy in Polish",
        "`java.lang.OutOfMemoryError: Metaspace` after a few redeploys on Tomcat.",
        "That pattern usually means a classloader leak: something holds a reference to the old webapp classloader (threads, JDBC drivers, ThreadLocals).",
        "OK, ale zanim cokolwiek zmienimy: jak krok po kroku ustalić, co trzyma ten classloader? Jakie narzędzia i w jakiej kolejności?",
    ),
    # --- tool_use -----------------------------------------------------------------
    case(
        "tool-thermostat",
        U,
        "en",
        "plain words, home tools needed",
        "It's freezing in the office.",
        system=CHAT_UI,
        tools=HOME_TOOLS,
    ),
    case(
        "tool-pl-calendar",
        U,
        "pl",
        "Polish; calendar tool needed",
        "Co mam w kalendarzu w przyszły wtorek? Jeśli jest wolne popołudnie, wpisz mi „Przegląd kodu” na 15:00.",
        tools=CALENDAR_TOOLS,
    ),
    case(
        "tool-mixed-zh-ticket-tools",
        U,
        "mixed",
        "ticket tools attached and the ask is to apply labels",
        """把这个工单 OPS-311 打上标签 bug 和 infra，然后分配给 platform 组：
`Error: ENOSPC: no space left on device, write` on build-runner-3""",
        tools=TICKET_TOOLS,
    ),
    case(
        "tool-xml-agent-add-component",
        U,
        "en",
        "XML-tool agent asked to add a feature: next output is a tool call",
        "Add a dark-mode toggle to the settings page. The build currently prints `Warning: React does not recognize the `isActive` prop on a DOM element` — ignore that for now.",
        system=XML_AGENT,
    ),
    case(
        "tool-de-run-tests",
        U,
        "de",
        "German; CLI agent, run the tests now",
        "Führ bitte die Tests aus und sag mir, welche fehlschlagen.",
        system=CLI_AGENT,
        tools=IDE_TOOLS,
    ),
    case(
        "tool-es-sql-tool",
        U,
        "es",
        "Spanish; DB tools needed",
        "¿Cuántos pedidos se cancelaron ayer por el error de pago `CARD_DECLINED`? Usa la réplica de analítica.",
        tools=DB_TOOLS,
    ),
    case(
        "tool-codeact-fix-loop",
        U,
        "en",
        "CodeAct agent with a failing test: next output is a command",
        "The CI says `FAILED tests/test_api.py::test_create_order - KeyError: 'total'`. Reproduce it in the workspace and get it green.",
        system=CODEACT,
    ),
    case(
        "tool-mixed-pl-en-command-now",
        U,
        "mixed",
        "Polish ask for a command to run now on English output",
        """Dysk się zapełnił:
```
/dev/sda1        50G   49G  1.0G  98% /
```
Daj mi komendę, którą teraz odpalę, żeby znaleźć 20 największych katalogów pod /var.""",
    ),
    case(
        "tool-web-search-recent",
        U,
        "en",
        "time-sensitive question with web_search",
        "Has the CVE for the xz backdoor been assigned a fixed version in Debian stable yet? What's the latest status?",
        system=CHAT_UI,
        tools=WEB_TOOLS,
    ),
    case(
        "tool-zh-agent-loop-history",
        U,
        "zh",
        "Chinese; tool loop continues after a result",
        "看一下 src/config.py 里数据库连接是怎么配置的。",
        call("c1", "read_file", path="src/config.py"),
        result("c1", "DB_URL = os.environ['DATABASE_URL']\nPOOL_SIZE = 5\n"),
        "好的，再搜一下整个项目里还有哪些地方直接读取 DATABASE_URL。",
        tools=IDE_TOOLS,
    ),
    case(
        "tool-json-schema-bound",
        U,
        "en",
        "schema-bound JSON extraction via function-calling protocol",
        """Extract the fields from this error email and answer ONLY with a call to `create_ticket` as described in the system message.

"Hi, our nightly sync failed again with `403 Forbidden` from /v1/contacts at 02:13 UTC. Account: ACME-77. Contact: jo@acme.io"
""",
        system=(
            "You can call functions. To call one, reply with a JSON object "
            '{"name": "create_ticket", "arguments": {"account": str, "summary": str, '
            '"error_code": str, "contact": str}} and nothing else.'
        ),
    ),
    case(
        "tool-de-mixed-kubectl",
        U,
        "mixed",
        "German ask for a command to run now on an English k8s error",
        "Der Pod hängt in `ImagePullBackOff`. Welchen kubectl-Befehl soll ich jetzt ausführen, um die genaue Fehlermeldung zu sehen? Namespace `shop`, Pod `web-5c9d`.",
    ),
    case(
        "tool-pl-home",
        U,
        "pl",
        "Polish; lights tool",
        "Przyciemnij światło w salonie do 30%, oglądamy film.",
        tools=HOME_TOOLS,
    ),
    case(
        "tool-es-xml-agent",
        U,
        "es",
        "Spanish; agent loop implementing a feature",
        "Implementa la paginación en el endpoint /api/products (ya tiene un TODO en el código). Revisa primero cómo está hecho /api/orders y sigue el mismo patrón.",
        system=XML_AGENT,
    ),
    case(
        "tool-mixed-zh-en-agent",
        U,
        "mixed",
        "CLI agent; mixed-language ask to investigate with tools",
        "Check why `npm run build` fails on this branch. 先跑一下构建看看报错，然后告诉我是哪个包的问题。",
        system=CLI_AGENT,
        tools=IDE_TOOLS,
    ),
    case(
        "tool-sql-after-result",
        U,
        "en",
        "DB tool loop; follow-up query needed",
        "How many signups did we have last week?",
        call(
            "q1",
            "run_sql",
            sql="SELECT count(*) FROM users WHERE created_at >= now() - interval '7 days'",
        ),
        result("q1", "count\n-----\n1843"),
        "And how many of those have placed at least one order? Break it down by signup source.",
        tools=DB_TOOLS,
    ),
    case(
        "tool-de-web",
        U,
        "de",
        "German; needs a web search for current info",
        "Welche Version von PostgreSQL ist aktuell die neueste, und gibt es bekannte Probleme beim Upgrade von 15? Bitte nachschauen.",
        tools=WEB_TOOLS,
    ),
    case(
        "tool-zh-calendar",
        U,
        "zh",
        "Chinese; create a calendar event",
        "帮我在明天上午十点建一个会议，标题是“支付故障复盘”。",
        tools=CALENDAR_TOOLS,
    ),
]
