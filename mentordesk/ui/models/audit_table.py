"""The audit trail as a lazy table model (see lazy_table.py): seqs in order from SQL, rows in blocks.

Keys are the events' seqs (ints); the list is always in the chain's order, newest first unless the
time column is clicked the other way. A record shows as its kind and the first digits of its id,
as the service gives it: never a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt

from mentordesk.enums import AuditAction
from mentordesk.services.audit_trail import AuditQuery, AuditRow, AuditSort, AuditTrailService
from mentordesk.ui.models.lazy_table import LazyTableModel

_CONTEXT = "AuditTableModel"


class AuditColumn(StrEnum):
    SEQ = "seq"
    TIME = "time"
    ACTION = "action"
    WORKER = "worker"
    RECORD = "record"
    FIELDS = "fields"


_HEADERS = {
    AuditColumn.SEQ: QT_TRANSLATE_NOOP("AuditTableModel", "Event"),
    AuditColumn.TIME: QT_TRANSLATE_NOOP("AuditTableModel", "Time (UTC)"),
    AuditColumn.ACTION: QT_TRANSLATE_NOOP("AuditTableModel", "Action"),
    AuditColumn.WORKER: QT_TRANSLATE_NOOP("AuditTableModel", "Worker"),
    AuditColumn.RECORD: QT_TRANSLATE_NOOP("AuditTableModel", "Record"),
    AuditColumn.FIELDS: QT_TRANSLATE_NOOP("AuditTableModel", "Fields"),
}

ACTION_LABELS = {
    AuditAction.CREATE: QT_TRANSLATE_NOOP("AuditTableModel", "Created"),
    AuditAction.UPDATE: QT_TRANSLATE_NOOP("AuditTableModel", "Changed"),
    AuditAction.DELETE: QT_TRANSLATE_NOOP("AuditTableModel", "Deleted"),
    AuditAction.VIEW: QT_TRANSLATE_NOOP("AuditTableModel", "Opened"),
    AuditAction.EXPORT: QT_TRANSLATE_NOOP("AuditTableModel", "Exported"),
    AuditAction.IMPORT: QT_TRANSLATE_NOOP("AuditTableModel", "Imported"),
    AuditAction.ISSUE: QT_TRANSLATE_NOOP("AuditTableModel", "Issued"),
    AuditAction.REVOKE: QT_TRANSLATE_NOOP("AuditTableModel", "Revoked"),
    AuditAction.ERASE: QT_TRANSLATE_NOOP("AuditTableModel", "Erased"),
    AuditAction.SIGN_IN: QT_TRANSLATE_NOOP("AuditTableModel", "Signed in"),
}

# The record kinds services write; an unknown one (a later version's) shows as its name in words.
ENTITY_LABELS = {
    "mentee": QT_TRANSLATE_NOOP("AuditTableModel", "Mentee"),
    "enrolment": QT_TRANSLATE_NOOP("AuditTableModel", "Enrolment"),
    "consent_record": QT_TRANSLATE_NOOP("AuditTableModel", "Consent"),
    "mentoring_session": QT_TRANSLATE_NOOP("AuditTableModel", "Session"),
    "follow_up": QT_TRANSLATE_NOOP("AuditTableModel", "Follow-up"),
    "assessment": QT_TRANSLATE_NOOP("AuditTableModel", "Assessment"),
    "learning_activity": QT_TRANSLATE_NOOP("AuditTableModel", "Learning activity"),
    "plan_agreement": QT_TRANSLATE_NOOP("AuditTableModel", "Plan agreement"),
    "learning_outcome": QT_TRANSLATE_NOOP("AuditTableModel", "Learning outcome"),
    "certificate": QT_TRANSLATE_NOOP("AuditTableModel", "Certificate"),
    "worker": QT_TRANSLATE_NOOP("AuditTableModel", "Worker"),
    "programme": QT_TRANSLATE_NOOP("AuditTableModel", "Programme"),
    "organisation": QT_TRANSLATE_NOOP("AuditTableModel", "Organisation"),
    "competence_framework": QT_TRANSLATE_NOOP("AuditTableModel", "Competence framework"),
    "trusted_key": QT_TRANSLATE_NOOP("AuditTableModel", "Trusted key"),
    "funder_report": QT_TRANSLATE_NOOP("AuditTableModel", "Funder report"),
    "audit_event": QT_TRANSLATE_NOOP("AuditTableModel", "Audit trail"),
}


def action_label(action: AuditAction) -> str:
    return QCoreApplication.translate(_CONTEXT, ACTION_LABELS.get(action, action.value))


def entity_label(entity: str) -> str:
    if entity in ENTITY_LABELS:
        return QCoreApplication.translate(_CONTEXT, ENTITY_LABELS[entity])
    return entity.replace("_", " ").capitalize()


class AuditTableModel(LazyTableModel[int, AuditRow, AuditQuery]):
    COLUMNS = tuple(AuditColumn)
    CONTEXT = _CONTEXT
    HEADERS = _HEADERS

    def __init__(self, service: AuditTrailService, parent: QObject | None = None) -> None:
        super().__init__(AuditQuery(), parent)
        self._service = service

    def fetch_keys(self, query: AuditQuery) -> list[int]:
        return self._service.search_seqs(query)

    def fetch_rows(self, keys: Sequence[int]) -> dict[int, AuditRow]:
        return self._service.rows(keys)

    def query_sort(self, column: AuditColumn) -> AuditSort | None:
        # The chain's order is the only one: the seq and the time columns both flip it.
        return AuditSort.SEQ if column in (AuditColumn.SEQ, AuditColumn.TIME) else None

    def sort_column(self) -> int:
        return self.COLUMNS.index(AuditColumn.TIME)

    def display(self, row: AuditRow, column: AuditColumn) -> str:
        if column is AuditColumn.SEQ:
            return f"{row.seq:,}"
        if column is AuditColumn.TIME:
            return row.occurred_at.strftime("%Y-%m-%d %H:%M:%S")
        if column is AuditColumn.ACTION:
            return action_label(row.action)
        if column is AuditColumn.WORKER:
            return row.actor or "—"
        if column is AuditColumn.RECORD:
            kind = entity_label(row.entity)
            return f"{kind} {row.short_id}" if row.short_id else kind
        return ", ".join(row.fields)

    def native(self, row: AuditRow, column: AuditColumn) -> Any:
        if column in (AuditColumn.SEQ, AuditColumn.TIME):
            return row.seq
        if column is AuditColumn.ACTION:
            return row.action.value
        if column is AuditColumn.RECORD:
            return row.entity, row.short_id
        if column is AuditColumn.FIELDS:
            return row.fields
        return row.actor

    def styled(self, row: AuditRow, column: AuditColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is AuditColumn.RECORD and row.entity_id is not None:
                return str(row.entity_id)
            if column is AuditColumn.SEQ:
                return QCoreApplication.translate(_CONTEXT, "Hash {hash}").format(hash=row.hash)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is AuditColumn.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
