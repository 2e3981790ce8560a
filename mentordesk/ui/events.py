"""The app-wide change signal: after a mutation the ui emits what changed; pages subscribe."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from mentordesk.services.changes import Changes


class DataEvents(QObject):
    changed = Signal(object)  # Changes

    def emit_changed(self, changes: Changes) -> None:
        self.changed.emit(changes)
