# ruff: noqa: E501
"""Near-miss pairs in longer shapes: editor sessions, review bots and ticket intake.

Each pair shares its material; only the last user turn differs in task.
"""

from __future__ import annotations

from common import EDIT_FORMAT, IDE_CHAT, REVIEW_BOT, TRIAGE_BOT, assistant, case, parts, user

GO_HANDLER = """```go
func (h *Handler) CreateOrder(w http.ResponseWriter, r *http.Request) {
    var req CreateOrderRequest
    if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
        http.Error(w, err.Error(), http.StatusBadRequest)
        return
    }
    // TODO: idempotency — we double-charged 14 customers on 2026-02-03 when the mobile app retried
    order, err := h.svc.Create(r.Context(), req)
    if err != nil {
        http.Error(w, "internal error", http.StatusInternalServerError)
        return
    }
    json.NewEncoder(w).Encode(order)
}
```"""

TRACE = """```
ERROR 2026-03-12T11:02:44Z orders  pq: duplicate key value violates unique constraint "orders_idempotency_key_key"
    handler.go:31 CreateOrder
```"""

CASES = [
    case(
        "pair-go-idem-generate",
        "code_generate",
        "en",
        "TODO names a past double-charge; ask is to implement idempotency",
        f"{GO_HANDLER}\nImplement the TODO: read an `Idempotency-Key` header, store key + response hash in Postgres, and replay the stored response on a repeat. Include the migration and a table-driven test.",
        system=IDE_CHAT,
    ),
    case(
        "pair-go-idem-fix",
        "code_fix",
        "en",
        "after implementing: duplicate key error on retries",
        f"{GO_HANDLER}",
        "Here is an implementation that stores the key in an `idempotency_key` column with a unique index and checks for an existing row before inserting.",
        f"Now the retry from the app returns 500 instead of the original order:\n{TRACE}\nThe first request is still in flight when the retry arrives.",
        system=IDE_CHAT,
    ),
    case(
        "pair-go-idem-triage",
        "triage",
        "en",
        "same trace; ask is severity and owner",
        f"New alert from production:\n{TRACE}\n~40 per hour since the 11:00 deploy. Severity and owning team only.",
        system=TRIAGE_BOT,
    ),
    case(
        "pair-go-idem-review",
        "code_review",
        "en",
        "same handler; ask is a review",
        f"{GO_HANDLER}\nBefore we add idempotency: review the rest of this handler. Anything wrong with error handling or the response?",
        system=REVIEW_BOT,
    ),
    case(
        "pair-aider-extend-after-bug",
        "code_generate",
        "en",
        "edit-format session; history fixed a bug, last asks for a new option",
        user(
            "The `--since` flag crashes: `ValueError: time data '2026-03-01' does not match format '%Y-%m-%dT%H:%M:%S'`"
        ),
        assistant(
            "cli.py\n<<<<<<< SEARCH\n    since = datetime.strptime(args.since, '%Y-%m-%dT%H:%M:%S')\n=======\n    since = datetime.fromisoformat(args.since)\n>>>>>>> REPLACE"
        ),
        user(
            "Applied, works. Now add an `--until` flag with the same parsing, validate that until > since, and add both to the README usage section."
        ),
        system=EDIT_FORMAT,
    ),
    case(
        "pair-aider-fix-after-extend",
        "code_fix",
        "en",
        "edit-format session; the new flag breaks",
        user("Add an `--until` flag like `--since`."),
        assistant(
            "cli.py\n<<<<<<< SEARCH\n    p.add_argument('--since')\n=======\n    p.add_argument('--since')\n    p.add_argument('--until')\n>>>>>>> REPLACE"
        ),
        user(
            "`./cli.py report --since 2026-03-01 --until 2026-03-05` prints every row, including ones from April. The --until value is ignored."
        ),
        system=EDIT_FORMAT,
    ),
    case(
        "pair-parts-todo-generate",
        "code_generate",
        "en",
        "content parts with a screenshot of a TODO; write the feature",
        parts(
            "Screenshot of the TODO in our admin panel code. The last attempt at this threw `RangeError: Maximum call stack size exceeded` because it re-rendered itself, so we reverted it.",
            "Write a fresh `useDebouncedSearch(query, delayMs)` hook and wire it into the users table filter. TypeScript, no lodash.",
            image="https://files.example.internal/screens/admin-todo.png",
        ),
    ),
    case(
        "pair-parts-error-fix",
        "code_fix",
        "en",
        "content parts with a screenshot of an error overlay",
        parts(
            "The debounced search hook crashes the page, screenshot of the overlay attached: `RangeError: Maximum call stack size exceeded` in useDebouncedSearch.ts:14.",
            "const [v, setV] = useState(query);\nuseEffect(() => { setV(query); const t = setTimeout(() => setV(query), delayMs); return () => clearTimeout(t); });",
            image="https://files.example.internal/screens/overlay.png",
        ),
    ),
    case(
        "pair-csharp-ci-triage",
        "triage",
        "en",
        "CI log with a compiler error; ask is flaky vs real and which team",
        """Nightly build broke. Is this flaky or a real break, and which team (platform, payments, web) should pick it up? No fix needed.

```
/src/Payments/RefundService.cs(88,17): error CS0117: 'PaymentStatus' does not contain a definition for 'PartiallyRefunded' [/src/Payments/Payments.csproj]
Build FAILED.
```""",
    ),
    case(
        "pair-csharp-ci-fix",
        "code_fix",
        "en",
        "same compiler error; make it build",
        """Make this build again, I'm on the payments team:

```
/src/Payments/RefundService.cs(88,17): error CS0117: 'PaymentStatus' does not contain a definition for 'PartiallyRefunded' [/src/Payments/Payments.csproj]
```
The enum lives in Shared.Contracts and someone renamed the value to `RefundedPartially` yesterday.""",
    ),
    case(
        "pair-csharp-ci-generate",
        "code_generate",
        "en",
        "same compiler error as the reason; ask is a new analyzer test",
        """After the `PartiallyRefunded` rename broke the nightly build (CS0117 in RefundService.cs), we want a guard. Write an xUnit test that loads Shared.Contracts and asserts the numeric values and names of every `PaymentStatus` member against a checked-in snapshot JSON, plus the code to regenerate the snapshot.""",
    ),
    case(
        "pair-py-long-history-generate",
        "code_generate",
        "en",
        "six-turn history of fixes; last turn asks for a new command",
        "Our importer fails with `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 12`.",
        "The file is Latin-1. Open it with `encoding='latin-1'`, or detect the encoding with charset-normalizer.",
        "That worked. Now `csv.Error: line contains NUL`.",
        "Some exports have NUL bytes; strip them before parsing: `(line.replace('\\0', '') for line in f)`.",
        "Great, imports run clean now. Next step: add a `validate` subcommand to the importer CLI that only parses the file and reports encoding, row count and rows with missing required fields, without touching the database. Click is what we use.",
    ),
    case(
        "pair-py-long-history-fix",
        "code_fix",
        "en",
        "six-turn history; last turn reports a new failure",
        "Our importer fails with `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 12`.",
        "The file is Latin-1. Open it with `encoding='latin-1'`, or detect the encoding with charset-normalizer.",
        "That worked. Now `csv.Error: line contains NUL`.",
        "Some exports have NUL bytes; strip them before parsing: `(line.replace('\\0', '') for line in f)`.",
        "Now the import finishes but every row after row 4,211 has its columns shifted by one. Row 4,211 has a quoted field with a newline inside.",
    ),
    case(
        "pair-py-long-history-summary",
        "summarize",
        "en",
        "six-turn history; last turn asks for a summary of the session",
        "Our importer fails with `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 12`.",
        "The file is Latin-1. Open it with `encoding='latin-1'`, or detect the encoding with charset-normalizer.",
        "That worked. Now `csv.Error: line contains NUL`.",
        "Some exports have NUL bytes; strip them before parsing: `(line.replace('\\0', '') for line in f)`.",
        "Thanks. Summarise what we found and changed in this conversation as three bullets for the ticket.",
    ),
]
