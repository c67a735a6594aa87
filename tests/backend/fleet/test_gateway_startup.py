"""A gateway whose node key or TLS files cannot be read says so in one line at start,
before anything listens (``cli/serve.check_fleet``)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from support.processes import OAR, free_port


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (
            {"apiKeyEnv": "OAR_TEST_UNSET_KEY"},
            "fleet.nodes[a].apiKeyEnv: OAR_TEST_UNSET_KEY is not set",
        ),
        ({"tls": {"caPath": "missing-ca.pem"}}, "fleet.nodes[a]: "),
        ({"tls": {"certPath": "no.pem", "keyPath": "no.key"}}, "fleet.nodes[a]: "),
    ],
    ids=["key-variable-unset", "ca-missing", "client-cert-missing"],
)
def test_an_unreadable_node_key_or_certificate_is_a_one_line_startup_error(
    tmp_path: Path, node: dict[str, object], expected: str
) -> None:
    config = tmp_path / "gateway.yaml"
    data = {
        "server": {"port": free_port(), "nodeId": "gateway"},
        "jobs": {"store": "memory"},
        "fleet": {"nodes": [{"id": "a", "url": "http://127.0.0.1:9", **node}]},
    }
    config.write_text(yaml.safe_dump(data))
    env = {k: v for k, v in os.environ.items() if k != "OAR_TEST_UNSET_KEY"}
    proc = subprocess.run(
        [*OAR, "serve", "-c", str(config)], capture_output=True, text=True, timeout=30, env=env
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: " + expected), lines[0]
