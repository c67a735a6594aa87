"""``oar configure``: the detect-first wizard. A thin shell over ``ollama_agent_router.setup``.

Detect, show what was found, let the user confirm or correct it (asking only what was
not found), preview, validate through the real config loader, write. Scripts use
``--non-interactive --answers FILE`` or ``-y``; nothing is ever overwritten without
``--overwrite`` or a yes at the prompt.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.prompt import Confirm, FloatPrompt, IntPrompt, Prompt
from rich.syntax import Syntax

from ollama_agent_router.cli.app import app, fail, options, stderr, stdout
from ollama_agent_router.cli.setup_views import (
    detection_table,
    header_lines,
    models_table,
    parse_platform,
)
from ollama_agent_router.config import ConfigError, parse_config
from ollama_agent_router.config.loader import CONFIG_FILENAME
from ollama_agent_router.setup.answers import Answers, inputs_from, load_answers
from ollama_agent_router.setup.detect import Probe, detect
from ollama_agent_router.setup.facts import Detection, Gpu
from ollama_agent_router.setup.plan import Inputs, PlanError, plan
from ollama_agent_router.setup.presets import PRESETS
from ollama_agent_router.setup.render import render
from ollama_agent_router.setup.roles import ROLES, Role
from ollama_agent_router.setup.shapes import ModelChoice


@app.command()
def configure(
    ctx: typer.Context,
    detect_only: Annotated[
        bool, typer.Option("--detect", help="Print what was detected and exit.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the config instead of writing it.")
    ] = False,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the config.")
    ] = Path(CONFIG_FILENAME),
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing file at --output.")
    ] = False,
    non_interactive: Annotated[
        bool, typer.Option("--non-interactive", help="Ask nothing; use --answers and detection.")
    ] = False,
    answers_file: Annotated[
        Path | None, typer.Option("--answers", help="YAML answers (see docs/cli.md).")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Accept everything detected without asking.")
    ] = False,
    preset: Annotated[
        str | None, typer.Option("--preset", help="Known hardware and models: gex44.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="With --detect: JSON.")] = False,
    platform_name: Annotated[
        str | None,
        typer.Option("--platform", hidden=True, help="Detect as SYSTEM/ARCH, e.g. darwin/arm64."),
    ] = None,
) -> None:
    """Detect Ollama, its models and the GPU, and write a config that fits this machine."""
    if preset is not None and preset not in PRESETS:
        fail(f"--preset: unknown preset {preset!r} (known: {', '.join(PRESETS)})")
    answers = _answers(answers_file)
    probe = _probe(platform_name)
    detection = asyncio.run(detect(probe))
    if detect_only:
        if json_output or options(ctx).json:
            stdout.print_json(json.dumps(detection.as_dict()))
        else:
            stdout.print(detection_table(detection))
        return
    interactive = not (non_interactive or yes) and sys.stdin.isatty()
    if not interactive and not (non_interactive or yes or dry_run):
        fail(
            "no terminal to ask questions on: add -y to accept what was detected, "
            "or --non-interactive --answers FILE"
        )
    if interactive:
        inputs, detection = _interactive(detection, probe, answers=answers, preset=preset)
    else:
        inputs = inputs_from(detection, answers=answers, preset=preset)
        if not inputs.models:
            fail(_no_models(detection))
    text = _build(inputs, detection, preset=preset, output=output)
    if dry_run:
        stdout.print(text, markup=False, highlight=False, end="", soft_wrap=True)
        return
    if interactive:
        stdout.print(Syntax(text, "yaml", theme="ansi_dark", word_wrap=True))
        if not Confirm.ask(f"Write this to {output}?", default=True, console=stdout):
            fail("nothing written")
    _write(output, text, overwrite=overwrite, interactive=interactive)
    _report(inputs, detection, output, yaml.safe_load(text))


def _probe(platform_name: str | None) -> Probe:
    if platform_name is None:
        return Probe()
    try:
        system, arch = parse_platform(platform_name)
    except ValueError as exc:
        fail(f"--platform {exc}")
    return Probe(system=system, arch=arch)


def _answers(path: Path | None) -> Answers | None:
    if path is None:
        return None
    try:
        return load_answers(path)
    except ConfigError as exc:
        for line in exc.lines():
            stderr.print(f"error: {line}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None


def _no_models(detection: Detection) -> str:
    ollama = detection.ollama
    if not ollama.binary.found and not ollama.reachable:
        why = f"Ollama is not installed here and {ollama.problem}"
        fix = "install it (https://ollama.com/download), pull a model"
    elif not ollama.reachable:
        why = f"Ollama is installed ({ollama.binary.value}) but {ollama.problem}"
        fix = "start it (`ollama serve`)"
    else:
        why = f"Ollama at {ollama.base_url.value} has no models"
        fix = "pull one (e.g. `ollama pull llama3.2:3b`)"
    return (
        f"no models to configure: {why}; {fix} and run `oar configure` again, or list "
        "models in --answers (models: {mode: manual, items: [...]})"
    )


def _build(inputs: Inputs, detection: Detection, *, preset: str | None, output: Path) -> str:
    """Plan, render and validate the exact text through the config loader."""
    try:
        result = plan(inputs)
    except PlanError as exc:
        fail(str(exc))
    text = render(result, header=header_lines(detection, preset=preset, output=str(output)))
    try:
        parse_config(yaml.safe_load(text), source=output.resolve(), env={})
    except ConfigError as exc:  # a bug in the plan, but never a traceback
        for line in exc.lines():
            stderr.print(f"error: generated config is invalid: {line}", markup=False)
        raise typer.Exit(1) from None
    return text


def _write(output: Path, text: str, *, overwrite: bool, interactive: bool) -> None:
    allowed = overwrite or not output.exists()
    if not allowed and interactive:
        allowed = Confirm.ask(f"{output} exists. Overwrite it?", default=False, console=stdout)
    if not allowed:
        fail(f"{output} already exists; not overwriting it (use --overwrite)")
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        fail(f"cannot write {output}: {exc.strerror or exc}")


def _report(inputs: Inputs, detection: Detection, output: Path, data: dict[str, Any]) -> None:
    stdout.print(f"Wrote {output} ({len(inputs.models)} models).", markup=False, soft_wrap=True)
    installed = {m.name for m in detection.ollama.models.value}
    if detection.ollama.models.found:
        for model in inputs.models:
            if model.name not in installed:
                stdout.print(f"  not installed yet: ollama pull {model.name}", markup=False)
    ollama = data.get("ollama", {})
    if inputs.context_length is None or inputs.num_parallel is None:
        stdout.print(
            f"  start Ollama with OLLAMA_CONTEXT_LENGTH={ollama.get('contextLength')} "
            f"OLLAMA_NUM_PARALLEL={ollama.get('numParallel')}, as the file says",
            markup=False,
            soft_wrap=True,
        )
    stdout.print(
        f"Next: oar doctor --config {output}, then oar serve --config {output}",
        markup=False,
        soft_wrap=True,
    )


def _interactive(
    detection: Detection, probe: Probe, *, answers: Answers | None, preset: str | None
) -> tuple[Inputs, Detection]:
    """Show what was found, confirm or correct it, ask what is missing."""
    stdout.print(detection_table(detection))
    ollama = detection.ollama
    if not ollama.reachable:
        stdout.print(f"Ollama is not reachable: {ollama.problem}.", markup=False)
        url = Prompt.ask("Ollama address", default=ollama.base_url.value, console=stdout)
        if url.rstrip("/") != ollama.base_url.value:
            detection = asyncio.run(detect(replace(probe, base_url=url.rstrip("/"))))
            stdout.print(detection_table(detection))
    inputs = inputs_from(detection, answers=answers, preset=preset)
    if inputs.models:
        stdout.print(models_table(inputs.models))
        if not Confirm.ask("Use these models with these roles?", default=True, console=stdout):
            inputs = replace(inputs, models=_correct_roles(inputs.models))
    else:
        stdout.print("No models found: name the ones to route to (empty name ends).")
        inputs = replace(inputs, models=_ask_models())
    if not inputs.gpus and not inputs.apple_silicon and preset is None:
        vram = IntPrompt.ask(
            "No NVIDIA GPU found. Its VRAM in MB if it has one (0 = CPU only)",
            default=0,
            console=stdout,
        )
        if vram > 0:
            inputs = replace(inputs, gpus=(Gpu("NVIDIA GPU", vram),))
    return inputs, detection


def _ask_role(name: str, default: Role) -> Role | None:
    """The role the user picks for ``name``; ``None`` to leave the model out."""
    answer = Prompt.ask(
        f"Role of {name}", choices=[*ROLES, "skip"], default=default, console=stdout
    )
    return next((role for role in ROLES if role == answer), None)


def _correct_roles(models: tuple[ModelChoice, ...]) -> tuple[ModelChoice, ...]:
    kept = []
    for model in models:
        role = _ask_role(model.name, model.role)
        if role is not None:
            kept.append(replace(model, role=role))
    return tuple(kept)


def _ask_models() -> tuple[ModelChoice, ...]:
    models: list[ModelChoice] = []
    while True:
        name = Prompt.ask("Model name", default="", console=stdout).strip()
        if not name:
            if models:
                return tuple(models)
            stdout.print("At least one model is needed.")
            continue
        size = FloatPrompt.ask(f"Size of {name} in GB (as `ollama list` shows)", console=stdout)
        if size <= 0:
            stdout.print("The size must be more than 0.")
            continue
        guess = ModelChoice.manual(name, size)
        role = _ask_role(name, guess.role)
        if role is not None:
            models.append(replace(guess, role=role))
