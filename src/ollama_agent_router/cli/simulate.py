"""``oar simulate``: run the built-in Ollama simulator in the foreground."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from ollama_agent_router.cli.app import ConfigOption, app, fail, options, resolve_config, stdout
from ollama_agent_router.simulator.durations import DurationError, parse_keep_alive
from ollama_agent_router.simulator.faults import FaultSpec, parse_fault
from ollama_agent_router.simulator.settings import (
    DEFAULT_MODELS,
    SimModel,
    SimulatorSettings,
    models_from_config,
    parse_model_flag,
    unique_models,
)

if TYPE_CHECKING:
    from ollama_agent_router.routing.memory import KvCacheType


@app.command()
def simulate(
    ctx: typer.Context,
    config: ConfigOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (Ollama's is 11434).")] = 11434,
    vram_mb: Annotated[
        int | None, typer.Option(help="Simulated VRAM (default: config gpu.vramTotalMb or 20480).")
    ] = None,
    parallel: Annotated[
        int | None,
        typer.Option(
            help="Slots per loaded model, as OLLAMA_NUM_PARALLEL (default: config or 1).", min=1
        ),
    ] = None,
    load_ms_per_gb: Annotated[float, typer.Option(help="Load time per GB.", min=0)] = 300.0,
    tokens_per_s: Annotated[
        float | None, typer.Option(help="Fixed generation speed (default: by model size).")
    ] = None,
    tokens_per_s_gb: Annotated[
        float | None,
        typer.Option(help="Generation speed N / model GB tokens/s (default: 250 / GB, 5-500)."),
    ] = None,
    prompt_tokens_per_s_gb: Annotated[
        float | None,
        typer.Option(help="Prompt processing N / model GB tokens/s (default: 10 x generation)."),
    ] = None,
    max_loaded: Annotated[
        int | None,
        typer.Option(
            help="Models loaded at once, as OLLAMA_MAX_LOADED_MODELS (0: 3 per GPU).", min=0
        ),
    ] = None,
    context_length: Annotated[
        int | None,
        typer.Option(
            help="Context of requests that set none, as OLLAMA_CONTEXT_LENGTH "
            "(default: config, else by VRAM: 4096 / 32768 / 262144).",
            min=4,
        ),
    ] = None,
    kv_cache_type: Annotated[
        str | None,
        typer.Option(help="KV cache type, as OLLAMA_KV_CACHE_TYPE: f16, q8_0 or q4_0."),
    ] = None,
    gpu_overhead_mb: Annotated[
        int | None,
        typer.Option(help="VRAM set aside, as OLLAMA_GPU_OVERHEAD (MiB).", min=0),
    ] = None,
    fault: Annotated[
        list[str] | None,
        typer.Option(help="Fault to inject, e.g. 500, delay=200, cut=3, refuse, hang[,times=N]."),
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Make every answer deterministic.")] = None,
    instant: Annotated[bool, typer.Option(help="No simulated latency at all.")] = False,
    model: Annotated[
        list[str] | None,
        typer.Option(help="Model NAME=SIZE_GB[@NUM_CTX][,CAPABILITY...]; repeatable."),
    ] = None,
    max_queue: Annotated[
        int, typer.Option(help="Requests waiting to load before 503, as OLLAMA_MAX_QUEUE.", min=1)
    ] = 512,
    keep_alive: Annotated[
        str, typer.Option(help="Default keep_alive, as OLLAMA_KEEP_ALIVE (like 5m).")
    ] = "5m",
) -> None:
    """Serve a simulated Ollama (API, GPU, faults) for tests, benchmarks and demos."""
    from ollama_agent_router.simulator.server import serve

    models = _models(ctx, config, model or [])
    explicit = _config_path(ctx, config)
    # The Ollama server an explicit config describes (its card and ollama.*); flags win.
    server = (
        SimulatorSettings.for_config(resolve_config(ctx, explicit))
        if explicit is not None
        else SimulatorSettings()
    )
    vram = vram_mb if vram_mb is not None else server.vram_mb
    kv_type = kv_cache_type or server.kv_cache_type
    if kv_type not in ("f16", "q8_0", "q4_0"):
        fail(f"--kv-cache-type: {kv_type!r} is not f16, q8_0 or q4_0")
    faults: list[FaultSpec] = []
    for text in fault or []:
        try:
            faults.append(parse_fault(text))
        except ValueError as exc:
            fail(f"--fault {text}: {exc}")
    try:
        keep_alive_s = parse_keep_alive(keep_alive, 300.0)
    except DurationError as exc:
        fail(f"--keep-alive: {exc}")
    settings = replace(
        server,
        models=models,
        host=host,
        port=port,
        vram_mb=vram,
        parallel=parallel or server.parallel,
        load_ms_per_gb=load_ms_per_gb,
        tokens_per_s=tokens_per_s,
        tokens_per_s_gb=tokens_per_s_gb,
        prompt_tokens_per_s_gb=prompt_tokens_per_s_gb,
        max_loaded=max_loaded if max_loaded is not None else server.max_loaded,
        context_length=context_length or server.context_length,
        kv_cache_type=cast("KvCacheType", kv_type),
        gpu_overhead_mb=gpu_overhead_mb if gpu_overhead_mb is not None else server.gpu_overhead_mb,
        faults=tuple(faults),
        seed=seed,
        instant=instant,
        max_queue=max_queue,
        keep_alive_s=keep_alive_s,
    )
    names = ", ".join(m.name for m in models)
    stdout.print(
        f"Simulated Ollama on http://{host}:{port} — {len(models)} models ({names}), "
        f"{vram} MB VRAM, parallel {settings.parallel}{', instant' if instant else ''}",
        markup=False,
        soft_wrap=True,
    )
    try:
        serve(settings)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def _config_path(ctx: typer.Context, path: Path | None) -> Path | None:
    # Only an explicit config: a stray file found by lookup should not change the models.
    return path or options(ctx).config


def _models(ctx: typer.Context, path: Path | None, flags: list[str]) -> tuple[SimModel, ...]:
    models: list[SimModel] = []
    explicit = _config_path(ctx, path)
    if explicit is not None:
        models.extend(models_from_config(resolve_config(ctx, explicit)))
    for text in flags:
        try:
            models.append(parse_model_flag(text))
        except ValueError as exc:
            fail(f"--model: {exc}")
    return unique_models(models) if models else DEFAULT_MODELS
