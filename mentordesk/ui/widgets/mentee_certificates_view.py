"""A mentee's Certificates tab: the certificates issued to them, and Issue…, View…, Re-print, Revoke….

The tab only shows and asks: each button is a signal the record page acts on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.ui.certificate_actions import kind_label
from mentordesk.ui.labels import format_date
from mentordesk.ui.style import ERROR_COLOUR
from mentordesk.ui.widgets.headings import heading_label
from mentordesk.ui.widgets.tables import ROW_PADDING, configure_list_view

if TYPE_CHECKING:
    from mentordesk.services.certificates import CertificateInfo

INFO_ROLE = Qt.ItemDataRole.UserRole


class MenteeCertificatesView(QWidget):
    issue_requested = Signal()
    view_requested = Signal(object)  # CertificateInfo
    save_requested = Signal(object)
    print_requested = Signal(object)
    revoke_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.certificates: list[CertificateInfo] = []
        self.list = QTreeWidget()
        self.list.setHeaderLabels([self.tr("Serial"), self.tr("Certificate"), self.tr("Programme"),
                                   self.tr("Issued"), self.tr("Status")])
        configure_list_view(self.list)
        for column, width in enumerate((150, 190, 190, 95)):
            self.list.setColumnWidth(column, width)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(lambda _item, _column: self.view_button.isEnabled() and self._ask(
            self.view_requested))
        self.empty_label = QLabel(self.tr("No certificate has been issued to this mentee yet. A participation "
                                          "certificate needs a session attended; a validation certificate, an "
                                          "assessed learning outcome."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.issue_button = QPushButton(self.tr("&Issue certificate…"))
        self.issue_button.clicked.connect(self.issue_requested)
        self.view_button = QPushButton(self.tr("View…"))
        self.view_button.clicked.connect(lambda: self._ask(self.view_requested))
        self.reprint_button = QPushButton(self.tr("Re-print"))
        menu = QMenu(self.reprint_button)
        self.save_action = QAction(self.tr("Save as PDF…"), menu)
        self.print_action = QAction(self.tr("Print…"), menu)
        self.save_action.triggered.connect(lambda: self._ask(self.save_requested))
        self.print_action.triggered.connect(lambda: self._ask(self.print_requested))
        menu.addActions([self.save_action, self.print_action])
        self.reprint_button.setMenu(menu)
        self.reprint_button.setToolTip(self.tr("The same document as issued: save it as PDF or print it."))
        self.revoke_button = QPushButton(self.tr("Revoke…"))
        self.revoke_button.clicked.connect(lambda: self._ask(self.revoke_requested))
        buttons = QHBoxLayout()
        for button in (self.issue_button, self.view_button, self.reprint_button, self.revoke_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Certificates issued")))
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addStretch(0)
        self._update_buttons()

    def show_certificates(self, certificates: list[CertificateInfo]) -> None:
        selected = self.selected()
        self.certificates = certificates
        self.list.clear()
        error = QColor(ERROR_COLOUR)
        row_height = self.list.fontMetrics().height() + ROW_PADDING
        for info in certificates:
            if info.revoked_at is not None:
                status = self.tr("Revoked {date}").format(date=format_date(info.revoked_at.astimezone().date()))
            else:
                status = self.tr("Valid")
            item = QTreeWidgetItem([info.serial, kind_label(info.kind), info.programme or "",
                                    format_date(info.issued_on), status])
            item.setData(0, INFO_ROLE, info)
            item.setSizeHint(0, QSize(0, row_height))  # rows as tall as the other lists'
            if info.revoked_at is not None:
                item.setForeground(4, error)
                tip = self.tr("Revoked: {reason}").format(reason=info.revoke_reason or "—")
                for column in range(item.columnCount()):
                    item.setToolTip(column, tip)
            self.list.addTopLevelItem(item)
            if selected is not None and info.id == selected.id:
                item.setSelected(True)
        self.list.setVisible(bool(certificates))
        self.empty_label.setVisible(not certificates)
        self._update_buttons()

    def selected(self) -> CertificateInfo | None:
        items = self.list.selectedItems()
        return items[0].data(0, INFO_ROLE) if items else None

    def select(self, row: int) -> None:
        self.list.setCurrentItem(self.list.topLevelItem(row))

    def _ask(self, signal: Signal) -> None:
        info = self.selected()
        if info is not None:
            signal.emit(info)

    def _update_buttons(self) -> None:
        info = self.selected()
        reprintable = info is not None and info.reprintable
        self.view_button.setEnabled(reprintable)
        self.reprint_button.setEnabled(reprintable)
        self.revoke_button.setEnabled(info is not None and info.revoked_at is None)
