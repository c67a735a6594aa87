"""``oar classify`` through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ollama_agent_router", "classify", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def line(request_id: object, text: str, **extra: object) -> str:
    return json.dumps({"id": request_id, "messages": [{"role": "user", "content": text}], **extra})


def test_classifies_json_lines_from_a_file(tmp_path: Path) -> None:
    source = tmp_path / "requests.jsonl"
    source.write_text(
        "\n".join(
            [
                line("a", "hello!"),
                "",
                line(2, "Write a Rust function that reverses a string."),
                line(
                    "t",
                    "make it warmer",
                    tools=[{"type": "function", "function": {"name": "set_heat"}}],
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = run(str(source))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", 2, "t"]
    assert [r["taskType"] for r in rows] == ["simple_chat", "code_generate", "tool_use"]
    assert all(r["mode"] == "enhanced" and 0 < r["confidence"] <= 1 for r in rows)
    assert set(rows[0]) == {"id", "taskType", "confidence", "mode"}


def test_reads_stdin_and_honours_mode() -> None:
    result = run("--mode", "heuristic", "-", stdin=line(1, "summarize this please") + "\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "id": 1,
        "taskType": "summarize",
        "confidence": 0.86,
        "mode": "heuristic",
    }


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "line 2: invalid JSON"),
        ('["a list"]', "line 2: expected a JSON object"),
        ('{"id": 1, "messages": "hi"}', "line 2: 'messages' must be a list"),
        ('{"id": 1, "messages": [], "tools": {}}', "line 2: 'tools' must be a list"),
    ],
)
def test_bad_line_is_named_and_exit_is_non_zero(bad: str, message: str) -> None:
    result = run("-", stdin=line(1, "hi") + "\n" + bad + "\n")
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unknown_mode_and_missing_file_fail_cleanly(tmp_path: Path) -> None:
    unknown = run("--mode", "psychic", "-", stdin="")
    assert unknown.returncode != 0
    assert "psychic" in unknown.stderr
    missing = run(str(tmp_path / "nope.jsonl"))
    assert missing.returncode != 0
    assert "cannot read" in missing.stderr
