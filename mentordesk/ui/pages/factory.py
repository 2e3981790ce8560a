"""Builds one page per sidebar entry once the workspace is open."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale
from PySide6.QtWidgets import QWidget

from mentordesk.services.overview import DatabaseCounts
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.pages.certificates import CertificatesPage
from mentordesk.ui.pages.mentees import MenteesPage
from mentordesk.ui.pages.planned import PlannedPage
from mentordesk.ui.pages.sessions import SessionsPage
from mentordesk.ui.pages.settings import SettingsPage
from mentordesk.ui.pages.today import TodayPage
from mentordesk.ui.resources import icon
from mentordesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from mentordesk.services.workspace import Workspace

_CONTEXT = "Pages"

# (key, title, headline, what will be there, what is stored now): marked for lupdate, translated at use.
_PLANNED = (
    ("dashboard", QT_TRANSLATE_NOOP("Pages", "Dashboard"), QT_TRANSLATE_NOOP("Pages", "Progress at a glance"),
     QT_TRANSLATE_NOOP("Pages", "Charts of sessions, hours and pathway progress per programme and mentor, "
                                "and the funder report, will appear here."),
     QT_TRANSLATE_NOOP("Pages", "Stored now: mentees {mentees} ({active_mentees} active), "
                                "workers {workers}, programmes {programmes}.")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _stored_text(template: str) -> Callable[[DatabaseCounts], str]:
    def describe(counts: DatabaseCounts) -> str:
        locale = QLocale()
        numbers = {name: locale.toString(value) for name, value in vars(counts).items()}
        return _tr(template).format(**numbers)

    return describe


def build_pages(workspace: Workspace, events: DataEvents, current_worker: CurrentWorker,
                runner: TaskRunner) -> dict[str, QWidget]:
    pages: dict[str, QWidget] = {
        key: PlannedPage(_tr(title), icon(key), _tr(headline), _tr(promise), _stored_text(stored),
                         workspace.overview, events)
        for key, title, headline, promise, stored in _PLANNED
    }
    pages["today"] = TodayPage(workspace.today, workspace.follow_ups, workspace.organisation, current_worker, events)
    pages["sessions"] = SessionsPage(workspace.sessions, workspace.organisation, workspace.session_csv,
                                     workspace.calendar, runner, current_worker, events)
    pages["mentees"] = MenteesPage(workspace.mentees, workspace.organisation, current_worker, events)
    pages["certificates"] = CertificatesPage(workspace.certificates, workspace.organisation, runner, current_worker,
                                             events)
    pages["settings"] = SettingsPage(workspace.setup, workspace.overview, workspace.organisation, current_worker,
                                     workspace.paths.location_label(), workspace.paths.data_dir, events,
                                     profile=workspace.profile, frameworks=workspace.frameworks,
                                     keys=workspace.keys)
    return pages
