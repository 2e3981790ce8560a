from __future__ import annotations

from datetime import UTC, date, datetime

from mentordesk.db.models import FollowUp, Mentee, MentoringSession, SessionAttendance
from mentordesk.enums import MenteeStatus, SessionMode
from mentordesk.services.overview import DatabaseCounts, OverviewService


def test_counts_follow_the_data(session_factory) -> None:
    overview = OverviewService(session_factory)
    assert overview.counts() == DatabaseCounts(0, 0, 0, 0, 0, 0, 0)
    with session_factory.begin() as session:
        active = Mentee(reference_code="MD-0001", first_name="Ana", last_name="Popescu", status=MenteeStatus.ACTIVE)
        referred = Mentee(reference_code="MD-0002", first_name="Jonas", last_name="Šimkus")
        held = MentoringSession(session_date=date(2026, 3, 1), duration_minutes=60, mode=SessionMode.VIDEO_CALL)
        session.add_all([active, referred, held])
        session.flush()
        session.add_all([
            SessionAttendance(session_id=held.id, mentee_id=active.id),
            FollowUp(session_id=held.id, mentee_id=active.id, text="Send CV"),
            FollowUp(session_id=held.id, mentee_id=active.id, text="Call school", done_at=datetime.now(UTC)),
        ])
    counts = overview.counts()
    assert (counts.mentees, counts.active_mentees, counts.sessions, counts.open_follow_ups) == (2, 1, 1, 1)
