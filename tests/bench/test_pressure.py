"""``bench/pressure.py`` kept from rotting: its workload, its fake ``nvidia-smi`` read by the
router's monitor, plan keys surviving the router, and one tiny run with real processes."""

from __future__ import annotations

import asyncio
import itertools
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

import pressure
import pressure_report as report
import pressure_stack
import pressure_workload as workload
from ollama_agent_router.config import parse_config
from ollama_agent_router.gpu.smi import QUERY_ARGS, NvidiaSmiMonitor
from ollama_agent_router.simulator import SimulatorSettings, run_simulator
from ollama_agent_router.simulator.settings import models_from_config
from support.stack import gex44_data, stack

ITEMS = workload.load_items()


def test_requests_are_stratified_and_reproducible() -> None:
    first = workload.build(240, 1.5, seed=3, items=ITEMS)
    assert first == workload.build(240, 1.5, seed=3, items=ITEMS)
    assert first != workload.build(240, 1.5, seed=4, items=ITEMS)
    counts = Counter(request.item.label for request in first)
    assert set(counts) == set(workload.TASK_TYPES)
    assert sorted(Counter(counts.values()).items()) == [(26, 3), (27, 6)]
    assert len({request.item.id for request in first}) == 240
    assert any(request.item.tools for request in first)
    assert all(request.completion_tokens >= 1 for request in first)
    assert workload.plan_of(first) == {r.item.key: r.completion_tokens for r in first}


def test_a_slower_rate_replays_the_same_pattern_stretched() -> None:
    fast = workload.build(60, 1.5, seed=7, items=ITEMS)
    slow = workload.build(60, 1.0, seed=7, items=ITEMS)
    assert [r.item.id for r in fast] == [r.item.id for r in slow]
    assert [r.completion_tokens for r in fast] == [r.completion_tokens for r in slow]
    assert [r.at_s * 1.5 for r in fast] == pytest.approx([r.at_s for r in slow])
    assert fast[0].at_s == 0.0
    assert all(b.at_s >= a.at_s for a, b in itertools.pairwise(fast))


def test_too_few_items_of_a_type_is_an_error() -> None:
    some = [item for item in ITEMS if item.label != "triage"] + ITEMS[:1]
    with pytest.raises(ValueError, match="triage"):
        workload.stratified(some, 90, random.Random(1))


@pytest.mark.parametrize(
    ("values", "pct", "expected"),
    [([], 50, None), ([3.0], 99, 3.0), ([4, 1, 3, 2], 50, 2), ([4, 1, 3, 2], 90, 4)],
)
def test_percentile_is_nearest_rank(values: list[float], pct: float, expected: Any) -> None:
    assert report.percentile(values, pct) == expected


def test_summary_row_counts_errors_and_fit() -> None:
    purposes = {"small": ["triage"], "coder": ["code_fix"]}
    outcomes = [
        report.Outcome("a", "triage", "200", 1.0, "small"),
        report.Outcome("b", "code_fix", "200", 3.0, "small"),
        report.Outcome("c", "code_fix", "503", 0.1),
        report.Outcome("d", "code_fix", "timeout", 300.0),
        report.Outcome("e", "triage", "503", 0.1),
    ]
    state = {"loads": 3, "loadedBytes": 7_500_000_000, "evictions": 1, "splitRequests": 2}
    row = report.summarize("s", 1.5, outcomes, state, purposes)
    assert (row.completed_pct, row.fit_pct, row.p50_s, row.p99_s) == (40.0, 50.0, 1.0, 3.0)
    assert row.errors == {"503": 2, "timeout": 1}
    assert (row.loads, row.gb_loaded, row.evictions, row.split_runs) == (3, 7.5, 1, 2)
    assert row.signals == report.Signals()
    line = report.table([row]).splitlines()[-1]
    assert line.startswith("| s | – | 1.5 | 40 % | 503 ×2, timeout ×1 | 1.0 |")
    assert line.endswith("| n/a | n/a / n/a | n/a / n/a |")


def test_docs_section_is_replaced_or_appended(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance notes\n\n## Before\n\nkept\n")
    report.write_section(doc, report.section("| t1 |", command="cmd", about="About."))
    doc.write_text(doc.read_text() + "\n## After\n\nalso kept\n")
    report.write_section(doc, report.section("| t2 |", command="cmd", about="About."))
    text = doc.read_text()
    assert text.count(report.SECTION) == 1
    assert "| t2 |" in text
    assert "| t1 |" not in text
    assert text.index("## Before") < text.index(report.SECTION) < text.index("## After")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (list(QUERY_ARGS), "Simulated GPU, 16384, {used}, {free}, 0"),
        (
            ["--query-gpu=memory.used,name", "--format=csv"],
            "memory.used, name\n{used} MiB, Simulated GPU",
        ),
    ],
)
async def test_fake_smi_prints_what_was_asked(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    async with run_simulator(SimulatorSettings(instant=True, vram_mb=16384)) as sim:
        smi = pressure_stack.write_fake_smi(tmp_path, sim.base_url)
        reading = sim.simulator.gpu_reading()
        process = await asyncio.create_subprocess_exec(
            smi, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        out, err = await process.communicate()
        assert process.returncode == 0, err
        text = out.decode().strip()
        assert text == expected.format(used=reading["usedMb"], free=reading["freeMb"])


async def test_router_monitor_reads_the_simulated_card_through_the_fake_smi(
    tmp_path: Path,
) -> None:
    async with run_simulator(SimulatorSettings(instant=True, vram_mb=20480)) as sim:
        smi = pressure_stack.write_fake_smi(tmp_path, sim.base_url)
        monitor = NvidiaSmiMonitor(executable=str(smi))
        assert (empty := await monitor.read()) is not None
        assert (empty.total_mb, empty.used_mb, empty.source) == (20480, 0, "nvidia-smi")
        body = {"model": "gpt-oss:20b", "messages": [{"role": "user", "content": "hi"}]}
        async with httpx.AsyncClient(base_url=sim.base_url) as client:
            assert (await client.post("/v1/chat/completions", json=body)).status_code == 200
        loaded = await monitor.read()
        assert loaded is not None
        assert loaded.used_mb == sim.simulator.gpu_reading()["usedMb"] > 0
        assert loaded.free_mb == 20480 - loaded.used_mb


@pytest.mark.parametrize("api", ["openai", "native"])
async def test_plan_keys_survive_the_router(api: str) -> None:
    data = gex44_data(**{"ollama.api": api})
    plain = next(item for item in ITEMS if item.label == "code_fix" and not item.tools)
    tooled = next(item for item in ITEMS if item.tools)
    settings = SimulatorSettings(models=models_from_config(parse_config(data)), instant=True)
    async with stack(data, sim_settings=settings) as s:
        s.sim.simulator.plan.add({plain.key: 77, tooled.key: 33})
        for item, tokens in ((plain, 77), (tooled, 33)):
            body = {"model": "auto", "messages": item.messages}
            if item.tools:
                body["tools"] = item.tools
            status, reply, _ = await s.post("/v1/chat/completions", body)
            assert status == 200, reply
            assert reply["usage"]["completion_tokens"] == tokens
        assert s.sim.state["plan"]["hits"] == 2


async def test_a_tiny_run_with_real_processes(tmp_path: Path) -> None:
    docs = tmp_path / "performance.md"
    out = tmp_path / "results.json"
    argv = ["--instant", "--requests", "9", "--rate", "40", "--setups", "reference,perfect"]
    await pressure.main([*argv, "--out", str(out), "--write-docs", "--docs", str(docs)])
    results = json.loads(out.read_text())
    assert [s["setup"] for s in results["setups"]] == [
        "router, reference",
        "perfect labels, no router",
    ]
    for setup in results["setups"]:
        assert len(setup["outcomes"]) == 9
        served = sum(o["status"] == "200" for o in setup["outcomes"])
        assert setup["sim"]["plan"]["hits"] == served
        assert setup["row"]["loads"] >= 1
    perfect = results["setups"][1]
    assert perfect["row"]["completed_pct"] == 100.0
    assert perfect["row"]["fit_pct"] == 100.0
    text = docs.read_text()
    assert report.SECTION in text
    assert "bench/pressure.py --requests 9 --rate 40 --setups reference,perfect" in text


@pytest.mark.parametrize(("mix", "large"), [("uniform", 27), ("outside", 15)])
def test_mixes_keep_the_count_and_the_large_context_share(mix: str, large: int) -> None:
    quotas = workload.quotas(240, mix, random.Random(1))
    assert sum(quotas.values()) == 240
    assert quotas["large_context"] in (large - 1, large)
    assert max(quotas.values()) - min(v for k, v in quotas.items() if k != "large_context") <= 1


def test_setups_carry_rate_and_mix() -> None:
    setups = pressure.parse_setups("residency@1.0:outside,perfect", 1.5)
    assert [(s.strategy, s.rate, s.mix, s.revision) for s in setups] == [
        ("residency", 1.0, "outside", None),
        (None, 1.5, "uniform", None),
    ]
    assert "outside mix" in setups[0].name
    with pytest.raises(ValueError, match="unknown mix"):
        pressure.parse_setups("residency:weird", 1.5)


def test_setups_carry_the_baseline_revision_and_the_agents_workload() -> None:
    text = "residency~base@1.0:outside,reference~base,residency~0f7aea8:agents,perfect:agents"
    setups = pressure.parse_setups(text, 1.5, baseline="abc1234")
    assert [(s.strategy, s.rate, s.mix, s.revision, s.agents) for s in setups] == [
        ("residency", 1.0, "outside", "abc1234", False),
        ("reference", 1.5, "uniform", "abc1234", False),
        ("residency", 1.5, "agents", "0f7aea8", True),
        (None, 1.5, "agents", None, True),
    ]
    assert setups[0].name == "router, residency (outside mix), base"
    assert setups[2].name == "router, residency (coding agents), ~0f7aea8"
    assert pressure.parse_setups("residency~base", 1.5)[0].revision == pressure.DEFAULT_BASELINE
    assert all(s.revision is None for s in pressure.parse_setups(pressure.DEFAULT_SETUPS, 1.5)[:2])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("perfect~base", "no router"),
        ("residency~", "a revision after ~"),
        ("residency@2:agents", "closed loop"),
        ("fastest~base", "unknown setup"),
    ],
)
def test_bad_setups_are_refused(text: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        pressure.parse_setups(text, 1.5)


def _has_revision(rev: str) -> bool:
    try:
        pressure_stack.resolve_revision(rev)
    except (OSError, RuntimeError):
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(
    not _has_revision(pressure.DEFAULT_BASELINE), reason="the baseline commit is not in git"
)
async def test_a_tiny_before_and_after_run_with_agents(tmp_path: Path) -> None:
    docs = tmp_path / "performance.md"
    out = tmp_path / "results.json"
    argv = [
        "--instant",
        "--requests",
        "9",
        "--rate",
        "40",
        "--setups",
        "residency~base,residency:agents,residency~base:agents",
        "--sessions",
        "2",
        "--turns",
        "2",
        "--set",
        "ollama.contextLength=65536",
    ]
    await pressure.main([*argv, "--out", str(out), "--write-docs", "--docs", str(docs)])
    results = json.loads(out.read_text())
    base = pressure_stack.resolve_revision(pressure.DEFAULT_BASELINE)
    assert [(s["setup"], s["kind"], s["revision"]) for s in results["setups"]] == [
        ("router, residency, base", "requests", base),
        ("router, residency (coding agents)", "agents", pressure_stack.current_revision()),
        ("router, residency (coding agents), base", "agents", base),
    ]
    # The older router does not know contextLength: dropped from its config only.
    assert results["run"]["revisions"][pressure.DEFAULT_BASELINE]["dropped"] == [
        "ollama.contextLength"
    ]
    for setup in results["setups"][1:]:
        assert len(setup["outcomes"]) == 4
        assert {o["id"] for o in setup["outcomes"]} == {"s0-t0", "s0-t1", "s1-t0", "s1-t1"}
    current = results["setups"][1]
    assert current["router"]["loadStallS"] >= 0  # this router counts the stall
    assert "loadStallS" not in (results["setups"][2]["router"] or {})
    text = docs.read_text()
    assert "*Coding agents*: 2 concurrent" in text
    assert "| router, residency (coding agents), base | " + base in text
