# ruff: noqa: E501
"""Longer sessions and near-miss triplets: the same code under a fix, a review and a generate ask.

Histories run 4-12 messages; the last user turn decides the label, earlier turns often
belong to another label.
"""

from __future__ import annotations

from common import (
    AIDER,
    CHAT_UI_TOOLS,
    CONTINUE,
    COPILOT_CHAT,
    IDE_TOOLS,
    OPENWEBUI,
    OPENWEBUI_RAG,
    SEARCH_ONLY,
    asst,
    call,
    case,
    parts,
    result,
    sys,
    user,
)

FIX, REV, GEN = "code_fix", "code_review", "code_generate"

_SLUG = """```ts src/lib/slug.ts
export function toSlug(title: string, max = 60): string {
  const s = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return s.length > max ? s.slice(0, max) : s;
}
```"""

_WITHDRAW = """```java
public synchronized void withdraw(long cents) {
    if (cents <= 0) throw new IllegalArgumentException("amount");
    if (balance - cents < -overdraftLimit) throw new InsufficientFunds(id, cents);
    balance -= cents;
    ledger.add(new Entry(Instant.now(), -cents));
}
```"""

_CRON = """```yaml
name: nightly
on:
  schedule:
    - cron: "0 2 * * *"
jobs:
  export:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: python scripts/export.py --since yesterday
        env:
          DB_URL: ${{ secrets.DB_URL }}
```"""

_DEBOUNCE = """function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}"""

_SQL_REPORT = """SELECT p.category, SUM(oi.qty * oi.unit_price) AS revenue
FROM order_items oi
JOIN products p ON p.id = oi.product_id
JOIN orders o ON o.id = oi.order_id
WHERE o.status = 'paid'
GROUP BY p.category;"""

CASES = [
    # --- triplet 1: slug helper ---
    case(
        "ses_slug_fix",
        FIX,
        "en",
        "same helper as the review/generate twins; here a wrong output is reported",
        [
            sys(CONTINUE),
            user(
                _SLUG
                + "\n`toSlug('  Hello, World!  ')` gives '-hello-world-' with dashes at both ends, and cutting at 60 sometimes leaves a trailing dash too"
            ),
        ],
    ),
    case(
        "ses_slug_rev",
        REV,
        "en",
        "same helper; a judgement question with no failure",
        [
            sys(CONTINUE),
            user(
                _SLUG
                + "\nthis is going into the CMS for article URLs. anything you'd flag before it ships? thinking about non-English titles and SEO"
            ),
        ],
    ),
    case(
        "ses_slug_gen",
        GEN,
        "en",
        "same helper; extend it with a new feature",
        [
            sys(CONTINUE),
            user(
                _SLUG
                + "\nextend it: add an optional `existing: Set<string>` param and append -2, -3… until the slug is unique, plus unit tests for that"
            ),
        ],
    ),
    # --- triplet 2: withdraw ---
    case(
        "ses_withdraw_fix",
        FIX,
        "en",
        "failing test with the method shown",
        [
            user(
                _WITHDRAW
                + """

AccountTest > withdrawUpToOverdraft() FAILED
    com.bank.InsufficientFunds: account 7 cannot withdraw 5000
        at com.bank.Account.withdraw(Account.java:31)

balance is 0, overdraftLimit is 5000, so withdrawing exactly 5000 should be allowed"""
            ),
        ],
    ),
    case(
        "ses_withdraw_rev",
        REV,
        "en",
        "same method; asks whether the design is sound",
        [
            user(
                _WITHDRAW
                + "\n\nWe're about to go multi-instance (3 pods, same Postgres). Is this method still correct then? What would you change in the design?"
            ),
        ],
    ),
    case(
        "ses_withdraw_gen",
        GEN,
        "en",
        "same method; write the counterpart and tests",
        [
            user(
                _WITHDRAW
                + "\n\nwrite the matching `transferTo(Account other, long cents)` that's safe against deadlocks when two transfers go in opposite directions, and JUnit tests for it"
            ),
        ],
    ),
    # --- triplet 3: nightly workflow ---
    case(
        "ses_cron_fix",
        FIX,
        "en",
        "workflow never runs: observed failure",
        [
            user(
                _CRON
                + "\nthis hasn't run a single time in the two weeks since I merged it. manual runs aren't possible either, there's no button. the file is at .github/workflow/nightly.yml"
            ),
        ],
    ),
    case(
        "ses_cron_rev",
        REV,
        "en",
        "same workflow; review for cost and security",
        [
            user(
                _CRON
                + "\nreview this before I merge? mostly worried about secrets exposure and what happens if a run takes longer than a day"
            ),
        ],
    ),
    case(
        "ses_cron_gen",
        GEN,
        "en",
        "same workflow; add features",
        [
            user(
                _CRON
                + "\nadd a workflow_dispatch trigger with a `since` input, pip caching, a 30 min timeout, and upload the export file as an artifact"
            ),
        ],
    ),
    # --- triplet 4: debounce, Polish ---
    case(
        "ses_debounce_fix",
        FIX,
        "pl",
        "opis błędu: this ginie w debounce",
        [
            user(
                "```js\n"
                + _DEBOUNCE
                + "\n```\nPo owinięciu metody klasy w debounce `this` jest undefined w środku — `this.save is not a function`. Wołam to jako `this.onInput = debounce(this.handleInput, 300)`."
            ),
        ],
    ),
    case(
        "ses_debounce_rev",
        REV,
        "pl",
        "ta sama funkcja; pytanie o ocenę",
        [
            user(
                "```js\n"
                + _DEBOUNCE
                + "\n```\nCzy ta implementacja jest wystarczająca do wyszukiwarki z podpowiedziami? Czego jej brakuje w porównaniu z lodashem?"
            ),
        ],
    ),
    case(
        "ses_debounce_gen",
        GEN,
        "pl",
        "ta sama funkcja; rozbudowa",
        [
            user(
                "```js\n"
                + _DEBOUNCE
                + "\n```\nDopisz do tego opcję `leading`, metodę `cancel()` i `flush()`, i przepisz na TypeScript z poprawnymi typami."
            ),
        ],
    ),
    # --- triplet 5: SQL report, German ---
    case(
        "ses_sql_fix",
        FIX,
        "de",
        "falsches Ergebnis beschrieben",
        [
            user(
                "```sql\n"
                + _SQL_REPORT
                + "\n```\nDer Umsatz für 'Bücher' ist seit dem Umbau um genau die Rabatte zu hoch — Rabatte stehen in order_items.discount, die werden hier ignoriert. Außerdem fehlen Kategorien ohne Verkäufe komplett."
            ),
        ],
    ),
    case(
        "ses_sql_rev",
        REV,
        "de",
        "gleiche Abfrage; Review",
        [
            user(
                "```sql\n"
                + _SQL_REPORT
                + "\n```\nKannst du die Abfrage reviewen? Läuft auf ca. 80 Mio. order_items, geht das performant mit unseren Indizes (order_items.order_id, orders.status)?"
            ),
        ],
    ),
    case(
        "ses_sql_gen",
        GEN,
        "de",
        "gleiche Abfrage; neue Variante schreiben",
        [
            user(
                "```sql\n"
                + _SQL_REPORT
                + "\n```\nSchreib mir daraus eine Version mit Umsatz pro Kategorie und Monat für 2026 und dem Anteil am Gesamtumsatz des Monats in Prozent."
            ),
        ],
    ),
    # --- long sessions: last turn decides ---
    case(
        "ses_long_fix_001",
        FIX,
        "en",
        "10-message session: generate, chat, then a reported failure",
        [
            sys(OPENWEBUI),
            user("write a python function to read a jsonl file lazily"),
            asst(
                "```python\ndef read_jsonl(path):\n    with open(path, encoding='utf-8') as f:\n        for line in f:\n            if line.strip():\n                yield json.loads(line)\n```"
            ),
            user("nice. and how do I count lines quickly?"),
            asst("`sum(1 for _ in open(path, 'rb'))` is fast and memory-light."),
            user("cool thanks"),
            asst("You're welcome!"),
            user("one more — how would I filter to rows where status == 'ok'?"),
            asst("`ok = (r for r in read_jsonl(path) if r.get('status') == 'ok')`"),
            user("""ran it on the real file and got

json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)

on the very first line. the file opens fine in vim. it was exported from a Windows tool"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "ses_long_rev_001",
        REV,
        "en",
        "8-message session: fixes first, finally a review request",
        [
            sys(COPILOT_CHAT),
            user(
                '```go\nfunc Parse(s string) (Point, error) {\n\tparts := strings.Split(s, ",")\n\tx, _ := strconv.Atoi(parts[0])\n\ty, _ := strconv.Atoi(parts[1])\n\treturn Point{x, y}, nil\n}\n```\npanics with index out of range for "5"'
            ),
            asst("Check `len(parts) != 2` and return an error before indexing."),
            user('done. now " 3, 4" parses as (0, 4)'),
            asst(
                "`Atoi` fails on the leading space and you discard the error. Trim each part and return the error instead of `_`."
            ),
            user("""ok here's the final version:

```go
func Parse(s string) (Point, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return Point{}, fmt.Errorf("want x,y, got %q", s)
	}
	x, err := strconv.Atoi(strings.TrimSpace(parts[0]))
	if err != nil {
		return Point{}, fmt.Errorf("x: %w", err)
	}
	y, err := strconv.Atoi(strings.TrimSpace(parts[1]))
	if err != nil {
		return Point{}, fmt.Errorf("y: %w", err)
	}
	return Point{x, y}, nil
}
```"""),
            asst("That looks solid."),
            user(
                "before I open the PR, give it a proper review: error messages, API shape, anything a reviewer on my team would nitpick"
            ),
        ],
    ),
    case(
        "ses_long_gen_001",
        GEN,
        "en",
        "6-message session: review, fix, then new feature",
        [
            sys(AIDER),
            user(
                "is my rate limiter ok?\n\nlimiter.py\n```python\nclass Limiter:\n    def __init__(self, rate):\n        self.rate = rate\n        self.last = 0.0\n\n    def wait(self):\n        now = time.monotonic()\n        gap = 1 / self.rate - (now - self.last)\n        if gap > 0:\n            time.sleep(gap)\n        self.last = time.monotonic()\n```"
            ),
            asst(
                "It's fine for one thread. With several threads two callers can read the same `last` and both skip sleeping; wrap the body in a lock."
            ),
            user("it sometimes sleeps negative amounts on windows?"),
            asst(
                "`gap > 0` guards that; if you saw a ValueError it was from an older version without the check."
            ),
            user(
                "ok. now add a token-bucket mode: `Limiter(rate, burst=5)` allows bursts up to 5 calls, and an async `await limiter.acquire()` variant"
            ),
        ],
    ),
    case(
        "ses_long_fix_002",
        FIX,
        "en",
        "12-message session with a tool call; last turn: failure after following advice",
        [
            sys(OPENWEBUI),
            user("what's the recommended way to run FastAPI in production these days?"),
            call(
                "call_s1",
                "web_search",
                '{"query": "FastAPI production deployment recommended 2026"}',
            ),
            result(
                "call_s1",
                "FastAPI docs: run with `fastapi run` or uvicorn workers behind a proxy; use --proxy-headers behind TLS terminators.",
            ),
            asst(
                "Run `fastapi run` (or uvicorn with several workers) behind a reverse proxy and pass `--proxy-headers` when TLS ends at the proxy."
            ),
            user("ok and for https redirects?"),
            asst(
                "Let the proxy redirect HTTP to HTTPS, or add `HTTPSRedirectMiddleware` in the app if there is no proxy."
            ),
            user("we have nginx in front"),
            asst(
                "Then keep the redirect in nginx and don't add the middleware; with the middleware, requests arriving from nginx over plain HTTP would loop."
            ),
            user("makes sense"),
            asst("👍"),
            user("""we deployed with the middleware anyway before reading your answer and now every page is ERR_TOO_MANY_REDIRECTS. removed the middleware, still looping. nginx:

location / {
    proxy_pass http://127.0.0.1:8000;
    proxy_set_header Host $host;
}
server { listen 80; return 301 https://$host$request_uri; }

app started with `uvicorn main:app --workers 4`"""),
        ],
        SEARCH_ONLY,
    ),
    case(
        "ses_long_rev_002",
        REV,
        "es",
        "sesión en español: primero genera, al final pide revisión",
        [
            user(
                "Escríbeme un middleware de Express que registre método, ruta y tiempo de respuesta."
            ),
            asst(
                "```js\nmodule.exports = (req, res, next) => {\n  const t0 = Date.now();\n  res.on('finish', () => console.log(req.method, req.originalUrl, res.statusCode, Date.now() - t0 + 'ms'));\n  next();\n};\n```"
            ),
            user(
                "Perfecto. Lo adapté así para producción:\n\n```js\nmodule.exports = (req, res, next) => {\n  const t0 = process.hrtime.bigint();\n  res.on('finish', () => {\n    logger.info({ m: req.method, u: req.originalUrl, h: req.headers, b: req.body, s: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 });\n  });\n  next();\n};\n```"
            ),
            asst("Se ve bien en general."),
            user(
                "¿Seguro? Revísalo con ojo de seguridad y de volumen de logs, que esto va a un servicio de pagos."
            ),
        ],
    ),
    case(
        "ses_long_gen_002",
        GEN,
        "zh",
        "多轮对话：先修复，最后要求新功能",
        [
            user("这个 Python 爬虫遇到 429 就直接退出了，怎么办？"),
            asst("捕获 429 响应，读取 Retry-After 头，等待后重试，同时给总重试次数设一个上限。"),
            user("好的，已经可以了，谢谢！"),
            asst("不客气！"),
            user(
                "现在想加一个功能：把抓到的商品数据写进 SQLite，表结构自动创建，同一个商品 ID 再抓到时更新价格并记录历史价格。帮我写这部分代码。"
            ),
        ],
    ),
    # --- code labels with IDE tools present but not needed for the ask ---
    case(
        "ses_tools_fix_001",
        FIX,
        "en",
        "IDE tools attached, but the trace and code are pasted and an answer is wanted, not an action",
        [
            sys(CONTINUE),
            user("""why is this failing? I pasted everything, no need to open files

```
  File "/home/me/app/report.py", line 19, in build
    by_day[row.day] += row.amount
KeyError: datetime.date(2026, 12, 1)
```
```py app/report.py
def build(rows):
    by_day = {}
    for row in rows:
        by_day[row.day] += row.amount
    return by_day
```"""),
        ],
        [*IDE_TOOLS],
    ),
    case(
        "ses_tools_rev_001",
        REV,
        "en",
        "IDE tools attached; user pastes code and wants an opinion only",
        [
            sys(CONTINUE),
            user("""```py app/permissions.py
def can_edit(user, doc):
    if user.is_admin:
        return True
    if doc.owner_id == user.id:
        return True
    return doc.team_id in [t.id for t in user.teams] and doc.locked == False
```
just your opinion, don't touch any files: is this authorization logic sound?"""),
        ],
        [*IDE_TOOLS],
    ),
    case(
        "ses_tools_gen_001",
        GEN,
        "en",
        "IDE tools attached; user asks for code in the reply",
        [
            sys(CONTINUE),
            user(
                "just paste the code in the chat, I'll place it myself: a TypeScript `useLocalStorage<T>(key, initial)` hook that syncs across tabs via the storage event"
            ),
        ],
        [*IDE_TOOLS],
    ),
    # --- RAG context chat UI ---
    case(
        "ses_rag_fix_001",
        FIX,
        "en",
        "RAG docs in system prompt; user reports an error using the documented SDK",
        [
            sys(
                OPENWEBUI_RAG.format(
                    ctx="""Weatherly SDK (Python) v2
client = Weatherly(api_key=...)
client.forecast(lat: float, lon: float, days: int = 3) -> Forecast
Forecast.daily: list[Day]; Day.temp_max, Day.temp_min (°C)
Breaking change in v2: forecast() takes lat/lon instead of a city name; use client.geocode(name) -> (lat, lon)."""
                )
            ),
            user("""upgraded the sdk and now:

TypeError: Weatherly.forecast() got an unexpected keyword argument 'city'

f = client.forecast(city="Gdansk", days=5)
print(f.daily[0].temp_max)"""),
        ],
    ),
    case(
        "ses_rag_rev_001",
        REV,
        "en",
        "RAG docs present; user asks whether their usage is right",
        [
            sys(
                OPENWEBUI_RAG.format(
                    ctx="""Queuey client docs
Messages must be acknowledged with msg.ack() within visibility_timeout (default 30 s) or they are redelivered.
Use msg.extend(seconds) for long work. Handlers must be idempotent: delivery is at-least-once."""
                )
            ),
            user("""is my consumer correct according to those docs?

for msg in q.consume("emails"):
    send_email(msg.body)      # can take ~40s with big attachments
    msg.ack()"""),
        ],
    ),
    # --- content parts ---
    case(
        "ses_parts_fix_001",
        FIX,
        "en",
        "screenshot of an error dialog plus the code",
        [
            parts(
                "got this dialog when saving (screenshot). code below. only happens for files over ~2 MB\n\nconst reader = new FileReader();\nreader.onload = () => localStorage.setItem('draft', reader.result);\nreader.readAsDataURL(file);",
                "https://files.example.dev/shots/quota-dialog.png",
            ),
        ],
    ),
    case(
        "ses_parts_gen_001",
        GEN,
        "de",
        "Screenshot einer Tabelle; Code soll sie erzeugen",
        [
            parts(
                "Bau mir diese Tabelle (siehe Bild) als React-Komponente mit Sortierung nach jeder Spalte und einer Summenzeile unten.",
                "https://files.example.de/bilder/tabelle.png",
            ),
        ],
    ),
    case(
        "ses_parts_rev_001",
        REV,
        "es",
        "captura del diff en la UI y pregunta de revisión",
        [
            parts(
                'Esta es la captura del cambio en GitLab. ¿Lo aprobarías? Cambia el hash de contraseñas de bcrypt a sha256 "para que el login sea más rápido".\n\n- hashed = bcrypt.hashpw(pw.encode(), bcrypt.gensalt(12))\n+ hashed = hashlib.sha256(pw.encode()).hexdigest()',
                "https://capturas.example.es/mr-218.png",
            ),
        ],
    ),
    # --- short, terse shapes ---
    case(
        "ses_terse_fix_001",
        FIX,
        "en",
        "terse: error line only",
        [
            user(
                "ModuleNotFoundError: No module named 'distutils' — python 3.12, pip install of an old package"
            ),
        ],
    ),
    case(
        "ses_terse_rev_001",
        REV,
        "en",
        "terse: one-liner judgement question",
        [
            user(
                "`if (a = b) { ... }` in JS — intended or a typo? it's in our codebase in three places"
            ),
        ],
    ),
    case(
        "ses_terse_gen_001",
        GEN,
        "en",
        "terse: regex ask",
        [
            user("regex for a UK postcode pls, python flavour"),
        ],
    ),
    case(
        "ses_terse_fix_002",
        FIX,
        "zh",
        "简短：只给报错",
        [
            user(
                "npm ERR! ERESOLVE unable to resolve dependency tree，装 react 19 的时候报的，怎么解决"
            ),
        ],
    ),
    case(
        "ses_terse_rev_002",
        REV,
        "de",
        "kurz: Bewertungsfrage",
        [
            user("`except: pass` um den ganzen Importblock — ok so oder ein Problem?"),
        ],
    ),
    case(
        "ses_terse_gen_002",
        GEN,
        "es",
        "breve: script a escribir",
        [
            user(
                "un script de python que renombre todas las fotos de una carpeta según su fecha EXIF, porfa"
            ),
        ],
    ),
    # --- other languages, in sessions ---
    case(
        "ses_pl_rev_001",
        REV,
        "pl",
        "sesja: najpierw pytanie ogólne, na koniec ocena kodu",
        [
            user("czym się różni `==` od `is` w Pythonie?"),
            asst(
                "`==` porównuje wartości (wywołuje `__eq__`), `is` sprawdza, czy to ten sam obiekt w pamięci."
            ),
            user(
                "Aha. To w takim razie czy tu jest dobrze?\n\n```python\nif status is 'aktywny' or licznik is 1000:\n    archiwizuj()\n```"
            ),
        ],
    ),
    case(
        "ses_es_fix_001",
        FIX,
        "es",
        "sesión con el asistente Aider; fallo reportado tras un cambio",
        [
            sys(AIDER),
            user("añade paginación a listar_productos en api/productos.py"),
            asst(
                "api/productos.py\n```python\n<<<<<<< SEARCH\ndef listar_productos():\n    return Producto.query.all()\n=======\ndef listar_productos(pagina=1, por_pagina=20):\n    return Producto.query.offset(pagina * por_pagina).limit(por_pagina).all()\n>>>>>>> REPLACE\n```"
            ),
            user(
                "la página 1 se salta los primeros 20 productos y la última página siempre sale vacía"
            ),
        ],
    ),
    case(
        "ses_zh_rev_001",
        REV,
        "zh",
        "多轮：生成之后请求审查他人代码",
        [
            user("帮我写一个 Java 方法判断字符串是否为回文"),
            asst(
                "```java\nstatic boolean isPalindrome(String s) {\n    int i = 0, j = s.length() - 1;\n    while (i < j) if (s.charAt(i++) != s.charAt(j--)) return false;\n    return true;\n}\n```"
            ),
            user(
                "同事写的是下面这个版本，你觉得哪个更好？他的有没有隐患？\n\n```java\nstatic boolean isPalindrome(String s) {\n    return new StringBuilder(s).reverse().toString() == s;\n}\n```"
            ),
        ],
    ),
    case(
        "ses_de_gen_001",
        GEN,
        "de",
        "Sitzung: erst Erklärung, dann Code schreiben",
        [
            user("Was ist eigentlich ein Outbox-Pattern?"),
            asst(
                "Man schreibt Ereignisse in derselben Transaktion wie die Geschäftsdaten in eine Outbox-Tabelle; ein separater Prozess liest sie und veröffentlicht sie zuverlässig an den Broker."
            ),
            user(
                "Verstehe. Dann implementier mir das bitte in Spring Boot mit JPA: Outbox-Entity, Speichern in derselben Transaktion wie die Bestellung, und einen @Scheduled-Relay, der an Kafka sendet und erfolgreich gesendete Einträge markiert."
            ),
        ],
    ),
    case(
        "ses_mx_fix_001",
        FIX,
        "mixed",
        "Polish ask, English Kotlin build output",
        [
            sys(COPILOT_CHAT),
            user("""e: file:///home/ola/app/src/main/kotlin/Repo.kt:14:32 Type mismatch: inferred type is List<User>? but List<User> was expected

    fun active(): List<User> = cache["users"]?.filter { it.active }

coś z nullami, ale nie wiem jak to elegancko ogarnąć"""),
        ],
    ),
    case(
        "ses_mx_gen_001",
        GEN,
        "mixed",
        "English spec pasted, German ask to implement",
        [
            user("""Spec:
- GET /health returns {"status":"ok","version":<git sha>}
- GET /ready returns 200 only if DB ping < 500ms, else 503 with reason
- both excluded from auth and request logging

Setz das bitte in unserer Go-App mit chi um, inklusive Test für den 503-Fall."""),
        ],
    ),
    # --- more English near-misses ---
    case(
        "ses_en_fix_001",
        FIX,
        "en",
        "'is this right?' wording but with an observed wrong result — a failure",
        [
            user("""is this right? because the totals in the dashboard are off by exactly one day's worth of orders at month end

SELECT SUM(total) FROM orders
WHERE created_at BETWEEN '2026-11-01' AND '2026-11-30';"""),
        ],
    ),
    case(
        "ses_en_rev_001",
        REV,
        "en",
        "fix word present only as the subject of the review",
        [
            user("""Another team sent this hotfix for the memory leak in the image service. Review it please — I'm not convinced it fixes the cause rather than the symptom.

-    cache = {}
+    cache = {}
+    MAX = 500
 def thumb(path):
+    if len(cache) > MAX:
+        cache.clear()
     if path not in cache:
         cache[path] = render(path)
     return cache[path]"""),
        ],
    ),
    case(
        "ses_en_gen_001",
        GEN,
        "en",
        "write tests for a bug that was already fixed (regression test)",
        [
            user(
                """we fixed the bug where `parse_amount("1,234.50")` returned 1.2345 — the fix is merged. write a regression test module for parse_amount covering thousands separators, negative values in parentheses like "(12.00)", and currency symbols, so it never comes back"""
            ),
        ],
    ),
    case(
        "ses_en_fix_002",
        FIX,
        "en",
        "wrong output, no trace, with a chat UI tool array",
        [
            sys(OPENWEBUI),
            user("""my fizzbuzz prints "Fizz" for 15 instead of "FizzBuzz"

for i in range(1, 101):
    if i % 3 == 0:
        print("Fizz")
    elif i % 5 == 0:
        print("Buzz")
    elif i % 15 == 0:
        print("FizzBuzz")
    else:
        print(i)"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "ses_en_rev_002",
        REV,
        "en",
        "ask for a security audit of a config file",
        [
            user("""audit this sshd_config for a bastion host:

Port 22
PermitRootLogin yes
PasswordAuthentication yes
X11Forwarding yes
AllowTcpForwarding yes
MaxAuthTries 10
ClientAliveInterval 0"""),
        ],
    ),
    case(
        "ses_en_gen_002",
        GEN,
        "en",
        "convert a Jupyter-style snippet into a reusable module",
        [
            user("""turn this notebook mess into a proper module with functions, type hints and a CLI entry point

df = pd.read_csv("raw.csv")
df = df[df.country == "PL"]
df["month"] = pd.to_datetime(df.date).dt.to_period("M")
out = df.groupby("month").amount.sum()
out.plot(kind="bar")
plt.savefig("pl.png")"""),
        ],
    ),
]
