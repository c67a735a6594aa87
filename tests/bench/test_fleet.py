"""``bench/fleet.py`` kept from rotting: its row selection, the nginx config it derives
from the shipped example, the gateway config and the note while the gateway is missing,
nodes per session, and one tiny run with real processes (nginx and one node)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import fleet
import fleet_stack as fs
import pressure_agents as agents
from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator.plan import last_user_text, plan_key


def test_rows_select_scenarios_and_rows_in_table_order() -> None:
    assert fleet.parse_rows("all") == [(s, r) for s in fleet.SCENARIOS for r in fleet.ROWS]
    assert fleet.parse_rows("equal") == [("equal", r) for r in fleet.ROWS]
    assert fleet.parse_rows("one-node@1x,unequal:nginx") == [
        ("equal", "one-node"),
        ("unequal", "nginx"),
        ("unequal", "one-node"),
        ("agents", "one-node"),
    ]
    for bad, match in (("sideways", "unknown row"), ("equal:haproxy", "unknown row"), ("", "no")):
        with pytest.raises(ValueError, match=match):
            fleet.parse_rows(bad)
    with pytest.raises(ValueError, match="unknown scenario"):
        fleet.parse_rows("uneven:nginx")


def test_nginx_config_is_the_shipped_one_with_a_line_and_upstream_per_node(
    tmp_path: Path,
) -> None:
    routers = {
        f"node-{c}": f"http://127.0.0.1:{port}" for c, port in zip("abc", (1, 2, 3), strict=True)
    }
    text = fs.nginx_config(tmp_path, 8081, routers, access_log=tmp_path / "a.log").read_text()
    assert "listen 127.0.0.1:8081;" in text
    assert "10.0.0." not in text
    for node, url in routers.items():
        host = url.removeprefix("http://")
        assert re.search(rf"\n\s+{node}\s+oar_{node};\n", text)
        assert f"upstream oar_{node} {{\n        server {host};" in text
    all_block = text[text.index("upstream oar_all") :].split("}", 1)[0]
    assert all_block.count("server 127.0.0.1:") == 3
    # Everything else is the example's: round-robin, streams unbuffered, job-id routing.
    shipped = fs.NGINX_EXAMPLE.read_text()
    for line in ("proxy_buffering off;", "proxy_read_timeout 300s;", "client_max_body_size 4m;"):
        assert line in shipped
        assert line in text
    assert "~^/v1/jobs/job_(?<node>" in text


def test_nginx_upstreams_count_the_node_that_answered(tmp_path: Path) -> None:
    routers = {"node-a": "http://127.0.0.1:1", "node-b": "http://127.0.0.1:2"}
    log = tmp_path / "access.log"
    log.write_text(
        "1.0|200|127.0.0.1:1|0.1|/v1/chat/completions\n"
        "1.1|200|127.0.0.1:1, 127.0.0.1:2|0.2|/v1/chat/completions\n"
        "1.2|200|127.0.0.1:2|0.0|/health\n"
    )
    assert fs.nginx_upstreams(log, routers) == {"node-a": 1, "node-b": 1}


def test_gateway_config_names_each_node_and_its_key() -> None:
    nodes = [
        fs.GatewayNode("node-a", "http://127.0.0.1:1", api_key="k"),
        fs.GatewayNode("node-b", "http://127.0.0.1:2", api_key_env=fs.key_env("node-b")),
    ]
    data = fs.gateway_config(9000, nodes)
    assert data["server"] == {"host": "127.0.0.1", "port": 9000, "nodeId": "gateway"}
    assert data["fleet"] == {
        "nodes": [
            {"id": "node-a", "url": "http://127.0.0.1:1", "apiKey": "k"},
            {"id": "node-b", "url": "http://127.0.0.1:2", "apiKeyEnv": "OAR_FLEET_KEY_NODE_B"},
        ],
        "pollIntervalMs": 1000,
        "timeoutMs": 2000,
    }
    assert data["models"] == []
    example = yaml.safe_load((fs.FLEET_EXAMPLES / "gateway.yaml").read_text())
    assert set(example) == set(data)
    assert set(example["fleet"]) == set(data["fleet"])


@pytest.mark.parametrize("name", ["big-48gb.yaml", "small-20gb.yaml"])
def test_node_examples_validate_and_get_the_run_s_keys(name: str, tmp_path: Path) -> None:
    base = yaml.safe_load((fs.FLEET_EXAMPLES / name).read_text())
    parse_config(base)
    keys = fs.Keys("client-secret", "gateway-secret")
    data = fs.node_config(
        base,
        node_id="node-x",
        port=1234,
        sim_url="http://127.0.0.1:9",
        smi=tmp_path / "nvidia-smi",
        folder=tmp_path,
        keys=keys,
    )
    config = parse_config(data)
    assert config.server.node_id == "node-x"
    assert config.access is not None
    scopes = {key.key_hash: key.scopes for key in config.access.managed.api_keys}
    assert scopes == {
        fs.key_hash("client-secret"): ["standalone"],
        fs.key_hash("gateway-secret"): ["runtimeAgent"],
    }
    assert "client-secret" not in yaml.safe_dump(data)


def test_session_marks_leave_the_shared_prefix_and_plan_keys_alone() -> None:
    sessions = agents.build(2, 2, seed=3, pauses=False)
    marked = fleet.marked(sessions)
    shared = agents.shared_system(3)
    for before, after in zip(sessions, marked, strict=True):
        for a, b in zip(before.turns, after.turns, strict=True):
            assert b.messages[0]["content"].startswith(shared)
            assert f"sim-mark:fleet-s{before.index}" in b.messages[0]["content"]
            assert b.messages[1:] == a.messages[1:]
            assert plan_key(last_user_text(b.messages)) == a.key
    assert agents.plan_of(marked) == agents.plan_of(sessions)


def test_nodes_per_session_prefer_the_node_header_else_the_simulators_marks() -> None:
    def turn(session: int, node: str | None, status: str = "200") -> fleet.Outcome:
        return fleet.Outcome("t", agents.LABEL, status, 1.0, node=node, session=session)

    marks = {"node-a": {"fleet-s0": 2, "fleet-s1": 1}, "node-b": {"fleet-s1": 3}, "node-c": {}}
    no_header = [[turn(0, None), turn(0, None)], [turn(1, None)]]
    assert fleet.nodes_per_session(no_header, marks) == ([1, 2], "simulator marks")
    header = [[turn(0, "node-a"), turn(0, "node-c"), turn(0, "node-b", "503")], [turn(1, "b")]]
    assert fleet.nodes_per_session(header, marks) == ([2, 1], fleet.NODE_HEADER)


def test_fit_needs_the_purpose_and_the_whole_prompt() -> None:
    def outcome(model: str, sent: int, used: int | None) -> fleet.Outcome:
        return fleet.Outcome(
            "r", "triage", "200", 1.0, model=model, sent_prompt=sent, usage_prompt=used
        )

    outcomes = [
        outcome("small", 100, 100),
        outcome("small", 100_000, 32_000),  # cut to the context
        outcome("coder", 100, 100),  # not its purpose
        outcome("small", 100, None),  # no usage: not known to be cut
    ]
    row = fleet.summarize(
        fleet.Row("equal", "nginx", 3, "3 req/s"),
        outcomes,
        fs.SimTotals({"node-a": {"loads": 2, "truncations": 1, "promptTokens": {}}}),
        {"small": ["triage"], "coder": ["code_fix"]},
    )
    assert (row.fit_pct, row.purpose_fit_pct) == (50.0, 75.0)
    assert (row.loads, row.truncations, row.truncations_seen) == (2, 1, None)


@pytest.mark.slow
async def test_a_tiny_run_with_nginx_and_one_node(tmp_path: Path) -> None:
    if fs.nginx_binary() is None:
        pytest.skip("nginx is not installed (.ci/run installs it with apt-get)")
    out = tmp_path / "results.json"
    argv = ["--instant", "--requests", "9", "--rate", "10", "--sessions", "2", "--turns", "2"]
    rows = "equal:nginx,equal:one-node,equal:gateway,agents:nginx"
    await fleet.main([*argv, "--rows", rows, "--json", str(out)])
    results = json.loads(out.read_text())
    by_row = {(r["row"]["scenario"], r["row"]["row"]): r for r in results["rows"]}
    assert list(by_row) == [
        ("equal", "nginx"),
        ("equal", "gateway"),
        ("equal", "one-node@1x"),
        ("agents", "nginx"),
    ]
    nginx = by_row["equal", "nginx"]
    assert nginx["row"]["load"] == "30 req/s"
    assert nginx["row"]["completed_pct"] == 100.0
    assert len(nginx["outcomes"]) == 9
    # Round-robin: every node served a share, as nginx's own log says.
    assert sorted(nginx["row"]["nginx_upstreams"].values()) == [3, 3, 3]
    assert sum(nginx["row"]["per_node"].values()) >= 9
    one = by_row["equal", "one-node@1x"]
    assert (one["row"]["nodes"], one["row"]["load"]) == (1, "10 req/s")
    assert one["row"]["completed_pct"] == 100.0
    assert list(one["row"]["per_node"]) == ["node-a"]
    gateway = by_row["equal", "gateway"]["row"]
    if results["run"]["gateway"] != "available":
        assert gateway["note"].startswith("not available")
    agent = by_row["agents", "nginx"]["row"]
    assert agent["requests"] == 4
    assert agent["nodes_from"] in ("simulator marks", fleet.NODE_HEADER)
    assert len(agent["nodes_per_session"]) == 2
    assert all(1 <= n <= 2 for n in agent["nodes_per_session"])


def test_a_refusal_for_context_is_told_apart_from_other_400s() -> None:
    detail = (
        "400 No configured model can serve this request (it needs tools and ~32835 tokens "
        "of context): gpt-oss:20b: context of 32768 tokens, ~32835 needed; "
        "deepseek-coder:6.7b: no tools"
    )
    assert fleet.context_refusal(detail)
    assert fleet.context_refusal("Error code: 400 - context_length_exceeded")
    assert not fleet.context_refusal("400 No configured model can serve this request: no tools")
    row = fleet.Row("agents", "nginx", 3, "8 sessions × 8 turns")
    row.errors, row.context_refusals = {"400": 3, "timeout": 1}, 2
    assert fleet._errors(row) == "400 ×3 (context ×2), timeout ×1"
