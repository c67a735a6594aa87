"""Loading and validating configs: examples, defaults, paths, environment, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ollama_agent_router.config import ConfigError, load_config, ollama_host_url, parse_config
from ollama_agent_router.config.loader import find_config

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ONE_MODEL = {"models": [{"name": "m:1b", "sizeGb": 1.0}]}


@pytest.mark.parametrize("name", ["gex44.yaml", "gex44-secured.yaml", "minimal.yaml"])
def test_examples_validate(name: str) -> None:
    config = load_config(EXAMPLES / name, env={})
    assert config.models


def test_gex44_matches_the_spec() -> None:
    config = load_config(EXAMPLES / "gex44.yaml", env={})
    assert config.server.node_id == "gex44-a"
    assert (config.gpu.vram_total_mb, config.gpu.vram_safety_reserve_mb) == (20480, 1536)
    assert config.gpu.max_gpu_utilization_pct == 92
    assert config.gpu.require_gpu_only_by_default is True
    assert (
        config.router.heavy_load_queue_depth,
        config.router.heavy_load_gpu_free_mb_threshold,
    ) == (
        3,
        3072,
    )
    assert (config.queue.global_max_concurrent, config.queue.global_max_queued) == (3, 100)
    assert (config.queue.per_user_max_queued, config.queue.timeout_ms) == (20, 180000)
    gpt = config.model("gpt-oss:20b")
    assert gpt is not None
    assert (gpt.size_gb, gpt.priority, gpt.exclusive, gpt.allow_when_busy) == (
        14.0,
        95,
        True,
        False,
    )
    assert config.routes["code_review"] == ["deepseek-coder:6.7b", "qwen2.5-coder:7b"]
    assert len(config.routes) == 13


def test_defaults_follow_the_spec() -> None:
    config = parse_config(ONE_MODEL)
    assert (config.server.host, config.server.port, config.server.base_path) == (
        "127.0.0.1",
        11435,
        "/",
    )
    assert config.server.request_body_limit_bytes == 4 * 1024 * 1024
    assert config.ollama.base_url == "http://127.0.0.1:11434"
    assert config.router.sync_max_queue_time_ms == 250
    assert config.router.classification.mode == "enhanced"
    assert config.jobs.store == "sqlite"
    assert config.jobs.max_attempts == 2
    model = config.models[0]
    assert (model.priority, model.cost_class, model.exclusive) == (50, "medium", False)


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    folder = tmp_path / "etc"
    folder.mkdir()
    path = folder / "c.yaml"
    path.write_text(
        "models: [{name: a, sizeGb: 1}]\n"
        "jobs: {path: data/jobs.db}\n"
        "access: {managedConfigPath: ./managed.yaml}\n"
    )
    config = load_config(path, env={})
    assert config.jobs.path == folder.resolve() / "data/jobs.db"
    assert config.access is not None
    assert config.access.managed_config_path == folder.resolve() / "managed.yaml"


def test_jobs_db_defaults_next_to_the_config(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("models: [{name: a, sizeGb: 1}]\n")
    assert load_config(path, env={}).jobs.path == tmp_path.resolve() / "ollama-agent-router-jobs.db"


@pytest.mark.parametrize(
    ("value", "url"),
    [
        ("", "http://127.0.0.1:11434"),
        ("1.2.3.4", "http://1.2.3.4:11434"),
        ("example.com:1234", "http://example.com:1234"),
        (":1234", "http://127.0.0.1:1234"),
        ("http://h", "http://h:80"),
        ("https://h", "https://h:443"),
        ("https://example.com/ollama", "https://example.com:443/ollama"),
        ("0.0.0.0", "http://127.0.0.1:11434"),
        ("0.0.0.0:9999", "http://127.0.0.1:9999"),
        ("[::1]:5000", "http://[::1]:5000"),
        ("::1", "http://[::1]:11434"),
        ("'gpu-box:11434'", "http://gpu-box:11434"),
    ],
)
def test_ollama_host_formats(value: str, url: str) -> None:
    assert ollama_host_url(value) == url


def test_ollama_host_is_the_default_base_url_only() -> None:
    env = {"OLLAMA_HOST": "gpu-box:9000"}
    assert parse_config(ONE_MODEL, env=env).ollama.base_url == "http://gpu-box:9000"
    explicit = {**ONE_MODEL, "ollama": {"baseUrl": "http://other:1"}}
    assert parse_config(explicit, env=env).ollama.base_url == "http://other:1"


def test_environment_overrides() -> None:
    env = {
        "OAR_SERVER__PORT": "9001",
        "OAR_GPU__MONITOR__INTERVAL_MS": "750",
        "OAR_ROUTER__CLASSIFICATION__MODE": "heuristic",
        "UNRELATED": "x",
    }
    config = parse_config(ONE_MODEL, env=env)
    assert config.server.port == 9001
    assert config.gpu.monitor.interval_ms == 750
    assert config.router.classification.mode == "heuristic"


def test_environment_override_errors_name_the_key() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(ONE_MODEL, env={"OAR_SERVER__PORT": "many"})
    assert caught.value.lines()[0].startswith("server.port:")


def test_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    user = home / ".config/ollama-agent-router/config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text("models: [{name: user, sizeGb: 1}]\n")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert find_config(None, {"HOME": str(home)}) == user
    local = work / "ollama-agent-router.yaml"
    local.write_text("models: [{name: local, sizeGb: 1}]\n")
    assert find_config(None, {"HOME": str(home)}) == local
    assert find_config(Path("/x.yaml"), {"HOME": str(home)}) == Path("/x.yaml")


def test_no_config_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if Path("/etc/ollama-agent-router/config.yaml").exists():
        pytest.skip("a system-wide config exists on this machine")
    with pytest.raises(ConfigError, match="no config file found"):
        find_config(None, {"HOME": str(tmp_path)})


def test_body_limit_units() -> None:
    for text, size in [("512kb", 512 * 1024), ("4MB", 4 * 1024**2), ("100", 100), (2048, 2048)]:
        config = parse_config({**ONE_MODEL, "server": {"requestBodyLimit": text}})
        assert config.server.request_body_limit_bytes == size


def test_base_path_is_normalised() -> None:
    config = parse_config({**ONE_MODEL, "server": {"basePath": "/ollama-router/"}})
    assert config.server.base_path == "/ollama-router"
    assert config.server.prefix == "/ollama-router"
    assert parse_config(ONE_MODEL).server.prefix == ""


def deprecation_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "ollama_agent_router.config" and r.levelname == "WARNING"
    ]


def test_cors_allowed_origins(caplog: pytest.LogCaptureFixture) -> None:
    assert parse_config(ONE_MODEL).server.cors.allowed_origins == []  # local origins only
    origins = ["https://app.example.com", "https://*.tools.example"]
    server = {"cors": {"allowedOrigins": origins}}
    config = parse_config({**ONE_MODEL, "server": server})
    assert config.server.cors.allowed_origins == origins
    env = {"OAR_SERVER__CORS__ALLOWED_ORIGINS": "[https://env.example]"}
    assert parse_config(ONE_MODEL, env=env).server.cors.allowed_origins == ["https://env.example"]
    assert deprecation_warnings(caplog) == []
    with pytest.raises(ConfigError) as caught:
        parse_config({**ONE_MODEL, "server": {"cors": {"allowedOrigins": ["app.example.com"]}}})
    assert caught.value.lines()[0].startswith("server.cors.allowedOrigins[0]:")


def test_deprecated_cors_origins_is_merged_with_a_warning(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "models: [{name: m:1b, sizeGb: 1}]\nserver: {corsOrigins: [https://old.example]}\n"
    )
    config = load_config(path, env={})
    assert config.server.cors.allowed_origins == ["https://old.example"]
    [warning] = deprecation_warnings(caplog)
    assert "server.corsOrigins" in warning
    assert "server.cors.allowedOrigins" in warning
    assert str(path) in warning
    with pytest.raises(ConfigError) as caught:
        parse_config({**ONE_MODEL, "server": {"corsOrigins": ["app.example.com"]}})
    assert caught.value.lines()[0].startswith("server.corsOrigins[0]:")


def test_both_cors_keys_are_merged(caplog: pytest.LogCaptureFixture) -> None:
    server = {
        "cors": {"allowedOrigins": ["https://new.example", "https://both.example"]},
        "corsOrigins": ["https://both.example", "https://old.example"],
    }
    config = parse_config({**ONE_MODEL, "server": server})
    assert config.server.cors.allowed_origins == [
        "https://new.example",
        "https://both.example",
        "https://old.example",
    ]
    assert len(deprecation_warnings(caplog)) == 1
