"""Issue for a programme…: which programme, which kind, which language, into which folder; how many will get one."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from mentordesk.enums import CertificateKind
from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.ui.certificate_actions import kind_label
from mentordesk.ui.pdf_output import documents_folder
from mentordesk.ui.widgets.form_dialog import FormDialog

#: (programme, kind) -> the mentees who can receive that certificate now.
Eligible = Callable[[uuid.UUID, CertificateKind], Sequence[object]]


class BatchCertificatesDialog(FormDialog):
    """Chooses; `result_value` is (programme id, kind, language code, folder). The batch runs after, elsewhere."""

    def __init__(self, programmes: Sequence[tuple[str, uuid.UUID]], languages: Mapping[str, str],
                 eligible: Eligible, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Issue for a programme"), self.tr("Issue certificates"), parent)
        self._eligible = eligible
        self.programme = self.add_field("programme", self.tr("&Programme:"), QComboBox())
        for name, programme_id in programmes:
            self.programme.addItem(name, programme_id)
        self.kind = self.add_field("kind", self.tr("&Kind:"), QComboBox())
        for kind in (CertificateKind.VALIDATION, CertificateKind.PARTICIPATION):
            self.kind.addItem(kind_label(kind), kind)
        self.language = self.add_field("language", self.tr("&Language:"), QComboBox())
        for code, name in languages.items():
            self.language.addItem(name, code)
        self.language.setEnabled(self.language.count() > 1)
        self.folder = QLineEdit(str(documents_folder() / self.tr("Certificates")))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        folder_row.setFocusProxy(self.folder)
        self.add_field("folder", self.tr("Save into &folder:"), folder_row)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.layout_.insertWidget(1, self.count_label)  # under the form, its full width
        self.eligible_count = 0
        self.programme.currentIndexChanged.connect(self._update_count)
        self.kind.currentIndexChanged.connect(self._update_count)
        self._update_count()

    def _update_count(self) -> None:
        programme_id, kind = self.programme.currentData(), self.chosen_kind()
        if programme_id is None:
            self.eligible_count = 0
            self.count_label.setText(self.tr("There are no programmes yet."))
        else:
            try:
                self.eligible_count = len(self._eligible(programme_id, kind))
            except DomainError as error:  # the programme was deleted meanwhile
                self.eligible_count = 0
                self.count_label.setText(str(error))
                return
            self.count_label.setText(self.tr(
                "Mentees of this programme who can receive it and hold none in force: {count}. Each gets a PDF "
                "named by its serial in the folder.").format(count=QLocale().toString(self.eligible_count)))
        self.save_button.setEnabled(self.eligible_count > 0)

    def chosen_kind(self) -> CertificateKind:
        return CertificateKind(self.kind.currentData())  # a combo keeps a StrEnum as its text

    def _browse(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Save the certificates into"), self.folder.text())
        if name:
            self.folder.setText(name)

    def submit(self) -> tuple[uuid.UUID, CertificateKind, str, Path]:
        text = self.folder.text().strip()
        if not text:
            raise ValidationError({"folder": self.tr("Choose the folder to save the certificates into.")})
        folder = Path(text).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ValidationError({"folder": self.tr("The folder cannot be created: {reason}").format(
                reason=error.strerror or error)}) from error
        if self.eligible_count == 0:
            raise ValidationError({"programme": self.tr("No mentee of this programme can receive this certificate "
                                                        "yet.")})
        return self.programme.currentData(), self.chosen_kind(), self.language.currentData(), folder
