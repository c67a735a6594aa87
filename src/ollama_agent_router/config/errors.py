"""The one error type of configuration: every problem, each naming its dotted key."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Problem(NamedTuple):
    key: str
    """Dotted key such as ``models[1].sizeGb``; empty for the file as a whole."""
    message: str


class ConfigError(Exception):
    """The configuration cannot be used; ``lines()`` gives one line per problem."""

    def __init__(self, problems: list[Problem], *, source: Path | None = None) -> None:
        self.problems = problems
        self.source = source
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        where = f"{self.source}: " if self.source is not None else ""
        return [
            f"{where}{p.key}: {p.message}" if p.key else f"{where}{p.message}"
            for p in self.problems
        ]
