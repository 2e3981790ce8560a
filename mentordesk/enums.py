"""The domain's closed vocabularies.

Shared by every layer (Qt-free, SQLAlchemy-free): the database stores the values, services
validate against them and the ui maps them to translated labels.
"""

from __future__ import annotations

from enum import StrEnum


class WorkerRole(StrEnum):
    COORDINATOR = "coordinator"
    MENTOR = "mentor"


class MenteeStatus(StrEnum):
    REFERRED = "referred"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    OTHER = "other"
    NOT_STATED = "not_stated"


class ConsentPurpose(StrEnum):
    PROCESSING = "processing"
    PHOTOS = "photos"
    FUNDER_SHARING = "funder_sharing"
    SOCIAL_MEDIA_CONTACT = "social_media_contact"


class ConsentAction(StrEnum):
    GIVEN = "given"
    WITHDRAWN = "withdrawn"


class ConsentGiver(StrEnum):
    SELF = "self"
    GUARDIAN = "guardian"


class ConsentMethod(StrEnum):
    PAPER_FORM = "paper_form"
    DIGITAL_FORM = "digital_form"
    VERBAL = "verbal"
    EMAIL = "email"


class SessionKind(StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class SessionMode(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO_CALL = "video_call"
    CHAT = "chat"
    SOCIAL_MEDIA_GROUP = "social_media_group"
    OTHER = "other"

    @property
    def is_online(self) -> bool:
        return self is not SessionMode.IN_PERSON


class Platform(StrEnum):
    FACEBOOK = "facebook"
    WHATSAPP = "whatsapp"
    INSTAGRAM = "instagram"
    LINKEDIN = "linkedin"
    ZOOM = "zoom"
    TEAMS = "teams"
    DISCORD = "discord"
    OTHER = "other"


class Attendance(StrEnum):
    EXPECTED = "expected"
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class PathwayStep(StrEnum):
    """The three Upskilling Pathways steps, plus general work outside them."""

    ASSESSMENT = "assessment"
    LEARNING_OFFER = "learning_offer"
    VALIDATION = "validation"
    GENERAL = "general"


class AssessmentKind(StrEnum):
    BASELINE = "baseline"
    INTERIM = "interim"
    FINAL = "final"


class ActivityKind(StrEnum):
    COURSE = "course"
    WORKSHOP = "workshop"
    ONLINE_COURSE = "online_course"
    WORK_PLACEMENT = "work_placement"
    VOLUNTEERING = "volunteering"
    MENTORING = "mentoring"
    OTHER = "other"


class ActivityFormat(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    BLENDED = "blended"


class ActivityStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DROPPED = "dropped"


class ValidationMethod(StrEnum):
    OBSERVATION = "observation"
    PORTFOLIO = "portfolio"
    INTERVIEW = "interview"
    TEST = "test"
    SELF_DECLARATION = "self_declaration"  # confirmed by the mentor


class ValidationPhase(StrEnum):
    """Cedefop's four phases of validating non-formal and informal learning."""

    IDENTIFIED = "identified"
    DOCUMENTED = "documented"
    ASSESSED = "assessed"
    CERTIFIED = "certified"


class CertificateKind(StrEnum):
    VALIDATION = "validation"
    PARTICIPATION = "participation"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    VIEW = "view"
    EXPORT = "export"
    IMPORT = "import"
    ISSUE = "issue"
    REVOKE = "revoke"
    ERASE = "erase"
    SIGN_IN = "sign_in"
