"""The organisation's identity and rules: consent age, the mentees' age range, reference-code prefixes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from mentordesk.services.organisation import MAX_RETENTION_MONTHS, OrganisationProfile
from mentordesk.ui.widgets.form_dialog import FormDialog


class OrganisationDialog(FormDialog):
    def __init__(self, save: Callable[[OrganisationProfile], OrganisationProfile], initial: OrganisationProfile,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Organisation"), self.tr("Save"), parent)
        self._save = save
        self.name = self.add_field("name", self.tr("&Name:"), QLineEdit(initial.name))
        self.place = self.add_field("place", self.tr("&Place:"), QLineEdit(initial.place))
        self.place.setPlaceholderText(self.tr("Printed as the place of issue on certificates"))
        self.country_code = self.add_field("country_code", self.tr("C&ountry code:"), QLineEdit(initial.country_code))
        self.country_code.setMaxLength(2)
        self.country_code.setPlaceholderText(self.tr("e.g. IE, DE, PL"))
        self.signatory_name = self.add_field("signatory_name", self.tr("&Signatory:"),
                                             QLineEdit(initial.signatory_name))
        self.signatory_role = self.add_field("signatory_role", self.tr("Signatory's &role:"),
                                             QLineEdit(initial.signatory_role))
        self.consent_age = self.add_field("digital_consent_age", self.tr("Digital &consent age:"),
                                          _spin(13, 16, initial.digital_consent_age, self.tr(" years")))
        self.consent_age.setToolTip(self.tr("Below this age a parent or guardian gives consent (GDPR Art. 8; "
                                            "your country sets it from 13 to 16)."))
        self.min_age = self.add_field("min_mentee_age", self.tr("&Youngest mentee:"),
                                      _spin(0, 120, initial.min_mentee_age, self.tr(" years")))
        self.max_age = self.add_field("max_mentee_age", self.tr("&Oldest mentee:"),
                                      _spin(0, 120, initial.max_mentee_age, self.tr(" years")))
        self.inactivity_days = self.add_field("inactivity_days", self.tr("Flag &no contact after:"),
                                              _spin(1, 365, initial.inactivity_days, self.tr(" days")))
        self.mentee_prefix = self.add_field("mentee_code_prefix", self.tr("&Mentee code prefix:"),
                                            QLineEdit(initial.mentee_code_prefix))
        self.certificate_prefix = self.add_field("certificate_prefix", self.tr("Cer&tificate prefix:"),
                                                 QLineEdit(initial.certificate_prefix))
        # 0 shows as "No retention period": the records stay until erased by hand.
        self.retention_months = self.add_field("retention_months", self.tr("&Keep records for:"),
                                               _spin(0, MAX_RETENTION_MONTHS, initial.retention_months or 0,
                                                     self.tr(" months after the programme ends")))
        self.retention_months.setSpecialValueText(self.tr("No retention period"))
        self.retention_months.setToolTip(self.tr(
            "GDPR storage limitation: when this period has passed after all of a mentee's programmes ended, "
            "MentorDesk lists their records on start and offers to erase them."))

    def submit(self) -> OrganisationProfile:
        return self._save(OrganisationProfile(
            name=self.name.text(), place=self.place.text(), country_code=self.country_code.text(),
            signatory_name=self.signatory_name.text(), signatory_role=self.signatory_role.text(),
            digital_consent_age=self.consent_age.value(), min_mentee_age=self.min_age.value(),
            max_mentee_age=self.max_age.value(), inactivity_days=self.inactivity_days.value(),
            mentee_code_prefix=self.mentee_prefix.text(), certificate_prefix=self.certificate_prefix.text(),
            retention_months=self.retention_months.value() or None,
        ))


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin
