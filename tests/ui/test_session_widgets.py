"""The session dialog's parts: finding mentees, completing topics, follow-up rows."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mentordesk.enums import Attendance, MenteeStatus
from mentordesk.services.search_text import search_text_for
from mentordesk.services.sessions import MenteeChoice
from mentordesk.ui.widgets.follow_up_rows import FollowUpRows
from mentordesk.ui.widgets.mentee_picker import MenteePicker
from mentordesk.ui.widgets.topics_field import TopicsField


def choice(first: str, last: str, code: str) -> MenteeChoice:
    return MenteeChoice(uuid.uuid4(), code, f"{first} {last}", MenteeStatus.ACTIVE, search_text_for(first, last, code))


def test_the_picker_matches_every_word_without_accents_and_skips_those_chosen(qtbot) -> None:
    zoe, zofia, jan = choice("Zoë", "Ødegård", "MD-0001"), choice("Zofia", "Łęcka", "MD-0002"), \
        choice("Jan", "Novák", "MD-0003")
    picker = MenteePicker([zoe, zofia, jan])
    qtbot.addWidget(picker)
    assert [c.id for c in picker.matches("zo")] == [zoe.id, zofia.id]
    assert [c.id for c in picker.matches("ZO lec")] == [zofia.id]
    assert [c.id for c in picker.matches("md-0003")] == [jan.id]
    QTest.keyClicks(picker.search, "zo")
    QTest.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.mentee_ids() == [zoe.id] and picker.search.text() == ""
    assert [c.id for c in picker.matches("zo")] == [zofia.id], "someone chosen is not offered again"
    QTest.keyClicks(picker.search, "nobody")
    QTest.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.mentee_ids() == [zoe.id] and "Nobody" in picker.hint.text()
    picker.remove(zoe.id)
    assert picker.participants() == ()


def test_attendance_is_read_per_mentee(qtbot) -> None:
    zoe, jan = choice("Zoë", "Ødegård", "MD-0001"), choice("Jan", "Novák", "MD-0003")
    picker = MenteePicker([zoe, jan])
    qtbot.addWidget(picker)
    picker.add(zoe.id)
    picker.add(jan.id, Attendance.NO_SHOW)
    assert [p.attendance for p in picker.participants()] == [Attendance.ATTENDED, Attendance.NO_SHOW]


def test_topics_complete_the_tag_being_typed(qtbot) -> None:
    field = TopicsField(["housing", "CV", "health"])
    qtbot.addWidget(field)
    field.show()
    QTest.keyClicks(field, "CV, hou")
    assert field.completer_.completionCount() == 1 and field.completer_.currentCompletion() == "housing"
    field.completer_.activated[str].emit("housing")  # type: ignore[index]
    assert field.topics() == ("CV", "housing")


def test_follow_up_rows_leave_out_empty_ones_and_follow_the_participants(qtbot) -> None:
    owner, zoe, jan = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    present = [(zoe, "Zoë"), (jan, "Jan")]
    rows = FollowUpRows([(owner, "Ana")], owner, lambda: present)
    qtbot.addWidget(rows)
    rows.show()
    first, second = rows.add_row(), rows.add_row()
    first.text.setText("Call the job centre")
    first.mentee.setCurrentIndex(1)
    (form,) = rows.forms()
    assert (form.text, form.owner_id, form.mentee_id) == ("Call the job centre", owner, jan)
    assert first.mentee.isVisible(), "a group session asks for whom"
    present.pop()
    rows.participants_changed()
    assert rows.forms()[0].mentee_id == zoe and not first.mentee.isVisible()
    second.remove.click()
    assert len(rows.rows()) == 1
