"""Step 3: a validated learning outcome — an "I can …" statement at a level of one competence, how it was
validated and on what evidence (files copied into the data folder on save), and how far along the Cedefop
validation phases it has come."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import ValidationMethod, ValidationPhase
from mentordesk.services.errors import ValidationError
from mentordesk.services.pathway_forms import EvidenceInfo, FrameworkInfo, OutcomeForm, OutcomeInfo
from mentordesk.ui.widgets.combo import select_data
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.pathway_dialog_fields import (
    competence_text,
    enum_combo,
    level_combo,
    notes_edit,
    worker_combo,
)

Save = Callable[[OutcomeForm], object]  # raises ValidationError to refuse
OpenFile = Callable[[uuid.UUID], object]
EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole  # a stored file's evidence id
NEW_PATH_ROLE = Qt.ItemDataRole.UserRole + 1  # a file chosen now, copied on save

_PHASE_EXPLANATIONS = {
    ValidationPhase.IDENTIFIED: QT_TRANSLATE_NOOP(
        "OutcomeDialog", "The learning is recognised and named, e.g. in a talk with the mentor."),
    ValidationPhase.DOCUMENTED: QT_TRANSLATE_NOOP(
        "OutcomeDialog", "Evidence of it is gathered: examples of work, photos, references, a portfolio."),
    ValidationPhase.ASSESSED: QT_TRANSLATE_NOOP(
        "OutcomeDialog", "An assessor has checked the evidence against the level."),
    ValidationPhase.CERTIFIED: QT_TRANSLATE_NOOP(
        "OutcomeDialog", "It is confirmed in a certificate or another formal record."),
}


def phase_explanation(phase: ValidationPhase) -> str:
    """One line saying what reaching the phase means (Cedefop: identification → certification)."""
    return QCoreApplication.translate("OutcomeDialog", _PHASE_EXPLANATIONS[phase])


class OutcomeDialog(FormDialog):
    """`workers` are (id, name) pairs; `open_file(evidence_id)` opens a stored evidence file (no Open button
    without it). `result_value` is what `save` returned."""

    def __init__(self, framework: FrameworkInfo, workers: Sequence[tuple[uuid.UUID, str]], save: Save,
                 initial: OutcomeInfo | None = None, open_file: OpenFile | None = None,
                 default_assessor_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        editing = initial is not None
        super().__init__(self.tr("Edit learning outcome") if editing else self.tr("Add a learning outcome"),
                         self.tr("Save") if editing else self.tr("Add outcome"), parent)
        self._save = save
        self._open_file = open_file
        self._removed: list[uuid.UUID] = []
        self.setMinimumWidth(960)

        self.competence = self.add_field("competence_id", self.tr("&Competence:"), _competence_combo(framework))
        self.competence.setPlaceholderText(self.tr("Choose a competence"))
        self.level = self.add_field("level", self.tr("&Level:"), level_combo(framework, empty=None))
        self.level.setPlaceholderText(self.tr("Choose a level"))
        self.level.setCurrentIndex(-1)  # chosen on purpose, never by default
        self.statement = notes_edit(3, self.tr("I can …"))
        self.statement.setAccessibleName(self.tr("Can-do statement"))
        self.add_field("statement", self.tr("&Statement:"), _with_hint(self.statement, self.tr(
            "Write what the young person can now do, in their words, starting with “I can”: e.g. “I can plan a "
            "weekly budget and keep to it.”")))
        self.method = self.add_field("method", self.tr("&Method:"), enum_combo(ValidationMethod))
        self.evidence_description = self.add_field("evidence_description", self.tr("E&vidence:"), notes_edit(
            3, self.tr("What shows it, e.g. observed running the café till for two weeks")))

        right = self.new_form()
        self.add_field("add_files", self.tr("Evidence &files:"), self._files_box(), right)
        self.assessor = self.add_field("assessor_id", self.tr("A&ssessor:"), worker_combo(
            workers, self.tr("Nobody"), initial.form.assessor_id if initial else default_assessor_id,
            initial.assessor if initial else None), right)
        self.assessed_on = self.add_field("assessed_on", self.tr("Assessed o&n:"), DateField(), right)
        self.assessed_on.setToolTip(self.tr("Optional until the outcome is assessed"))
        self.phase = enum_combo(ValidationPhase)
        for index in range(self.phase.count()):
            self.phase.setItemData(index, phase_explanation(ValidationPhase(self.phase.itemData(index))),
                                   Qt.ItemDataRole.ToolTipRole)
        self.phase_hint = _muted(QLabel())
        self.phase_hint.setWordWrap(True)
        self.add_field("phase", self.tr("&Phase reached:"), _with_hint(self.phase, label=self.phase_hint), right)
        self.phase.currentIndexChanged.connect(self._phase_changed)

        self.layout_.removeItem(self.form)  # FormDialog placed the first column alone; now it sits beside `right`
        columns = QHBoxLayout()
        columns.addLayout(self.form, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        self.layout_.insertLayout(0, columns)

        self._fill(initial)
        self._phase_changed()
        self._selection_changed()
        self.competence.setFocus()

    def _files_box(self) -> QWidget:
        self.files = QListWidget()
        self.files.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.files.setMinimumHeight(110)
        self.files.setAccessibleName(self.tr("Evidence files"))
        self.add_files_button = QPushButton(self.tr("&Add files…"))
        self.remove_file_button = QPushButton(self.tr("&Remove"))
        self.open_file_button = QPushButton(self.tr("Op&en"))
        self.open_file_button.setVisible(self._open_file is not None)
        for button in (self.add_files_button, self.remove_file_button, self.open_file_button):
            button.setAutoDefault(False)
        self.add_files_button.clicked.connect(self.choose_files)
        self.remove_file_button.clicked.connect(self.remove_selected_files)
        self.open_file_button.clicked.connect(self.open_selected_file)
        self.files.itemSelectionChanged.connect(self._selection_changed)
        self.files.itemDoubleClicked.connect(lambda _item: self.open_selected_file())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.remove_file_button)
        buttons.addWidget(self.open_file_button)
        buttons.addStretch(1)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.files)
        column.addLayout(buttons)
        box.setFocusProxy(self.files)
        return box

    # ---- evidence files

    def add_existing_file(self, evidence: EvidenceInfo) -> None:
        item = QListWidgetItem(self.tr("{name} ({size})").format(
            name=evidence.original_name, size=QLocale().formattedDataSize(evidence.size_bytes)), self.files)
        item.setData(EVIDENCE_ID_ROLE, evidence.id)
        item.setToolTip(evidence.original_name)

    def add_new_file(self, path: Path) -> None:
        if str(path) in (str(p) for p in self.new_files()):
            return
        item = QListWidgetItem(self.tr("{name} — new, copied on saving").format(name=path.name), self.files)
        item.setData(NEW_PATH_ROLE, str(path))
        item.setToolTip(str(path))

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, self.tr("Add evidence files"), "",
                                                      self.tr("All files (*)"))
        for name in names:
            self.add_new_file(Path(name))

    def remove_selected_files(self) -> None:
        for item in self.files.selectedItems():
            evidence_id = item.data(EVIDENCE_ID_ROLE)
            if evidence_id is not None:
                self._removed.append(evidence_id)  # deleted from the data folder on save, not now
            self.files.takeItem(self.files.row(item))

    def open_selected_file(self) -> None:
        item = self.files.currentItem()
        evidence_id = item.data(EVIDENCE_ID_ROLE) if item is not None else None
        if evidence_id is not None and self._open_file is not None:
            self._open_file(evidence_id)

    def new_files(self) -> tuple[Path, ...]:
        return tuple(Path(path) for item in map(self.files.item, range(self.files.count()))
                     if (path := item.data(NEW_PATH_ROLE)))

    def _selection_changed(self) -> None:
        selected = self.files.selectedItems()
        self.remove_file_button.setEnabled(bool(selected))
        self.open_file_button.setEnabled(len(selected) == 1 and selected[0].data(EVIDENCE_ID_ROLE) is not None)

    # ---- form <-> widgets

    def _phase_changed(self) -> None:
        text = phase_explanation(ValidationPhase(self.phase.currentData()))
        self.phase.setToolTip(text)
        self.phase_hint.setText(text)

    def _fill(self, initial: OutcomeInfo | None) -> None:
        if initial is None:
            return
        form = initial.form
        select_data(self.competence, form.competence_id, fallback=-1)
        select_data(self.level, form.level, fallback=-1)
        self.statement.setPlainText(form.statement)
        select_data(self.method, form.method)
        self.evidence_description.setPlainText(form.evidence_description)
        self.assessed_on.set_value(form.assessed_on)
        select_data(self.phase, form.phase)
        for evidence in initial.evidence:
            self.add_existing_file(evidence)

    def form_value(self) -> OutcomeForm:
        """Refuses, like the service would, when no competence or level is chosen: the form cannot say "none"."""
        errors = {}
        if self.competence.currentData() is None:
            errors["competence_id"] = self.tr("Choose the competence this outcome belongs to.")
        if self.level.currentData() is None:
            errors["level"] = self.tr("Choose the level this outcome shows.")
        if errors:
            raise ValidationError(errors)
        return OutcomeForm(
            competence_id=self.competence.currentData(),
            level=self.level.currentData(),
            statement=self.statement.toPlainText().strip(),
            method=ValidationMethod(self.method.currentData()),  # combo data comes back as plain str
            evidence_description=self.evidence_description.toPlainText().strip(),
            assessor_id=self.assessor.currentData(),
            assessed_on=self.assessed_on.value(),
            phase=ValidationPhase(self.phase.currentData()),
            add_files=self.new_files(),
            remove_evidence_ids=tuple(self._removed),
        )

    def submit(self) -> object:
        return self._save(self.form_value())


def _competence_combo(framework: FrameworkInfo) -> QComboBox:
    combo = QComboBox()
    for competence in framework.competences:
        combo.addItem(competence_text(competence), competence.id)
        if competence.description:
            combo.setItemData(combo.count() - 1, competence.description, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(-1)  # chosen on purpose, never by default
    return combo


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _with_hint(field: QWidget, text: str = "", label: QLabel | None = None) -> QWidget:
    """A field with a muted line of guidance under it."""
    hint = label or _muted(QLabel(text))
    hint.setWordWrap(True)
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(hint)
    box.setFocusProxy(field)
    return box
