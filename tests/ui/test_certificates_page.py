"""The Certificates page on a real workspace: the register and its filters, re-print, revoke, Open Badge export,
verification, the batch in the background (finished and cancelled), and the signing-key box in Settings."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

import pytest
from certificate_scenario import Scenario, organisation
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton

from mentordesk.enums import CertificateKind
from mentordesk.services.changes import ChangeKind, Changes
from mentordesk.services.progress import Progress
from mentordesk.ui.current_worker import CurrentWorker
from mentordesk.ui.dialogs.batch_certificates import BatchCertificatesDialog
from mentordesk.ui.dialogs.revoke_certificate import RevokeDialog
from mentordesk.ui.dialogs.verify_certificate import VerifyCertificateDialog
from mentordesk.ui.events import DataEvents
from mentordesk.ui.models.certificate_table import CertificateColumn, CertificateTableModel
from mentordesk.ui.pages.certificates import CertificatesPage
from mentordesk.ui.tasks import TaskRunner

COLUMNS = CertificateTableModel.COLUMNS
TODAY = date.today()


@pytest.fixture
def scenario(workspace) -> Scenario:
    """Four certificates: Zoë two (validation, participation), Σταυρούλα one, Amira one, revoked."""
    scenario = organisation(workspace)
    certificates = workspace.certificates
    zoe = scenario.mentee("Zoë", "Ødegård-Łukasiewicz")
    stavroula = scenario.mentee("Σταυρούλα", "Παπαδοπούλου")
    amira = scenario.mentee("Amira", "Hadzic")
    for mentee, kind in ((zoe, CertificateKind.VALIDATION), (stavroula, CertificateKind.VALIDATION),
                         (amira, CertificateKind.VALIDATION), (zoe, CertificateKind.PARTICIPATION)):
        certificates.issue(mentee, kind, "en", scenario.actor)
    revoked = next(entry for entry in certificates.register() if entry.holder == "Amira Hadzic")
    certificates.revoke(revoked.id, "Issued to the wrong person.", scenario.actor)
    return scenario


@pytest.fixture
def events() -> DataEvents:
    return DataEvents()


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner()
    yield runner
    runner.wait_for_done()


@pytest.fixture
def page(qtbot, tmp_path: Path, scenario: Scenario, events: DataEvents, runner: TaskRunner) -> CertificatesPage:
    current = CurrentWorker(tmp_path / "settings.json")
    current.set(scenario.actor)
    page = CertificatesPage(scenario.workspace.certificates, scenario.workspace.organisation, runner, current, events)
    qtbot.addWidget(page)
    page.resize(1180, 640)
    page.show()
    return page


def column(page: CertificatesPage, which: CertificateColumn) -> list[str]:
    index = COLUMNS.index(which)
    return [page.proxy.index(row, index).data() for row in range(page.proxy.rowCount())]


def select_holder(page: CertificatesPage, holder: str, kind: CertificateKind = CertificateKind.VALIDATION):
    for row in range(page.proxy.rowCount()):
        info = page.proxy.info(row)
        if info.holder == holder and info.kind is kind:
            page.table.selectRow(row)
            return info
    raise AssertionError(f"{holder} is not listed")


def test_the_register_is_listed_newest_first_with_revocations_marked(qtbot, qtmodeltester, page) -> None:
    qtmodeltester.check(page.model)
    assert column(page, CertificateColumn.SERIAL) == [f"MD-{TODAY.year}-{n:06d}" for n in (4, 3, 2, 1)]
    assert column(page, CertificateColumn.HOLDER) == ["Zoë Ødegård-Łukasiewicz", "Amira Hadzic",
                                                      "Σταυρούλα Παπαδοπούλου", "Zoë Ødegård-Łukasiewicz"]
    assert column(page, CertificateColumn.KIND)[:2] == ["Participation certificate", "Validation certificate"]
    status = COLUMNS.index(CertificateColumn.STATUS)
    revoked = page.proxy.index(1, status)
    assert revoked.data().startswith("Revoked") and page.proxy.index(0, status).data() == "Valid"
    assert revoked.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert revoked.data(Qt.ItemDataRole.ToolTipRole) == "Revoked: Issued to the wrong person."
    assert page.count_label.text() == "Certificates shown: 4 of 4"
    assert page.stack.currentWidget() is page.table
    assert not page.view_button.isEnabled(), "nothing selected, nothing to act on"

    page.table.sortByColumn(COLUMNS.index(CertificateColumn.HOLDER), Qt.SortOrder.AscendingOrder)
    assert column(page, CertificateColumn.HOLDER)[0] == "Amira Hadzic"


def test_filters_by_text_programme_kind_status_and_period(qtbot, page, scenario: Scenario) -> None:
    qtbot.keyClicks(page.search, "zoe odegard")  # accents and case folded, as in the caseload
    page._apply()
    assert column(page, CertificateColumn.HOLDER) == ["Zoë Ødegård-Łukasiewicz"] * 2
    page.search.setText("MD-0002")  # the mentee's code finds their certificates too
    page._apply()
    assert column(page, CertificateColumn.HOLDER) == ["Σταυρούλα Παπαδοπούλου"]
    page.search.clear()

    page.kind_filter.setCurrentIndex(page.kind_filter.findData(CertificateKind.PARTICIPATION))
    assert column(page, CertificateColumn.SERIAL) == [f"MD-{TODAY.year}-000004"]
    page.kind_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(page.status_filter.findData(True))
    assert column(page, CertificateColumn.HOLDER) == ["Amira Hadzic"]
    page.status_filter.setCurrentIndex(page.status_filter.findData(False))
    assert len(column(page, CertificateColumn.HOLDER)) == 3
    page.status_filter.setCurrentIndex(0)

    assert [page.programme_filter.itemText(i) for i in range(page.programme_filter.count())] == [
        "Any programme", "Pathways 2026"]
    page.programme_filter.setCurrentIndex(1)
    assert page.proxy.rowCount() == 4
    page.programme_filter.setCurrentIndex(0)

    periods = [page.period_filter.itemText(i) for i in range(page.period_filter.count())]
    page.period_filter.setCurrentIndex(periods.index("This month"))
    assert page.proxy.rowCount() == 4
    page.period_filter.setCurrentIndex(periods.index("Last year"))
    assert page.proxy.rowCount() == 0 and page.count_label.text() == "Certificates shown: 0 of 4"


def test_the_page_follows_changes_and_keeps_the_selection(qtbot, page, scenario: Scenario, events) -> None:
    selected = select_holder(page, "Σταυρούλα Παπαδοπούλου")
    newcomer = scenario.mentee("Léa", "Dubois")
    scenario.workspace.certificates.issue(newcomer, CertificateKind.PARTICIPATION, "en", scenario.actor)
    events.emit_changed(Changes.of(ChangeKind.CERTIFICATES))
    assert column(page, CertificateColumn.HOLDER)[0] == "Léa Dubois"
    assert page.selected() is not None and page.selected().id == selected.id


def test_an_empty_register_says_how_to_issue_one(qtbot, tmp_path: Path, workspace, events, runner) -> None:
    organisation(workspace)
    page = CertificatesPage(workspace.certificates, workspace.organisation, runner,
                            CurrentWorker(tmp_path / "settings.json"), events)
    qtbot.addWidget(page)
    page.show()
    assert page.stack.currentWidget() is page.empty_state


def test_save_print_and_open_badge_give_the_issued_document(qtbot, monkeypatch, tmp_path: Path, page,
                                                            scenario: Scenario) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    certificates = scenario.workspace.certificates
    info = select_holder(page, "Zoë Ødegård-Łukasiewicz")
    messages: list[str] = []
    page.status_message.connect(messages.append)
    target = tmp_path / "zoe.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    page.save_button.click()
    assert target.read_bytes() == certificates.reprint(info.id)
    assert certificates.verify_pdf(target).valid
    assert messages[-1] == f"Certificate {info.serial} saved to {target}."

    printed = tmp_path / "printed.pdf"

    def exec_(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    page.print_button.click()
    assert printed.read_bytes().startswith(b"%PDF") and messages[-1].endswith("sent to the printer.")

    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    count = len(messages)
    page.print_button.click()
    assert len(messages) == count, "cancelled at the print dialog: nothing printed, nothing said"

    badge = tmp_path / "zoe-badge"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(badge), ""))
    page.badge_button.click()
    written = badge.with_suffix(".jwt")
    assert written.read_text(encoding="ascii").count(".") == 2, "a compact JWS, as Open Badges 3.0 files hold"
    assert messages[-1] == f"Certificate {info.serial} exported as an Open Badge to {written}."


def test_view_shows_the_certificate_and_open_mentee_asks_for_the_record(qtbot, page) -> None:
    from mentordesk.ui.dialogs.certificate_view import CertificateViewDialog

    info = select_holder(page, "Amira Hadzic")
    page.view_button.click()
    dialog = page.actions.dialog
    assert isinstance(dialog, CertificateViewDialog) and dialog.preview.page_count() == 1
    assert dialog.revoked_label.isVisible() and "Issued to the wrong person." in dialog.revoked_label.text()
    dialog.reject()
    with qtbot.waitSignal(page.open_mentee_requested) as opened:
        page.mentee_button.click()
    assert opened.args == [info.mentee_id]


def test_revoke_asks_for_a_reason_then_the_register_and_page_show_it(qtbot, page, scenario: Scenario) -> None:
    certificates = scenario.workspace.certificates
    info = select_holder(page, "Σταυρούλα Παπαδοπούλου")
    revoked = select_holder(page, "Amira Hadzic")
    assert not page.revoke_button.isEnabled(), "already revoked"
    assert revoked.revoked_at is not None
    select_holder(page, "Σταυρούλα Παπαδοπούλου")
    page.revoke_button.click()
    dialog = page.actions.dialog
    assert isinstance(dialog, RevokeDialog) and not dialog.save_button.isEnabled()
    dialog.reason.setPlainText("   ")
    dialog.accept()
    assert dialog.isVisible() and dialog.error_text("reason") == "Say why the certificate is revoked."
    assert certificates.get(info.id).revoked_at is None

    qtbot.keyClicks(dialog.reason, "An outcome was recorded in error.")
    dialog.save_button.click()
    assert certificates.get(info.id).revoke_reason == "An outcome was recorded in error."
    assert page.status_filter.currentIndex() == 0
    statuses = dict(zip(column(page, CertificateColumn.SERIAL), column(page, CertificateColumn.STATUS), strict=True))
    assert statuses[info.serial].startswith("Revoked")
    assert certificates.verify_pdf(certificates.reprint(info.id)).verdict.value == "revoked"


# ---- verification


def test_verify_shows_valid_and_not_valid_clearly(qtbot, monkeypatch, tmp_path: Path, page,
                                                  scenario: Scenario) -> None:
    from mentordesk.reports.certificate import read_certificate_pdf

    certificates = scenario.workspace.certificates
    page.verify_button.click()
    dialog = page.actions.dialog
    assert isinstance(dialog, VerifyCertificateDialog) and not dialog.result.isVisible()

    valid = next(e for e in certificates.register() if e.holder == "Σταυρούλα Παπαδοπούλου")
    pdf = tmp_path / "stavroula.pdf"
    pdf.write_bytes(certificates.reprint(valid.id))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(pdf), ""))
    dialog.open_button.click()
    assert dialog.verdict_label.text() == "✓ Valid" and dialog.result.isVisible()
    facts = dialog.fact_texts()
    assert facts["Holder:"] == "Σταυρούλα Παπαδοπούλου" and facts["Serial:"] == valid.serial
    assert facts["Issued by:"] == "Jugendwerk Graz" and facts["Programme:"] == "Pathways 2026"
    assert dialog.reason_label.text() == dialog.verification.reason

    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(pdf.read_bytes()[:2000])  # half a download
    dialog.verify_pdf(damaged)
    assert dialog.verdict_label.text() == "✗ Not valid" and dialog.reason_label.text()
    assert dialog.fact_texts() == {}

    revoked = next(e for e in certificates.register() if e.holder == "Amira Hadzic")
    token = read_certificate_pdf(certificates.reprint(revoked.id)).token
    dialog.code.setPlainText(f"\n  {token}  \n")  # pasted from a scanner app, with its line breaks
    assert dialog.check_button.isEnabled()
    dialog.check_button.click()
    assert dialog.verdict_label.text() == "✗ Not valid: revoked"
    assert "Issued to the wrong person." in dialog.reason_label.text()
    assert dialog.fact_texts()["Holder:"] == "Amira Hadzic", "a revoked certificate still says whose it was"

    dialog.code.setPlainText("MD1.bm90IGEgc2VhbA.c2ln")
    dialog.check_button.click()
    assert dialog.verdict_label.text() == "✗ Not valid" and dialog.fact_texts() == {}, "nothing unsigned is shown"

    # A PDF dropped on the dialog is checked as if opened.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    assert drop.isAccepted() and dialog.verdict_label.text() == "✓ Valid"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(tmp_path / "missing.pdf"), ""))
    dialog.open_button.click()
    assert dialog.verdict_label.text() == "✗ Not valid" and "missing.pdf" in dialog.reason_label.text()


# ---- issuing for a programme in the background


class GatedCertificates:
    """The real service, whose batch waits after its first certificate until the test lets it go on."""

    def __init__(self, certificates) -> None:
        self._certificates = certificates
        self.gate = threading.Event()

    def __getattr__(self, name: str):
        return getattr(self._certificates, name)

    def issue_batch(self, programme_id, kind, language, target_dir, actor_id=None, progress=None):
        gate = self.gate

        def report(done: int, total: int, message: str) -> None:
            progress.report(done, total, message)
            if done == 1:
                gate.wait(10)

        return self._certificates.issue_batch(programme_id, kind, language, target_dir, actor_id,
                                              Progress(report=report, cancelled=progress.cancelled))


def start_batch(qtbot, page: CertificatesPage, folder: Path, kind: CertificateKind) -> None:
    page.batch_button.click()
    dialog = page.actions.dialog
    assert isinstance(dialog, BatchCertificatesDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.folder.setText(str(folder))
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert page.actions.progress is not None and page.actions.progress.isVisible()


def test_batch_issues_for_every_eligible_mentee_in_the_background(qtbot, tmp_path: Path, page, scenario: Scenario,
                                                                   events) -> None:
    certificates = scenario.workspace.certificates
    for number in range(3):
        scenario.mentee("Mentee", f"Number {number}", outcomes=0)
    assert len(certificates.eligible_mentees(scenario.programme_id, CertificateKind.PARTICIPATION)) == 5

    page.batch_button.click()
    dialog = page.actions.dialog
    assert [dialog.programme.itemText(i) for i in range(dialog.programme.count())] == ["Pathways 2026"]
    dialog.kind.setCurrentIndex(dialog.kind.findData(CertificateKind.PARTICIPATION))
    assert ": 5." in dialog.count_label.text(), "Zoë holds one already; the other five are counted"
    dialog.kind.setCurrentIndex(dialog.kind.findData(CertificateKind.VALIDATION))
    assert ": 1." in dialog.count_label.text(), "only Amira, whose certificate was revoked, and has outcomes"
    dialog.folder.clear()
    dialog.accept()
    assert dialog.isVisible() and dialog.error_text("folder")
    dialog.reject()

    folder = tmp_path / "certificates"
    with qtbot.waitSignal(page.actions.batch_finished, timeout=30_000) as finished:
        start_batch(qtbot, page, folder, CertificateKind.PARTICIPATION)
    result = finished.args[0]
    assert len(result.issued) == 5 and not result.cancelled and result.skipped == ()
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{info.serial}.pdf" for info in result.issued)
    assert page.actions.progress is None
    summary = page.actions.summary
    assert summary is not None and summary.isVisible() and summary.text().startswith("Issued 5 certificates into")
    summary.close()
    assert page.proxy.rowCount() == 9, "the page refreshed from the change event"
    assert certificates.verify_pdf(next(folder.iterdir())).valid


def test_batch_can_be_cancelled_and_the_ui_stays_responsive(qtbot, tmp_path: Path, page, scenario: Scenario) -> None:
    certificates = scenario.workspace.certificates
    for number in range(4):
        scenario.mentee("Mentee", f"Number {number}", outcomes=0)
    gated = GatedCertificates(certificates)
    page.actions._certificates = gated
    folder = tmp_path / "certificates"
    start_batch(qtbot, page, folder, CertificateKind.PARTICIPATION)
    progress = page.actions.progress
    qtbot.waitUntil(lambda: progress.value() > 0, timeout=10_000)  # one certificate done; the worker waits
    # Meanwhile the window answers: searching filters the register at once.
    page.search.setText("Amira")
    page._apply()
    assert column(page, CertificateColumn.HOLDER) == ["Amira Hadzic"]
    page.search.clear()

    with qtbot.waitSignal(page.actions.batch_finished, timeout=30_000) as finished:
        progress.findChild(QPushButton).click()  # the dialog's Cancel button
        gated.gate.set()
    result = finished.args[0]
    assert result.cancelled and len(result.issued) == 2, "stopped between two certificates"
    assert len(list(folder.iterdir())) == 2
    assert page.actions.summary.text().startswith("Stopped. 2 certificates were issued before you cancelled")
    page.actions.summary.close()
    issued_now = {info.id for info in certificates.register()}
    assert {info.id for info in result.issued} <= issued_now


# ---- Settings: the signing key and partner keys


@pytest.fixture
def partner_key_file(tmp_path: Path, template_database: Path) -> Path:
    """Another organisation's exported public key, from its own data folder."""
    from mentordesk.config.paths import AppPaths
    from mentordesk.db.migrate import backup_sqlite
    from mentordesk.services.workspace import open_workspace

    data_dir = tmp_path / "partner"
    data_dir.mkdir()
    backup_sqlite(template_database, data_dir / "mentordesk.db")
    partner = open_workspace(AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}"))
    try:
        partner.setup.complete("Fundación Éxito Juvenil", "Ana López", "Camino", keys=partner.keys)
        return partner.keys.export_public(tmp_path / "partner-key.json")
    finally:
        partner.close()


@pytest.fixture
def settings(qtbot, tmp_path: Path, scenario: Scenario, events: DataEvents):
    from mentordesk.ui.pages.settings import SettingsPage

    workspace = scenario.workspace
    current = CurrentWorker(tmp_path / "settings.json")
    current.set(scenario.actor)
    page = SettingsPage(workspace.setup, workspace.overview, workspace.organisation, current,
                        workspace.paths.location_label(), workspace.paths.data_dir, events,
                        profile=workspace.profile, frameworks=workspace.frameworks, keys=workspace.keys)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    return page


def test_settings_shows_the_key_and_exports_imports_and_distrusts(qtbot, monkeypatch, tmp_path: Path, settings,
                                                                  scenario: Scenario, partner_key_file) -> None:
    keys = scenario.workspace.keys
    own = keys.own_key(create=False)
    assert settings.own_key_fingerprint.text() == own.fingerprint and settings.own_key_owner.text() == "Jugendwerk Graz"
    assert settings.own_key_fingerprint.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert settings.no_partner_keys.isVisible() and not settings.partner_keys_table.isVisible()
    assert not settings.distrust_key_button.isEnabled()

    exported = tmp_path / "our-key"  # no extension typed: .json is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(exported), ""))
    settings.export_key_button.click()
    document = json.loads(exported.with_suffix(".json").read_text(encoding="utf-8"))
    assert document["format"] == "mentordesk-public-key" and document["fingerprint"] == own.fingerprint
    assert own.fingerprint in settings.keys_note.text()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(partner_key_file), ""))
    settings.import_key_button.click()
    [partner] = [key for key in keys.trusted() if not key.is_own]
    assert partner.owner_name == "Fundación Éxito Juvenil" and partner.trusted
    table = settings.partner_keys_table
    assert table.isVisible() and table.rowCount() == 1 and table.item(0, 0).text() == "Fundación Éxito Juvenil"
    assert table.item(0, 1).text() == " ".join(partner.fingerprint.split()[:4]) + " …"
    assert partner.fingerprint in table.item(0, 1).toolTip()
    assert partner.fingerprint in settings.keys_note.text(), "the whole fingerprint, to compare by phone"

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: warnings.append(text))
    settings.import_key_button.click()
    assert warnings and "already trusted" in warnings[0]

    table.selectRow(0)
    assert settings.distrust_key_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    settings.distrust_key_button.click()
    assert keys.find(partner.key_id).trusted, "No keeps the trust"
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    settings.distrust_key_button.click()
    assert not keys.find(partner.key_id).trusted
    assert table.item(0, 2).text().startswith("no longer")
    table.selectRow(0)
    assert not settings.distrust_key_button.isEnabled()
