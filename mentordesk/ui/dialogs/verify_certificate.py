"""Verify certificate…: open a PDF (or drop it here), or paste the text of its QR code; the verdict, big and clear.

Offline: the service checks the signature against the trusted keys, the PDF's visible facts against the
signed ones, and the local register for revocation. The dialog only asks and shows.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.services.certificate_facts import Verdict, Verification
from mentordesk.services.errors import DomainError
from mentordesk.ui.certificate_actions import kind_label
from mentordesk.ui.labels import format_date
from mentordesk.ui.pdf_output import documents_folder
from mentordesk.ui.style import ERROR_COLOUR

log = logging.getLogger(__name__)

VALID_COLOUR = "#1b6e3a"  # a green readable on light and dark palettes, as ERROR_COLOUR is a red
VERDICT_SCALE = 2.0


class Verifier(Protocol):
    def verify_pdf(self, source: Path | bytes) -> Verification: ...

    def verify_token(self, text: str) -> Verification: ...


class VerifyCertificateDialog(QDialog):
    def __init__(self, verifier: Verifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._verifier = verifier
        self.verification: Verification | None = None  # the last verdict shown
        self.setWindowTitle(self.tr("Verify certificate"))
        self.setMinimumWidth(560)
        self.setAcceptDrops(True)

        intro = QLabel(self.tr("Check a MentorDesk certificate without a network: open its PDF (or drop it here), "
                               "or paste the text of its QR code, which starts with MD1."))
        intro.setWordWrap(True)
        self.open_button = QPushButton(self.tr("&Open PDF…"))
        self.open_button.clicked.connect(self.choose_pdf)
        self.code = QPlainTextEdit()
        self.code.setPlaceholderText(self.tr("MD1.…"))
        self.code.setTabChangesFocus(True)
        self.code.setFixedHeight(self.code.fontMetrics().lineSpacing() * 4 + 12)
        self.code.textChanged.connect(self._update_buttons)
        self.check_button = QPushButton(self.tr("&Check code"))
        self.check_button.clicked.connect(self.check_code)
        code_label = QLabel(self.tr("QR &code text:"))
        code_label.setBuddy(self.code)

        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)

        self.verdict_label = QLabel()
        font = QFont(self.verdict_label.font())
        font.setPointSizeF(font.pointSizeF() * VERDICT_SCALE)
        font.setBold(True)
        self.verdict_label.setFont(font)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.facts_caption = QLabel()
        self.facts = QFormLayout()
        self.facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.result = QFrame()
        self.result.setFrameShape(QFrame.Shape.StyledPanel)
        result_layout = QVBoxLayout(self.result)
        result_layout.addWidget(self.verdict_label)
        result_layout.addWidget(self.reason_label)
        result_layout.addWidget(self.source_label)
        result_layout.addWidget(self.facts_caption)
        result_layout.addLayout(self.facts)
        self.result.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addWidget(code_label)
        layout.addLayout(code_row)
        layout.addSpacing(6)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._update_buttons()

    # ---- asking

    def choose_pdf(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open a certificate"), str(documents_folder()),
                                              self.tr("PDF documents (*.pdf);;All files (*)"))
        if name:
            self.verify_pdf(Path(name))

    def verify_pdf(self, path: Path) -> None:
        self._check(lambda: self._verifier.verify_pdf(path), self.tr("Checked the file {name}.").format(
            name=path.name))

    def check_code(self) -> None:
        text = self.code.toPlainText().strip()
        if text:
            self._check(lambda: self._verifier.verify_token(text), self.tr("Checked the QR code's text."))

    def _check(self, verify, source: str) -> None:  # noqa: ANN001 (a call returning a Verification)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            verification = verify()
        except (DomainError, OSError) as error:  # unreadable file, say; the service says why in one sentence
            reason = str(error) if isinstance(error, DomainError) else self.tr(
                "The file could not be read: {reason}").format(reason=error.strerror or error)
            verification = Verification(Verdict.NOT_A_CERTIFICATE, reason)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.show_verification(verification, source)

    def _update_buttons(self) -> None:
        self.check_button.setEnabled(bool(self.code.toPlainText().strip()))

    # ---- showing

    def show_verification(self, verification: Verification, source: str = "") -> None:
        self.verification = verification
        if verification.valid:
            self.verdict_label.setText(self.tr("✓ Valid"))
            colour = VALID_COLOUR
        elif verification.verdict is Verdict.REVOKED:
            self.verdict_label.setText(self.tr("✗ Not valid: revoked"))
            colour = ERROR_COLOUR
        else:
            self.verdict_label.setText(self.tr("✗ Not valid"))
            colour = ERROR_COLOUR
        self.verdict_label.setStyleSheet(f"color: {colour};")
        self.reason_label.setText(verification.reason)
        self.source_label.setText(source)
        self.source_label.setVisible(bool(source))
        self._show_facts(verification)
        self.result.show()
        # Grow to show every fact (never shrink under the person's hands); the new rows need a layout pass first.
        self.layout().activate()
        self.resize(max(self.width(), self.sizeHint().width()), max(self.height(), self.sizeHint().height()))

    def _show_facts(self, verification: Verification) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)
        seal = verification.seal
        self.facts_caption.setVisible(seal is not None)
        if seal is None:  # nothing signed can be trusted: show none of what the document claims
            return
        self.facts_caption.setText(self.tr("What the signature vouches for:") if verification.valid else self.tr(
            "What was signed (compare it with the document):"))
        facts = verification.facts
        rows = [
            (self.tr("Holder:"), seal.holder),
            (self.tr("Serial:"), seal.serial),
            (self.tr("Certificate:"), kind_label(seal.kind)),
            (self.tr("Issued by:"), seal.organisation),
            (self.tr("Issued on:"), format_date(seal.issued_on)),
            (self.tr("Hours of mentoring:"), seal.hours),
        ]
        if facts is not None and facts.programme:
            rows.insert(3, (self.tr("Programme:"), facts.programme))
        if verification.signed_by:
            rows.append((self.tr("Signed with the key of:"), verification.signed_by))
        for caption, value in rows:
            value_label = QLabel(value)
            value_label.setTextFormat(Qt.TextFormat.PlainText)  # names are what people typed, never markup
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(caption, value_label)

    def fact_texts(self) -> dict[str, str]:
        """The facts shown, caption to value (for tests and screen readers' sake, in one place)."""
        shown = {}
        for row in range(self.facts.rowCount()):
            caption = self.facts.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            value = self.facts.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
            shown[caption.text()] = value.text()
        return shown

    # ---- dropping a PDF on the dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if _dropped_pdf(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        path = _dropped_pdf(event)
        if path is not None:
            event.acceptProposedAction()
            self.verify_pdf(path)


def _dropped_pdf(event: QDragEnterEvent | QDropEvent) -> Path | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return paths[0] if len(paths) == 1 and paths[0].suffix.lower() == ".pdf" else None
