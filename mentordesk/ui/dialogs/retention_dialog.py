"""On start: the records past the organisation's retention period, and the choice to erase them now."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.retention import PastRetention
from mentordesk.ui.labels import format_date


class RetentionDialog(QDialog):
    def __init__(self, records: Sequence[PastRetention], months: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Records past the retention period"))
        self.setMinimumSize(560, 380)
        self.records = list(records)
        count = len(self.records)
        intro = QLabel(self.tr(
            "Your organisation keeps mentees' records for {months} months after their programmes end. The records "
            "of these {count} mentees are past that. Erasing removes all their data for good, as “Erase…” on a "
            "mentee does; the certificate register keeps its entries without names.").format(
                months=months, count=count))
        intro.setWordWrap(True)
        self.table = QTableWidget(count, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Name"), self.tr("Programmes ended")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, record in enumerate(self.records):
            for column, text in enumerate((record.reference_code, record.name, format_date(record.ended_on))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.buttons = QDialogButtonBox()
        erase_text = (self.tr("Erase this record") if count == 1
                      else self.tr("Erase these {count} records").format(count=count))
        self.erase_button = self.buttons.addButton(erase_text, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.not_now_button = self.buttons.addButton(self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        self.erase_button.setAutoDefault(False)  # Enter never erases
        self.erase_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.not_now_button.setDefault(True)  # after the button box has picked its own default
        self.not_now_button.setFocus()
