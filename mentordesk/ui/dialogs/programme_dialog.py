"""Add or edit a programme: dates, planned weeks, target hours, funder and competence framework."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from mentordesk.services.organisation import ProgrammeForm, ProgrammeInfo
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog

Save = Callable[[ProgrammeForm], ProgrammeInfo]  # raises ValidationError to refuse

MAX_WEEKS = 520
MAX_HOURS = 10_000


class ProgrammeDialog(FormDialog):
    """`frameworks` are (id, name) pairs, the built-in one first; `result_value` is the saved programme."""

    def __init__(self, save: Save, frameworks: list[tuple[uuid.UUID, str]], initial: ProgrammeForm | None = None,
                 parent: QWidget | None = None) -> None:
        editing = initial is not None
        super().__init__(self.tr("Edit programme") if editing else self.tr("Add a programme"),
                         self.tr("Save") if editing else self.tr("Add programme"), parent)
        self._save = save
        self.name = self.add_field("name", self.tr("&Name:"), QLineEdit())
        self.name.setPlaceholderText(self.tr("e.g. Pathways 2027"))
        self.start_date = self.add_field("start_date", self.tr("&Starts on:"), DateField(optional=False))

        self.has_end = QCheckBox(self.tr("Has an &end date"))
        self.end_date = DateField(optional=False)
        end_row = QWidget()
        end_row.setFocusProxy(self.has_end)
        row = QHBoxLayout(end_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.has_end)
        row.addWidget(self.end_date)
        row.addStretch(1)
        self.add_field("end_date", self.tr("Ends on:"), end_row)
        self.has_end.toggled.connect(self._end_toggled)

        self.planned_weeks = self.add_field("planned_weeks", self.tr("&Planned weeks:"),
                                            _optional_number(MAX_WEEKS, self.tr("Not set")))
        self.target_hours = self.add_field("target_hours", self.tr("&Target hours:"),
                                           _optional_number(MAX_HOURS, self.tr("Not set")))
        self.funder = self.add_field("funder", self.tr("F&under:"), QLineEdit())
        self.funder.setPlaceholderText(self.tr("e.g. Erasmus+ (optional)"))
        self.framework = self.add_field("framework_id", self.tr("&Competences:"), QComboBox())
        for framework_id, framework_name in frameworks:
            self.framework.addItem(framework_name, str(framework_id))  # as text: findData matches UUIDs by identity
        self.description = self.add_field("description", self.tr("&Description:"), QPlainTextEdit())
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 4 + 12)

        self._fill(initial or ProgrammeForm("", date.today()))
        self.name.setFocus()

    def _fill(self, form: ProgrammeForm) -> None:
        self.name.setText(form.name)
        self.start_date.set_value(form.start_date or date.today())
        self.has_end.setChecked(form.end_date is not None)
        self.end_date.set_value(form.end_date or form.start_date or date.today())
        self.end_date.setEnabled(form.end_date is not None)
        self.planned_weeks.setValue(form.planned_weeks or 0)
        self.target_hours.setValue(form.target_hours or 0)
        self.funder.setText(form.funder)
        index = self.framework.findData(str(form.framework_id)) if form.framework_id else 0
        self.framework.setCurrentIndex(max(index, 0))
        self.description.setPlainText(form.description)

    def _end_toggled(self, checked: bool) -> None:
        self.end_date.setEnabled(checked)
        start = self.start_date.value()
        end = self.end_date.value()
        if checked and start is not None and (end is None or end < start):
            self.end_date.set_value(start)

    def form_value(self) -> ProgrammeForm:
        return ProgrammeForm(
            name=self.name.text(),
            start_date=self.start_date.value(),
            end_date=self.end_date.value() if self.has_end.isChecked() else None,
            planned_weeks=self.planned_weeks.value() or None,
            target_hours=self.target_hours.value() or None,
            funder=self.funder.text(),
            description=self.description.toPlainText(),
            framework_id=uuid.UUID(self.framework.currentData()) if self.framework.count() else None,
        )

    def submit(self) -> ProgrammeInfo:
        return self._save(self.form_value())

    def accept(self) -> None:
        super().accept()
        if not self.isHidden():  # refused: grow to fit wrapped messages, which a window's minimum size ignores
            self.resize(self.width(), max(self.height(), self.heightForWidth(self.width())))


def _optional_number(maximum: int, not_set: str) -> QSpinBox:
    """0 stands for "not set"; the spin box shows that in words."""
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSpecialValueText(not_set)
    spin.setGroupSeparatorShown(True)
    return spin
