"""The hashed fields the ``enhanced`` model reads: stable, bounded, split as documented."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from ollama_agent_router.classification.base import ClassifierInput
from ollama_agent_router.classification.fields import (
    DIM_BITS,
    FIELDS,
    _Collector,
    _words,
    field_counts,
)
from ollama_agent_router.classification.signals import extract

ROOT = Path(__file__).resolve().parents[2]
REQUEST = ClassifierInput(
    messages=[
        {"role": "system", "content": "You are a coding assistant. Use SEARCH/REPLACE blocks."},
        {"role": "user", "content": "earlier: why does it crash?"},
        {"role": "user", "content": "Is this thread-safe?\n```py\nitems.append(x)\n```\n你好吗"},
    ],
    tools=[{"type": "function", "function": {"name": "read_file"}}],
)


def test_every_field_is_read() -> None:
    counted = field_counts(extract(REQUEST))
    present = {FIELDS[i] for i in np.unique(counted.keys >> DIM_BITS)}
    assert present == set(FIELDS)
    assert np.all(np.diff(counted.keys) > 0)
    assert np.all(counted.counts >= 1)


def _words_of(text: str) -> int:
    out = _Collector()
    _words(text, "ask", out, pairs=False)
    return sum(len(h) for h in out.hashes)


def test_words_split_on_punctuation_and_every_cjk_ideograph() -> None:
    assert _words_of("fix it, please!") == 3
    assert _words_of("snake_case-name") == 3
    assert _words_of("naprawić błąd") == 2
    assert _words_of("你好world 吗") == 4
    assert _words_of("¿qué pasa?") == 2
    assert _words_of("… — !") == 0


def test_same_text_same_features_in_every_process() -> None:
    """Features must not depend on Python's per-process string hashing."""
    here = field_counts(extract(REQUEST)).keys
    code = (
        "from tests.classification.test_fields import REQUEST, field_counts, extract;"
        "print(','.join(map(str, field_counts(extract(REQUEST)).keys.tolist())))"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=ROOT,
        )
        assert done.stdout.strip() == ",".join(map(str, here.tolist()))


def test_a_huge_turn_is_read_through_a_bounded_window() -> None:
    text = " ".join(f"w{i}" for i in range(40_000))  # 40,000 distinct words
    counted = field_counts(extract(ClassifierInput(messages=[{"role": "user", "content": text}])))
    # 2,000 + 1,000 characters of the turn: a few thousand n-grams, not 40,000 words.
    assert len(counted.keys) < 12_000
