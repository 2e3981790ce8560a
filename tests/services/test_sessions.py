"""Logging sessions: validation, planned-to-held, editing, follow-ups, the list queries and the timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from mentordesk.db.models import AuditEvent, FollowUp, MentoringSession, SessionAttendance
from mentordesk.enums import Attendance, AuditAction, PathwayStep, Platform, SessionKind, SessionMode, SessionStatus
from mentordesk.services.errors import NotFoundError, ValidationError
from mentordesk.services.mentees import MenteeForm, MenteeService
from mentordesk.services.organisation import OrganisationService, ProgrammeForm, WorkerForm
from mentordesk.services.session_forms import FollowUpForm, Participant, SessionForm
from mentordesk.services.session_list import SessionColumn, SessionQuery
from mentordesk.services.sessions import SessionService, key_of

NOW = datetime(2026, 11, 24, 15, 30)
TODAY = NOW.date()


@pytest.fixture
def service(session_factory) -> SessionService:
    return SessionService(session_factory)


@pytest.fixture
def people(session_factory):
    """Two mentees (one enrolled), a mentor and a programme."""
    mentees = MenteeService(session_factory)
    organisation = OrganisationService(session_factory)
    mentor = organisation.save_worker(WorkerForm("Ana Nowak"))
    programme = organisation.save_programme(ProgrammeForm("Pathways", date(2026, 1, 1)))
    zoe = mentees.create(MenteeForm("Zoë", "Ødegård", date(2005, 3, 1)), today=TODAY)
    jan = mentees.create(MenteeForm("Jan", "Novák", date(2003, 7, 9)), today=TODAY)
    mentees.enrol(zoe.id, programme.id, mentor.id, date(2026, 2, 1), today=TODAY)
    return zoe, jan, mentor, programme


def held(*mentees, **changes) -> SessionForm:
    values = dict(participants=tuple(Participant(m.id) for m in mentees), session_date=TODAY - timedelta(days=1),
                  start_time=time(10, 0), duration_minutes=60, mode=SessionMode.IN_PERSON)
    values.update(changes)
    return SessionForm(**values)


def test_a_group_session_with_a_follow_up_is_saved_whole(service, people, session_factory) -> None:
    zoe, jan, mentor, programme = people
    form = held(zoe, jan, topics=("CV", " cv ", "Interview  practice"), notes="Practised\nanswers.",
                mentor_id=mentor.id, engagement=4,
                participants=(Participant(zoe.id), Participant(jan.id, Attendance.NO_SHOW)),
                follow_ups=(FollowUpForm("Send the CV to the bakery", TODAY + timedelta(days=3),
                                         mentee_id=jan.id),))
    saved = service.log(form, actor_id=mentor.id, now=NOW)
    assert saved.kind is SessionKind.GROUP
    assert saved.programme == "Pathways", "the first mentee's current programme is taken"
    assert saved.form.topics == ("CV", "Interview practice"), "topics are trimmed and de-duplicated"
    assert saved.form.notes == "Practised\nanswers."
    assert {(p.full_name, p.attendance) for p in saved.participants} == {
        ("Zoë Ødegård", Attendance.ATTENDED), ("Jan Novák", Attendance.NO_SHOW)}
    (follow_up,) = saved.follow_ups
    assert (follow_up.mentee_id, follow_up.owner_id) == (jan.id, mentor.id), "the mentor owns it by default"
    with session_factory() as session:
        events = session.scalars(select(AuditEvent.entity).where(AuditEvent.action == AuditAction.CREATE)).all()
        assert "mentoring_session" in events and "follow_up" in events
        assert "Practised" not in str(session.scalars(select(AuditEvent.fields)).all())


def test_every_rule_is_reported_at_once_and_nothing_is_saved(service, people, session_factory) -> None:
    zoe, *_ = people
    bad = held(zoe, session_date=TODAY + timedelta(days=1), duration_minutes=721, engagement=6,
               topics=tuple(f"t{i}" for i in range(13)),
               follow_ups=(FollowUpForm("  "),))
    with pytest.raises(ValidationError) as refused:
        service.log(bad, now=NOW)
    errors = refused.value.errors
    assert errors["session_date"] == "A held session cannot be in the future; plan it instead."
    assert "between 1 and 720 minutes" in errors["duration_minutes"]
    assert "1 to 5" in errors["engagement"]
    assert "At most 12 topics" in errors["topics"]
    assert errors["follow_up_0"] == "Follow-up 1: say what is to be done."
    assert "minutes" in service.check(held(zoe, duration_minutes=0), now=NOW)["duration_minutes"]
    assert "duration" in service.check(held(zoe, duration_minutes=None), now=NOW)["duration_minutes"]
    assert service.check(held(zoe, duration_minutes=1), now=NOW) == {}
    assert service.check(held(zoe, duration_minutes=720), now=NOW) == {}
    with session_factory() as session:
        assert session.scalar(select(MentoringSession.id)) is None


def test_who_took_part_is_checked(service, people) -> None:
    zoe, *_ = people
    assert service.check(held(), now=NOW) == {"participants": "Choose at least one mentee."}
    assert "twice" in service.check(held(zoe, zoe), now=NOW)["participants"]
    expected = held(participants=(Participant(zoe.id, Attendance.EXPECTED),))
    assert service.check(expected, now=NOW)["participants"].startswith("Say whether Zoë attended")
    stranger = held(participants=(Participant(zoe.id), Participant(__import__("uuid").uuid4())))
    assert "no longer exists" in service.check(stranger, now=NOW)["participants"]


def test_a_held_session_later_today_is_refused_but_earlier_today_is_fine(service, people) -> None:
    zoe, *_ = people
    later = held(zoe, session_date=TODAY, start_time=time(16, 0))
    assert "later today" in service.check(later, now=NOW)["start_time"]
    assert service.check(replace(later, start_time=time(15, 0)), now=NOW) == {}
    assert service.check(replace(later, start_time=None), now=NOW) == {}


def test_planned_sessions_lie_ahead_and_become_held(service, people) -> None:
    zoe, jan, *_ = people
    plan = held(zoe, jan, status=SessionStatus.PLANNED, session_date=TODAY + timedelta(days=2), engagement=5)
    assert "today or later" in service.check(replace(plan, session_date=TODAY - timedelta(days=1)),
                                             now=NOW)["session_date"]
    assert "up to" in service.check(replace(plan, session_date=TODAY + timedelta(days=800)),
                                    now=NOW)["session_date"]
    planned = service.log(plan, now=NOW)
    assert {p.attendance for p in planned.participants} == {Attendance.EXPECTED}
    assert planned.form.engagement is None, "engagement is rated only for held sessions"

    # Two days later the plan's day has passed; it can still be edited without moving it.
    later = NOW + timedelta(days=3)
    assert service.check(replace(planned.form, notes="Bring the form"), planned.id, now=later) == {}
    as_held = planned.form.recorded_as_held(later.date())
    assert as_held.status is SessionStatus.HELD
    assert {p.attendance for p in as_held.participants} == {Attendance.ATTENDED}
    done = service.update(planned.id, as_held, now=later)
    assert done.form.status is SessionStatus.HELD and done.form.session_date == plan.session_date

    # Recording a future plan now moves it to today.
    early = service.log(replace(plan, session_date=TODAY + timedelta(days=9)), now=NOW)
    assert early.form.recorded_as_held(TODAY).session_date == TODAY


def test_cancelled_sessions_mark_everyone_cancelled(service, people) -> None:
    zoe, jan, *_ = people
    cancelled = service.log(held(zoe, jan, status=SessionStatus.CANCELLED), now=NOW)
    assert {p.attendance for p in cancelled.participants} == {Attendance.CANCELLED}


def test_editing_replaces_attendance_and_follow_ups(service, people, session_factory) -> None:
    zoe, jan, mentor, _ = people
    first = service.log(held(zoe, mode=SessionMode.VIDEO_CALL, platform=Platform.ZOOM,
                             follow_ups=(FollowUpForm("Call the job centre"), FollowUpForm("Book a room"))),
                        now=NOW)
    keep, drop = first.follow_ups
    changed = replace(first.form, participants=(Participant(jan.id),), mode=SessionMode.IN_PERSON,
                      follow_ups=(replace(first.form.follow_ups[0], done=True, mentee_id=jan.id),
                                  FollowUpForm("New one", owner_id=mentor.id, mentee_id=jan.id)))
    edited = service.update(first.id, changed, now=NOW)
    assert [p.mentee_id for p in edited.participants] == [jan.id]
    assert edited.form.platform is None, "a meeting in person has no platform"
    texts = {f.text: f for f in edited.follow_ups}
    assert set(texts) == {"Call the job centre", "New one"}
    assert texts["Call the job centre"].id == keep.id and texts["Call the job centre"].done_at is not None
    with session_factory() as session:
        assert session.get(FollowUp, drop.id) is None
        fields = session.scalars(select(AuditEvent.fields).where(AuditEvent.entity == "mentoring_session",
                                                                 AuditEvent.action == AuditAction.UPDATE)).one()
        assert {"attendances", "mode", "platform"} <= set(fields)


def test_a_follow_up_must_belong_to_someone_present(service, people) -> None:
    zoe, jan, *_ = people
    wrong = held(zoe, follow_ups=(FollowUpForm("Call", mentee_id=jan.id, owner_id=__import__("uuid").uuid4()),))
    message = service.check(wrong, now=NOW)["follow_up_0"]
    assert "owner" in message and "session's mentees" in message


def test_delete_removes_the_session_with_its_attendance_and_follow_ups(service, people, session_factory) -> None:
    zoe, *_ = people
    saved = service.log(held(zoe, follow_ups=(FollowUpForm("x"),)), now=NOW)
    service.delete(saved.id)
    with session_factory() as session:
        assert session.scalar(select(SessionAttendance.session_id)) is None
        assert session.scalar(select(FollowUp.id)) is None
    with pytest.raises(NotFoundError):
        service.delete(saved.id)
    with pytest.raises(NotFoundError):
        service.get(saved.id)


def test_the_list_filters_and_sorts_in_sql(service, people) -> None:
    zoe, jan, mentor, _ = people
    old = service.log(held(zoe, session_date=date(2026, 9, 1), duration_minutes=30, step=PathwayStep.ASSESSMENT,
                           mentor_id=mentor.id), now=NOW)
    group = service.log(held(zoe, jan, session_date=date(2026, 11, 2), mode=SessionMode.CHAT,
                             participants=(Participant(zoe.id), Participant(jan.id, Attendance.NO_SHOW))), now=NOW)
    plan = service.log(held(jan, status=SessionStatus.PLANNED, session_date=TODAY + timedelta(days=1)), now=NOW)
    keys = lambda **q: service.search_ids(SessionQuery(**q))  # noqa: E731
    assert keys() == [key_of(plan.id), key_of(group.id), key_of(old.id)]
    assert keys(descending=False) == [key_of(old.id), key_of(group.id), key_of(plan.id)]
    assert keys(date_from=date(2026, 10, 1), date_to=TODAY) == [key_of(group.id)]
    assert keys(mentor_id=mentor.id) == [key_of(old.id)]
    assert keys(mentee_id=jan.id) == [key_of(plan.id), key_of(group.id)]
    assert keys(mode=SessionMode.CHAT) == [key_of(group.id)]
    assert keys(step=PathwayStep.ASSESSMENT) == [key_of(old.id)]
    assert keys(status=SessionStatus.PLANNED) == [key_of(plan.id)]
    assert keys(attendance=Attendance.NO_SHOW) == [key_of(group.id)]
    assert keys(attendance=Attendance.NO_SHOW, mentee_id=zoe.id) == []
    assert keys(sort=SessionColumn.DURATION, descending=False)[0] == key_of(old.id)
    assert keys(sort=SessionColumn.MENTOR) == [key_of(old.id), key_of(plan.id), key_of(group.id)], \
        "sessions without a mentor come last"
    assert service.count(SessionQuery(mentee_id=zoe.id)) == 2

    rows = service.rows([key_of(group.id), key_of(old.id)])
    row = rows[key_of(group.id)]
    assert (row.id, row.mentees, row.mentee_count, row.no_shows) == (group.id, "Jan Novák, Zoë Ødegård", 2, 1)
    assert rows[key_of(old.id)].mentor == "Ana Nowak"


def test_the_timeline_counts_hours_of_held_sessions_attended(service, people) -> None:
    zoe, jan, *_ = people
    service.log(held(zoe, session_date=date(2026, 10, 5), duration_minutes=45), now=NOW)
    service.log(held(zoe, session_date=date(2026, 10, 20), duration_minutes=30), now=NOW)
    service.log(held(zoe, jan, session_date=date(2026, 11, 2), duration_minutes=90,
                     participants=(Participant(zoe.id, Attendance.NO_SHOW), Participant(jan.id))), now=NOW)
    service.log(held(zoe, status=SessionStatus.PLANNED, session_date=TODAY + timedelta(days=7),
                     follow_ups=(FollowUpForm("Bring ID", TODAY),)), now=NOW)
    timeline = service.for_mentee(zoe.id)
    assert timeline.minutes_total == 75 and timeline.held == 2 and timeline.no_shows == 1
    assert timeline.minutes_by_month == ((date(2026, 10, 1), 75),)
    assert [e.status for e in timeline.entries][0] is SessionStatus.PLANNED, "newest first"
    assert timeline.entries[1].others == 1
    assert [f.text for f in timeline.follow_ups] == ["Bring ID"]
    assert service.for_mentee(jan.id).minutes_total == 90


def test_choices_and_known_topics(service, people) -> None:
    zoe, jan, *_ = people
    service.log(held(zoe, topics=("CV", "Housing")), now=NOW)
    service.log(held(jan, topics=("CV",)), now=NOW)
    assert service.known_topics() == ("CV", "Housing")
    choices = service.mentee_choices()
    assert [c.full_name for c in choices] == ["Jan Novák", "Zoë Ødegård"]
    assert "odegard" in choices[1].search_key
