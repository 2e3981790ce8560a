"""Add or edit a worker: errors under each field, nothing typed lost when the service refuses."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from mentordesk.enums import WorkerRole
from mentordesk.services.organisation import WorkerForm, WorkerInfo
from mentordesk.ui.labels import label
from mentordesk.ui.widgets.form_dialog import FormDialog

Save = Callable[[WorkerForm], WorkerInfo]  # raises ValidationError to refuse


class WorkerDialog(FormDialog):
    """`save` stores the form (a new worker, or the one being edited); `result_value` is the saved worker."""

    def __init__(self, save: Save, initial: WorkerForm | None = None, parent: QWidget | None = None) -> None:
        editing = initial is not None
        super().__init__(self.tr("Edit worker") if editing else self.tr("Add a worker"),
                         self.tr("Save") if editing else self.tr("Add worker"), parent)
        self._save = save
        self.full_name = self.add_field("full_name", self.tr("&Name:"), QLineEdit())
        self.full_name.setPlaceholderText(self.tr("e.g. Ana Nowak"))
        self.role = self.add_field("role", self.tr("&Role:"), QComboBox())
        for role in WorkerRole:
            self.role.addItem(label(role), role)
        self.job_title = self.add_field("job_title", self.tr("&Job title:"), QLineEdit())
        self.job_title.setPlaceholderText(self.tr("e.g. Youth worker (optional)"))
        self.email = self.add_field("email", self.tr("&Email:"), QLineEdit())
        self.email.setPlaceholderText(self.tr("name@example.org (optional)"))
        self.phone = self.add_field("phone", self.tr("P&hone:"), QLineEdit())
        self.phone.setPlaceholderText(self.tr("optional"))
        self.is_active = self.add_field("is_active", "", QCheckBox(self.tr("&Active: works with mentees now")))
        self._fill(initial or WorkerForm(""))
        self.full_name.setFocus()

    def _fill(self, form: WorkerForm) -> None:
        self.full_name.setText(form.full_name)
        self.role.setCurrentIndex(self.role.findData(form.role))
        self.job_title.setText(form.job_title)
        self.email.setText(form.email)
        self.phone.setText(form.phone)
        self.is_active.setChecked(form.is_active)

    def form_value(self) -> WorkerForm:
        return WorkerForm(
            full_name=self.full_name.text(), role=WorkerRole(self.role.currentData()), job_title=self.job_title.text(),
            email=self.email.text(), phone=self.phone.text(), is_active=self.is_active.isChecked(),
        )

    def submit(self) -> WorkerInfo:
        return self._save(self.form_value())

    def accept(self) -> None:
        super().accept()
        if not self.isHidden():  # refused: grow to fit wrapped messages, which a window's minimum size ignores
            self.resize(self.width(), max(self.height(), self.heightForWidth(self.width())))
