# ruff: noqa: E501
"""`simple_chat`: greetings, thanks, small talk, trivia, definitions and opinions."""

from __future__ import annotations

from ev2_common import (
    AIDER,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CODING_TOOLS,
    CONTINUE,
    PLAIN,
    SUPPORT,
    WEBUI,
    Cases,
    a,
    parts,
    sys_,
    u,
)

C = Cases("chat")
T = "simple_chat"

C.add(T, "en", "greeting", [u("hey there! how's it going?")])
C.add(
    T,
    "en",
    "greeting with generic chat-UI tools attached",
    [
        sys_(WEBUI),
        u("Good morning :) just testing if this thing works"),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "thanks after a fix in a coding chat",
    [
        sys_(CONTINUE),
        u("```py\nfor i in range(len(xs)): print(xs[i+1])\n```\nIndexError on the last iteration"),
        a(
            "`xs[i+1]` runs past the end on the last index. Use `for x in xs[1:]: print(x)` or loop to `len(xs) - 1`."
        ),
        u("ahh of course, off by one. thanks, that worked!"),
    ],
)
C.add(T, "en", "trivia", [u("Who created the Python programming language, and roughly when?")])
C.add(
    T,
    "en",
    "short conceptual definition",
    [u("what's the difference between a process and a thread, in two sentences?")],
)
C.add(
    T,
    "en",
    "opinion, closed choice but small talk (tabs vs spaces)",
    [u("tabs or spaces? be honest")],
)
C.add(
    T,
    "en",
    "preference question that names formats",
    [
        u(
            "Do you personally prefer YAML or TOML for config files? Just curious what people think these days."
        )
    ],
)
C.add(T, "en", "definition of an acronym", [u("What does CRUD stand for?")])
C.add(
    T,
    "en",
    "casual question about what a language is used for",
    [u("what is Rust mostly used for? my nephew wants to learn it")],
)
C.add(
    T,
    "en",
    "joke request",
    [sys_(PLAIN), u("tell me a programming joke, something my non-tech friends would get")],
)
C.add(
    T,
    "en",
    "small talk in an Aider session, no edit asked",
    [
        sys_(AIDER),
        u("it's friday and I've been staring at this repo all week lol. do you ever get tired?"),
    ],
)
C.add(
    T,
    "en",
    "conceptual question under a CLI agent prompt with tools; no action needed",
    [
        sys_(CLI_AGENT),
        u("unrelated question: what does the 'O' in Big-O actually stand for?"),
    ],
    CODING_TOOLS,
)
C.add(
    T,
    "en",
    "trivia with web_search available but timeless",
    [
        sys_(WEBUI),
        u("How many bits are in a byte, and why 8 and not 10?"),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "recommendation small talk",
    [u("any good podcast recommendations about software engineering careers? not too technical")],
)
C.add(
    T,
    "en",
    "farewell after a long session",
    [
        u("Can you explain what a B-tree is?"),
        a(
            "A B-tree is a self-balancing search tree where each node holds many keys, which keeps it shallow and makes it ideal for disks and database indexes…"
        ),
        u("Makes sense. And a B+ tree keeps all values in the leaves?"),
        a(
            "Exactly — internal nodes only route, and leaves are linked, which makes range scans fast."
        ),
        u("perfect, that's all for today. have a good one!"),
    ],
)
C.add(T, "en", "etymology question", [u("why is it called a 'bug'? is the moth story true?")])
C.add(
    T,
    "en",
    "quick fact about a version, no tools",
    [u("Is Python 3.8 still supported or is it end-of-life?")],
)
C.add(
    T,
    "en",
    "personal advice small talk",
    [
        u(
            "I have my first dev job interview tomorrow and I'm super nervous. any quick tips to calm down?"
        )
    ],
)
C.add(
    T,
    "en",
    "meaning of a term mentioned in a meeting",
    [
        u(
            "someone in standup said our service is 'eventually consistent'. what does that mean in plain words?"
        )
    ],
)
C.add(
    T,
    "en",
    "support bot small talk, no order action",
    [
        sys_(SUPPORT),
        u(
            "Do you have any tips for keeping basil alive on a windowsill? Mine always dies in a week."
        ),
    ],
)
C.add(
    T,
    "en",
    "content parts greeting with an image of a cat",
    [
        u(
            parts(
                "look at my new coworker 😺 isn't she cute",
                image="data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDAkJ",
            )
        ),
    ],
)
C.add(
    T,
    "en",
    "short comparison question, conceptual",
    [u("Is SQL a programming language or not really?")],
)
C.add(
    T,
    "en",
    "what model are you",
    [sys_(WEBUI), u("which model am I talking to right now? are you running locally?")],
)
C.add(T, "en", "history trivia", [u("When did the first iPhone come out?")])
C.add(
    T,
    "en",
    "one-liner conceptual question about git",
    [u("what's the difference between git fetch and git pull, quickly")],
)
C.add(
    T,
    "en",
    "acknowledgement after a plan",
    [
        u("Can you help me think about splitting our monolith?"),
        a(
            "Sure. A common path: identify bounded contexts, extract the least coupled one first behind an API, strangle the old paths gradually..."
        ),
        u("cool, I'll chew on that over the weekend 👍"),
    ],
)
C.add(T, "en", "math trivia", [u("is 0 an even number?")])
C.add(T, "pl", "powitanie", [u("Cześć! Jak się masz? Pierwszy raz tu piszę.")])
C.add(
    T,
    "pl",
    "krótkie pytanie pojęciowe",
    [u("Czym właściwie różni się kompilator od interpretera? Tak w dwóch zdaniach.")],
)
C.add(
    T,
    "pl",
    "podziękowanie",
    [
        u("jak w bashu sprawdzić czy plik istnieje?"),
        a("`if [ -f plik.txt ]; then echo jest; fi`"),
        u("dzięki, działa 🙏"),
    ],
)
C.add(
    T,
    "de",
    "Begrüßung und Smalltalk",
    [u("Hallo! Na, alles gut bei dir? Ich hab heute endlich Urlaub.")],
)
C.add(T, "de", "Begriffsfrage", [u("Was bedeutet eigentlich „Technische Schulden“? Kurz bitte.")])
C.add(
    T,
    "de",
    "Meinungsfrage",
    [u("Findest du, dass man als Entwickler heute noch Vim lernen sollte?")],
)
C.add(T, "es", "saludo", [u("¡Hola! ¿Qué tal? ¿Me puedes ayudar hoy con unas dudas?")])
C.add(T, "es", "trivia sobre informática", [u("¿Quién fue Ada Lovelace y por qué es tan famosa?")])
C.add(
    T,
    "es",
    "agradecimiento tras una respuesta",
    [
        u("¿Qué es un webhook?"),
        a(
            "Un webhook es una llamada HTTP que un sistema hace automáticamente a otro cuando ocurre un evento…"
        ),
        u("Ah vale, ahora lo entiendo. ¡Muchas gracias!"),
    ],
)
C.add(T, "zh", "问候", [u("你好呀，今天过得怎么样？")])
C.add(T, "zh", "简单概念问题", [u("什么是API？用一句话解释给我妈妈听。")])
C.add(T, "zh", "闲聊观点", [u("你觉得程序员35岁以后还能继续写代码吗？随便聊聊。")])
C.add(
    T,
    "mixed",
    "Polish small talk about an English term",
    [
        u(
            "Hej, co to znaczy 'rubber duck debugging'? Słyszałem to na meetupie i wszyscy się śmiali."
        )
    ],
)
CASES = C.items
