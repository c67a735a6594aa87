"""``oar route``: the offline dry-run command, its rendering and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from tests.routing.routing_helpers import EXAMPLES
from typer.testing import CliRunner

from ollama_agent_router.cli import app
from ollama_agent_router.cli.route import render_dry_run

GEX = str(EXAMPLES / "gex44.yaml")
BASE = ["route", "--config", GEX, "--classifier", "heuristic", "--strategy", "reference"]
PLAN = "Plan a multi-step migration from MySQL to Postgres"
runner = CliRunner()


def run_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, [*BASE, "--json", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_json_output_is_the_dry_run_form() -> None:
    data = run_json("Fix this Python function, it throws an exception")
    assert set(data) == {"classification", "options", "route", "load", "candidates", "decision"}
    decision = data["decision"]
    assert isinstance(decision, dict)
    assert decision["model"] == "qwen2.5-coder:7b"
    assert decision["reason"] == "Selected qwen2.5-coder:7b for code_fix with score 270.0"


def test_global_json_flag_works_too() -> None:
    result = runner.invoke(app, ["--json", *BASE, "hi"])
    assert json.loads(result.stdout)["classification"]["taskType"] == "simple_chat"


def test_state_flags_shape_the_decision() -> None:
    data = run_json(
        "--loaded",
        "gpt-oss:20b",
        "--free-mb",
        "4000",
        "--running",
        "gpt-oss:20b=1",
        "--queued",
        "gpt-oss:20b=2",
        PLAN,
    )
    decision = data["decision"]
    assert isinstance(decision, dict)
    assert (decision["type"], decision["model"], decision["position"]) == (
        "async",
        "gpt-oss:20b",
        3,
    )


def test_split_and_gpu_only_flags() -> None:
    data = run_json("--split", "deepseek-coder:6.7b", "Can you review this pull request?")
    assert data["decision"]["model"] == "qwen2.5-coder:7b"  # type: ignore[index]
    data = run_json(
        "--no-gpu-only", "--split", "deepseek-coder:6.7b", "Can you review this pull request?"
    )
    assert data["decision"]["model"] == "deepseek-coder:6.7b"  # type: ignore[index]


def test_router_flags() -> None:
    data = run_json(
        "--task",
        "planning",
        "--priority",
        "high",
        "--mode",
        "sync",
        "--prefer",
        "qwen2.5-coder:7b",
        "--forbid",
        "deepseek-coder:6.7b",
        "anything",
    )
    options = data["options"]
    assert isinstance(options, dict)
    assert options["taskType"] == "planning"
    assert options["priority"] == "high"
    # qwen preferred: 100 + 80 + 70 + 25 = 275 still loses to gpt-oss: 100 + 50 + 95 + 25 + 9
    assert data["candidates"][0]["model"] == "qwen2.5-coder:7b"  # type: ignore[index]
    assert data["decision"]["model"] == "gpt-oss:20b"  # type: ignore[index]
    assert data["decision"]["score"] == 279.0  # type: ignore[index]


def test_plain_and_util_and_model_flags() -> None:
    data = run_json("--plain", "--util", "99", "hello")
    assert data["decision"]["type"] == "sync"  # type: ignore[index]
    data = run_json("--util", "99", "hello")
    assert data["decision"]["type"] == "async"  # type: ignore[index]
    data = run_json("--model", "auto:summarize", "hello")
    assert data["classification"]["mode"] == "explicit"  # type: ignore[index]


def test_human_output_shows_table_and_decision() -> None:
    result = runner.invoke(app, [*BASE, "--free-mb", "8000", PLAN])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "agentic_reasoning" in out
    assert "gpt-oss:20b" in out
    assert "blocked gpu_only" in out
    assert "SYNC (200) qwen2.5-coder:7b" in out
    assert "fallbacks: gpt-oss:20b (blocked)" in out


BAD = [
    (["--priority", "urgent"], "--priority: must be one of low, normal, high"),
    (["--task", "coding"], "--task: must be auto or one of"),
    (["--mode", "later"], "--mode: must be one of auto, sync, async"),
    (["--model", "gpt-4o"], "The model 'gpt-4o' does not exist; valid names: auto"),
    (["--queued", "qwen2.5-coder:7b"], "--queued: expected MODEL=COUNT"),
    (["--running", "qwen2.5-coder:7b=two"], "--running: expected MODEL=COUNT"),
    (["--loaded", "llama3"], "--loaded: unknown model 'llama3'"),
    (["--queued", "ghost=1"], "--queued: unknown model 'ghost'"),
    (["--free-mb", "-5"], "--free-mb: must be ≥ 0"),
    (["--util", "120"], "--util: must be between 0 and 100"),
    (["--plain", "--priority", "high"], "--plain: a plain client sends no router options"),
    (["--classifier", "telepathy"], "classification mode 'telepathy' is not available"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_flags_give_one_line_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, [*BASE, *args, "hello"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_config_is_one_line() -> None:
    result = runner.invoke(app, ["route", "--config", "/nonexistent.yaml", "hi"])
    assert result.exit_code == 1
    assert "file not found" in result.stderr


def test_render_takes_plain_data() -> None:
    data = run_json("--running", "B-A-M-N/vibethinker:1.5b=2", "--util", "99", "hello")
    console = Console(record=True, width=120)
    render_dry_run(data, console)
    text = console.export_text()
    assert "heavy" in text
    assert "ASYNC (202)" in text
    assert "queue position 1" in text


@pytest.mark.slow
def test_real_subprocess(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ollama_agent_router", *BASE, "--json", "Summarize this thread"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["decision"]["model"] == "B-A-M-N/vibethinker:1.5b"
    assert data["decision"]["score"] == 265.0


def test_without_any_config_it_asks_the_running_router(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    if Path("/etc/ollama-agent-router/config.yaml").exists():
        pytest.skip("a system-wide config exists on this machine")
    result = runner.invoke(app, ["--url", "http://127.0.0.1:9", "route", "fix this bug"])
    assert result.exit_code == 1
    assert "cannot reach the router at http://127.0.0.1:9" in result.output
    result = runner.invoke(app, ["route", "fix this bug"])
    assert result.exit_code == 1
    assert "router" in result.output  # asked the default URL, not a missing config
    assert "no config file found" not in result.output
