# ruff: noqa: E501
"""code_review requests, first half: judgement of given code or diffs without a reported failure."""

from __future__ import annotations

from common import (
    AIDER,
    CHAT_UI_TOOLS,
    CONTINUE,
    COPILOT_CHAT,
    OPENWEBUI,
    REVIEW_BOT,
    SEARCH_ONLY,
    asst,
    case,
    parts,
    sys,
    user,
)

L = "code_review"

CASES = [
    case(
        "rev_001",
        L,
        "en",
        "is this right? on a median function, no failure reported",
        [
            user("""is this right for even-length lists?

```python
def median(xs):
    xs = sorted(xs)
    mid = len(xs) // 2
    return (xs[mid - 1] + xs[mid]) / 2 if len(xs) % 2 == 0 else xs[mid]
```"""),
        ],
    ),
    case(
        "rev_002",
        L,
        "en",
        "PR diff review request",
        [
            sys(REVIEW_BOT),
            user("""diff --git a/src/session.ts b/src/session.ts
index 3a1f..9b2c 100644
--- a/src/session.ts
+++ b/src/session.ts
@@ -12,9 +12,14 @@ export async function getSession(req: Request) {
-  const id = req.cookies.sid;
-  if (!id) return null;
-  return store.get(id);
+  const id = req.cookies.sid ?? req.query.sid;
+  if (!id) return null;
+  const s = await store.get(id);
+  if (s && s.expiresAt < Date.now()) {
+    await store.delete(id);
+    return null;
+  }
+  return s;
 }"""),
        ],
    ),
    case(
        "rev_003",
        L,
        "en",
        "security judgement of a login handler",
        [
            user("""Can you check this login endpoint for security problems before I ship it?

@app.post("/login")
def login():
    u = request.form["username"]
    p = request.form["password"]
    row = db.execute(f"SELECT id, pw_hash FROM users WHERE name = '{u}'").fetchone()
    if row and hashlib.md5(p.encode()).hexdigest() == row["pw_hash"]:
        session["uid"] = row["id"]
        return redirect("/")
    return "Invalid username or password", 401"""),
        ],
    ),
    case(
        "rev_004",
        L,
        "en",
        "thread-safety question about a singleton",
        [
            user("""is this thread-safe?

public class ConfigCache {
    private static ConfigCache instance;
    private final Map<String, String> values = new HashMap<>();

    public static ConfigCache get() {
        if (instance == null) {
            instance = new ConfigCache();
        }
        return instance;
    }

    public String value(String k) { return values.get(k); }
    public void reload(Map<String, String> fresh) { values.clear(); values.putAll(fresh); }
}"""),
        ],
    ),
    case(
        "rev_005",
        L,
        "en",
        "performance judgement of a query loop",
        [
            sys(OPENWEBUI),
            user("""Will this scale to ~200k users? It runs nightly.

users = User.objects.all()
for u in users:
    last = Order.objects.filter(user=u).order_by("-created").first()
    if last and last.created < cutoff:
        u.is_dormant = True
        u.save()"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "rev_006",
        L,
        "en",
        "any problems with this Go HTTP handler?",
        [
            user("""any problems with this?

func upload(w http.ResponseWriter, r *http.Request) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	dst, _ := os.Create(filepath.Join("/srv/uploads", hdr.Filename))
	io.Copy(dst, f)
	fmt.Fprintf(w, "ok")
}"""),
        ],
    ),
    case(
        "rev_007",
        L,
        "en",
        "review a Dockerfile for best practices",
        [
            user("""Review my Dockerfile please, it works but I'm not sure it's good

FROM python:3.12
COPY . /app
WORKDIR /app
RUN pip install -r requirements.txt
ENV DJANGO_SECRET_KEY=dev-secret-123
EXPOSE 8000
CMD python manage.py runserver 0.0.0.0:8000"""),
        ],
    ),
    case(
        "rev_008",
        L,
        "en",
        "is there a memory leak here? (React effect)",
        [
            sys(COPILOT_CHAT),
            user("""is there a leak here?

```tsx
useEffect(() => {
  const ws = new WebSocket(url);
  ws.onmessage = (e) => setPrices((p) => ({ ...p, ...JSON.parse(e.data) }));
  window.addEventListener('focus', () => ws.send('resync'));
}, [url]);
```"""),
        ],
    ),
    case(
        "rev_009",
        L,
        "en",
        "Rust unsafe block judgement",
        [
            user("""Is this unsafe block sound? I want to avoid the bounds check in a hot loop.

fn sum_pairs(a: &[u32], b: &[u32]) -> u64 {
    let mut s = 0u64;
    for i in 0..a.len() {
        unsafe {
            s += (*a.get_unchecked(i) as u64) * (*b.get_unchecked(i) as u64);
        }
    }
    s
}"""),
        ],
    ),
    case(
        "rev_010",
        L,
        "en",
        "code review of a bash deploy script",
        [
            user("""Quick code review? This runs from cron on prod.

#!/bin/bash
cd /opt/app
git pull
npm install
npm run build
pm2 restart all
rm -rf /tmp/*"""),
        ],
    ),
    case(
        "rev_011",
        L,
        "en",
        "SQL migration judgement: safe on big table?",
        [
            user("""Is this migration safe to run on a 40M row table in Postgres during business hours?

ALTER TABLE events ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;
CREATE INDEX events_tenant_idx ON events (tenant_id);
ALTER TABLE events ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id);"""),
        ],
    ),
    case(
        "rev_012",
        L,
        "en",
        "what would you change in this class (design review)",
        [
            user("""What would you change here? Feels off but tests are green.

class ReportGenerator:
    def __init__(self, db, mailer, pdf, s3, slack):
        self.db, self.mailer, self.pdf, self.s3, self.slack = db, mailer, pdf, s3, slack

    def run(self, month):
        rows = self.db.query("select * from sales where month = %s", month)
        html = "<table>" + "".join(f"<tr><td>{r[0]}</td><td>{r[1]}</td></tr>" for r in rows) + "</table>"
        pdf = self.pdf.render(html)
        url = self.s3.put(f"reports/{month}.pdf", pdf)
        self.mailer.send("boss@acme.com", "Report", url)
        self.slack.post("#sales", f"Report for {month}: {url}")
        return url"""),
        ],
    ),
    case(
        "rev_013",
        L,
        "en",
        "crypto usage review",
        [
            user("""I'm encrypting API keys at rest like this. Good enough?

from Crypto.Cipher import AES
KEY = b"0123456789abcdef"

def enc(s: str) -> bytes:
    c = AES.new(KEY, AES.MODE_ECB)
    pad = 16 - len(s) % 16
    return c.encrypt((s + chr(pad) * pad).encode())"""),
        ],
    ),
    case(
        "rev_014",
        L,
        "en",
        "review GitHub Actions workflow for security",
        [
            user("""Can you audit this workflow? It runs on PRs from forks too.

on:
  pull_request_target:
    types: [opened, synchronize]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: npm ci && npm test
        env:
          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}"""),
        ],
    ),
    case(
        "rev_015",
        L,
        "en",
        "does this handle all edge cases? (judgement, not failure)",
        [
            user("""Does this handle all the edge cases? leap years, end of month etc.

function addMonths(d: Date, n: number): Date {
  const r = new Date(d);
  r.setMonth(r.getMonth() + n);
  return r;
}"""),
        ],
    ),
    case(
        "rev_016",
        L,
        "en",
        "multi-turn: earlier a fix, last turn asks for review of the new version",
        [
            user("my cache decorator returns stale values after I change the args"),
            asst(
                "You're keying the cache on `func.__name__` only. Include the arguments in the key, e.g. `key = (args, tuple(sorted(kwargs.items())))`."
            ),
            user("""ok rewrote it. does it look sane now? anything I'm missing?

def memo(ttl=60):
    def deco(fn):
        store = {}
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            key = (args, tuple(sorted(kwargs.items())))
            hit = store.get(key)
            if hit and time.time() - hit[1] < ttl:
                return hit[0]
            val = fn(*args, **kwargs)
            store[key] = (val, time.time())
            return val
        return wrapper
    return deco"""),
        ],
    ),
    case(
        "rev_017",
        L,
        "en",
        "Continue: highlighted code, should I worry about this",
        [
            sys(CONTINUE),
            user("""```ts src/lib/money.ts
export function toCents(amount: string): number {
  return Math.round(parseFloat(amount) * 100);
}
export function fromCents(c: number): string {
  return (c / 100).toFixed(2);
}
```
Is using floats here a problem for a payments app?"""),
        ],
    ),
    case(
        "rev_018",
        L,
        "en",
        "C pointer code judgement",
        [
            user("""Can you look over this for undefined behaviour? Compiles without warnings with -Wall.

char *join(const char *a, const char *b) {
    char buf[256];
    strcpy(buf, a);
    strcat(buf, "/");
    strcat(buf, b);
    return buf;
}"""),
        ],
    ),
    case(
        "rev_019",
        L,
        "en",
        "Terraform security review",
        [
            user("""review this for anything risky

resource "aws_s3_bucket" "assets" {
  bucket = "acme-prod-assets"
}

resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:GetObject", "s3:PutObject"]
      Resource  = "${aws_s3_bucket.assets.arn}/*"
    }]
  })
}

resource "aws_security_group_rule" "ssh" {
  type        = "ingress"
  from_port   = 22
  to_port     = 22
  protocol    = "tcp"
  cidr_blocks = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}"""),
        ],
    ),
    case(
        "rev_020",
        L,
        "en",
        "is this idiomatic Kotlin?",
        [
            user("""Is this idiomatic? Coming from Java.

fun activeEmails(users: List<User>): List<String> {
    val result = ArrayList<String>()
    for (i in 0 until users.size) {
        val u = users.get(i)
        if (u.active == true && u.email != null) {
            result.add(u.email!!.toLowerCase())
        }
    }
    return result
}"""),
        ],
    ),
    case(
        "rev_021",
        L,
        "en",
        "judgement of a proposed patch from a colleague",
        [
            user("""A colleague proposed this patch for the flaky checkout test. Does it actually address the race or just hide it?

-    await page.click('#pay');
-    await expect(page.locator('.receipt')).toBeVisible();
+    await page.waitForTimeout(3000);
+    await page.click('#pay');
+    await page.waitForTimeout(5000);
+    await expect(page.locator('.receipt')).toBeVisible({ timeout: 20000 });"""),
        ],
    ),
    case(
        "rev_022",
        L,
        "en",
        "review error handling in Go",
        [
            user("""thoughts on the error handling in this? we're standardising on it

func (s *Store) Save(ctx context.Context, o *Order) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO orders (id, total) VALUES ($1, $2)`, o.ID, o.Total); err != nil {
		log.Println(err)
	}
	for _, it := range o.Items {
		if _, err := tx.Exec(`INSERT INTO items (order_id, sku) VALUES ($1, $2)`, o.ID, it.SKU); err != nil {
			return fmt.Errorf("item: %v", err)
		}
	}
	return tx.Commit()
}"""),
        ],
    ),
    case(
        "rev_023",
        L,
        "en",
        "SQL query review for correctness and index use",
        [
            sys(OPENWEBUI),
            user("""Will this use the index on (status, created_at)? And is the logic right for 'orders not shipped within 48h'?

SELECT id FROM orders
WHERE status <> 'shipped'
  AND DATE(created_at) < CURRENT_DATE - INTERVAL '2 day';"""),
        ],
        SEARCH_ONLY,
    ),
    case(
        "rev_024",
        L,
        "en",
        "PHP upload code security review",
        [
            user("""Security review please — this is our avatar upload.

<?php
$target = "uploads/" . basename($_FILES["avatar"]["name"]);
$ext = strtolower(pathinfo($target, PATHINFO_EXTENSION));
if (in_array($ext, ["jpg", "png", "gif"]) || $_FILES["avatar"]["type"] == "image/jpeg") {
    move_uploaded_file($_FILES["avatar"]["tmp_name"], $target);
    echo "Uploaded to <a href='$target'>$target</a>";
}"""),
        ],
    ),
    case(
        "rev_025",
        L,
        "en",
        "review of a regex for catastrophic backtracking risk",
        [
            user(r"""Any risk of ReDoS with this validator? It runs on user input in our API.

const USERNAME = /^([a-zA-Z0-9]+[._-]?)+[a-zA-Z0-9]$/;"""),
        ],
    ),
    case(
        "rev_026",
        L,
        "en",
        "Aider chat, asks for opinion without edits",
        [
            sys(AIDER),
            user("""don't change anything yet — just tell me if this retry helper is correct. I'm worried about the jitter and about retrying on every exception.

utils/retry.py
```python
def retry(fn, attempts=5, base=0.5):
    for i in range(attempts):
        try:
            return fn()
        except Exception:
            if i == attempts - 1:
                raise
            time.sleep(base * 2 ** i + random.random())
```"""),
        ],
    ),
    case(
        "rev_027",
        L,
        "en",
        "C# IDisposable usage review",
        [
            user("""Is this the right way to use HttpClient? We create one per request.

public async Task<string> GetProfile(string id)
{
    using (var client = new HttpClient())
    {
        client.BaseAddress = new Uri(_baseUrl);
        return await client.GetStringAsync($"/profiles/{id}");
    }
}"""),
        ],
    ),
    case(
        "rev_028",
        L,
        "en",
        "review of unit tests themselves (quality)",
        [
            user("""Are these tests any good? Coverage says 100% for the module but I don't trust them.

def test_discount():
    assert apply_discount(100, "SUMMER") is not None

def test_discount_invalid():
    try:
        apply_discount(100, "NOPE")
    except Exception:
        pass

def test_discount_zero():
    apply_discount(0, "SUMMER")"""),
        ],
    ),
    case(
        "rev_029",
        L,
        "en",
        "content parts: screenshot of code plus ask for review",
        [
            parts(
                "Screenshot of our token refresh logic from the mobile app. Is there a race if two requests get a 401 at the same time?\n\nasync function authed(req) {\n  let r = await fetch(req, { headers: { Authorization: `Bearer ${token}` } });\n  if (r.status === 401) {\n    token = await refresh();\n    r = await fetch(req, { headers: { Authorization: `Bearer ${token}` } });\n  }\n  return r;\n}",
                "https://files.example.dev/shots/refresh.png",
            ),
        ],
    ),
    case(
        "rev_030",
        L,
        "en",
        "large-ish Python module review (no failure)",
        [
            user("""Please review this module. It's our rate limiter, used by ~30 endpoints. I care about correctness under concurrency and Redis round-trips.

```python
import time
import redis

r = redis.Redis()

class RateLimiter:
    def __init__(self, key_prefix: str, limit: int, window: int):
        self.prefix = key_prefix
        self.limit = limit
        self.window = window

    def allow(self, client_id: str) -> bool:
        key = f"{self.prefix}:{client_id}"
        count = r.get(key)
        if count is None:
            r.set(key, 1, ex=self.window)
            return True
        if int(count) >= self.limit:
            return False
        r.incr(key)
        return True

    def remaining(self, client_id: str) -> int:
        key = f"{self.prefix}:{client_id}"
        count = int(r.get(key) or 0)
        return max(0, self.limit - count)

    def reset(self, client_id: str) -> None:
        for k in r.keys(f"{self.prefix}:*"):
            if k.decode().endswith(client_id):
                r.delete(k)


login_limiter = RateLimiter("login", 5, 60)
api_limiter = RateLimiter("api", 1000, 3600)
```"""),
        ],
    ),
    case(
        "rev_031",
        L,
        "en",
        "should I merge this? small diff",
        [
            user("""should I merge this?

--- a/config/prod.yaml
+++ b/config/prod.yaml
@@ -4,7 +4,7 @@ db:
   host: db.internal
-  pool_size: 20
+  pool_size: 200
   timeout_s: 5
@@ -19,3 +19,4 @@ logging:
   level: info
+  include_request_body: true"""),
        ],
    ),
    case(
        "rev_032",
        L,
        "en",
        "java stream code judgement of readability",
        [
            user("""Which version is better, and is the second one even equivalent?

// A
Map<String, Long> counts = new HashMap<>();
for (Order o : orders) {
    if (o.getStatus() == Status.PAID) {
        counts.merge(o.getCountry(), 1L, Long::sum);
    }
}

// B
Map<String, Long> counts = orders.stream()
    .filter(o -> o.getStatus() == Status.PAID)
    .collect(Collectors.groupingBy(Order::getCountry, Collectors.counting()));"""),
        ],
    ),
    case(
        "rev_033",
        L,
        "en",
        "review of k8s manifest resource settings",
        [
            user("""Sanity check on this deployment? It's for a Java service that needs ~1.5GB heap.

resources:
  requests:
    cpu: "50m"
    memory: "256Mi"
  limits:
    memory: "1Gi"
livenessProbe:
  httpGet: { path: /health, port: 8080 }
  initialDelaySeconds: 5
  periodSeconds: 5
  failureThreshold: 1
env:
  - name: JAVA_OPTS
    value: "-Xmx1536m\""""),
        ],
    ),
    case(
        "rev_034",
        L,
        "en",
        "is this a good abstraction? TS generics",
        [
            user("""Is this over-engineered?

```ts
interface Repository<T extends { id: string }, K extends keyof T = keyof T> {
  find<F extends Partial<Pick<T, K>>>(filter: F): Promise<T[]>;
  save<U extends T>(entity: U): Promise<U>;
}

class UserRepo implements Repository<User, 'email' | 'role'> { /* ... */ }
```

we only have two repositories in the app"""),
        ],
    ),
    case(
        "rev_035",
        L,
        "en",
        "review with generic chat tools attached; no failure",
        [
            sys(OPENWEBUI),
            user("""look at this function — is the locking correct? we call it from several goroutines

var mu sync.Mutex
var balances = map[string]int{}

func transfer(from, to string, amt int) bool {
	mu.Lock()
	if balances[from] < amt {
		return false
	}
	balances[from] -= amt
	balances[to] += amt
	mu.Unlock()
	return true
}"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "rev_036",
        L,
        "en",
        "nginx config review",
        [
            user("""Can you review our nginx TLS config? Want an A on SSL Labs without breaking old Android clients too much.

server {
    listen 443 ssl http2;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_ciphers HIGH:!aNULL:!MD5;
    ssl_prefer_server_ciphers on;
    ssl_session_cache shared:SSL:10m;
    add_header Strict-Transport-Security "max-age=31536000";
}"""),
        ],
    ),
    case(
        "rev_037",
        L,
        "en",
        "evaluate LLM-generated code before using",
        [
            user("""ChatGPT gave me this to dedupe customers by email. Before I run it on prod data — is it right?

DELETE FROM customers
WHERE id NOT IN (
  SELECT MIN(id) FROM customers GROUP BY email
);"""),
        ],
    ),
    case(
        "rev_038",
        L,
        "en",
        "review Swift code for retain cycles",
        [
            user("""Any retain cycles here?

final class ProfileVC: UIViewController {
    var viewModel = ProfileViewModel()
    override func viewDidLoad() {
        super.viewDidLoad()
        viewModel.onUpdate = {
            self.nameLabel.text = self.viewModel.name
        }
        NotificationCenter.default.addObserver(forName: .userChanged, object: nil, queue: .main) { _ in
            self.viewModel.reload()
        }
    }
}"""),
        ],
    ),
    case(
        "rev_039",
        L,
        "en",
        "critique an API design (OpenAPI snippet)",
        [
            user("""critique this API design before we freeze v1

POST /api/getUserOrders        body: {"userId": 12}
POST /api/deleteOrder          body: {"orderId": 99}
GET  /api/order?id=99&action=cancel
GET  /api/orders/search?q=...&page=0&pageSize=100000"""),
        ],
    ),
    case(
        "rev_040",
        L,
        "en",
        "is this correct use of React keys",
        [
            user("""Is using the index as key okay here? The list can be reordered by drag & drop and items have inputs.

{items.map((it, i) => (
  <Row key={i} item={it} onChange={(v) => update(i, v)} />
))}"""),
        ],
    ),
    case(
        "rev_041",
        L,
        "en",
        "review for race condition in file writes",
        [
            user("""two processes write this state file. is there a problem?

def save_state(path, state):
    with open(path, "w") as f:
        json.dump(state, f)

def load_state(path):
    with open(path) as f:
        return json.load(f)"""),
        ],
    ),
    case(
        "rev_042",
        L,
        "en",
        "review a proposed fix before merging (not asking to fix)",
        [
            user("""The original bug: orders from Brazil got the wrong tax rate. Here's my fix. Can you review it before I open the PR?

 def tax_rate(country: str, region: str | None) -> Decimal:
-    return RATES[country]
+    if country == "BR":
+        return RATES_BR.get(region, RATES["BR"])
+    return RATES[country]"""),
        ],
    ),
    case(
        "rev_043",
        L,
        "en",
        "second opinion on algorithm complexity",
        [
            user("""what's the complexity of this and is there a smarter way? n can be 10^5

def has_pair(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return True
    return False"""),
        ],
    ),
    case(
        "rev_044",
        L,
        "en",
        "ask about exception swallowing in C#",
        [
            user("""Our lead says this pattern is bad. Is he right, and why?

try
{
    await _repo.SaveAsync(order);
}
catch (Exception ex)
{
    _logger.LogError(ex.Message);
}
return Ok();"""),
        ],
    ),
    case(
        "rev_045",
        L,
        "en",
        "JWT verification code audit",
        [
            user("""audit pls

const jwt = require('jsonwebtoken');
function verify(token) {
  const decoded = jwt.decode(token, { complete: true });
  if (decoded.header.alg === 'none') return decoded.payload;
  return jwt.verify(token, process.env.JWT_SECRET, { algorithms: [decoded.header.alg] });
}"""),
        ],
    ),
    case(
        "rev_046",
        L,
        "en",
        "review of a Makefile",
        [
            user("""is this Makefile fine? anything that'll bite us?

build:
	go build -o bin/app ./cmd/app
test:
	go test ./...
clean:
	rm -rf $(BUILD_DIR)/
release: test build
	./scripts/tag.sh && git push --tags"""),
        ],
    ),
    case(
        "rev_047",
        L,
        "en",
        "hypothetical 'could this break' with no failure",
        [
            user("""could this ever divide by zero or return something weird?

def avg_rating(reviews):
    rated = [r.stars for r in reviews if r.stars]
    return round(sum(rated) / len(reviews), 1)"""),
        ],
    ),
    case(
        "rev_048",
        L,
        "en",
        "code review request in a Continue session with two files",
        [
            sys(CONTINUE),
            user("""```py app/models.py
class Invoice(Base):
    __tablename__ = "invoices"
    id = Column(Integer, primary_key=True)
    number = Column(String)
    customer_id = Column(Integer)
    total = Column(Float)
    paid = Column(Boolean)
```
```py app/routes.py
@router.get("/invoices/{id}")
def get_invoice(id: int, db=Depends(get_db)):
    return db.query(Invoice).get(id)
```
Review these two for anything that will hurt us later (data types, constraints, auth)."""),
        ],
    ),
    case(
        "rev_049",
        L,
        "en",
        "ask whether locking in SQL is correct",
        [
            user("""Does this prevent double-booking a seat?

BEGIN;
SELECT * FROM seats WHERE id = 42 AND booked = false;
-- app checks a row came back
UPDATE seats SET booked = true, user_id = 7 WHERE id = 42;
COMMIT;

isolation level is the default READ COMMITTED"""),
        ],
    ),
    case(
        "rev_050",
        L,
        "en",
        "judge a proposed refactor vs original",
        [
            user("""I refactored the left one into the right one. Same behaviour? Better?

# before
def status(code):
    if code == 200: return "ok"
    elif code == 404: return "missing"
    elif code >= 500: return "server"
    else: return "other"

# after
STATUS = {200: "ok", 404: "missing"}
def status(code):
    return STATUS.get(code, "server" if code > 500 else "other")"""),
        ],
    ),
    case(
        "rev_051",
        L,
        "en",
        "review of error-prone shell one-liner kept in a script",
        [
            user("""is this safe to keep in our backup script?

tar czf - /var/lib/postgresql | ssh backup@nas "cat > /backups/pg-$(date +%F).tgz" && find /backups -mtime +7 -delete"""),
        ],
    ),
    case(
        "rev_052",
        L,
        "en",
        "assistant earlier wrote code; user asks assistant to self-review",
        [
            user("write a function that checks if a string is a palindrome ignoring punctuation"),
            asst("""```python
def is_palindrome(s: str) -> bool:
    cleaned = [c.lower() for c in s if c.isalnum()]
    return cleaned == cleaned[::-1]
```"""),
            user(
                "now critique your own code — unicode, performance on huge strings, anything you'd flag in a code review?"
            ),
        ],
    ),
    case(
        "rev_053",
        L,
        "en",
        "review a Rust API for ergonomics",
        [
            user("""Would you approve this public API in a crate review?

pub fn parse(input: String) -> Result<Vec<Box<Token>>, String>
pub fn render(tokens: &Vec<Box<Token>>, out: &mut String)"""),
        ],
    ),
    case(
        "rev_054",
        L,
        "en",
        "judgement: is this the right place for validation",
        [
            user("""we validate in the controller AND in the entity setter. redundant or good defense? snippet:

@PostMapping("/users")
public User create(@Valid @RequestBody UserDto dto) { return service.create(dto); }

public void setEmail(String email) {
    if (email == null || !email.contains("@")) throw new IllegalArgumentException("email");
    this.email = email;
}"""),
        ],
    ),
    case(
        "rev_055",
        L,
        "en",
        "review data-science code for leakage",
        [
            user("""Check my pipeline for data leakage? CV score is 0.97 which feels too good.

X = df.drop(columns=["churn"])
y = df["churn"]
X = StandardScaler().fit_transform(X)
X_sel = SelectKBest(k=20).fit_transform(X, y)
scores = cross_val_score(LogisticRegression(), X_sel, y, cv=5)
print(scores.mean())"""),
        ],
    ),
]
