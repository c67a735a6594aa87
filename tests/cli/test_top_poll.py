"""``oar top``'s polling: which answers replace which, and what the error line says."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from rich.console import Console
from rich.live import Live
from typer.testing import CliRunner

from ollama_agent_router.cli import app
from ollama_agent_router.cli.http import Answer, ClientError, RouterClient, RouterUnreachable
from ollama_agent_router.cli.terminal import Keys
from ollama_agent_router.cli.top import Feed, poll, watch
from ollama_agent_router.cli.top_view import Frame

STATUS = {"nodeId": "box-1", "status": "ok"}
ROWS = {"object": "list", "data": [{"taskType": "code_fix"}, "junk"]}
REFUSED = RouterUnreachable("cannot reach the router at http://r:1: [Errno 111] Connection refused")
FORBIDDEN = ClientError("the router answered 403 for http://r:1/v1/router/status: scope")


@dataclass(frozen=True)
class Scripted(RouterClient):
    """A client whose answers are given per path; a ``ClientError`` is raised."""

    answers: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, body: Any = None) -> Answer:
        self.asked.append(path)
        answer = self.answers[path.partition("?")[0]]
        if isinstance(answer, ClientError):
            raise answer
        return Answer(200, answer)


OLD = Frame("http://r:1", 0.0, status={"nodeId": "old"}, decisions=[{"taskType": "old"}],
            updated_at=5.0)  # fmt: skip


@pytest.mark.parametrize(
    ("status", "decisions", "asked", "node", "tasks", "fresh", "error"),
    [
        pytest.param(STATUS, ROWS, 2, "box-1", ["code_fix"], True, None, id="both answer"),
        pytest.param(REFUSED, ROWS, 1, "old", ["old"], False, "cannot reach", id="unreachable"),
        pytest.param(
            FORBIDDEN, ROWS, 2, "old", ["code_fix"], True, "the router answered 403",
            id="status refused, decisions read",
        ),
        pytest.param(
            STATUS, {"data": "x"}, 2, "box-1", ["old"], True, "did not answer a list",
            id="decisions malformed",
        ),
        pytest.param(
            ["not", "a", "dict"], ROWS, 2, "old", ["code_fix"], True, "did not answer a JSON",
            id="status malformed",
        ),
    ],
)  # fmt: skip
def test_poll(
    status: Any,
    decisions: Any,
    asked: int,
    node: str,
    tasks: list[str],
    fresh: bool,
    error: str | None,
) -> None:
    client = Scripted(
        "http://r:1", answers={"/v1/router/status": status, "/v1/router/decisions": decisions}
    )
    frame = poll(client, OLD, decisions=7)
    assert len(client.asked) == asked
    assert client.asked[1:] in ([], ["/v1/router/decisions?limit=7"])
    assert frame.status is not None
    assert frame.status["nodeId"] == node
    assert [row["taskType"] for row in frame.decisions or []] == tasks
    assert (frame.updated_at == frame.now) is fresh
    assert frame.updated_at == (frame.now if fresh else 5.0)
    if error is None:
        assert frame.error is None
    else:
        assert frame.error is not None
        assert frame.error.startswith(error) or error in frame.error


@pytest.mark.parametrize("url", ["localhost:11435", "ftp://box", "router.local"])
def test_top_refuses_a_url_it_could_never_reach(url: str) -> None:
    result: Any = CliRunner().invoke(app, ["--url", url, "top"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: --url: expected http://HOST:PORT or https://HOST:PORT, got {url!r}\n"
    )


@dataclass(frozen=True)
class Broken(RouterClient):
    def request(self, method: str, path: str, body: Any = None) -> Answer:
        raise RuntimeError("a bug\nin two lines")


def test_the_feed_survives_a_surprise_and_keeps_polling() -> None:
    feed = Feed(Broken("http://r:1"), Frame("http://r:1", 0.0, interval_s=0.2), decisions=5)
    feed.start()
    try:
        deadline = time.monotonic() + 5
        while feed.latest()[1] < 2:
            assert time.monotonic() < deadline, "the feed stopped polling"
            time.sleep(0.02)
    finally:
        feed.stop()
    frame, _ = feed.latest()
    assert frame.error == "RuntimeError: a bug in two lines"


class TypedKeys(Keys):
    """Keys from a script, one string per read."""

    def __init__(self, *typed: str) -> None:
        super().__init__(None)
        self.typed = list(typed)

    def read(self, timeout_s: float) -> str:
        return self.typed.pop(0)


def test_watch_draws_until_q() -> None:
    first = Frame("http://r:1", 0.0, error="cannot reach the router at http://r:1: refused")
    feed = Feed(Broken("http://r:1"), first, decisions=5)  # never started: the frame stays
    keys = TypedKeys("", "x", "Q", "never read")
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    with Live(console=console, auto_refresh=False) as live:
        watch(feed, keys, live, decisions=5)
    assert keys.typed == ["never read"]
    assert "error: cannot reach the router at http://r:1: refused" in out.getvalue()
