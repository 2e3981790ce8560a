"""Starting the GUI: show the shell at once, open the data in the background, then fill the pages."""

from __future__ import annotations

import logging
import sys
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

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
    from mentordesk.services.access import Principal
    from mentordesk.services.workspace import Workspace
    from mentordesk.ui.backup_actions import BackupActions
    from mentordesk.ui.demo_loader import DemoLoader
    from mentordesk.ui.dialogs.retention_dialog import RetentionDialog
    from mentordesk.ui.dialogs.setup_dialog import SetupDialog
    from mentordesk.ui.dialogs.unlock_dialog import UnlockDialog
    from mentordesk.ui.lock import WindowLock
    from mentordesk.ui.security_actions import SecurityActions
    from mentordesk.ui.session_actions import SessionActions
    from mentordesk.ui.widgets.warning_banner import WarningBanner

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
        self.unlock_dialog: UnlockDialog | None = None
        self.security: SecurityActions | None = None
        self._recovery_key: str | None = None
        self.demo_loader: DemoLoader | None = None
        self.session_actions: SessionActions | None = None
        self.lock: WindowLock | None = None
        self.sign_in_dialog: QDialog | None = None
        self.backup_actions: BackupActions | None = None
        self.cloud_warning: WarningBanner | None = None
        self.retention_dialog: RetentionDialog | None = None
        state = QSettings(str(paths.window_state_file), QSettings.Format.IniFormat)
        self.window = MainWindow(paths.location_label(), self.events, state)
        self.window.load_demo_requested.connect(self.load_demo)

    def start(self) -> None:
        from mentordesk.services.encryption import data_is_encrypted

        self.window.show()
        if data_is_encrypted(self.paths):
            self.ask_passphrase()
            return
        self.runner.run(self._open, on_success=self._opened, on_error=self._open_failed)

    def ask_passphrase(self) -> None:
        """Encrypted data: the unlock dialog, then the data opens in the background with what was typed."""
        from mentordesk.ui.dialogs.unlock_dialog import UnlockDialog

        dialog = UnlockDialog(self.paths.location_label(), self.window)
        dialog.submitted.connect(self._unlock)
        dialog.rejected.connect(self.window.close)
        self.unlock_dialog = dialog
        dialog.open()

    def _unlock(self, passphrase: str) -> None:
        from mentordesk.services.workspace import open_workspace

        self.runner.run(lambda _progress: open_workspace(self.paths, passphrase=passphrase),
                        on_success=lambda workspace: self._unlocked(workspace, passphrase),
                        on_error=self._unlock_failed)

    def _unlocked(self, workspace: Workspace, passphrase: str) -> None:
        dialog, self.unlock_dialog = self.unlock_dialog, None
        if dialog is not None:
            dialog.finish()
            dialog.deleteLater()
        # Opened with the recovery key: a new passphrase is chosen once the window is ready (after sign-in).
        self._recovery_key = passphrase if workspace.opened_with_recovery_key else None
        self._opened(workspace)

    def _unlock_failed(self, error: BaseException) -> None:
        from mentordesk.services.encryption import WrongPassphraseError

        if isinstance(error, WrongPassphraseError) and self.unlock_dialog is not None:
            self.unlock_dialog.show_error(str(error))
            return
        dialog, self.unlock_dialog = self.unlock_dialog, None
        if dialog is not None:
            dialog.rejected.disconnect(self.window.close)
            dialog.set_busy(False)
            dialog.reject()
            dialog.deleteLater()
        self._open_failed(error)

    def _open(self, _progress: object) -> Workspace:
        # Imported here, on the worker thread: SQLAlchemy and Alembic stay off the path to the window.
        from mentordesk.services.workspace import open_workspace

        return open_workspace(self.paths)

    def _opened(self, workspace: Workspace) -> None:
        from mentordesk.config.drafts import DraftStore
        from mentordesk.ui.mentee_csv_actions import MenteeCsvActions
        from mentordesk.ui.pages.factory import build_pages
        from mentordesk.ui.pages.mentee_record import MenteeRecordPage
        from mentordesk.ui.security_actions import SecurityActions
        from mentordesk.ui.session_actions import SessionActions

        if self._sign_in_first(workspace):
            return
        self.workspace = workspace
        self.security = SecurityActions(workspace.encryption, self.runner, self.window)
        self.security.status_message.connect(self.window.show_status)
        self._forget_unknown_worker()
        self._start_accounts()
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
        self._wire_backups(workspace, pages)
        self.window.add_detail_page(self.record_page)
        self._show_for_role()
        self.window.add_audit_trail_action().triggered.connect(self.open_audit_trail)
        if workspace.migration.backup is not None:
            self.window.show_status(self.tr("The data was updated to this version; a backup is in {path}.")
                                    .format(path=workspace.migration.backup))
        if workspace.setup.needs_setup():
            self.first_start()
        else:
            self._check_retention()
        self._automatic_backup()
        if self._recovery_key is not None:
            recovery_key, self._recovery_key = self._recovery_key, None
            self.security.change_passphrase(recovery_key=recovery_key)

    # ---- backups, the cloud-folder warning, retention

    def _wire_backups(self, workspace: Workspace, pages: dict) -> None:
        from mentordesk.config.cloud_folders import cloud_sync_provider
        from mentordesk.ui.backup_actions import BackupActions
        from mentordesk.ui.widgets.backup_settings import BackupSettingsBox

        self.backup_actions = BackupActions(workspace.backups, self.runner, self.events, self.window.show_status,
                                            self.window)
        self.backup_actions.restored.connect(self._restored)
        self.window.back_up_requested.connect(self.backup_actions.back_up_now)
        self.window.restore_requested.connect(self.backup_actions.restore)
        box = BackupSettingsBox(self.paths.settings_file, workspace.backups.folder)
        box.back_up_requested.connect(self.backup_actions.back_up_now)
        box.restore_requested.connect(self.backup_actions.restore)
        pages["settings"].add_box(box)
        database = self.paths.database_file
        folder = database.parent if database is not None else self.paths.data_dir
        provider = cloud_sync_provider(folder)
        if provider is not None:
            self.cloud_warning = self.window.show_warning(self.tr(
                "Your data folder {folder} is inside {provider}. Sync tools copy the database while it is being "
                "saved, which can leave a damaged copy, and they keep copies of personal data in {provider}'s "
                "cloud. Move the data folder out of {provider} (start MentorDesk with --data-dir) and use "
                "File ▸ Back up now… for copies.").format(folder=folder, provider=provider))

    def _automatic_backup(self) -> None:
        """Once a day on start, in the background; a failure is logged, never in the way."""
        assert self.workspace is not None
        backups = self.workspace.backups
        self.runner.run(lambda _progress: backups.automatic("start"), on_success=lambda _info: None,
                        on_error=lambda error: log.warning("The automatic backup on start failed: %s", error))

    def _restored(self) -> None:
        self._forget_unknown_worker()
        self.window.show_page("today")

    def _check_retention(self) -> None:
        assert self.workspace is not None
        if self.workspace.access.caseload_of is not None:
            return  # a mentor signed in: erasing past retention is a coordinator's task
        retention = self.workspace.retention
        self.runner.run(lambda _progress: (retention.period_months(), retention.past_retention()),
                        on_success=self._show_retention,
                        on_error=lambda error: log.warning("The retention check failed: %s", error))

    def _show_retention(self, found: tuple) -> None:
        from mentordesk.ui.dialogs.retention_dialog import RetentionDialog

        months, records = found
        if not records or self.workspace is None:
            return
        dialog = RetentionDialog(records, months, self.window)
        dialog.accepted.connect(lambda: self._erase_past_retention([record.mentee_id for record in records]))
        dialog.finished.connect(dialog.deleteLater)
        self.retention_dialog = dialog
        dialog.open()

    def _erase_past_retention(self, mentee_ids: list[uuid.UUID]) -> None:
        assert self.workspace is not None
        retention, actor = self.workspace.retention, self.current_worker.id

        def erased(result: object) -> None:
            self.events.emit_changed(Changes.everything())
            self.window.show_status(self.tr("Erased {count} records past the retention period.")
                                    .format(count=len(result.erased)))  # type: ignore[attr-defined]

        def failed(error: BaseException) -> None:
            if not isinstance(error, DomainError):
                log.error("erasing records past retention failed", exc_info=error)
            QMessageBox.warning(self.window, self.tr("Records past the retention period"), str(error))

        self.runner.run(lambda _progress: retention.erase(mentee_ids, actor_id=actor), on_success=erased,
                        on_error=failed)

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

    # ---- accounts: sign-in, switching worker, lock

    def _sign_in_first(self, workspace: Workspace) -> bool:
        """When workers have passwords, ask who is working before any page is built; True while asking.

        (The slot for it: after the data is open, before the pages; _opened runs again once signed in.)
        """
        from mentordesk.ui.dialogs.sign_in_dialog import SignInDialog

        if workspace.access.principal is not None or not workspace.accounts.accounts_on():
            return False
        self.workspace = workspace  # closed on quitting even if nobody signs in
        dialog = SignInDialog(workspace.accounts, self.current_worker.id, self.window)
        dialog.accepted.connect(lambda: self._opened(workspace))
        dialog.rejected.connect(self.window.close)
        dialog.finished.connect(dialog.deleteLater)
        self.sign_in_dialog = dialog
        dialog.open()
        return True

    def _start_accounts(self) -> None:
        """The signed-in worker becomes the current one; picking another means signing in; the lock starts."""
        from mentordesk.ui.lock import WindowLock

        assert self.workspace is not None
        principal = self.workspace.access.principal
        if principal is not None:
            self.current_worker.set_signed_in(principal.worker_id)
        self.current_worker.guard(self._pick_worker)
        # A child of the window: the application-wide event filter goes when the window does.
        self.lock = WindowLock(self.window, self.workspace.accounts, self.workspace.access,
                               self.current_worker.lock_after_minutes, self.window)
        self.current_worker.lock_after_changed.connect(self.lock.set_idle_minutes)
        self.lock.switched.connect(self._switched)
        self.window.add_lock_action(self.lock.action)
        self.window.switch_worker_requested.connect(lambda: self._pick_worker(None))
        self.window.set_signed_in(principal.name if principal else None)

    def _pick_worker(self, worker_id: uuid.UUID | None) -> bool:
        """With accounts on, choosing a worker means signing in as them (True: the dialog decides)."""
        from mentordesk.ui.dialogs.sign_in_dialog import SignInDialog

        workspace = self.workspace
        if workspace is None or not workspace.accounts.accounts_on():
            return False
        dialog = SignInDialog(workspace.accounts, worker_id, self.window)
        dialog.accepted.connect(lambda: self._switched(dialog.principal) if dialog.principal else None)
        dialog.rejected.connect(self.current_worker.refuse)
        dialog.finished.connect(dialog.deleteLater)
        self.sign_in_dialog = dialog
        dialog.open()
        return True

    def _switched(self, principal: Principal) -> None:
        """Someone else signed in: their worker, their buttons, every page read again from the Today page."""
        self.current_worker.set_signed_in(principal.worker_id)
        self.window.set_signed_in(principal.name)
        self._show_for_role()
        self.window.show_page("today")
        self.events.emit_changed(Changes.everything())

    def _show_for_role(self) -> None:
        from mentordesk.ui.role_view import show_for_role

        if self.workspace is None or not hasattr(self, "record_page"):
            return
        principal = self.workspace.access.principal
        pages = {key: self.window.page(key) for key in self.window.PAGES}
        show_for_role({**pages, "record": self.record_page}, principal is None or principal.is_coordinator)

    def _open_failed(self, error: BaseException) -> None:
        from mentordesk.services.encryption import PassphraseRequired

        if isinstance(error, PassphraseRequired):  # encrypted after all: an interrupted encryption was finished
            self.ask_passphrase()
            return
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
            organisation, worker, programme, keys=keys), parent=self.window,
            offer_encryption=self.workspace.encryption.status().supported)
        dialog.accepted.connect(self._setup_accepted)
        dialog.rejected.connect(self.window.close)
        self.setup_dialog = dialog
        dialog.open()

    def _setup_accepted(self) -> None:
        assert self.setup_dialog is not None
        dialog, self.setup_dialog = self.setup_dialog, None
        if dialog.saved is not None:
            self.current_worker.set(dialog.saved.worker_id)  # the person who set it up is using it
        if dialog.passphrase is not None and self.security is not None:
            self.security.encrypt_with(dialog.passphrase)  # on the runner, before the demo load queued below
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
            try:  # the window is already gone: a small database's backup is not a visible wait
                self.workspace.backups.automatic("exit")
            except Exception as error:  # noqa: BLE001 - a failed backup must not stop the data from closing
                log.warning("The automatic backup on exit failed: %s", error)
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
    from mentordesk.ui.garbage import MainThreadCollector

    app = create_application()
    MainThreadCollector(app)  # Qt objects in cycles must die on this thread, never on the worker's
    controller = AppController(paths)
    controller.start()
    code = app.exec()
    controller.shutdown()
    return code
