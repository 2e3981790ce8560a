"""Opening the data: connect, migrate (backing up first), seed reference data, build the services."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from mentordesk.config.paths import AppPaths
from mentordesk.db.engine import SessionFactory, make_engine, make_session_factory, optimize
from mentordesk.db.migrate import MigrationResult, upgrade_to_head
from mentordesk.db.seed import ensure_builtin_frameworks
from mentordesk.services.audit_trail import AuditTrailService
from mentordesk.services.calendar_export import CalendarExportService
from mentordesk.services.certificates import CertificateService
from mentordesk.services.consent import ConsentService
from mentordesk.services.dashboard import DashboardService
from mentordesk.services.demo import DemoService
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
from mentordesk.services.session_csv import SessionCsvService
from mentordesk.services.sessions import SessionService
from mentordesk.services.setup import SetupService
from mentordesk.services.today import TodayService


class Workspace:
    """An open database and the services over it; the ui receives one and never sees the engine."""

    def __init__(self, engine: Engine, paths: AppPaths, migration: MigrationResult) -> None:
        self._engine = engine
        self.paths = paths
        self.migration = migration
        sessions: SessionFactory = make_session_factory(engine)
        self.setup = SetupService(sessions)
        self.mentees = MenteeService(sessions)
        self.mentee_csv = MenteeCsvService(sessions)
        self.sessions = SessionService(sessions)
        self.follow_ups = FollowUpService(sessions)
        self.today = TodayService(sessions)
        self.pathway = PathwayService(sessions, paths.evidence_dir)
        self.frameworks = FrameworkService(sessions)
        self.session_csv = SessionCsvService(sessions)
        self.calendar = CalendarExportService(sessions)
        self.consent = ConsentService(sessions)
        self.organisation = OrganisationService(sessions)
        self.profile = OrganisationProfileService(sessions)
        self.personal_data = PersonalDataService(sessions, paths.data_dir)
        self.overview = OverviewService(sessions)
        self.demo = DemoService(sessions)
        self.health = HealthService(engine)
        self.keys = KeyService(sessions, paths.data_dir / "keys")
        self.certificates = CertificateService(sessions, self.keys)
        self.dashboard = DashboardService(sessions)
        self.audit = AuditTrailService(sessions)  # coordinator only, once accounts pass the workspace's Access

    def close(self) -> None:
        optimize(self._engine)
        self._engine.dispose()


def open_workspace(paths: AppPaths) -> Workspace:
    """Raises DomainError with a readable reason when the data cannot be opened."""
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        engine = make_engine(paths.database_url)
    except (ArgumentError, ImportError) as error:
        raise DomainError(f"The database address {paths.location_label()} is not usable: {error}.") from error
    try:
        migration = upgrade_to_head(engine, paths.backups_dir)
        with make_session_factory(engine).begin() as session:
            ensure_builtin_frameworks(session)
    except (OperationalError, DatabaseError) as error:
        engine.dispose()
        reason = str(error.orig) if error.orig is not None else str(error)
        raise DomainError(f"Cannot open the data at {paths.location_label()}: {reason}.") from error
    return Workspace(engine, paths, migration)
