"""Translated, human labels for the domain's values; the services speak in enum values."""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, QTime

from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    ActivityStatus,
    AssessmentKind,
    Attendance,
    ConsentAction,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    Gender,
    MenteeStatus,
    PathwayStep,
    Platform,
    SessionKind,
    SessionMode,
    SessionStatus,
    ValidationMethod,
    ValidationPhase,
    WorkerRole,
)
from mentordesk.services.consent import ConsentState

_CONTEXT = "Labels"
_LABELS: tuple[tuple[StrEnum, str], ...] = (
    (MenteeStatus.REFERRED, QT_TRANSLATE_NOOP("Labels", "Referred")),
    (MenteeStatus.ACTIVE, QT_TRANSLATE_NOOP("Labels", "Active")),
    (MenteeStatus.ON_HOLD, QT_TRANSLATE_NOOP("Labels", "On hold")),
    (MenteeStatus.COMPLETED, QT_TRANSLATE_NOOP("Labels", "Completed")),
    (MenteeStatus.WITHDRAWN, QT_TRANSLATE_NOOP("Labels", "Withdrawn")),
    (PathwayStep.ASSESSMENT, QT_TRANSLATE_NOOP("Labels", "1 · Assessment")),
    (PathwayStep.LEARNING_OFFER, QT_TRANSLATE_NOOP("Labels", "2 · Learning offer")),
    (PathwayStep.VALIDATION, QT_TRANSLATE_NOOP("Labels", "3 · Validation")),
    (PathwayStep.GENERAL, QT_TRANSLATE_NOOP("Labels", "General")),
    (ConsentState.VALID, QT_TRANSLATE_NOOP("Labels", "Given")),
    (ConsentState.MISSING, QT_TRANSLATE_NOOP("Labels", "Missing")),
    (ConsentState.WITHDRAWN, QT_TRANSLATE_NOOP("Labels", "Withdrawn")),
    (ConsentState.GUARDIAN_NEEDED, QT_TRANSLATE_NOOP("Labels", "Guardian needed")),
    (ConsentPurpose.PROCESSING, QT_TRANSLATE_NOOP("Labels", "Processing of personal data")),
    (ConsentPurpose.PHOTOS, QT_TRANSLATE_NOOP("Labels", "Photos")),
    (ConsentPurpose.FUNDER_SHARING, QT_TRANSLATE_NOOP("Labels", "Sharing with funders")),
    (ConsentPurpose.SOCIAL_MEDIA_CONTACT, QT_TRANSLATE_NOOP("Labels", "Contact through social media")),
    (ConsentAction.GIVEN, QT_TRANSLATE_NOOP("Labels", "Given")),
    (ConsentAction.WITHDRAWN, QT_TRANSLATE_NOOP("Labels", "Withdrawn")),
    (ConsentGiver.SELF, QT_TRANSLATE_NOOP("Labels", "The mentee")),
    (ConsentGiver.GUARDIAN, QT_TRANSLATE_NOOP("Labels", "A parent or guardian")),
    (ConsentMethod.PAPER_FORM, QT_TRANSLATE_NOOP("Labels", "Signed paper form")),
    (ConsentMethod.DIGITAL_FORM, QT_TRANSLATE_NOOP("Labels", "Digital form")),
    (ConsentMethod.VERBAL, QT_TRANSLATE_NOOP("Labels", "Spoken, noted by the worker")),
    (ConsentMethod.EMAIL, QT_TRANSLATE_NOOP("Labels", "Email")),
    (Gender.FEMALE, QT_TRANSLATE_NOOP("Labels", "Female")),
    (Gender.MALE, QT_TRANSLATE_NOOP("Labels", "Male")),
    (Gender.NON_BINARY, QT_TRANSLATE_NOOP("Labels", "Non-binary")),
    (Gender.OTHER, QT_TRANSLATE_NOOP("Labels", "Other")),
    (Gender.NOT_STATED, QT_TRANSLATE_NOOP("Labels", "Not stated")),
    (WorkerRole.COORDINATOR, QT_TRANSLATE_NOOP("Labels", "Coordinator")),
    (WorkerRole.MENTOR, QT_TRANSLATE_NOOP("Labels", "Mentor")),
    (SessionStatus.PLANNED, QT_TRANSLATE_NOOP("Labels", "Planned")),
    (SessionStatus.HELD, QT_TRANSLATE_NOOP("Labels", "Held")),
    (SessionStatus.CANCELLED, QT_TRANSLATE_NOOP("Labels", "Cancelled")),
    (SessionKind.ONE_TO_ONE, QT_TRANSLATE_NOOP("Labels", "One-to-one")),
    (SessionKind.GROUP, QT_TRANSLATE_NOOP("Labels", "Group")),
    (SessionMode.IN_PERSON, QT_TRANSLATE_NOOP("Labels", "In person")),
    (SessionMode.PHONE, QT_TRANSLATE_NOOP("Labels", "Phone")),
    (SessionMode.VIDEO_CALL, QT_TRANSLATE_NOOP("Labels", "Video call")),
    (SessionMode.CHAT, QT_TRANSLATE_NOOP("Labels", "Chat")),
    (SessionMode.SOCIAL_MEDIA_GROUP, QT_TRANSLATE_NOOP("Labels", "Social-media group")),
    (SessionMode.OTHER, QT_TRANSLATE_NOOP("Labels", "Other")),
    (Platform.FACEBOOK, QT_TRANSLATE_NOOP("Labels", "Facebook")),
    (Platform.WHATSAPP, QT_TRANSLATE_NOOP("Labels", "WhatsApp")),
    (Platform.INSTAGRAM, QT_TRANSLATE_NOOP("Labels", "Instagram")),
    (Platform.LINKEDIN, QT_TRANSLATE_NOOP("Labels", "LinkedIn")),
    (Platform.ZOOM, QT_TRANSLATE_NOOP("Labels", "Zoom")),
    (Platform.TEAMS, QT_TRANSLATE_NOOP("Labels", "Teams")),
    (Platform.DISCORD, QT_TRANSLATE_NOOP("Labels", "Discord")),
    (Platform.OTHER, QT_TRANSLATE_NOOP("Labels", "Other platform")),
    (Attendance.EXPECTED, QT_TRANSLATE_NOOP("Labels", "Expected")),
    (Attendance.ATTENDED, QT_TRANSLATE_NOOP("Labels", "Attended")),
    (Attendance.NO_SHOW, QT_TRANSLATE_NOOP("Labels", "No-show")),
    (Attendance.CANCELLED, QT_TRANSLATE_NOOP("Labels", "Cancelled")),
    (AssessmentKind.BASELINE, QT_TRANSLATE_NOOP("Labels", "Baseline")),
    (AssessmentKind.INTERIM, QT_TRANSLATE_NOOP("Labels", "Interim")),
    (AssessmentKind.FINAL, QT_TRANSLATE_NOOP("Labels", "Final")),
    (ActivityKind.COURSE, QT_TRANSLATE_NOOP("Labels", "Course")),
    (ActivityKind.WORKSHOP, QT_TRANSLATE_NOOP("Labels", "Workshop")),
    (ActivityKind.ONLINE_COURSE, QT_TRANSLATE_NOOP("Labels", "Online course")),
    (ActivityKind.WORK_PLACEMENT, QT_TRANSLATE_NOOP("Labels", "Work placement")),
    (ActivityKind.VOLUNTEERING, QT_TRANSLATE_NOOP("Labels", "Volunteering")),
    (ActivityKind.MENTORING, QT_TRANSLATE_NOOP("Labels", "Mentoring")),
    (ActivityKind.OTHER, QT_TRANSLATE_NOOP("Labels", "Other")),
    (ActivityFormat.IN_PERSON, QT_TRANSLATE_NOOP("Labels", "In person")),
    (ActivityFormat.ONLINE, QT_TRANSLATE_NOOP("Labels", "Online")),
    (ActivityFormat.BLENDED, QT_TRANSLATE_NOOP("Labels", "Blended")),
    (ActivityStatus.PLANNED, QT_TRANSLATE_NOOP("Labels", "Planned")),
    (ActivityStatus.IN_PROGRESS, QT_TRANSLATE_NOOP("Labels", "In progress")),
    (ActivityStatus.COMPLETED, QT_TRANSLATE_NOOP("Labels", "Completed")),
    (ActivityStatus.DROPPED, QT_TRANSLATE_NOOP("Labels", "Dropped")),
    (ValidationMethod.OBSERVATION, QT_TRANSLATE_NOOP("Labels", "Observation")),
    (ValidationMethod.PORTFOLIO, QT_TRANSLATE_NOOP("Labels", "Portfolio")),
    (ValidationMethod.INTERVIEW, QT_TRANSLATE_NOOP("Labels", "Interview")),
    (ValidationMethod.TEST, QT_TRANSLATE_NOOP("Labels", "Test")),
    (ValidationMethod.SELF_DECLARATION, QT_TRANSLATE_NOOP("Labels", "Self-declaration confirmed by the mentor")),
    (ValidationPhase.IDENTIFIED, QT_TRANSLATE_NOOP("Labels", "Identified")),
    (ValidationPhase.DOCUMENTED, QT_TRANSLATE_NOOP("Labels", "Documented")),
    (ValidationPhase.ASSESSED, QT_TRANSLATE_NOOP("Labels", "Assessed")),
    (ValidationPhase.CERTIFIED, QT_TRANSLATE_NOOP("Labels", "Certified")),
)


# Pairs, looked up by (enum, value): members of different enums with the same value ("other") are
# equal as strings, so a dict keyed by the members would give every "other" the last one's label.
_BY_KIND = {(type(member), member.value): text for member, text in _LABELS}


def label(value: StrEnum | None, empty: str = "") -> str:
    if value is None:
        return empty
    return QCoreApplication.translate(_CONTEXT, _BY_KIND[type(value), value.value])


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat)


def format_time(value: time | None) -> str:
    """A time of day as the locale writes it, to the minute."""
    if value is None:
        return ""
    return QLocale().toString(QTime(value.hour, value.minute), QLocale.FormatType.ShortFormat)


def format_minutes(minutes: int) -> str:
    """45 min, 2 h, 1 h 30 min: durations and hours as people say them."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return QCoreApplication.translate(_CONTEXT, "{minutes} min").format(minutes=rest)
    if not rest:
        return QCoreApplication.translate(_CONTEXT, "{hours} h").format(hours=QLocale().toString(hours))
    return QCoreApplication.translate(_CONTEXT, "{hours} h {minutes} min").format(
        hours=QLocale().toString(hours), minutes=rest)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
