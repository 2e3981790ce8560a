"""A dialog of labelled fields whose service errors appear under the field they concern.

Subclasses add fields and implement `submit()`, which calls a service and raises
ValidationError to refuse; the dialog stays open and keeps everything typed.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from mentordesk.services.errors import DomainError, ValidationError
from mentordesk.ui.style import ERROR_STYLE

log = logging.getLogger(__name__)


class FormDialog(QDialog):
    def __init__(self, title: str, save_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(600)  # service messages fit on one line; longer ones wrap and the dialog grows
        self.result_value: Any = None
        self._errors: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.general_error = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.general_error)
        self.layout_.addWidget(self.buttons)
        # Only a button already inside the dialog becomes its default, the one Return presses.
        self.save_button.setDefault(True)

    def add_field(self, name: str, label: str, widget: QWidget, form: QFormLayout | None = None) -> QWidget:
        """A labelled row with room for its error below; `form` places it in another column than the first."""
        form = form or self.form
        container = QWidget()
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = _error_label()
        column.addWidget(error)
        form.addRow(label, container)
        buddy = form.labelForField(container)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(widget.focusProxy() or widget)  # a label only focuses a widget that takes focus
        self._errors[name] = error
        self._widgets[name] = widget
        return widget

    def new_form(self) -> QFormLayout:
        """Another column of fields, laid out like the first."""
        form = QFormLayout()
        form.setLabelAlignment(self.form.labelAlignment())
        form.setFieldGrowthPolicy(self.form.fieldGrowthPolicy())
        return form

    def error_text(self, name: str) -> str:
        return self._errors.get(name, self.general_error).text()

    def submit(self) -> Any:
        raise NotImplementedError

    def accept(self) -> None:
        self.clear_errors()
        try:
            self.result_value = self.submit()
        except ValidationError as error:
            self.show_errors(error.errors)
            return
        except DomainError as error:
            self._show(self.general_error, str(error))
            return
        except Exception as error:  # a bug or a failing disk: say so, keep what was typed
            log.exception("saving %s failed", type(self).__name__)
            self._show(self.general_error, self.tr("This could not be saved: {reason}").format(reason=error))
            return
        super().accept()

    def clear_errors(self) -> None:
        for label in (*self._errors.values(), self.general_error):
            self._show(label, "")

    def show_errors(self, errors: dict[str, str]) -> None:
        stray = []
        for name, message in errors.items():
            if name in self._errors:
                self._show(self._errors[name], message)
            else:
                stray.append(message)
        if stray:
            self._show(self.general_error, " ".join(stray))
        self.adjustSize()  # room for the messages, which the form layout does not ask for by itself
        first = next((self._widgets[name] for name in errors if name in self._widgets), None)
        if first is not None:
            first.setFocus()

    @staticmethod
    def _show(label: QLabel, message: str) -> None:
        label.setText(message)
        label.setVisible(bool(message))


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label
