"""The Today agenda: each section's boundaries, ordering, caps and scoping, on hand-built data."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from row_builder import RowBuilder

from mentordesk.db.models import (
    Enrolment,
    FollowUp,
    MenteeStatusChange,
    Organisation,
)
from mentordesk.enums import Attendance, MenteeStatus, SessionKind, SessionStatus
from mentordesk.services import today as today_module
from mentordesk.services.today import NO_CONTACT_LIMIT, TodayService

TODAY = date(2026, 11, 24)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


class Build(RowBuilder):
    """Active mentees (for 100 days) unless told otherwise, enrolments, contacts and loose follow-ups."""

    def mentee(self, first: str, last: str = "Horváth", status: MenteeStatus = MenteeStatus.ACTIVE,
               active_since: date | None = TODAY - timedelta(days=100)) -> uuid.UUID:
        mentee_id = super().mentee(first, last, status=status)
        if active_since is not None:
            self.activate(mentee_id, active_since)
        return mentee_id

    def activate(self, mentee_id: uuid.UUID, on: date) -> None:
        self._add(MenteeStatusChange(mentee_id=mentee_id, status=MenteeStatus.ACTIVE, changed_on=on))

    def enrol(self, mentee_id: uuid.UUID, programme_id: uuid.UUID, mentor_id: uuid.UUID | None,
              ended: date | None = None) -> None:
        self._add(Enrolment(mentee_id=mentee_id, programme_id=programme_id, mentor_id=mentor_id,
                            started_on=days(-150), ended_on=ended))

    def session(self, day: date, status: SessionStatus = SessionStatus.PLANNED, mentor: uuid.UUID | None = None,
                attendees: dict[uuid.UUID, Attendance] | None = None, start: time | None = None,
                kind: SessionKind = SessionKind.ONE_TO_ONE) -> uuid.UUID:
        return super().session(day, start, attendees=attendees, status=status, mentor_id=mentor, kind=kind)

    def contact(self, mentee_id: uuid.UUID, day: date, attendance: Attendance = Attendance.ATTENDED,
                status: SessionStatus = SessionStatus.HELD) -> uuid.UUID:
        return self.session(day, status, attendees={mentee_id: attendance})

    def follow_up(self, text: str, due: date | None, mentee: uuid.UUID | None = None,
                  owner: uuid.UUID | None = None, done: bool = False) -> uuid.UUID:
        follow_up = FollowUp(id=uuid.uuid4(), text=text, due_date=due, mentee_id=mentee, owner_id=owner,
                             done_at=datetime(2026, 11, 1, 9, tzinfo=UTC) if done else None)
        self._add(follow_up)
        return follow_up.id

    def organisation(self, inactivity_days: int) -> None:
        self._add(Organisation(name="Youth Hub", inactivity_days=inactivity_days))


@pytest.fixture
def build(session_factory) -> Build:
    return Build(session_factory)


@pytest.fixture
def service(session_factory) -> TodayService:
    return TodayService(session_factory)


# ---- sessions


def test_planned_sessions_today_and_the_six_days_after(build: Build, service: TodayService) -> None:
    zsofia, ana = build.mentee("Zsófia"), build.mentee("Ana", "Popescu")
    mentor = build.worker("Marta Nowak")
    late = build.session(TODAY, mentor=mentor, start=time(15), attendees={zsofia: Attendance.EXPECTED})
    early = build.session(TODAY, mentor=mentor, start=time(9, 30), kind=SessionKind.GROUP,
                          attendees={zsofia: Attendance.EXPECTED, ana: Attendance.EXPECTED})
    untimed = build.session(TODAY)
    tomorrow = build.session(days(1))
    day_six = build.session(days(6))
    build.session(days(7))  # next week
    build.session(days(-1))  # planned yesterday and never logged: not today's business
    build.session(TODAY, SessionStatus.HELD)
    build.session(TODAY, SessionStatus.CANCELLED)

    agenda = service.agenda(TODAY)

    assert [s.id for s in agenda.sessions_today] == [early, late, untimed], "by start time, untimed last"
    assert [s.id for s in agenda.sessions_this_week] == [tomorrow, day_six]
    assert (agenda.sessions_today_total, agenda.sessions_this_week_total) == (3, 2)
    first = agenda.sessions_today[0]
    assert (first.mentor_id, first.mentor, first.kind, first.start_time) == (mentor, "Marta Nowak",
                                                                             SessionKind.GROUP, time(9, 30))
    assert [(m.id, m.full_name) for m in first.mentees] == [(zsofia, "Zsófia Horváth"), (ana, "Ana Popescu")]
    assert first.mentees[0].reference_code == "MD-0001"


def test_a_mentee_who_called_off_is_not_listed_in_a_planned_session(build: Build, service: TodayService) -> None:
    coming, not_coming = build.mentee("Coming"), build.mentee("Cancelled")
    build.session(TODAY, kind=SessionKind.GROUP,
                  attendees={coming: Attendance.EXPECTED, not_coming: Attendance.CANCELLED})
    assert [m.id for m in service.agenda(TODAY).sessions_today[0].mentees] == [coming]


def test_long_lists_stop_at_the_limit_and_count_everything(build: Build, service: TodayService,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(today_module, "SECTION_LIMIT", 3)
    for hour in range(8, 13):
        build.session(days(2), start=time(hour))
    for n in range(4):
        build.follow_up(f"Overdue {n}", days(-1 - n))
    build.follow_up("Due", TODAY)

    agenda = service.agenda(TODAY)

    assert [s.start_time for s in agenda.sessions_this_week] == [time(8), time(9), time(10)]
    assert agenda.sessions_this_week_total == 5
    assert [f.text for f in agenda.follow_ups_overdue] == ["Overdue 3", "Overdue 2", "Overdue 1"]
    assert agenda.follow_ups_overdue_total == 4
    assert (len(agenda.follow_ups_due), agenda.follow_ups_due_total) == (1, 1)


# ---- follow-ups


def test_follow_ups_overdue_before_today_and_due_up_to_day_six(build: Build, service: TodayService) -> None:
    mentee = build.mentee("Ilona", "Kovács")
    owner = build.worker("Jonas Šimkus")
    yesterday = build.follow_up("Send the CV", days(-1), mentee, owner)
    long_ago = build.follow_up("Call the school", days(-40), mentee)
    due_today = build.follow_up("Book the room", TODAY)
    day_six = build.follow_up("Check the course", days(6), mentee)
    build.follow_up("Next week", days(7), mentee)
    build.follow_up("Already done", days(-3), mentee, done=True)
    build.follow_up("Whenever", None, mentee)

    agenda = service.agenda(TODAY)

    assert [f.id for f in agenda.follow_ups_overdue] == [long_ago, yesterday], "most overdue first"
    assert [f.id for f in agenda.follow_ups_due] == [due_today, day_six]
    sent = agenda.follow_ups_overdue[1]
    assert (sent.text, sent.due_date, sent.mentee_id, sent.mentee, sent.reference_code, sent.owner_id,
            sent.owner) == ("Send the CV", days(-1), mentee, "Ilona Kovács", "MD-0001", owner, "Jonas Šimkus")
    group_action = agenda.follow_ups_due[0]
    assert (group_action.mentee_id, group_action.mentee, group_action.owner) == (None, None, None)


# ---- mentees without contact


def test_no_contact_counts_attended_held_sessions_only(build: Build, service: TodayService) -> None:
    exactly = build.mentee("Exactly21")
    build.contact(exactly, days(-21))
    one_more = build.mentee("Day22")
    build.contact(one_more, days(-22))
    no_show = build.mentee("NoShow")
    build.contact(no_show, days(-30))
    build.contact(no_show, days(-2), Attendance.NO_SHOW)
    only_planned = build.mentee("OnlyPlanned")
    build.contact(only_planned, days(-40))
    build.contact(only_planned, days(-1), status=SessionStatus.PLANNED)
    build.contact(only_planned, days(-3), status=SessionStatus.CANCELLED)
    on_hold = build.mentee("OnHold", status=MenteeStatus.ON_HOLD)
    build.contact(on_hold, days(-60))
    recent = build.mentee("Recent")
    build.contact(recent, days(-60))
    build.contact(recent, days(-5))

    agenda = service.agenda(TODAY)

    assert agenda.inactivity_days == 21
    assert [(m.full_name, m.last_session, m.days_since) for m in agenda.no_contact] == [
        ("OnlyPlanned Horváth", days(-40), 40),
        ("NoShow Horváth", days(-30), 30),
        ("Day22 Horváth", days(-22), 22),
    ]
    assert agenda.no_contact_total == 3


def test_never_seen_mentees_are_flagged_once_active_longer_than_the_limit(build: Build,
                                                                           service: TodayService) -> None:
    build.mentee("Started21", active_since=days(-21))
    started22 = build.mentee("Started22", active_since=days(-22))
    back_from_break = build.mentee("Back", active_since=days(-300))
    build.contact(back_from_break, days(-90))
    build.activate(back_from_break, days(-3))  # the clock restarts on becoming active again
    build.mentee("Referred", status=MenteeStatus.REFERRED, active_since=None)

    agenda = service.agenda(TODAY)

    assert [(m.mentee_id, m.last_session, m.days_since) for m in agenda.no_contact] == [(started22, None, 22)]


def test_the_inactivity_limit_comes_from_the_organisation(build: Build, service: TodayService) -> None:
    build.organisation(inactivity_days=30)
    mentee = build.mentee("Marta")
    build.contact(mentee, days(-30))
    later = build.mentee("Ola")
    build.contact(later, days(-31))
    agenda = service.agenda(TODAY)
    assert agenda.inactivity_days == 30
    assert [m.mentee_id for m in agenda.no_contact] == [later]


def test_no_contact_shows_the_longest_fifty_and_counts_all(build: Build, service: TodayService) -> None:
    mentor = build.worker("Marta Nowak")
    programme = build.programme("Work Ready")
    for n in range(NO_CONTACT_LIMIT + 5):
        mentee = build.mentee(f"M{n:02d}")
        build.contact(mentee, days(-30 - n))
        build.enrol(mentee, programme, mentor)

    agenda = service.agenda(TODAY)

    assert agenda.no_contact_total == NO_CONTACT_LIMIT + 5
    assert len(agenda.no_contact) == NO_CONTACT_LIMIT
    assert [m.days_since for m in agenda.no_contact] == list(range(84, 34, -1)), "oldest first, the rest cut"
    assert agenda.no_contact[0].mentor == "Marta Nowak"


# ---- programmes


def test_programmes_ending_within_fourteen_days_with_current_enrolments(build: Build, service: TodayService) -> None:
    ends_today = build.programme("Ends today", TODAY)
    day_fourteen = build.programme("Day fourteen", days(14))
    build.programme("Day fifteen", days(15))
    build.programme("Ended yesterday", days(-1))
    build.programme("Archived", days(3), archived=True)
    build.programme("Open-ended")
    for n in range(3):
        build.enrol(build.mentee(f"E{n}"), ends_today, None, ended=days(-5) if n == 0 else None)

    agenda = service.agenda(TODAY)

    assert [(p.id, p.end_date, p.enrolled) for p in agenda.programmes_ending] == [
        (ends_today, TODAY, 2), (day_fourteen, days(14), 0)]
    assert agenda.programmes_ending[0].name == "Ends today"


# ---- one worker's agenda


def test_scoping_to_a_worker(build: Build, service: TodayService) -> None:
    mine, colleague, former = build.worker("Me"), build.worker("Colleague"), build.worker("Left", active=False)
    programme, other_programme = build.programme("Mine", days(10)), build.programme("Theirs", days(10))
    my_mentee, their_mentee, moved_on = build.mentee("Mine"), build.mentee("Theirs"), build.mentee("MovedOn")
    build.enrol(my_mentee, programme, mine)
    build.enrol(their_mentee, other_programme, colleague)
    build.enrol(their_mentee, programme, colleague)
    build.enrol(moved_on, programme, mine, ended=days(-10))
    for mentee in (my_mentee, their_mentee, moved_on):
        build.contact(mentee, days(-40))

    my_session = build.session(TODAY, mentor=mine, attendees={my_mentee: Attendance.EXPECTED})
    build.session(TODAY, mentor=colleague, attendees={their_mentee: Attendance.EXPECTED})
    build.session(days(1), mentor=colleague, attendees={my_mentee: Attendance.EXPECTED})  # a colleague's group

    owned = build.follow_up("Mine to do", days(-2), their_mentee, owner=mine)
    orphan = build.follow_up("Nobody's", days(-1), my_mentee)
    left_behind = build.follow_up("Owner left", TODAY, my_mentee, owner=former)
    build.follow_up("Colleague's, for my mentee", TODAY, my_mentee, owner=colleague)
    build.follow_up("Nobody's, their mentee", TODAY, their_mentee)

    agenda = service.agenda(TODAY, mine)

    assert [s.id for s in agenda.sessions_today] == [my_session] and agenda.sessions_this_week == ()
    assert [f.id for f in agenda.follow_ups_overdue] == [owned, orphan]
    assert [f.id for f in agenda.follow_ups_due] == [left_behind]
    assert [m.mentee_id for m in agenda.no_contact] == [my_mentee]
    assert [(p.id, p.enrolled) for p in agenda.programmes_ending] == [(programme, 1)]

    everyone = service.agenda(TODAY)
    assert len(everyone.sessions_today) == 2 and len(everyone.sessions_this_week) == 1
    assert everyone.follow_ups_overdue_total + everyone.follow_ups_due_total == 5
    assert everyone.no_contact_total == 3
    assert [(p.name, p.enrolled) for p in everyone.programmes_ending] == [("Mine", 2), ("Theirs", 1)]


def test_an_empty_database_has_an_empty_agenda(service: TodayService) -> None:
    agenda = service.agenda(TODAY, uuid.uuid4())
    assert agenda.inactivity_days == 21
    assert (agenda.sessions_today, agenda.follow_ups_overdue, agenda.no_contact, agenda.programmes_ending) == (
        (), (), (), ())
    assert agenda.no_contact_total == 0
