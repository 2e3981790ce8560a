"""Opening the data: connect, migrate (backing up first), seed reference data, build the services."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from mentordesk.config.paths import AppPaths
from mentordesk.config.settings import load_settings
from mentordesk.db.engine import SessionFactory, make_engine, make_session_factory, optimize
from mentordesk.db.migrate import MigrationResult, upgrade_to_head
from mentordesk.db.seed import ensure_builtin_frameworks
from mentordesk.services.access import Access
from mentordesk.services.accounts import AccountService
from mentordesk.services.audit_trail import AuditTrailService
from mentordesk.services.backups import BackupService
from mentordesk.services.calendar_export import CalendarExportService
from mentordesk.services.certificates import CertificateService
from mentordesk.services.consent import ConsentService
from mentordesk.services.dashboard import DashboardService
from mentordesk.services.demo import DemoService
from mentordesk.services.encryption import EncryptionService, key_for
from mentordesk.services.errors import DomainError
from mentordesk.services.follow_ups import FollowUpService
from mentordesk.services.frameworks import FrameworkService
from mentordesk.services.health import HealthService
from mentordesk.services.keys import KeyService
from mentordesk.services.mentee_csv import MenteeCsvService
from mentordesk.services.mentees import MenteeService
from mentordesk.services.organisation import OrganisationProfileService, OrganisationService
from mentordesk.services.overview import OverviewService
from mentordesk.services.pathway import PathwayService
from mentordesk.services.personal_data import PersonalDataService
from mentordesk.services.retention import RetentionService
from mentordesk.services.session_csv import SessionCsvService
from mentordesk.services.sessions import SessionService
from mentordesk.services.setup import SetupService
from mentordesk.services.today import TodayService

if TYPE_CHECKING:
    from mentordesk.db.cipher import DatabaseKey

# How long a key change waits for reads already running on other threads to finish.
_SWAP_WAIT_SECONDS = 10.0


class Workspace:
    """An open database and the services over it; the ui receives one and never sees the engine."""

    def __init__(self, engine: Engine, paths: AppPaths, migration: MigrationResult,
                 key: DatabaseKey | None = None) -> None:
        self._engine = engine
        self.paths = paths
        self.migration = migration
        #: The database key (None for plain data): backups are sealed with key.subkey("backup").
        self.key = key
        sessions: SessionFactory = make_session_factory(engine)
        # Who is signed in: one holder that every service consults (a mentor reaches only their caseload).
        self.access = access = Access()
        self.accounts = AccountService(sessions, access)
        self.setup = SetupService(sessions)
        self.mentees = MenteeService(sessions, access)
        self.mentee_csv = MenteeCsvService(sessions, access, key=lambda: self.key)
        self.sessions = SessionService(sessions, access)
        self.follow_ups = FollowUpService(sessions, access)
        self.today = TodayService(sessions, access)
        self.pathway = PathwayService(sessions, paths.evidence_dir, access)
        self.frameworks = FrameworkService(sessions, access)
        self.session_csv = SessionCsvService(sessions, access, key=lambda: self.key)
        self.calendar = CalendarExportService(sessions, access, key=lambda: self.key)
        self.consent = ConsentService(sessions, access)
        self.organisation = OrganisationService(sessions, access)
        self.profile = OrganisationProfileService(sessions, access)
        self.personal_data = PersonalDataService(sessions, paths.data_dir, access, key=lambda: self.key)
        self.overview = OverviewService(sessions, access)
        self.demo = DemoService(sessions, access)
        self.health = HealthService(engine)
        self.keys = KeyService(sessions, paths.data_dir / "keys", access)
        self.certificates = CertificateService(sessions, self.keys, access)
        self.dashboard = DashboardService(sessions, access)
        self.audit = AuditTrailService(sessions, access)  # a coordinator's
        self.retention = RetentionService(sessions, self.personal_data, access)
        self.backups = BackupService(lambda: self._engine, paths, key=lambda: self.key,
                                     keep=lambda: load_settings(paths.settings_file).backups_to_keep, access=access)
        self._sessions = sessions
        #: Opened with the recovery key: the ui asks for a new passphrase.
        self.opened_with_recovery_key = False
        self.encryption = EncryptionService(self, sessions, access)

    @contextmanager
    def closed_for_swap(self) -> Iterator[None]:
        """The engine closed (no connection left, none let open) while the file is swapped for another.

        A read on another thread meanwhile fails with a DomainError instead of opening the file mid-swap.
        Whoever swaps calls `reopen()` before leaving; if it could not, the data reopens under the old key.
        """
        retired = self._engine

        def refuse(*_args: Any) -> None:
            raise DomainError("MentorDesk is changing how the data is encrypted; try again when it has finished.")

        event.listen(retired, "do_connect", refuse)
        deadline = time.monotonic() + _SWAP_WAIT_SECONDS
        checked_out = getattr(retired.pool, "checkedout", lambda: 0)
        while checked_out() and time.monotonic() < deadline:
            time.sleep(0.01)
        if checked_out():
            event.remove(retired, "do_connect", refuse)
            raise DomainError("The data is busy; try again in a moment. Nothing was changed.")
        retired.dispose()
        try:
            yield
        finally:
            if self._engine is retired:
                self.reopen(self.key)

    def reopen(self, key: DatabaseKey | None) -> None:
        """Open the file again under `key`: every service keeps its session factory, now on the new engine."""
        engine = make_engine(self.paths.database_url, key=key)
        self._sessions.rebind(engine)
        self._engine = engine
        self.health = HealthService(engine)
        self.key = key

    def close(self) -> None:
        optimize(self._engine)
        self._engine.dispose()


def open_workspace(paths: AppPaths, passphrase: str | None = None, key: DatabaseKey | None = None) -> Workspace:
    """Raises DomainError with a readable reason when the data cannot be opened.

    Encrypted data (a cipher file beside it) needs `passphrase` (or the recovery key in its place, or
    `key`): PassphraseRequired without, WrongPassphraseError when it does not open the data; both
    before any file is touched.
    """
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    database = paths.database_file
    if database is not None:
        key = key_for(database, passphrase, key)
    try:
        engine = make_engine(paths.database_url, key=key)
    except (ArgumentError, ImportError) as error:
        raise DomainError(f"The database address {paths.location_label()} is not usable: {error}.") from error
    try:
        migration = upgrade_to_head(engine, paths.backups_dir, key=key)
        with make_session_factory(engine).begin() as session:
            ensure_builtin_frameworks(session)
    except (OperationalError, DatabaseError) as error:
        engine.dispose()
        reason = str(error.orig) if error.orig is not None else str(error)
        raise DomainError(f"Cannot open the data at {paths.location_label()}: {reason}.") from error
    workspace = Workspace(engine, paths, migration, key=key)
    workspace.opened_with_recovery_key = key is not None and _is_recovery_key(passphrase)
    if key is not None and workspace.encryption.status().plain_backups:
        workspace.encryption.seal_plain_backups()  # left by an encryption that was interrupted
    return workspace


def _is_recovery_key(text: str | None) -> bool:
    from mentordesk.db.recovery_key import looks_like_recovery_key

    return text is not None and looks_like_recovery_key(text)
