"""Errors of request-level routing input, mapped to HTTP statuses at the API boundary.

    RoutingError
    ├── RouterOptionError    a ``router`` field (or ``model``) has a bad value  → 400
    └── UnknownModelError    ``model`` names nothing we can route to             → 404

A rejected decision (503) is not an error: it is a ``Decision`` of type ``reject``.
"""

from __future__ import annotations


class RoutingError(Exception):
    """Base of the errors raised while reading a request's routing options."""


class RouterOptionError(RoutingError, ValueError):
    """A request field has a wrong type or value; ``field`` is its dotted name."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class UnknownModelError(RoutingError, LookupError):
    """The ``model`` field is neither ``auto``, a configured model nor a task type."""

    def __init__(self, model: str, valid_names: tuple[str, ...]) -> None:
        self.model = model
        self.valid_names = valid_names
        super().__init__(
            f"The model {model!r} does not exist; valid names: {', '.join(valid_names)}"
        )
