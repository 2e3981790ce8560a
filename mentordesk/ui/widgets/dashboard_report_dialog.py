"""Asking what funder report to write: the period, the programme, and a PDF, a CSV or both.

The dialog only gathers and checks the choices; the page writes the files on the task runner.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from mentordesk.services.errors import ValidationError
from mentordesk.ui.widgets.combo import combo_with_any, select_data
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class ReportRequest:
    period_from: date
    period_to: date
    programme_id: uuid.UUID | None
    pdf: Path | None
    csv: Path | None


class _FileChoice(QWidget):
    """A tick to write this kind of file, where, and a button to choose the place."""

    def __init__(self, text: str, path: Path, caption: str, file_filter: str, suffix: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption, self.file_filter, self.suffix = caption, file_filter, suffix
        self.wanted = QCheckBox(text)
        self.wanted.setChecked(True)
        self.path = QLineEdit(str(path))
        self.path.setMinimumWidth(320)
        self.choose = QPushButton(self.tr("Choose…"))
        self.choose.clicked.connect(self._choose)
        self.wanted.toggled.connect(self.path.setEnabled)
        self.wanted.toggled.connect(self.choose.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.wanted)
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        self.setFocusProxy(self.wanted)

    def _choose(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.caption, self.path.text(), self.file_filter)
        if name:
            self.path.setText(name)

    def value(self) -> Path | None:
        text = self.path.text().strip()
        if not self.wanted.isChecked() or not text:
            return None
        path = Path(text).expanduser()
        return path if path.suffix.lower() == self.suffix else path.with_name(path.name + self.suffix)


class FunderReportDialog(FormDialog):
    def __init__(self, programmes: list[tuple[str, uuid.UUID]], period: tuple[date, date],
                 programme_id: uuid.UUID | None, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Funder report"), self.tr("Write report"), parent)
        about = QLabel(self.tr("Figures for the period, anonymised: no names, and any group smaller than five "
                               "shown as “fewer than 5”."))
        about.setWordWrap(True)
        about.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.layout_.insertWidget(0, about)
        start, end = period
        self.period_from = self.add_field("period_from", self.tr("From:"), DateField(start, optional=False))
        self.period_to = self.add_field("period_to", self.tr("To:"), DateField(end, optional=False))
        self.programme = self.add_field("programme", self.tr("Programme:"),
                                        combo_with_any(self.tr("All programmes"), list(programmes)))
        self.programme.setMinimumContentsLength(24)
        select_data(self.programme, programme_id)
        stem = self.tr("funder-report-{start}-{end}").format(start=start.isoformat(), end=end.isoformat())
        self.pdf = self.add_field("pdf", self.tr("Report:"), _FileChoice(
            self.tr("PDF"), folder / f"{stem}.pdf", self.tr("Save the report as…"),
            self.tr("PDF documents (*.pdf)"), ".pdf"))
        self.csv = self.add_field("csv", self.tr("Figures:"), _FileChoice(
            self.tr("CSV"), folder / f"{stem}.csv", self.tr("Save the figures as…"),
            self.tr("CSV files (*.csv)"), ".csv"))
        self.pdf.wanted.setChecked(True)
        self.csv.wanted.setChecked(False)
        self.csv.path.setEnabled(False)
        self.csv.choose.setEnabled(False)

    def submit(self) -> ReportRequest:
        start, end = self.period_from.value(), self.period_to.value()
        pdf, csv = self.pdf.value(), self.csv.value()
        errors = {}
        if start is None or end is None or end < start:
            errors["period_to"] = self.tr("The period must end on or after the day it starts.")
        if pdf is None and csv is None:
            errors["csv" if self.csv.wanted.isChecked() else "pdf"] = self.tr(
                "Choose where to save the PDF, the CSV or both.")
        if errors:
            raise ValidationError(errors)
        assert start is not None and end is not None
        return ReportRequest(start, end, self.programme.currentData(), pdf, csv)
