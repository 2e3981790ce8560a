"""Domain errors: what the ui shows next to a field, and the CLI prints as one sentence."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """A request the domain refuses; the message is written for the person using the app."""


class NotFoundError(DomainError):
    pass


class OperationCancelled(DomainError):
    def __init__(self) -> None:
        super().__init__("The operation was cancelled; nothing was saved.")


class ValidationError(DomainError):
    """One message per invalid field, keyed by the field's name."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))
