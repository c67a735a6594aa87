# ruff: noqa: E501
"""Hand-written requests that need tools, and agent-loop tasks."""

from __future__ import annotations

# (domain tool set, what the user says). The user often speaks in plain words.
DOMAIN_REQUESTS: list[tuple[str, str]] = [
    ("thermostat", "it's freezing in here"),
    ("thermostat", "Set the heating to 21 degrees please."),
    ("thermostat", "Ustaw temperaturę na 19 stopni w sypialni."),
    ("thermostat", "Mach es im Wohnzimmer etwas wärmer."),
    ("weather", "Do I need an umbrella in Gdańsk tomorrow?"),
    ("weather", "¿Qué tiempo hace ahora en Sevilla?"),
    ("weather", "北京明天会下雨吗？"),
    ("calendar", "Book a 30 min sync with the design team tomorrow at 10."),
    ("calendar", "what's on my calendar next Monday?"),
    ("calendar", "Przesuń jutrzejsze spotkanie z Kasią na 15:00."),
    (
        "tickets",
        "Open a bug in project WEB: the signup button overlaps the footer on small screens.",
    ),
    ("tickets", "Are there any open P1 issues assigned to me?"),
    ("orders", "Where is my order 88213?"),
    ("orders", "Customer wants a refund of 20 EUR on order A-1009, please process it."),
    ("orders", "Hola, ¿me podéis devolver el dinero del pedido 5521? Llegó roto."),
    ("email", "Email Tom that the release is moved to Thursday."),
    ("email", "Schick Frau Becker eine kurze Nachricht, dass ich heute krank bin."),
    ("db", "How many users signed up yesterday?"),
    ("db", "Which 10 products had the most returns last month?"),
    ("currency", "how much is 250 dollars in złoty today?"),
    ("music", "put on something relaxing"),
    ("music", "播放一些周杰伦的歌"),
    ("maps", "any good ramen places near Alexanderplatz?"),
    ("k8s", "Scale the checkout deployment in staging to 5 replicas."),
    ("k8s", "why is the api pod in staging not ready? check it"),
    ("shell", "Run the test suite and tell me what fails."),
    ("shell", "check how much disk space is left on this box"),
    ("files", "Open src/config.py and bump the default timeout to 30 seconds."),
]

# Chat-UI generic tools attached, and the question needs fresh information.
SEARCH_NEEDED: list[str] = [
    "What's the latest stable version of Node.js right now?",
    "Who won the Champions League final yesterday?",
    "What is the current EUR to PLN exchange rate?",
    "Jaka jest dziś pogoda w Warszawie?",
    "Was sind die aktuellen Nachrichten zu den Bahnstreiks?",
    "¿Cuál es el precio actual del bitcoin?",
    "今天的科技新闻有哪些？",
    "Look up the release date of the next iPhone and tell me.",
]

# Tasks given to an agent that acts through tools (system prompt describes the tool loop).
AGENT_TASKS: list[str] = [
    "Add a dark mode toggle component to the settings page.",
    "The login test is failing, find out why and fix it.",
    "Create a README for this project based on what you find in the repo.",
    "Upgrade the project to React 18 and make sure the build passes.",
    'Add an endpoint GET /health that returns {"status": "ok"}.',
    "Dodaj walidację formularza rejestracji (email i hasło min. 8 znaków).",
    "Füge einen Export als CSV zur Rechnungsliste hinzu.",
    "Agrega pruebas unitarias para el módulo de pagos.",
    "给项目加一个 Dockerfile 并确认能构建成功。",
    "rename the util folder to helpers and fix all imports",
    "Investigate why npm start prints a warning about peer dependencies and resolve it.",
    "Write a script that seeds the dev database with 100 fake users and run it.",
]

TOOL_RESULTS: list[tuple[str, str, str]] = [
    (
        "read_file",
        "src/app.ts",
        "import express from 'express';\nconst app = express();\napp.get('/', (req, res) => res.send('hi'));\napp.listen(3000);",
    ),
    (
        "execute_command",
        "npm test",
        "FAIL src/login.test.ts\n  ● login › rejects wrong password\n    Expected: 401\n    Received: 500",
    ),
    ("list_dir", "src", "app.ts\nroutes/\nmodels/\nlogin.test.ts"),
    (
        "bash",
        "pytest -q",
        "2 failed, 31 passed in 4.10s\nFAILED tests/test_api.py::test_create - KeyError: 'id'",
    ),
]

JSON_CALL_REQUESTS: list[str] = [
    "turn off the lights in the kitchen",
    "Zamknij drzwi wejściowe.",
    "I'm going to bed, make the bedroom a bit cooler and dim the light to 20%",
    "Licht im Bad an, bitte.",
]

REACT_REQUESTS: list[str] = [
    "How many orders did we have in Germany last quarter?",
    "What does our docs say about rotating API keys?",
    "Which marketing channel brought the most signups in March?",
]

SCHEMA_JSON_REQUESTS: list[str] = [
    'Extract the fields from this invoice text and return JSON matching this schema: {"type":"object","properties":{"invoice_number":{"type":"string"},"total":{"type":"number"},"due_date":{"type":"string","format":"date"}},"required":["invoice_number","total"]}\n\nInvoice FV/2024/03/117, due 2024-04-15, total 1 230,00 PLN.',
    'Return only a JSON object {"name": str, "email": str, "company": str | null} for this signature:\n--\nMaria López\nHead of Ops, Brightline\nmaria.lopez@brightline.io',
    "Parse this address into JSON with keys street, city, postal_code, country — no prose: 'ul. Długa 5/3, 80-831 Gdańsk, Polska'",
]
