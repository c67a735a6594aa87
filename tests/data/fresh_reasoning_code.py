# ruff: noqa: E501
"""Second batch: agentic_reasoning, code_generate and code_review requests.

The boundaries these exercise: a failure mentioned as context for a plan, a strategy or a
new piece of code is not ``code_fix``; judging given code (including a proposed patch) is
``code_review``; deciding how to approach something is ``agentic_reasoning``.
"""

from __future__ import annotations

AGENTIC: list[str] = [
    "We're about to split our Rails monolith's payments code into its own service. What order would you do it in, what could go wrong, and how do we roll back at each step?",
    "Checkout errors spiked to 3% after Tuesday's release, but only for users in Brazil. Before anyone touches code: how should we narrow this down? Give me an investigation plan.",
    "Should we move from REST to GraphQL for the mobile app, given 30 endpoints, two mobile teams and a small backend team? Weigh it up and give a recommendation.",
    "We keep seeing `ConnectionResetError` in production roughly once an hour across different services. I don't want a patch, I want a strategy: what would you measure first, and what hypotheses are worth testing?",
    "Lay out a plan to add multi-region support to our app (currently single-region on AWS, Postgres + Redis). Phases, risks, and what to decide first.",
    "I need to decide between keeping our self-hosted GitLab or moving to GitHub Enterprise. Think through cost, migration effort, CI runners and compliance.",
    "How would you structure a three-month plan to pay down tech debt in a legacy PHP codebase while still shipping features?",
    "Our data team wants to replace the nightly batch ETL with streaming. What questions should we answer before deciding, and what would a pilot look like?",
    "Design a permission model for a document editor with orgs, teams, folders and share links. Compare approaches and pick one.",
    "A customer says our API returned someone else's data once. We can't reproduce it. How do we investigate this methodically without guessing?",
    "Propose a migration path from Python 2.7 to 3.12 for a 150k-line codebase with little test coverage. Which steps first?",
    "What architecture would you choose for a job queue that must process 5 million jobs a day with retries, priorities and per-tenant fairness?",
    "Our build times went from 8 to 25 minutes over six months. Plan how to find out where the time went and what to tackle first.",
    "We're planning to introduce feature flags across 20 services. How should we roll this out and avoid flag debt?",
    "Walk me through how you'd evaluate three vector databases for our search feature in two weeks. Criteria, experiments, decision.",
    "The memory of our Node service grows ~50 MB per hour and the heap snapshots look normal. What could explain that, and what would you check, in order?",
    "We're a 6-person team. Should we adopt Kubernetes now or stay on a PaaS for another year? Reason it through.",
    "Plan the steps to move user file storage from our own NFS server to S3 with no downtime and no lost files.",
    "Zaplanuj krok po kroku, jak przenieść nasze CI z Jenkinsa na GitLab CI bez zatrzymywania wydań.",
    "Mamy co jakiś czas zduplikowane zamówienia w bazie. Jak podejść do znalezienia przyczyny? Nie chcę jeszcze kodu, tylko plan działania.",
    "Jaką architekturę wybrać dla systemu powiadomień (e-mail, SMS, push) obsługującego milion użytkowników? Porównaj opcje.",
    "Wie sollten wir bei der Migration von Oracle zu PostgreSQL vorgehen? Bitte Phasen, Risiken und Rückfallplan.",
    "Unsere API antwortet sporadisch mit 504, aber nur hinter dem Load Balancer. Welche Schritte zur Ursachenanalyse schlägst du vor?",
    "Soll unser Team auf Microservices umsteigen oder beim modularen Monolithen bleiben? Wäge die Vor- und Nachteile ab.",
    "¿Cómo abordarías la migración de una app de Angular.js a React sin parar el desarrollo? Dame un plan por fases.",
    "Tenemos caídas de rendimiento cada viernes por la tarde. ¿Qué estrategia seguirías para encontrar la causa raíz?",
    "Necesito decidir entre DynamoDB y Postgres para un sistema de reservas. Analiza las ventajas y desventajas y recomienda uno.",
    "我们的服务偶尔出现数据不一致，应该如何系统地排查？先给思路，不要直接改代码。",
    "请帮我设计一个支持百万级用户的消息推送系统架构，并说明各组件的取舍。",
    "从 MongoDB 迁移到 PostgreSQL，应该分几步走？每一步的风险是什么？",
    "I'm leading a rewrite of the search backend. Break the work into milestones a team of three can deliver, with dependencies.",
    "Given these symptoms — high GC pauses only on Mondays, after the weekly report job — what's your reasoning about the likely cause, and how would you confirm it?",
]

AGENTIC_AFTER_FAILURE: list[str] = [
    "Thanks, that patch stopped the crash. But this is the third time this month something like it broke prod. How should we change our process so we catch these earlier?",
    "ok it works now. Step back though: should this whole module be redesigned? What would a better architecture look like?",
    "Before we patch anything else — what's the root cause here, really, and how would you prove it?",
    "Dobra, działa. Ale jak zaplanować refaktoryzację tej części, żeby to się nie powtórzyło?",
    "Gut, der Fehler ist weg. Wie gehen wir strategisch vor, damit solche Probleme nicht wieder passieren?",
]

GENERATE: list[str] = [
    "Users keep getting `ValueError: could not convert string to float: '1,5'` when they type decimals with a comma. Write a parse_amount(text) helper that accepts both '1,5' and '1.5', thousands separators too, with tests.",
    "We had a bug last month where an expired token was accepted. Write a pytest test suite for our `validate_token(token, now)` function that covers expiry, wrong signature and clock skew.",
    "Write a Python script that reads a CSV of employees and produces a JSON org chart keyed by manager id.",
    "I need a SQL view that shows, for each product, units sold in the last 30 days and the change vs the previous 30 days. Postgres; tables: sales(product_id, qty, sold_at), products(id, name).",
    "Give me a regex that validates Polish postal codes (NN-NNN) and German ones (5 digits).",
    "Write a GitHub Actions workflow that builds a Docker image on tags, pushes it to GHCR and creates a release.",
    "Create a Terraform module for a Cloud Run service with a custom domain and a Secret Manager secret mounted as an env var.",
    "Add a `--json` output option to my CLI. Here's the current command:\n\n@click.command()\n@click.argument('path')\ndef stats(path):\n    s = compute(path)\n    click.echo(f'{s.files} files, {s.lines} lines')",
    "Write a React hook `useDebouncedValue(value, delayMs)` in TypeScript, with a small usage example.",
    "Implement a thread-safe bounded queue in Java with put/take and a timeout variant.",
    "Write a Go function that walks a directory tree and returns the 10 largest files.",
    "Our CI failed yesterday because someone committed a 200 MB file. Write a pre-commit hook (Python) that rejects files over 5 MB.",
    "Write a Kubernetes CronJob manifest that runs `python manage.py clearsessions` every night at 3am with a 10-minute deadline.",
    "Write an Nginx rate-limiting config: 10 req/s per IP on /api, burst 20, return 429.",
    'Generate a Pydantic model for this JSON and a function that loads a list of them from a file:\n{"sku": "A-12", "price": 9.99, "tags": ["new"], "stock": {"warehouse": "WAW", "qty": 4}}',
    "Write a Rust function that parses durations like '1h30m', '45s', '2d' into std::time::Duration, returning an error for bad input.",
    "Make me a small Flask app with a /upload endpoint that accepts images up to 2 MB and stores them under uploads/ with a random name.",
    "Write Jest tests for this reducer:\n\nexport function cart(state = [], action) {\n  switch (action.type) {\n    case 'add': return [...state, action.item];\n    case 'remove': return state.filter(i => i.id !== action.id);\n    default: return state;\n  }\n}",
    "Write a bash script that checks every URL in urls.txt and prints those that don't return 200. I want to keep it in the repo and run it from cron.",
    "Implement a simple feature: when a user deletes a project, move it to a 'trash' table for 30 days instead of deleting. Django models + a management command to purge old ones.",
    "Write an Ansible role that creates a deploy user, installs our SSH key and disables password login.",
    "Napisz w Pythonie funkcję, która sprawdza poprawność numeru NIP (z sumą kontrolną) i testy do niej.",
    "Napisz zapytanie SQL, które znajdzie klientów bez zamówienia w ostatnich 90 dniach.",
    "Stwórz komponent Vue do wyboru zakresu dat z walidacją, że data końcowa jest po początkowej.",
    "Schreib eine Funktion in TypeScript, die eine IBAN validiert, inklusive Prüfsumme.",
    "Erstelle ein Dockerfile für eine Spring-Boot-Anwendung mit mehrstufigem Build und JRE 21.",
    "Schreibe Unit-Tests mit JUnit 5 für eine Klasse `Warenkorb` mit den Methoden hinzufuegen, entfernen und summe.",
    "Escribe un script en Python que renombre fotos según su fecha EXIF (AAAA-MM-DD_HHMMSS.jpg).",
    "Necesito una expresión regular para validar un DNI español con su letra.",
    "Crea un workflow de GitLab CI que ejecute tests en cada merge request y despliegue a producción solo desde tags.",
    "用 TypeScript 写一个带过期时间的本地缓存类，支持 get、set 和自动清理。",
    "写一个 Python 脚本，把一个目录下所有的 .md 文件合并成一个 PDF。",
    "帮我写一个 Dockerfile，部署一个 Node.js 18 的 Express 应用，使用非 root 用户。",
    "We sometimes hit 'too many open files' in the importer. Not asking to debug it — I just want a reusable context manager that limits concurrent open files to N, with an example.",
    "Add an endpoint to this FastAPI app that returns the 20 most recent orders for the current user, with pagination:\n\n@app.get('/orders/{order_id}')\nasync def get_order(order_id: int, user=Depends(current_user)):\n    return await repo.get(order_id, user.id)",
]

GENERATE_FOLLOWUPS: list[str] = [
    "nice, now write tests for it",
    "Can you also add a CLI wrapper around that function?",
    "Great. Now a TypeScript version of the same thing, please.",
    "Teraz dopisz wersję asynchroniczną.",
    "Und jetzt bitte noch ein Dockerfile dafür.",
    "Ahora añade logs y un parámetro de timeout.",
]

# Code or diffs to judge, each with its ask.
REVIEW_BODIES: list[str] = [
    """def transfer(src, dst, amount):
    if src.balance >= amount:
        src.balance -= amount
        dst.balance += amount
        db.session.commit()""",
    """app.get('/user', async (req, res) => {
  const rows = await db.query(`SELECT * FROM users WHERE email = '${req.query.email}'`);
  res.json(rows[0]);
});""",
    """func worker(jobs <-chan Job, results chan<- Result) {
    for j := range jobs {
        go func() {
            results <- process(j)
        }()
    }
}""",
    """diff --git a/auth/session.py b/auth/session.py
@@ -18,6 +18,9 @@ def load_session(token):
     data = cache.get(token)
+    if data is None:
+        data = db.fetch_session(token)
+        cache.set(token, data)
     return data""",
    """public class Counter {
    private static int count = 0;
    public void increment() { count++; }
    public int get() { return count; }
}""",
    """import pickle
from flask import request

@app.post('/restore')
def restore():
    state = pickle.loads(request.data)
    session.update(state)
    return 'ok'""",
    """diff --git a/src/cache.ts b/src/cache.ts
@@ -1,8 +1,10 @@
-const cache = new Map<string, Entry>();
+const cache = new Map<string, Entry>();
+setInterval(() => {
+  for (const [k, v] of cache) if (v.expires < Date.now()) cache.delete(k);
+}, 1000);
 export function get(key: string) { return cache.get(key)?.value; }""",
    """fn read_config(path: &str) -> Config {
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str(&text).unwrap()
}""",
    """SELECT u.id, u.name, COUNT(o.id)
FROM users u LEFT JOIN orders o ON o.user_id = u.id
WHERE o.created_at > now() - interval '30 days'
GROUP BY u.id, u.name;""",
    """FROM python:3.12
COPY . /app
RUN pip install -r /app/requirements.txt
ENV AWS_SECRET_ACCESS_KEY=AKIA...redacted
CMD python /app/main.py""",
]

REVIEW_ASKS: list[str] = [
    "Would you merge this?",
    "Any problems with this code?",
    "Is this correct and safe?",
    "Please review — I'm especially worried about concurrency.",
    "This is the patch for last week's outage. Does it actually fix the problem, or does it introduce new ones?",
    "Give me review comments like a strict senior engineer.",
    "What would you flag in a security review?",
    "Is there anything here that will bite us at scale?",
    "Czy widzisz tu jakieś błędy lub ryzyka?",
    "Oceń ten kod, proszę.",
    "Ist der Code so in Ordnung? Bitte kritisch prüfen.",
    "Gibt es hier Sicherheitslücken?",
    "¿Está bien este código? ¿Qué cambiarías?",
    "Revisa este cambio antes de aprobarlo.",
    "这段代码有什么隐患？",
    "帮我评审一下这个改动。",
    "Does this handle edge cases properly?",
    "Is this thread-safe?",
]
