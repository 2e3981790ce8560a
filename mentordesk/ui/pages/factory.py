"""Builds one page per sidebar entry once the workspace is open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.pages.certificates import CertificatesPage
from mentordesk.ui.pages.dashboard import DashboardPage
from mentordesk.ui.pages.mentees import MenteesPage
from mentordesk.ui.pages.security_box import SecurityBox
from mentordesk.ui.pages.sessions import SessionsPage
from mentordesk.ui.pages.settings import SettingsPage
from mentordesk.ui.pages.today import TodayPage
from mentordesk.ui.tasks import TaskRunner
from mentordesk.ui.widgets.accounts_box import AccountsBox

if TYPE_CHECKING:
    from mentordesk.services.workspace import Workspace


def build_pages(workspace: Workspace, events: DataEvents, current_worker: CurrentWorker,
                runner: TaskRunner) -> dict[str, QWidget]:
    pages: dict[str, QWidget] = {}
    pages["today"] = TodayPage(workspace.today, workspace.follow_ups, workspace.organisation, current_worker, events)
    pages["sessions"] = SessionsPage(workspace.sessions, workspace.organisation, workspace.session_csv,
                                     workspace.calendar, runner, current_worker, events)
    pages["mentees"] = MenteesPage(workspace.mentees, workspace.organisation, current_worker, events)
    pages["certificates"] = CertificatesPage(workspace.certificates, workspace.organisation, runner, current_worker,
                                             events)
    pages["dashboard"] = DashboardPage(workspace.dashboard, workspace.organisation, runner, events,
                                      profile=workspace.profile)
    pages["settings"] = SettingsPage(workspace.setup, workspace.overview, workspace.organisation, current_worker,
                                     workspace.paths.location_label(), workspace.paths.data_dir, events,
                                     profile=workspace.profile, frameworks=workspace.frameworks,
                                     keys=workspace.keys,
                                     accounts_box=AccountsBox(workspace.accounts, current_worker, events))
    pages["settings"].add_box(SecurityBox(workspace.encryption, runner))
    return pages
