"""The caseload: instant search, filters, "My caseload" and "All mentees", a lazily filled table."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import QLocale, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from mentordesk.enums import MenteeStatus, PathwayStep
from mentordesk.services.changes import ChangeKind
from mentordesk.services.mentees import NOT_STARTED, PATHWAY_COMPLETE, MenteeColumn, MenteeQuery, MenteeService
from mentordesk.services.organisation import OrganisationService
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.labels import label
from mentordesk.ui.models.mentee_table import MenteeTableModel
from mentordesk.ui.pages.base import Page
from mentordesk.ui.widgets.combo import combo_with_any, refill, select_data
from mentordesk.ui.widgets.search_field import SearchField
from mentordesk.ui.widgets.tables import lazy_table_view


class MenteesPage(Page):
    open_requested = Signal(object)  # mentee id
    add_requested = Signal()
    import_requested = Signal()
    export_requested = Signal()

    watches = frozenset({ChangeKind.ORGANISATION, ChangeKind.MENTEES, ChangeKind.CONSENT, ChangeKind.SESSIONS,
                         ChangeKind.FOLLOW_UPS,
                         ChangeKind.PATHWAY, ChangeKind.WORKERS, ChangeKind.PROGRAMMES})

    def __init__(self, mentees: MenteeService, organisation: OrganisationService, current_worker: CurrentWorker,
                 events: DataEvents, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Mentees"), events, parent)
        self._mentees = mentees
        self._organisation = organisation
        self._current_worker = current_worker
        current_worker.changed.connect(lambda _id: self._on_changed_worker())

        self.add_button = QPushButton(self.tr("&Add mentee…"))
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.add_button.clicked.connect(self.add_requested)
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.clicked.connect(self.import_requested)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.export_requested)
        self.add_title_buttons(self.import_button, self.export_button, self.add_button)

        self.my_caseload = QPushButton()
        self.all_mentees = QPushButton()
        self.views = QButtonGroup(self)
        for button in (self.my_caseload, self.all_mentees):
            button.setCheckable(True)
            self.views.addButton(button)
        self.views.buttonToggled.connect(lambda _button, checked: checked and self._apply())

        self.search = SearchField(self.tr("Name or code  (Ctrl+F)"), self, 200)
        self.search.search_requested.connect(self._apply)
        self.search.returnPressed.connect(self._open_first)

        self.status_filter = combo_with_any(self.tr("Any status"), [(label(s), s) for s in MenteeStatus])
        self.mentor_filter = combo_with_any(self.tr("Any mentor"), [])
        self.programme_filter = combo_with_any(self.tr("Any programme"), [])
        self.step_filter = combo_with_any(self.tr("Any step"), [(self.tr("Not started"), NOT_STARTED)] + [
            (label(step), step) for step in PathwayStep if step is not PathwayStep.GENERAL] + [
            (self.tr("Complete"), PATHWAY_COMPLETE)])
        for combo in (self.status_filter, self.mentor_filter, self.programme_filter, self.step_filter):
            combo.currentIndexChanged.connect(lambda _index: self._apply())

        self.filters_bar = QWidget()
        filters = QHBoxLayout(self.filters_bar)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.my_caseload)
        filters.addWidget(self.all_mentees)
        filters.addSpacing(12)
        filters.addWidget(self.search, 1)  # the spare width goes to the search box
        for combo in (self.status_filter, self.mentor_filter, self.programme_filter, self.step_filter):
            filters.addWidget(combo)
        self.page_layout.addWidget(self.filters_bar)
        self._shown_ids: frozenset[uuid.UUID] | None = None  # a fixed list asked for elsewhere, in place of filters
        self._shown_title = ""
        self._build_ids_chip()

        self.model = MenteeTableModel(mentees, self)
        self.table = lazy_table_view(self.model, _WIDTHS)
        self.table.activated.connect(self._open_index)
        self.page_layout.addWidget(self.table, 1)

        self.count_label = QLabel()
        self.page_layout.addWidget(self.count_label)
        self._loading_filters = False

    # ---- refresh

    def refresh(self) -> None:
        self._fill_filters()
        self._update_view_buttons()
        self._apply()

    def _fill_filters(self) -> None:
        self._loading_filters = True
        try:
            workers = [(worker.full_name, worker.id) for worker in self._organisation.workers()]
            programmes = [(programme.name, programme.id) for programme in self._organisation.programmes()]
            refill(self.mentor_filter, workers)
            refill(self.programme_filter, programmes)
        finally:
            self._loading_filters = False

    def _update_view_buttons(self) -> None:
        mine, everyone = self._mentees.caseload_counts(self._current_worker.id)
        locale = QLocale()
        self.my_caseload.setText(self.tr("My caseload ({count})").format(count=locale.toString(mine)))
        self.all_mentees.setText(self.tr("All mentees ({count})").format(count=locale.toString(everyone)))
        has_worker = self._current_worker.id is not None
        self.my_caseload.setEnabled(has_worker)
        self.my_caseload.setToolTip("" if has_worker else self.tr("Choose who you are in Settings first."))
        if self.views.checkedButton() is None or not has_worker:
            self.views.blockSignals(True)  # the caller applies the query once, afterwards
            (self.my_caseload if has_worker and mine else self.all_mentees).setChecked(True)
            self.views.blockSignals(False)

    def _on_changed_worker(self) -> None:
        self._update_view_buttons()
        self._apply()

    def query(self) -> MenteeQuery:
        if self._shown_ids is not None:  # the list shown is exactly these people, whatever the filters say
            return replace(self.model.query, text="", statuses=frozenset(), mentor_id=None, programme_id=None,
                           step=None, ids=self._shown_ids)
        mine = self.my_caseload.isChecked()
        self.mentor_filter.setEnabled(not mine)
        status = self.status_filter.currentData()
        return replace(
            self.model.query,
            text=self.search.text(),
            statuses=frozenset({status}) if status else frozenset(),
            mentor_id=self._current_worker.id if mine else self.mentor_filter.currentData(),
            programme_id=self.programme_filter.currentData(),
            step=self.step_filter.currentData(),
            ids=None,
        )

    def _apply(self) -> None:
        if self._loading_filters:
            return
        self.search.cancel_pending()
        selected = self.selected_id()
        self.model.set_query(self.query())
        self.count_label.setText(self.tr("Mentees shown: {shown}").format(
            shown=QLocale().toString(self.model.rowCount())))
        self._update_ids_chip()
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.table.selectRow(row)

    def show_programme(self, programme_id: uuid.UUID) -> None:
        """Everyone currently in one programme, whoever their mentor (asked for from the Today page)."""
        self._forget_ids()
        self._fill_filters()
        self._loading_filters = True
        try:
            self.views.blockSignals(True)
            self.all_mentees.setChecked(True)
            self.views.blockSignals(False)
            self.search.clear()
            for combo in (self.status_filter, self.mentor_filter, self.step_filter):
                combo.setCurrentIndex(0)
            select_data(self.programme_filter, programme_id)
        finally:
            self._loading_filters = False
        self._stale = False  # filled here; showing the page need not query again
        self._apply()

    # ---- a fixed list of mentees (a dashboard figure's people)

    def _build_ids_chip(self) -> None:
        self.ids_chip = QFrame()
        self.ids_chip.setFrameShape(QFrame.Shape.StyledPanel)
        self.ids_chip.setAutoFillBackground(True)
        self.ids_chip.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        row = QHBoxLayout(self.ids_chip)
        row.setContentsMargins(10, 3, 3, 3)
        self.ids_label = QLabel()
        self.ids_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_ids_button = QToolButton()
        self.clear_ids_button.setText("✕")
        self.clear_ids_button.setAutoRaise(True)
        self.clear_ids_button.setToolTip(self.tr("Show every mentee and the filters again (Esc)"))
        self.clear_ids_button.setAccessibleName(self.tr("Clear this list"))
        self.clear_ids_button.clicked.connect(self.clear_ids)
        row.addWidget(self.ids_label)
        row.addWidget(self.clear_ids_button)
        line = QHBoxLayout()
        line.addWidget(self.ids_chip)
        line.addStretch(1)
        self.page_layout.insertLayout(self.page_layout.indexOf(self.filters_bar), line)
        self.ids_chip.hide()
        self._clear_ids_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.clear_ids,
                                             context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._clear_ids_shortcut.setEnabled(False)  # Esc is the chip's only while it shows

    def show_ids(self, ids: Iterable[uuid.UUID], title: str) -> None:
        """Exactly these mentees, under a chip naming what they are, until the chip is cleared."""
        self._shown_ids = frozenset(ids)
        self._shown_title = title
        self._stale = False  # filled here; showing the page need not query again
        self._apply()  # before the chip shows, so it is laid out with its text
        self.filters_bar.hide()
        self.ids_chip.show()
        self._clear_ids_shortcut.setEnabled(True)

    def clear_ids(self) -> None:
        if self._shown_ids is None:
            return
        self._forget_ids()
        self.refresh()

    def _forget_ids(self) -> None:
        self._shown_ids = None
        self.ids_chip.hide()
        self._clear_ids_shortcut.setEnabled(False)
        self.filters_bar.show()

    def _update_ids_chip(self) -> None:
        if self._shown_ids is not None:
            self.ids_label.setText(self.tr("Showing: {title} ({count})").format(
                title=self._shown_title, count=QLocale().toString(self.model.rowCount())))

    # ---- opening

    def selected_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.mentee_id(rows[0].row()) if rows else None

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.mentee_id(index.row()))

    def _open_first(self) -> None:
        self._apply()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
            if self.model.rowCount() == 1:
                self.open_requested.emit(self.model.mentee_id(0))


_WIDTHS = {
    MenteeColumn.CODE: 80, MenteeColumn.NAME: 190, MenteeColumn.AGE: 45, MenteeColumn.STATUS: 85,
    MenteeColumn.MENTOR: 150, MenteeColumn.PROGRAMME: 170, MenteeColumn.STEP: 130,
    MenteeColumn.LAST_SESSION: 95, MenteeColumn.NEXT_FOLLOW_UP: 105,
}

