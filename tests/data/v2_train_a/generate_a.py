# ruff: noqa: E501
"""code_generate requests, first half: new code, features, tests, conversions, config-as-code."""

from __future__ import annotations

from common import (
    AIDER,
    AIDER_WHOLE,
    CHAT_UI_TOOLS,
    CONTINUE,
    COPILOT_CHAT,
    OPENWEBUI,
    OPENWEBUI_RAG,
    SEARCH_ONLY,
    asst,
    case,
    parts,
    sys,
    user,
)

L = "code_generate"

CASES = [
    case(
        "gen_001",
        L,
        "en",
        "write a new function from a description",
        [
            user(
                "Write a Python function that takes a list of (start, end) time intervals and merges the overlapping ones. Intervals are tuples of ints, input may be unsorted."
            ),
        ],
    ),
    case(
        "gen_002",
        L,
        "en",
        "write tests for given code (code has no failure)",
        [
            sys(CONTINUE),
            user("""```py app/pricing.py
def apply_discount(total: Decimal, code: str | None) -> Decimal:
    if not code:
        return total
    pct = CODES.get(code.upper())
    if pct is None:
        raise UnknownCode(code)
    return (total * (100 - pct) / 100).quantize(Decimal("0.01"))
```
write pytest tests for this, cover the edge cases (None, lowercase code, rounding, unknown code)"""),
        ],
    ),
    case(
        "gen_003",
        L,
        "en",
        "add a feature via Aider edit format",
        [
            sys(AIDER),
            user("""add a `--since` option to the export command that takes an ISO date and only exports rows newer than it

cli/export.py
```python
@click.command()
@click.option("--format", type=click.Choice(["csv", "json"]), default="csv")
def export(format):
    rows = db.fetch_all("SELECT * FROM events ORDER BY ts")
    write(rows, format)
```"""),
        ],
    ),
    case(
        "gen_004",
        L,
        "en",
        "convert JS to TypeScript",
        [
            user("""convert this to TypeScript with proper types, no `any`

export function groupBy(list, keyFn) {
  return list.reduce((acc, item) => {
    const k = keyFn(item);
    (acc[k] ||= []).push(item);
    return acc;
  }, {});
}"""),
        ],
    ),
    case(
        "gen_005",
        L,
        "en",
        "port Python to Go",
        [
            user("""port this to Go, same behaviour, idiomatic error handling

def read_config(path):
    with open(path) as f:
        cfg = json.load(f)
    cfg.setdefault("port", 8080)
    if not cfg.get("db_url"):
        raise ValueError("db_url is required")
    return cfg"""),
        ],
    ),
    case(
        "gen_006",
        L,
        "en",
        "SQL query to write from a schema",
        [
            user("""Tables: customers(id, name, country), orders(id, customer_id, total, created_at).
Write a Postgres query that returns, for each country, the top 3 customers by total spend in 2026, with their rank."""),
        ],
    ),
    case(
        "gen_007",
        L,
        "en",
        "regex to write",
        [
            user(
                "I need a regex that matches Polish postal codes (NN-NNN) but only as whole words, and captures both parts separately."
            ),
        ],
    ),
    case(
        "gen_008",
        L,
        "en",
        "Dockerfile from scratch",
        [
            user(
                "Create a multi-stage Dockerfile for a Go 1.22 web service (module at repo root, main in ./cmd/server) — final image should be distroless, run as non-root, expose 8080."
            ),
        ],
    ),
    case(
        "gen_009",
        L,
        "en",
        "GitHub Actions CI workflow",
        [
            user(
                "Write a GitHub Actions workflow that runs ruff, mypy and pytest on Python 3.11 and 3.12 for every push and PR, caches pip, and uploads the coverage XML as an artifact."
            ),
        ],
    ),
    case(
        "gen_010",
        L,
        "en",
        "Terraform module to write",
        [
            user(
                "Write Terraform for an AWS SQS queue with a dead-letter queue (max 5 receives), SSE enabled, and an IAM policy document that lets a given role ARN send messages. Variables for name and role ARN."
            ),
        ],
    ),
    case(
        "gen_011",
        L,
        "en",
        "new code where a bug is mentioned in passing (reason for feature)",
        [
            user(
                """we keep getting bitten by users pasting emails with trailing spaces (that bug we had last week). write a small pydantic v2 model for the signup payload that strips and lowercases the email, validates it, and requires a password of 12+ chars"""
            ),
        ],
    ),
    case(
        "gen_012",
        L,
        "en",
        "React component to create",
        [
            sys(COPILOT_CHAT),
            user(
                "Create a React + TypeScript component `<CopyButton text=... />` that copies to the clipboard, shows 'Copied!' for 2 seconds, and falls back to a hidden textarea when navigator.clipboard isn't available."
            ),
        ],
    ),
    case(
        "gen_013",
        L,
        "en",
        "extend existing class with a method",
        [
            user("""extend this with a `withdraw` method that refuses to go below the overdraft limit and records the transaction

class Account:
    def __init__(self, owner, overdraft=0):
        self.owner = owner
        self.balance = Decimal(0)
        self.overdraft = Decimal(overdraft)
        self.history = []

    def deposit(self, amount):
        amount = Decimal(amount)
        if amount <= 0:
            raise ValueError("amount must be positive")
        self.balance += amount
        self.history.append(("deposit", amount))"""),
        ],
    ),
    case(
        "gen_014",
        L,
        "en",
        "bash script to keep (not a one-off command)",
        [
            user(
                "Write a bash script I can put in cron that dumps every Postgres database on the host to /backups/YYYY-MM-DD/<db>.sql.gz, skips template0/1, and deletes backup folders older than 14 days. Log to syslog."
            ),
        ],
    ),
    case(
        "gen_015",
        L,
        "en",
        "implement an interface in Java",
        [
            user("""implement this interface with an LRU eviction policy, thread-safe

public interface Cache<K, V> {
    Optional<V> get(K key);
    void put(K key, V value);
    int size();
}"""),
        ],
    ),
    case(
        "gen_016",
        L,
        "en",
        "Rust CLI tool",
        [
            user(
                "Write a small Rust CLI with clap that counts lines, words and bytes of the given files (like wc) and prints a total row when more than one file is passed."
            ),
        ],
    ),
    case(
        "gen_017",
        L,
        "en",
        "unit tests in Go table-driven",
        [
            user("""write table-driven tests for this

func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "KB"):
		mult, s = 1024, strings.TrimSuffix(s, "KB")
	case strings.HasSuffix(s, "MB"):
		mult, s = 1024*1024, strings.TrimSuffix(s, "MB")
	case strings.HasSuffix(s, "GB"):
		mult, s = 1024*1024*1024, strings.TrimSuffix(s, "GB")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n * mult, err
}"""),
        ],
    ),
    case(
        "gen_018",
        L,
        "en",
        "multi-turn: earlier review, last turn asks to add feature",
        [
            user("""is this ok?

def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")"""),
            asst(
                "It works for ASCII. Non-ASCII letters (é, ż) get dropped entirely rather than transliterated, and very long titles aren't truncated. Otherwise fine."
            ),
            user(
                "ok add transliteration via unicodedata and a max_length param that cuts on a dash boundary"
            ),
        ],
    ),
    case(
        "gen_019",
        L,
        "en",
        "OpenAPI to client code",
        [
            user("""generate a typed fetch client in TypeScript for these endpoints

GET /v1/projects -> Project[]
POST /v1/projects {name: string, public: boolean} -> Project
GET /v1/projects/{id}/members -> Member[]
DELETE /v1/projects/{id} -> 204

Project = {id: string, name: string, public: boolean, createdAt: string}
Member = {userId: string, role: 'owner' | 'editor' | 'viewer'}"""),
        ],
    ),
    case(
        "gen_020",
        L,
        "en",
        "k8s manifests to create",
        [
            user(
                "Create Kubernetes manifests for a Redis 7 StatefulSet with one replica, a 5Gi PVC, a headless service, a password from an existing secret `redis-auth`, and resource requests of 100m/256Mi."
            ),
        ],
    ),
    case(
        "gen_021",
        L,
        "en",
        "script to keep: data processing",
        [
            sys(OPENWEBUI),
            user(
                "write me a python script that reads all .xlsx files in a folder, takes the sheet 'Sales', concatenates them, adds a column with the source filename, and writes one combined CSV. I'll run it every month."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "gen_022",
        L,
        "en",
        "implement algorithm",
        [
            user(
                "Implement Dijkstra in C++ for a graph given as an adjacency list of (neighbour, weight) pairs; return distances and a way to reconstruct the path to any node."
            ),
        ],
    ),
    case(
        "gen_023",
        L,
        "en",
        "add endpoint to FastAPI app (existing code given)",
        [
            sys(AIDER_WHOLE),
            user("""app/main.py
```python
from fastapi import FastAPI, HTTPException
from .store import notes

app = FastAPI()

@app.get("/notes/{nid}")
def get_note(nid: int):
    if nid not in notes:
        raise HTTPException(404)
    return notes[nid]
```

add POST /notes (title, body; returns the created note with its id) and DELETE /notes/{nid}. use pydantic models."""),
        ],
    ),
    case(
        "gen_024",
        L,
        "en",
        "SQL migration to write",
        [
            user(
                "Write a Postgres migration that splits `users.full_name` into `first_name` and `last_name` (split on the last space), backfills them, and keeps full_name as a generated column. Include the down migration."
            ),
        ],
    ),
    case(
        "gen_025",
        L,
        "en",
        "convert class component to hooks",
        [
            user("""rewrite this as a function component with hooks

class Clock extends React.Component {
  state = { now: new Date() };
  componentDidMount() { this.t = setInterval(() => this.setState({ now: new Date() }), 1000); }
  componentWillUnmount() { clearInterval(this.t); }
  render() { return <span>{this.state.now.toLocaleTimeString()}</span>; }
}"""),
        ],
    ),
    case(
        "gen_026",
        L,
        "en",
        "write a decorator",
        [
            user(
                "Write a Python decorator `@timed(threshold_ms=200)` that logs a warning with the function name and args when a call takes longer than the threshold. Must work on both sync and async functions."
            ),
        ],
    ),
    case(
        "gen_027",
        L,
        "en",
        "C# LINQ / minimal API",
        [
            user(
                "Create an ASP.NET Core minimal API with EF Core (SQLite) for a `TodoItem { Id, Title, Done, DueDate }` — CRUD endpoints, plus GET /todos/overdue."
            ),
        ],
    ),
    case(
        "gen_028",
        L,
        "en",
        "write property-based tests",
        [
            user("""write hypothesis property tests for this encoder/decoder pair

def encode(data: bytes) -> str: ...
def decode(s: str) -> bytes: ...

it's our own base32 variant without padding"""),
        ],
    ),
    case(
        "gen_029",
        L,
        "en",
        "PHP: add function to existing code",
        [
            user("""add a function that exports these orders as CSV (streamed to the browser, with a BOM so Excel opens UTF-8 right)

<?php
function get_orders(PDO $db, string $from, string $to): array {
    $st = $db->prepare('SELECT id, customer, total, created_at FROM orders WHERE created_at BETWEEN ? AND ?');
    $st->execute([$from, $to]);
    return $st->fetchAll(PDO::FETCH_ASSOC);
}"""),
        ],
    ),
    case(
        "gen_030",
        L,
        "en",
        "YAML: docker-compose to create",
        [
            user(
                "Write a docker-compose.yml for local dev: Postgres 16 with a named volume, Redis, our api (built from ./api, depends on both, env from .env), and Mailpit for catching emails. Healthchecks for postgres and redis."
            ),
        ],
    ),
    case(
        "gen_031",
        L,
        "en",
        "content parts with mockup image; build UI",
        [
            parts(
                "Build this card as a Tailwind + HTML snippet (see mockup): avatar on the left, name and role stacked, a 'Message' button on the right; responsive — on mobile the button goes under the text.",
                "https://uploads.example.dev/mockups/profile-card.png",
            ),
        ],
    ),
    case(
        "gen_032",
        L,
        "en",
        "Kotlin data class + serializer",
        [
            user("""Write Kotlin data classes with kotlinx.serialization for this JSON, with `created` parsed to Instant

{"id": "a1", "created": "2026-11-30T10:00:00Z", "tags": ["x", "y"], "owner": {"id": 3, "name": "Ana"}, "archived": false}"""),
        ],
    ),
    case(
        "gen_033",
        L,
        "en",
        "generate: new code even though code shown has a known bug mentioned",
        [
            user("""Our current parser (below) has that known issue with quoted commas, but leave it — I'll deal with it later. What I need now: a `write_rows(rows, path)` counterpart that writes the same format back out.

def read_rows(path):
    out = []
    for line in open(path):
        out.append(line.rstrip("\\n").split(","))
    return out"""),
        ],
    ),
    case(
        "gen_034",
        L,
        "en",
        "Swift async networking layer",
        [
            user(
                "Write a small Swift `APIClient` using async/await and URLSession with a generic `func send<T: Decodable>(_ req: Request) async throws -> T`, JSON decoding with snake_case keys, and a typed error enum."
            ),
        ],
    ),
    case(
        "gen_035",
        L,
        "en",
        "Ruby: rake task",
        [
            user(
                "Create a rake task `users:deactivate_stale` that deactivates users with no login in 180 days, prints how many, and supports DRY_RUN=1."
            ),
        ],
    ),
    case(
        "gen_036",
        L,
        "en",
        "RAG context present; user asks for code using the documented API",
        [
            sys(
                OPENWEBUI_RAG.format(
                    ctx="""Acme Payments API v3
POST /v3/payments  — body: amount (integer, minor units), currency (ISO 4217), customer_id, idempotency_key (header Idempotency-Key). Returns 201 with {id, status}.
GET /v3/payments/{id} — returns {id, status: pending|succeeded|failed, failure_code?}.
Auth: Bearer token in Authorization header. Rate limit 50 req/s; 429 includes Retry-After."""
                )
            ),
            user(
                "Using that API, write a Python class that creates a payment with an idempotency key and then polls until it succeeds or fails (respect Retry-After on 429)."
            ),
        ],
    ),
    case(
        "gen_037",
        L,
        "en",
        "write a SQL view and index",
        [
            user(
                "Write a materialized view for daily active users per app (events table: user_id, app_id, ts) and the refresh statement; add whatever index makes the refresh fast."
            ),
        ],
    ),
    case(
        "gen_038",
        L,
        "en",
        "implement a stub left as TODO",
        [
            sys(CONTINUE),
            user("""```ts src/queue.ts
export class RetryQueue<T> {
  constructor(private handler: (item: T) => Promise<void>, private maxAttempts = 3) {}

  enqueue(item: T): void {
    // TODO
  }

  async drain(): Promise<{ ok: number; failed: T[] }> {
    // TODO
  }
}
```
fill in the TODOs: process items one at a time, retry with exponential backoff, collect the ones that failed all attempts"""),
        ],
    ),
    case(
        "gen_039",
        L,
        "en",
        "write a GitLab CI pipeline",
        [
            user(
                "Create a .gitlab-ci.yml with stages lint, test, build, deploy for a Node 20 app; build a docker image and push to the GitLab registry on main only; deploy stage manual with environment production."
            ),
        ],
    ),
    case(
        "gen_040",
        L,
        "en",
        "write an awk/sed script file to keep",
        [
            user(
                "Write an awk script (file, not one-liner) that parses nginx access logs in the combined format and prints the top 10 paths by total response bytes, plus the count of 5xx per path."
            ),
        ],
    ),
    case(
        "gen_041",
        L,
        "en",
        "extend SQL schema with audit table + trigger",
        [
            user("""add an audit log for this table: a trigger that records old/new row as jsonb, who (current_setting('app.user')), and when, on update and delete

CREATE TABLE prices (
  sku text PRIMARY KEY,
  amount numeric(10,2) NOT NULL,
  currency char(3) NOT NULL
);"""),
        ],
    ),
    case(
        "gen_042",
        L,
        "en",
        "new code with web_search tool present but irrelevant",
        [
            sys(OPENWEBUI),
            user(
                "write a JavaScript debounce function with leading/trailing options and a cancel() method, plus a couple of usage examples"
            ),
        ],
        SEARCH_ONLY,
    ),
    case(
        "gen_043",
        L,
        "en",
        "write Playwright e2e test",
        [
            user(
                "Write a Playwright test (TypeScript) for our login flow: go to /login, fill email/password from env, submit, expect redirect to /dashboard and the user's name in the header; also a negative case with a wrong password showing the error toast."
            ),
        ],
    ),
    case(
        "gen_044",
        L,
        "en",
        "convert SQL to ORM code",
        [
            user("""turn this into SQLAlchemy 2.0 style select() code

SELECT p.id, p.title, COUNT(c.id) AS comments
FROM posts p LEFT JOIN comments c ON c.post_id = p.id
WHERE p.published
GROUP BY p.id
HAVING COUNT(c.id) > 5
ORDER BY comments DESC
LIMIT 20;"""),
        ],
    ),
    case(
        "gen_045",
        L,
        "en",
        "implement a CLI feature after an earlier fix in history",
        [
            user("my argparse script crashes when no args given"),
            asst(
                "Make the positional optional with `nargs='?'` and handle `None`, or print help when `len(sys.argv) == 1`."
            ),
            user(
                "that worked. now add a subcommand `stats` that prints the number of lines per file for the given paths, and `--json` output"
            ),
        ],
    ),
    case(
        "gen_046",
        L,
        "en",
        "C: write a ring buffer",
        [
            user(
                "Write a fixed-size ring buffer in C for uint8_t with push/pop/peek/len, overwrite-oldest mode as an option, and no dynamic allocation (caller passes the storage)."
            ),
        ],
    ),
    case(
        "gen_047",
        L,
        "en",
        "write mock/fixture code",
        [
            user(
                "Write pytest fixtures that start a throwaway Postgres with testcontainers once per session, run our alembic migrations, and give each test a transaction that's rolled back at the end."
            ),
        ],
    ),
    case(
        "gen_048",
        L,
        "en",
        "HCL: add output and variable to existing module",
        [
            user("""extend this module: make the instance type a variable (default t3.small), add a variable for extra tags merged into the defaults, and output the public IP and instance id

resource "aws_instance" "web" {
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t3.small"
  tags = { Name = "web", Team = "platform" }
}"""),
        ],
    ),
    case(
        "gen_049",
        L,
        "en",
        "Python to Rust port",
        [
            user("""port to rust please (no external crates except std)

def rle(s):
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(f"{j - i}{s[i]}")
        i = j
    return "".join(out)"""),
        ],
    ),
    case(
        "gen_050",
        L,
        "en",
        "write a Jest mock for module",
        [
            user("""write jest tests for `sendWelcome` mocking the mailer module

import { mailer } from './mailer';
export async function sendWelcome(user: { email: string; name: string }) {
  if (!user.email.includes('@')) throw new Error('bad email');
  await mailer.send({ to: user.email, template: 'welcome', vars: { name: user.name } });
}"""),
        ],
    ),
    case(
        "gen_051",
        L,
        "en",
        "generate a type-safe config loader",
        [
            user(
                "I want a config loader for our Node service: reads env vars, validates with zod (PORT number default 3000, DATABASE_URL url required, LOG_LEVEL enum), and exports a typed frozen object. Write it."
            ),
        ],
    ),
    case(
        "gen_052",
        L,
        "en",
        "implement a feature in existing Go handler",
        [
            user("""add pagination (limit/offset query params, default 50, max 200) and a total count header to this handler

func listUsers(w http.ResponseWriter, r *http.Request) {
	rows, err := db.Query("SELECT id, email FROM users ORDER BY id")
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		rows.Scan(&u.ID, &u.Email)
		out = append(out, u)
	}
	json.NewEncoder(w).Encode(out)
}"""),
        ],
    ),
    case(
        "gen_053",
        L,
        "en",
        "write a SQL stored procedure",
        [
            user(
                "Write a T-SQL stored procedure that moves orders older than N days from Orders to OrdersArchive in batches of 5000 inside transactions, returning the number moved."
            ),
        ],
    ),
    case(
        "gen_054",
        L,
        "en",
        "generate: a small game for learning",
        [
            user(
                "write a terminal snake game in python using curses, arrow keys to steer, speed up every 5 apples, show the score"
            ),
        ],
    ),
    case(
        "gen_055",
        L,
        "en",
        "write a GitHub Action composite + script",
        [
            user(
                "Create a composite GitHub Action `check-changelog` that fails the PR if CHANGELOG.md wasn't modified, unless the PR has the label `skip-changelog`. Include action.yml and the shell script."
            ),
        ],
    ),
]
