"""Labels: every value shown in the ui has one, and equal values of different enums keep their own."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import QLocale

from mentordesk.enums import Attendance, Gender, PathwayStep, Platform, SessionKind, SessionMode, SessionStatus
from mentordesk.ui.labels import format_minutes, format_time, label


@pytest.mark.parametrize("enum", [Attendance, Gender, PathwayStep, Platform, SessionKind, SessionMode, SessionStatus])
def test_every_member_has_a_label(enum) -> None:
    assert all(label(member) for member in enum)


def test_the_same_value_in_two_enums_keeps_its_own_label() -> None:
    assert "other" == Gender.OTHER == SessionMode.OTHER == Platform.OTHER
    assert (label(Gender.OTHER), label(SessionMode.OTHER), label(Platform.OTHER)) == ("Other", "Other",
                                                                                      "Other platform")


def test_durations_read_as_people_say_them() -> None:
    assert [format_minutes(m) for m in (45, 60, 90, 1530)] == ["45 min", "1 h", "1 h 30 min", "25 h 30 min"]



def test_times_of_day_as_the_locale_writes_them_to_the_minute() -> None:
    default = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    try:
        assert [format_time(value) for value in (None, time(9, 5), time(14, 5, 59))] == ["", "09:05", "14:05"]
    finally:
        QLocale.setDefault(default)
