# ruff: noqa: E501, E101
"""Hand-written code-shaped fragments for the classification dataset.

Stack traces, compiler errors, snippets and diffs in many languages. They are pasted
without code fences on purpose in most places, the way people paste them into chat.
"""

from __future__ import annotations

TRACES: list[str] = [
    """Traceback (most recent call last):
  File "/srv/app/worker.py", line 88, in handle
    payload = json.loads(message.body)
  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads
    return _default_decoder.decode(s)
  File "/usr/lib/python3.11/json/decoder.py", line 355, in raw_decode
    raise JSONDecodeError("Expecting value", s, err.value) from None
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)""",
    """Traceback (most recent call last):
  File "manage.py", line 22, in <module>
    main()
  File "/home/kasia/shop/orders/views.py", line 41, in order_detail
    total = sum(line.price * line.qty for line in order.lines)
AttributeError: 'NoneType' object has no attribute 'lines'""",
    """TypeError: Cannot read properties of undefined (reading 'map')
    at ProductList (webpack-internal:///./src/components/ProductList.jsx:14:23)
    at renderWithHooks (react-dom.development.js:16305:18)
    at mountIndeterminateComponent (react-dom.development.js:20074:13)""",
    """src/api/client.ts:57:12 - error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.
  Type 'undefined' is not assignable to type 'string'.

57     return fetchJson(process.env.API_URL, opts);
              ~~~~~~~~~~~~~~~~~~~~~~~~

Found 1 error in src/api/client.ts:57""",
    """Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null
	at com.acme.billing.InvoiceFormatter.pad(InvoiceFormatter.java:73)
	at com.acme.billing.InvoiceFormatter.format(InvoiceFormatter.java:41)
	at com.acme.billing.Main.main(Main.java:19)""",
    """panic: runtime error: index out of range [3] with length 3

goroutine 1 [running]:
main.parseHeader(...)
	/home/dev/proxy/header.go:27
main.main()
	/home/dev/proxy/main.go:14 +0x1d8
exit status 2""",
    """error[E0502]: cannot borrow `self.items` as mutable because it is also borrowed as immutable
  --> src/cache.rs:42:13
   |
40 |         let first = self.items.first();
   |                     ---------- immutable borrow occurs here
41 |         if first.is_some() {
42 |             self.items.push(value);
   |             ^^^^^^^^^^^^^^^^^^^^^^ mutable borrow occurs here
43 |             println!("{:?}", first);
   |                              ----- immutable borrow later used here""",
    """main.cpp: In function 'int main()':
main.cpp:12:18: error: no matching function for call to 'std::vector<int>::push_back(const char [4])'
   12 |     values.push_back("abc");
      |     ~~~~~~~~~~~~~~~~^~~~~~~
/usr/include/c++/12/bits/stl_vector.h:1276:7: note: candidate: 'void std::vector<_Tp, _Alloc>::push_back(const value_type&)'""",
    """==31337==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x0000004c5f2b bp 0x7ffd6a0 sp 0x7ffd698
READ of size 4 at 0x602000000010 thread T0
    #0 0x4c5f2a in list_pop src/list.c:88
    #1 0x4c61b0 in main src/main.c:31
freed by thread T0 here:
    #0 0x49a1ed in free""",
    """Unhandled exception. System.InvalidOperationException: Sequence contains no elements
   at System.Linq.ThrowHelper.ThrowNoElementsException()
   at System.Linq.Enumerable.First[TSource](IEnumerable`1 source)
   at Inventory.Services.StockService.GetOldest(Int32 warehouseId) in C:\\src\\Inventory\\Services\\StockService.cs:line 58""",
    """PHP Fatal error:  Uncaught Error: Call to a member function fetch_assoc() on bool in /var/www/html/report.php:23
Stack trace:
#0 {main}
  thrown in /var/www/html/report.php on line 23""",
    """NoMethodError: undefined method `strftime' for nil:NilClass
  app/models/subscription.rb:34:in `renewal_label'
  app/views/subscriptions/index.html.erb:12:in `block in _app_views_subscriptions_index'
  actionview (7.1.2) lib/action_view/template.rb:244:in `render'""",
    """e: file:///Users/ola/app/src/main/java/pl/ola/notes/NoteAdapter.kt:48:34 Type mismatch: inferred type is String? but String was expected
e: file:///Users/ola/app/src/main/java/pl/ola/notes/NoteAdapter.kt:61:9 Unresolved reference: bindTitle
> Task :app:compileDebugKotlin FAILED""",
    """Fatal error: Unexpectedly found nil while implicitly unwrapping an Optional value: file WeatherApp/ForecastViewController.swift, line 27
2024-03-02 10:14:55.913 WeatherApp[4411:90123] Fatal error: Unexpectedly found nil while implicitly unwrapping an Optional value""",
    """ERROR:  column "created" does not exist
LINE 3: WHERE created > now() - interval '7 days'
              ^
HINT:  Perhaps you meant to reference the column "orders.created_at".""",
    """ERROR 1452 (23000): Cannot add or update a child row: a foreign key constraint fails (`shop`.`order_items`, CONSTRAINT `fk_items_order` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`))""",
    """node:internal/modules/cjs/loader:1080
  throw err;
  ^

Error: Cannot find module 'express'
Require stack:
- /app/server.js
    at Module._resolveFilename (node:internal/modules/cjs/loader:1077:15)
    at Module._load (node:internal/modules/cjs/loader:922:27) {
  code: 'MODULE_NOT_FOUND'
}""",
    """Traceback (most recent call last):
  File "train.py", line 131, in <module>
    loss = criterion(outputs, labels)
  File "/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py", line 1501, in _call_impl
    return forward_call(*args, **kwargs)
RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!""",
    """./build.sh: line 14: cmake: command not found
make: *** [Makefile:8: build] Error 127""",
    """FAILED tests/test_pricing.py::test_discount_applied_once - AssertionError: assert 81.0 == 90.0
 +  where 81.0 = apply_discounts(100.0, [Discount(pct=10), Discount(pct=10)])
========================= 1 failed, 47 passed in 2.31s =========================""",
    """ FAIL  src/utils/date.test.ts
  ● formatRelative › returns "yesterday" for dates one day ago

    expect(received).toBe(expected) // Object.is equality

    Expected: "yesterday"
    Received: "2 days ago"

      12 |     const d = new Date(Date.now() - 24 * 3600 * 1000);
    > 13 |     expect(formatRelative(d)).toBe("yesterday");""",
    """--- FAIL: TestParseDuration (0.00s)
    duration_test.go:31: ParseDuration("1h30m") = 5400s, want 90m0s
FAIL
FAIL	github.com/kowal/timeutil	0.004s""",
    """thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: "No such file or directory" }', src/main.rs:9:44
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace""",
    """Error: error configuring Terraform AWS Provider: no valid credential sources for Terraform AWS Provider found.
│
│ Please see https://registry.terraform.io/providers/hashicorp/aws
│ for more information about providing credentials.
│
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 10, in provider "aws":""",
    """Step 7/12 : RUN pip install -r requirements.txt
 ---> Running in 3f2a1c9d8b7e
ERROR: Could not find a version that satisfies the requirement torch==2.0.0+cu118 (from versions: 2.1.0, 2.1.1, 2.2.0)
ERROR: No matching distribution found for torch==2.0.0+cu118
The command '/bin/sh -c pip install -r requirements.txt' returned a non-zero code: 1""",
    """java.sql.SQLIntegrityConstraintViolationException: Duplicate entry 'anna@example.com' for key 'users.email_UNIQUE'
	at com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:117)
	at com.example.users.UserRepository.save(UserRepository.java:52)""",
    """Warning: Each child in a list should have a unique "key" prop.

Check the render method of `TodoList`. See https://reactjs.org/link/warning-keys for more information.
    at li
    at TodoList (http://localhost:5173/src/TodoList.tsx:21:3)""",
    """Segmentation fault (core dumped)
(gdb) bt
#0  0x00005555555551a9 in copy_name (dst=0x0, src=0x7fffffffe0a0 "hello") at str.c:7
#1  0x0000555555555202 in main () at str.c:15""",
]

TRACE_ASKS: list[str] = [
    "",
    "what's going on here?",
    "any idea?",
    "this started after I upgraded, help",
    "why does this happen",
    "co tu jest nie tak?",
    "dostaję to przy starcie aplikacji",
    "Was bedeutet dieser Fehler und wie werde ich ihn los?",
    "¿por qué me sale esto?",
    "这个报错怎么解决？",
    "getting this in prod since this morning",
    "CI is red because of this. Ideas?",
    "I've tried restarting, same thing.",
    "Seems random, happens maybe one time out of ten.",
    "It worked yesterday, nothing changed on my side (I think).",
    "ok so I ran it again and got this",
    "pls help, deadline today",
    "Können Sie mir sagen, woran das liegt?",
    "mi compañero dice que es la versión de node, ¿tiene razón?",
    "运行的时候报这个错",
]

# Wrong-output / behaviour bug reports without any trace.
BEHAVIOUR_BUGS: list[str] = [
    """My function to check leap years says 1900 is a leap year:

def is_leap(y):
    return y % 4 == 0

It should be False for 1900.""",
    """the total in the cart shows 0.30000000000000004 instead of 0.30 when I add two items at 0.10 and 0.20. I'm doing `total += item.price` in JS.""",
    """After the last deploy, users in Berlin see their appointments one hour too early. We store times with `new Date(dateString)` where dateString is like "2024-03-31 09:00".""",
    """Moja pętla w Pythonie usuwa elementy z listy podczas iteracji i pomija co drugi element:
for x in items:
    if x.expired:
        items.remove(x)
Dlaczego nie usuwa wszystkich?""",
    """This SQL returns duplicated customers, every customer appears as many times as they have orders:
SELECT c.id, c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.status = 'paid';
I only want each paying customer once.""",
    """Mi script de bash no entra nunca en el if aunque la variable valga "yes":
if [ $ANSWER = "yes "]; then echo ok; fi""",
    """The pagination endpoint returns the same 20 rows on page 2 and page 3. Query: SELECT * FROM posts ORDER BY created_at LIMIT 20 OFFSET :page * 20 — page starts at 1 in the frontend.""",
    """Mein Go-Programm hängt am Ende und beendet sich nie. Ich starte 5 Goroutinen, die in einen Channel schreiben, und lese dann mit `for v := range ch`. Der Kanal wird nie geschlossen, glaube ich.""",
    """the regex ^\\d{3}-\\d{4}$ doesn't match "555-1234 " coming from the form, and the validation fails for people who clearly typed it right""",
    """useEffect runs in an infinite loop and my API gets hammered:
useEffect(() => { setFilters({...filters, page: 1}); }, [filters]);""",
    """我的 Java 程序里 HashMap 的 key 是自定义类 Point，put 进去以后用一个新的 new Point(1,2) 去 get 总是返回 null，Point 只重写了 equals。""",
    """Rust: my binary is 10x slower than the Python version of the same parser. I build with `cargo build` and run ./target/debug/parser.""",
    """Cron job runs at 02:00 but the report it emails always has yesterday's data missing the last hour. The job calls `SELECT ... WHERE ts < CURRENT_DATE` and the DB server is in UTC while we are in UTC+1.""",
    """Our C# service leaks memory — the process grows by ~200 MB per hour. We subscribe to `EventBus.OrderPlaced += Handle` in each request-scoped handler constructor.""",
    """The button works on desktop but on iPhone Safari nothing happens when I tap it. It's a <div onclick="submitForm()"> with cursor:default.""",
    """Después de migrar a Python 3.12 el test que compara `datetime.utcnow()` con un datetime con tzinfo falla con "can't compare offset-naive and offset-aware datetimes".""",
    """Kotlin coroutine: the UI freezes for 3 seconds when I press "sync". Inside the click handler I call runBlocking { repository.syncAll() }.""",
    """this prints 10 ten times instead of 0..9:
for (var i = 0; i < 10; i++) { setTimeout(() => console.log(i), 100); }""",
]

FIX_CONTEXT_ASKS: list[str] = [
    "",
    "Can you fix it?",
    "what am I doing wrong",
    "Popraw proszę.",
    "Wie korrigiere ich das?",
    "¿Cómo lo arreglo?",
    "帮我改一下",
]

SNIPPETS: list[str] = [
    """def get_user(db, user_id):
    query = f"SELECT * FROM users WHERE id = {user_id}"
    row = db.execute(query).fetchone()
    return dict(row) if row else None""",
    """app.post('/upload', (req, res) => {
  const file = req.files.avatar;
  file.mv('./uploads/' + req.body.filename, err => {
    if (err) return res.status(500).send(err);
    res.send('ok');
  });
});""",
    """public class Counter {
    private int count = 0;
    public void increment() { count++; }
    public int get() { return count; }
}
// used from 8 worker threads""",
    """func fetchAll(urls []string) []string {
	var out []string
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, _ := get(u)
			out = append(out, body)
		}()
	}
	wg.Wait()
	return out
}""",
    """char *dup(const char *s) {
    char *p = malloc(strlen(s));
    strcpy(p, s);
    return p;
}""",
    """fn read_config(path: &str) -> Config {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}""",
    """<?php
$id = $_GET['id'];
$result = mysqli_query($conn, "DELETE FROM posts WHERE id = $id");
echo "deleted";""",
    """class CacheService:
    _cache = {}

    def get(self, key, loader):
        if key not in self._cache:
            self._cache[key] = loader()
        return self._cache[key]""",
    """export async function retry(fn, times = 3) {
  for (let i = 0; i < times; i++) {
    try { return await fn(); } catch (e) { }
  }
}""",
    """SELECT u.email, COUNT(*)
FROM users u, orders o
WHERE o.created_at > '2024-01-01'
GROUP BY u.email;""",
    """public async Task<IActionResult> Download(string name)
{
    var path = Path.Combine(_root, name);
    return PhysicalFile(path, "application/octet-stream");
}""",
    """def parse_amount(text):
    try:
        return float(text.replace(',', '.'))
    except:
        return 0""",
    """import jwt
def verify(token):
    return jwt.decode(token, options={"verify_signature": False})""",
    """class UsersController < ApplicationController
  def update
    @user = User.find(params[:id])
    @user.update(params[:user])
    redirect_to @user
  end
end""",
]

DIFFS: list[str] = [
    """diff --git a/src/auth/session.py b/src/auth/session.py
index 3b1c2aa..9f0e1d2 100644
--- a/src/auth/session.py
+++ b/src/auth/session.py
@@ -12,9 +12,11 @@ def create_session(user):
-    token = secrets.token_urlsafe(32)
+    token = str(random.randint(0, 10**12))
     expires = now() + timedelta(hours=12)
-    store.set(token, user.id, ttl=12 * 3600)
+    store.set(token, user.id)
+    log.info("session for %s: %s", user.email, token)
     return token""",
    """--- a/web/src/hooks/useOrders.ts
+++ b/web/src/hooks/useOrders.ts
@@ -1,14 +1,18 @@
-export function useOrders(customerId: string) {
-  const [orders, setOrders] = useState<Order[]>([]);
-  useEffect(() => {
-    api.get(`/customers/${customerId}/orders`).then(r => setOrders(r.data));
-  }, [customerId]);
-  return orders;
+export function useOrders(customerId: string, status?: OrderStatus) {
+  return useQuery({
+    queryKey: ["orders", customerId, status],
+    queryFn: () => api.get(`/customers/${customerId}/orders`, { params: { status } }).then(r => r.data),
+    staleTime: 30_000,
+  });
 }""",
    """diff --git a/pkg/queue/worker.go b/pkg/queue/worker.go
@@ -40,7 +40,9 @@ func (w *Worker) Run(ctx context.Context) error {
 	for {
-		job, err := w.q.Pop(ctx)
+		job, err := w.q.Pop(context.Background())
 		if err != nil {
-			return err
+			log.Printf("pop: %v", err)
+			continue
 		}
 		go w.handle(job)
 	}""",
    """diff --git a/migrations/0042_add_index.sql b/migrations/0042_add_index.sql
new file mode 100644
+++ b/migrations/0042_add_index.sql
@@ -0,0 +1,4 @@
+ALTER TABLE events ADD COLUMN tenant_id BIGINT NOT NULL DEFAULT 0;
+CREATE INDEX idx_events_tenant ON events (tenant_id);
+UPDATE events SET tenant_id = (SELECT tenant_id FROM users WHERE users.id = events.user_id);""",
    """diff --git a/src/main/java/com/shop/PriceCalculator.java b/src/main/java/com/shop/PriceCalculator.java
@@ -22,8 +22,8 @@ public class PriceCalculator {
-    public BigDecimal total(List<Line> lines) {
-        return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
+    public double total(List<Line> lines) {
+        return lines.stream().mapToDouble(l -> l.amount().doubleValue()).sum();
     }""",
    """diff --git a/Dockerfile b/Dockerfile
@@ -1,8 +1,6 @@
-FROM python:3.12-slim AS build
-RUN pip wheel -r requirements.txt -w /wheels
-FROM python:3.12-slim
-COPY --from=build /wheels /wheels
-RUN pip install /wheels/* && useradd -m app
-USER app
+FROM python:3.12
+COPY . /app
+RUN pip install -r /app/requirements.txt
 CMD ["python", "/app/main.py"]""",
    """--- a/lib/rate_limit.rb
+++ b/lib/rate_limit.rb
@@ -5,6 +5,8 @@ class RateLimit
   def allow?(key)
-    count = redis.incr(key)
-    redis.expire(key, 60) if count == 1
+    count = redis.get(key).to_i + 1
+    redis.set(key, count)
+    redis.expire(key, 60)
     count <= @limit
   end""",
]

# One- or two-line errors, pasted with little or no context.
SHORT_ERRORS: list[str] = [
    "ModuleNotFoundError: No module named 'yaml'",
    "src/lib.rs:14:9: error[E0308]: mismatched types — expected `u32`, found `i64`",
    "Uncaught ReferenceError: $ is not defined at index.html:12",
    "cannot use x (variable of type int) as string value in argument to fmt.Println — that's what go build says",
    'ERROR: relation "public.invoices" does not exist',
    "zsh: permission denied: ./deploy.sh",
    "fatal: refusing to merge unrelated histories",
    "java: incompatible types: possible lossy conversion from double to int",
    "CS0246: The type or namespace name 'JsonSerializer' could not be found",
    "SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON",
    "ld: library not found for -lssl, clang: error: linker command failed with exit code 1",
    'Warning: Undefined array key "user" in /var/www/profile.php on line 8',
]
