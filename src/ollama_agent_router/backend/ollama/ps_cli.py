"""Parse the ``ollama ps`` table: only a fallback for when ``/api/ps`` cannot be used.

The table (``NAME ID SIZE PROCESSOR [CONTEXT] UNTIL``) is aligned with runs of spaces,
while some cells contain single spaces (``9.6 GB``, ``100% GPU``, ``4 minutes from now``),
so cells are split on two or more spaces and matched to the header's columns. CONTEXT
exists since Ollama 0.10.0. Sizes are decimal (``HumanBytes``), so bytes are approximate.
"""

from __future__ import annotations

import re

from ollama_agent_router.backend.ollama.models import PsModel

_CELLS = re.compile(r"\s{2,}")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)\s*$", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
_SPLIT = re.compile(r"^\s*(\d+)%/(\d+)%\s*CPU/GPU\s*$", re.IGNORECASE)


def _size(text: str) -> int:
    match = _SIZE.match(text)
    if not match:
        return 0
    return round(float(match.group(1)) * _UNITS[match.group(2).lower()])


def _vram(size: int, processor: str) -> int:
    label = processor.strip().upper()
    if label == "100% GPU":
        return size
    if label == "100% CPU":
        return 0
    match = _SPLIT.match(processor)
    if match:
        return round(size * int(match.group(2)) / 100)
    return 0


def parse_ollama_ps_table(text: str) -> list[PsModel]:
    """Loaded models from ``ollama ps`` output; an unknown layout gives an empty list."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    header = [cell.upper() for cell in _CELLS.split(lines[0].strip())]
    if "NAME" not in header or "SIZE" not in header:
        return []
    models: list[PsModel] = []
    for line in lines[1:]:
        cells = dict(zip(header, _CELLS.split(line.strip()), strict=False))
        name = cells.get("NAME", "")
        if not name:
            continue
        size = _size(cells.get("SIZE", ""))
        context = cells.get("CONTEXT", "")
        models.append(
            PsModel(
                name=name,
                size=size,
                size_vram=_vram(size, cells.get("PROCESSOR", "")),
                context_length=int(context) if context.isdigit() else None,
                digest=cells.get("ID", ""),
            )
        )
    return models
