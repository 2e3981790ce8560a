"""Settings: the organisation, where the data lives, what it holds, and the demo data offer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from mentordesk import __version__
from mentordesk.services.changes import ChangeKind
from mentordesk.services.overview import OverviewService
from mentordesk.services.setup import SetupService
from mentordesk.ui.events import DataEvents
from mentordesk.ui.pages.base import Page


class SettingsPage(Page):
    load_demo_requested = Signal()

    watches = frozenset({ChangeKind.ORGANISATION, ChangeKind.MENTEES, ChangeKind.SESSIONS,
                         ChangeKind.WORKERS, ChangeKind.PROGRAMMES, ChangeKind.CERTIFICATES})

    def __init__(
        self,
        setup: SetupService,
        overview: OverviewService,
        location: str,
        data_dir: Path,
        events: DataEvents,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Settings"), events, parent)
        self._setup = setup
        self._overview = overview
        self._data_dir = data_dir

        organisation = QGroupBox(self.tr("Organisation"))
        self.organisation_name = QLabel()
        form = QFormLayout(organisation)
        form.addRow(self.tr("Name:"), self.organisation_name)

        data = QGroupBox(self.tr("Your data"))
        self.location = QLabel(location)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        open_folder = QPushButton(self.tr("Open data folder"))
        open_folder.clicked.connect(self._open_data_folder)
        self.load_demo = QPushButton(self.tr("Load demo data…"))
        self.load_demo.setToolTip(self.tr("Fill an empty caseload with 200 fictional mentees to try MentorDesk."))
        self.load_demo.clicked.connect(self.load_demo_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(open_folder)
        buttons.addWidget(self.load_demo)
        buttons.addStretch(1)
        data_form = QFormLayout(data)
        data_form.addRow(self.tr("Stored in:"), self.location)
        data_form.addRow(self.tr("Holds:"), self.counts)
        data_form.addRow(buttons)

        about = QGroupBox(self.tr("About"))
        about_form = QFormLayout(about)
        about_form.addRow(self.tr("Version:"), QLabel(__version__))

        for box in (organisation, data, about):
            self.page_layout.addWidget(box)
        self.page_layout.addStretch(1)

    def refresh(self) -> None:
        info = self._setup.organisation()
        self.organisation_name.setText(info.name if info else self.tr("Not set up yet"))
        counts = self._overview.counts()
        locale = QLocale()
        self.counts.setText(
            self.tr("Mentees: {mentees} ({active} active) · Sessions: {sessions} · Open follow-ups: {follow_ups} · "
                    "Workers: {workers} · Programmes: {programmes} · Certificates: {certificates}").format(
                mentees=locale.toString(counts.mentees),
                active=locale.toString(counts.active_mentees),
                sessions=locale.toString(counts.sessions),
                follow_ups=locale.toString(counts.open_follow_ups),
                workers=locale.toString(counts.workers),
                programmes=locale.toString(counts.programmes),
                certificates=locale.toString(counts.certificates),
            )
        )
        self.load_demo.setEnabled(counts.mentees == 0)

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))
