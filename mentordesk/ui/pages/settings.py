"""Settings: the organisation, who is using this laptop, workers, programmes, competence frameworks, the
certificate signing key and trusted partner keys, where the data lives, demo data."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk import __version__
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.services.frameworks import FrameworkForm, FrameworkService, framework_form, read_framework_file
from mentordesk.services.organisation import (
    OrganisationProfileService,
    OrganisationService,
    ProgrammeForm,
    ProgrammeInfo,
    WorkerForm,
    WorkerInfo,
)
from mentordesk.services.overview import OverviewService
from mentordesk.services.pathway_forms import FrameworkInfo
from mentordesk.services.setup import SetupService
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.dialogs.confirm import confirm
from mentordesk.ui.dialogs.framework_dialog import FrameworkDialog
from mentordesk.ui.dialogs.programme_dialog import ProgrammeDialog
from mentordesk.ui.dialogs.worker_dialog import WorkerDialog
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import format_date, label
from mentordesk.ui.pages.base import Page
from mentordesk.ui.style import ERROR_STYLE

if TYPE_CHECKING:
    from mentordesk.services.keys import KeyInfo, KeyService

#: Tables grow with their rows up to this many, then scroll.
VISIBLE_ROWS = 8
ID_ROLE = Qt.ItemDataRole.UserRole


class SettingsPage(Page):
    load_demo_requested = Signal()

    watches = frozenset({ChangeKind.ORGANISATION, ChangeKind.MENTEES, ChangeKind.SESSIONS,
                         ChangeKind.WORKERS, ChangeKind.PROGRAMMES, ChangeKind.CERTIFICATES,
                         ChangeKind.FRAMEWORKS})

    def __init__(
        self,
        setup: SetupService,
        overview: OverviewService,
        organisation: OrganisationService,
        current_worker: CurrentWorker,
        location: str,
        data_dir: Path,
        events: DataEvents,
        parent: QWidget | None = None,
        *,
        profile: OrganisationProfileService,
        frameworks: FrameworkService,
        keys: KeyService | None = None,
    ) -> None:
        super().__init__(self.tr("Settings"), events, parent)
        self._keys = keys
        self._partner_keys: list[KeyInfo] = []
        self._profile = profile
        self._frameworks = frameworks
        self._setup = setup
        self._overview = overview
        self._organisation = organisation
        self._current_worker = current_worker
        self._events = events
        self._data_dir = data_dir
        self._location = location
        self._workers: list[WorkerInfo] = []
        self._programmes: list[ProgrammeInfo] = []
        self._framework_list: list[FrameworkInfo] = []
        self._select_after_refresh: dict[ChangeKind, uuid.UUID] = {}
        #: The open add/edit dialog, if any (tests reach it here).
        self.dialog: QDialog | None = None

        boxes = (self._organisation_box(), self._workers_box(), self._programmes_box(), self._frameworks_box(),
                 *((self._keys_box(),) if keys is not None else ()), self._data_box(), self._about_box())
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 12, 0)  # room beside the scroll bar
        column.setSpacing(14)
        for box in boxes:
            column.addWidget(box)
        column.addStretch(1)
        self._column = column
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(content)
        self.page_layout.addWidget(self.scroll_area, 1)

        current_worker.changed.connect(self._show_current_worker)

    # ---- construction

    def _organisation_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Organisation"))
        self.organisation_name = QLabel()
        self.you_are = QComboBox()
        self.you_are.setPlaceholderText(self.tr("Choose yourself from the list"))
        self.you_are.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.you_are.setMinimumContentsLength(24)
        self.you_are.currentIndexChanged.connect(self._you_are_chosen)
        hint = QLabel(self.tr("On this laptop. “My caseload” shows the mentees of the worker chosen here, and "
                              "what you change is recorded under their name."))
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        you_are_field = QVBoxLayout()
        you_are_field.addWidget(self.you_are, 0, Qt.AlignmentFlag.AlignLeft)
        you_are_field.addWidget(hint)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.edit_organisation_button = QPushButton(self.tr("Edit organisation…"))
        self.edit_organisation_button.clicked.connect(self._edit_organisation)
        form.addRow(self.tr("Name:"), self.organisation_name)
        form.addRow(self.tr("Rules:"), self.rules)
        form.addRow("", self.edit_organisation_button)
        form.addRow(self.tr("&You are:"), you_are_field)
        you_are_label = form.labelForField(you_are_field)
        if isinstance(you_are_label, QLabel):
            you_are_label.setBuddy(self.you_are)
        return box

    def _workers_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Workers"))
        self.workers_table = _table([self.tr("Name"), self.tr("Role"), self.tr("Job title"), self.tr("Caseload"),
                                     self.tr("Active")])
        self.workers_table.horizontalHeaderItem(3).setToolTip(
            self.tr("Mentees currently enrolled in a programme with this worker as mentor."))
        self.add_worker_button = QPushButton(self.tr("Add worker…"))
        self.edit_worker_button = QPushButton(self.tr("Edit…"))
        self.add_worker_button.clicked.connect(self.add_worker)
        self.edit_worker_button.clicked.connect(self.edit_worker)
        self.workers_table.doubleClicked.connect(self.edit_worker)
        self.workers_table.installEventFilter(self)
        self.workers_table.itemSelectionChanged.connect(self._update_buttons)
        _fill_box(box, self.workers_table, self.add_worker_button, self.edit_worker_button)
        return box

    def _programmes_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Programmes"))
        self.programmes_table = _table([self.tr("Name"), self.tr("Dates"), self.tr("Planned weeks"),
                                        self.tr("Target hours"), self.tr("Competences"), self.tr("Enrolled")])
        self.add_programme_button = QPushButton(self.tr("Add programme…"))
        self.edit_programme_button = QPushButton(self.tr("Edit…"))
        self.add_programme_button.clicked.connect(self.add_programme)
        self.edit_programme_button.clicked.connect(self.edit_programme)
        self.programmes_table.doubleClicked.connect(self.edit_programme)
        self.programmes_table.installEventFilter(self)
        self.programmes_table.itemSelectionChanged.connect(self._update_buttons)
        _fill_box(box, self.programmes_table, self.add_programme_button, self.edit_programme_button)
        return box

    def _frameworks_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Competence frameworks"))
        self.frameworks_table = _table([self.tr("Name"), self.tr("Competences"), self.tr("Levels"),
                                        self.tr("Kind")])
        self.new_framework_button = QPushButton(self.tr("New…"))
        self.edit_framework_button = QPushButton(self.tr("Edit…"))
        self.import_framework_button = QPushButton(self.tr("Import JSON…"))
        self.export_framework_button = QPushButton(self.tr("Export JSON…"))
        self.delete_framework_button = QPushButton(self.tr("Delete…"))
        self.new_framework_button.clicked.connect(self.add_framework)
        self.edit_framework_button.clicked.connect(self.edit_framework)
        self.import_framework_button.clicked.connect(self.import_framework)
        self.export_framework_button.clicked.connect(self.export_framework)
        self.delete_framework_button.clicked.connect(self.delete_framework)
        self.frameworks_table.doubleClicked.connect(self.edit_framework)
        self.frameworks_table.installEventFilter(self)
        self.frameworks_table.itemSelectionChanged.connect(self._update_buttons)
        _fill_box(box, self.frameworks_table, self.new_framework_button, self.edit_framework_button,
                  self.import_framework_button, self.export_framework_button, self.delete_framework_button)
        #: What the last import or export did (a status line would be out of sight on this long page).
        self.frameworks_note = QLabel()
        self.frameworks_note.setWordWrap(True)
        self.frameworks_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.frameworks_note.hide()
        box.layout().addWidget(self.frameworks_note)
        return box

    def _keys_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Certificate signing key"))
        self.own_key_owner = QLabel()
        self.own_key_fingerprint = QLabel()
        self.own_key_fingerprint.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.own_key_fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Owner:"), self.own_key_owner)
        form.addRow(self.tr("Fingerprint:"), self.own_key_fingerprint)
        hint = QLabel(self.tr("Certificates are signed with this key. Partner organisations import your public key "
                              "to verify them offline: read them the fingerprint over the phone so they can check "
                              "the file they received is yours."))
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.export_key_button = QPushButton(self.tr("Export public key…"))
        self.export_key_button.clicked.connect(self.export_public_key)

        self.partner_keys_table = _table([self.tr("Partner organisation"), self.tr("Fingerprint"),
                                          self.tr("Trusted")])
        self.partner_keys_table.itemSelectionChanged.connect(self._update_buttons)
        self.no_partner_keys = QLabel(self.tr("No partner keys yet: only certificates signed by this organisation "
                                              "verify here."))
        self.no_partner_keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.import_key_button = QPushButton(self.tr("Import partner key…"))
        self.distrust_key_button = QPushButton(self.tr("Stop trusting…"))
        self.import_key_button.clicked.connect(self.import_partner_key)
        self.distrust_key_button.clicked.connect(self.distrust_partner_key)
        #: What the last import, export or distrust did, and the fingerprint to compare after an import.
        self.keys_note = QLabel()
        self.keys_note.setWordWrap(True)
        self.keys_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keys_note.hide()

        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(_button_row(self.export_key_button))
        layout.addSpacing(8)
        layout.addWidget(self.partner_keys_table)
        layout.addWidget(self.no_partner_keys)
        layout.addLayout(_button_row(self.import_key_button, self.distrust_key_button))
        layout.addWidget(self.keys_note)
        return box

    def _data_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Your data"))
        self.location = QLabel(self._location)
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
        form = QFormLayout(box)
        form.addRow(self.tr("Stored in:"), self.location)
        form.addRow(self.tr("Holds:"), self.counts)
        form.addRow(buttons)
        return box

    def add_box(self, box: QGroupBox) -> None:
        """Another section (e.g. Security), placed above "About", which stays last."""
        self._column.insertWidget(self._column.count() - 2, box)

    def _about_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("About"))
        form = QFormLayout(box)
        form.addRow(self.tr("Version:"), QLabel(__version__))
        return box

    def _edit_organisation(self) -> None:
        from mentordesk.ui.dialogs.organisation_dialog import OrganisationDialog

        profile = self._profile.profile()
        if profile is None:
            return
        actor = self._current_worker.id
        dialog = OrganisationDialog(lambda form: self._profile.save(form, actor), profile, self)
        dialog.accepted.connect(lambda: self._events.emit_changed(Changes.of(ChangeKind.ORGANISATION)))
        self.dialog = dialog
        dialog.open()

    # ---- showing

    def refresh(self) -> None:
        info = self._setup.organisation()
        self.organisation_name.setText(info.name if info else self.tr("Not set up yet"))
        profile = self._profile.profile()
        self.edit_organisation_button.setEnabled(profile is not None)
        self.rules.setText("" if profile is None else self.tr(
            "Guardian consent below {consent}; mentees aged {youngest} to {oldest}; no contact flagged after "
            "{days} days; codes {prefix}-0001").format(
                consent=profile.digital_consent_age, youngest=profile.min_mentee_age,
                oldest=profile.max_mentee_age, days=profile.inactivity_days, prefix=profile.mentee_code_prefix))
        self._workers = self._organisation.workers()
        self._programmes = self._organisation.programmes()
        self._framework_list = self._frameworks.frameworks()
        self._fill_workers()
        self._fill_you_are()
        self._fill_programmes()
        self._fill_frameworks()
        self._fill_keys()
        self._fill_counts()
        self._update_buttons()

    def _fill_workers(self) -> None:
        locale = QLocale()
        faded = self.palette().color(QPalette.ColorRole.PlaceholderText)
        rows = [
            (worker.id, [worker.full_name, label(worker.role), worker.job_title or "",
                         locale.toString(worker.caseload), self.tr("Yes") if worker.is_active else self.tr("No")],
             "" if worker.is_active else self.tr("No longer active: not offered as a mentor."))
            for worker in self._workers
        ]
        _fill_table(self.workers_table, rows, numeric={3})
        for row, worker in enumerate(self._workers):
            if not worker.is_active:
                for column in range(self.workers_table.columnCount()):
                    self.workers_table.item(row, column).setForeground(faded)
        self._select_pending(ChangeKind.WORKERS, self.workers_table)

    def _fill_you_are(self) -> None:
        current = self._current_worker.id
        choices = [worker for worker in self._workers if worker.is_active or worker.id == current]
        self.you_are.blockSignals(True)
        try:
            self.you_are.clear()
            for worker in choices:
                text = self.tr("{name} ({role})").format(name=worker.full_name, role=label(worker.role))
                if not worker.is_active:
                    text = self.tr("{worker}, no longer active").format(worker=text)
                self.you_are.addItem(text, str(worker.id))  # as text: findData matches UUIDs by identity
            self.you_are.setCurrentIndex(self.you_are.findData(str(current)) if current else -1)
        finally:
            self.you_are.blockSignals(False)

    def _fill_programmes(self) -> None:
        locale = QLocale()

        def number(value: int | None) -> str:
            return locale.toString(value) if value else ""

        rows = []
        for programme in self._programmes:
            start = format_date(programme.start_date)
            dates = (self.tr("{start} – {end}").format(start=start, end=format_date(programme.end_date))
                     if programme.end_date else self.tr("from {start}").format(start=start))
            tip = "\n".join(part for part in (
                self.tr("Funder: {funder}").format(funder=programme.funder) if programme.funder else "",
                programme.description or "") if part)
            rows.append((programme.id, [programme.name, dates, number(programme.planned_weeks),
                                        number(programme.target_hours), programme.framework,
                                        locale.toString(programme.enrolled)], tip))
        _fill_table(self.programmes_table, rows, numeric={2, 3, 5})
        self._select_pending(ChangeKind.PROGRAMMES, self.programmes_table)

    def _fill_frameworks(self) -> None:
        locale = QLocale()
        rows = []
        for framework in self._framework_list:
            name = (self.tr("{name} ({version})").format(name=framework.name, version=framework.version)
                    if framework.version and framework.version not in framework.name else framework.name)
            tip = "\n".join(part for part in (framework.description or "", framework.source or "") if part)
            rows.append((framework.id, [name, locale.toString(len(framework.competences)),
                                        locale.toString(len(framework.levels)),
                                        self.tr("Built in") if framework.is_builtin else self.tr("Your own")], tip))
        _fill_table(self.frameworks_table, rows, numeric={1, 2})
        self._select_pending(ChangeKind.FRAMEWORKS, self.frameworks_table)

    def _fill_counts(self) -> None:
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

    def _select_pending(self, kind: ChangeKind, table: QTableWidget) -> None:
        record_id = self._select_after_refresh.pop(kind, None)
        for row in range(table.rowCount()):
            if record_id is not None and table.item(row, 0).data(ID_ROLE) == record_id:
                table.selectRow(row)
                table.scrollToItem(table.item(row, 0))
                return

    def _update_buttons(self) -> None:
        self.edit_worker_button.setEnabled(_selected_row(self.workers_table) is not None)
        self.edit_programme_button.setEnabled(_selected_row(self.programmes_table) is not None)
        framework = self._selected_framework()
        self.edit_framework_button.setEnabled(framework is not None)
        self.edit_framework_button.setText(self.tr("View…") if framework and framework.is_builtin
                                           else self.tr("Edit…"))
        self.export_framework_button.setEnabled(framework is not None)
        self.delete_framework_button.setEnabled(framework is not None and not framework.is_builtin)
        if self._keys is not None:
            partner = self._selected_partner_key()
            self.distrust_key_button.setEnabled(partner is not None and partner.trusted)

    def _show_current_worker(self, worker_id: uuid.UUID | None) -> None:
        self.you_are.blockSignals(True)
        self.you_are.setCurrentIndex(self.you_are.findData(str(worker_id)) if worker_id else -1)
        self.you_are.blockSignals(False)

    # ---- acting

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Return on a table's row edits it, as a double-click does."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if watched is self.workers_table:
                self.edit_worker()
                return True
            if watched is self.programmes_table:
                self.edit_programme()
                return True
            if watched is self.frameworks_table:
                self.edit_framework()
                return True
        return super().eventFilter(watched, event)

    def _you_are_chosen(self, index: int) -> None:
        if index >= 0:
            self._current_worker.set(uuid.UUID(self.you_are.itemData(index)))

    def add_worker(self) -> None:
        self._edit_worker(None)

    def edit_worker(self) -> None:
        row = _selected_row(self.workers_table)
        if row is not None:
            self._edit_worker(self._workers[row])

    def _edit_worker(self, worker: WorkerInfo | None) -> None:
        worker_id = worker.id if worker else None

        def save(form: WorkerForm) -> WorkerInfo:
            return self._organisation.save_worker(form, worker_id, self._current_worker.id)

        self._open(WorkerDialog(save, worker.form() if worker else None, self), ChangeKind.WORKERS)

    def add_programme(self) -> None:
        self._edit_programme(None)

    def edit_programme(self) -> None:
        row = _selected_row(self.programmes_table)
        if row is not None:
            self._edit_programme(self._programmes[row])

    def _edit_programme(self, programme: ProgrammeInfo | None) -> None:
        programme_id = programme.id if programme else None

        def save(form: ProgrammeForm) -> ProgrammeInfo:
            return self._organisation.save_programme(form, programme_id, self._current_worker.id)

        dialog = ProgrammeDialog(save, self._organisation.frameworks(), programme.form() if programme else None,
                                 self)
        self._open(dialog, ChangeKind.PROGRAMMES)

    # ---- competence frameworks

    def _selected_framework(self) -> FrameworkInfo | None:
        row = _selected_row(self.frameworks_table)
        return self._framework_list[row] if row is not None else None

    def add_framework(self) -> None:
        actor = self._current_worker.id

        def save(form: FrameworkForm) -> FrameworkInfo:
            return self._frameworks.save(form, None, actor)

        self._open(FrameworkDialog(save, None, self), ChangeKind.FRAMEWORKS)

    def edit_framework(self) -> None:
        """A worker's own framework opens to edit; a built-in one to view."""
        framework = self._selected_framework()
        if framework is None:
            return
        framework_id, actor = framework.id, self._current_worker.id

        def save(form: FrameworkForm) -> FrameworkInfo:
            return self._frameworks.save(form, framework_id, actor)

        dialog = FrameworkDialog(None if framework.is_builtin else save, framework_form(framework), self)
        self._open(dialog, ChangeKind.FRAMEWORKS)

    def import_framework(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import a competence framework"), _documents(),
                                              self.tr("Framework files (*.json);;All files (*)"))
        if name:
            self._import_framework(Path(name))

    def _import_framework(self, path: Path, new_name: str | None = None) -> None:
        title = self.tr("Import a competence framework")
        try:
            info = self._frameworks.import_json(path, self._current_worker.id, name=new_name)
        except ValidationError as error:
            if set(error.errors) != {"name"}:
                QMessageBox.warning(self, title, self.tr("{file} cannot be imported. {reason}").format(
                    file=path.name, reason=str(error)))
                return
            # Only the name is wrong (most often: taken). Ask for another one and try again.
            suggested = new_name or self.tr("{name} (copy)").format(name=read_framework_file(path).name)
            new_name, ok = QInputDialog.getText(
                self, title, self.tr("{reason}\n\nImport it as:").format(reason=error.errors["name"]),
                QLineEdit.EchoMode.Normal, suggested)
            if ok:
                self._import_framework(path, new_name)
            return
        except DomainError as error:
            QMessageBox.warning(self, title, str(error))
            return
        self._show_framework_note(self.tr("Imported “{name}” from {file}.").format(name=info.name, file=path))
        self._select_after_refresh[ChangeKind.FRAMEWORKS] = info.id
        self._events.emit_changed(Changes.of(ChangeKind.FRAMEWORKS))

    def export_framework(self) -> None:
        framework = self._selected_framework()
        if framework is None:
            return
        suggested = Path(_documents()) / f"{_file_name(framework.name)}.json"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export a competence framework"), str(suggested),
                                              self.tr("Framework files (*.json)"))
        if not name:
            return
        path = Path(name) if Path(name).suffix else Path(name).with_suffix(".json")
        try:
            self._frameworks.export_json(framework.id, path)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Export a competence framework"), str(error))
            return
        self._show_framework_note(self.tr("Exported “{name}” to {file}.").format(name=framework.name, file=path))

    def delete_framework(self) -> None:
        framework = self._selected_framework()
        if framework is None or framework.is_builtin:
            return
        title = self.tr("Delete a competence framework")
        question = self.tr("Delete “{name}” with its {count} competences? This cannot be undone.").format(
            name=framework.name, count=QLocale().toString(len(framework.competences)))
        if not confirm(self, title, question):
            return
        try:
            self._frameworks.delete(framework.id, self._current_worker.id)
        except DomainError as error:  # in use, or deleted meanwhile
            QMessageBox.warning(self, title, str(error))
            return
        self._show_framework_note(self.tr("Deleted “{name}”.").format(name=framework.name))
        self._events.emit_changed(Changes.of(ChangeKind.FRAMEWORKS))

    def _show_framework_note(self, text: str) -> None:
        self.frameworks_note.setText(text)
        self.frameworks_note.show()

    def _open(self, dialog: WorkerDialog | ProgrammeDialog | FrameworkDialog, kind: ChangeKind) -> None:
        """Shows the dialog without blocking; once it saved, says what changed so every page refreshes."""

        def finished(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            saved = dialog.result_value
            dialog.deleteLater()
            if saved is not None:
                self._select_after_refresh[kind] = saved.id
                self._events.emit_changed(Changes.of(kind))

        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()

    # ---- the certificate signing key and partner keys

    def _fill_keys(self) -> None:
        if self._keys is None:
            return
        try:
            own = self._keys.own_key(create=False)  # showing the page never creates a key
        except DomainError as error:  # a damaged or unreadable key file: say so where the key is shown
            self.own_key_owner.setText("—")
            self.own_key_fingerprint.setText(str(error))
            self.own_key_fingerprint.setStyleSheet(ERROR_STYLE)
        else:
            self.own_key_fingerprint.setStyleSheet("")
            self.own_key_owner.setText(own.owner_name if own else "—")
            self.own_key_fingerprint.setText(own.fingerprint if own else self.tr(
                "No key yet: it is created when you export it or issue the first certificate."))
        self._partner_keys = [key for key in self._keys.trusted() if not key.is_own]
        faded = self.palette().color(QPalette.ColorRole.PlaceholderText)
        rows = []
        for key in self._partner_keys:
            if key.distrusted_at is None:
                status = self.tr("since {date}").format(date=format_date(key.trusted_at.astimezone().date()))
            else:
                status = self.tr("no longer, since {date}").format(
                    date=format_date(key.distrusted_at.astimezone().date()))
            tip = self.tr("Fingerprint: {fingerprint}").format(fingerprint=key.fingerprint)
            if not key.trusted:
                tip += "\n" + self.tr("Certificates signed with this key no longer verify here.")
            # Its first four groups, as certificates print them ("fingerprint begins with …"); the whole in the tip.
            rows.append((key.id, [key.owner_name, " ".join(key.fingerprint.split()[:4]) + " …", status], tip))
        _fill_table(self.partner_keys_table, rows, numeric=set())
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.partner_keys_table.setVisible(bool(self._partner_keys))
        self.no_partner_keys.setVisible(not self._partner_keys)
        for row, key in enumerate(self._partner_keys):
            self.partner_keys_table.item(row, 1).setFont(fixed)
            if not key.trusted:
                for column in range(self.partner_keys_table.columnCount()):
                    self.partner_keys_table.item(row, column).setForeground(faded)

    def _selected_partner_key(self) -> KeyInfo | None:
        row = _selected_row(self.partner_keys_table)
        return self._partner_keys[row] if row is not None else None

    def export_public_key(self) -> None:
        assert self._keys is not None
        title = self.tr("Export public key")
        info = self._setup.organisation()
        owner = info.name if info else "organisation"
        suggested = Path(_documents()) / f"{_file_name(owner)}-public-key.json"
        name, _ = QFileDialog.getSaveFileName(self, title, str(suggested), self.tr("Public key files (*.json)"))
        if not name:
            return
        path = Path(name) if Path(name).suffix else Path(name).with_suffix(".json")
        try:
            written = self._keys.export_public(path)
            own = self._keys.own_key(create=False)
        except DomainError as error:
            QMessageBox.warning(self, title, str(error))
            return
        self._fill_keys()
        self._show_keys_note(self.tr("Exported the public key to {file}. Its fingerprint: {fingerprint}").format(
            file=written, fingerprint=own.fingerprint if own else "—"))

    def import_partner_key(self) -> None:
        assert self._keys is not None
        title = self.tr("Import a partner organisation's key")
        name, _ = QFileDialog.getOpenFileName(self, title, _documents(),
                                              self.tr("Public key files (*.json);;All files (*)"))
        if not name:
            return
        try:
            key = self._keys.import_trusted(Path(name), self._current_worker.id)
        except DomainError as error:  # not a key file, damaged, our own, or trusted already
            QMessageBox.warning(self, title, str(error))
            return
        self._fill_keys()
        self._update_buttons()
        self._show_keys_note(self.tr(
            "Certificates signed by {owner} now verify here. Compare this fingerprint with the one {owner} reads "
            "you, by phone or in person; if they differ, stop trusting the key: {fingerprint}").format(
                owner=key.owner_name, fingerprint=key.fingerprint))

    def distrust_partner_key(self) -> None:
        assert self._keys is not None
        key = self._selected_partner_key()
        if key is None or not key.trusted:
            return
        title = self.tr("Stop trusting a key")
        if not confirm(self, title, self.tr(
                "Stop trusting the key of {owner}? Certificates it signed will no longer verify here. You can "
                "import the key again later.").format(owner=key.owner_name)):
            return
        try:
            self._keys.distrust(key.key_id, self._current_worker.id)
        except DomainError as error:
            QMessageBox.warning(self, title, str(error))
            return
        self._fill_keys()
        self._update_buttons()
        self._show_keys_note(self.tr("Certificates signed by {owner} no longer verify here.").format(
            owner=key.owner_name))

    def _show_keys_note(self, text: str) -> None:
        self.keys_note.setText(text)
        self.keys_note.show()

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))


def _table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _fill_box(box: QGroupBox, table: QTableWidget, add: QPushButton, edit: QPushButton, *more: QPushButton) -> None:
    buttons = QHBoxLayout()
    for button in (add, edit, *more):
        buttons.addWidget(button)
    buttons.addStretch(1)
    layout = QVBoxLayout(box)
    layout.addWidget(table)
    layout.addLayout(buttons)


def _button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _fill_table(table: QTableWidget, rows: list[tuple[uuid.UUID, list[str], str]], numeric: set[int]) -> None:
    """Each row: the record's id (kept on the first cell), the cells' texts and a tooltip for the row."""
    table.clearSelection()
    table.setRowCount(len(rows))
    for row, (record_id, texts, tip) in enumerate(rows):
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if tip:
                item.setToolTip(tip)
            table.setItem(row, column, item)
        table.item(row, 0).setData(ID_ROLE, record_id)
    shown = min(max(len(rows), 1), VISIBLE_ROWS)
    height = (table.horizontalHeader().sizeHint().height() + shown * table.verticalHeader().defaultSectionSize()
              + 2 * table.frameWidth())
    table.setFixedHeight(height)


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def _file_name(name: str) -> str:
    """A framework's name as a file name: "DigComp 2.2: The…" becomes "digcomp-2-2-the…"."""
    words = "".join(ch if ch.isalnum() else " " for ch in name.casefold()).split()
    return "-".join(words)[:80].rstrip("-") or "framework"


def _selected_row(table: QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None
