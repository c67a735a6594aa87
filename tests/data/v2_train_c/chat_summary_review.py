# ruff: noqa: E501
"""simple_chat, summarize and code_review, several of them in mixed languages."""

from __future__ import annotations

from common import CHAT_UI, CHAT_UI_RAG, REVIEW_BOT, WEB_TOOLS, case, parts

C, S, R = "simple_chat", "summarize", "code_review"

CASES = [
    # --- simple_chat ---------------------------------------------------------------
    case(
        "chat-thanks-after-fix",
        C,
        "en",
        "thanks after a fix",
        "My loop `for i in range(len(xs)): xs.remove(xs[i])` raises IndexError.",
        "You are removing while iterating; build a new list instead: `xs = [x for x in xs if keep(x)]`.",
        "Perfect, that did it. Thanks a lot!",
    ),
    case(
        "chat-pl-greeting",
        C,
        "pl",
        "Polish greeting with idle tools",
        "Cześć! Jak się masz?",
        system=CHAT_UI,
        tools=WEB_TOOLS,
    ),
    case(
        "chat-pl-concept",
        C,
        "pl",
        "Polish question about an English term",
        "Co właściwie znaczy „idempotent” w kontekście REST API? Po polsku, krótko.",
    ),
    case(
        "chat-zh-question",
        C,
        "zh",
        "Chinese timeless question",
        "TCP 和 UDP 的主要区别是什么？简单说说就行。",
    ),
    case(
        "chat-de-smalltalk",
        C,
        "de",
        "German thanks after a triage",
        "Ticket: `KeyError: 'user_id'` im Login-Service, betrifft alle.",
        "Komponente: auth, Schweregrad: P1, Team: Identity.",
        "Super, danke dir! Schönes Wochenende.",
    ),
    case(
        "chat-es-definition",
        C,
        "es",
        "Spanish conceptual question",
        "¿Qué diferencia hay entre un proceso y un hilo? Explícalo como si tuviera 12 años.",
    ),
    case(
        "chat-zh-term",
        C,
        "zh",
        "Chinese asks about an English error name, conceptually",
        "`Segmentation fault` 这个词到底是什么意思？不用看代码，我就是好奇这个名字的由来。",
    ),
    case(
        "chat-error-word-curiosity",
        C,
        "en",
        "mentions an error but asks a general question",
        "Random question: why is it called a 'null pointer exception' in Java but a 'segfault' in C? Are they the same thing?",
    ),
    case(
        "chat-mixed-de-en-ok",
        C,
        "mixed",
        "German-English acknowledgement",
        "Schreib mir einen Regex für deutsche Postleitzahlen.",
        "`^\\d{5}$` — fünf Ziffern, nichts davor oder danach.",
        "Ah ok, makes sense. Danke, that's all I needed!",
    ),
    case(
        "chat-pl-joke",
        C,
        "pl",
        "Polish: a programmer joke",
        "Opowiedz mi jakiś krótki żart o programistach.",
    ),
    case(
        "chat-zh-thanks",
        C,
        "zh",
        "Chinese thanks after code",
        "用 Python 写一个冒泡排序。",
        "```python\ndef bubble(xs):\n    xs = list(xs)\n    for i in range(len(xs)):\n        for j in range(len(xs) - 1 - i):\n            if xs[j] > xs[j + 1]:\n                xs[j], xs[j + 1] = xs[j + 1], xs[j]\n    return xs\n```",
        "好的，谢谢！",
    ),
    case(
        "chat-rag-unrelated",
        C,
        "en",
        "RAG prompt but a general question",
        "What's a good name for a cat?",
        system=CHAT_UI_RAG,
    ),
    case(
        "chat-es-opinion",
        C,
        "es",
        "Spanish with English jargon, opinion question",
        "¿Tú qué prefieres, tabs o spaces? Y en serio, ¿importa en Python?",
    ),
    case(
        "chat-de-question",
        C,
        "de",
        "German general question",
        "Was ist der Unterschied zwischen HTTP/2 und HTTP/3, in zwei Sätzen?",
    ),
    case(
        "chat-mixed-pl-thanks-code",
        C,
        "mixed",
        "Polish thanks after an English fix conversation",
        "TypeError: 'NoneType' object is not subscriptable in `cfg['db']['host']`",
        "`load_config()` returns None when the file is missing; check the path or raise early.",
        "Dzięki, faktycznie zła ścieżka. All good now 👍",
    ),
    case(
        "chat-zh-idiom",
        C,
        "zh",
        "Chinese question about an English phrase",
        "程序员常说的 “rubber duck debugging” 是什么意思？",
    ),
    # --- summarize -----------------------------------------------------------------
    case(
        "sum-incident-thread",
        S,
        "en",
        "summarise an incident thread containing errors",
        """Summarise this incident channel for the status page, 3 bullets, no blame:

09:02 alice: checkout errors spiking, `502 Bad Gateway` from payments-proxy
09:05 bob: proxy pods fine, upstream adyen returning `ECONNRESET`
09:11 alice: adyen status page confirms partial outage in EU
09:30 bob: switched traffic to backup PSP, error rate back to 0.3%
10:15 alice: adyen recovered, switched back, monitoring
10:45 bob: closing, postmortem Thursday""",
    ),
    case(
        "sum-pl-changelog",
        S,
        "pl",
        "Polish; summarise a changelog",
        """Streść ten changelog w trzech zdaniach dla klientów:

## 4.2.0
- Nowe: eksport faktur do KSeF
- Nowe: filtr po walucie w raportach
- Naprawione: `Błąd 500` przy dodawaniu kontrahenta bez NIP
- Naprawione: złe zaokrąglenia VAT w korektach
- Zmiana: minimalna wersja przeglądarki Safari 16""",
    ),
    case(
        "sum-mixed-zh-en-log",
        S,
        "mixed",
        "English log, Chinese ask to summarise what happened",
        """用中文总结一下这段日志里发生了什么（不用修复，只要概括）：

```
03:00:01 backup started (db=orders, size=212GB)
03:41:17 WARN slow upload to s3: 12MB/s
05:58:40 ERROR upload failed: RequestTimeout (part 1841/2100), retrying
06:02:11 upload resumed from part 1841
06:39:55 backup finished, duration 3h39m, verified checksum OK
```""",
    ),
    case(
        "sum-de-pr-description",
        S,
        "de",
        "German; diff into release notes",
        """Mach aus diesem Diff eine kurze Release-Note (2–3 Sätze, für Endnutzer):

```diff
+    if user.locale == "de":
+        date_fmt = "%d.%m.%Y"
-    date_fmt = "%Y-%m-%d"
+    else:
+        date_fmt = "%Y-%m-%d"
+@app.get("/export/pdf")
+def export_pdf(): ...
```""",
    ),
    case(
        "sum-es-meeting",
        S,
        "es",
        "Spanish; summarise meeting notes",
        """Resume estas notas de la reunión en 4 viñetas con responsables:

- Laura: el error `Timeout de pago` bajó del 2% al 0,4% tras el cambio de proveedor.
- Diego: migración a Postgres 16 el 20 de marzo, ventana de 2h.
- Laura: necesitamos alguien para revisar los tests flaky de iOS.
- Marta: lo cojo yo.
- Diego: presupuesto de observabilidad aprobado.""",
    ),
    case(
        "sum-mixed-pl-en-thread",
        S,
        "mixed",
        "English GitHub thread, Polish ask for a summary",
        """Podsumuj tę dyskusję po polsku w 3 punktach:

> **maintainer**: We can't merge this as is; it changes the default timeout from 30s to 5s, which will break slow networks.
> **contributor**: Fair, I'll make it opt-in via `HTTP_TIMEOUT`.
> **maintainer**: Also please add a changelog entry. The `ValueError` on negative values is good.
> **contributor**: Done both, rebased on main.
> **maintainer**: LGTM, merging after CI.""",
    ),
    case(
        "sum-shorter-followup",
        S,
        "en",
        "follow-up 'shorter please' after a summary",
        "Summarise this stack overflow answer: [long answer about Python GIL, threads vs processes, and asyncio].",
        "The GIL lets only one thread run Python bytecode at a time, so CPU-bound work does not speed up with threads; use multiprocessing for CPU-bound tasks and threads or asyncio for I/O-bound ones. C extensions that release the GIL (numpy) are an exception.",
        "Shorter please, one sentence.",
    ),
    case(
        "sum-zh-article",
        S,
        "zh",
        "Chinese; summarise an article excerpt",
        """请用三句话概括下面这段文字：

近年来，越来越多的团队把大语言模型部署在本地。原因主要有三点：数据不出内网、成本可控、以及延迟更低。但本地部署也带来新的问题，比如显存不足、模型更新慢、以及缺乏统一的路由层来决定哪个请求交给哪个模型。一些开源项目开始尝试在 Ollama 之前加一层路由，根据任务类型选择模型。""",
    ),
    case(
        "sum-content-parts",
        S,
        "en",
        "content parts with pasted postmortem",
        parts(
            "Postmortem draft: At 14:02 a config push set the Redis maxmemory-policy to noeviction. Writes started failing with `OOM command not allowed when used memory > 'maxmemory'`. Sessions could not be created, so logins failed for 38 minutes. Rollback at 14:40 restored service. Action items: config validation in CI, alert on Redis rejected writes.",
            "Give me a TL;DR for the exec update — two sentences max.",
        ),
    ),
    case(
        "sum-mixed-de-en-release",
        S,
        "mixed",
        "English release notes, German ask",
        """Fass die wichtigsten Änderungen dieser Release Notes auf Deutsch zusammen, maximal 5 Punkte:

v3.0.0 — Breaking: drop Python 3.9. New: async client. New: retries with backoff. Fixed: `KeyError` when the response has no `data` field. Fixed: memory leak in streaming mode. Docs: new migration guide.""",
    ),
    case(
        "sum-pl-ticket-history",
        S,
        "pl",
        "Polish; summarise ticket comments",
        """Streść historię tego zgłoszenia dla nowej osoby w zespole (kilka zdań):

- 02.03 klient: raport sprzedaży pokazuje zera od 1 marca
- 02.03 support: potwierdzone, przekazane do zespołu danych
- 03.03 dane: job ETL padał z `ERROR: relation "sales_2026_03" does not exist`, partycja nie została utworzona
- 03.03 dane: partycja utworzona ręcznie, dane przeliczone
- 04.03 klient: raport OK, dziękuje""",
    ),
    case(
        "sum-zh-mixed-standup",
        S,
        "mixed",
        "Chinese/English standup notes to condense",
        """帮我把今天的站会记录压缩成一段话：
- Tom: finished the retry middleware, PR open
- 小李: 修了 iOS 登录白屏，还在等 review
- Anna: blocked on staging DB credentials
- 王强: 明天开始做导出功能""",
    ),
    case(
        "sum-es-email",
        S,
        "es",
        "Spanish; condense an email",
        "Resume este correo en una línea: «Hola equipo, como sabéis el viernes tuvimos la caída del servicio de pagos por un certificado caducado. Ya está renovado y hemos añadido una alerta 30 días antes del vencimiento. El lunes haremos la revisión del incidente a las 11. Gracias a todos por la rapidez.»",
    ),
    case(
        "sum-rag",
        S,
        "en",
        "summarise retrieved context",
        "Summarise what the retrieved wiki snippets say about logging and on-call, in one short paragraph.",
        system=CHAT_UI_RAG,
    ),
    case(
        "sum-de-transcript",
        S,
        "de",
        "German; short transcript",
        """Fasse das Gespräch in drei Stichpunkten zusammen:
A: Der Build dauert inzwischen 40 Minuten.
B: Das liegt vor allem an den E2E-Tests, die laufen seriell.
A: Können wir sie parallelisieren?
B: Ja, mit vier Shards wären wir bei etwa 12 Minuten. Kostet aber mehr Runner-Minuten.
A: Das ist es wert. Machst du ein Ticket?
B: Mache ich.""",
    ),
    case(
        "sum-mixed-es-en-diff",
        S,
        "mixed",
        "Spanish ask, English commit log to summarise",
        """Haz un resumen en español de estos commits para el changelog:

a1f3e2 feat(api): add /v2/quotes with currency param
b7c9d0 fix(api): return 404 instead of 500 for unknown quote id
c2e4f1 chore(deps): bump fastapi to 0.110
d9a8b7 docs: document rate limits""",
    ),
    # --- code_review ---------------------------------------------------------------
    case(
        "rev-is-this-safe",
        R,
        "en",
        "judge a snippet for safety",
        """Is this safe against SQL injection? It's only used internally.

```python
def find_user(conn, email):
    cur = conn.execute(f"SELECT id, name FROM users WHERE email = '{email}'")
    return cur.fetchone()
```""",
    ),
    case(
        "rev-pl-pr",
        R,
        "pl",
        "Polish; review a diff",
        """Zrób review tego PR-a – co byś poprawił przed merge?

```diff
+def charge(customer, amount):
+    if amount < 0:
+        raise ValueError("amount")
+    for attempt in range(5):
+        try:
+            return psp.charge(customer.id, amount)
+        except Exception:
+            time.sleep(1)
```""",
    ),
    case(
        "rev-mixed-zh-en-code",
        R,
        "mixed",
        "English code, Chinese ask for review",
        """帮我 review 一下这段 Go 代码，有没有并发问题？

```go
var cache = map[string]*User{}

func GetUser(id string) *User {
    if u, ok := cache[id]; ok {
        return u
    }
    u := loadUser(id)
    cache[id] = u
    return u
}
```""",
    ),
    case(
        "rev-bot-pr-with-error-handling",
        R,
        "en",
        "review bot; diff that catches an error",
        """```diff
 def load_config(path):
-    with open(path) as f:
-        return yaml.safe_load(f)
+    try:
+        with open(path) as f:
+            return yaml.safe_load(f)
+    except Exception:
+        return {}
```""",
        system=REVIEW_BOT,
    ),
    case(
        "rev-de-idiomatic",
        R,
        "de",
        "German; is it idiomatic Rust",
        """Ist das idiomatisches Rust, oder würdest du es anders schreiben?

```rust
fn sum_even(v: &Vec<i32>) -> i32 {
    let mut s = 0;
    for i in 0..v.len() {
        if v[i] % 2 == 0 { s = s + v[i]; }
    }
    return s;
}
```""",
    ),
    case(
        "rev-es-hotfix",
        R,
        "es",
        "Spanish; does the hotfix address the root cause",
        """Este hotfix evita el `NullPointerException`, pero ¿ataca la causa o solo la tapa? Dame tu opinión.

```java
- String city = order.getAddress().getCity();
+ String city = order.getAddress() != null ? order.getAddress().getCity() : "";
```""",
    ),
    case(
        "rev-mixed-pl-en-diff",
        R,
        "mixed",
        "English diff, Polish ask for judgement",
        """Czy ta zmiana jest bezpieczna przy wielu instancjach aplikacji? Nie pisz nowego kodu, tylko oceń.

```diff
-@scheduler.scheduled_job("cron", minute=0)
-def send_digest(): ...
+@scheduler.scheduled_job("interval", minutes=60)
+def send_digest():
+    if not acquire_lock("digest"): return
+    ...
```""",
    ),
    case(
        "rev-zh-review",
        R,
        "zh",
        "Chinese; review for performance",
        """这段 SQL 在大表上性能怎么样？有什么隐患？

```sql
SELECT * FROM orders WHERE DATE(created_at) = '2026-03-01' ORDER BY id DESC LIMIT 20 OFFSET 100000;
```""",
    ),
    case(
        "rev-ts-memory-leak",
        R,
        "en",
        "could this leak?",
        """Could this component leak listeners?

```tsx
function WindowWidth() {
  const [w, setW] = useState(window.innerWidth);
  useEffect(() => {
    window.addEventListener("resize", () => setW(window.innerWidth));
  }, []);
  return <span>{w}</span>;
}
```""",
    ),
    case(
        "rev-mixed-de-en-comment",
        R,
        "mixed",
        "German ask, English code with a comment about a past bug",
        """Kannst du dir das anschauen, ob es so passt? Der Kommentar erklärt, warum wir das eingebaut haben.

```python
# we saw duplicate charges when the client retried on timeout -> idempotency key
def create_payment(req):
    key = req.headers.get("Idempotency-Key")
    if key and (existing := Payment.objects.filter(idem_key=key).first()):
        return existing
    return Payment.objects.create(idem_key=key, amount=req.json["amount"])
```""",
    ),
    case(
        "rev-own-code-critique",
        R,
        "en",
        "critique the assistant's own earlier code",
        "Write a function that chunks a list into pieces of n.",
        "```python\ndef chunks(xs, n):\n    return [xs[i:i + n] for i in range(0, len(xs), n)]\n```",
        "Look at what you wrote critically: any edge cases you'd flag in a code review (n=0, generators, huge lists)?",
    ),
    case(
        "rev-pl-security",
        R,
        "pl",
        "Polish; security audit of a snippet",
        """Przejrzyj pod kątem bezpieczeństwa:

```php
$file = $_GET['file'];
include("templates/" . $file . ".php");
```""",
    ),
    case(
        "rev-es-mixed",
        R,
        "mixed",
        "English code, Spanish ask",
        """¿Ves algún problema en este Dockerfile? Solo revisión, no lo reescribas.

```dockerfile
FROM python:3.12
COPY . /app
RUN pip install -r /app/requirements.txt
ENV DB_PASSWORD=supersecret
CMD python /app/main.py
```""",
    ),
    case(
        "rev-zh-mixed-thread-safe",
        R,
        "mixed",
        "Chinese+English: is it thread-safe",
        """Is this singleton thread-safe？我们在多线程的 Java 服务里用。

```java
public class Config {
    private static Config instance;
    public static Config get() {
        if (instance == null) instance = new Config();
        return instance;
    }
}
```""",
    ),
    case(
        "rev-de-bot",
        R,
        "de",
        "review bot, German diff ask",
        """Bitte Review:

```diff
+func Transfer(from, to *Account, amount int) {
+    from.mu.Lock()
+    to.mu.Lock()
+    from.Balance -= amount
+    to.Balance += amount
+    to.mu.Unlock()
+    from.mu.Unlock()
+}
```""",
        system=REVIEW_BOT,
    ),
    case(
        "rev-kotlin-coroutines",
        R,
        "en",
        "judge coroutine usage",
        """Anything wrong with launching this in GlobalScope? It works fine in testing.

```kotlin
fun onLogin(user: User) {
    GlobalScope.launch { analytics.track("login", user.id) }
}
```""",
    ),
]
