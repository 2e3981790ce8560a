"""Logging, planning and editing a session, from the keyboard alone, without ever losing what was typed.

Every field has an Alt+letter; Enter while typing a name adds the mentee (it never saves);
Ctrl+Enter saves. What is typed is kept as a draft a moment after each change, so closing the
dialog by mistake, or a crash, offers it back next time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QWidget,
)

from mentordesk.config.drafts import DraftStore
from mentordesk.enums import Attendance, PathwayStep, Platform, SessionMode, SessionStatus
from mentordesk.services.errors import ValidationError
from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm
from mentordesk.services.sessions import MenteeChoice, SessionDetail, SessionService
from mentordesk.ui.labels import format_minutes, label
from mentordesk.ui.widgets.combo import select_data
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.follow_up_rows import FollowUpRows
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.mentee_picker import MenteePicker
from mentordesk.ui.widgets.topics_field import TopicsField

DURATION_PRESETS = (15, 30, 45, 60, 90, 120)
DRAFT_DELAY_MS = 300  # after the last change: often enough that a crash loses almost nothing
NO_TIME = QTime(0, 0)  # shown blank: a session at midnight is not a thing here
NEW_SESSION_DRAFT = "session"


def draft_name(session_id: uuid.UUID | None) -> str:
    return NEW_SESSION_DRAFT if session_id is None else f"session-{session_id}"


class SessionDialog(FormDialog):
    draft_kept = Signal()  # closed with unsaved input; the draft waits for next time

    def __init__(
        self,
        sessions: SessionService,
        choices: Sequence[MenteeChoice],
        topics: Sequence[str],
        workers: Sequence[tuple[uuid.UUID, str]],
        drafts: DraftStore,
        actor_id: uuid.UUID | None,
        detail: SessionDetail | None = None,
        start: SessionForm | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("", self.tr("Save"), parent)
        self._sessions = sessions
        self._drafts = drafts
        self._actor_id = actor_id
        self._detail = detail
        self._draft_name = draft_name(detail.id if detail else None)
        self._dirty = False
        self.setMinimumWidth(980)
        self._build(choices, topics, workers, actor_id)
        self._fill(start or (detail.form if detail else _blank(actor_id)))
        self._set_title()
        self._offer_draft()
        self._dirty = False
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS, timeout=self.save_draft)
        self._watch_changes()
        self.mentees.search.setFocus()

    # ---- building

    def _build(self, choices: Sequence[MenteeChoice], topics: Sequence[str],
               workers: Sequence[tuple[uuid.UUID, str]], actor_id: uuid.UUID | None) -> None:
        self.banner = _DraftBanner()
        self.banner.restore.clicked.connect(self.restore_draft)
        self.banner.discard.clicked.connect(self.discard_draft)
        self.layout_.insertWidget(0, self.banner)

        self.status = self.add_field("status", self.tr("St&atus:"), QComboBox())
        for status in (SessionStatus.HELD, SessionStatus.PLANNED, SessionStatus.CANCELLED):
            self.status.addItem(label(status), status)
        self.mentees = self.add_field("participants", self.tr("&Mentees:"), MenteePicker(choices))
        self.session_date = self.add_field("session_date", self.tr("&Date:"), DateField(date.today(), optional=False))
        self.start_time = self.add_field("start_time", self.tr("Start &time:"), _time_edit())
        self.duration = _duration_box()
        self.add_field("duration_minutes", self.tr("D&uration:"), _with_unit(self.duration, self.tr("minutes")))
        self.mode = self.add_field("mode", self.tr("M&ode:"), QComboBox())
        for mode in SessionMode:
            self.mode.addItem(label(mode), mode)
        self.platform = self.add_field("platform", self.tr("&Platform:"), QComboBox())
        self.platform.addItem(self.tr("Not said"), None)
        for platform in Platform:
            self.platform.addItem(label(platform), platform)
        self.location = self.add_field("location", self.tr("&Location:"), QLineEdit())
        self.location.setMaxLength(200)

        right = self.new_form()
        self.step = self.add_field("step", self.tr("Pathway &step:"), QComboBox(), right)
        for step in (PathwayStep.GENERAL, PathwayStep.ASSESSMENT, PathwayStep.LEARNING_OFFER, PathwayStep.VALIDATION):
            self.step.addItem(label(step), step)
        self.topics = self.add_field("topics", self.tr("Top&ics:"), TopicsField(topics), right)
        self.notes = self.add_field("notes", self.tr("&Notes:"), QPlainTextEdit(), right)
        self.notes.setTabChangesFocus(True)  # Tab moves on; the notes are not code
        self.notes.setMinimumHeight(110)
        self.engagement = self.add_field("engagement", self.tr("&Engagement:"), QComboBox(), right)
        self.engagement.addItem(self.tr("Not rated"), None)
        for value, text in enumerate((self.tr("1 · very low"), self.tr("2 · low"), self.tr("3 · fair"),
                                      self.tr("4 · good"), self.tr("5 · very good")), start=1):
            self.engagement.addItem(text, value)
        self.mentor = self.add_field("mentor", self.tr("Mento&r:"), QComboBox(), right)
        self.mentor.addItem(self.tr("Nobody"), None)
        for worker_id, name in workers:
            self.mentor.addItem(name, worker_id)
        bottom = self.new_form()  # follow-up rows need the dialog's whole width
        self.follow_ups = self.add_field("follow_ups", self.tr("Follow-ups:"), FollowUpRows(
            workers, actor_id, lambda: [(i, self.mentees.name_of(i)) for i in self.mentees.mentee_ids()]), bottom)

        self.layout_.removeItem(self.form)  # FormDialog placed the first column alone; now it sits beside `right`
        columns = QHBoxLayout()
        columns.addLayout(self.form, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        self.layout_.insertLayout(1, columns)
        self.layout_.insertLayout(2, bottom)

        self.save_button.setDefault(False)  # Enter in a field must not save half a session
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip(self.tr("Save (Ctrl+Enter)"))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.mentees.changed.connect(self.follow_ups.participants_changed)

    def _watch_changes(self) -> None:
        for signal in (self.status.currentIndexChanged, self.mentees.changed, self.session_date.dateChanged,
                       self.start_time.timeChanged, self.duration.currentTextChanged, self.mode.currentIndexChanged,
                       self.platform.currentIndexChanged, self.location.textEdited, self.step.currentIndexChanged,
                       self.topics.textChanged, self.notes.textChanged, self.engagement.currentIndexChanged,
                       self.mentor.currentIndexChanged, self.follow_ups.changed):
            signal.connect(self._changed)

    def _status(self) -> SessionStatus:
        return SessionStatus(self.status.currentData())

    def _set_title(self) -> None:
        status = self._status()
        if self._detail is None:
            title = self.tr("Plan a session") if status is SessionStatus.PLANNED else self.tr("Log a session")
        elif self._detail.form.status is SessionStatus.PLANNED and status is SessionStatus.HELD:
            title = self.tr("Record the planned session as held")
        else:
            title = self.tr("Edit session")
        self.setWindowTitle(title)

    # ---- form <-> widgets

    def form_value(self) -> SessionForm:
        # Combo data comes back as plain text (Qt stores a str enum as a QString): make enums again.
        start = self.start_time.time()
        text = self.duration.currentText().strip()
        return SessionForm(
            participants=self.mentees.participants(),
            session_date=self.session_date.value() or date.today(),
            start_time=None if start == NO_TIME else time(start.hour(), start.minute()),
            duration_minutes=int(text) if text.isdigit() else None,
            mode=SessionMode(self.mode.currentData()),
            platform=_optional(Platform, self.platform.currentData()),
            location=self.location.text(),
            step=PathwayStep(self.step.currentData()),
            topics=self.topics.topics(),
            notes=self.notes.toPlainText(),
            engagement=self.engagement.currentData(),
            status=self._status(),
            mentor_id=self.mentor.currentData(),
            programme_id=self._detail.form.programme_id if self._detail else None,
            follow_ups=self.follow_ups.forms(),
        )

    def _fill(self, form: SessionForm) -> None:
        select_data(self.status, form.status)
        for participant in form.participants:
            self.mentees.add(participant.mentee_id, participant.attendance)
        self.session_date.set_value(form.session_date)
        self.start_time.setTime(NO_TIME if form.start_time is None
                                else QTime(form.start_time.hour, form.start_time.minute))
        self.duration.setCurrentText("" if form.duration_minutes is None else str(form.duration_minutes))
        select_data(self.mode, form.mode)
        select_data(self.platform, form.platform)
        self.location.setText(form.location)
        select_data(self.step, form.step)
        self.topics.set_topics(form.topics)
        self.notes.setPlainText(form.notes)
        select_data(self.engagement, form.engagement)
        select_data(self.mentor, form.mentor_id)
        for follow_up in form.follow_ups:
            self.follow_ups.add_row(follow_up)
        self._status_changed()
        self._mode_changed()

    def _status_changed(self) -> None:
        held = self._status() is SessionStatus.HELD
        self.mentees.show_attendance(held)
        self.engagement.setEnabled(held)
        self.save_button.setText(self.tr("Plan") if self._status() is SessionStatus.PLANNED else self.tr("Save"))

    def _mode_changed(self) -> None:
        online = SessionMode(self.mode.currentData()).is_online
        self.platform.setEnabled(online)
        self.location.setPlaceholderText(self.tr("e.g. the WhatsApp group's name") if online
                                         else self.tr("e.g. youth centre, café, home visit"))

    # ---- saving

    def submit(self) -> SessionDetail:
        form = self.form_value()
        try:
            if self._detail is None:
                saved = self._sessions.log(form, self._actor_id)
            else:
                saved = self._sessions.update(self._detail.id, form, self._actor_id)
        except ValidationError as error:
            raise ValidationError(_follow_up_errors_together(error.errors)) from error
        self._draft_timer.stop()
        self._drafts.discard(self._draft_name)
        self._dirty = False
        return saved

    def reject(self) -> None:
        if self._dirty:
            self.save_draft()
            self.draft_kept.emit()
        super().reject()

    # ---- drafts

    def _changed(self) -> None:
        self._dirty = True
        self._set_title()
        self._draft_timer.start()

    def save_draft(self) -> None:
        if self._dirty:
            self._drafts.save(self._draft_name, self._state())

    def _offer_draft(self) -> None:
        self._draft = self._drafts.load(self._draft_name)
        if self._draft is None:
            self.banner.hide()
            return
        saved = QLocale().toString(self._draft.saved_at.astimezone(), QLocale.FormatType.ShortFormat)
        names = ", ".join(self._draft.content.get("names", []))
        self.banner.text.setText(
            self.tr("An unsaved session from {when} was kept{names}. Restore it?").format(
                when=saved, names=self.tr(" (with {names})").format(names=names) if names else ""))
        self.banner.show()

    def restore_draft(self) -> None:
        if self._draft is None:
            return
        self._clear()
        self._fill(_form_from_state(self._draft.content))
        self._draft = None
        self.banner.hide()
        self._dirty = True  # restored but not saved: still a draft
        self.mentees.search.setFocus()

    def discard_draft(self) -> None:
        self._drafts.discard(self._draft_name)
        self._draft = None
        self.banner.hide()
        self.mentees.search.setFocus()

    def _clear(self) -> None:
        for mentee_id in self.mentees.mentee_ids():
            self.mentees.remove(mentee_id)
        for row in self.follow_ups.rows():
            row.remove.click()

    def _state(self) -> dict[str, Any]:
        form = self.form_value()
        return {
            "names": [self.mentees.name_of(p.mentee_id) for p in form.participants],
            "participants": [[str(p.mentee_id), p.attendance.value] for p in form.participants],
            "status": form.status.value,
            "session_date": form.session_date.isoformat(),
            "start_time": form.start_time.strftime("%H:%M") if form.start_time else None,
            "duration": self.duration.currentText(),
            "mode": form.mode.value,
            "platform": form.platform.value if form.platform else None,
            "location": form.location,
            "step": form.step.value,
            "topics": self.topics.text(),
            "notes": form.notes,
            "engagement": form.engagement,
            "mentor_id": str(form.mentor_id) if form.mentor_id else None,
            "follow_ups": [[f.text, f.due_date.isoformat() if f.due_date else None,
                            str(f.owner_id) if f.owner_id else None, str(f.mentee_id) if f.mentee_id else None,
                            str(f.id) if f.id else None, f.done] for f in form.follow_ups],
        }


class _DraftBanner(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("draftBanner")
        self.setStyleSheet("#draftBanner { background: palette(alternate-base); border-radius: 6px; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.restore = QPushButton(self.tr("&Restore draft"))
        self.discard = QPushButton(self.tr("Discard"))
        for button in (self.restore, self.discard):
            button.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.restore)
        row.addWidget(self.discard)


def _blank(actor_id: uuid.UUID | None) -> SessionForm:
    return SessionForm(participants=(), session_date=date.today(), duration_minutes=60,
                       mode=SessionMode.IN_PERSON, mentor_id=actor_id)


def _optional(enum: type[Platform], value: str | None) -> Platform | None:
    return enum(value) if value else None


def _time_edit() -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setMinimumTime(NO_TIME)
    edit.setSpecialValueText(" ")  # 00:00 shows blank: no start time given
    return edit


def _with_unit(field: QWidget, unit: str) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field)
    row.addWidget(QLabel(unit))
    row.addStretch(1)
    box.setFocusProxy(field)  # Alt+U and error focus land in the field itself
    return box


def _duration_box() -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.lineEdit().setValidator(QIntValidator(0, 9999, box))
    for minutes in DURATION_PRESETS:
        box.addItem(str(minutes))
        box.setItemData(box.count() - 1, format_minutes(minutes), Qt.ItemDataRole.ToolTipRole)
    box.setToolTip(box.tr("Minutes: pick a usual length or type any number"))
    return box


def _follow_up_errors_together(errors: dict[str, str]) -> dict[str, str]:
    """The rows share one message line under the follow-ups."""
    together = {key: message for key, message in errors.items() if not key.startswith("follow_up_")}
    rows = [message for key, message in errors.items() if key.startswith("follow_up_")]
    if rows:
        together["follow_ups"] = " ".join(rows)
    return together


def _form_from_state(state: dict[str, Any]) -> SessionForm:
    """A stored draft back into a form; anything unreadable falls back to the blank default."""
    def uid(text: str | None) -> uuid.UUID | None:
        try:
            return uuid.UUID(text) if text else None
        except ValueError:
            return None

    def day(text: str | None, default: date | None) -> date | None:
        try:
            return date.fromisoformat(text) if text else default
        except ValueError:
            return default

    start = state.get("start_time")
    duration = str(state.get("duration", ""))
    participants = []
    for mentee, attendance in state.get("participants", []):
        if (mentee_id := uid(mentee)) is not None:
            participants.append(Participant(mentee_id, Attendance(attendance)))
    return SessionForm(
        participants=tuple(participants),
        session_date=day(state.get("session_date"), date.today()) or date.today(),
        start_time=datetime.strptime(start, "%H:%M").time() if start else None,
        duration_minutes=int(duration) if duration.isdigit() else None,
        mode=SessionMode(state.get("mode", SessionMode.IN_PERSON)),
        platform=Platform(state["platform"]) if state.get("platform") else None,
        location=state.get("location", ""),
        step=PathwayStep(state.get("step", PathwayStep.GENERAL)),
        topics=tuple(t.strip() for t in state.get("topics", "").split(",") if t.strip()),
        notes=state.get("notes", ""),
        engagement=state.get("engagement"),
        status=SessionStatus(state.get("status", SessionStatus.HELD)),
        mentor_id=uid(state.get("mentor_id")),
        follow_ups=tuple(FollowUpForm(text, day(due, None), uid(owner), uid(mentee), uid(follow_up_id), bool(done))
                         for text, due, owner, mentee, follow_up_id, done in state.get("follow_ups", [])),
    )
