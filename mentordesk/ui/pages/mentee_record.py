"""One mentee: a header with who they are and where they stand, actions, and tabs for their record."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import AssessmentKind, ConsentPurpose
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.consent import ConsentService, ConsentState, ConsentSummary
from mentordesk.services.errors import DomainError, NotFoundError
from mentordesk.services.follow_ups import FollowUpService
from mentordesk.services.mentees import MenteeDetail, MenteeService
from mentordesk.services.organisation import OrganisationService
from mentordesk.services.pathway_forms import ActivityInfo, AssessmentInfo, OutcomeInfo, PathwayOverview
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
from mentordesk.ui.widgets.dashboard_mentee_progress import MenteeProgress
from mentordesk.ui.widgets.empty_state import EmptyState
from mentordesk.ui.widgets.headings import PAGE_TITLE_SCALE, heading_label
from mentordesk.ui.widgets.mentee_sessions_view import MenteeSessionsView
from mentordesk.ui.widgets.pathway_tab import PathwayTab

if TYPE_CHECKING:
    from mentordesk.services.certificates import CertificateService
    from mentordesk.services.pathway import PathwayService
    from mentordesk.ui.certificate_actions import CertificateActions

log = logging.getLogger(__name__)

WATCHES = frozenset({ChangeKind.ORGANISATION, ChangeKind.MENTEES, ChangeKind.CONSENT, ChangeKind.WORKERS,
                     ChangeKind.PROGRAMMES})
SESSION_WATCHES = frozenset({ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS})  # only the Sessions tab shows these
PATHWAY_WATCHES = frozenset({ChangeKind.PATHWAY, ChangeKind.FRAMEWORKS})  # only the Pathway tab shows these
CERTIFICATE_WATCHES = frozenset({ChangeKind.CERTIFICATES})  # the Certificates tab, and the Overview's timeline
OVERVIEW_TABLE_ROWS = 5  # enrolments and status changes shown before their table scrolls


class MenteeRecordPage(QWidget):
    back_requested = Signal()
    status_message = Signal(str)
    open_session_requested = Signal(object)  # session uuid
    log_session_requested = Signal(object)  # mentee uuid: the dialog opens with them as participant

    def __init__(self, mentees: MenteeService, consent: ConsentService, organisation: OrganisationService,
                 personal_data: PersonalDataService, runner: TaskRunner, current_worker: CurrentWorker,
                 events: DataEvents, parent: QWidget | None = None, *, sessions: SessionService,
                 follow_ups: FollowUpService, pathway: PathwayService | None = None,
                 certificates: CertificateService | None = None) -> None:
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
        self._pathway = pathway
        self._certificates = certificates
        self.certificate_actions: CertificateActions | None = None
        self.pathway_overview: PathwayOverview | None = None
        self._pathway_stale = True  # loaded when the tab is shown, not with every mentee opened
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

        self.name_label = heading_label(scale=PAGE_TITLE_SCALE)
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
        self.pathway_tab = self._pathway_tab()
        self.tabs.addTab(self.pathway_tab, self.tr("Pathway"))
        self.certificates_tab = self._certificates_tab()
        self.tabs.addTab(self.certificates_tab, self.tr("Certificates"))
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
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def _pathway_tab(self) -> PathwayTab:
        tab = PathwayTab()
        tab.new_assessment_requested.connect(self.new_assessment)
        tab.self_assessment_requested.connect(lambda: self.new_assessment(self_assessment=True))
        tab.edit_assessment_requested.connect(self.edit_assessment)
        tab.delete_assessment_requested.connect(self.delete_assessment)
        tab.add_activity_requested.connect(self.add_activity)
        tab.edit_activity_requested.connect(self.edit_activity)
        tab.delete_activity_requested.connect(self.delete_activity)
        tab.agree_plan_requested.connect(self.agree_plan)
        tab.print_agreement_requested.connect(self.print_agreement)
        tab.add_outcome_requested.connect(self.add_outcome)
        tab.edit_outcome_requested.connect(self.edit_outcome)
        tab.delete_outcome_requested.connect(self.delete_outcome)
        tab.open_evidence_requested.connect(self.open_evidence)
        return tab

    def _certificates_tab(self) -> QWidget:
        if self._certificates is None:
            return EmptyState(icon("certificates"), self.tr("Certificates"),
                              self.tr("Certificates are not available with this data."))
        from mentordesk.ui.certificate_actions import CertificateActions
        from mentordesk.ui.widgets.mentee_certificates_view import MenteeCertificatesView

        actions = CertificateActions(self._certificates, self._runner, self._events,
                                     lambda: self._current_worker.id, self.status_message.emit, self)
        self.certificate_actions = actions
        tab = MenteeCertificatesView()
        tab.issue_requested.connect(self.issue_certificate)
        tab.view_requested.connect(actions.view)
        tab.save_requested.connect(actions.save)
        tab.print_requested.connect(actions.print_)
        tab.revoke_requested.connect(actions.revoke)
        return tab

    # ---- showing

    def show_mentee(self, mentee_id: uuid.UUID) -> None:
        self.mentee_id = mentee_id
        self.tabs.setCurrentIndex(0)
        self.reload(opening=True)

    def reload(self, opening: bool = False) -> None:
        """Read the record again; `opening` (a person opened it) also writes the one VIEW audit event."""
        if self.mentee_id is None:
            return
        try:
            if opening:
                self.detail = self._mentees.open_record(self.mentee_id, self._current_worker.id)
            else:
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
        self.reload_certificates()
        self._pathway_changed()  # an enrolment in another programme can bring another framework

    def reload_sessions(self) -> None:
        if self.mentee_id is None:
            return
        try:
            sessions = self._sessions.for_mentee(self.mentee_id)
        except NotFoundError:
            return  # erased meanwhile: reload() takes the page back to the list
        self.sessions_tab.show_sessions(sessions)
        self.overview.progress.show_hours(sessions)

    def reload_certificates(self) -> None:
        if self.mentee_id is None or self._certificates is None:
            return
        from mentordesk.services.certificates import CertificateQuery

        certificates = self._certificates.register(CertificateQuery(mentee_id=self.mentee_id))
        self.certificates_tab.show_certificates(certificates)
        self.overview.progress.show_certificates(certificates)

    def reload_pathway(self) -> None:
        if self.mentee_id is None or self._pathway is None:
            return
        try:
            self.pathway_overview = self._pathway.overview(self.mentee_id)
        except NotFoundError:
            return  # erased meanwhile: reload() takes the page back to the list
        self._pathway_stale = False
        self.pathway_tab.show_overview(self.pathway_overview)
        self.overview.progress.show_pathway(self.pathway_overview)

    def _pathway_changed(self) -> None:
        self._pathway_stale = True
        if self.tabs.currentWidget() in (self.pathway_tab, self.overview):  # the Overview shows progress too
            self.reload_pathway()

    def _on_tab_changed(self) -> None:
        if self.tabs.currentWidget() in (self.pathway_tab, self.overview) and self._pathway_stale:
            self.reload_pathway()

    def _on_changed(self, changes: Changes) -> None:
        if self.mentee_id is None or not self.isVisible():
            return
        if changes.touches(*WATCHES):
            self.reload()
            return
        if changes.touches(*SESSION_WATCHES):
            self.reload_sessions()
        if changes.touches(*PATHWAY_WATCHES):
            self._pathway_changed()
        if changes.touches(*CERTIFICATE_WATCHES):
            self.reload_certificates()

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

    def issue_certificate(self) -> None:
        if self.certificate_actions is not None and self.detail is not None:
            self.certificate_actions.issue(self.detail.id, self.detail.full_name)

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


    # ---- the pathway: the tab asks, these open the dialogs and call the service

    def _workers(self) -> list[tuple[uuid.UUID, str]]:
        return [(w.id, w.full_name) for w in self._organisation.workers(active_only=True)]

    def _pathway_ready(self) -> PathwayOverview | None:
        """The overview the tab shows, loaded now should a button be pressed before the tab was."""
        if self.pathway_overview is None or self.pathway_overview.mentee_id != self.mentee_id:
            self.reload_pathway()
        return self.pathway_overview if self._pathway is not None else None

    def new_assessment(self, self_assessment: bool = False) -> None:
        from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog

        overview = self._pathway_ready()
        if overview is None or self.detail is None:
            return
        assert self._pathway is not None
        pathway, mentee_id, actor = self._pathway, self.detail.id, self._current_worker.id
        framework = overview.framework
        # One baseline per framework; interim and final assessments are compared with it.
        has_baseline = any(a.kind is AssessmentKind.BASELINE and a.framework_id == framework.id
                           for a in overview.assessments)
        kinds = (AssessmentKind.INTERIM, AssessmentKind.FINAL) if has_baseline else (AssessmentKind.BASELINE,)
        dialog = AssessmentDialog(framework, self._workers(),
                                  lambda form: pathway.add_assessment(mentee_id, form, actor),
                                  kinds_allowed=kinds, default_assessor_id=actor,
                                  mentee_name=self.detail.form.preferred_name or self.detail.form.first_name,
                                  parent=self)
        self._open(dialog, ChangeKind.PATHWAY, self.tr("Assessment saved."))
        if self_assessment:
            dialog.open_self_assessment()  # straight to the young person's screen; Done fills the Self column

    def edit_assessment(self, assessment: AssessmentInfo) -> None:
        from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog

        overview = self._pathway_ready()
        if overview is None or self.detail is None:
            return
        assert self._pathway is not None
        if assessment.framework_id != overview.framework.id:
            QMessageBox.information(self, self.tr("Assessment"), self.tr(
                "This assessment was made against another competence framework than the one this mentee's "
                "programme uses now, so it cannot be edited here. It stays on record as it is."))
            return
        pathway, actor = self._pathway, self._current_worker.id
        dialog = AssessmentDialog(overview.framework, self._workers(),
                                  lambda form: pathway.update_assessment(assessment.id, form, actor),
                                  initial=assessment,
                                  mentee_name=self.detail.form.preferred_name or self.detail.form.first_name,
                                  parent=self)
        self._open(dialog, ChangeKind.PATHWAY, self.tr("Assessment saved."))

    def add_activity(self) -> None:
        from mentordesk.ui.dialogs.activity_dialog import ActivityDialog

        overview = self._pathway_ready()
        if overview is None or self.detail is None:
            return
        assert self._pathway is not None
        pathway, mentee_id, actor = self._pathway, self.detail.id, self._current_worker.id
        dialog = ActivityDialog(overview.framework, lambda form: pathway.add_activity(mentee_id, form, actor),
                                parent=self)
        self._open(dialog, ChangeKind.PATHWAY, self.tr("Activity added to the plan."))

    def edit_activity(self, activity: ActivityInfo) -> None:
        from mentordesk.ui.dialogs.activity_dialog import ActivityDialog

        overview = self._pathway_ready()
        if overview is None:
            return
        assert self._pathway is not None
        pathway, actor = self._pathway, self._current_worker.id
        dialog = ActivityDialog(overview.framework, lambda form: pathway.update_activity(activity.id, form, actor),
                                initial=activity, parent=self)
        self._open(dialog, ChangeKind.PATHWAY, self.tr("Activity saved."))

    def agree_plan(self) -> None:
        from mentordesk.ui.dialogs.agreement_dialog import AgreementDialog

        if self._pathway is None or self.detail is None:
            return
        pathway, mentee_id, actor = self._pathway, self.detail.id, self._current_worker.id
        workers = self._workers()
        enrolment = self.detail.current_enrolment
        # The mentee's mentor signs; without one on record, the worker at the laptop.
        mentor_id = enrolment.mentor_id if enrolment and enrolment.mentor_id else actor
        mentor = (enrolment.mentor if enrolment and enrolment.mentor else
                  next((name for worker_id, name in workers if worker_id == actor), ""))
        dialog = AgreementDialog(lambda form: pathway.agree_plan(mentee_id, form, actor), self.detail.full_name,
                                 mentor, workers, default_mentor_id=mentor_id, parent=self)
        self._open(dialog, ChangeKind.PATHWAY, self.tr("Plan agreed."))

    def add_outcome(self) -> None:
        from mentordesk.ui.dialogs.outcome_dialog import OutcomeDialog

        overview = self._pathway_ready()
        if overview is None or self.detail is None:
            return
        assert self._pathway is not None
        pathway, mentee_id, actor = self._pathway, self.detail.id, self._current_worker.id
        dialog = OutcomeDialog(overview.framework, self._workers(),
                               lambda form: pathway.add_outcome(mentee_id, form, actor),
                               open_file=self.open_evidence, default_assessor_id=actor, parent=self)
        self._open(dialog, ChangeKind.PATHWAY, self.tr("Outcome added."))

    def edit_outcome(self, outcome: OutcomeInfo) -> None:
        from mentordesk.ui.dialogs.outcome_dialog import OutcomeDialog

        overview = self._pathway_ready()
        if overview is None:
            return
        assert self._pathway is not None
        pathway, actor = self._pathway, self._current_worker.id
        dialog = OutcomeDialog(overview.framework, self._workers(),
                               lambda form: pathway.update_outcome(outcome.id, form, actor),
                               initial=outcome, open_file=self.open_evidence, parent=self)
        self._open(dialog, ChangeKind.PATHWAY, self.tr("Outcome saved."))

    def delete_assessment(self, assessment_id: uuid.UUID) -> None:
        """The tab has asked already."""
        if self._pathway is not None:
            self._delete_pathway_record(self._pathway.delete_assessment, assessment_id,
                                        self.tr("Assessment deleted."))

    def delete_activity(self, activity_id: uuid.UUID) -> None:
        if self._pathway is not None:
            self._delete_pathway_record(self._pathway.delete_activity, activity_id, self.tr("Activity deleted."))

    def delete_outcome(self, outcome_id: uuid.UUID) -> None:
        if self._pathway is not None:
            self._delete_pathway_record(self._pathway.delete_outcome, outcome_id, self.tr("Outcome deleted."))

    def _delete_pathway_record(self, delete: Callable[..., None], record_id: uuid.UUID, message: str) -> None:
        try:
            delete(record_id, actor_id=self._current_worker.id)
        except DomainError as error:  # a baseline others are compared with, or deleted elsewhere meanwhile
            QMessageBox.warning(self, self.tr("Pathway"), str(error))
            self.reload_pathway()
            return
        self._events.emit_changed(Changes.of(ChangeKind.PATHWAY))
        self.status_message.emit(message)

    def print_agreement(self, agreement_id: uuid.UUID) -> None:
        assert self.detail is not None
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        suggested = folder / self.tr("learning-agreement-{code}.pdf").format(code=self.detail.reference_code)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the agreement to print as…"), str(suggested),
                                              self.tr("PDF documents (*.pdf)"))
        if path:
            target = Path(path)
            self.write_agreement(agreement_id, target if target.suffix.lower() == ".pdf"
                                 else target.with_name(target.name + ".pdf"))

    def write_agreement(self, agreement_id: uuid.UUID, target: Path) -> None:
        """Renders on the task pool (ReportLab takes a moment); the status bar says where it went."""
        if self._pathway is None:
            return
        pathway, button, actor = self._pathway, self.pathway_tab.print_agreement_button, self._current_worker.id
        button.setEnabled(False)

        def done(result: object) -> None:
            button.setEnabled(True)
            self.status_message.emit(self.tr("Agreement saved to {path}: print it to sign.").format(path=result))

        def failed(error: BaseException) -> None:
            button.setEnabled(True)
            if not isinstance(error, DomainError):
                log.error("writing the agreement PDF failed", exc_info=error)
            QMessageBox.warning(self, self.tr("Print agreement"),
                                self.tr("The agreement could not be saved: {error}").format(error=error))

        self._runner.run(lambda _progress: pathway.write_agreement_pdf(agreement_id, target, actor), done, failed)

    def open_evidence(self, evidence_id: uuid.UUID) -> None:
        if self._pathway is None:
            return
        try:
            path = self._pathway.evidence_file(evidence_id)
        except NotFoundError as error:
            QMessageBox.warning(self, self.tr("Evidence file"), str(error))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, self.tr("Evidence file"), self.tr(
                "No program on this computer opens {name}. The file is in {folder}.").format(
                name=path.name, folder=path.parent))


class _OverviewTab(QWidget):
    """Who the mentee is and their record at a glance, then their progress: pathway dates, hours, levels.

    One scrolling column: the facts first (details beside enrolments and status history, each table only as
    tall as its rows), the progress under them.
    """

    def __init__(self) -> None:
        super().__init__()
        self.details = QFormLayout()
        self.enrolments = _table([self.tr("Programme"), self.tr("Mentor"), self.tr("From"), self.tr("Until"),
                                  self.tr("Why it ended")])
        self.history = _table([self.tr("Date"), self.tr("Status"), self.tr("Reason"), self.tr("By")])
        self.progress = MenteeProgress()
        facts = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(heading_label(self.tr("Details")))
        left.addLayout(self.details)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(heading_label(self.tr("Enrolments")))
        right.addWidget(self.enrolments)
        right.addWidget(heading_label(self.tr("Status history")))
        right.addWidget(self.history)
        right.addStretch(1)
        facts.addLayout(left, 2)
        facts.addLayout(right, 3)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setSpacing(14)
        column.addLayout(facts)
        column.addWidget(_rule())
        column.addWidget(self.progress)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

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
        for table in (self.enrolments, self.history):
            _fit_rows(table, OVERVIEW_TABLE_ROWS)


class _ConsentTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.current = QFormLayout()
        self.history = _table([self.tr("Recorded"), self.tr("Purpose"), self.tr("Consent"), self.tr("Given by"),
                               self.tr("How"), self.tr("Notice"), self.tr("Date")])
        self.record_button = QPushButton(self.tr("Record consent or withdrawal…"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Now")))
        layout.addLayout(self.current)
        layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(heading_label(self.tr("History (kept, never changed)")))
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


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _fit_rows(table: QTableWidget, most: int) -> None:
    """As tall as its rows (one at least, `most` at most, then it scrolls), in a page that scrolls itself."""
    rows = min(max(table.rowCount(), 1), most)
    header = table.horizontalHeader()
    height = header.sizeHint().height() + 2 * table.frameWidth() + rows * table.verticalHeader().defaultSectionSize()
    if header.length() > table.viewport().width():  # wider than shown: room for the scroll bar under the rows
        height += table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(height)


def _rule() -> QFrame:
    rule = QFrame()
    rule.setFrameShape(QFrame.Shape.HLine)
    rule.setFrameShadow(QFrame.Shadow.Sunken)
    return rule


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
