"""How long-running services report progress and learn they were cancelled (no Qt here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mentordesk.services.errors import OperationCancelled


@dataclass
class Progress:
    """Passed into long work; the ui wires `report` to a progress dialog and `cancelled` to its button."""

    report: Callable[[int, int, str], None] = field(default=lambda done, total, message: None)
    cancelled: Callable[[], bool] = field(default=lambda: False)

    def step(self, done: int, total: int, message: str = "") -> None:
        """Report progress; raises OperationCancelled when the person asked to stop."""
        if self.cancelled():
            raise OperationCancelled()
        self.report(done, total, message)
