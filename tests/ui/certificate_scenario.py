"""An organisation with mentees who can receive certificates, built through the services as a worker would.

Imported as `certificate_scenario`: pytest puts each test folder (they are not packages) on sys.path.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentordesk.enums import SessionMode, ValidationMethod, ValidationPhase
from mentordesk.services.mentees import MenteeForm
from mentordesk.services.pathway_forms import OutcomeForm
from mentordesk.services.session_forms import Participant, SessionForm

ORGANISATION = "Jugendwerk Graz"


@dataclass
class Scenario:
    workspace: object
    actor: uuid.UUID
    programme_id: uuid.UUID
    mentees: dict[str, uuid.UUID] = field(default_factory=dict)  # full name -> id

    def mentee(self, first: str, last: str, *, sessions: int = 2, outcomes: int = 2,
               programme_id: uuid.UUID | None = None) -> uuid.UUID:
        """Enrolled 120 days ago; `sessions` held and attended (90 minutes each); `outcomes` assessed."""
        services = self.workspace
        today = date.today()
        created = services.mentees.create(MenteeForm(first, last, date(2006, 4, 3)), self.actor, confirmed=True)
        services.mentees.enrol(created.id, programme_id or self.programme_id, self.actor, today - timedelta(days=120),
                               self.actor)
        for number in range(sessions):
            services.sessions.log(SessionForm((Participant(created.id),), today - timedelta(days=100 - 10 * number),
                                              90, SessionMode.IN_PERSON), self.actor)
        competences = services.pathway.overview(created.id).framework.competences
        for competence in competences[:outcomes]:
            services.pathway.add_outcome(created.id, OutcomeForm(
                competence.id, 2, f"I can plan a small project with others ({competence.name}).",
                ValidationMethod.OBSERVATION, evidence_description="Seen at the youth exchange.",
                assessor_id=self.actor, assessed_on=today - timedelta(days=5), phase=ValidationPhase.ASSESSED),
                self.actor)
        self.mentees[f"{first} {last}"] = created.id
        return created.id


def organisation(workspace) -> Scenario:  # noqa: ANN001 (Workspace)
    """Set up as on first start, the signing key included."""
    result = workspace.setup.complete(ORGANISATION, "Jonas Berger", "Pathways 2026", keys=workspace.keys)
    return Scenario(workspace, result.worker_id, result.programme_id)
