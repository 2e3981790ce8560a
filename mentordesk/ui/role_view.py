"""What a mentor does not get to see as a button: actions only a coordinator may take, choices that change nothing.

The services refuse these anyway (services/access.py); hiding them spares a mentor the refusal.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

# page key -> attributes naming the coordinator-only buttons on that page
COORDINATOR_ONLY: dict[str, tuple[str, ...]] = {
    "mentees": ("add_button", "import_button"),
    "today": ("everyone",),  # a mentor's agenda is their caseload's, whichever is picked
    "certificates": ("revoke_button",),
    "dashboard": ("report_button", "mentor_filter"),  # a mentor's figures are their own mentees'

    "settings": ("edit_organisation_button", "add_worker_button", "edit_worker_button", "add_programme_button",
                 "edit_programme_button", "new_framework_button", "import_framework_button",
                 "delete_framework_button", "import_key_button", "distrust_key_button", "load_demo"),
    "record": ("reassign_button",),
}


def show_for_role(pages: Mapping[str, QWidget], is_coordinator: bool) -> None:
    for key, names in COORDINATOR_ONLY.items():
        page = pages.get(key)
        for name in names:
            widget = getattr(page, name, None) if page is not None else None
            if isinstance(widget, QWidget):
                widget.setVisible(is_coordinator)
