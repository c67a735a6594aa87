from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ollama_agent_router.backend.ollama.models import (
    PsModel,
    canonical_model_name,
    parse_ps,
    processor_label,
)
from ollama_agent_router.backend.ollama.ps_cli import parse_ollama_ps_table

WITH_CONTEXT = """\
NAME                        ID              SIZE      PROCESSOR          CONTEXT    UNTIL
gemma4:latest               c6eb396dbd59    9.6 GB    100% GPU           131072     Forever
qwen2.5-coder:7b            2b0496514337    42 GB     48%/52% CPU/GPU    32768      Forever
B-A-M-N/vibethinker:1.5b    aa11bb22cc33    3.6 GB    100% CPU           4096       Stopping...
"""

WITHOUT_CONTEXT = """\
NAME             ID              SIZE      PROCESSOR    UNTIL
mistral:latest   2ae6f6dd4c7e    5.1 GB    100% GPU     4 minutes from now
"""


def test_table_with_context_column() -> None:
    models = parse_ollama_ps_table(WITH_CONTEXT)
    assert [(m.name, m.size, m.size_vram, m.context_length, m.digest) for m in models] == [
        ("gemma4:latest", 9_600_000_000, 9_600_000_000, 131072, "c6eb396dbd59"),
        ("qwen2.5-coder:7b", 42_000_000_000, 21_840_000_000, 32768, "2b0496514337"),
        ("B-A-M-N/vibethinker:1.5b", 3_600_000_000, 0, 4096, "aa11bb22cc33"),
    ]
    assert [m.processor for m in models] == ["100% GPU", "48%/52% CPU/GPU", "100% CPU"]


def test_table_without_context_column() -> None:
    (model,) = parse_ollama_ps_table(WITHOUT_CONTEXT)
    assert (model.name, model.size, model.size_vram, model.context_length) == (
        "mistral:latest",
        5_100_000_000,
        5_100_000_000,
        None,
    )


@pytest.mark.parametrize(
    "text", ["", "NAME    ID    SIZE    PROCESSOR    UNTIL\n", "garbage\nmore"]
)
def test_table_empty_or_unknown(text: str) -> None:
    assert parse_ollama_ps_table(text) == []


def test_api_ps_body() -> None:
    body = {
        "models": [
            {
                "name": "mistral:latest",
                "model": "mistral:latest",
                "size": 5137025024,
                "digest": "2ae6f6dd",
                "expires_at": "2024-06-04T14:38:31.83753-07:00",
                "size_vram": 5137025024,
                "context_length": 4096,
            },
            {"model": "old:7b", "size": 100, "size_vram": 40},
            "junk",
        ]
    }
    first, second = parse_ps(body)
    assert first == PsModel(
        name="mistral:latest",
        size=5137025024,
        size_vram=5137025024,
        context_length=4096,
        expires_at=datetime(2024, 6, 4, 14, 38, 31, 837530, tzinfo=timezone(timedelta(hours=-7))),
        digest="2ae6f6dd",
    )
    assert second.name == "old:7b"
    assert second.context_length is None
    assert second.processor == "60%/40% CPU/GPU"
    assert not second.to_loaded("old").fully_on_gpu
    assert first.to_loaded().fully_on_gpu
    assert first.as_dict()["processor"] == "100% GPU"
    assert parse_ps({"models": None}) == []
    assert parse_ps([]) == []


@pytest.mark.parametrize(
    ("size", "vram", "label"),
    [
        (0, 0, "100% CPU"),
        (10, 10, "100% GPU"),
        (10, 11, "Unknown"),
        (0, 5, "Unknown"),
        (100, 52, "48%/52% CPU/GPU"),
    ],
)
def test_processor_label(size: int, vram: int, label: str) -> None:
    assert processor_label(size, vram) == label


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("llama3.2", "llama3.2:latest"),
        ("Llama3.2:Latest", "llama3.2:latest"),
        ("registry.ollama.ai/library/llama3.2:latest", "llama3.2"),
        ("B-A-M-N/vibethinker:1.5b", "b-a-m-n/vibethinker:1.5b"),
    ],
)
def test_canonical_names(a: str, b: str) -> None:
    assert canonical_model_name(a) == canonical_model_name(b)


def test_different_tags_stay_different() -> None:
    assert canonical_model_name("qwen2.5-coder:7b") != canonical_model_name("qwen2.5-coder")


def test_sizes_beyond_int64_from_ollama_are_ignored() -> None:
    """A reply no real Ollama sends (the simulator echoes a num_ctx of 10**400 into its
    sizes) must not make every later routing step fail on float conversion."""
    model = PsModel.from_api(
        {"name": "m", "size": 10**400, "size_vram": -1, "context_length": 2**63}
    )
    assert (model.size, model.size_vram, model.context_length) == (0, 0, None)
