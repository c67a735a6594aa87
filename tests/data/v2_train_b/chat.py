# ruff: noqa: E501
"""simple_chat: greetings, thanks, trivia, short concept questions, opinions; tools present but idle."""

from __future__ import annotations

from .common import (
    AIDER_LIKE,
    CHAT_UI,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CODING_TOOLS,
    GET_WEATHER,
    LOOKUP_ORDER,
    SUPPORT_BOT,
    asst,
    call,
    case,
    parts,
    result,
    sys,
    user,
)

L = "simple_chat"

CASES = [
    case(
        "chat-001",
        L,
        "en",
        "greeting in a chat UI with generic tools attached",
        [sys(CHAT_UI), user("hi there! how's it going?")],
        CHAT_UI_TOOLS,
    ),
    case(
        "chat-002",
        L,
        "en",
        "thanks after a code fix in history",
        [
            user("my regex `^\\d{3}-\\d{4}$` doesn't match '555-12345'"),
            asst(
                "That's expected: `\\d{4}$` requires exactly four digits before the end. Use `^\\d{3}-\\d{4,5}$` if five are allowed."
            ),
            user("ahh of course. thanks, that worked!"),
        ],
    ),
    case(
        "chat-003",
        L,
        "en",
        "short conceptual question mentioning programming",
        [user("what is Rust mostly used for these days?")],
    ),
    case(
        "chat-004",
        L,
        "en",
        "definition question",
        [
            sys(CHAT_UI),
            user("what's the difference between a process and a thread, in one or two sentences?"),
        ],
        CHAT_UI_TOOLS,
    ),
    case("chat-005", L, "en", "trivia, timeless", [user("Which planet has the most moons?")]),
    case(
        "chat-006",
        L,
        "pl",
        "Polish small talk",
        [user("Cześć! Masz jakiś pomysł, co obejrzeć dziś wieczorem? Coś lekkiego, komedia.")],
    ),
    case(
        "chat-007",
        L,
        "de",
        "German thanks and goodbye",
        [
            user("Wie formatiere ich ein Datum in Java als yyyy-MM-dd?"),
            asst('Mit `DateTimeFormatter.ofPattern("yyyy-MM-dd")` und `LocalDate.format(...)`.'),
            user("Super, danke dir! Schönes Wochenende 🙂"),
        ],
    ),
    case(
        "chat-008",
        L,
        "es",
        "Spanish greeting",
        [sys(CHAT_UI), user("¡Buenas! ¿Qué tal todo?")],
        CHAT_UI_TOOLS,
    ),
    case(
        "chat-009", L, "zh", "Chinese quick concept question", [user("什么是闭包？简单说一下就行")]
    ),
    case(
        "chat-010",
        L,
        "en",
        "opinion question about languages",
        [user("honest opinion: is Go or Kotlin more fun to write?")],
    ),
    case(
        "chat-011",
        L,
        "en",
        "Aider system prompt, but the user just says thanks",
        [sys(AIDER_LIKE), user("perfect, that's all for today, thanks!")],
    ),
    case(
        "chat-012",
        L,
        "en",
        "CLI agent with tools, user makes small talk",
        [sys(CLI_AGENT), user("lol that was a long session. you holding up ok?")],
        CODING_TOOLS,
    ),
    case(
        "chat-013",
        L,
        "en",
        "support bot with tools; user just thanks after resolution",
        [
            sys(SUPPORT_BOT),
            user("where's my order BN-220018"),
            call("c1", "lookup_order", '{"order_id": "BN-220018"}'),
            result("c1", '{"status": "out_for_delivery", "eta": "today 14:00-18:00"}'),
            asst(
                "Good news — BN-220018 is out for delivery and should arrive today between 14:00 and 18:00."
            ),
            user("great, thank you so much!"),
        ],
        [LOOKUP_ORDER],
    ),
    case(
        "chat-014",
        L,
        "en",
        "weather tool present but question is general knowledge, not current",
        [user("why is the sky blue?")],
        [GET_WEATHER],
    ),
    case(
        "chat-015",
        L,
        "en",
        "short conceptual question: REST vs GraphQL",
        [user("in a nutshell, what's the point of GraphQL compared to REST?")],
    ),
    case(
        "chat-016",
        L,
        "pl",
        "Polish: pytanie pojęciowe",
        [user("Co to właściwie jest Kubernetes? Wyjaśnij jak dla laika, dwa zdania.")],
    ),
    case("chat-017", L, "de", "German trivia", [user("Wie hoch ist eigentlich die Zugspitze?")]),
    case(
        "chat-018",
        L,
        "es",
        "Spanish: pregunta conceptual corta",
        [user("¿Qué significa que un lenguaje sea de tipado estático?")],
    ),
    case(
        "chat-019",
        L,
        "zh",
        "Chinese small talk",
        [sys(CHAT_UI), user("你好呀，今天心情不错，跟你随便聊聊")],
        CHAT_UI_TOOLS,
    ),
    case(
        "chat-020",
        L,
        "en",
        "asks about the assistant itself",
        [user("what can you actually help me with?")],
    ),
    case(
        "chat-021",
        L,
        "en",
        "joke request",
        [sys(CHAT_UI), user("tell me a programming joke, something about off-by-one errors")],
        CHAT_UI_TOOLS,
    ),
    case(
        "chat-022",
        L,
        "en",
        "quick fact: what does HTTP 418 mean",
        [user("what does HTTP 418 mean? saw it in a log and laughed")],
    ),
    case(
        "chat-023",
        L,
        "en",
        "recommendation question, light",
        [user("any good beginner books on statistics? not too mathy")],
    ),
    case(
        "chat-024",
        L,
        "pl",
        "Polish: podziękowanie po odpowiedzi o SQL",
        [
            user("jak w Postgresie policzyć unikalne wartości w kolumnie?"),
            asst("`SELECT COUNT(DISTINCT kolumna) FROM tabela;`"),
            user("dzięki, właśnie o to chodziło 👍"),
        ],
    ),
    case(
        "chat-025",
        L,
        "en",
        "content parts, a casual image share",
        [
            parts(
                "look at my cat sitting on the keyboard during standup 😂",
                image="https://example.com/u/abc/cat.jpg",
            )
        ],
    ),
    case("chat-026", L, "en", "acronym question", [user("what does SOLID stand for?")]),
    case(
        "chat-027",
        L,
        "de",
        "German: kurze Konzeptfrage zu Git",
        [user("Was ist der Unterschied zwischen git merge und git rebase, ganz kurz?")],
    ),
    case(
        "chat-028",
        L,
        "es",
        "Spanish: agradecimiento",
        [user("Muchas gracias por la ayuda de ayer con el informe, me salvaste 🙏")],
    ),
    case(
        "chat-029",
        L,
        "zh",
        "Chinese thanks after a fix",
        [
            user("我的 Python 代码报 IndentationError"),
            asst("检查一下是否混用了 Tab 和空格，统一用 4 个空格缩进即可。"),
            user("好了好了，确实是 Tab 的问题，谢谢！"),
        ],
    ),
    case(
        "chat-030",
        L,
        "en",
        "opinion: tabs or spaces",
        [sys(CHAT_UI), user("tabs or spaces? go")],
        CHAT_UI_TOOLS,
    ),
    case(
        "chat-031",
        L,
        "en",
        "career small talk",
        [user("is it normal to feel like an imposter after 3 years as a developer?")],
    ),
    case(
        "chat-032", L, "en", "history trivia", [user("who invented the World Wide Web and when?")]
    ),
    case(
        "chat-033",
        L,
        "en",
        "quick explanation of a term in ML",
        [user("what's overfitting, in plain english?")],
    ),
    case(
        "chat-034",
        L,
        "pl",
        "Polish: krótka opinia",
        [user("Warto jeszcze w 2026 uczyć się PHP czy to już przeżytek?")],
    ),
    case("chat-035", L, "en", "word meaning", [user("what does 'idempotent' mean?")]),
    case(
        "chat-036",
        L,
        "en",
        "conversation closing after long agentic plan",
        [
            user("give me a plan to move our cron jobs to k8s CronJobs"),
            asst(
                "1. Inventory the jobs and their schedules...\n2. Containerise each script...\n3. Run both in parallel for a week...\n4. Cut over and delete the crontab entries."
            ),
            user("nice, makes sense. I'll bring it to the team on Monday"),
        ],
    ),
    case(
        "chat-037",
        L,
        "de",
        "German: Begrüßung mit Tools im Chat-UI",
        [sys(CHAT_UI), user("Hallo! Bin neu hier, was kann ich dich so fragen?")],
        CHAT_UI_TOOLS,
    ),
    case(
        "chat-038",
        L,
        "es",
        "Spanish trivia",
        [user("¿Cuántos huesos tiene el cuerpo humano adulto?")],
    ),
    case(
        "chat-039",
        L,
        "zh",
        "Chinese opinion about languages",
        [user("你觉得新手先学 Python 还是 JavaScript 比较好？")],
    ),
    case(
        "chat-040",
        L,
        "en",
        "fun fact request",
        [sys(CHAT_UI), user("tell me a random fun fact about octopuses")],
        CHAT_UI_TOOLS,
    ),
    case("chat-041", L, "en", "short conceptual: what's a mutex", [user("ELI5 a mutex")]),
    case(
        "chat-042",
        L,
        "en",
        "acknowledgement inside a tool agent session",
        [
            sys(CLI_AGENT),
            user("run the tests"),
            call("t1", "run_tests", "{}"),
            result("t1", "284 passed in 12.04s"),
            asst("All 284 tests pass."),
            user("sweet 🎉"),
        ],
        CODING_TOOLS,
    ),
    case(
        "chat-043",
        L,
        "en",
        "light opinion about an editor",
        [user("do you think vim is worth learning in 2026 or is that just nostalgia?")],
    ),
    case("chat-044", L, "pl", "Polish trivia", [user("Ile wynosi prędkość światła w próżni?")]),
    case(
        "chat-045",
        L,
        "de",
        "German: persönliche Plauderei",
        [user("Ich hab heute meinen ersten Marathon geschafft!! 4:12 😅")],
    ),
    case(
        "chat-046",
        L,
        "es",
        "Spanish: concepto breve de redes",
        [user("¿Para qué sirve un DNS, explicado fácil?")],
    ),
    case("chat-047", L, "zh", "Chinese definition", [user("HTTP 和 HTTPS 有什么区别？一句话回答")]),
    case(
        "chat-048",
        L,
        "en",
        "mixed: English history, Polish short thanks",
        [
            user("how do I undo git add for one file?"),
            asst(
                "`git restore --staged path/to/file` (or `git reset HEAD path/to/file` on older git)."
            ),
            user("dzięki wielkie!"),
        ],
    ),
    case(
        "chat-049",
        L,
        "en",
        "quick conceptual: what is a CDN",
        [sys(CHAT_UI), user("what is a CDN and why does everyone use one?")],
        CHAT_UI_TOOLS,
    ),
    case(
        "chat-050",
        L,
        "en",
        "name suggestion, light creative ask",
        [user("suggest a fun name for our team's Slack bot, something space-themed")],
    ),
    case(
        "chat-051",
        L,
        "en",
        "asks model about its preference, chit-chat",
        [
            user(
                "if you could pick any programming language to be reincarnated as, which one and why? 😄"
            )
        ],
    ),
    case(
        "chat-052",
        L,
        "en",
        "quick fact about Python versions (stable, not time-sensitive)",
        [user("was it Python 3.6 that introduced f-strings?")],
    ),
]
