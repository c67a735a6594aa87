"""``oar top``'s drawing, from status dicts to text: no router, no terminal."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from rich.console import Console, RenderableType

from ollama_agent_router.cli.top_view import (
    Frame,
    ModelRow,
    bar,
    decisions_table,
    fleet_nodes,
    header,
    jobs_line,
    model_rows,
    render,
    sessions_table,
    status_line,
    uptime,
    vram_line,
    vram_use,
)

GIB = 1024**3
VIBE, QWEN, GPT = "B-A-M-N/vibethinker:1.5b", "qwen2.5-coder:7b", "gpt-oss:20b"


def text(renderable: RenderableType, width: int = 120) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def status(**sections: Any) -> dict[str, Any]:
    """A router status with three configured models and nothing loaded; ``sections``
    replace its top-level keys."""
    base: dict[str, Any] = {
        "nodeId": "box-1",
        "version": "0.2.0",
        "status": "ok",
        "uptimeS": 75.0,
        "ollama": {"reachable": True},
        "queue": {
            "globalQueued": 0,
            "globalRunning": 0,
            "globalMaxConcurrent": 3,
            "globalMaxQueued": 100,
            "byModel": [
                {"model": VIBE, "queued": 0, "running": 0, "concurrency": 2},
                {"model": QWEN, "queued": 0, "running": 0, "concurrency": 1},
                {"model": GPT, "queued": 0, "running": 0, "concurrency": 1},
            ],
        },
        "gpu": {"provider": "nvidia", "available": True, "source": "config", "vramTotalMb": 20480},
        "loadedModels": [],
        "residency": {"strategy": "residency", "totalMb": 20480.0, "resident": []},
        "jobs": {"queued": 0, "running": 0, "succeeded": 0},
        "config": {
            "models": [
                {"name": VIBE, "sizeGb": 3.6},
                {"name": QWEN, "sizeGb": 4.7},
                {"name": GPT, "sizeGb": 14.0},
            ]
        },
    }
    return {**base, **sections}


def queue(**by_model: tuple[int, int]) -> dict[str, Any]:
    """The queue section with (running, queued) for the models named by key:
    ``vibe``, ``qwen``, ``gpt``."""
    names = {"vibe": VIBE, "qwen": QWEN, "gpt": GPT}
    concurrency = {VIBE: 2, QWEN: 1, GPT: 1}
    rows = []
    for key, name in names.items():
        running, queued = by_model.get(key, (0, 0))
        rows.append(
            {"model": name, "running": running, "queued": queued, "concurrency": concurrency[name]}
        )
    return {
        "globalQueued": sum(r["queued"] for r in rows),
        "globalRunning": sum(r["running"] for r in rows),
        "globalMaxConcurrent": 3,
        "globalMaxQueued": 100,
        "byModel": rows,
    }


def ps(name: str, size_gb: float, vram_gb: float, configured: str | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "sizeBytes": int(size_gb * GIB),
        "sizeVramBytes": int(vram_gb * GIB),
        "configuredName": configured,
    }


def resident(name: str, vram_mb: float, **flags: Any) -> dict[str, Any]:
    return {"model": name, "vramMb": vram_mb, "running": 0, "queued": 0, "loading": False,
            "split": False, **flags}  # fmt: skip


def row_of(rows: list[ModelRow], name: str) -> ModelRow:
    return next(row for row in rows if row.name == name)


@pytest.mark.parametrize(
    ("changes", "name", "state", "vram_mb", "running", "queued"),
    [
        pytest.param({}, QWEN, "not loaded", None, 0, 0, id="configured only"),
        pytest.param(
            {"loadedModels": [ps(f"{QWEN}", 4.7, 4.7, configured=QWEN)]},
            QWEN, "idle", 4.7 * 1024, 0, 0, id="loaded on the GPU",
        ),
        pytest.param(
            {"loadedModels": [ps(GPT, 14, 9.8, configured=GPT)], "queue": queue(gpt=(1, 0))},
            GPT, "split, busy", 9.8 * 1024, 1, 0, id="loaded split and running",
        ),
        pytest.param(
            {"loadedModels": [ps(QWEN, 4.7, 0, configured=QWEN)], "queue": queue(qwen=(1, 0))},
            QWEN, "on CPU, busy", 0, 1, 0, id="all in system RAM",
        ),
        pytest.param(
            {"residency": {"resident": [resident(GPT, 9000, split=True)]}},
            GPT, "split", 9000, 0, 0, id="split as the residency sees it",
        ),
        pytest.param(
            {"residency": {"resident": [resident(QWEN, 4800, loading=True)]}},
            QWEN, "loading", 4800, 0, 0, id="being loaded",
        ),
        pytest.param(
            {"queue": queue(vibe=(2, 3))}, VIBE, "busy", None, 2, 3,
            id="running before the live state caught up",
        ),
        pytest.param(
            {"loadedModels": [ps(VIBE, 3.6, 3.6, configured=VIBE)], "queue": queue(vibe=(2, 1))},
            VIBE, "busy", 3.6 * 1024, 2, 1, id="busy with a queue",
        ),
    ],
)  # fmt: skip
def test_model_rows(
    changes: dict[str, Any],
    name: str,
    state: str,
    vram_mb: float | None,
    running: int,
    queued: int,
) -> None:
    row = row_of(model_rows(status(**changes)), name)
    assert row.configured
    assert row.state == state
    assert row.vram_mb == (pytest.approx(vram_mb, abs=0.01) if vram_mb is not None else None)
    assert (row.running, row.queued) == (running, queued)


def test_model_rows_keep_config_order_and_add_models_nobody_configured() -> None:
    loaded = [ps("llama3.2:3b", 2.0, 2.0), ps(f"{VIBE}", 3.6, 3.6, configured=VIBE)]
    rows = model_rows(status(loadedModels=loaded))
    assert [row.name for row in rows] == [VIBE, QWEN, GPT, "llama3.2:3b"]
    stranger = rows[-1]
    assert (stranger.configured, stranger.size_gb, stranger.state) == (False, None, "idle")
    assert rows[0].concurrency == 2


@pytest.mark.parametrize(
    ("gpu", "residency", "loaded", "expected"),
    [
        pytest.param(
            {"available": True, "source": "nvml", "vramTotalMb": 20000, "vramUsedMb": 5000},
            {}, [], (5000, 20000, "measured (nvml)"), id="measured",
        ),
        pytest.param(
            {"available": True, "source": "config", "vramTotalMb": 20480},
            {"totalMb": 20480, "foreignMb": 500, "resident": [resident(VIBE, 3600)]},
            [], (4100, 20480, "estimated (no GPU monitor)"), id="residency and foreign use",
        ),
        pytest.param(
            {"available": True, "source": "config", "vramTotalMb": 8192},
            {"strategy": "static"}, [ps(QWEN, 4.7, 2.0)],
            (2048, 8192, "estimated (no GPU monitor)"), id="no residency: Ollama's ps",
        ),
        pytest.param(
            {"available": False}, {"totalMb": 16000, "resident": []}, [],
            (0, 16000, "estimated (no GPU monitor)"), id="no snapshot: the residency total",
        ),
        pytest.param({"available": False}, {}, [], None, id="no total anywhere"),
        pytest.param(
            {"available": True, "source": "nvml", "vramTotalMb": 0}, {}, [], None,
            id="a monitor that reports no total",
        ),
    ],
)  # fmt: skip
def test_vram_use(
    gpu: dict[str, Any],
    residency: dict[str, Any],
    loaded: list[dict[str, Any]],
    expected: tuple[float, float, str] | None,
) -> None:
    use = vram_use(status(gpu=gpu, residency=residency, loadedModels=loaded))
    if expected is None:
        assert use is None
    else:
        assert use is not None
        assert (round(use.used_mb), use.total_mb, use.source) == expected


def test_vram_line_draws_a_bar_for_each_of_several_gpus() -> None:
    devices = [
        {"index": 0, "name": "RTX A", "vramTotalMb": 24000, "vramUsedMb": 12000},
        {"index": 1, "name": "RTX B", "vramTotalMb": 16000, "vramUsedMb": 0},
    ]
    gpu = {"available": True, "source": "nvml", "vramTotalMb": 40000, "vramUsedMb": 12000,
           "utilizationPct": 35, "devices": devices}  # fmt: skip
    lines = [line.split() for line in vram_line(status(gpu=gpu)).plain.splitlines()]
    assert lines == [
        ["VRAM", "█" * 9 + "░" * 21, "12,000", "/", "40,000", "MB", "(30%)", "·", "GPU", "35%",
         "·", "measured", "(nvml)"],
        ["GPU", "0", "█" * 14 + "░" * 14, "12,000", "/", "24,000", "MB", "·", "RTX", "A"],
        ["GPU", "1", "░" * 28, "0", "/", "16,000", "MB", "·", "RTX", "B"],
    ]  # fmt: skip
    one = {**gpu, "devices": devices[:1]}
    assert len(vram_line(status(gpu=one)).plain.splitlines()) == 1
    assert vram_line(status(gpu={"available": False}, residency={})).plain == (
        "VRAM no VRAM total known"
    )


@pytest.mark.parametrize(
    ("fraction", "filled"), [(0.0, 0), (0.5, 15), (0.999, 30), (1.7, 30), (-1.0, 0)]
)
def test_bar(fraction: float, filled: int) -> None:
    drawn = bar(fraction).plain
    assert (drawn.count("█"), len(drawn)) == (filled, 30)


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0 s"), (59.4, "59 s"), (75, "1 min"), (3600 * 2 + 120, "2 h 2 min")]
)
def test_uptime(seconds: float, shown: str) -> None:
    assert uptime(seconds) == shown


NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("frame", "line"),
    [
        pytest.param(
            Frame("http://r:1", NOW, error="cannot reach the router at http://r:1: refused"),
            "error: cannot reach the router at http://r:1: refused · retrying every 1 s · q quits",
            id="never reached",
        ),
        pytest.param(
            Frame("http://r:1", NOW, 2, updated_at=NOW - 12, error="the router answered 401"),
            "error: the router answered 401 · retrying every 2 s · last update 12 s ago · q quits",
            id="failing after answers",
        ),
        pytest.param(
            Frame("http://r:1", NOW, error="the router answered 401", live=False),
            "error: the router answered 401", id="a snapshot's error",
        ),
        pytest.param(
            Frame("http://r:1", NOW, updated_at=NOW, error="the router answered 403", live=False),
            "error: the router answered 403", id="a snapshot's partial answer",
        ),
        pytest.param(Frame("http://r:1", NOW), "connecting to http://r:1 … · q quits", id="first"),
        pytest.param(
            Frame("http://r:1", NOW, updated_at=NOW, interval_s=0.5),
            f"updated {time.strftime('%H:%M:%S', time.localtime(NOW))} · every 0.5 s · q quits",
            id="fresh",
        ),
    ],
)  # fmt: skip
def test_status_line(frame: Frame, line: str) -> None:
    assert status_line(frame).plain == line


def test_header_names_node_state_ollama_uptime_and_url() -> None:
    answer = status(status="degraded", ollama={"reachable": False}, uptimeS=4000)
    line = header(Frame("http://gpu:11435", NOW, status=answer)).plain
    assert line == (
        "router box-1 degraded · Ollama unreachable · up 1 h 6 min · v0.2.0 at http://gpu:11435"
    )
    assert header(Frame("http://gpu:11435", NOW)).plain == "router at http://gpu:11435"


def decision(**fields: Any) -> dict[str, Any]:
    row = {"time": NOW, "taskType": "code_fix", "model": QWEN, "servedBy": QWEN,
           "decision": "sync", "status": 200, "ms": 1234.4}  # fmt: skip
    return {**row, **fields}


def test_decisions_table_shows_time_task_model_and_fallbacks() -> None:
    rows = [
        decision(),
        decision(taskType="agentic_reasoning", model=GPT, servedBy=QWEN, status=502),
        decision(taskType="tool_use", model=None, servedBy=None, decision="reject", status=503),
        decision(taskType="summarize"),
    ]
    lines = [line.split() for line in text(decisions_table(rows, limit=3)).splitlines()]
    clock = time.strftime("%H:%M:%S", time.localtime(NOW))
    assert [clock, "code_fix", QWEN, "sync", "200", "1,234"] in lines
    assert [clock, "agentic_reasoning", GPT, "→", QWEN, "sync", "502", "1,234"] in lines
    assert [clock, "tool_use", "-", "reject", "503", "1,234"] in lines
    assert not any("summarize" in line for line in lines)  # beyond the limit
    assert "no routed requests yet" in text(decisions_table([], limit=3))


def test_jobs_line_lists_every_status_and_any_new_one() -> None:
    line = jobs_line(status(jobs={"running": 2, "failed": 1, "paused": 4})).plain
    assert line == (
        "Jobs queued 0 · running 2 · succeeded 0 · failed 1 · cancelled 0 · expired 0 · paused 4"
    )


def test_render_a_whole_view() -> None:
    answer = status(
        loadedModels=[ps(VIBE, 3.6, 3.6, configured=VIBE), ps(GPT, 14, 9, configured=GPT)],
        queue=queue(vibe=(2, 1), gpt=(1, 0)),
        jobs={"queued": 1, "running": 1, "succeeded": 5},
    )
    frame = Frame("http://r:1", NOW, status=answer, decisions=[decision()], updated_at=NOW)
    lines = [line.split() for line in text(render(frame)).splitlines()]
    assert [VIBE, "3.6", "GB", "busy", "3,686", "MB", "2/2", "1"] in lines
    assert [GPT, "14", "GB", "split,", "busy", "9,216", "MB", "1/1", "0"] in lines
    assert [QWEN, "4.7", "GB", "not", "loaded", "-", "0/1", "0"] in lines
    assert ["all", "models", "3/3", "1/100"] in lines
    assert ["VRAM", "█" * 19 + "░" * 11, "12,902", "/", "20,480", "MB", "(63%)", "·", "estimated",
            "(no", "GPU", "monitor)"] in lines  # fmt: skip
    assert ["Jobs", "queued", "1", "·", "running", "1", "·", "succeeded", "5", "·", "failed", "0",
            "·", "cancelled", "0", "·", "expired", "0"] in lines  # fmt: skip
    assert any("code_fix" in line for line in lines)


def test_render_before_any_answer_is_the_header_and_the_error() -> None:
    frame = Frame("http://r:1", NOW, error="cannot reach the router at http://r:1: refused")
    assert text(render(frame)).splitlines() == [
        "router at http://r:1",
        "error: cannot reach the router at http://r:1: refused · retrying every 1 s · q quits",
    ]


@pytest.mark.parametrize(("rows", "shown"), [([decision()], "code_fix"), ([], "no routed")])
def test_decisions_without_status_are_still_drawn(rows: list[Any], shown: str) -> None:
    """A key without the runtime-agent scope reads decisions but not the status."""
    frame = Frame("http://r:1", NOW, decisions=rows, updated_at=NOW, error="403")
    drawn = text(render(frame))
    assert shown in drawn
    assert "Models" not in drawn


@pytest.mark.parametrize(
    "junk",
    [
        {},
        {"queue": "busy", "config": 5, "loadedModels": "none", "residency": [], "gpu": None},
        {"queue": {"byModel": [1, None, {"model": QWEN, "running": "x"}]}, "jobs": []},
        {"config": {"models": [{"name": QWEN, "sizeGb": "big"}]}, "uptimeS": "long"},
        {"loadedModels": [{"name": None}], "residency": {"resident": [{"vramMb": None}]}},
    ],
)
def test_render_never_fails_on_an_unexpected_answer(junk: dict[str, Any]) -> None:
    rows = [{"time": "x", "ms": None}, {"time": 1e300, "status": "teapot", "model": 5}]
    frame = Frame("http://r:1", NOW, status=junk, decisions=rows)
    assert "router" in text(render(frame))


def test_sessions_table_lists_active_agent_sessions() -> None:
    assert sessions_table({"residency": {}}) is None
    status = {
        "residency": {
            "sessions": {
                "active": [
                    {"id": "0123456789abcdef", "model": "qwen2.5-coder:7b",
                     "taskType": "code_fix", "turns": 7, "moves": 1, "promptTokens": 24000}
                ]
            }
        }
    }  # fmt: skip
    table = sessions_table(status)
    assert table is not None
    shown = text(table)
    assert "01234567" in shown
    assert "qwen2.5-coder:7b" in shown
    assert "24,000" in shown


def node(node_id: str, state: str = "ok", **fields: Any) -> dict[str, Any]:
    """A node as a gateway's status lists it (``FleetState.as_dict``)."""
    row: dict[str, Any] = {
        "id": node_id, "url": "http://10.0.0.1:11435", "status": state, "reason": None,
        "weight": 1.0, "snapshotAgeMs": 250, "configDigest": "abc", "models": [QWEN],
        "loadedModels": [], "queues": queue(), "failures": 0,
        "gpu": {"source": "config", "vramTotalMb": 20480, "vramUsedMb": 0},
    }  # fmt: skip
    return {**row, **fields}


def gateway(*nodes: dict[str, Any]) -> dict[str, Any]:
    """A gateway's status: no models, no Ollama, no GPU of its own; its nodes."""
    return status(
        nodeId="gateway",
        fleet={"nodes": list(nodes)},
        config={"models": []},
        queue={"globalQueued": 0, "globalRunning": 0, "byModel": []},
        gpu={"provider": "none", "available": False},
        residency={"strategy": "residency", "totalMb": 0.0, "resident": []},
    )


def test_a_plain_node_has_no_fleet() -> None:
    assert fleet_nodes(status()) is None
    drawn = text(render(Frame("http://r:1", NOW, status=status(), updated_at=NOW)))
    assert "Nodes" not in drawn
    assert "Ollama reachable" in drawn


def test_a_gateway_draws_its_nodes_instead_of_vram_and_models() -> None:
    big = node(
        "node-big",
        loadedModels=[ps(GPT, 14, 14, configured=GPT), ps(QWEN, 4.7, 4.7, configured=QWEN)],
        queues=queue(gpt=(1, 2), qwen=(1, 0)),
        gpu={"source": "config", "vramTotalMb": 49140},
        snapshotAgeMs=120,
    )
    small = node("node-small-1", loadedModels=[ps(VIBE, 3.6, 3.6, configured=VIBE)])
    down = node(
        "node-small-2", "unavailable", snapshotAgeMs=4200, loadedModels=[ps(QWEN, 4.7, 4.7)],
        reason="node node-small-2 unreachable: connection refused",
    )  # fmt: skip
    never = node("node-new", "unknown", snapshotAgeMs=None)
    frame = Frame("http://gw:8080", NOW, status=gateway(big, small, down, never), updated_at=NOW)
    drawn = text(render(frame), width=80)
    lines = [line.split() for line in drawn.splitlines()]
    assert max(map(len, drawn.splitlines())) <= 80
    assert "fleet 2/4 nodes up" in drawn
    assert "Ollama" not in drawn
    assert "VRAM █" not in drawn
    assert "Models and queues" not in drawn
    assert ["node-big", "ok", "0.1", "s", "18.7/48", "2", "2", GPT] in lines
    assert [QWEN] in lines  # one loaded model a line
    assert ["node-small-1", "ok", "0.2", "s", "3.6/20", "0", "0", VIBE] in lines  # unfolded
    # a node that is down: its age, nothing from its stale snapshot, and why
    assert ["node-small-2", "down", "4.2", "s", "-", "-", "-", "-"] in lines
    assert "node-small-2 unavailable: node node-small-2 unreachable: connection refused" in drawn
    assert ["node-new", "unknown", "-", "-", "-", "-", "-"] in lines
    assert "node-new unknown: not polled yet" in drawn


def test_a_gateways_nodes_read_defensively() -> None:
    junk = {"fleet": {"nodes": [{"id": "n", "queues": "x", "gpu": 5, "loadedModels": None}, 7]}}
    assert [n.id for n in fleet_nodes(junk) or []] == ["n"]
    assert "router" in text(render(Frame("http://r:1", NOW, status=junk)))
