"""Starting the GUI: show the shell at once, open the data in the background, then fill the pages."""

from __future__ import annotations

import logging
import sys
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from mentordesk import APP_NAME, __version__
from mentordesk.config.paths import AppPaths
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.errors import DomainError
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.i18n import install_translators
from mentordesk.ui.main_window import MainWindow
from mentordesk.ui.resources import icon
from mentordesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from mentordesk.services.workspace import Workspace
    from mentordesk.ui.demo_loader import DemoLoader
    from mentordesk.ui.dialogs.setup_dialog import SetupDialog
    from mentordesk.ui.session_actions import SessionActions

log = logging.getLogger(__name__)


class AppController(QObject):
    """Wires the window to the workspace once it is open; owns the first-start flow."""

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.events = DataEvents(self)
        self.runner = TaskRunner(self)
        self.current_worker = CurrentWorker(paths.settings_file, self)
        self.workspace: Workspace | None = None
        self.setup_dialog: SetupDialog | None = None
        self.demo_loader: DemoLoader | None = None
        self.session_actions: SessionActions | None = None
        state = QSettings(str(paths.window_state_file), QSettings.Format.IniFormat)
        self.window = MainWindow(paths.location_label(), self.events, state)
        self.window.load_demo_requested.connect(self.load_demo)

    def start(self) -> None:
        self.window.show()
        self.runner.run(self._open, on_success=self._opened, on_error=self._open_failed)

    def _open(self, _progress: object) -> Workspace:
        # Imported here, on the worker thread: SQLAlchemy and Alembic stay off the path to the window.
        from mentordesk.services.workspace import open_workspace

        return open_workspace(self.paths)

    def _opened(self, workspace: Workspace) -> None:
        from mentordesk.config.drafts import DraftStore
        from mentordesk.ui.mentee_csv_actions import MenteeCsvActions
        from mentordesk.ui.pages.factory import build_pages
        from mentordesk.ui.pages.mentee_record import MenteeRecordPage
        from mentordesk.ui.session_actions import SessionActions

        self.workspace = workspace
        self._forget_unknown_worker()
        pages = build_pages(workspace, self.events, self.current_worker, self.runner)
        pages["settings"].load_demo_requested.connect(self.load_demo)
        self.session_actions = SessionActions(workspace.sessions, workspace.organisation,
                                              DraftStore(workspace.paths.drafts_dir), self.events,
                                              self.current_worker, self.window.show_status, self.window)
        mentees = pages["mentees"]
        mentees.open_requested.connect(self.open_mentee)
        mentees.add_requested.connect(self.add_mentee)
        self.csv_actions = MenteeCsvActions(workspace.mentee_csv, self.runner, self.events,
                                            lambda: self.current_worker.id, self.window.show_status, self.window)
        mentees.import_requested.connect(self.csv_actions.choose_and_import)
        mentees.export_requested.connect(lambda: self.csv_actions.choose_and_export(mentees.model.ids()))
        self.record_page = MenteeRecordPage(workspace.mentees, workspace.consent, workspace.organisation,
                                            workspace.personal_data, self.runner, self.current_worker, self.events,
                                            sessions=workspace.sessions, follow_ups=workspace.follow_ups,
                                            pathway=workspace.pathway, certificates=workspace.certificates)
        self.record_page.back_requested.connect(lambda: self.window.show_page("mentees"))
        self.record_page.status_message.connect(self.window.show_status)
        self._connect_sessions(pages)
        pages["certificates"].open_mentee_requested.connect(self.open_mentee)
        pages["certificates"].status_message.connect(self.window.show_status)
        pages["dashboard"].show_mentees_requested.connect(self.show_mentees)
        pages["dashboard"].status_message.connect(self.window.show_status)
        self.window.set_pages(pages)
        self.window.add_detail_page(self.record_page)
        self.window.add_audit_trail_action().triggered.connect(self.open_audit_trail)
        if workspace.migration.backup is not None:
            self.window.show_status(self.tr("The data was updated to this version; a backup is in {path}.")
                                    .format(path=workspace.migration.backup))
        if workspace.setup.needs_setup():
            self.first_start()

    def _connect_sessions(self, pages: dict) -> None:
        """Every way to log, plan, open or record a session leads to the one session dialog."""
        actions, today, sessions = self.session_actions, pages["today"], pages["sessions"]
        self.window.log_session_requested.connect(lambda: actions.log_session())
        self.window.plan_session_requested.connect(lambda: actions.plan_session())
        today.log_session_requested.connect(lambda: actions.log_session())
        today.open_session_requested.connect(actions.open_session)
        today.open_mentee_requested.connect(self.open_mentee)
        today.open_programme_requested.connect(self.open_programme)
        sessions.log_session_requested.connect(lambda: actions.log_session())
        sessions.plan_session_requested.connect(lambda: actions.plan_session())
        sessions.open_session_requested.connect(actions.open_session)
        sessions.record_held_requested.connect(actions.record_held)
        sessions.status_message.connect(self.window.show_status)
        self.record_page.log_session_requested.connect(actions.log_session)
        self.record_page.open_session_requested.connect(actions.open_session)

    def open_programme(self, programme_id: uuid.UUID) -> None:
        mentees = self.window.page("mentees")
        mentees.show_programme(programme_id)
        self.window.show_page("mentees")

    def show_mentees(self, mentee_ids: list[uuid.UUID], title: str) -> None:
        """The people behind a dashboard figure, listed on the Mentees page under what they are."""
        self.window.page("mentees").show_ids(mentee_ids, title)
        self.window.show_page("mentees")

    def _forget_unknown_worker(self) -> None:
        """settings.json lives beside the data: after a switch of database its worker may not exist there."""
        assert self.workspace is not None
        known = {worker.id for worker in self.workspace.organisation.workers()}
        if self.current_worker.id is not None and self.current_worker.id not in known:
            self.current_worker.set(None)

    def _open_failed(self, error: BaseException) -> None:
        if not isinstance(error, DomainError):
            log.error("opening the data failed", exc_info=error)
        QMessageBox.critical(self.window, APP_NAME,
                             self.tr("MentorDesk could not open your data.\n\n{reason}").format(reason=error))
        self.window.close()

    def first_start(self) -> None:
        from mentordesk.ui.dialogs.setup_dialog import SetupDialog

        assert self.workspace is not None
        setup, keys = self.workspace.setup, self.workspace.keys
        # The organisation's signing key is made with it, so its fingerprint can be shared before the first certificate.
        dialog = SetupDialog(submit=lambda organisation, worker, programme: setup.complete(
            organisation, worker, programme, keys=keys), parent=self.window)
        dialog.accepted.connect(self._setup_accepted)
        dialog.rejected.connect(self.window.close)
        self.setup_dialog = dialog
        dialog.open()

    def _setup_accepted(self) -> None:
        assert self.setup_dialog is not None
        dialog, self.setup_dialog = self.setup_dialog, None
        if dialog.saved is not None:
            self.current_worker.set(dialog.saved.worker_id)  # the person who set it up is using it
        if not dialog.demo_only:
            self.events.emit_changed(Changes.of(ChangeKind.ORGANISATION, ChangeKind.WORKERS,
                                                ChangeKind.PROGRAMMES))
        if dialog.wants_demo():
            self.load_demo()
        dialog.deleteLater()

    def open_audit_trail(self) -> None:
        from mentordesk.ui.dialogs.audit_trail_dialog import AuditTrailDialog

        assert self.workspace is not None
        dialog = AuditTrailDialog(self.workspace.audit, self.runner, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if dialog.load():
            self.audit_dialog = dialog
            dialog.show()
        else:
            dialog.close()

    def open_mentee(self, mentee_id: uuid.UUID) -> None:
        self.record_page.show_mentee(mentee_id)
        self.window.show_detail_page(self.record_page, under="mentees")

    def add_mentee(self) -> None:
        from mentordesk.ui.dialogs.mentee_dialog import MenteeDialog

        assert self.workspace is not None
        mentees, actor = self.workspace.mentees, self.current_worker.id
        dialog = MenteeDialog(lambda form, confirmed: mentees.create(form, actor, confirmed), parent=self.window)

        def added() -> None:
            self.events.emit_changed(Changes.of(ChangeKind.MENTEES))
            created = dialog.result_value
            self.window.show_status(self.tr("Added {name} as {code}.").format(
                name=created.full_name, code=created.reference_code))
            self.open_mentee(created.id)

        dialog.accepted.connect(added)
        dialog.finished.connect(dialog.deleteLater)
        self.mentee_dialog = dialog
        dialog.open()

    def load_demo(self) -> None:
        from mentordesk.ui.demo_loader import DemoLoader

        if self.workspace is None or (self.demo_loader is not None and self.demo_loader.dialog is not None):
            return
        self.demo_loader = DemoLoader(self.workspace.demo, self.runner, self.events, self.window.show_status,
                                      self.window)
        self.demo_loader.finished.connect(self._demo_loaded)
        self.demo_loader.start()

    def _demo_loaded(self, summary: object) -> None:
        # Exploring the demo: act as the mentor with the largest caseload, so "My caseload" shows people.
        if summary is not None and self.current_worker.id is None and self.workspace is not None:
            workers = self.workspace.organisation.workers(active_only=True)
            if workers:
                self.current_worker.set(max(workers, key=lambda worker: worker.caseload).id)

    def shutdown(self) -> None:
        """Keep unsaved drafts, let background work finish (cancelled where it can be), then close the database."""
        if self.session_actions is not None:
            self.session_actions.keep_drafts()
        if self.demo_loader is not None and self.demo_loader.dialog is not None:
            self.demo_loader.cancel()
        self.runner.wait_for_done()
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None


def create_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("mentordesk")
    app.setWindowIcon(icon("mentordesk"))
    install_translators(app)
    return app


def run_gui(paths: AppPaths) -> int:
    app = create_application()
    controller = AppController(paths)
    controller.start()
    code = app.exec()
    controller.shutdown()
    return code
