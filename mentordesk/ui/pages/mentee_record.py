"""One mentee: a header with who they are and where they stand, actions, and tabs for their record."""

from __future__ import annotations

import logging
import uuid
from html import escape
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import ConsentPurpose
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.consent import ConsentService, ConsentState, ConsentSummary
from mentordesk.services.errors import DomainError, NotFoundError
from mentordesk.services.follow_ups import FollowUpService
from mentordesk.services.mentees import MenteeDetail, MenteeService
from mentordesk.services.organisation import OrganisationService
from mentordesk.services.personal_data import PersonalDataService
from mentordesk.services.sessions import SessionService
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.dialogs.erase_dialog import EraseDialog
from mentordesk.ui.dialogs.mentee_dialog import MenteeDialog
from mentordesk.ui.dialogs.record_dialogs import ConsentDialog, EnrolDialog, ReassignDialog, StatusDialog
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import format_date, label
from mentordesk.ui.resources import icon
from mentordesk.ui.style import ERROR_COLOUR
from mentordesk.ui.tasks import TaskRunner
from mentordesk.ui.widgets.empty_state import EmptyState
from mentordesk.ui.widgets.mentee_sessions_view import MenteeSessionsView

log = logging.getLogger(__name__)

WATCHES = frozenset({ChangeKind.ORGANISATION, ChangeKind.MENTEES, ChangeKind.CONSENT, ChangeKind.WORKERS,
                     ChangeKind.PROGRAMMES})
SESSION_WATCHES = frozenset({ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS})  # only the Sessions tab shows these


class MenteeRecordPage(QWidget):
    back_requested = Signal()
    status_message = Signal(str)
    open_session_requested = Signal(object)  # session uuid
    log_session_requested = Signal(object)  # mentee uuid: the dialog opens with them as participant

    def __init__(self, mentees: MenteeService, consent: ConsentService, organisation: OrganisationService,
                 personal_data: PersonalDataService, runner: TaskRunner, current_worker: CurrentWorker,
                 events: DataEvents, parent: QWidget | None = None, *, sessions: SessionService,
                 follow_ups: FollowUpService) -> None:
        super().__init__(parent)
        self._mentees = mentees
        self._consent = consent
        self._organisation = organisation
        self._personal_data = personal_data
        self._runner = runner
        self._current_worker = current_worker
        self._events = events
        self._sessions = sessions
        self._follow_ups = follow_ups
        self.mentee_id: uuid.UUID | None = None
        self.detail: MenteeDetail | None = None
        self.consent_summary: ConsentSummary | None = None
        self.dialog: QWidget | None = None  # the open dialog, for tests and to keep it alive
        events.changed.connect(self._on_changed)

        self.back_button = QPushButton(self.tr("← Mentees"))
        self.back_button.setFlat(True)
        self.back_button.setToolTip(self.tr("Back to the list (Alt+Left)"))
        self.back_button.clicked.connect(self.back_requested)
        QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), self, activated=self.back_requested.emit)

        self.name_label = QLabel()
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QLabel()
        self.facts_label.setTextFormat(Qt.TextFormat.RichText)

        self.log_session_button = QPushButton(self.tr("&Log session…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.status_button = QPushButton(self.tr("Change &status…"))
        self.enrol_button = QPushButton(self.tr("E&nrol…"))
        self.reassign_button = QPushButton(self.tr("Change &mentor…"))
        self.consent_button = QPushButton(self.tr("Record &consent…"))
        self.export_button = QPushButton(self.tr("Export this person's data…"))
        self.erase_button = QPushButton(self.tr("Erase…"))
        self.erase_button.setStyleSheet(f"color: {ERROR_COLOUR};")
        actions = {
            self.log_session_button: self.log_session, self.edit_button: self.edit,
            self.status_button: self.change_status, self.enrol_button: self.enrol,
            self.reassign_button: self.reassign, self.consent_button: self.record_consent,
            self.export_button: self.export_data, self.erase_button: self.erase,
        }
        buttons = QHBoxLayout()
        for button, action in actions.items():
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.tabs = QTabWidget()
        self.overview = _OverviewTab()
        self.consent_tab = _ConsentTab()
        self.consent_tab.record_button.clicked.connect(self.record_consent)
        self.tabs.addTab(self.overview, self.tr("Overview"))
        self.sessions_tab = MenteeSessionsView()
        self.sessions_tab.open_session_requested.connect(self.open_session_requested)
        self.sessions_tab.log_session_requested.connect(self.log_session)
        self.sessions_tab.follow_up_ticked.connect(self.set_follow_up_done)
        self.tabs.addTab(self.sessions_tab, self.tr("Sessions"))
        self.tabs.addTab(EmptyState(icon("dashboard"), self.tr("Pathway"), self.tr(
            "The three steps (skills assessment, learning offer, validation) with their evidence and a "
            "competence chart arrive with the pathway screens.")), self.tr("Pathway"))
        self.tabs.addTab(EmptyState(icon("certificates"), self.tr("Certificates"), self.tr(
            "Issuing signed certificates from validated outcomes arrives with the certificates feature.")),
            self.tr("Certificates"))
        self.tabs.addTab(self.consent_tab, self.tr("Consent"))
        self.tabs.addTab(EmptyState(icon("mentees"), self.tr("Notes"), self.tr(
            "Case notes are kept with sessions; writing and reading them here arrives with session logging.")),
            self.tr("Notes"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 18)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.name_label)
        layout.addWidget(self.facts_label)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)

    # ---- showing

    def show_mentee(self, mentee_id: uuid.UUID) -> None:
        self.mentee_id = mentee_id
        self.tabs.setCurrentIndex(0)
        self.reload()

    def reload(self) -> None:
        if self.mentee_id is None:
            return
        try:
            self.detail = self._mentees.get(self.mentee_id)
            self.consent_summary = self._consent.summary(self.mentee_id)
        except NotFoundError:
            self.mentee_id = None
            self.back_requested.emit()
            return
        detail, summary = self.detail, self.consent_summary
        self.name_label.setText(detail.full_name)
        enrolment = detail.current_enrolment
        consent_colour = "inherit" if summary.state is ConsentState.VALID else ERROR_COLOUR
        facts = [
            escape(detail.reference_code),
            self.tr("<b>{status}</b>").format(status=label(detail.status)),
            self.tr("{age} years").format(age=detail.age) if detail.age is not None else "",
            self.tr("Mentor: {mentor}").format(mentor=escape(enrolment.mentor or "—")) if enrolment else
            self.tr("Not enrolled"),
            escape(enrolment.programme) if enrolment else "",
            self.tr("<span style='color:{colour}'>Consent: {state}</span>").format(
                colour=consent_colour, state=label(summary.state)),
        ]
        self.facts_label.setText("  ·  ".join(fact for fact in facts if fact))
        self.reassign_button.setEnabled(enrolment is not None)
        self.overview.show_detail(detail)
        self.consent_tab.show_summary(summary)
        self.reload_sessions()

    def reload_sessions(self) -> None:
        if self.mentee_id is None:
            return
        try:
            self.sessions_tab.show_sessions(self._sessions.for_mentee(self.mentee_id))
        except NotFoundError:
            return  # erased meanwhile: reload() takes the page back to the list

    def _on_changed(self, changes: Changes) -> None:
        if self.mentee_id is None or not self.isVisible():
            return
        if changes.touches(*WATCHES):
            self.reload()
        elif changes.touches(*SESSION_WATCHES):
            self.reload_sessions()

    # ---- actions

    def _open(self, dialog: QWidget, changed: ChangeKind, message: str) -> None:
        def done() -> None:
            self._events.emit_changed(Changes.of(changed))
            self.status_message.emit(message)

        dialog.accepted.connect(done)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def log_session(self) -> None:
        if self.mentee_id is not None:
            self.log_session_requested.emit(self.mentee_id)

    def set_follow_up_done(self, follow_up_id: uuid.UUID, done: bool) -> None:
        try:
            self._follow_ups.set_done(follow_up_id, done, actor_id=self._current_worker.id)
        except DomainError as error:  # deleted with its session meanwhile, for one
            QMessageBox.warning(self, self.tr("Follow-up"), str(error))
            self.reload_sessions()
            return
        self._events.emit_changed(Changes.of(ChangeKind.FOLLOW_UPS))
        self.status_message.emit(self.tr("Follow-up marked done.") if done else self.tr("Follow-up opened again."))

    def edit(self) -> None:
        assert self.detail is not None
        mentee_id, actor = self.detail.id, self._current_worker.id
        dialog = MenteeDialog(lambda form, confirmed: self._mentees.update(mentee_id, form, actor, confirmed),
                              self.detail.form, self)
        self._open(dialog, ChangeKind.MENTEES, self.tr("Saved."))

    def change_status(self) -> None:
        assert self.detail is not None
        mentee_id, actor = self.detail.id, self._current_worker.id
        dialog = StatusDialog(self.detail.status, lambda status, on, reason: self._mentees.change_status(
            mentee_id, status, on, reason, actor), self)
        self._open(dialog, ChangeKind.MENTEES, self.tr("Status changed."))

    def enrol(self) -> None:
        assert self.detail is not None
        mentee_id, actor = self.detail.id, self._current_worker.id
        programmes = [(p.id, p.name) for p in self._organisation.programmes()]
        mentors = [(w.id, w.full_name) for w in self._organisation.workers(active_only=True)]
        dialog = EnrolDialog(programmes, mentors, actor, lambda programme, mentor, on: self._mentees.enrol(
            mentee_id, programme, mentor, on, actor), self)
        self._open(dialog, ChangeKind.MENTEES, self.tr("Enrolled."))

    def reassign(self) -> None:
        assert self.detail is not None
        enrolment = self.detail.current_enrolment
        if enrolment is None:
            return
        actor = self._current_worker.id
        mentors = [(w.id, w.full_name) for w in self._organisation.workers(active_only=True)]
        dialog = ReassignDialog(mentors, enrolment.mentor_id, lambda mentor, on, reason: self._mentees.reassign(
            enrolment.id, mentor, on, reason, actor), self)
        self._open(dialog, ChangeKind.MENTEES, self.tr("Mentor changed."))

    def record_consent(self) -> None:
        assert self.detail is not None and self.consent_summary is not None
        mentee_id, actor = self.detail.id, self._current_worker.id
        dialog = ConsentDialog(lambda entry: self._consent.record(mentee_id, entry, actor),
                               guardian_needed=self.consent_summary.under_consent_age, parent=self)
        self._open(dialog, ChangeKind.CONSENT, self.tr("Consent recorded."))

    def export_data(self) -> None:
        assert self.detail is not None
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export this person's data to…"), start)
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        assert self.detail is not None
        mentee_id, actor = self.detail.id, self._current_worker.id
        self.export_button.setEnabled(False)

        def done(result: object) -> None:
            self.export_button.setEnabled(True)
            self.status_message.emit(self.tr("Exported to {json} and {pdf}.").format(
                json=result.json_path, pdf=result.pdf_path))

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            if not isinstance(error, DomainError):
                log.error("exporting personal data failed", exc_info=error)
            QMessageBox.warning(self, self.tr("Export"), self.tr("The data could not be exported: {error}")
                                .format(error=error))

        self._runner.run(lambda _progress: self._personal_data.export(mentee_id, folder, actor), done, failed)

    def erase(self) -> None:
        assert self.detail is not None
        mentee_id, actor = self.detail.id, self._current_worker.id
        dialog = EraseDialog(self.detail.reference_code, self.detail.full_name,
                             lambda typed: self._personal_data.erase(mentee_id, typed, actor), self)

        def erased() -> None:
            self.mentee_id = None
            self._events.emit_changed(Changes.everything())
            self.status_message.emit(self.tr("The mentee's personal records were erased."))
            self.back_requested.emit()

        dialog.accepted.connect(erased)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()


class _OverviewTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.details = QFormLayout()
        self.enrolments = _table([self.tr("Programme"), self.tr("Mentor"), self.tr("From"), self.tr("Until"),
                                  self.tr("Why it ended")])
        self.history = _table([self.tr("Date"), self.tr("Status"), self.tr("Reason"), self.tr("By")])
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(_heading(self.tr("Details")))
        left.addLayout(self.details)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(_heading(self.tr("Enrolments")))
        right.addWidget(self.enrolments, 1)
        right.addWidget(_heading(self.tr("Status history")))
        right.addWidget(self.history, 1)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    def show_detail(self, detail: MenteeDetail) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        form = detail.form
        for caption, value in (
            (self.tr("Preferred name:"), form.preferred_name),
            (self.tr("Birth date:"), format_date(form.birth_date)),
            (self.tr("Gender:"), label(form.gender)),
            (self.tr("Email:"), form.email),
            (self.tr("Phone:"), form.phone),
            (self.tr("Postcode:"), form.postcode),
            (self.tr("Languages:"), form.languages),
        ):
            value_label = QLabel(value or "—")
            value_label.setTextFormat(Qt.TextFormat.PlainText)  # what people typed is never markup
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(caption, value_label)
        _fill(self.enrolments, [
            (e.programme, e.mentor or "—", format_date(e.started_on), format_date(e.ended_on), e.end_reason or "")
            for e in detail.enrolments])
        _fill(self.history, [
            (format_date(c.changed_on), label(c.status), c.reason or "", c.changed_by or "")
            for c in detail.history])


class _ConsentTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.current = QFormLayout()
        self.history = _table([self.tr("Recorded"), self.tr("Purpose"), self.tr("Consent"), self.tr("Given by"),
                               self.tr("How"), self.tr("Notice"), self.tr("Date")])
        self.record_button = QPushButton(self.tr("Record consent or withdrawal…"))
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Now")))
        layout.addLayout(self.current)
        layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(_heading(self.tr("History (kept, never changed)")))
        layout.addWidget(self.history, 1)

    def show_summary(self, summary: ConsentSummary) -> None:
        while self.current.rowCount():
            self.current.removeRow(0)
        for purpose in ConsentPurpose:
            action = summary.by_purpose[purpose]
            text = label(action) if action else self.tr("Not asked yet")
            if purpose is ConsentPurpose.PROCESSING and summary.state is not ConsentState.VALID:
                text = f"<span style='color:{ERROR_COLOUR}'>{label(summary.state)}</span>"
            self.current.addRow(label(purpose) + ":", QLabel(text))
        rows = []
        for event in summary.history:
            given_by = label(event.given_by)
            if event.guardian_name:
                given_by = f"{event.guardian_name} ({event.guardian_relationship})"
            rows.append((event.recorded_at.astimezone().strftime("%Y-%m-%d %H:%M"), label(event.purpose),
                         label(event.action), given_by, label(event.method), event.notice_version,
                         format_date(event.effective_on)))
        _fill(self.history, rows)


def _heading(text: str) -> QLabel:
    heading = QLabel(text)
    font = QFont(heading.font())
    font.setBold(True)
    heading.setFont(font)
    return heading


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
