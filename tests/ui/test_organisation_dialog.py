"""The organisation dialog sets the retention period (0 = none)."""

from __future__ import annotations

from mentordesk.services.organisation import OrganisationProfile
from mentordesk.ui.dialogs.organisation_dialog import OrganisationDialog


def test_the_retention_period_is_shown_and_saved(qtbot) -> None:
    saved: list[OrganisationProfile] = []

    def save(form: OrganisationProfile) -> OrganisationProfile:
        saved.append(form)
        return form

    dialog = OrganisationDialog(save, OrganisationProfile(name="Youth Centre", retention_months=60))
    qtbot.addWidget(dialog)
    assert dialog.retention_months.value() == 60
    dialog.retention_months.setValue(0)
    assert dialog.retention_months.text() == "No retention period"
    assert dialog.submit().retention_months is None
    dialog.retention_months.setValue(36)
    assert dialog.submit().retention_months == 36
    assert [form.retention_months for form in saved] == [None, 36]
