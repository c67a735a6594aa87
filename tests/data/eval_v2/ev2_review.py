# ruff: noqa: E501
"""`code_review`: judge given code or a diff — correctness, security, performance,
style — with no observed failure reported."""

from __future__ import annotations

from ev2_common import AIDER, CHAT_UI_TOOLS, CONTINUE, WEBUI, Cases, a, parts, sys_, u

C = Cases("review")
T = "code_review"

C.add(
    T,
    "en",
    "is this right? no failure reported",
    [
        u("""is this right? want to make sure before I merge

```python
def median(xs):
    xs = sorted(xs)
    n = len(xs)
    mid = n // 2
    return xs[mid] if n % 2 else (xs[mid - 1] + xs[mid]) / 2
```"""),
    ],
)
C.add(
    T,
    "en",
    "security review of a login handler",
    [
        u("""Security-wise, anything wrong with this Express handler?

```js
app.post('/login', async (req, res) => {
  const { email, password } = req.body;
  const user = await db.query(`SELECT * FROM users WHERE email = '${email}'`);
  if (user && user.password === password) {
    res.cookie('uid', user.id);
    return res.redirect(req.query.next || '/');
  }
  res.status(401).send('nope');
});
```"""),
    ],
)
C.add(
    T,
    "en",
    "review a PR diff",
    [
        sys_(
            "You are a meticulous senior reviewer. Comment on correctness, readability and tests. Use the format `file:line — comment`."
        ),
        u("""Please review this PR.

```diff
diff --git a/internal/cache/cache.go b/internal/cache/cache.go
@@ -21,10 +21,18 @@ func (c *Cache) Get(key string) ([]byte, bool) {
-    c.mu.Lock()
-    defer c.mu.Unlock()
+    c.mu.RLock()
     e, ok := c.items[key]
+    c.mu.RUnlock()
     if !ok {
         return nil, false
     }
+    if time.Now().After(e.expires) {
+        delete(c.items, key)
+        return nil, false
+    }
+    e.hits++
     return e.value, true
 }
```"""),
    ],
)
C.add(
    T,
    "en",
    "thread-safety yes/no question",
    [
        u("""Is this thread-safe?

```java
public class IdGenerator {
    private static IdGenerator instance;
    private long next = 0;
    public static IdGenerator get() {
        if (instance == null) instance = new IdGenerator();
        return instance;
    }
    public synchronized long nextId() { return ++next; }
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "performance judgement of a query",
    [
        u("""Will this scale to ~50M rows in `events`? Looking for performance concerns, not a rewrite yet.

```sql
SELECT u.id, u.email,
       (SELECT COUNT(*) FROM events e WHERE e.user_id = u.id AND e.type = 'login') AS logins
FROM users u
WHERE lower(u.email) LIKE '%@acme.com'
ORDER BY logins DESC
LIMIT 100;
```"""),
    ],
)
C.add(
    T,
    "en",
    "Continue: selection attached, any problems?",
    [
        sys_(CONTINUE),
        u("""```rust src/parser.rs (lines 40-58)
pub fn parse_header(buf: &[u8]) -> Option<Header> {
    let len = u32::from_be_bytes(buf[0..4].try_into().unwrap()) as usize;
    let kind = buf[4];
    let name = std::str::from_utf8(&buf[5..5 + len]).ok()?.to_string();
    Some(Header { kind, name })
}
```
any problems with this?"""),
    ],
)
C.add(
    T,
    "en",
    "memory leak question about a React hook, no symptom",
    [
        u("""could this leak? it's a long-lived dashboard page

```tsx
useEffect(() => {
  const id = setInterval(async () => {
    const r = await fetch('/api/metrics');
    setData(await r.json());
  }, 5000);
  window.addEventListener('resize', onResize);
}, []);
```"""),
    ],
)
C.add(
    T,
    "en",
    "Dockerfile best-practice review",
    [
        u("""Review this Dockerfile — size, security, caching.

```dockerfile
FROM ubuntu:latest
RUN apt-get update
RUN apt-get install -y python3 python3-pip curl git
COPY . /app
WORKDIR /app
RUN pip3 install -r requirements.txt
ENV AWS_SECRET_ACCESS_KEY=AKIA...redacted
EXPOSE 8000
CMD python3 app.py
```"""),
    ],
)
C.add(
    T,
    "en",
    "proposed patch: does this patch work?",
    [
        u("""My teammate proposed this patch for the timezone issue we discussed yesterday. Does it look correct to you, and does it cover DST?

```diff
-    start = datetime(year, month, day, 9, 0)
+    start = datetime(year, month, day, 9, 0, tzinfo=ZoneInfo(user.tz))
-    end = start + timedelta(hours=8)
+    end = (start.astimezone(timezone.utc) + timedelta(hours=8)).astimezone(ZoneInfo(user.tz))
```"""),
    ],
)
C.add(
    T,
    "en",
    "C memory safety audit",
    [
        u("""audit this for memory safety issues

```c
char *join(const char **parts, size_t n, char sep) {
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += strlen(parts[i]);
    char *out = malloc(total + n);
    char *p = out;
    for (size_t i = 0; i < n; i++) {
        strcpy(p, parts[i]);
        p += strlen(parts[i]);
        *p++ = sep;
    }
    *--p = '\\0';
    return out;
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "Terraform plan/code review for risks",
    [
        u("""Any risks in this Terraform before I apply it to prod?

```hcl
resource "aws_security_group_rule" "db_ingress" {
  type              = "ingress"
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.db.id
}

resource "aws_db_instance" "main" {
  identifier          = "prod-main"
  engine              = "postgres"
  instance_class      = "db.r6g.large"
  skip_final_snapshot = true
  deletion_protection = false
  publicly_accessible = true
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "idiomatic Go? style review",
    [
        u("""Is this idiomatic Go? Feels clunky.

```go
func FindUser(users []User, name string) (User, error) {
	var result User
	var found bool = false
	for i := 0; i < len(users); i++ {
		if users[i].Name == name {
			result = users[i]
			found = true
			break
		}
	}
	if found == false {
		return User{}, errors.New("User not found.")
	}
	return result, nil
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "judge two approaches given as code",
    [
        u("""Which of these two is better for a hot path, and why? Python 3.12.

```python
# A
def count_words(text):
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    return counts

# B
from collections import Counter
def count_words(text):
    return Counter(text.split())
```"""),
    ],
)
C.add(
    T,
    "en",
    "review regex for ReDoS",
    [
        u(
            "Is this email regex safe against ReDoS? We run it on user input in Node.\n\n`/^([a-zA-Z0-9_\\.\\-])+\\@(([a-zA-Z0-9\\-])+\\.)+([a-zA-Z0-9]{2,4})+$/`"
        ),
    ],
)
C.add(
    T,
    "en",
    "Aider chat: ask for opinion, no edit",
    [
        sys_(AIDER),
        u("""Don't edit anything yet. Looking at `billing/proration.py` which I added — is the rounding approach sound for invoices? We round each line item then sum.

billing/proration.py
```python
def prorate(amount_cents: int, days_used: int, days_in_period: int) -> int:
    return round(amount_cents * days_used / days_in_period)

def invoice_total(lines):
    return sum(prorate(l.amount, l.used, l.period) for l in lines)
```"""),
    ],
)
C.add(
    T,
    "en",
    "GitHub Actions workflow security review",
    [
        u("""Security review please — this runs on pull_request_target:

```yaml
on: pull_request_target
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: npm ci && npm run build
      - run: ./scripts/deploy-preview.sh
        env:
          NETLIFY_TOKEN: ${{ secrets.NETLIFY_TOKEN }}
```"""),
    ],
)
C.add(
    T,
    "en",
    "review of a Kotlin coroutine snippet",
    [
        u("""Anything off with how coroutines are used here?

```kotlin
class ProfileViewModel(private val repo: Repo) : ViewModel() {
    fun load(id: String) {
        GlobalScope.launch {
            val p = repo.fetch(id)
            _state.value = p
        }
    }
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "code review with content parts, screenshot of code",
    [
        u(
            parts(
                "Our intern sent this as a screenshot (sorry). Can you review the logic? It's supposed to paginate results.",
                "```php\nfunction page($items, $page, $per) {\n  $start = $page * $per;\n  return array_slice($items, $start, $start + $per);\n}\n```",
                image="https://i.example.net/shot-2291.png",
            )
        ),
    ],
)
C.add(
    T,
    "en",
    "API design review",
    [
        u("""Thoughts on this REST design? It's for a mobile app, v1.

POST /getUserOrders        body: {userId}
POST /order/delete         body: {orderId}
GET  /orders?status=all&include=everything
PUT  /order/{id}/status/shipped
GET  /v1/Orders/{id}/Items"""),
    ],
)
C.add(
    T,
    "en",
    "review a SQL migration for locking issues",
    [
        u("""Going to run this on a 300GB prod Postgres 15 during business hours. Safe?

```sql
ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';
CREATE INDEX orders_region_idx ON orders(region);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers(id);
```"""),
    ],
)
C.add(
    T,
    "en",
    "multi-turn: earlier fix, last turn asks to review the final version",
    [
        u("my Swift code crashes with 'Index out of range' in cellForRowAt"),
        a(
            "Likely the data source array changes while the table still reports the old count. Update the array and call reloadData on the main thread together."
        ),
        u("""ok here's what I ended up with. does this look reasonable now?

```swift
func refresh() {
    api.fetchItems { [weak self] items in
        DispatchQueue.main.async {
            self?.items = items
            self?.tableView.reloadData()
        }
    }
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "review of a bash script",
    [
        u("""Could you look over this deploy script for anything dangerous or fragile?

```bash
#!/bin/bash
cd $DEPLOY_DIR
rm -rf $BUILD_DIR/*
git pull
npm install
npm run build
cp -r dist/* /var/www/html/
systemctl restart nginx
```"""),
    ],
)
C.add(
    T,
    "en",
    "chat UI with tools, ask is judgement of code",
    [
        sys_(WEBUI),
        u(
            "Is it a bad idea to use `eval(input('>>> '))` in a calculator script I'm sharing with classmates?"
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "review unit tests quality",
    [
        u("""Are these tests actually testing anything useful?

```python
def test_create_user(mocker):
    repo = mocker.Mock()
    repo.save.return_value = User(id=1, name="a")
    svc = UserService(repo)
    u = svc.create("a")
    assert repo.save.called
    assert u is not None

def test_create_user_2(mocker):
    svc = UserService(mocker.Mock())
    svc.create("b")
```"""),
    ],
)
C.add(
    T,
    "pl",
    "czy ten kod jest ok",
    [
        u("""Czy ten kod jest w porządku? Nic się nie wysypuje, ale mam wątpliwości co do wydajności.

```python
def unikalni_klienci(zamowienia):
    wynik = []
    for z in zamowienia:
        if z.klient_id not in wynik:
            wynik.append(z.klient_id)
    return wynik
```
Zamówień jest ok. 200 tysięcy."""),
    ],
)
C.add(
    T,
    "pl",
    "przegląd PR pod kątem bezpieczeństwa",
    [
        u("""Zrób przegląd bezpieczeństwa tej zmiany:

```diff
+@app.route("/pliki/<path:nazwa>")
+def pobierz_plik(nazwa):
+    return send_file(os.path.join(KATALOG_UPLOAD, nazwa))
```"""),
    ],
)
C.add(
    T,
    "pl",
    "ocena podejścia w Javie",
    [
        u("""Co myślisz o tym podejściu do obsługi wyjątków? Code review przed merge.

```java
try {
    zapiszZamowienie(z);
} catch (Exception e) {
    // ignorujemy, i tak spróbujemy ponownie w nocy
}
```"""),
    ],
)
C.add(
    T,
    "de",
    "Code-Review einer Funktion",
    [
        u("""Kannst du dir diese Funktion anschauen? Ist das so sauber oder würdest du was anders machen?

```typescript
export function berechneVersand(gewicht: number, land: string): number {
  if (land == "DE") { if (gewicht < 2) return 4.99; else if (gewicht < 10) return 6.99; else return 12.99; }
  else if (land == "AT" || land == "CH") { return gewicht < 5 ? 9.99 : 19.99 }
  return 24.99
}
```"""),
    ],
)
C.add(
    T,
    "de",
    "Sicherheitsprüfung",
    [
        u("""Gibt es hier Sicherheitsprobleme? Das ist unser Passwort-Reset.

```python
def reset_token(user_id):
    return hashlib.md5(f"{user_id}{int(time.time())}".encode()).hexdigest()
```"""),
    ],
)
C.add(
    T,
    "de",
    "PR-Review mit Diff",
    [
        u(
            'Bitte reviewe den PR, vor allem die Transaktionslogik:\n\n```diff\n-    konto_a.saldo -= betrag\n-    konto_b.saldo += betrag\n-    db.commit()\n+    with db.begin():\n+        konto_a.saldo -= betrag\n+        if konto_a.saldo < 0:\n+            raise ValueError("Deckung fehlt")\n+        konto_b.saldo += betrag\n```'
        ),
    ],
)
C.add(
    T,
    "es",
    "¿ves algún problema?",
    [
        u("""¿Ves algún problema en este código? Funciona en mis pruebas.

```js
async function obtenerTodos(ids) {
  const resultados = [];
  ids.forEach(async (id) => {
    const r = await fetch(`/api/items/${id}`);
    resultados.push(await r.json());
  });
  return resultados;
}
```"""),
    ],
)
C.add(
    T,
    "es",
    "revisión de seguridad de una consulta",
    [
        u(
            "Revisa si esta consulta en PHP es vulnerable:\n\n```php\n$id = $_GET['id'];\n$res = $pdo->query(\"SELECT * FROM pedidos WHERE id = $id\");\n```"
        ),
    ],
)
C.add(
    T,
    "es",
    "revisión de un componente Vue",
    [
        u("""Haz una revisión de código de este componente, estilo y buenas prácticas:

```vue
<template><div v-for="p in productos" v-if="p.activo">{{ p.nombre }}</div></template>
<script>
export default { data() { return { productos: [] } }, mounted() { fetch('/api').then(r => r.json()).then(d => this.productos = d) } }
</script>
```"""),
    ],
)
C.add(
    T,
    "zh",
    "这段代码有没有问题",
    [
        u("""帮我看看这段代码有没有问题？没有报错，只是想确认一下写法。

```python
def get_config(path, cache={}):
    if path not in cache:
        with open(path) as f:
            cache[path] = json.load(f)
    return cache[path]
```"""),
    ],
)
C.add(
    T,
    "zh",
    "代码审查：并发",
    [
        u("""请做一下代码审查，重点看并发安全：

```go
var counter int
func handler(w http.ResponseWriter, r *http.Request) {
    counter++
    fmt.Fprintf(w, "visits: %d", counter)
}
```"""),
    ],
)
C.add(
    T,
    "zh",
    "审查 SQL 性能",
    [
        u(
            "这个 SQL 在订单表（三千万行）上性能会不会有问题？\n\n```sql\nSELECT * FROM orders WHERE DATE(created_at) = '2026-12-01' AND status != 'cancelled' ORDER BY amount DESC;\n```"
        ),
    ],
)
C.add(
    T,
    "mixed",
    "English diff, German ask for review",
    [
        u(
            "Schau mal drüber, ob das so passt:\n\n```diff\n-  const user = users.find(u => u.id == id)\n+  const user = users.find(u => u.id === Number(id))\n+  if (!user) throw new NotFoundError(`user ${id}`)\n```"
        ),
    ],
)
CASES = C.items
