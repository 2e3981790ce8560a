"""Opening the session dialog: log, plan, edit, and record a planned session as held.

One dialog at a time: asking again while one is open brings it to the front, so nothing typed
is lost under a second window.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from mentordesk.config.drafts import DraftStore
from mentordesk.enums import SessionMode, SessionStatus
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.errors import DomainError, NotFoundError
from mentordesk.services.organisation import OrganisationService
from mentordesk.services.session_forms import Participant, SessionForm
from mentordesk.services.sessions import MenteeChoice, SessionDetail, SessionService
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.dialogs.session_dialog import SessionDialog
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import format_date


class SessionActions(QObject):
    def __init__(self, sessions: SessionService, organisation: OrganisationService, drafts: DraftStore,
                 events: DataEvents, current_worker: CurrentWorker, show_status: Callable[[str], None],
                 window: QWidget) -> None:
        super().__init__(window)
        self._sessions = sessions
        self._organisation = organisation
        self._drafts = drafts
        self._events = events
        self._current_worker = current_worker
        self._show_status = show_status
        self._window = window
        self._choices: tuple[MenteeChoice, ...] | None = None
        self.dialog: SessionDialog | None = None
        events.changed.connect(self._forget_choices)

    def log_session(self, mentee_id: uuid.UUID | None = None, planned: bool = False) -> None:
        start = SessionForm(
            participants=(Participant(mentee_id),) if mentee_id else (),
            session_date=date.today(), duration_minutes=60, mode=SessionMode.IN_PERSON,
            status=SessionStatus.PLANNED if planned else SessionStatus.HELD,
            mentor_id=self._current_worker.id,
        )
        self._open(None, start)

    def plan_session(self, mentee_id: uuid.UUID | None = None) -> None:
        self.log_session(mentee_id, planned=True)

    def open_session(self, session_id: uuid.UUID) -> None:
        detail = self._get(session_id)
        if detail is not None:
            self._open(detail, None)

    def record_held(self, session_id: uuid.UUID) -> None:
        detail = self._get(session_id)
        if detail is not None:
            self._open(detail, detail.form.recorded_as_held(date.today()))

    def keep_drafts(self) -> None:
        """On quitting: whatever is open is written down now, not a moment later."""
        if self.dialog is not None:
            self.dialog.save_draft()

    # ----

    def _get(self, session_id: uuid.UUID) -> SessionDetail | None:
        try:
            return self._sessions.get(session_id)
        except DomainError as error:
            QMessageBox.warning(self._window, self.tr("Session"), str(error))
            if isinstance(error, NotFoundError):  # deleted elsewhere: the lists still showing it refresh
                self._events.emit_changed(Changes.of(ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS))
            return None

    def _open(self, detail: SessionDetail | None, start: SessionForm | None) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        if self._choices is None:
            self._choices = self._sessions.mentee_choices()
        workers = [(worker.id, worker.full_name) for worker in self._organisation.workers(active_only=True)]
        if start is not None and start.mentor_id is not None and all(w != start.mentor_id for w, _ in workers):
            start = replace(start, mentor_id=None)
        dialog = SessionDialog(self._sessions, self._choices, self._sessions.known_topics(), workers, self._drafts,
                               self._current_worker.id, detail=detail, start=start, parent=self._window)
        dialog.accepted.connect(lambda: self._saved(dialog.result_value, detail is None))
        dialog.draft_kept.connect(lambda: self._show_status(self.tr(
            "The session was not saved; it is kept as a draft and offered when you open it again.")))
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _saved(self, saved: SessionDetail, new: bool) -> None:
        self._events.emit_changed(Changes.of(ChangeKind.SESSIONS, ChangeKind.FOLLOW_UPS))
        who, when = saved.mentee_names, format_date(saved.form.session_date)
        if saved.form.status is SessionStatus.PLANNED:
            message = self.tr("Planned a session with {who} on {when}.")
        elif saved.form.status is SessionStatus.CANCELLED:
            message = self.tr("Recorded the cancelled session with {who} on {when}.")
        elif new:
            message = self.tr("Logged a session with {who} on {when}.")
        else:
            message = self.tr("Saved the session with {who} on {when}.")
        self._show_status(message.format(who=who, when=when))

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _forget_choices(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.MENTEES):
            self._choices = None
