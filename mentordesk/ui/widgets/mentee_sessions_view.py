"""A mentee's Sessions tab: what they attended in hours, by month, their follow-ups and the timeline.

The view only shows and asks: ticking a follow-up, opening or logging a session are signals
the record page acts on.
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import SessionStatus
from mentordesk.services.sessions import FollowUpInfo, MenteeSessions
from mentordesk.ui.labels import format_date, format_minutes
from mentordesk.ui.models.session_timeline import SessionTimelineModel
from mentordesk.ui.resources import icon
from mentordesk.ui.style import ERROR_COLOUR
from mentordesk.ui.widgets.empty_state import EmptyState
from mentordesk.ui.widgets.headings import heading_label
from mentordesk.ui.widgets.monthly_hours_chart import MonthlyHoursChart, months_to_show
from mentordesk.ui.widgets.tables import configure_list_view

_ID_ROLE = Qt.ItemDataRole.UserRole


class MenteeSessionsView(QWidget):
    open_session_requested = Signal(object)  # session uuid
    log_session_requested = Signal()
    follow_up_ticked = Signal(object, bool)  # follow-up uuid, done

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: MenteeSessions | None = None
        self._today = date.today()
        self._columns_sized = False

        self.empty = EmptyState(icon("sessions"), self.tr("No sessions yet"), self.tr(
            "Sessions logged or planned with this mentee appear here, with their follow-ups and the hours "
            "they attended, in total and by month."))
        self.empty_log_button = QPushButton(self.tr("Log session…"))
        self.empty_log_button.clicked.connect(self.log_session_requested)
        # Under the message, in the empty state's centred column.
        self.empty.detail_label.parentWidget().layout().addWidget(self.empty_log_button, 0,
                                                                  Qt.AlignmentFlag.AlignHCenter)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.chart = MonthlyHoursChart()
        self.chart_heading = heading_label(self.tr("Hours by month"))
        self.no_hours = QLabel(self.tr("No hours yet: only held sessions the mentee attended count."))
        self.no_hours.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.no_hours.setWordWrap(True)
        chart_box = QVBoxLayout()
        chart_box.addWidget(self.chart_heading)
        chart_box.addWidget(self.chart)
        chart_box.addWidget(self.no_hours)
        chart_box.addStretch(1)

        self.follow_ups_heading = heading_label("")
        self.follow_ups_heading.setTextFormat(Qt.TextFormat.RichText)
        self.follow_ups = QTreeWidget()
        self.follow_ups.setHeaderLabels([self.tr("Follow-up"), self.tr("Due"), self.tr("Owner")])
        self.follow_ups.setRootIsDecorated(False)
        self.follow_ups.setUniformRowHeights(True)
        self.follow_ups.setAccessibleName(self.tr("Follow-ups; tick one to mark it done"))
        header = self.follow_ups.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.follow_ups.itemChanged.connect(self._on_follow_up_changed)
        self.no_follow_ups = QLabel(self.tr("No follow-ups agreed."))
        self.no_follow_ups.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        follow_up_box = QVBoxLayout()
        follow_up_box.addWidget(self.follow_ups_heading)
        follow_up_box.addWidget(self.follow_ups, 1)
        follow_up_box.addWidget(self.no_follow_ups)

        self.model = SessionTimelineModel(self)
        self.timeline = QTreeView()
        self.timeline.setModel(self.model)
        configure_list_view(self.timeline)
        self.timeline.setAccessibleName(self.tr("Sessions, newest first; Enter opens one"))
        self.timeline.header().setStretchLastSection(True)
        self.timeline.activated.connect(self._on_activated)  # double-click or Enter

        top = QHBoxLayout()
        top.addLayout(chart_box, 1)
        top.addSpacing(18)
        top.addLayout(follow_up_box, 1)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.summary)
        content_layout.addSpacing(4)
        content_layout.addLayout(top)
        content_layout.addSpacing(4)
        content_layout.addWidget(heading_label(self.tr("Timeline")))
        content_layout.addWidget(self.timeline, 1)
        self.content = content

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # ---- showing

    def show_sessions(self, data: MenteeSessions, today: date | None = None) -> None:
        self.data = data
        self._today = today or date.today()
        if not data.entries and not data.follow_ups:
            self.stack.setCurrentWidget(self.empty)
            self.model.set_entries([], self._today)
            self._fill_follow_ups(())
            return
        self.stack.setCurrentWidget(self.content)
        self.summary.setText(self._summary_text(data))
        months = months_to_show(data.minutes_by_month, self._today)
        self.chart.set_months(months)
        self.chart.setVisible(bool(months))
        self.no_hours.setVisible(not months)
        self.model.set_entries(data.entries, self._today)
        if not self._columns_sized and data.entries:
            # Once: later mentees' columns hold the same kinds of values, and widths set by hand stay.
            self._columns_sized = True
            self._size_timeline_columns()
        self._fill_follow_ups(data.follow_ups)

    def _summary_text(self, data: MenteeSessions) -> str:
        parts = [
            self.tr("Time attended: <b>{duration}</b>").format(duration=format_minutes(data.minutes_total)),
            self.tr("Sessions attended: {count}").format(count=self.locale().toString(data.held)),
            self.tr("No-shows: {count}").format(count=self.locale().toString(data.no_shows)),
        ]
        planned = [e for e in data.entries if e.status is SessionStatus.PLANNED]
        upcoming = [e.session_date for e in planned if e.session_date >= self._today]
        if upcoming:
            parts.append(self.tr("Next planned: {date}").format(date=format_date(min(upcoming))))
        past_due = len(planned) - len(upcoming)
        if past_due:
            parts.append(self.tr("<span style='color:{colour}'>Planned sessions to record: {count}</span>").format(
                colour=ERROR_COLOUR, count=self.locale().toString(past_due)))
        return "  ·  ".join(parts)

    def _fill_follow_ups(self, follow_ups: tuple[FollowUpInfo, ...]) -> None:
        current = self.follow_ups.indexOfTopLevelItem(self.follow_ups.currentItem())
        session_dates = {e.session_id: e.session_date for e in self.data.entries} if self.data else {}
        error, muted = QBrush(QColor(ERROR_COLOUR)), self.palette().brush(QPalette.ColorRole.PlaceholderText)
        overdue = 0
        self.follow_ups.blockSignals(True)  # filling is not ticking
        self.follow_ups.clear()
        for follow_up in follow_ups:
            item = QTreeWidgetItem([follow_up.text, "", follow_up.owner or ""])
            item.setData(0, _ID_ROLE, follow_up.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked if follow_up.is_open else Qt.CheckState.Checked)
            tip = [follow_up.text]
            if follow_up.session_id in session_dates:
                tip.append(self.tr("Agreed in the session of {date}.").format(
                    date=format_date(session_dates[follow_up.session_id])))
            if follow_up.is_open:
                item.setText(1, format_date(follow_up.due_date))
                if follow_up.due_date is not None and follow_up.due_date < self._today:
                    overdue += 1
                    for column in range(3):
                        item.setForeground(column, error)
                    tip.append(self.tr("Overdue since {date}.").format(date=format_date(follow_up.due_date)))
            else:
                assert follow_up.done_at is not None
                done_on = follow_up.done_at.astimezone().date()
                item.setText(1, self.tr("Done {date}").format(date=format_date(done_on)))
                font = QFont(item.font(0))
                font.setStrikeOut(True)
                item.setFont(0, font)
                for column in range(3):
                    item.setForeground(column, muted)
            item.setToolTip(0, "\n".join(tip))
            self.follow_ups.addTopLevelItem(item)
        if 0 <= current < self.follow_ups.topLevelItemCount():
            # Keep the place: ticking moves a follow-up down, and the next one comes under the cursor.
            self.follow_ups.setCurrentItem(self.follow_ups.topLevelItem(current))
        self.follow_ups.blockSignals(False)

        open_count = sum(f.is_open for f in follow_ups)
        heading = self.tr("Follow-ups · open: {count}").format(count=self.locale().toString(open_count))
        if overdue:
            heading += self.tr(" · <span style='color:{colour}'>overdue: {count}</span>").format(
                colour=ERROR_COLOUR, count=self.locale().toString(overdue))
        self.follow_ups_heading.setText(heading)
        self.follow_ups.setVisible(bool(follow_ups))
        self.no_follow_ups.setVisible(not follow_ups)

    def _size_timeline_columns(self) -> None:
        for column in range(self.model.columnCount() - 1):
            self.timeline.resizeColumnToContents(column)
            if column in (SessionTimelineModel.TOPICS, SessionTimelineModel.MENTOR):
                self.timeline.setColumnWidth(column, min(self.timeline.columnWidth(column), 220))

    # ---- acting

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_session_requested.emit(self.model.data(index, SessionTimelineModel.IdRole))

    def _on_follow_up_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        follow_up_id: uuid.UUID = item.data(0, _ID_ROLE)
        done = item.checkState(0) == Qt.CheckState.Checked
        # Queued: acting on it refreshes this list, which must not delete the item inside its own signal.
        QTimer.singleShot(0, self, partial(self.follow_up_ticked.emit, follow_up_id, done))
