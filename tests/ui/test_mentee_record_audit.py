"""Opening a mentee record writes one VIEW audit event; refreshing it, switching tabs or editing does not add
another VIEW."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from mentordesk.db.models import AuditEvent
from mentordesk.enums import AuditAction
from mentordesk.services.changes import ChangeKind, Changes


def _views(workspace) -> list[AuditEvent]:
    from sqlalchemy.orm import Session

    with Session(workspace._engine) as session:  # noqa: SLF001 (the test reads the trail directly)
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.VIEW)
                                    .order_by(AuditEvent.seq)))


def test_opening_a_record_is_recorded_once_per_opening(qtbot, workspace, tmp_path) -> None:
    from mentordesk.services.mentees import MenteeForm
    from mentordesk.services.organisation import WorkerForm
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.pages.mentee_record import MenteeRecordPage
    from mentordesk.ui.tasks import TaskRunner

    worker = workspace.organisation.save_worker(WorkerForm(full_name="Jonas Berger"))
    current = CurrentWorker(tmp_path / "settings.json")
    current.set(worker.id)
    mentee = workspace.mentees.create(MenteeForm("Amira", "Hadžić", date(2006, 5, 1)), confirmed=True)
    events = DataEvents()
    page = MenteeRecordPage(workspace.mentees, workspace.consent, workspace.organisation, workspace.personal_data,
                            TaskRunner(), current, events, sessions=workspace.sessions,
                            follow_ups=workspace.follow_ups, pathway=workspace.pathway)
    qtbot.addWidget(page)
    page.show()
    assert _views(workspace) == []

    page.show_mentee(mentee.id)
    views = _views(workspace)
    assert [(v.entity, v.entity_id, v.actor_id, v.fields) for v in views] == [("mentee", mentee.id, worker.id, [])]

    for index in range(page.tabs.count()):  # every tab shown, each loading what it shows
        page.tabs.setCurrentIndex(index)
    events.emit_changed(Changes.of(ChangeKind.MENTEES, ChangeKind.SESSIONS, ChangeKind.PATHWAY))
    page.reload()
    assert len(_views(workspace)) == 1, "refreshing an open record is not another opening"

    page.show_mentee(mentee.id)  # opened again, from the list
    assert len(_views(workspace)) == 2
