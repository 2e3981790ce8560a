"""Save dialogs for exports: when the data is encrypted, they propose the sealed name and say why.

An export service that seals (services/sealed_files.py) has `file_for(path)`: the file it will really
write. The dialog proposes that name, and its title says the file is sealed and how to open it; the
service is handed the plain name, and adds `.mdsealed` itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

SEALED_SUFFIX = ".mdsealed"  # as services/sealed_files.py names them; not imported, to keep this module light


def _tr(text: str) -> str:
    return QCoreApplication.translate("SealedExports", text)


def written_to(service: Any, path: Path) -> Path:
    """The file an export of `path` lands in (the sealed name when the data is encrypted)."""
    file_for = getattr(service, "file_for", None)
    return file_for(path) if file_for is not None else path


def choose_export_file(parent: QWidget, title: str, suggested: Path, file_filter: str, service: Any) -> Path | None:
    """Ask where an export goes; None when cancelled. Returns the name to hand to `service`."""
    target = written_to(service, suggested)
    sealed = target != suggested
    if sealed:
        title = _tr("{title} — sealed, because the data is encrypted (open it with 'mentordesk unseal')").format(
            title=title)
        file_filter = _tr("Sealed exports (*.mdsealed)")
    name, _ = QFileDialog.getSaveFileName(parent, title, str(target), file_filter)
    if not name:
        return None
    path = Path(name)
    return path.with_name(path.name.removesuffix(SEALED_SUFFIX)) if sealed else path
