"""`oar validate-config` and `oar init`: summaries, one-line errors, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ollama_agent_router.cli import app
from ollama_agent_router.config import load_config

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()

MODEL = "models:\n  - {name: m, sizeGb: 1}\n"
HASH = "sha256:" + "a" * 64

BROKEN = [
    # (label, yaml text or None for "missing file", dotted key expected in the message)
    ("yaml syntax", "models: [\n  - name: a\n", "YAML syntax error"),
    ("empty file", "", "the file is empty"),
    ("top level list", "- a\n- b\n", "top level must be a mapping"),
    ("missing file", None, "file not found"),
    ("no models", "server: {port: 1}\n", "models: at least one model"),
    ("empty models", "models: []\n", "models:"),
    ("size not positive", "models:\n  - {name: m, sizeGb: 0}\n", "models[0].sizeGb:"),
    ("size wrong type", "models:\n  - {name: m, sizeGb: big}\n", "models[0].sizeGb:"),
    ("unknown top key", MODEL + "servre: {}\n", "servre: unknown key"),
    ("unknown deep key", MODEL + "gpu:\n  monitor: {intervalMS: 5}\n", "gpu.monitor.intervalMS:"),
    ("unknown model key", "models:\n  - {name: m, sizeGb: 1, prio: 3}\n", "models[0].prio:"),
    ("route to unknown model", MODEL + "routes: {code_fix: [m, ghost]}\n", "code_fix:ghost"),
    ("bad node id", MODEL + "server: {nodeId: 'node a'}\n", "server.nodeId:"),
    ("bad body limit", MODEL + "server: {requestBodyLimit: 4tb}\n", "server.requestBodyLimit:"),
    ("port out of range", MODEL + "server: {port: 70000}\n", "server.port:"),
    ("bad base path", MODEL + "server: {basePath: router}\n", "server.basePath:"),
    ("https without cert", MODEL + "server: {https: {enabled: true}}\n", "server.https.certPath:"),
    (
        "admin without managed path",
        MODEL + f"access:\n  admin: {{enabled: true, apiKeyHashes: ['{HASH}']}}\n",
        "access.managedConfigPath:",
    ),
    (
        "admin without hashes",
        MODEL + "access:\n  managedConfigPath: m.yaml\n  admin: {enabled: true}\n",
        "access.admin.apiKeyHashes:",
    ),
    (
        "client cert without https",
        MODEL
        + "access:\n  managedConfigPath: m.yaml\n"
        + f"  admin: {{enabled: true, apiKeyHashes: ['{HASH}'], clientCert: {{required: true}}}}\n",
        "access.admin.clientCert.required:",
    ),
    ("bad cidr", MODEL + "access:\n  admin: {allowedIps: [10.0.0.0/40]}\n", "allowedIps[0]:"),
    (
        "bad key hash",
        MODEL
        + "access:\n  managed:\n    apiKeys: [{id: k, keyHash: 'abc', scopes: [standalone]}]\n",
        "access.managed.apiKeys[0].keyHash:",
    ),
    (
        "bad cost class",
        "models:\n  - {name: m, sizeGb: 1, costClass: huge}\n",
        "models[0].costClass:",
    ),
    ("bad mode", MODEL + "router: {defaultMode: later}\n", "router.defaultMode:"),
    (
        "model mode without model",
        MODEL + "router: {classification: {mode: model}}\n",
        "router.classification.optionalClassifierModel:",
    ),
    (
        "cascade mode without model",
        MODEL + "router: {classification: {mode: cascade}}\n",
        "router.classification.optionalClassifierModel:",
    ),
    (
        "cascade threshold out of range",
        MODEL + "router: {classification: {cascadeThreshold: 1.0}}\n",
        "router.classification.cascadeThreshold:",
    ),
    ("bad keep alive", MODEL + "ollama: {keepAlive: soon}\n", "ollama.keepAlive:"),
    ("bad ollama url", MODEL + "ollama: {baseUrl: 'localhost:11434'}\n", "ollama.baseUrl:"),
    ("bad priority", MODEL + "queue: {defaultPriority: urgent}\n", "queue.defaultPriority:"),
    (
        "duplicate model",
        "models:\n  - {name: m, sizeGb: 1}\n  - {name: m, sizeGb: 2}\n",
        "models[1].name: duplicate",
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_configs_fail_with_one_line_naming_the_key(
    tmp_path: Path, label: str, text: str | None, expected: str
) -> None:
    path = tmp_path / "config.yaml"
    if text is not None:
        path.write_text(text)
    result = runner.invoke(app, ["validate-config", "--config", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    output = result.output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines, label
    assert all(line.startswith(f"error: {path}") for line in lines), output
    assert any(expected in line for line in lines), output


def test_every_problem_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("models:\n  - {name: m, sizeGb: -1, bogus: 1}\nserver: {nodeId: 'a b'}\n")
    result = runner.invoke(app, ["validate-config", "-c", str(path)])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 3


def test_valid_config_prints_a_summary() -> None:
    result = runner.invoke(app, ["validate-config", "--config", str(EXAMPLES / "gex44.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 4 models, 13 routes, node gex44-a")
    assert "code_review" in result.output


def test_valid_config_as_json() -> None:
    result = runner.invoke(app, ["--json", "validate-config", "-c", str(EXAMPLES / "minimal.yaml")])
    assert result.exit_code == 0
    assert '"ok": true' in result.output


def test_real_process_reports_errors_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("models: [{name: m, sizeGb: nope}]\n")
    proc = subprocess.run(
        [sys.executable, "-m", "ollama_agent_router", "validate-config", "--config", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"error: {path}: models[0].sizeGb: Input should be a valid number, "
        "unable to parse string as a number (got 'nope')"
    ]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("ollama-agent-router ")


def test_init_writes_a_valid_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "oar.yaml"
    first = runner.invoke(app, ["init", "--output", str(target)])
    assert first.exit_code == 0, first.output
    check = runner.invoke(app, ["validate-config", "--config", str(target)])
    assert check.exit_code == 0, check.output
    before = target.read_text()
    second = runner.invoke(app, ["init", "--output", str(target)])
    assert second.exit_code == 1
    assert "already exists" in second.output
    assert target.read_text() == before


def test_the_starter_config_asks_a_listed_small_model_when_unsure(tmp_path: Path) -> None:
    target = tmp_path / "oar.yaml"
    assert runner.invoke(app, ["init", "--output", str(target)]).exit_code == 0
    config = load_config(target)
    classification = config.router.classification
    assert classification.mode == "cascade"
    assert classification.optional_classifier_model in {m.name for m in config.models}
    assert 0 < classification.cascade_threshold < 1
