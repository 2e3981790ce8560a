"""A mentee's Pathway tab: the stepper and the competence radar, then one section per step.

Step 1 lists the assessments, step 2 the learning plan's activities and its agreements, step 3 the
validated outcomes grouped by competence, each outcome with its evidence files beneath it. The tab
only shows and asks: every button is a signal the record page acts on; deleting asks first.

The radar (QtCharts) is built the first time the tab is shown, keeping the import off start-up.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.enums import ActivityStatus, PathwayStep
from mentordesk.services.pathway_forms import (
    ActivityInfo,
    AgreementInfo,
    AssessmentInfo,
    EvidenceInfo,
    FrameworkInfo,
    OutcomeInfo,
    PathwayOverview,
)
from mentordesk.ui.dialogs.confirm import confirm
from mentordesk.ui.labels import format_date, label
from mentordesk.ui.widgets.headings import heading_label
from mentordesk.ui.widgets.pathway_stepper import PathwayStepper

if TYPE_CHECKING:
    from mentordesk.ui.widgets.competence_radar import CompetenceRadar

ITEM_ROLE = Qt.ItemDataRole.UserRole  # the DTO a row shows (AssessmentInfo, ActivityInfo, OutcomeInfo, …)
MAX_NOTE_CHARS = 80
MAX_COLUMN_WIDTH = 200  # longer values elide; the stretching column (the main text) takes the rest
MIN_STRETCH_SHARE = 0.4  # of a list's width the main text keeps: the other columns give way first
MIN_COLUMN_WIDTH = 60


class RecordList(QTreeWidget):
    """A list sized to all its rows (the tab scrolls, not each list); Delete asks to delete the selected row."""

    delete_pressed = Signal()

    def __init__(self, headers: list[str], stretch: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stretch = stretch
        self._natural: dict[int, int] = {}  # column -> width its values want, up to MAX_COLUMN_WIDTH
        self.setHeaderLabels(headers)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.itemExpanded.connect(self.fit_height)
        self.itemCollapsed.connect(self.fit_height)

    def size_columns(self) -> None:
        """Each column as wide as its values, up to a limit; the stretching one takes what is left."""
        self._natural = {}
        for column in range(self.columnCount()):
            if column != self.stretch:
                self.resizeColumnToContents(column)
                self._natural[column] = min(self.columnWidth(column), MAX_COLUMN_WIDTH)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Narrow the widest columns until the main text keeps its share of the width (or all it needs)."""
        if not self._natural:
            return
        width = self.viewport().width()
        main_text = self.sizeHintForColumn(self.stretch) + (self.indentation() * 2 if self.rootIsDecorated() else 0)
        room = width - min(width * MIN_STRETCH_SHARE, main_text)
        cap = max(self._natural.values())
        while cap > MIN_COLUMN_WIDTH and sum(min(width, cap) for width in self._natural.values()) > room:
            cap -= 10
        for column, width in self._natural.items():
            self.setColumnWidth(column, min(width, max(cap, MIN_COLUMN_WIDTH)))

    def fit_height(self) -> None:
        rows = 0
        item = self.topLevelItem(0)
        while item is not None:
            rows += 1
            item = self.itemBelow(item)
        row_height = self.sizeHintForRow(0) if rows else 0
        header = self.header()
        too_wide = header.length() > self.width() - 2 * self.frameWidth()
        scroll_bar = self.horizontalScrollBar().sizeHint().height() if too_wide else 0
        self.setFixedHeight(header.sizeHint().height() + rows * row_height + 2 * self.frameWidth() + scroll_bar)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_columns()
        self.fit_height()  # a narrower list may need room for its horizontal scroll bar

    def selected_record(self) -> object | None:
        items = self.selectedItems()
        return items[0].data(0, ITEM_ROLE) if items else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Delete and self.selected_record() is not None:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class StepSection(QWidget):
    """A step's heading, its buttons on the same line, and its lists below."""

    def __init__(self, step: PathwayStep, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading_label(label(step), 1.25)
        self.caption = QLabel(caption)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.caption.setWordWrap(True)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addLayout(self.buttons)
        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addLayout(self.body)

    def add_button(self, text: str, slot: Callable[[], None], tooltip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tooltip)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def add_gap(self) -> None:
        self.buttons.addSpacing(14)


class PathwayTab(QWidget):
    new_assessment_requested = Signal()
    self_assessment_requested = Signal()
    edit_assessment_requested = Signal(object)  # AssessmentInfo
    delete_assessment_requested = Signal(object)  # assessment uuid, after the worker confirmed
    add_activity_requested = Signal()
    edit_activity_requested = Signal(object)  # ActivityInfo
    delete_activity_requested = Signal(object)  # activity uuid, confirmed
    agree_plan_requested = Signal()
    print_agreement_requested = Signal(object)  # agreement uuid: the selected agreement, else the newest
    add_outcome_requested = Signal()
    edit_outcome_requested = Signal(object)  # OutcomeInfo
    delete_outcome_requested = Signal(object)  # outcome uuid, confirmed
    open_evidence_requested = Signal(object)  # evidence file uuid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview: PathwayOverview | None = None
        self.radar: CompetenceRadar | None = None  # built when first shown

        self.stepper = PathwayStepper()
        self.radar_box = QVBoxLayout()
        self.radar_box.setContentsMargins(0, 0, 0, 0)
        self.radar_heading = heading_label(self.tr("Competence levels"))
        top = QHBoxLayout()
        top.setSpacing(18)
        top.addWidget(self.stepper, 1, Qt.AlignmentFlag.AlignTop)
        radar_column = QVBoxLayout()
        radar_column.addWidget(self.radar_heading)
        radar_column.addLayout(self.radar_box, 1)
        top.addLayout(radar_column, 1)

        self.assessment_section = StepSection(PathwayStep.ASSESSMENT, self.tr(
            "Baseline, interim and final: self and mentor levels side by side"))
        s = self.assessment_section
        self.new_assessment_button = s.add_button(self.tr("New assessment…"), self.new_assessment_requested.emit)
        self.self_assessment_button = s.add_button(
            self.tr("Self-assessment…"), self.self_assessment_requested.emit,
            self.tr("The large-print screen the young person fills in at the laptop"))
        s.add_gap()
        self.edit_assessment_button = s.add_button(self.tr("Edit…"), self.edit_selected_assessment)
        self.delete_assessment_button = s.add_button(self.tr("Delete…"), self.delete_selected_assessment)
        self.assessments = RecordList([self.tr("Assessment"), self.tr("Date"), self.tr("Assessor"),
                                       self.tr("Levels given"), self.tr("Needs and goals")], stretch=4)
        self.no_assessments = _muted(self.tr("No assessments yet. Start with a baseline: where the young person "
                                             "stands on each competence, in their eyes and yours."))
        s.body.addWidget(self.assessments)
        s.body.addWidget(self.no_assessments)

        self.plan_section = StepSection(PathwayStep.LEARNING_OFFER, self.tr("The individual learning plan"))
        s = self.plan_section
        self.add_activity_button = s.add_button(self.tr("Add activity…"), self.add_activity_requested.emit)
        self.agree_plan_button = s.add_button(self.tr("Agree plan…"), self.agree_plan_requested.emit,
                                              self.tr("Record the date and both names the plan was agreed with"))
        self.print_agreement_button = s.add_button(
            self.tr("Print agreement…"), self.print_selected_agreement,
            self.tr("A one-page PDF of the selected (or latest) agreement, to sign on paper"))
        s.add_gap()
        self.edit_activity_button = s.add_button(self.tr("Edit…"), self.edit_selected_activity)
        self.delete_activity_button = s.add_button(self.tr("Delete…"), self.delete_selected_activity)
        self.activities = RecordList([self.tr("Activity"), self.tr("Kind"), self.tr("Format"), self.tr("Provider"),
                                      self.tr("Dates"), self.tr("Hours"), self.tr("Status"),
                                      self.tr("Competences")])
        self.no_activities = _muted(self.tr("No activities planned yet: courses, workshops, placements, "
                                            "volunteering… each aimed at competences from the assessment."))
        self.agreements_heading = heading_label(self.tr("Agreements"))
        self.agreements = RecordList([self.tr("Agreed on"), self.tr("Young person"), self.tr("Mentor"),
                                      self.tr("Note")], stretch=3)
        self.no_agreements = _muted(self.tr("Not agreed yet: when the plan is ready, agree it together and print "
                                            "the agreement to sign."))
        for widget in (self.activities, self.no_activities, self.agreements_heading, self.agreements,
                       self.no_agreements):
            s.body.addWidget(widget)

        self.outcome_section = StepSection(PathwayStep.VALIDATION, self.tr("Learning outcomes, by competence"))
        s = self.outcome_section
        self.add_outcome_button = s.add_button(self.tr("Add outcome…"), self.add_outcome_requested.emit)
        s.add_gap()
        self.edit_outcome_button = s.add_button(self.tr("Edit…"), self.edit_selected_outcome)
        self.delete_outcome_button = s.add_button(self.tr("Delete…"), self.delete_selected_outcome)
        self.outcomes = RecordList([self.tr("Outcome (“I can …”)"), self.tr("Level"), self.tr("Method"),
                                    self.tr("Phase"), self.tr("Files"), self.tr("Assessed")])
        self.outcomes.setRootIsDecorated(True)  # evidence files open under their outcome
        self.no_outcomes = _muted(self.tr("No outcomes yet: “can do” statements, each with a competence, a level, "
                                          "how it was validated and the evidence."))
        s.body.addWidget(self.outcomes)
        s.body.addWidget(self.no_outcomes)

        self.assessments.itemSelectionChanged.connect(self._update_buttons)
        self.activities.itemSelectionChanged.connect(self._update_buttons)
        self.outcomes.itemSelectionChanged.connect(self._update_buttons)
        for tree in (self.assessments, self.activities, self.outcomes, self.agreements):
            tree.itemActivated.connect(self._on_activated)  # double-click or Enter
        self.assessments.delete_pressed.connect(self.delete_selected_assessment)
        self.activities.delete_pressed.connect(self.delete_selected_activity)
        self.outcomes.delete_pressed.connect(self.delete_selected_outcome)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(8, 10, 8, 10)
        content_layout.setSpacing(10)
        content_layout.addLayout(top)
        for section in (self.assessment_section, self.plan_section, self.outcome_section):
            content_layout.addWidget(_rule())
            content_layout.addWidget(section)
        content_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._update_buttons()

    # ---- showing

    def show_overview(self, overview: PathwayOverview) -> None:
        self.overview = overview
        framework = overview.framework
        self.stepper.set_steps(overview.steps)
        if self.radar is not None:
            self.radar.set_data(framework, overview.radar)
        self._fill_assessments(overview.assessments, framework)
        self._fill_activities(overview.activities, framework)
        self._fill_agreements(overview.agreements)
        self._fill_outcomes(overview.outcomes, framework)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.radar is None:
            self._build_radar()

    def _build_radar(self) -> None:
        from mentordesk.ui.widgets.competence_radar import CompetenceRadar  # QtCharts: only now

        self.radar = CompetenceRadar()
        self.radar_box.addWidget(self.radar)
        if self.overview is not None:
            self.radar.set_data(self.overview.framework, self.overview.radar)

    def _fill_assessments(self, assessments: tuple[AssessmentInfo, ...], framework: FrameworkInfo) -> None:
        count = len(framework.competences)
        rows = []
        for assessment in reversed(assessments):  # newest first: the latest is what the worker looks for
            given_self = sum(score.self_level is not None for score in assessment.scores)
            given_mentor = sum(score.mentor_level is not None for score in assessment.scores)
            notes = "  ·  ".join(text for text in (assessment.identified_needs, assessment.goals) if text)
            item = QTreeWidgetItem([
                label(assessment.kind), format_date(assessment.assessed_on), assessment.assessor or "—",
                self.tr("self {self_count} · mentor {mentor_count} of {count}").format(
                    self_count=given_self, mentor_count=given_mentor, count=count),
                _one_line(notes),
            ])
            item.setData(0, ITEM_ROLE, assessment)
            tips = [self.tr("Needs: {text}").format(text=assessment.identified_needs)
                    if assessment.identified_needs else "",
                    self.tr("Goals: {text}").format(text=assessment.goals) if assessment.goals else ""]
            item.setToolTip(4, "\n".join(tip for tip in tips if tip))
            rows.append(item)
        _refill(self.assessments, rows, self.no_assessments)

    def _fill_activities(self, activities: tuple[ActivityInfo, ...], framework: FrameworkInfo) -> None:
        muted = self.palette().brush(QPalette.ColorRole.PlaceholderText)
        locale = QLocale()
        rows = []
        for activity in activities:
            form = activity.form
            codes = [c.code for c in (framework.competence(i) for i in form.target_competence_ids) if c]
            item = QTreeWidgetItem([
                form.title, label(form.kind), label(form.format), form.provider or "—",
                _date_range(form.start_date, form.end_date),
                locale.toString(float(form.hours), "g", 4) if form.hours is not None else "—",
                label(form.status), ", ".join(codes),
            ])
            item.setData(0, ITEM_ROLE, activity)
            names = [c.name for c in (framework.competence(i) for i in form.target_competence_ids) if c]
            item.setToolTip(0, "\n".join(text for text in (form.title, form.outcome_note) if text))
            item.setToolTip(7, "\n".join(names))
            if form.status is ActivityStatus.DROPPED:
                font = QFont(item.font(0))
                font.setStrikeOut(True)
                item.setFont(0, font)
                for column in range(item.columnCount()):
                    item.setForeground(column, muted)
            rows.append(item)
        _refill(self.activities, rows, self.no_activities)

    def _fill_agreements(self, agreements: tuple[AgreementInfo, ...]) -> None:
        rows = []
        for agreement in agreements:
            form = agreement.form
            item = QTreeWidgetItem([format_date(form.agreed_on), form.mentee_signatory, form.mentor_signatory,
                                    _one_line(form.note)])
            item.setData(0, ITEM_ROLE, agreement)
            item.setToolTip(3, form.note)
            rows.append(item)
        _refill(self.agreements, rows, self.no_agreements)
        self.agreements_heading.setVisible(bool(agreements))

    def _fill_outcomes(self, outcomes: tuple[OutcomeInfo, ...], framework: FrameworkInfo) -> None:
        groups: dict[uuid.UUID, QTreeWidgetItem] = {}
        rows = []
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for outcome in outcomes:
            form = outcome.form
            group = groups.get(form.competence_id)
            if group is None:
                competence = framework.competence(form.competence_id)
                title = f"{competence.code} · {competence.name}" if competence else self.tr("Unknown competence")
                group = QTreeWidgetItem([title])
                font = QFont(group.font(0))
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable, nothing to edit
                groups[form.competence_id] = group
                rows.append(group)
            level_label = framework.level_label(form.level)
            assessed = " · ".join(text for text in (format_date(form.assessed_on), outcome.assessor or "") if text)
            files = len(outcome.evidence)
            item = QTreeWidgetItem(group, [
                _one_line(form.statement),
                f"{form.level} · {level_label}" if level_label else str(form.level),
                label(form.method), label(form.phase),
                QLocale().toString(files) if files else "—",
                assessed or "—",
            ])
            item.setData(0, ITEM_ROLE, outcome)
            item.setToolTip(0, "\n\n".join(text for text in (form.statement, form.evidence_description) if text))
            for evidence in outcome.evidence:
                child = QTreeWidgetItem(item, [f"{evidence.original_name} ({_size(evidence)})"])
                child.setIcon(0, file_icon)
                child.setData(0, ITEM_ROLE, evidence)
                child.setToolTip(0, self.tr("Double-click or press Enter to open {name}").format(
                    name=evidence.original_name))
        _refill(self.outcomes, rows, self.no_outcomes)
        for group in rows:
            group.setFirstColumnSpanned(True)
            group.setExpanded(True)
        self.outcomes.size_columns()  # now that the outcomes under their headings are visible
        self.outcomes.fit_height()

    # ---- acting on the selection

    def selected_assessment(self) -> AssessmentInfo | None:
        record = self.assessments.selected_record()
        return record if isinstance(record, AssessmentInfo) else None

    def selected_activity(self) -> ActivityInfo | None:
        record = self.activities.selected_record()
        return record if isinstance(record, ActivityInfo) else None

    def selected_outcome(self) -> OutcomeInfo | None:
        """The outcome selected, or the one whose evidence file is selected."""
        items = self.outcomes.selectedItems()
        if not items:
            return None
        item = items[0]
        record = item.data(0, ITEM_ROLE)
        if isinstance(record, EvidenceInfo) and item.parent() is not None:
            record = item.parent().data(0, ITEM_ROLE)
        return record if isinstance(record, OutcomeInfo) else None

    def selected_agreement(self) -> AgreementInfo | None:
        record = self.agreements.selected_record()
        if isinstance(record, AgreementInfo):
            return record
        return self.overview.agreements[0] if self.overview and self.overview.agreements else None

    def edit_selected_assessment(self) -> None:
        if (assessment := self.selected_assessment()) is not None:
            self.edit_assessment_requested.emit(assessment)

    def edit_selected_activity(self) -> None:
        if (activity := self.selected_activity()) is not None:
            self.edit_activity_requested.emit(activity)

    def edit_selected_outcome(self) -> None:
        if (outcome := self.selected_outcome()) is not None:
            self.edit_outcome_requested.emit(outcome)

    def print_selected_agreement(self) -> None:
        if (agreement := self.selected_agreement()) is not None:
            self.print_agreement_requested.emit(agreement.id)

    def _on_activated(self, item: QTreeWidgetItem) -> None:
        """A record opens for editing, an evidence file in its program, an agreement to print."""
        record = item.data(0, ITEM_ROLE)
        if isinstance(record, AssessmentInfo):
            self.edit_assessment_requested.emit(record)
        elif isinstance(record, ActivityInfo):
            self.edit_activity_requested.emit(record)
        elif isinstance(record, OutcomeInfo):
            self.edit_outcome_requested.emit(record)
        elif isinstance(record, EvidenceInfo):
            self.open_evidence_requested.emit(record.id)
        elif isinstance(record, AgreementInfo):
            self.print_agreement_requested.emit(record.id)

    def delete_selected_assessment(self) -> None:
        assessment = self.selected_assessment()
        if assessment is not None and self._confirm(
                self.tr("Delete assessment"),
                self.tr("Delete the {kind} assessment of {date}, with all its levels and notes?").format(
                    kind=label(assessment.kind).lower(), date=format_date(assessment.assessed_on))):
            self.delete_assessment_requested.emit(assessment.id)

    def delete_selected_activity(self) -> None:
        activity = self.selected_activity()
        if activity is not None and self._confirm(
                self.tr("Delete activity"),
                self.tr("Delete “{title}” from the learning plan?").format(title=activity.form.title)):
            self.delete_activity_requested.emit(activity.id)

    def delete_selected_outcome(self) -> None:
        outcome = self.selected_outcome()
        if outcome is not None and self._confirm(
                self.tr("Delete outcome"),
                self.tr("Delete the outcome “{statement}” and its evidence files?").format(
                    statement=_one_line(outcome.form.statement))):
            self.delete_outcome_requested.emit(outcome.id)

    def _confirm(self, title: str, question: str) -> bool:
        return confirm(self, title, question + "\n\n" + self.tr("This cannot be undone."))

    def _update_buttons(self) -> None:
        for selected, buttons in (
            (self.selected_assessment(), (self.edit_assessment_button, self.delete_assessment_button)),
            (self.selected_activity(), (self.edit_activity_button, self.delete_activity_button)),
            (self.selected_outcome(), (self.edit_outcome_button, self.delete_outcome_button)),
        ):
            for button in buttons:
                button.setEnabled(selected is not None)
        self.print_agreement_button.setEnabled(bool(self.overview and self.overview.agreements))


def _refill(tree: RecordList, rows: list[QTreeWidgetItem], empty: QLabel) -> None:
    """Replace the rows, keeping the selected record selected (by id) across a reload."""
    selected = tree.selected_record()
    selected_id = getattr(selected, "id", None)
    tree.blockSignals(True)  # one selection signal after, not one per removed row
    tree.clear()
    tree.addTopLevelItems(rows)
    if selected_id is not None:
        for item in _all_items(tree):
            if getattr(item.data(0, ITEM_ROLE), "id", None) == selected_id:
                item.setSelected(True)
                tree.setCurrentItem(item)
                break
    tree.blockSignals(False)
    tree.setVisible(bool(rows))
    empty.setVisible(not rows)
    tree.size_columns()
    tree.fit_height()


def _all_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    items = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop(0)
        items.append(item)
        stack.extend(item.child(i) for i in range(item.childCount()))
    return items


def _date_range(start: object, end: object) -> str:
    if start is None and end is None:
        return "—"
    return f"{format_date(start) or '…'} – {format_date(end) or '…'}"


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_NOTE_CHARS else line[:MAX_NOTE_CHARS - 1].rstrip() + "…"


def _size(evidence: EvidenceInfo) -> str:
    return QLocale().formattedDataSize(evidence.size_bytes, 0, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def _muted(text: str) -> QLabel:
    message = QLabel(text)
    message.setWordWrap(True)
    message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return message


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
