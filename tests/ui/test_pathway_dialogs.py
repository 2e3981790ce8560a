"""Pathway dialogs: each fills its form from its widgets, shows refusals under the right field, and the
self-assessment screen works from the keyboard alone."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    ActivityStatus,
    AssessmentKind,
    MenteeStatus,
    SessionMode,
    SessionStatus,
    ValidationMethod,
    ValidationPhase,
)
from mentordesk.services.errors import ValidationError
from mentordesk.services.pathway_forms import (
    ActivityForm,
    ActivityInfo,
    AgreementForm,
    AssessmentForm,
    AssessmentInfo,
    CompetenceInfo,
    EvidenceInfo,
    FrameworkInfo,
    LevelInfo,
    OutcomeForm,
    OutcomeInfo,
    ScoreForm,
)
from mentordesk.ui.dialogs.activity_dialog import ActivityDialog
from mentordesk.ui.dialogs.agreement_dialog import AgreementDialog
from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog
from mentordesk.ui.dialogs.outcome_dialog import OutcomeDialog, phase_explanation
from mentordesk.ui.dialogs.self_assessment import SelfAssessmentScreen
from mentordesk.ui.labels import label
from mentordesk.ui.widgets.combo import select_data

KEY_COMPETENCE_LEVELS = (
    ("Starting out", "I am just beginning: I need help with most of this."),
    ("Developing", "I can do some of this with help or support."),
    ("Capable", "I can do this on my own in familiar situations."),
    ("Confident", "I can do this in new situations and can help others."),
)
KEY_COMPETENCES = (
    ("KC1", "Literacy", "Understand, express and interpret concepts, feelings, facts and opinions in spoken and "
     "written form, and communicate well with others."),
    ("KC2", "Multilingual", "Use different languages appropriately and effectively for communication."),
    ("KC3", "Mathematics, science, technology and engineering", "Use mathematical thinking to solve everyday "
     "problems."),
    ("KC4", "Digital", "Use digital technologies confidently, critically and responsibly."),
    ("KC5", "Personal, social and learning to learn", "Reflect on oneself, manage time and information."),
    ("KC6", "Citizenship", "Act as a responsible citizen and take part in civic and social life."),
    ("KC7", "Entrepreneurship", "Act upon opportunities and ideas and turn them into value for others."),
    ("KC8", "Cultural awareness and expression", "Understand and respect how ideas are expressed creatively."),
)
DIGCOMP_LEVELS = (  # labelled with their numbers, as the built-in DigComp is
    ("1 · Foundation", "With guidance, I can do simple tasks."),
    ("2 · Foundation", "On my own and with guidance where I need it, I can do simple tasks."),
    ("3 · Intermediate", "On my own, I can do well-defined, routine tasks and solve straightforward problems."),
    ("4 · Intermediate", "Independently and to my needs, I can do well-defined and non-routine tasks."),
    ("5 · Advanced", "As well as guiding others, I can do a range of different tasks and problems."),
    ("6 · Advanced", "I can adapt to others in a complex context and choose the most fitting tasks."),
    ("7 · Highly specialised", "I can create solutions to complex problems with limited definition."),
    ("8 · Highly specialised", "I can create solutions to complex problems with many interacting factors and "
     "propose new ideas to the field."),
)
DIGCOMP = (
    ("1 Information and data literacy", (
        "Browsing, searching and filtering data, information and digital content",
        "Evaluating data, information and digital content",
        "Managing data, information and digital content")),
    ("2 Communication and collaboration", (
        "Interacting through digital technologies", "Sharing through digital technologies",
        "Engaging in citizenship through digital technologies", "Collaborating through digital technologies",
        "Netiquette", "Managing digital identity")),
    ("3 Digital content creation", (
        "Developing digital content", "Integrating and re-elaborating digital content", "Copyright and licences",
        "Programming")),
    ("4 Safety", (
        "Protecting devices", "Protecting personal data and privacy", "Protecting health and well-being",
        "Protecting the environment")),
    ("5 Problem solving", (
        "Solving technical problems", "Identifying needs and technological responses",
        "Creatively using digital technologies", "Identifying digital competence gaps")),
)


def levels(pairs: tuple[tuple[str, str], ...]) -> tuple[LevelInfo, ...]:
    return tuple(LevelInfo(rank, text, description) for rank, (text, description) in enumerate(pairs, start=1))


def key_competences() -> FrameworkInfo:
    competences = tuple(CompetenceInfo(uuid.uuid4(), code, None, name, description)
                        for code, name, description in KEY_COMPETENCES)
    return FrameworkInfo(uuid.uuid4(), "Key Competences for Lifelong Learning", "2018", None, None, True,
                         competences, levels(KEY_COMPETENCE_LEVELS))


def digcomp() -> FrameworkInfo:
    competences = []
    for area_number, (area, names) in enumerate(DIGCOMP, start=1):
        for number, name in enumerate(names, start=1):
            competences.append(CompetenceInfo(uuid.uuid4(), f"{area_number}.{number}", area.split(" ", 1)[1], name,
                                              f"What {name.lower()} means, in plain words."))
    return FrameworkInfo(uuid.uuid4(), "DigComp 2.2", "2.2", None, None, True, tuple(competences),
                         levels(DIGCOMP_LEVELS))


WORKERS = [(uuid.uuid4(), "Ana Ruiz"), (uuid.uuid4(), "Tom Berg")]


@pytest.fixture(autouse=True)
def stop_without_asking(monkeypatch) -> None:
    """A self-assessment screen left open asks before closing; closing it after a test must not block."""
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)


def recording(saved: list, refuse: dict[str, str] | None = None):
    """A `save` that keeps every form it is given and refuses with `refuse` when set."""
    def save(form):
        saved.append(form)
        if refuse:
            raise ValidationError(refuse)
        return ("saved", form)

    return save


def press(widget_owner: QWidget, *keys: Qt.Key) -> None:
    """Each key to whichever widget has the focus at that moment, as a person typing would."""
    for key in keys:
        QTest.keyClick(widget_owner.focusWidget() or widget_owner, key)


# ---- labels


@pytest.mark.parametrize("enum", [AssessmentKind, ActivityKind, ActivityFormat, ActivityStatus, ValidationMethod,
                                  ValidationPhase])
def test_every_pathway_value_has_a_label(enum) -> None:
    assert all(label(member) for member in enum)


def test_pathway_labels_do_not_borrow_another_enums_label() -> None:
    assert ActivityStatus.PLANNED == SessionStatus.PLANNED and ActivityFormat.IN_PERSON == SessionMode.IN_PERSON
    assert label(ActivityStatus.COMPLETED) == "Completed" and label(MenteeStatus.COMPLETED) == "Completed"
    assert label(ValidationMethod.SELF_DECLARATION) == "Self-declaration confirmed by the mentor"
    assert label(ActivityKind.ONLINE_COURSE) == "Online course" and label(ActivityFormat.ONLINE) == "Online"


# ---- assessment


def test_a_new_assessment_sends_kind_date_assessor_the_rows_filled_and_needs_and_goals(qtbot) -> None:
    framework = key_competences()
    saved: list[AssessmentForm] = []
    dialog = AssessmentDialog(framework, WORKERS, recording(saved), default_assessor_id=WORKERS[0][0])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Record an assessment" and dialog.assessor.currentData() == WORKERS[0][0]
    select_data(dialog.kind, AssessmentKind.INTERIM)
    dialog.assessed_on.set_value(date(2026, 3, 9))
    select_data(dialog.assessor, WORKERS[1][0])
    first, third = dialog.rows[0], dialog.rows[2]
    select_data(first.self_level, 2)
    select_data(first.mentor_level, 3)
    qtbot.keyClicks(first.note, "Reads well")
    qtbot.keyClicks(first.evidence, "Her CV")
    select_data(third.mentor_level, 1)
    qtbot.keyClicks(dialog.identified_needs, "Budgeting")
    qtbot.keyClicks(dialog.goals, "A job in retail")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == dialog.DialogCode.Accepted
    c = framework.competences
    assert saved == [AssessmentForm(AssessmentKind.INTERIM, date(2026, 3, 9), (
        ScoreForm(c[0].id, 2, 3, "Reads well", "Her CV"), ScoreForm(c[2].id, None, 1)), "Budgeting", "A job in retail",
        WORKERS[1][0])]
    assert type(saved[0].kind) is AssessmentKind  # an enum again, not the plain str a combo returns
    assert dialog.result_value == ("saved", saved[0])


def test_an_edited_assessment_shows_what_was_saved_and_sends_it_back_unchanged(qtbot) -> None:
    framework = digcomp()
    c = framework.competences
    gone = uuid.uuid4()  # a competence no longer in the framework: its score is kept, not dropped
    initial = AssessmentInfo(uuid.uuid4(), AssessmentKind.BASELINE, date(2026, 1, 12), framework.id, uuid.uuid4(),
                             "Former worker", "Needs", "Goals", (ScoreForm(c[0].id, 1, 2, "n", "e"),
                                                                 ScoreForm(c[20].id, 8, None), ScoreForm(gone, 3, 3)))
    saved: list[AssessmentForm] = []
    dialog = AssessmentDialog(framework, WORKERS, recording(saved), initial,
                              kinds_allowed=(AssessmentKind.INTERIM, AssessmentKind.FINAL))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit assessment"
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == list(AssessmentKind)  # its own kept
    assert dialog.assessor.currentText() == "Former worker"
    assert dialog.rows[20].self_level.currentText() == "8 · Highly specialised"
    assert dialog.rows[0].note.text() == "n" and dialog.identified_needs.toPlainText() == "Needs"
    dialog.accept()
    assert saved == [initial.form()]


def test_only_the_allowed_kinds_are_offered_for_a_new_assessment(qtbot) -> None:
    dialog = AssessmentDialog(key_competences(), WORKERS, recording([]), kinds_allowed=(AssessmentKind.FINAL,))
    qtbot.addWidget(dialog)
    assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())] == ["Final"]


def test_a_refused_assessment_shows_each_error_under_its_field(qtbot) -> None:
    saved: list[AssessmentForm] = []
    refusal = {"assessed_on": "The date cannot be in the future.", "scores": "Give at least one level.",
               "goals": "Keep the goals under 4,000 characters."}
    dialog = AssessmentDialog(key_competences(), WORKERS, recording(saved, refusal))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result_value is None and len(saved) == 1
    assert [dialog.error_text(name) for name in refusal] == list(refusal.values())
    assert dialog.error_text("kind") == "" and dialog.general_error.isHidden()


def test_the_score_table_scrolls_for_a_long_framework_and_keeps_its_headings_over_their_columns(qtbot) -> None:
    dialog = AssessmentDialog(digcomp(), WORKERS, recording([]))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(1100, 700)
    qtbot.wait(10)
    area = dialog.table.area
    assert area.verticalScrollBar().maximum() > 0  # 21 rows and 5 area headings do not fit
    for heading, widget in zip(dialog.table.headings, dialog.table.rows[0].widgets(), strict=True):
        assert heading.mapTo(dialog, QPoint()).x() == widget.mapTo(dialog, QPoint()).x()


# ---- the self-assessment screen


def test_the_self_assessment_runs_from_the_keys_alone_and_fills_the_self_column(qtbot) -> None:
    framework = key_competences()
    dialog = AssessmentDialog(framework, WORKERS, recording([]), mentee_name="Sam")
    qtbot.addWidget(dialog)
    dialog.show()
    select_data(dialog.rows[7].self_level, 2)  # answered before: the screen starts from it
    select_data(dialog.rows[0].mentor_level, 4)
    qtbot.mouseClick(dialog.self_assessment_button, Qt.MouseButton.LeftButton)
    screen = dialog.self_screen
    assert screen.isVisible() and screen.prompt_label.text() == "Sam, which one is most like you?"
    assert screen.progress_text.text() == "1 of 8" and screen.level_buttons[1].isChecked() is False

    press(screen, Qt.Key.Key_3, Qt.Key.Key_Right)  # 1: Capable
    assert screen.progress_text.text() == "2 of 8" and screen.progress.value() == 2
    press(screen, Qt.Key.Key_1, Qt.Key.Key_Return)  # 2: Starting out
    press(screen, Qt.Key.Key_4, Qt.Key.Key_2, Qt.Key.Key_Enter)  # 3: changed its mind, Developing
    press(screen, Qt.Key.Key_Return)  # 4: skipped
    press(screen, Qt.Key.Key_4, Qt.Key.Key_Left)  # 5: Confident, then back to 4
    assert screen.index == 3
    press(screen, Qt.Key.Key_1, Qt.Key.Key_Right, Qt.Key.Key_Right)  # 4: Starting out; 5 keeps Confident
    press(screen, Qt.Key.Key_2, Qt.Key.Key_Right, Qt.Key.Key_Right)  # 6: Developing; 7 skipped
    assert screen.level_buttons[1].isChecked()  # 8: Developing from before
    press(screen, Qt.Key.Key_2, Qt.Key.Key_Return)  # the same key again takes the answer back
    assert screen.on_summary()
    assert [label.text() for label in screen.summary_choices] == [
        "Capable", "Starting out", "Developing", "Starting out", "Confident", "Developing", "Not answered",
        "Not answered"]
    press(screen, Qt.Key.Key_Return)  # Done

    assert screen.result() == screen.DialogCode.Accepted and not screen.isVisible()
    c = framework.competences
    assert screen.levels() == {c[0].id: 3, c[1].id: 1, c[2].id: 2, c[3].id: 1, c[4].id: 4, c[5].id: 2}
    assert [row.self_level.currentData() for row in dialog.rows] == [3, 1, 2, 1, 4, 2, None, None]
    assert dialog.rows[0].mentor_level.currentData() == 4  # the mentor's column is not touched


def test_enter_on_a_focused_level_moves_on_instead_of_pressing_it(qtbot) -> None:
    screen = SelfAssessmentScreen(key_competences())
    qtbot.addWidget(screen)
    screen.show()
    assert screen.focusWidget() is screen.level_buttons[0]
    press(screen, Qt.Key.Key_Return)
    assert screen.index == 1 and screen.levels() == {}


def test_the_summarys_change_goes_back_to_that_competence_and_then_straight_back_to_the_summary(qtbot) -> None:
    framework = key_competences()
    c = framework.competences
    screen = SelfAssessmentScreen(framework, {c[0].id: 1, c[2].id: 3})
    qtbot.addWidget(screen)
    screen.show()
    assert screen.level_buttons[0].isChecked()  # earlier answers are where the screen starts from
    screen.show_summary()
    assert screen.summary_choices[2].text() == "Capable"
    qtbot.mouseClick(screen.change_buttons[2], Qt.MouseButton.LeftButton)
    assert not screen.on_summary() and screen.index == 2 and screen.name_label.text() == c[2].name
    assert screen.level_buttons[2].isChecked() and screen.next_button.text() == "See my answers →"
    qtbot.mouseClick(screen.level_buttons[3], Qt.MouseButton.LeftButton)  # the mouse works as well as the keys
    press(screen, Qt.Key.Key_Return)
    assert screen.on_summary() and screen.summary_choices[2].text() == "Confident"
    press(screen, Qt.Key.Key_Left)  # the summary's Back: the last competence
    assert not screen.on_summary() and screen.index == 7
    assert screen.levels() == {c[0].id: 1, c[2].id: 4}


def test_escape_asks_before_closing_and_keeps_the_answers_when_told_no(qtbot, monkeypatch) -> None:
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[1]) or answers.pop(0))
    dialog = AssessmentDialog(key_competences(), WORKERS, recording([]))
    qtbot.addWidget(dialog)
    dialog.show()
    screen = dialog.open_self_assessment()
    press(screen, Qt.Key.Key_2, Qt.Key.Key_Escape)
    assert asked == ["Stop the self-assessment?"] and screen.isVisible()
    assert screen.levels() == {dialog.rows[0].competence.id: 2}
    press(screen, Qt.Key.Key_Escape)
    assert not screen.isVisible() and screen.result() == screen.DialogCode.Rejected
    assert dialog.rows[0].self_level.currentData() is None  # nothing taken from a closed screen


def test_digcomps_eight_levels_wrap_into_two_rows_and_keep_their_own_keys(qtbot) -> None:
    framework = digcomp()
    screen = SelfAssessmentScreen(framework)
    qtbot.addWidget(screen)
    screen.resize(1100, 760)
    screen.show()
    qtbot.wait(10)
    buttons = screen.level_buttons
    assert len({b.y() for b in buttons[:4]}) == 1 and buttons[4].y() > buttons[0].y() + buttons[0].height() // 2
    assert buttons[4].x() == buttons[0].x()
    assert buttons[7].accessibleName() == "8 · Highly specialised" and buttons[7].key_label.isHidden()
    assert screen.keys_hint.text().startswith("Keys: 1–8")
    press(screen, Qt.Key.Key_8, Qt.Key.Key_Right, Qt.Key.Key_9)  # there is no ninth level: nothing happens
    assert screen.levels() == {framework.competences[0].id: 8}


def test_the_level_buttons_use_the_palettes_highlight_when_chosen(qtbot) -> None:
    screen = SelfAssessmentScreen(key_competences())
    qtbot.addWidget(screen)
    screen.show()
    press(screen, Qt.Key.Key_2)
    chosen, other = screen.level_buttons[1], screen.level_buttons[0]
    assert other.accessibleName() == "Level 1: Starting out" and other.key_label.text() == "1"
    assert other.accessibleDescription() == KEY_COMPETENCE_LEVELS[0][1]
    assert chosen.title.foregroundRole() == QPalette.ColorRole.HighlightedText
    assert other.title.foregroundRole() == QPalette.ColorRole.Text
    assert chosen.title.font().pointSizeF() > screen.description_label.font().pointSizeF() > QApplication.font(
    ).pointSizeF()  # larger than the worker's dialogs, the level's name larger still


# ---- the learning plan


def test_a_new_activity_sends_every_field(qtbot) -> None:
    framework = digcomp()
    saved: list[ActivityForm] = []
    dialog = ActivityDialog(framework, recording(saved))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title, "Barista course")
    select_data(dialog.kind, ActivityKind.ONLINE_COURSE)
    select_data(dialog.format, ActivityFormat.BLENDED)
    qtbot.keyClicks(dialog.provider, "City college")
    dialog.start_date.set_value(date(2026, 4, 1))
    dialog.hours.setValue(12.5)
    select_data(dialog.status, ActivityStatus.IN_PROGRESS)
    for row in (20, 3):
        dialog.targets.item(row).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(dialog.outcome_note, "Going well")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    c = framework.competences
    assert saved == [ActivityForm("Barista course", ActivityKind.ONLINE_COURSE, ActivityFormat.BLENDED, "City college",
                                  date(2026, 4, 1), None, 12.5, ActivityStatus.IN_PROGRESS, (c[3].id, c[20].id),
                                  "Going well")]
    assert [type(v) for v in (saved[0].kind, saved[0].format, saved[0].status)] == [ActivityKind, ActivityFormat,
                                                                                    ActivityStatus]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_an_edited_activity_round_trips_and_zero_hours_means_not_set(qtbot) -> None:
    framework = key_competences()
    form = ActivityForm("Volunteering at the food bank", ActivityKind.VOLUNTEERING, ActivityFormat.IN_PERSON, "",
                        None, date(2026, 6, 30), None, ActivityStatus.PLANNED, (framework.competences[5].id,), "")
    saved: list[ActivityForm] = []
    dialog = ActivityDialog(framework, recording(saved), ActivityInfo(uuid.uuid4(), form))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit activity" and dialog.hours.text() == "Not set"
    assert dialog.target_ids() == (framework.competences[5].id,)
    dialog.accept()
    assert saved == [form]


def test_a_refused_activity_shows_errors_under_title_hours_and_end_date(qtbot) -> None:
    refusal = {"title": "Give the activity a title.", "end_date": "The end cannot be before the start.",
               "hours": "Hours must be more than zero.", "target_competence_ids": "Choose at least one."}
    dialog = ActivityDialog(key_competences(), recording([], refusal))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and [dialog.error_text(name) for name in refusal] == list(refusal.values())


def test_the_agreement_names_follow_the_chosen_mentor_until_typed_over(qtbot) -> None:
    saved: list[AgreementForm] = []
    dialog = AgreementDialog(recording(saved), "Sam Okafor", "Ana Ruiz", WORKERS, WORKERS[0][0])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.agreed_on.value() == date.today() and dialog.mentee_signatory.text() == "Sam Okafor"
    select_data(dialog.mentor, WORKERS[1][0])
    assert dialog.mentor_signatory.text() == "Tom Berg"
    dialog.mentor_signatory.clear()
    qtbot.keyClicks(dialog.mentor_signatory, "T. Berg")
    select_data(dialog.mentor, WORKERS[0][0])
    assert dialog.mentor_signatory.text() == "T. Berg"  # what was typed stays
    dialog.agreed_on.set_value(date(2026, 5, 4))
    qtbot.keyClicks(dialog.note, "Weekly on Tuesdays")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved == [AgreementForm(date(2026, 5, 4), "Sam Okafor", "T. Berg", WORKERS[0][0], "Weekly on Tuesdays")]


def test_a_refused_agreement_shows_the_error_under_the_young_persons_name(qtbot) -> None:
    dialog = AgreementDialog(recording([], {"mentee_signatory": "The young person's name is needed."}), "", "",
                             WORKERS)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.mentor.currentData() is None and dialog.mentor_signatory.text() == ""
    dialog.accept()
    assert dialog.error_text("mentee_signatory") == "The young person's name is needed."


# ---- validation


def test_a_new_outcome_needs_a_competence_and_a_level_before_save_is_asked(qtbot) -> None:
    saved: list[OutcomeForm] = []
    dialog = OutcomeDialog(key_competences(), WORKERS, recording(saved))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.competence.currentIndex() == -1 and dialog.level.currentIndex() == -1  # never chosen by default
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved == [] and dialog.isVisible()
    assert dialog.error_text("competence_id").startswith("Choose the competence")
    assert dialog.error_text("level").startswith("Choose the level")


def test_a_new_outcome_sends_every_field_and_the_files_chosen(qtbot, monkeypatch, tmp_path) -> None:
    framework = digcomp()
    files = [tmp_path / "cv.pdf", tmp_path / "photo.jpg"]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args: ([str(f) for f in files], ""))
    saved: list[OutcomeForm] = []
    dialog = OutcomeDialog(framework, WORKERS, recording(saved), default_assessor_id=WORKERS[1][0])
    qtbot.addWidget(dialog)
    dialog.show()
    select_data(dialog.competence, framework.competences[9].id)
    select_data(dialog.level, 3)
    qtbot.keyClicks(dialog.statement, "I can make a short video")
    select_data(dialog.method, ValidationMethod.SELF_DECLARATION)
    qtbot.keyClicks(dialog.evidence_description, "Her video")
    qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)  # the same files twice: listed once
    dialog.assessed_on.set_value(date(2026, 7, 1))
    select_data(dialog.phase, ValidationPhase.ASSESSED)
    assert dialog.phase_hint.text() == "An assessor has checked the evidence against the level."
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert saved == [OutcomeForm(framework.competences[9].id, 3, "I can make a short video",
                                 ValidationMethod.SELF_DECLARATION, "Her video", WORKERS[1][0], date(2026, 7, 1),
                                 ValidationPhase.ASSESSED, tuple(files), ())]
    assert type(saved[0].method) is ValidationMethod and type(saved[0].phase) is ValidationPhase


def test_an_edited_outcome_opens_removes_and_adds_evidence(qtbot, monkeypatch, tmp_path) -> None:
    framework = key_competences()
    kept, dropped = (EvidenceInfo(uuid.uuid4(), name, f"evidence/{name}", "0" * 64, 2048)
                     for name in ("cv.pdf", "old.jpg"))
    form = OutcomeForm(framework.competences[0].id, 2, "I can write a CV", ValidationMethod.PORTFOLIO, "CV",
                       WORKERS[0][0], date(2026, 2, 2), ValidationPhase.DOCUMENTED)
    opened: list[uuid.UUID] = []
    saved: list[OutcomeForm] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args: ([str(tmp_path / "new.png")], ""))
    dialog = OutcomeDialog(framework, WORKERS, recording(saved), OutcomeInfo(uuid.uuid4(), form, "Ana Ruiz",
                                                                             (kept, dropped)), open_file=opened.append)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Edit learning outcome" and dialog.files.count() == 2
    assert not dialog.open_file_button.isEnabled()
    dialog.files.setCurrentRow(0)
    qtbot.mouseClick(dialog.open_file_button, Qt.MouseButton.LeftButton)
    assert opened == [kept.id]
    dialog.files.setCurrentRow(1)
    qtbot.mouseClick(dialog.remove_file_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)
    dialog.files.setCurrentRow(1)  # a file not saved yet cannot be opened from the data folder
    assert not dialog.open_file_button.isEnabled()
    dialog.accept()
    assert saved == [replace(form, add_files=(tmp_path / "new.png",), remove_evidence_ids=(dropped.id,))]


def test_a_refused_outcome_shows_errors_under_statement_and_files(qtbot) -> None:
    framework = key_competences()
    refusal = {"statement": "Start the statement with “I can”.", "add_files": "cv.pdf cannot be read."}
    dialog = OutcomeDialog(framework, WORKERS, recording([], refusal))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.competence.setCurrentIndex(0)
    dialog.level.setCurrentIndex(0)
    dialog.accept()
    assert [dialog.error_text(name) for name in refusal] == list(refusal.values())


def test_every_phase_explains_itself_in_its_tooltip(qtbot) -> None:
    dialog = OutcomeDialog(key_competences(), WORKERS, recording([]))
    qtbot.addWidget(dialog)
    tips = [dialog.phase.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(dialog.phase.count())]
    assert tips == [phase_explanation(phase) for phase in ValidationPhase] and all(tips) and len(set(tips)) == 4
