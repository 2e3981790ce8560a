"""The caseload as a lazy table model (see lazy_table.py): mentee ids in order from SQL, rows in blocks.

Every column sorts; ages, consent and the next follow-up are judged on the day of the last reload.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from mentordesk.services.consent import ConsentState
from mentordesk.services.mentees import PATHWAY_COMPLETE, MenteeColumn, MenteeQuery, MenteeRow, MenteeService
from mentordesk.ui.labels import format_date, label
from mentordesk.ui.models.lazy_table import LazyTableModel
from mentordesk.ui.style import ERROR_COLOUR

_HEADERS = {
    MenteeColumn.CODE: QT_TRANSLATE_NOOP("MenteeTableModel", "Code"),
    MenteeColumn.NAME: QT_TRANSLATE_NOOP("MenteeTableModel", "Name"),
    MenteeColumn.AGE: QT_TRANSLATE_NOOP("MenteeTableModel", "Age"),
    MenteeColumn.STATUS: QT_TRANSLATE_NOOP("MenteeTableModel", "Status"),
    MenteeColumn.MENTOR: QT_TRANSLATE_NOOP("MenteeTableModel", "Mentor"),
    MenteeColumn.PROGRAMME: QT_TRANSLATE_NOOP("MenteeTableModel", "Programme"),
    MenteeColumn.STEP: QT_TRANSLATE_NOOP("MenteeTableModel", "Pathway step"),
    MenteeColumn.LAST_SESSION: QT_TRANSLATE_NOOP("MenteeTableModel", "Last session"),
    MenteeColumn.NEXT_FOLLOW_UP: QT_TRANSLATE_NOOP("MenteeTableModel", "Next follow-up"),
    MenteeColumn.CONSENT: QT_TRANSLATE_NOOP("MenteeTableModel", "Consent"),
}
_ATTENTION = QColor(ERROR_COLOUR)


class MenteeTableModel(LazyTableModel[uuid.UUID, MenteeRow, MenteeQuery]):
    COLUMNS = tuple(MenteeColumn)
    CONTEXT = "MenteeTableModel"
    HEADERS = _HEADERS

    def __init__(self, mentees: MenteeService, parent: QObject | None = None) -> None:
        super().__init__(MenteeQuery(), parent)
        self._mentees = mentees

    def mentee_id(self, row: int) -> uuid.UUID:
        return self.id_at(row)

    # ---- the lazy table's parts

    def fetch_keys(self, query: MenteeQuery) -> list[uuid.UUID]:
        return self._mentees.search_ids(query, self._today)

    def fetch_rows(self, keys: Sequence[uuid.UUID]) -> dict[uuid.UUID, MenteeRow]:
        return self._mentees.rows(keys, self._today)

    def display(self, row: MenteeRow, column: MenteeColumn) -> str:
        return _display(row, column)

    def native(self, row: MenteeRow, column: MenteeColumn) -> Any:
        return _native(row, column)

    def styled(self, row: MenteeRow, column: MenteeColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            needs_attention = (column is MenteeColumn.CONSENT and row.consent is not ConsentState.VALID) or (
                column is MenteeColumn.NEXT_FOLLOW_UP and row.next_follow_up is not None
                and row.next_follow_up < self._today)
            return QBrush(_ATTENTION) if needs_attention else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column is MenteeColumn.AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column is MenteeColumn.CONSENT:
            return _consent_tip(row.consent)
        return None


def _display(row: MenteeRow, column: MenteeColumn) -> str:
    match column:
        case MenteeColumn.CODE:
            return row.reference_code
        case MenteeColumn.NAME:
            return row.full_name
        case MenteeColumn.AGE:
            return "" if row.age is None else str(row.age)
        case MenteeColumn.STATUS:
            return label(row.status)
        case MenteeColumn.MENTOR:
            return row.mentor or ""
        case MenteeColumn.PROGRAMME:
            return row.programme or ""
        case MenteeColumn.STEP:
            if row.step == PATHWAY_COMPLETE:
                return QCoreApplication.translate("MenteeTableModel", "Complete")
            return label(row.step, QCoreApplication.translate("MenteeTableModel", "Not started"))
        case MenteeColumn.LAST_SESSION:
            return format_date(row.last_session)
        case MenteeColumn.NEXT_FOLLOW_UP:
            return format_date(row.next_follow_up)
        case MenteeColumn.CONSENT:
            return ("✓ " if row.consent is ConsentState.VALID else "⚠ ") + label(row.consent)


def _native(row: MenteeRow, column: MenteeColumn) -> Any:
    return {
        MenteeColumn.CODE: row.reference_code,
        MenteeColumn.NAME: row.full_name,
        MenteeColumn.AGE: row.age,
        MenteeColumn.STATUS: row.status.value,
        MenteeColumn.MENTOR: row.mentor,
        MenteeColumn.PROGRAMME: row.programme,
        MenteeColumn.STEP: str(row.step) if row.step else None,
        MenteeColumn.LAST_SESSION: row.last_session,
        MenteeColumn.NEXT_FOLLOW_UP: row.next_follow_up,
        MenteeColumn.CONSENT: row.consent.value,
    }[column]


def _consent_tip(state: ConsentState) -> str:
    tips = {
        ConsentState.VALID: QT_TRANSLATE_NOOP("MenteeTableModel", "Consent to process personal data is recorded."),
        ConsentState.MISSING: QT_TRANSLATE_NOOP("MenteeTableModel",
                                                "No consent to process personal data is recorded yet."),
        ConsentState.WITHDRAWN: QT_TRANSLATE_NOOP("MenteeTableModel",
                                                  "Consent to process personal data was withdrawn."),
        ConsentState.GUARDIAN_NEEDED: QT_TRANSLATE_NOOP(
            "MenteeTableModel", "Under the digital-consent age: a parent or guardian must give consent."),
    }
    return QCoreApplication.translate("MenteeTableModel", tips[state])
