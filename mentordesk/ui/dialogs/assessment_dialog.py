"""Step 1: a baseline, interim or final skills assessment, per competence the young person's own view and the
mentor's side by side, with a note and the evidence seen, then the needs and goals it brings out."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from mentordesk.enums import AssessmentKind
from mentordesk.services.pathway_forms import AssessmentForm, AssessmentInfo, FrameworkInfo
from mentordesk.ui.dialogs.self_assessment import SelfAssessmentScreen
from mentordesk.ui.widgets.combo import select_data
from mentordesk.ui.widgets.date_field import DateField
from mentordesk.ui.widgets.form_dialog import FormDialog
from mentordesk.ui.widgets.level_score_table import LevelScoreTable
from mentordesk.ui.widgets.pathway_dialog_fields import enum_combo, notes_edit, worker_combo

Save = Callable[[AssessmentForm], object]  # raises ValidationError to refuse


class AssessmentDialog(FormDialog):
    """`workers` are (id, name) pairs; `kinds_allowed` limits the kinds offered to a new assessment (an edited one
    keeps its own); `default_assessor_id` is proposed for a new one; `mentee_name` greets the young person on the
    self-assessment screen. `result_value` is what `save` returned."""

    def __init__(self, framework: FrameworkInfo, workers: Sequence[tuple[uuid.UUID, str]], save: Save,
                 initial: AssessmentInfo | None = None,
                 kinds_allowed: Sequence[AssessmentKind] = tuple(AssessmentKind),
                 default_assessor_id: uuid.UUID | None = None, mentee_name: str = "",
                 parent: QWidget | None = None) -> None:
        editing = initial is not None
        super().__init__(self.tr("Edit assessment") if editing else self.tr("Record an assessment"),
                         self.tr("Save") if editing else self.tr("Add assessment"), parent)
        self._save = save
        self._framework = framework
        self._mentee_name = mentee_name
        self.self_screen: SelfAssessmentScreen | None = None
        # Scores of competences no longer in the framework are kept as they were, never dropped unseen.
        self._other_scores = tuple(s for s in (initial.scores if initial else ())
                                   if framework.competence(s.competence_id) is None)
        self.setMinimumWidth(980)

        kinds = [kind for kind in AssessmentKind if kind in kinds_allowed or (initial and kind is initial.kind)]
        self.kind = self.add_field("kind", self.tr("&Kind:"), enum_combo(kinds))
        self.assessed_on = self.add_field("assessed_on", self.tr("&Date:"), DateField(date.today(), optional=False))
        right = self.new_form()
        self.assessor = self.add_field("assessor_id", self.tr("A&ssessor:"), worker_combo(
            workers, self.tr("Nobody"), initial.assessor_id if initial else default_assessor_id,
            initial.assessor if initial else None), right)
        self.framework_label = QLabel(framework.name)
        right.addRow(self.tr("Framework:"), self.framework_label)
        self.layout_.removeItem(self.form)  # FormDialog placed the first column alone; now it sits beside `right`
        top = QHBoxLayout()
        top.addLayout(self.form, 1)
        top.addSpacing(12)
        top.addLayout(right, 1)
        self.layout_.insertLayout(0, top)

        self.table = LevelScoreTable(framework)
        self.rows = self.table.rows
        scores_form = self.new_form()
        scores_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # the heading over the whole width
        self.add_field("scores", self.tr("&Levels per competence:"), self._scores_bar(framework), scores_form)
        self.layout_.insertLayout(1, scores_form)
        self.layout_.insertWidget(2, self.table, 1)

        self.identified_needs = notes_edit(4, self.tr("What the young person needs to work on"))
        self.goals = notes_edit(4, self.tr("What they want to reach, in their words"))
        left, right = self.new_form(), self.new_form()
        for form in (left, right):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.add_field("identified_needs", self.tr("Identified &needs:"), self.identified_needs, left)
        self.add_field("goals", self.tr("&Goals:"), self.goals, right)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        self.layout_.insertLayout(3, columns)

        self._fill(initial)
        self.kind.setFocus()

    def _scores_bar(self, framework: FrameworkInfo) -> QWidget:
        """The hint and the self-assessment button over the table; errors about the scores appear under it."""
        self.self_assessment_button = QPushButton(self.tr("Self-assessment with the &young person…"))
        self.self_assessment_button.setToolTip(
            self.tr("A large screen showing one competence at a time; the young person's answers fill the "
                    "Self column"))
        self.self_assessment_button.setAutoDefault(False)
        self.self_assessment_button.setEnabled(bool(framework.competences and framework.levels))
        self.self_assessment_button.clicked.connect(self.open_self_assessment)
        hint = QLabel(self.tr("Leave a level at “—” when it was not assessed. Hover a competence to read it."))
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        hint.setWordWrap(True)
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(hint, 1)
        row.addWidget(self.self_assessment_button)
        bar.setFocusProxy(self.table.focusProxy() or self.self_assessment_button)
        return bar

    # ---- form <-> widgets

    def _fill(self, initial: AssessmentInfo | None) -> None:
        if initial is None:
            return
        select_data(self.kind, initial.kind)
        self.assessed_on.set_value(initial.assessed_on)
        self.table.fill(initial.scores)
        self.identified_needs.setPlainText(initial.identified_needs)
        self.goals.setPlainText(initial.goals)

    def form_value(self) -> AssessmentForm:
        return AssessmentForm(
            kind=AssessmentKind(self.kind.currentData()),  # combo data comes back as plain str
            assessed_on=self.assessed_on.value() or date.today(),
            scores=self.table.scores() + self._other_scores,
            identified_needs=self.identified_needs.toPlainText().strip(),
            goals=self.goals.toPlainText().strip(),
            assessor_id=self.assessor.currentData(),
        )

    def submit(self) -> object:
        return self._save(self.form_value())

    # ---- the young person's own screen

    def open_self_assessment(self) -> SelfAssessmentScreen:
        """Opens without blocking, starting from the Self column; Done fills the column, closing changes nothing."""
        if self.self_screen is not None:
            self.self_screen.deleteLater()  # the last one, done or closed
        self.self_screen = SelfAssessmentScreen(self._framework, self.table.self_levels(), self._mentee_name, self)
        self.self_screen.accepted.connect(self._take_self_levels)
        self.self_screen.open()
        return self.self_screen

    def _take_self_levels(self) -> None:
        if self.self_screen is not None:
            self.table.set_self_levels(self.self_screen.levels())
