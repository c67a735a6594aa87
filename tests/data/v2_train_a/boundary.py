# ruff: noqa: E501
"""Pairs across the code boundaries: observed failure vs suspicion, failure vs extension.

Each pair shares a topic but differs in what the last turn asks for; the note says which
word or fact decides.
"""

from __future__ import annotations

from common import (
    AIDER,
    CHAT_UI_TOOLS,
    CONTINUE,
    COPILOT_CHAT,
    GET_ORDER,
    OPENWEBUI,
    REVIEW_BOT,
    SUPPORT_BOT,
    asst,
    case,
    sys,
    user,
)

FIX, REV, GEN = "code_fix", "code_review", "code_generate"

CASES = [
    # --- observed failure (fix) vs suspicion without a failure (review) ---
    case(
        "bnd_cache_fix",
        FIX,
        "en",
        "users actually see stale data: an observed failure",
        [
            user("""users see their old avatar for up to an hour after uploading a new one, even after a hard refresh

@app.get("/avatar/<uid>")
def avatar(uid):
    resp = send_file(avatar_path(uid))
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp"""),
        ],
    ),
    case(
        "bnd_cache_rev",
        REV,
        "en",
        "same endpoint, only a suspicion: 'could this serve stale data?'",
        [
            user("""could this header setup cause stale avatars once we put a CDN in front? nothing's broken yet, I'm just planning ahead

@app.get("/avatar/<uid>")
def avatar(uid):
    resp = send_file(avatar_path(uid))
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp"""),
        ],
    ),
    case(
        "bnd_tz_fix",
        FIX,
        "de",
        "Fehler tritt tatsächlich auf",
        [
            user("""Termine, die Kunden für 9:00 buchen, erscheinen im Kalender der Mitarbeiter um 8:00 — seit der Zeitumstellung Ende Oktober.

const start = new Date(`${datum}T${uhrzeit}:00+01:00`);
await db.termine.insert({ start: start.toISOString() });"""),
        ],
    ),
    case(
        "bnd_tz_rev",
        REV,
        "de",
        "gleicher Code, nur Verdacht",
        [
            user("""Ich habe das Gefühl, dass das bei der Zeitumstellung Probleme machen könnte. Kannst du das beurteilen? Bisher hat sich niemand beschwert.

const start = new Date(`${datum}T${uhrzeit}:00+01:00`);
await db.termine.insert({ start: start.toISOString() });"""),
        ],
    ),
    case(
        "bnd_leak_fix",
        FIX,
        "en",
        "leak observed in metrics",
        [
            sys(COPILOT_CHAT),
            user("""heap grows by ~200MB per day and the pod restarts every 3 days. profiler shows millions of `Listener` objects.

```java
public void subscribe(String topic) {
    bus.register(topic, new Listener(this::onEvent));
}
```
called on every websocket reconnect"""),
        ],
    ),
    case(
        "bnd_leak_rev",
        REV,
        "en",
        "same pattern, asked as 'is there a leak?' without symptoms",
        [
            sys(COPILOT_CHAT),
            user("""is there a potential leak in this? it gets called on every websocket reconnect

```java
public void subscribe(String topic) {
    bus.register(topic, new Listener(this::onEvent));
}
```"""),
        ],
    ),
    case(
        "bnd_sqlinj_rev",
        REV,
        "pl",
        "pytanie o podatność bez incydentu",
        [
            user("""Czy to jest podatne na SQL injection? Filtr przychodzi z formularza w panelu admina.

sql = "SELECT * FROM faktury WHERE nip = '%s'" % request.args["nip"]
cur.execute(sql)"""),
        ],
    ),
    case(
        "bnd_sqlinj_fix",
        FIX,
        "pl",
        "to samo zapytanie, zgłoszony błąd przy apostrofie",
        [
            user("""Wyszukiwanie firm wywala 500, gdy nazwa ma apostrof, np. "Bar u Zdzicha's":

psycopg2.errors.SyntaxError: syntax error at or near "s"
LINE 1: SELECT * FROM firmy WHERE nazwa = 'Bar u Zdzicha's'

sql = "SELECT * FROM firmy WHERE nazwa = '%s'" % request.args["nazwa"]
cur.execute(sql)"""),
        ],
    ),
    # --- failure (fix) vs extension (generate) ---
    case(
        "bnd_csv_fix",
        FIX,
        "en",
        "quoted commas break parsing today: failure",
        [
            user("""rows with a comma inside quotes get split into extra columns, e.g. `7,"Nowak, Jan",PL` becomes 4 fields

def parse(line):
    return line.strip().split(",")"""),
        ],
    ),
    case(
        "bnd_csv_gen",
        GEN,
        "en",
        "same parser, asked to add a new capability",
        [
            user("""our little parser works for what we have today. extend it to support a configurable delimiter and a `header=True` mode that returns dicts

def parse(line):
    return line.strip().split(",")"""),
        ],
    ),
    case(
        "bnd_i18n_fix",
        FIX,
        "es",
        "fallo: tildes se ven mal",
        [
            user("""En el PDF generado los nombres con tilde salen como "JosÃ©" y "MarÃ­a".

with open("clientes.csv") as f:
    for fila in csv.reader(f):
        pdf.cell(0, 10, fila[1])"""),
        ],
    ),
    case(
        "bnd_i18n_gen",
        GEN,
        "es",
        "mismo código, nueva función pedida",
        [
            user("""Esto ya funciona bien. Ahora quiero que además genere un índice al principio del PDF con los clientes agrupados por la primera letra del apellido. Escríbelo.

with open("clientes.csv", encoding="utf-8") as f:
    for fila in csv.reader(f):
        pdf.cell(0, 10, fila[1])"""),
        ],
    ),
    case(
        "bnd_retry_fix",
        FIX,
        "zh",
        "报错：重试后仍然抛出",
        [
            user("""加了重试装饰器之后，第一次超时还是直接抛出 TimeoutError，没有重试：

def retry(n):
    def deco(f):
        def wrap(*a, **k):
            for i in range(n):
                try:
                    return f(*a, **k)
                except ConnectionError:
                    time.sleep(1)
        return wrap
    return deco"""),
        ],
    ),
    case(
        "bnd_retry_gen",
        GEN,
        "zh",
        "同一装饰器，要求扩展",
        [
            user("""这个重试装饰器目前够用。请在它的基础上增加：可配置的异常类型列表、指数退避、以及重试耗尽后抛出最后一次的异常。

def retry(n):
    def deco(f):
        def wrap(*a, **k):
            for i in range(n):
                try:
                    return f(*a, **k)
                except ConnectionError:
                    time.sleep(1)
        return wrap
    return deco"""),
        ],
    ),
    case(
        "bnd_ui_fix",
        FIX,
        "en",
        "dropdown closes immediately: failure",
        [
            sys(CONTINUE),
            user("""```tsx src/Dropdown.tsx
useEffect(() => {
  const close = () => setOpen(false);
  document.addEventListener('click', close);
  return () => document.removeEventListener('click', close);
}, []);
return <button onClick={() => setOpen(true)}>Menu</button>;
```
the menu never appears — it opens and closes in the same click"""),
        ],
    ),
    case(
        "bnd_ui_gen",
        GEN,
        "en",
        "same component, asked for keyboard support (feature)",
        [
            sys(CONTINUE),
            user("""```tsx src/Dropdown.tsx
useEffect(() => {
  const close = (e: MouseEvent) => { if (!ref.current?.contains(e.target as Node)) setOpen(false); };
  document.addEventListener('mousedown', close);
  return () => document.removeEventListener('mousedown', close);
}, []);
```
add keyboard support: Escape closes, arrow keys move between items, Enter selects, focus returns to the button"""),
        ],
    ),
    # --- review vs generate ---
    case(
        "bnd_tests_rev",
        REV,
        "en",
        "existing tests: judge them",
        [
            user("""are these tests testing the right things? feels like they'd pass even if the function were broken

def test_sort_users():
    users = [User("b"), User("a")]
    result = sort_users(users)
    assert len(result) == 2

def test_sort_users_empty():
    assert sort_users([]) is not None"""),
        ],
    ),
    case(
        "bnd_tests_gen",
        GEN,
        "en",
        "same area: write better tests",
        [
            user("""rewrite these tests so they actually check the ordering (by last name, then first name, case-insensitive, stable for equal names)

def test_sort_users():
    users = [User("b"), User("a")]
    result = sort_users(users)
    assert len(result) == 2"""),
        ],
    ),
    case(
        "bnd_docker_rev",
        REV,
        "mixed",
        "Polish ask: ocena Dockerfile",
        [
            user("""FROM python:3.12-slim
RUN apt-get update && apt-get install -y build-essential
COPY . /app
RUN pip install -r /app/requirements.txt
USER root
CMD ["python", "/app/main.py"]

oceń ten Dockerfile pod kątem rozmiaru obrazu i bezpieczeństwa"""),
        ],
    ),
    case(
        "bnd_docker_gen",
        GEN,
        "mixed",
        "Polish ask: przepisz na multi-stage",
        [
            user("""FROM python:3.12-slim
RUN apt-get update && apt-get install -y build-essential
COPY . /app
RUN pip install -r /app/requirements.txt
CMD ["python", "/app/main.py"]

przepisz to na multi-stage build z użytkownikiem bez roota i cache'owaniem warstwy z zależnościami"""),
        ],
    ),
    case(
        "bnd_diff_rev",
        REV,
        "en",
        "review bot with a diff",
        [
            sys(REVIEW_BOT),
            user("""diff --git a/lib/price.rb b/lib/price.rb
@@ -3,5 +3,7 @@ class Price
   def with_vat(rate = 0.23)
-    (net * (1 + rate)).round(2)
+    gross = net * (1 + rate)
+    gross = gross.floor(2) if customer.b2b?
+    gross.round(2)
   end"""),
        ],
    ),
    case(
        "bnd_diff_gen",
        GEN,
        "en",
        "Aider: implement the change described, not judge it",
        [
            sys(AIDER),
            user("""lib/price.rb
```ruby
class Price
  def with_vat(rate = 0.23)
    (net * (1 + rate)).round(2)
  end
end
```
add a `with_vat_breakdown` method returning a hash with net, vat and gross (all BigDecimal, rounded half-up to 2 places) and specs for it"""),
        ],
    ),
    # --- fix vs review inside multi-turn ---
    case(
        "bnd_mt_fix",
        FIX,
        "en",
        "after a review, the user reports that the reviewed code actually fails",
        [
            user(
                "review this please\n\n```python\ndef chunked(xs, n):\n    return [xs[i:i+n] for i in range(0, len(xs), n)]\n```"
            ),
            asst(
                "Looks correct and idiomatic. For very large inputs a generator would save memory, but for lists it's fine."
            ),
            user(
                "well it blows up in prod: `TypeError: 'generator' object is not subscriptable` — we pass it the result of `read_rows()` which yields"
            ),
        ],
    ),
    case(
        "bnd_mt_rev",
        REV,
        "en",
        "after a fix, the user asks for a review of the whole function",
        [
            user(
                "this raises KeyError for new users\n\n```python\ndef points(uid):\n    return BALANCES[uid] + BONUS[uid]\n```"
            ),
            asst("Use `.get(uid, 0)` for both lookups so missing users count as zero."),
            user("""done, and I also changed a couple of other things:

```python
def points(uid):
    base = BALANCES.get(uid, 0)
    bonus = BONUS.get(uid, 0) if base else 0
    return max(base + bonus, 0)
```
does the rest make sense? be picky"""),
        ],
    ),
    case(
        "bnd_mt_gen",
        GEN,
        "en",
        "after a fix, the user asks for new code",
        [
            user("my bash loop breaks on filenames with spaces"),
            asst(
                "Use `find ... -print0 | while IFS= read -r -d '' f; do ...; done` and quote \"$f\"."
            ),
            user(
                "works now. write me a reusable bash function `for_each_file DIR PATTERN CMD...` built on that, with a --dry-run flag"
            ),
        ],
    ),
    # --- chat UI with generic tools attached ---
    case(
        "bnd_ui_tools_fix",
        FIX,
        "en",
        "generic chat tools present; ask is about a failure in pasted code",
        [
            sys(OPENWEBUI),
            user("""my Go test hangs until the 10 min timeout:

func TestServer(t *testing.T) {
	srv := httptest.NewServer(handler())
	resp, _ := http.Get(srv.URL + "/stream")
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "ready") {
		t.Fatal("no ready")
	}
}

/stream is an SSE endpoint that never closes"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "bnd_ui_tools_rev",
        REV,
        "en",
        "generic chat tools present; judgement ask",
        [
            sys(OPENWEBUI),
            user("""would you say this SSE handler is production-ready?

func stream(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	for msg := range events {
		fmt.Fprintf(w, "data: %s\\n\\n", msg)
		w.(http.Flusher).Flush()
	}
}"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "bnd_ui_tools_gen",
        GEN,
        "en",
        "generic chat tools present; code to write",
        [
            sys(OPENWEBUI),
            user(
                "write a minimal SSE server in Go that broadcasts messages posted to /publish to every client connected to /stream, handling client disconnects and heartbeats every 15s"
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    # --- support-bot context, developer asks code question ---
    case(
        "bnd_support_fix",
        FIX,
        "en",
        "support bot for a parcel API; developer reports an integration error",
        [
            sys(SUPPORT_BOT),
            user("""I'm integrating your tracking API and every call returns 401 even with the key from the dashboard:

curl -H "Authorization: $PARCELLY_KEY" https://api.parcelly.example/v1/track/PX1234

{"error":"unauthorized","hint":"expected scheme Bearer"}"""),
        ],
        [GET_ORDER],
    ),
    # --- more languages ---
    case(
        "bnd_de_rev",
        REV,
        "de",
        "Einschätzung gefragt, nichts kaputt",
        [
            user("""Unser Azubi hat die Passwort-Prüfung so gebaut. Funktioniert, aber ist das so vertretbar?

if (eingabe.equals(benutzer.getPasswort())) {
    session.setAttribute("eingeloggt", true);
}"""),
        ],
    ),
    case(
        "bnd_zh_fix",
        FIX,
        "zh",
        "描述现象，无堆栈",
        [
            user("""分页查询第二页开始数据有重复，有些记录在第一页和第二页都出现了。

SELECT * FROM orders ORDER BY created_at DESC LIMIT 20 OFFSET 20;

很多订单是同一秒创建的。"""),
        ],
    ),
    case(
        "bnd_es_gen",
        GEN,
        "es",
        "pide tests para código ya corregido",
        [
            user("""Ya corregimos el bug del redondeo en calcular_iva. Escribe tests con pytest que cubran importes con céntimos, tipos 21%, 10% y 4%, e importes negativos (abonos), para que no vuelva a pasar.

def calcular_iva(base: Decimal, tipo: int) -> Decimal:
    return (base * tipo / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)"""),
        ],
    ),
    # --- three more contrast rows ---
    case(
        "bnd_con_sum",
        "summarize",
        "en",
        "condense a stack trace for a ticket, not fix it",
        [
            user("""Condense this into one sentence for the incident ticket — what failed and where. We already have the fix.

Traceback (most recent call last):
  File "/app/worker.py", line 88, in run
    self.sync_inventory()
  File "/app/worker.py", line 140, in sync_inventory
    stock = self.erp.fetch_stock(batch)
  File "/app/erp/client.py", line 52, in fetch_stock
    resp.raise_for_status()
requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://erp.internal/api/stock"""),
        ],
    ),
    case(
        "bnd_con_triage",
        "triage",
        "en",
        "label the severity of a finding with one word",
        [
            user("""Severity of this finding: critical, high, medium or low? One word.

"The /export endpoint builds a shell command from the `filename` query parameter and runs it with subprocess(shell=True).\""""),
        ],
    ),
    case(
        "bnd_con_tool",
        "tool_use",
        "en",
        "order lookup via the provided tool",
        [
            sys(SUPPORT_BOT),
            user("where's my parcel? order PX-88213, it was supposed to arrive yesterday"),
        ],
        [GET_ORDER],
    ),
]
