"""An issued certificate on screen, as it re-prints (identical to the day it was issued), to save or print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from mentordesk.ui.certificate_actions import kind_label
from mentordesk.ui.labels import format_date
from mentordesk.ui.pdf_output import print_pdf, save_pdf
from mentordesk.ui.style import ERROR_STYLE
from mentordesk.ui.widgets.pdf_preview import PdfPreview

if TYPE_CHECKING:
    from mentordesk.services.certificates import CertificateInfo

PREVIEW_SIZE = (520, 700)


class CertificateViewDialog(QDialog):
    def __init__(self, info: CertificateInfo, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._info = info
        self._data = data
        self.setWindowTitle(self.tr("Certificate {serial}").format(serial=info.serial))
        summary = QLabel(self.tr("{holder} · {kind} · issued on {date}").format(
            holder=info.holder, kind=kind_label(info.kind), date=format_date(info.issued_on)))
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        self.revoked_label = QLabel()
        self.revoked_label.setWordWrap(True)
        self.revoked_label.setStyleSheet(ERROR_STYLE)
        if info.revoked_at is not None:
            self.revoked_label.setText(self.tr("Revoked on {date}: {reason}. Anyone checking it is told it is not "
                                               "valid.").format(date=format_date(info.revoked_at.astimezone().date()),
                                                                reason=info.revoke_reason or "—"))
        self.revoked_label.setVisible(info.revoked_at is not None)
        self.preview = PdfPreview()
        self.preview.setMinimumSize(*PREVIEW_SIZE)
        self.preview.show_pdf(data)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(self.tr("&Save as PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = buttons.addButton(self.tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(lambda: save_pdf(self, self._data, info.file_name or f"{info.serial}.pdf"))
        self.print_button.clicked.connect(lambda: print_pdf(self, self._data, info.serial))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.revoked_label)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
