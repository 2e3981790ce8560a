"""Issuing one certificate: the dialog's choices and preview (QtPdf), issuing, saving and printing, and the
mentee record's Certificates tab, on a real workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from certificate_scenario import Scenario, organisation
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel

from mentordesk.enums import CertificateKind
from mentordesk.services.certificates import CertificateQuery
from mentordesk.services.changes import ChangeKind
from mentordesk.services.errors import DomainError
from mentordesk.ui.dialogs.issue_certificate import IssueCertificateDialog
from mentordesk.ui.pdf_output import load_pdf


@pytest.fixture
def scenario(workspace) -> Scenario:
    return organisation(workspace)


def open_dialog(qtbot, scenario: Scenario, mentee_id, name: str = "Zoë Ødegård-Łukasiewicz",
                certificates=None) -> IssueCertificateDialog:
    dialog = IssueCertificateDialog(certificates or scenario.workspace.certificates, mentee_id, name, scenario.actor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def printed_to(monkeypatch, tmp_path: Path, accept: bool = True) -> Path:
    """The print dialog answers at once; when accepted, the printer writes a PDF file instead of printing."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    target = tmp_path / "printed.pdf"

    def exec_(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return target


def test_the_preview_loads_in_qtpdf_and_both_kinds_are_offered(qtbot, scenario: Scenario) -> None:
    mentee = scenario.mentee("Zoë", "Ødegård-Łukasiewicz")
    dialog = open_dialog(qtbot, scenario, mentee)
    assert dialog.kind() is CertificateKind.VALIDATION, "the certificate of what was learned comes first"
    assert all(button.isEnabled() for button in dialog.kind_buttons.values())
    assert not any(reason.isVisible() for reason in dialog.kind_reasons.values())
    assert dialog.language.currentData() == "en" and dialog.language.currentText() == "English"

    from PySide6.QtPdf import QPdfDocument

    document = dialog.preview.document
    assert document is not None and document.status() is QPdfDocument.Status.Ready
    assert document.pageCount() >= 1
    assert "Ødegård-Łukasiewicz" in document.getAllText(0).text(), "the preview shows the mentee, as entered"
    assert dialog.issue_button.isEnabled()
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()

    first = document
    dialog.kind_buttons[CertificateKind.PARTICIPATION].setChecked(True)
    assert dialog.preview.document is not first, "another kind, another preview"
    assert "participation" in dialog.preview.document.getAllText(0).text().casefold()
    assert scenario.workspace.certificates.register() == [], "a preview issues nothing"


def test_a_kind_the_mentee_cannot_have_yet_is_disabled_with_the_reason(qtbot, scenario: Scenario) -> None:
    mentee = scenario.mentee("Amira", "Hadzic", sessions=1, outcomes=0)
    dialog = open_dialog(qtbot, scenario, mentee, "Amira Hadzic")
    validation = dialog.kind_buttons[CertificateKind.VALIDATION]
    assert not validation.isEnabled()
    reason = dialog.kind_reasons[CertificateKind.VALIDATION]
    assert reason.isVisible() and reason.text() == scenario.workspace.certificates.eligibility(mentee).reason(
        CertificateKind.VALIDATION)
    assert dialog.kind() is CertificateKind.PARTICIPATION and dialog.preview.page_count() == 1


def test_a_mentee_with_nothing_to_certify_cannot_be_issued_anything(qtbot, scenario: Scenario) -> None:
    mentee = scenario.mentee("Jonas", "Müller", sessions=0, outcomes=0)
    dialog = open_dialog(qtbot, scenario, mentee, "Jonas Müller")
    assert dialog.kind() is None and not dialog.issue_button.isEnabled()
    assert all(not button.isEnabled() for button in dialog.kind_buttons.values())
    assert all(reason.isVisible() and reason.text() for reason in dialog.kind_reasons.values())
    assert dialog.preview.page_count() == 0 and dialog.preview.message.text()


def test_issue_records_the_certificate_then_saves_and_prints_the_signed_document(
        qtbot, monkeypatch, tmp_path: Path, scenario: Scenario) -> None:
    certificates = scenario.workspace.certificates
    mentee = scenario.mentee("Σταυρούλα", "Παπαδοπούλου")
    dialog = open_dialog(qtbot, scenario, mentee, "Σταυρούλα Παπαδοπούλου")
    with qtbot.waitSignal(dialog.issued) as issued_signal:
        dialog.issue_button.click()
    issued = issued_signal.args[0]
    [entry] = certificates.register()
    assert entry == issued.info and entry.holder == "Σταυρούλα Παπαδοπούλου"
    assert entry.kind is CertificateKind.VALIDATION
    assert entry.issued_by_id == scenario.actor
    assert dialog.result_value is issued
    assert not dialog.issue_button.isVisible() and dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    assert not any(button.isEnabled() for button in dialog.kind_buttons.values())
    assert issued.info.serial in dialog.state_label.text()
    shown = dialog.preview.document.getAllText(0).text()
    assert issued.info.serial in shown and "PREVIEW" not in shown, "the signed document replaced the preview"

    target = tmp_path / "zoe"  # no extension typed: .pdf is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    dialog.save_button.click()
    saved = target.with_name("zoe.pdf")
    assert saved.read_bytes() == issued.pdf == certificates.reprint(entry.id), "a re-print is the same document"
    assert str(saved) in dialog.state_label.text()
    assert certificates.verify_pdf(saved).valid

    printed = printed_to(monkeypatch, tmp_path)
    dialog.print_button.click()
    document = load_pdf(printed.read_bytes())
    assert document.pageCount() == 1, "every page drawn to the printer"

    with qtbot.waitSignal(dialog.accepted):
        dialog.close_dialog()  # Close after issuing counts as done


def test_a_refusal_while_issuing_is_shown_in_the_dialog(qtbot, scenario: Scenario) -> None:
    certificates = scenario.workspace.certificates

    class Refusing:
        def __getattr__(self, name: str):
            return getattr(certificates, name)

        def issue(self, *args, **kwargs):
            raise DomainError("The organisation's signing key changed while issuing; try again.")

    mentee = scenario.mentee("Léa", "Dubois")
    dialog = open_dialog(qtbot, scenario, mentee, "Léa Dubois", certificates=Refusing())
    dialog.issue_button.click()
    assert dialog.error_label.isVisible() and "try again" in dialog.error_label.text()
    assert dialog.result_value is None and dialog.issue_button.isEnabled() and dialog.isVisible()
    assert certificates.register() == []


# ---- the mentee record's Certificates tab


@pytest.fixture
def record(qtbot, tmp_path: Path, scenario: Scenario):
    from mentordesk.ui.current_worker import CurrentWorker
    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.pages.mentee_record import MenteeRecordPage
    from mentordesk.ui.tasks import TaskRunner

    workspace = scenario.workspace
    current = CurrentWorker(tmp_path / "settings.json")
    current.set(scenario.actor)
    page = MenteeRecordPage(workspace.mentees, workspace.consent, workspace.organisation, workspace.personal_data,
                            TaskRunner(), current, DataEvents(), sessions=workspace.sessions,
                            follow_ups=workspace.follow_ups, pathway=workspace.pathway,
                            certificates=workspace.certificates)
    qtbot.addWidget(page)
    page.resize(1180, 760)
    page.show()
    return page


def tab_serials(record) -> list[str]:
    tree = record.certificates_tab.list
    return [tree.topLevelItem(row).text(0) for row in range(tree.topLevelItemCount())]


def test_the_record_tab_lists_the_mentees_certificates_and_issues_from_the_dialog(
        qtbot, monkeypatch, tmp_path: Path, scenario: Scenario, record) -> None:
    certificates = scenario.workspace.certificates
    zoe = scenario.mentee("Zoë", "Ødegård-Łukasiewicz")
    other = scenario.mentee("Amira", "Hadzic")
    theirs = certificates.issue(other, CertificateKind.PARTICIPATION, "en", scenario.actor)
    record.show_mentee(zoe)
    record.tabs.setCurrentWidget(record.certificates_tab)
    tab = record.certificates_tab
    assert tab_serials(record) == [] and tab.empty_label.isVisible()
    assert not tab.view_button.isEnabled() and not tab.revoke_button.isEnabled()

    messages: list[str] = []
    record.status_message.connect(messages.append)
    tab.issue_button.click()
    dialog = record.certificate_actions.dialog
    assert isinstance(dialog, IssueCertificateDialog) and dialog.isVisible()
    assert dialog.preview.page_count() == 1
    with qtbot.waitSignal(record._events.changed) as changed:
        dialog.issue_button.click()
    assert changed.args[0].kinds == {ChangeKind.CERTIFICATES, ChangeKind.PATHWAY}, "its outcomes are certified now"
    mine = certificates.register(CertificateQuery(mentee_id=zoe))
    assert tab_serials(record) == [entry.serial for entry in mine] and theirs.info.serial not in tab_serials(record)
    assert messages == [f"Certificate {mine[0].serial} issued to Zoë Ødegård-Łukasiewicz."]
    assert tab.list.isVisible() and not tab.empty_label.isVisible()

    # Re-print from the tab: the same document.
    tab.select(0)
    assert tab.view_button.isEnabled() and tab.reprint_button.isEnabled() and tab.revoke_button.isEnabled()
    target = tmp_path / "again.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    tab.save_action.trigger()
    assert target.read_bytes() == certificates.reprint(mine[0].id)


def test_revoking_from_the_tab_asks_for_a_reason_and_shows_it(qtbot, monkeypatch, scenario: Scenario, record) -> None:
    from mentordesk.ui.dialogs.revoke_certificate import RevokeDialog

    certificates = scenario.workspace.certificates
    zoe = scenario.mentee("Zoë", "Ødegård-Łukasiewicz")
    issued = certificates.issue(zoe, CertificateKind.VALIDATION, "en", scenario.actor)
    record.show_mentee(zoe)
    record.tabs.setCurrentWidget(record.certificates_tab)
    tab = record.certificates_tab
    tab.select(0)
    tab.revoke_button.click()
    dialog = record.certificate_actions.dialog
    assert isinstance(dialog, RevokeDialog) and dialog.isVisible()
    assert any(issued.info.serial in label.text() for label in dialog.findChildren(QLabel)), "which one, said"
    assert not dialog.save_button.isEnabled(), "no reason, no revoking"
    dialog.accept()  # as if forced: still refused, under the field
    assert dialog.isVisible() and dialog.error_text("reason")
    assert certificates.get(issued.info.id).revoked_at is None

    dialog.reason.setPlainText("  Issued to the wrong person.  ")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    entry = certificates.get(issued.info.id)
    assert entry.revoked_at is not None and entry.revoke_reason == "Issued to the wrong person."
    item = tab.list.topLevelItem(0)
    assert item.text(4).startswith("Revoked") and "Issued to the wrong person." in item.toolTip(0)
    tab.select(0)
    assert not tab.revoke_button.isEnabled(), "revoked once, for good"
