"""`oar serve` as a real process: startup errors, HTTPS, graceful shutdown."""

from __future__ import annotations

import asyncio
import datetime
import signal
import ssl
import subprocess
from pathlib import Path

import aiohttp
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ollama_agent_router.config import parse_config
from ollama_agent_router.simulator.server import run_simulator
from ollama_agent_router.simulator.settings import SimulatorSettings, models_from_config
from support.processes import (
    OAR,
    expect_idle_over_http,
    free_port,
    process,
    wait_up,
    write_config,
)
from support.raw_http import raw_exchange
from support.stack import gex44_data
from support.waiting import until


def test_bad_config_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = write_config(
        tmp_path / "router.yaml", {"models": [{"name": "m", "sizeGb": 1}], "server": {"port": -5}}
    )
    proc = subprocess.run([*OAR, "serve", "-c", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert (
        proc.stderr.strip()
        == f"error: {path}: server.port: Input should be greater than or equal to 0 (got -5)"
    )


async def test_sigterm_lets_a_running_request_finish(tmp_path: Path) -> None:
    data = gex44_data()
    settings = SimulatorSettings(
        models=models_from_config(parse_config(data)), load_ms_per_gb=0, tokens_per_s=40
    )
    async with run_simulator(settings) as sim:
        port = free_port()
        data["server"]["port"] = port
        data["ollama"]["baseUrl"] = sim.base_url
        path = write_config(tmp_path / "router.yaml", data)
        proc = subprocess.Popen(
            [*OAR, "serve", "-c", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            url = f"http://127.0.0.1:{port}"
            async with aiohttp.ClientSession() as session:
                await wait_up(session, url + "/health")
                body = {"model": "auto", "messages": [{"role": "user", "content": "hello"}]}
                request = asyncio.create_task(session.post(url + "/v1/chat/completions", json=body))
                # the router is waiting on Ollama for it
                await until(lambda: sim.state["inFlight"] >= 1, what="the request never ran")
                proc.send_signal(signal.SIGTERM)
                response = await request
                assert response.status == 200
                assert (await response.json())["router"]["mode"] == "sync"
            code = await asyncio.to_thread(proc.wait, 15)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        _, stderr = proc.communicate()
    assert code == 0, stderr.decode()
    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    assert all(line.startswith("{") for line in lines), lines  # structured JSON logs only
    assert any('"path":"/v1/chat/completions"' in line and '"model":' in line for line in lines)


def make_cert(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.mark.filterwarnings("ignore::ResourceWarning")
async def test_https_from_config(tmp_path: Path) -> None:
    cert_path, _key_path = make_cert(tmp_path)
    async with run_simulator(SimulatorSettings(instant=True)) as sim:
        port = free_port()
        data = {
            "server": {
                "port": port,
                "https": {"enabled": True, "certPath": "cert.pem", "keyPath": "key.pem"},
            },
            "ollama": {"baseUrl": sim.base_url},
            "jobs": {"store": "memory"},
            "models": [{"name": "llama3.2:3b", "sizeGb": 2}],
            "routes": {"unknown": ["llama3.2:3b"]},
        }
        path = write_config(tmp_path / "router.yaml", data)
        with process([*OAR, "serve", "-c", str(path)]):
            context = ssl.create_default_context(cafile=str(cert_path))
            url = f"https://localhost:{port}"
            async with aiohttp.ClientSession() as session:
                await wait_up(session, url + "/health", ssl_context=context)
                body = {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}
                async with session.post(
                    url + "/v1/chat/completions", json=body, ssl=context
                ) as response:
                    assert response.status == 200
                await expect_idle_over_http(session, url, ssl_context=context)


def peak_rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
async def test_a_32_mb_header_is_refused_without_growing_memory(tmp_path: Path) -> None:
    """Finding 6 of issue 12: a 32 MB header was read whole (peak RSS 157 MB)."""
    async with run_simulator(SimulatorSettings(instant=True)) as sim:
        data = gex44_data(**{"server.port": free_port(), "ollama.baseUrl": sim.base_url})
        path = write_config(tmp_path / "router.yaml", data)
        url = f"http://127.0.0.1:{data['server']['port']}"
        with process([*OAR, "serve", "-c", str(path)]) as proc:
            async with aiohttp.ClientSession() as session:
                await wait_up(session, url + "/health")
                before = peak_rss_kb(proc.pid)
                head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                answer = await raw_exchange(url, head, filler=32 * 1024 * 1024)
                grown_mb = (peak_rss_kb(proc.pid) - before) / 1024
                assert answer == b"" or answer.startswith(b"HTTP/1.1 431"), answer[:80]
                assert grown_mb < 8, f"peak RSS grew {grown_mb:.1f} MB"
                await expect_idle_over_http(session, url)
