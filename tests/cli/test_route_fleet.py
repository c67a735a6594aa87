"""``oar route`` showing a fleet gateway's dry-run: every node's own decision and top
candidates, the nodes skipped, the winner; plain data in, text out."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from ollama_agent_router.cli.route import render_dry_run

QWEN, DEEPSEEK, GPT = "qwen2.5-coder:7b", "deepseek-coder:6.7b", "gpt-oss:20b"
TASK = {"taskType": "code_fix", "mode": "heuristic", "confidence": 0.8, "complexity": "medium",
        "estimatedTokens": 12}  # fmt: skip


def candidate(model: str, rank: int | None, score: float) -> dict[str, Any]:
    return {
        "model": model, "source": "route", "rank": rank, "score": score, "blocks": [],
        "estimate": {"waitSlotMs": 0, "waitRoomMs": 0, "loadMs": 2400, "promptMs": 10,
                     "generateMs": 7500, "penaltyMs": 0,
                     "residency": {"placement": "fits", "waitFor": [], "evict": []}},
    }  # fmt: skip


def decision(model: str | None, reason: str, **fields: Any) -> dict[str, Any]:
    row = {"type": "sync", "status": 200, "model": model, "score": -0.5, "reason": reason,
           "position": None, "fallbackModels": [], "blockedFallbackModels": []}  # fmt: skip
    return {**row, **fields}


def node_run(*candidates: dict[str, Any]) -> dict[str, Any]:
    best = next(c for c in candidates if c["rank"] == 1)
    return {
        "classification": TASK,
        "route": "code_fix",
        "load": {"heavy": False, "reasons": [], "freeVramMb": 20480.0, "gpuSnapshot": True},
        "candidates": list(candidates),
        "decision": decision(
            best["model"], f"Selected {best['model']} for code_fix", score=best["score"]
        ),
    }


def shown(data: dict[str, Any]) -> str:
    console = Console(record=True, width=80, color_system=None)
    render_dry_run(data, console)
    return console.export_text()


def test_every_node_its_top_candidates_the_skipped_and_the_winner() -> None:
    data = {
        "node": "node-b",
        "decision": decision(
            f"{QWEN}@node-b", "Selected qwen2.5-coder:7b for code_fix (node node-b)",
            fallbackModels=[f"{QWEN}@node-a"],
        ),
        "classification": TASK,
        "nodes": {
            "node-a": node_run(
                candidate(QWEN, 1, -16.9), candidate(DEEPSEEK, 2, -19.0),
                candidate(GPT, 3, -30.0), candidate("B-A-M-N/vibethinker:1.5b", 4, -40.0),
                candidate("tiny", None, 0.0),
            ),
            "node-b": node_run(candidate(QWEN, 1, -0.5)),
        },
        "skipped": {"node-c": "node node-c unreachable: connection refused"},
    }  # fmt: skip
    text = shown(data)
    lines = text.splitlines()
    assert max(map(len, lines)) <= 80
    assert lines[0].startswith("Task code_fix")
    assert "Fleet 2 nodes evaluated, 1 skipped; the soonest finish wins" in text
    assert "Node node-a\n" in text
    assert "Node node-b  ← chosen" in text
    assert GPT in text  # the third of node-a
    assert "vibethinker" not in text  # beyond the top three
    assert "2 more candidates" in text  # the fourth and the one that cannot serve
    assert "→ SYNC qwen2.5-coder:7b  score -16.9" in text
    assert "node-c skipped: node node-c unreachable: connection refused" in text
    assert "Decision SYNC (200) qwen2.5-coder:7b@node-b  score -0.5" in text
    assert "fallbacks: qwen2.5-coder:7b@node-a" in text
    assert text.index("Node node-a") < text.index("node-c skipped") < text.index("Decision")


def test_a_fleet_with_no_node_to_ask_still_says_why() -> None:
    data = {
        "node": None,
        "decision": decision(None, "no node is available", type="reject", status=503),
        "classification": None,
        "nodes": {},
        "skipped": {"node-a": "unavailable", "node-b": "unavailable"},
    }
    text = shown(data)
    assert "Fleet 0 nodes evaluated, 2 skipped" in text
    assert "node-a skipped: unavailable" in text
    assert "Decision REJECT (503) -" in text
    assert "Task" not in text
