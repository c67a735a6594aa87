# ruff: noqa: E501
"""`code_fix`: an observed failure — described in words, a trace, a compiler error,
a failing test or wrong output — often without the word "fix"."""

from __future__ import annotations

from ev2_common import AIDER, CHAT_UI_TOOLS, CONTINUE, WEBUI, Cases, a, parts, sys_, u

C = Cases("fix")
T = "code_fix"

C.add(
    T,
    "en",
    "wrong result described in words, no trace",
    [
        u("""this returns None for empty lists instead of 0 and I can't see why

```python
def total(prices):
    for p in prices:
        s = s + p if 's' in locals() else p
    else:
        return s if prices else None
```"""),
    ],
)
C.add(
    T,
    "en",
    "browser-specific failure in words",
    [
        u("""The button does nothing on Safari (works on Chrome/Firefox). No console errors.

```html
<button onclick="share()">Share</button>
<script>
async function share() {
  const blob = await (await fetch('/card.png')).blob();
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
  toast('Copied!');
}
</script>
```"""),
    ],
)
C.add(
    T,
    "en",
    "bare Python traceback, almost no text",
    [
        u("""```
Traceback (most recent call last):
  File "/app/worker.py", line 52, in <module>
    main()
  File "/app/worker.py", line 47, in main
    for job in queue.fetch(batch=args.batch):
  File "/app/queue.py", line 19, in fetch
    rows = self.conn.execute(SQL_FETCH, (batch,)).fetchall()
sqlite3.OperationalError: database is locked
```"""),
    ],
)
C.add(
    T,
    "en",
    "failing test output with little text",
    [
        u("""```
FAIL  src/utils/__tests__/formatPrice.test.ts > formatPrice > formats thousands
AssertionError: expected '1 234,50 €' to be '1.234,50 €'
 ❯ src/utils/__tests__/formatPrice.test.ts:12:41
```
```ts
export const formatPrice = (v: number) =>
  new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(v);
```
?"""),
    ],
)
C.add(
    T,
    "en",
    "Rust borrow checker error",
    [
        u("""```
error[E0502]: cannot borrow `self.items` as mutable because it is also borrowed as immutable
  --> src/inventory.rs:31:13
   |
29 |         for item in self.items.iter() {
   |                     ----------------- immutable borrow occurs here
30 |             if item.qty == 0 {
31 |                 self.items.retain(|i| i.qty > 0);
   |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ mutable borrow occurs here
```
how do I get past this"""),
    ],
)
C.add(
    T,
    "en",
    "TypeScript compiler error",
    [
        sys_(CONTINUE),
        u("""```ts src/api/client.ts
export async function getUser(id: string): Promise<User> {
  const res = await fetch(`/api/users/${id}`);
  return res.json().data;
}
```
tsc: `error TS2339: Property 'data' does not exist on type 'Promise<any>'.`"""),
    ],
)
C.add(
    T,
    "en",
    "Go: program hangs, described in words",
    [
        u("""This never finishes — it prints all the results and then just hangs forever. Go 1.22.

```go
func main() {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(n int) { defer wg.Done(); results <- n * n }(i)
	}
	for r := range results {
		fmt.Println(r)
	}
	wg.Wait()
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "Java NPE stack trace with code",
    [
        u("""Getting this since we added the discount feature:

```
java.lang.NullPointerException: Cannot invoke "java.math.BigDecimal.multiply(java.math.BigDecimal)" because "this.discount" is null
	at com.shop.cart.Cart.total(Cart.java:44)
	at com.shop.api.CartController.get(CartController.java:29)
```
```java
public BigDecimal total() {
    BigDecimal sum = lines.stream().map(Line::price).reduce(BigDecimal.ZERO, BigDecimal::add);
    return sum.subtract(sum.multiply(discount));
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "CI log: build fails only in CI",
    [
        u("""Works on my machine, fails in GitHub Actions:

```
Run npm ci
npm ERR! code EUSAGE
npm ERR! The `npm ci` command can only install with an existing package-lock.json or
npm ERR! npm-shrinkwrap.json with lockfileVersion >= 1.
Error: Process completed with exit code 1.
```
Our .gitignore has `*.lock` and `package-lock.json` in it, if that matters."""),
    ],
)
C.add(
    T,
    "en",
    "SQL returns wrong counts, described in words",
    [
        u("""This query gives me way too high totals — like 3x what the orders table says for some customers.

```sql
SELECT c.name, SUM(o.total) AS revenue, COUNT(t.id) AS tickets
FROM customers c
JOIN orders o ON o.customer_id = c.id
LEFT JOIN tickets t ON t.customer_id = c.id
GROUP BY c.name;
```"""),
    ],
)
C.add(
    T,
    "en",
    "C segfault with gdb backtrace",
    [
        u("""segfaults on the second call

```
Program received signal SIGSEGV, Segmentation fault.
0x0000555555555189 in push (s=0x7fffffffe0d0, v=2) at stack.c:14
14	    s->data[s->len++] = v;
(gdb) p s->data
$1 = (int *) 0x0
```
```c
typedef struct { int *data; size_t len, cap; } Stack;
void push(Stack *s, int v) {
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4;
        realloc(s->data, s->cap * sizeof(int));
    }
    s->data[s->len++] = v;
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "Aider: the test fails after the last edit",
    [
        sys_(AIDER),
        u("""Your last edit broke this:

```
$ pytest tests/test_cli.py -q
F.
=================================== FAILURES ===================================
___________________________ test_tag_option_repeats ____________________________
    def test_tag_option_repeats(capsys):
>       main(["note", "--tag", "a", "--tag", "b"])
E       TypeError: main() takes 0 positional arguments but 1 was given
```"""),
    ],
)
C.add(
    T,
    "en",
    "CSS layout wrong, described",
    [
        u("""The footer sits in the middle of the page on short pages instead of at the bottom. I want it at the bottom when content is short.

```css
body { margin: 0; font-family: system-ui; }
main { padding: 2rem; }
footer { padding: 1rem; background: #222; color: #eee; }
```"""),
    ],
)
C.add(
    T,
    "en",
    "Kotlin Android crash log",
    [
        u("""App crashes on rotate.

```
FATAL EXCEPTION: main
kotlin.UninitializedPropertyAccessException: lateinit property adapter has not been initialized
    at com.acme.notes.ListFragment.onSaveInstanceState(ListFragment.kt:77)
```"""),
    ],
)
C.add(
    T,
    "en",
    "wrong output from a date calculation",
    [
        u("""Expected 29 for February 2028 but I get 28.

```js
function daysInMonth(year, month) { // month 1-12
  return new Date(year, month, 0).getDate() - (year % 4 === 0 && year % 100 !== 0 ? 0 : 0);
}
console.log(daysInMonth(2028, 2));
```
hmm actually it prints 29 in node but 28 in our Google Apps Script project"""),
    ],
)
C.add(
    T,
    "en",
    "Docker container exits immediately",
    [
        u("""container exits right away with code 0, no logs

```dockerfile
FROM node:20-slim
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
CMD ["npm", "run", "start", "&"]
```"""),
    ],
)
C.add(
    T,
    "en",
    "C# EF Core exception",
    [
        u("""```
System.InvalidOperationException: A second operation was started on this context instance before a previous operation completed.
   at Microsoft.EntityFrameworkCore.Infrastructure.Internal.ConcurrencyDetector.EnterCriticalSection()
   at Shop.Services.ReportService.BuildAsync(Int32 month) in ReportService.cs:line 38
```
```csharp
var tasks = customers.Select(c => _db.Orders.Where(o => o.CustomerId == c.Id).SumAsync(o => o.Total));
var totals = await Task.WhenAll(tasks);
```"""),
    ],
)
C.add(
    T,
    "en",
    "PHP warning and wrong page output",
    [
        u(
            'Warning: Undefined array key "page" in /var/www/list.php on line 3 — and the list shows nothing on first load\n\n```php\n<?php\n$per = 20;\n$page = (int)$_GET[\'page\'];\n$offset = ($page - 1) * $per;\n$rows = $db->query("SELECT * FROM posts LIMIT $per OFFSET $offset")->fetchAll();\n```'
        ),
    ],
)
C.add(
    T,
    "en",
    "multi-turn: a proposed fix didn't work",
    [
        u("my flask app returns 404 for /static/app.js in production but works with flask run"),
        a(
            "In production your web server probably doesn't know the static folder. If you use nginx, add a `location /static/ { alias /srv/app/static/; }` block."
        ),
        u(
            'added exactly that and reloaded nginx, still 404. nginx error log says:\n\n```\nopen() "/srv/app/static/app.js" failed (13: Permission denied)\n```'
        ),
    ],
)
C.add(
    T,
    "en",
    "Swift: UI not updating, described in words",
    [
        u("""Tapping + increments the count in the model (I see it in prints) but the label never changes.

```swift
class CounterModel { var count = 0 }

struct CounterView: View {
    let model = CounterModel()
    var body: some View {
        VStack {
            Text("\\(model.count)")
            Button("+") { model.count += 1; print(model.count) }
        }
    }
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "regression after upgrade, error message only",
    [
        u(
            "After bumping pydantic from 1.10 to 2.7 every request fails with\n\n`pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\\ndatabase_url\\n  Extra inputs are not permitted [type=extra_forbidden]`\n\nour Settings class has `class Config: env_prefix = 'APP_'`"
        ),
    ],
)
C.add(
    T,
    "en",
    "bash script fails on filenames with spaces",
    [
        u("""breaks on files with spaces in the name:

```bash
for f in $(find . -name '*.jpg'); do
  convert $f -resize 50% small/$f
done
```
convert: unable to open image './holiday': No such file or directory"""),
    ],
)
C.add(
    T,
    "en",
    "chat UI with tools; user pastes a failing cell output",
    [
        sys_(WEBUI),
        u(
            "```\n---------------------------------------------------------------------------\nValueError                                Traceback (most recent call last)\nCell In[14], line 3\n----> 3 df['date'] = pd.to_datetime(df['date'], format='%d/%m/%Y')\nValueError: time data \"2026-11-30\" doesn't match format \"%d/%m/%Y\", at position 211.\n```\nmost rows are dd/mm/yyyy but some aren't"
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "screenshot of an error plus short text",
    [
        u(
            parts(
                "getting this when I open the app after the update, code is below",
                "```dart\nfinal user = context.watch<UserModel>().current!;\nreturn Text(user.name);\n```",
                image="https://files.example.com/flutter-red-screen.png",
            )
        ),
    ],
)
C.add(
    T,
    "en",
    "flaky in words: test passes alone, fails in suite",
    [
        u("""test_export passes when I run it alone but fails when I run the whole suite (assert 3 == 5). I think something leaks between tests.

```python
EXPORTED = []

def export(rows):
    EXPORTED.extend(rows)
    return len(EXPORTED)

def test_export():
    assert export([1, 2, 3]) == 3
```"""),
    ],
)
C.add(
    T,
    "en",
    "Terraform apply error",
    [
        u("""```
Error: creating S3 Bucket (acme-logs): BucketAlreadyExists: The requested bucket name is not available. The bucket namespace is shared by all users of the system.
  with aws_s3_bucket.logs,
  on main.tf line 12, in resource "aws_s3_bucket" "logs":
  12: resource "aws_s3_bucket" "logs" {
```
this is our own bucket from the old account, we deleted it last week"""),
    ],
)
C.add(
    T,
    "pl",
    "funkcja zwraca zły wynik, bez tracebacka",
    [
        u("""Funkcja zwraca zawsze pierwszy element zamiast największego, o co chodzi?

```python
def najwieksza(liczby):
    maks = liczby[0]
    for x in liczby:
        if x > maks:
            maks = x
        return maks
```"""),
    ],
)
C.add(
    T,
    "pl",
    "błąd kompilacji w C++",
    [
        u(
            "Nie kompiluje się:\n\n```\nmain.cpp:12:18: error: no matching function for call to 'std::vector<int>::push_back(const char [4])'\n```\n```cpp\nstd::vector<int> v;\nv.push_back(\"123\");\n```\nChcę dodać liczbę z napisu."
        ),
    ],
)
C.add(
    T,
    "pl",
    "test nie przechodzi po zmianie",
    [
        u(
            "Po mojej zmianie pada test:\n\n```\nexpected: <2026-12-31> but was: <2027-01-01>\n\tat RaportTest.ostatniDzienRoku(RaportTest.java:22)\n```\n```java\nLocalDate koniec = LocalDate.of(rok, 12, 31).plusDays(1);\n```"
        ),
    ],
)
C.add(
    T,
    "de",
    "Fehlermeldung beim Start",
    [
        u(
            'Beim Start kommt:\n\n```\nError: Cannot find module \'/app/dist/server.js\'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)\n```\nIm Dockerfile mache ich `RUN npm run build` und dann `CMD ["node", "dist/server.js"]`. Lokal klappt alles.'
        ),
    ],
)
C.add(
    T,
    "de",
    "falsches Ergebnis beschrieben",
    [
        u("""Die Summe ist manchmal um einen Cent daneben (z. B. 0.30 statt 0.3 oder 19.99 → 19.98).

```javascript
const summe = positionen.reduce((s, p) => s + p.preis * p.menge, 0);
anzeige.textContent = Math.floor(summe * 100) / 100;
```"""),
    ],
)
C.add(
    T,
    "de",
    "Test schlägt fehl",
    [
        u(
            "```\nFAILED tests/test_steuer.py::test_reduzierter_satz - assert 1.07 == 1.07\n```\nWie kann 1.07 ungleich 1.07 sein?? Code: `assert netto * 1.07 == 1.07`, netto ist 1.0"
        ),
    ],
)
C.add(
    T,
    "es",
    "error en producción sin traza",
    [
        u("""El formulario se envía dos veces cuando el usuario hace doble clic y se crean pedidos duplicados.

```js
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  await fetch('/pedidos', { method: 'POST', body: new FormData(form) });
  location.href = '/gracias';
});
```"""),
    ],
)
C.add(
    T,
    "es",
    "traza de Python con poco texto",
    [
        u(
            "```\nFile \"informe.py\", line 8, in <module>\n    total = sum(fila['importe'] for fila in filas)\nTypeError: unsupported operand type(s) for +: 'int' and 'str'\n```\nlas filas vienen de un CSV"
        ),
    ],
)
C.add(
    T,
    "es",
    "Kubernetes: pod en CrashLoopBackOff",
    [
        u(
            "El pod se queda en CrashLoopBackOff. `kubectl logs` muestra:\n\n```\nexec /app/server: exec format error\n```\nLa imagen la construyo en mi Mac M2 con `docker build -t api .`"
        ),
    ],
)
C.add(
    T,
    "zh",
    "页面报错",
    [
        u(
            "页面加载时报这个错，列表也不显示：\n\n```\nUncaught TypeError: Cannot read properties of undefined (reading 'map')\n    at ProductList (ProductList.jsx:9:24)\n```\n```jsx\nconst [items, setItems] = useState();\nreturn <ul>{items.map(i => <li key={i.id}>{i.name}</li>)}</ul>;\n```"
        ),
    ],
)
C.add(
    T,
    "zh",
    "结果不对，没有报错",
    [
        u("""这个函数统计的单词数总是比实际多，特别是有多个空格的时候：

```python
def word_count(s):
    return len(s.split(' '))
```"""),
    ],
)
C.add(
    T,
    "zh",
    "Go 编译错误",
    [
        u(
            "编译报错：\n\n```\n./main.go:15:2: declared and not used: err\n./main.go:18:9: cannot use resp (variable of type *http.Response) as string value in return statement\n```"
        ),
    ],
)
C.add(
    T,
    "mixed",
    "Chinese ask with English trace",
    [
        u(
            "```\nspring.datasource.url: Failed to determine a suitable driver class\nReason: Failed to determine a suitable driver class\nAction: Consider the following: If you want an embedded database (H2, HSQL or Derby), please put it on the classpath.\n```\n启动就报这个，application.yml 里明明配置了 MySQL 的地址"
        ),
    ],
)
CASES = C.items
