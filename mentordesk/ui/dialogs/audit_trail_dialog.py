"""The audit trail, for a coordinator: who did what to which record and when, filtered, newest first.

The chain is verified in the background when the dialog opens (100,000 events take a few seconds)
and the line above the list says whether it is intact, with the last hash to note down as an
anchor, or names the first broken link in red. The shown events can be saved as CSV.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import AuditAction
from mentordesk.services.audit_trail import AuditQuery, AuditTrailService, ChainStatus
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.ui.models.audit_table import AuditColumn, AuditTableModel, action_label, entity_label
from mentordesk.ui.pdf_output import documents_folder
from mentordesk.ui.style import ERROR_COLOUR, ERROR_STYLE
from mentordesk.ui.tasks import TaskRunner
from mentordesk.ui.widgets.combo import combo_with_any, refill
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.tables import lazy_table_view

FILTER_PAUSE_MS = 300  # typing in the record box re-queries once the typing pauses
INTACT_COLOUR = "#1e7b34"  # green, readable on light and dark palettes like ERROR_COLOUR
HASH_SHOWN = 12  # hex digits of the last hash on the status line; the whole hash is one click away


class AuditTrailDialog(QDialog):
    def __init__(self, service: AuditTrailService, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audit trail"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1120, 680)
        self._service = service
        self._runner = runner
        self.status: ChainStatus | None = None

        self.action_filter = combo_with_any(self.tr("Any action"),
                                            [(action_label(action), action) for action in AuditAction])
        self.worker_filter = combo_with_any(self.tr("Any worker"), [])
        self.entity_filter = combo_with_any(self.tr("Any kind of record"), [])
        for combo, letters in ((self.action_filter, 10), (self.worker_filter, 14), (self.entity_filter, 18)):
            combo.setMinimumContentsLength(letters)  # "Any kind of record" whole, names mostly whole
        self.record_filter = QLineEdit()
        self.record_filter.setPlaceholderText(self.tr("Record id, or its first digits"))
        self.record_filter.setClearButtonEnabled(True)
        self.record_filter.setMaxLength(36)
        self.date_from = DateField()
        self.date_to = DateField()
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.filter_error = QLabel()
        self.filter_error.setStyleSheet(ERROR_STYLE)
        self.filter_error.hide()

        filters = QHBoxLayout()
        for widget in (self.action_filter, self.worker_filter, self.entity_filter):
            filters.addWidget(widget)
        filters.addWidget(self.record_filter, 1)
        filters.addWidget(QLabel(self.tr("From")))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(self.tr("to")))
        filters.addWidget(self.date_to)
        filters.addWidget(self.clear_button)

        self.chain_label = QLabel(self.tr("Checking the chain…"))
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chain_label.setWordWrap(True)
        self.copy_hash_button = QPushButton(self.tr("Copy last hash"))
        self.copy_hash_button.setToolTip(self.tr("Note the last hash down now and then (or print it): it shows "
                                                 "later whether the newest events were removed."))
        self.copy_hash_button.setEnabled(False)
        self.show_break_button = QPushButton(self.tr("Show that event"))
        self.show_break_button.hide()
        chain_row = QHBoxLayout()
        chain_row.addWidget(self.chain_label, 1)
        chain_row.addWidget(self.show_break_button)
        chain_row.addWidget(self.copy_hash_button)

        self.model = AuditTableModel(service, self)
        self.table = lazy_table_view(self.model, {AuditColumn.SEQ: 80, AuditColumn.TIME: 160,
                                                  AuditColumn.ACTION: 100, AuditColumn.WORKER: 180,
                                                  AuditColumn.RECORD: 220})
        self.count_label = QLabel()
        self.export_button = QPushButton(self.tr("Export shown events to CSV…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(chain_row)
        layout.addLayout(filters)
        layout.addWidget(self.filter_error)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(FILTER_PAUSE_MS)
        self._pause.timeout.connect(self.apply_filters)
        for combo in (self.action_filter, self.worker_filter, self.entity_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.date_from.dateChanged.connect(self.apply_filters)
        self.date_to.dateChanged.connect(self.apply_filters)
        self.record_filter.textChanged.connect(self._pause.start)
        self.clear_button.clicked.connect(self.clear_filters)
        self.copy_hash_button.clicked.connect(self.copy_last_hash)
        self.show_break_button.clicked.connect(self.show_break)
        self.export_button.clicked.connect(self.choose_and_export)

    # ---- loading

    def load(self) -> bool:
        """Fill the choices and the list, and start checking the chain; False (and a message) when refused."""
        try:
            refill(self.worker_filter, [(name, worker_id) for worker_id, name in self._service.actors()])
            refill(self.entity_filter, [(entity_label(entity), entity) for entity in self._service.entities()])
            self.model.reload()
        except DomainError as error:  # a mentor signed in: the trail is the coordinator's
            QMessageBox.warning(self.parentWidget(), self.tr("Audit trail"), str(error))
            return False
        self._show_count()
        service = self._service  # the work holds the service, never the dialog: it ends on the worker thread
        self._runner.run(lambda _progress: service.chain_status(), self.show_chain, self._chain_failed)
        return True

    def show_chain(self, status: ChainStatus) -> None:
        self.status = status
        if status.intact:
            text = self.tr("Chain intact: {events} events, last hash {hash}…").format(
                events=f"{status.events:,}", hash=(status.last_hash or "")[:HASH_SHOWN])
            if not status.events:
                text = self.tr("Chain intact: no events yet.")
            self.chain_label.setStyleSheet(f"color: {INTACT_COLOUR};")
            self.chain_label.setToolTip(status.last_hash or "")
        else:
            text = status.problem() or ""
            self.chain_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
            self.chain_label.setToolTip("")
        self.chain_label.setText(text)
        self.copy_hash_button.setEnabled(status.last_hash is not None)
        self.show_break_button.setVisible(not status.intact)

    def _chain_failed(self, error: BaseException) -> None:
        self.chain_label.setStyleSheet(ERROR_STYLE)
        self.chain_label.setText(self.tr("The chain could not be checked: {reason}").format(reason=error))

    def show_break(self) -> None:
        """The whole trail, with the broken event (or the one after a removed event) selected."""
        if self.status is None or self.status.broken_seq is None:
            return
        self.clear_filters()
        keys = self.model.keys()
        broken = self.status.broken_seq
        # Newest first: the first row at or below the broken seq is the event itself or the one before a gap.
        if self.model.query.descending:
            row = next((i for i, seq in enumerate(keys) if seq <= broken), len(keys) - 1)
        else:
            row = next((i for i, seq in enumerate(keys) if seq >= broken), len(keys) - 1)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0), QTableView.ScrollHint.PositionAtCenter)

    # ---- filters

    def query(self) -> AuditQuery:
        return AuditQuery(action=self.action_filter.currentData(), actor_id=self.worker_filter.currentData(),
                          entity=self.entity_filter.currentData(), record=self.record_filter.text(),
                          date_from=self.date_from.value(), date_to=self.date_to.value(),
                          descending=self.model.query.descending)

    def apply_filters(self) -> None:
        self._pause.stop()
        try:
            self.model.set_query(self.query())
        except ValidationError as error:
            self.filter_error.setText(str(error))
            self.filter_error.show()
            return
        self.filter_error.hide()
        self._show_count()

    def clear_filters(self) -> None:
        for widget in (self.action_filter, self.worker_filter, self.entity_filter, self.date_from, self.date_to,
                       self.record_filter):
            widget.blockSignals(True)
        try:
            for combo in (self.action_filter, self.worker_filter, self.entity_filter):
                combo.setCurrentIndex(0)
            self.date_from.set_value(None)
            self.date_to.set_value(None)
            self.record_filter.clear()
        finally:
            for widget in (self.action_filter, self.worker_filter, self.entity_filter, self.date_from, self.date_to,
                           self.record_filter):
                widget.blockSignals(False)
        self.apply_filters()

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        self.count_label.setText(self.tr("{count} events shown").format(count=f"{shown:,}"))

    # ---- actions

    def copy_last_hash(self) -> None:
        if self.status is not None and self.status.last_hash:
            QGuiApplication.clipboard().setText(self.status.last_hash)

    def choose_and_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export audit trail"),
                                              str(documents_folder() / "audit-trail.csv"),
                                              self.tr("CSV files (*.csv)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        query, service = self.model.query, self._service
        self.export_button.setEnabled(False)

        def done(written: object) -> None:
            self.export_button.setEnabled(True)
            self.model.reload()  # the export is an event itself
            self.count_label.setText(self.tr("Saved {count} events to {path}.").format(count=f"{written:,}",
                                                                                      path=target))

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            message = str(error) if isinstance(error, DomainError) else repr(error)
            QMessageBox.warning(self, self.tr("Export audit trail"), message)

        self._runner.run(lambda _progress: service.export_csv(target, query), done, failed)
