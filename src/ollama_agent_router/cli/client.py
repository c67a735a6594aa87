"""Client commands against a running router: ``status``, ``models``, ``gpu``, ``jobs``,
``job ID``, ``result ID``, ``cancel ID``.

They use the global ``--url``, ``--base-path``, ``--api-key`` and ``--json``; print rich
tables by default; and fail with one line and exit 1 when the router cannot be reached
or answers an error.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from ollama_agent_router.cli.app import JsonOption, app, fail, options, stdout, want_json
from ollama_agent_router.cli.http import Answer, ClientError, RouterClient


def client(ctx: typer.Context, url: str | None = None) -> RouterClient:
    opts = options(ctx)
    return RouterClient(url or opts.url, base_path=opts.base_path, api_key=opts.api_key)


def call(ctx: typer.Context, method: str, path: str, **kwargs: Any) -> Answer:
    """One request; a failure ends the command with one line on stderr."""
    try:
        router = client(ctx, kwargs.pop("url", None))
        if method == "GET":
            return router.get(path, kwargs.get("params"))
        if method == "POST":
            return router.post(path, kwargs.get("body"))
        return router.delete(path)
    except ClientError as exc:
        fail(str(exc))


def fetch(ctx: typer.Context, json_output: bool, method: str, path: str, **kwargs: Any) -> Answer:
    """``call``; with ``--json`` it prints the answer's data and ends the command there."""
    answer = call(ctx, method, path, **kwargs)
    if want_json(ctx, json_output):
        print_json(answer.data)
        raise typer.Exit()
    return answer


def print_json(data: Any) -> None:
    stdout.print_json(json.dumps(data))


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value) or "-"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def pairs(title: str, rows: list[tuple[str, Any]]) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in rows:
        table.add_row(key, _fmt(value))
    return table


def gpu_rows(gpu: dict[str, Any]) -> list[tuple[str, Any]]:
    if not gpu.get("available", True):
        return [("provider", gpu.get("provider")), ("available", False)]
    keys = ("provider", "name", "vramTotalMb", "vramUsedMb", "vramFreeMb", "utilizationPct")
    rows = [(key, gpu.get(key)) for key in keys]
    rows += [("snapshot age (ms)", gpu.get("snapshotAgeMs")), ("source", gpu.get("source"))]
    return rows


@app.command()
def status(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Show a running router's status: queues, GPU, loaded models, jobs."""
    data = fetch(ctx, json_output, "GET", "/v1/router/status").data
    queue = data["queue"]
    stdout.print(
        pairs(
            f"Router {data['nodeId']}",
            [
                ("status", data.get("status")),
                ("version", data.get("version")),
                ("uptime (s)", data.get("uptimeS")),
                ("Ollama reachable", data.get("ollama", {}).get("reachable")),
                ("queued / running", f"{queue['globalQueued']} / {queue['globalRunning']}"),
                (
                    "limits",
                    f"{queue.get('globalMaxConcurrent')} running, "
                    f"{queue.get('globalMaxQueued')} queued",
                ),
                ("jobs", ", ".join(f"{k} {v}" for k, v in data["jobs"].items() if v) or "none"),
            ],
        )
    )
    loaded = {m.get("configuredName") or m.get("name") for m in data.get("loadedModels", [])}
    table = Table("model", "queued", "running", "concurrency", "loaded", title="Queues")
    for row in queue["byModel"]:
        table.add_row(
            row["model"],
            str(row["queued"]),
            str(row["running"]),
            str(row["concurrency"]),
            _fmt(row["model"] in loaded),
        )
    stdout.print(table)
    stdout.print(pairs("GPU", gpu_rows(data["gpu"])))


@app.command()
def models(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Configured models, with what Ollama has installed and loaded."""
    data = fetch(ctx, json_output, "GET", "/v1/router/models").data
    installed = {m.get("name") for m in data["ollama"].get("models", [])}
    loaded = {m.get("configuredName") or m.get("name") for m in data.get("loaded", [])}
    table = Table("model", "size GB", "priority", "purpose", "installed", "loaded")
    for model in data["configured"]:
        name = model["name"]
        table.add_row(
            name,
            _fmt(model.get("sizeGb")),
            _fmt(model.get("priority")),
            _fmt(model.get("purpose")),
            _fmt(name in installed or f"{name}:latest" in installed),
            _fmt(name in loaded),
        )
    stdout.print(table)
    if not data["ollama"].get("reachable"):
        stdout.print("Ollama is not reachable: installed models unknown.")


@app.command()
def gpu(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """The router's GPU snapshot."""
    data = fetch(ctx, json_output, "GET", "/v1/router/gpu").data
    stdout.print(pairs("GPU", gpu_rows(data)))


@app.command()
def jobs(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option(help="queued, running, succeeded, failed, cancelled, expired.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Jobs per page.")] = 50,
    cursor: Annotated[str | None, typer.Option(help="nextCursor of a previous page.")] = None,
    json_output: JsonOption = False,
) -> None:
    """List jobs, newest first."""
    params = {"limit": str(limit)}
    if status:
        params["status"] = status
    if cursor:
        params["cursor"] = cursor
    data = fetch(ctx, json_output, "GET", "/v1/jobs", params=params).data
    table = Table("id", "status", "task", "model", "tries", "created (UTC)")
    for column in table.columns:
        column.overflow = "fold"
    table.columns[0].no_wrap = True
    for job in data["data"]:
        table.add_row(
            job["id"],
            job["status"],
            _fmt(job.get("task_type")),
            _fmt(job.get("selected_model")),
            _fmt(job.get("attempts")),
            _fmt(job.get("created_at")).replace("T", " ").removesuffix("Z"),
        )
    stdout.print(table)
    if data.get("nextCursor"):
        stdout.print(f"more: --cursor {data['nextCursor']}")


JobId = Annotated[str, typer.Argument(help="The job id (job_<nodeId>_…).")]
JOB_FIELDS = (
    "status", "task_type", "selected_model", "priority", "attempts",
    "created_at", "started_at", "finished_at", "expires_at",
)  # fmt: skip


@app.command()
def job(ctx: typer.Context, job_id: JobId, json_output: JsonOption = False) -> None:
    """One job's status."""
    data = fetch(ctx, json_output, "GET", f"/v1/jobs/{job_id}").data
    rows = [(key, data.get(key)) for key in JOB_FIELDS]
    if data.get("error"):
        rows.append(("error", data["error"].get("message", data["error"])))
    stdout.print(pairs(f"Job {data['id']}", rows))


@app.command()
def result(ctx: typer.Context, job_id: JobId, json_output: JsonOption = False) -> None:
    """A job's result: the completion once it succeeded, else its status."""
    answer = fetch(ctx, json_output, "GET", f"/v1/jobs/{job_id}/result")
    data = answer.data
    if answer.status == 202:
        stdout.print(f"Job {job_id} is {data.get('status')}: no result yet.")
        return
    router = data.get("router") or {}
    choices = data.get("choices") or [{}]
    message = choices[0].get("message") or {}
    stdout.print(
        f"[bold]{router.get('selectedModel', data.get('model'))}[/] "
        f"({router.get('taskType', '-')}, {router.get('executionTimeMs', '-')} ms)"
    )
    content = message.get("content")
    if content:
        stdout.print(content, markup=False, highlight=False, soft_wrap=True)
    for call_ in message.get("tool_calls") or []:
        function = call_.get("function", {})
        stdout.print(f"tool call: {function.get('name')}({function.get('arguments')})")


@app.command()
def cancel(ctx: typer.Context, job_id: JobId, json_output: JsonOption = False) -> None:
    """Cancel a queued or running job (a finished job stays as it is)."""
    data = fetch(ctx, json_output, "DELETE", f"/v1/jobs/{job_id}").data
    stdout.print(f"Job {data['id']}: {data['status']}")


__all__ = ["call", "client", "pairs"]
