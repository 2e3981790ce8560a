"""The certificate register: every certificate issued, filtered; view, re-print, revoke, export, verify, batch issue."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from mentordesk.enums import CertificateKind
from mentordesk.services.changes import ChangeKind
from mentordesk.services.organisation import OrganisationService
from mentordesk.ui.certificate_actions import CertificateActions, kind_label
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.events import DataEvents
from mentordesk.ui.models.certificate_table import (
    CertificateColumn,
    CertificateFilter,
    CertificateFilterModel,
    CertificateTableModel,
)
from mentordesk.ui.pages.base import Page
from mentordesk.ui.resources import icon
from mentordesk.ui.tasks import TaskRunner
from mentordesk.ui.widgets.combo import combo_with_any, refill
from mentordesk.ui.widgets.empty_state import EmptyState
from mentordesk.ui.widgets.search_field import SearchField
from mentordesk.ui.widgets.tables import configure_list_view

if TYPE_CHECKING:
    from mentordesk.services.certificates import CertificateInfo, CertificateService

_WIDTHS = {CertificateColumn.SERIAL: 150, CertificateColumn.HOLDER: 220, CertificateColumn.PROGRAMME: 190,
           CertificateColumn.KIND: 170, CertificateColumn.ISSUED: 95}


def _periods() -> list[tuple[str, Callable[[date], tuple[date, date]]]]:
    """(label, today -> first and last day): what the period filter offers."""
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("CertificatesPage", text)

    return [
        (tr("This month"), lambda today: (today.replace(day=1), today)),
        (tr("Last 3 months"), lambda today: (today - timedelta(days=91), today)),
        (tr("This year"), lambda today: (today.replace(month=1, day=1), today)),
        (tr("Last year"), lambda today: (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
    ]


class CertificatesPage(Page):
    open_mentee_requested = Signal(object)  # mentee id
    status_message = Signal(str)

    watches = frozenset({ChangeKind.CERTIFICATES, ChangeKind.MENTEES, ChangeKind.PROGRAMMES})

    def __init__(self, certificates: CertificateService, organisation: OrganisationService, runner: TaskRunner,
                 current_worker: CurrentWorker, events: DataEvents, parent: QWidget | None = None,
                 clock: Callable[[], date] = date.today) -> None:
        super().__init__(self.tr("Certificates"), events, parent)
        self._certificates = certificates
        self._organisation = organisation
        self._clock = clock
        self.actions = CertificateActions(certificates, runner, events, lambda: current_worker.id,
                                          self.status_message.emit, self)

        self.verify_button = QPushButton(self.tr("&Verify certificate…"))
        self.verify_button.clicked.connect(self.actions.verify)
        self.batch_button = QPushButton(self.tr("Issue for a &programme…"))
        self.batch_button.clicked.connect(self.issue_for_programme)
        self.add_title_buttons(self.verify_button, self.batch_button)

        self.search = SearchField(self.tr("Search by serial, name, code or programme  (Ctrl+F)"), self, 240)
        self.search.search_requested.connect(self._apply)
        self.programme_filter = combo_with_any(self.tr("Any programme"), [])
        self.kind_filter = combo_with_any(self.tr("Any kind"), [(kind_label(kind), kind) for kind in CertificateKind])
        self.status_filter = combo_with_any(self.tr("Valid and revoked"), [(self.tr("Valid"), False),
                                                                           (self.tr("Revoked"), True)])
        self._period_ranges = _periods()
        self.period_filter = combo_with_any(self.tr("Any time"), [(text, index) for index, (text, _range)
                                                                  in enumerate(self._period_ranges)])
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in self._filter_combos():
            combo.currentIndexChanged.connect(lambda _index: self._apply())
            filters.addWidget(combo, 1)
        self.page_layout.addLayout(filters)

        self.model = CertificateTableModel(self)
        self.proxy = CertificateFilterModel(self.model, self)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        configure_list_view(self.table)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CertificateTableModel.COLUMNS.index(CertificateColumn.ISSUED),
                                Qt.SortOrder.DescendingOrder)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(CertificateTableModel.COLUMNS.index(column), width)
        self.table.activated.connect(self._view_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.empty_state = EmptyState(icon("certificates"), self.tr("No certificates issued yet"), self.tr(
            "Issue one from a mentee's record (the Certificates tab), or for everyone who qualifies in a programme "
            "with “Issue for a programme…”. Each is signed, so anyone can verify it offline."))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_state)
        self.page_layout.addWidget(self.stack, 1)

        self.view_button = QPushButton(self.tr("View…"))
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.revoke_button = QPushButton(self.tr("Revoke…"))
        self.badge_button = QPushButton(self.tr("Export Open Badge…"))
        self.mentee_button = QPushButton(self.tr("Open mentee"))
        self.view_button.clicked.connect(lambda: self._act(self.actions.view))
        self.save_button.clicked.connect(lambda: self._act(self.actions.save))
        self.print_button.clicked.connect(lambda: self._act(self.actions.print_))
        self.revoke_button.clicked.connect(lambda: self._act(self.actions.revoke))
        self.badge_button.clicked.connect(lambda: self._act(self.actions.export_badge))
        self.mentee_button.clicked.connect(self._open_mentee)
        self.count_label = QLabel()
        actions = QHBoxLayout()
        for button in self._action_buttons():
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        self.page_layout.addLayout(actions)
        self._update_buttons()

    def _filter_combos(self) -> tuple[QComboBox, ...]:
        return self.programme_filter, self.kind_filter, self.status_filter, self.period_filter

    def _action_buttons(self) -> tuple[QPushButton, ...]:
        return (self.view_button, self.save_button, self.print_button, self.revoke_button, self.badge_button,
                self.mentee_button)

    # ---- refresh

    def refresh(self) -> None:
        selected = self.selected()
        rows = self._certificates.register()
        self.model.set_rows(rows)
        # The programmes certificates name, deleted ones included: each choice finds something.
        programmes = {info.programme_id: info.programme for info in rows if info.programme_id and info.programme}
        refill(self.programme_filter, sorted(((name, programme_id) for programme_id, name in programmes.items()),
                                             key=lambda choice: choice[0].casefold()))
        self.stack.setCurrentWidget(self.table if rows else self.empty_state)
        self._apply()
        if selected is not None:
            self.select(selected.id)

    def current_filter(self) -> CertificateFilter:
        period = self.period_filter.currentData()
        start, end = self._period_ranges[period][1](self._clock()) if period is not None else (None, None)
        kind = self.kind_filter.currentData()  # a combo keeps a StrEnum as its text
        return CertificateFilter(text=self.search.text(), programme_id=self.programme_filter.currentData(),
                                 kind=CertificateKind(kind) if kind else None, revoked=self.status_filter.currentData(),
                                 issued_from=start, issued_to=end)

    def _apply(self) -> None:
        self.search.cancel_pending()
        self.proxy.set_filter(self.current_filter())
        locale = QLocale()
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(self.tr("Certificates shown: {shown} of {total}").format(
            shown=locale.toString(shown), total=locale.toString(total)))
        self._update_buttons()

    # ---- the selected certificate

    def selected(self) -> CertificateInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.info(rows[0].row()) if rows else None

    def select(self, certificate_id: uuid.UUID) -> bool:
        row = self.proxy.row_of(certificate_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _update_buttons(self) -> None:
        info = self.selected()
        for button in self._action_buttons():
            button.setEnabled(info is not None)
        if info is None:
            return
        # Erased holders keep only the serial and status in the register: nothing to print or open.
        for button in (self.view_button, self.save_button, self.print_button, self.badge_button):
            button.setEnabled(info.reprintable)
            button.setToolTip("" if info.reprintable else self.tr(
                "The register keeps no signed facts for this certificate (the holder's data was erased), so it "
                "cannot be shown or printed again."))
        self.mentee_button.setEnabled(info.mentee_id is not None)
        self.revoke_button.setEnabled(info.revoked_at is None)

    def _act(self, action: Callable[[CertificateInfo], None]) -> None:
        info = self.selected()
        if info is not None:
            action(info)

    def _view_index(self, index: QModelIndex) -> None:
        if index.isValid() and self.view_button.isEnabled():
            self.actions.view(self.proxy.info(index.row()))

    def _open_mentee(self) -> None:
        info = self.selected()
        if info is not None and info.mentee_id is not None:
            self.open_mentee_requested.emit(info.mentee_id)

    def issue_for_programme(self) -> None:
        self.actions.choose_batch([(programme.name, programme.id) for programme in self._organisation.programmes()])
