"""Every model of the domain; importing this package registers them all on `Base.metadata`."""

from mentordesk.db.models.competences import Competence, CompetenceFramework, ProficiencyLevel
from mentordesk.db.models.mentees import CaseNote, ConsentRecord, Mentee, MenteeStatusChange
from mentordesk.db.models.organisation import Organisation, TrustedKey, Worker
from mentordesk.db.models.pathway import (
    Assessment,
    AssessmentScore,
    EvidenceFile,
    LearningActivity,
    LearningOutcome,
    PlanAgreement,
    activity_competence,
)
from mentordesk.db.models.programmes import Enrolment, Programme
from mentordesk.db.models.records import AuditEvent, Certificate
from mentordesk.db.models.sessions import FollowUp, MentoringSession, SessionAttendance

__all__ = [
    "Assessment",
    "AssessmentScore",
    "AuditEvent",
    "CaseNote",
    "Certificate",
    "Competence",
    "CompetenceFramework",
    "ConsentRecord",
    "Enrolment",
    "EvidenceFile",
    "FollowUp",
    "LearningActivity",
    "LearningOutcome",
    "Mentee",
    "MenteeStatusChange",
    "MentoringSession",
    "Organisation",
    "PlanAgreement",
    "ProficiencyLevel",
    "Programme",
    "SessionAttendance",
    "TrustedKey",
    "Worker",
    "activity_competence",
]
