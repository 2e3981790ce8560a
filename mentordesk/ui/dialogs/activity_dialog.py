"""Step 2: one activity of the individual learning plan — what, who offers it, when, how many hours, which
competences it should build, and how it went."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QWidget

from mentordesk.enums import ActivityFormat, ActivityKind, ActivityStatus
from mentordesk.services.pathway_forms import ActivityForm, ActivityInfo, FrameworkInfo
from mentordesk.ui.widgets.combo import select_data
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.pathway_dialog_fields import competence_text, enum_combo, notes_edit

Save = Callable[[ActivityForm], object]  # raises ValidationError to refuse
MAX_HOURS = 10_000
ID_ROLE = Qt.ItemDataRole.UserRole


class ActivityDialog(FormDialog):
    """`result_value` is what `save` returned."""

    def __init__(self, framework: FrameworkInfo, save: Save, initial: ActivityInfo | None = None,
                 parent: QWidget | None = None) -> None:
        editing = initial is not None
        super().__init__(self.tr("Edit activity") if editing else self.tr("Add an activity to the plan"),
                         self.tr("Save") if editing else self.tr("Add activity"), parent)
        self._save = save
        self.setMinimumWidth(960)

        self.title = self.add_field("title", self.tr("&Title:"), QLineEdit())
        self.title.setMaxLength(300)
        self.title.setPlaceholderText(self.tr("e.g. Barista course, two weeks at the bakery"))
        self.kind = self.add_field("kind", self.tr("&Kind:"), enum_combo(ActivityKind))
        self.format = self.add_field("format", self.tr("&Format:"), enum_combo(ActivityFormat))
        self.provider = self.add_field("provider", self.tr("&Provider:"), QLineEdit())
        self.provider.setMaxLength(300)
        self.provider.setPlaceholderText(self.tr("Who offers it (optional)"))
        self.start_date = self.add_field("start_date", self.tr("&Starts on:"), DateField())
        self.end_date = self.add_field("end_date", self.tr("&Ends on:"), DateField())
        for field in (self.start_date, self.end_date):
            field.setToolTip(self.tr("Optional: leave blank when not known yet"))
        self.hours = self.add_field("hours", self.tr("&Hours:"), _hours_box(self.tr("Not set")))
        self.status = self.add_field("status", self.tr("St&atus:"), enum_combo(ActivityStatus))

        right = self.new_form()
        self.targets = self.add_field("target_competence_ids", self.tr("Target &competences:"), QListWidget(), right)
        self.targets.setToolTip(self.tr("Tick the competences this activity should build"))
        self.targets.setAlternatingRowColors(True)
        for competence in framework.competences:
            item = QListWidgetItem(competence_text(competence), self.targets)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(ID_ROLE, competence.id)
            if competence.description:
                item.setToolTip(html.escape(competence.description))
        self.targets.setMinimumHeight(200)
        self.targets.setMinimumWidth(380)
        self.targets.setWordWrap(True)  # DigComp's names are long: wrap rather than scroll sideways
        self.targets.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outcome_note = self.add_field("outcome_note", self.tr("&Outcome:"), notes_edit(
            4, self.tr("How it went, what was achieved (once under way)")), right)

        self.layout_.removeItem(self.form)  # FormDialog placed the first column alone; now it sits beside `right`
        columns = QHBoxLayout()
        columns.addLayout(self.form, 2)
        columns.addSpacing(12)
        columns.addLayout(right, 3)
        self.layout_.insertLayout(0, columns)

        self._fill(initial.form if initial else None)
        self.title.setFocus()

    def _fill(self, form: ActivityForm | None) -> None:
        if form is None:
            return
        self.title.setText(form.title)
        select_data(self.kind, form.kind)
        select_data(self.format, form.format)
        self.provider.setText(form.provider)
        self.start_date.set_value(form.start_date)
        self.end_date.set_value(form.end_date)
        self.hours.setValue(form.hours or 0)
        select_data(self.status, form.status)
        self.set_targets(form.target_competence_ids)
        self.outcome_note.setPlainText(form.outcome_note)

    def set_targets(self, competence_ids: tuple[uuid.UUID, ...]) -> None:
        wanted = set(competence_ids)
        for row in range(self.targets.count()):
            item = self.targets.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(ID_ROLE) in wanted else Qt.CheckState.Unchecked)

    def target_ids(self) -> tuple[uuid.UUID, ...]:
        """The ticked competences, in the framework's order."""
        return tuple(item.data(ID_ROLE) for item in map(self.targets.item, range(self.targets.count()))
                     if item.checkState() == Qt.CheckState.Checked)

    def form_value(self) -> ActivityForm:
        # Combo data comes back as plain str: make enums again.
        return ActivityForm(
            title=self.title.text().strip(),
            kind=ActivityKind(self.kind.currentData()),
            format=ActivityFormat(self.format.currentData()),
            provider=self.provider.text().strip(),
            start_date=self.start_date.value(),
            end_date=self.end_date.value(),
            hours=self.hours.value() or None,
            status=ActivityStatus(self.status.currentData()),
            target_competence_ids=self.target_ids(),
            outcome_note=self.outcome_note.toPlainText().strip(),
        )

    def submit(self) -> object:
        return self._save(self.form_value())


def _hours_box(not_set: str) -> QDoubleSpinBox:
    """0 stands for "not set" and says so; half hours are common (a 2.5-hour workshop)."""
    box = QDoubleSpinBox()
    box.setRange(0, MAX_HOURS)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSpecialValueText(not_set)
    box.setGroupSeparatorShown(True)
    return box
