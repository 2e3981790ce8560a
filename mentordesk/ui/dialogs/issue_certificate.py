"""Issue certificate…: choose the kind and language, look at the preview, issue; then save or print it.

A kind the mentee cannot have yet is shown disabled with the reason beneath it. The preview is the
service's unsigned PREVIEW rendering; once issued, the signed certificate replaces it and Save as PDF…
and Print… become available (it can be re-printed from the register later, identical).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import CertificateKind
from mentordesk.services.errors import DomainError
from mentordesk.ui.certificate_actions import certificate_languages, kind_label
from mentordesk.ui.pdf_output import print_pdf, save_pdf
from mentordesk.ui.style import ERROR_STYLE
from mentordesk.ui.widgets.headings import heading_label
from mentordesk.ui.widgets.pdf_preview import PdfPreview

log = logging.getLogger(__name__)

KINDS = (CertificateKind.VALIDATION, CertificateKind.PARTICIPATION)
CONTROLS_WIDTH = 300
PREVIEW_SIZE = (460, 620)  # an A4 page fits whole, readable enough to check names and outcomes


class IssueCertificateDialog(QDialog):
    issued = Signal(object)  # IssuedCertificate, the moment it is recorded

    def __init__(self, certificates, mentee_id: uuid.UUID, mentee_name: str,  # noqa: ANN001 (CertificateService)
                 actor_id: uuid.UUID | None, parent: QWidget | None = None, *,
                 languages: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self._certificates = certificates
        self._mentee_id = mentee_id
        self._actor_id = actor_id
        self.result_value = None  # the IssuedCertificate once issued
        self.setWindowTitle(self.tr("Issue certificate"))

        title = heading_label(self.tr("Certificate for {name}").format(name=mentee_name))
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        self.kind_buttons: dict[CertificateKind, QRadioButton] = {}
        self.kind_reasons: dict[CertificateKind, QLabel] = {}
        self.kinds = QButtonGroup(self)
        kinds_column = QVBoxLayout()
        kinds_column.setSpacing(2)
        for kind in KINDS:
            button = QRadioButton(kind_label(kind))
            reason = QLabel()
            reason.setWordWrap(True)
            reason.setIndent(22)  # under the button's text, not its circle
            reason.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            reason.hide()
            self.kinds.addButton(button)
            self.kind_buttons[kind] = button
            self.kind_reasons[kind] = reason
            kinds_column.addWidget(button)
            kinds_column.addWidget(reason)
            kinds_column.addSpacing(6)
        self.kinds.buttonToggled.connect(lambda _button, checked: checked and self.refresh_preview())
        self.language = QComboBox()
        for code, name in (languages or certificate_languages()).items():
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(lambda _index: self.refresh_preview())
        if self.language.count() == 1:
            self.language.setToolTip(self.tr("Certificates are printed in English for now; more languages can be "
                                             "added to the certificate texts."))

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("Kind:"), kinds_column)
        form.addRow(self.tr("&Language of the certificate:"), self.language)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        self.issue_button = QPushButton(self.tr("&Issue"))
        self.issue_button.setDefault(True)
        self.issue_button.clicked.connect(self.issue)
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.clicked.connect(self.print_)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.close_dialog)

        controls = QWidget()
        controls.setFixedWidth(CONTROLS_WIDTH)
        column = QVBoxLayout(controls)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(title)
        column.addSpacing(8)
        column.addLayout(form)
        column.addSpacing(8)
        column.addWidget(self.state_label)
        column.addWidget(self.error_label)
        column.addStretch(1)
        for button in (self.issue_button, self.save_button, self.print_button):
            column.addWidget(button)

        self.preview = PdfPreview()
        self.preview.setMinimumSize(*PREVIEW_SIZE)
        row = QHBoxLayout()
        row.addWidget(controls)
        row.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.buttons)

        self._load_eligibility()
        self._update_state()

    # ---- before issuing

    def _load_eligibility(self) -> None:
        try:
            eligibility = self._certificates.eligibility(self._mentee_id)
        except DomainError as error:
            self._show_error(str(error))
            for button in self.kind_buttons.values():
                button.setEnabled(False)
            return
        for kind in KINDS:
            allowed = eligibility.allows(kind)
            self.kind_buttons[kind].setEnabled(allowed)
            reason = "" if allowed else eligibility.reason(kind) or ""
            self.kind_reasons[kind].setText(reason)
            self.kind_reasons[kind].setVisible(bool(reason))
        first = next((kind for kind in KINDS if self.kind_buttons[kind].isEnabled()), None)
        if first is None:
            self.preview.show_message(self.tr("No certificate can be issued for this mentee yet: the reasons are "
                                              "on the left."))
        else:
            self.kind_buttons[first].setChecked(True)  # the toggle shows its preview

    def kind(self) -> CertificateKind | None:
        return next((kind for kind, button in self.kind_buttons.items() if button.isChecked()), None)

    def language_code(self) -> str:
        return self.language.currentData()

    def refresh_preview(self) -> None:
        kind = self.kind()
        if kind is None or self.result_value is not None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            data = self._certificates.preview(self._mentee_id, kind, self.language_code())
        except DomainError as error:
            self.preview.show_message(str(error))
            self.issue_button.setEnabled(False)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show_error("")
        self.preview.show_pdf(data)
        self._update_state()

    # ---- issuing

    def issue(self) -> None:
        kind = self.kind()
        if kind is None or self.result_value is not None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            issued = self._certificates.issue(self._mentee_id, kind, self.language_code(), self._actor_id)
        except DomainError as error:
            self._show_error(str(error))
            return
        except Exception as error:  # a failing disk or a bug: say so, and keep the dialog
            log.exception("issuing a certificate failed")
            self._show_error(self.tr("The certificate could not be issued: {reason}").format(reason=error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result_value = issued
        self._show_error("")
        self.preview.show_pdf(issued.pdf)
        self._update_state()
        self.issued.emit(issued)

    def save(self) -> None:
        if self.result_value is None:
            return
        info = self.result_value.info
        path = save_pdf(self, self.result_value.pdf, info.file_name or f"{info.serial}.pdf")
        if path is not None:
            self.state_label.setText(self.tr("Issued as {serial}. Saved to {path}.").format(
                serial=info.serial, path=path))

    def print_(self) -> None:
        if self.result_value is not None:
            print_pdf(self, self.result_value.pdf, self.result_value.info.serial)

    def close_dialog(self) -> None:
        """Close: accepted when a certificate was issued (the caller refreshes), rejected otherwise."""
        if self.result_value is not None:
            self.accept()
        else:
            self.reject()

    # ---- state

    def _update_state(self) -> None:
        issued = self.result_value is not None
        if issued:  # what was issued is fixed now
            for button in self.kind_buttons.values():
                button.setEnabled(False)
        self.language.setEnabled(not issued and self.language.count() > 1)
        self.issue_button.setVisible(not issued)
        self.issue_button.setEnabled(not issued and self.kind() is not None and self.preview.page_count() > 0)
        self.save_button.setEnabled(issued)
        self.print_button.setEnabled(issued)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Close") if issued else self.tr("Cancel"))
        if issued:
            self.save_button.setDefault(True)
            self.state_label.setText(self.tr("Issued as {serial}, signed and recorded in the register. Save it or "
                                             "print it now; it can be re-printed later, identical.").format(
                serial=self.result_value.info.serial))
        elif self.kind() is not None:
            self.state_label.setText(self.tr("This is a preview. The serial number and signature are added when "
                                             "you issue it."))
        else:
            self.state_label.setText("")

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
