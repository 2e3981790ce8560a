"""Guard for PySide6 6.12.0 on CPython 3.11, whose void calls drain None's refcount until Python aborts.

pyproject.toml pins PySide6 below 6.12 on 3.11; this fails if an install ever slips past the pin.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QStringListModel, Qt


def test_ten_thousand_void_calls_leave_none_alone(qapp) -> None:
    model = QStringListModel(["a"])
    index = model.index(0, 0)
    obj = QObject()

    def void_calls(rounds: int) -> None:
        for _ in range(rounds):
            qapp.processEvents()
            obj.setObjectName("x")
            obj.property("missing")
            model.data(index, Qt.ItemDataRole.ToolTipRole)

    void_calls(10)  # first calls may create lasting references (caches); measure after them
    before = sys.getrefcount(None)
    void_calls(2_500)  # 10,000 calls
    # The bug drains one reference per call (-10,000 here); pytest's hooks may add a stray one.
    assert sys.getrefcount(None) - before >= 0, "Qt calls are draining None's reference count"
