"""The command line: automation, tests and support. The GUI is the product.

Every command prints one clear sentence on bad input and exits non-zero; nothing here
shows a traceback (unexpected errors go to the log file).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from mentordesk import __version__

if TYPE_CHECKING:
    from mentordesk.config.paths import AppPaths
    from mentordesk.services.workspace import Workspace

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
PASSPHRASE_ENV = "MENTORDESK_PASSPHRASE"
MAX_DEMO_MENTEES = 100_000


# What `import KIND` and `export KIND` work on: the workspace's CSV service for that kind.
# Another kind is one more entry, e.g. "sessions": lambda workspace: workspace.session_csv.
_IMPORTERS: dict[str, Callable[[Workspace], Any]] = {
    "mentees": lambda workspace: workspace.mentee_csv,
}
_EXPORTERS: dict[str, Callable[[Workspace], Any]] = {
    "mentees": lambda workspace: workspace.mentee_csv,
    "sessions": lambda workspace: workspace.session_csv,
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sentence = message[:1].upper() + message[1:]
        self.exit(EXIT_USAGE, f"{self.prog}: {sentence.rstrip('.')}. Run '{self.prog} --help' for usage.\n")


def _int_between(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low:,} to {high:,}")
        return value

    return parse


def _iso_date(text: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mentordesk", description="MentorDesk: mentoring, pathways and certificates, offline.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="folder for the data (default: your user data folder; env MENTORDESK_DATA_DIR)")
    parser.add_argument("--database-url", metavar="URL",
                        help="any SQLAlchemy URL (default: mentordesk.db in the data folder; "
                             "env MENTORDESK_DATABASE_URL)")
    parser.add_argument("--worker", metavar="NAME",
                        help="who you are, when accounts have passwords (env MENTORDESK_WORKER); the password "
                             "comes from env MENTORDESK_PASSWORD or is asked for")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help="fill an empty caseload with realistic, fictional demo data")
    demo.add_argument("--mentees", type=_int_between(1, MAX_DEMO_MENTEES), default=200, metavar="N",
                      help="how many mentees (default 200; about 20 sessions each)")
    demo.add_argument("--seed", type=_int_between(0, 2**31 - 1), default=1, metavar="S",
                      help="random seed: the same seed gives the same data (default 1)")
    demo.set_defaults(handler=_demo)

    check = commands.add_parser("check", help="check the database's integrity and schema")
    check.set_defaults(handler=_check, needs_sign_in=False)  # integrity only: no personal data shown

    import_ = commands.add_parser("import", help="import records from a CSV file: all rows are checked first, "
                                                 "and nothing is imported if any is invalid")
    import_.add_argument("kind", choices=list(_IMPORTERS), help="what the file holds")
    import_.add_argument("file", type=Path, metavar="FILE.csv", help="UTF-8 (or UTF-16) CSV, as the export writes")
    import_.add_argument("--skip-invalid", action="store_true", help="import the valid rows and list the others")
    import_.set_defaults(handler=_import)

    export = commands.add_parser("export", help="export records to a CSV file that is safe to open in a spreadsheet")
    export.add_argument("kind", choices=list(_EXPORTERS), help="what to export")
    export.add_argument("file", type=Path, metavar="FILE.csv", help="the file to write (replaced if it exists)")
    export.set_defaults(handler=_export)

    certificate = commands.add_parser("certificate", help="issue a signed certificate to a mentee and write it as PDF")
    certificate.add_argument("--mentee", required=True, metavar="REF", help="the mentee's reference code, e.g. MD-0042")
    certificate.add_argument("--out", required=True, type=Path, metavar="FILE.pdf",
                             help="the file to write (replaced if it exists)")
    certificate.add_argument("--kind", choices=["validation", "participation"], default="validation",
                             help="validation (validated learning outcomes; the default) or participation")
    certificate.add_argument("--language", default="en", metavar="CODE",
                             help="the certificate's language (default en)")
    certificate.set_defaults(handler=_certificate)

    verify = commands.add_parser("verify", help="check a certificate offline: exit 0 only when it is valid")
    verify.add_argument("file", nargs="?", type=Path, metavar="FILE.pdf", help="the certificate PDF")
    verify.add_argument("--code", metavar="TEXT", help="the text of the certificate's QR code (MD1.…) instead")
    verify.set_defaults(handler=_verify, needs_sign_in=False)  # a certificate proves itself to anyone

    report = commands.add_parser("report", help="write the anonymised funder report for a period as PDF "
                                                "(groups smaller than 5 shown as 'fewer than 5')")
    report.add_argument("--out", required=True, type=Path, metavar="FILE.pdf",
                        help="the PDF to write (replaced if it exists)")
    report.add_argument("--from", dest="period_from", type=_iso_date, metavar="YYYY-MM-DD",
                        help="the period's first day (default: 12 months before its last)")
    report.add_argument("--to", dest="period_to", type=_iso_date, metavar="YYYY-MM-DD",
                        help="the period's last day (default: today)")
    report.add_argument("--csv", type=Path, metavar="FILE.csv", help="also write the same figures as CSV")
    report.set_defaults(handler=_report)

    _add_password_command(commands)
    _add_backup_commands(commands)
    _add_encryption_commands(commands)
    return parser


def _add_backup_commands(commands: Any) -> None:
    backup = commands.add_parser("backup", help="back the data up (SQLite backup API; sealed when the data is "
                                                "encrypted) and print where it went")
    backup.add_argument("--out", type=Path, metavar="FILE",
                        help="the file or folder to write (default: a dated file in the backups folder)")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser("restore", help="replace the data with a backup's, after showing what it holds; "
                                                  "the current data is backed up first")
    restore.add_argument("file", type=Path, metavar="FILE", help="a .db or .mdbackup file made by MentorDesk")
    restore.add_argument("--yes", action="store_true", help="restore without asking")
    restore.set_defaults(handler=_restore)

    unseal = commands.add_parser("unseal", help="open a sealed export (.mdsealed) of encrypted data with its "
                                                f"passphrase (env {PASSPHRASE_ENV}, or asked)")
    unseal.add_argument("file", type=Path, metavar="FILE.mdsealed", help="the sealed file")
    unseal.add_argument("--out", required=True, type=Path, metavar="PLAIN",
                        help="the file to write in the clear (replaced if it exists)")
    unseal.set_defaults(handler=_unseal, standalone=True)


def run_command(
    args: argparse.Namespace, paths: AppPaths, log_file: Path | None, out: TextIO | None = None
) -> int:
    from mentordesk.services.errors import DomainError

    try:
        if getattr(args, "standalone", False):  # a command that needs no data open (unseal)
            return args.handler(args, None, out or sys.stdout)
        workspace = _open_workspace(paths, args)
        try:
            if getattr(args, "needs_sign_in", True):
                sign_in(args, workspace)
            return args.handler(args, workspace, out or sys.stdout)
        finally:
            workspace.close()
    except DomainError as error:
        print(f"mentordesk: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("mentordesk: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: keep the details in the log, give the person one sentence
        log.exception("command %s failed", args.command)
        where = f" (details in {log_file})" if log_file else ""
        print(f"mentordesk: unexpected error: {error}{where}.", file=sys.stderr)
        return EXIT_FAILED


def _demo(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    from mentordesk.services.progress import Progress

    def report(done: int, total: int, message: str) -> None:
        if sys.stderr.isatty():
            print(f"\r{message} {done * 100 // max(total, 1)}%   ", end="", file=sys.stderr, flush=True)

    summary = workspace.demo.generate(mentees=args.mentees, seed=args.seed, progress=Progress(report=report))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Loaded demo data into {workspace.paths.location_label()}: {summary.mentees:,} mentees, "
        f"{summary.sessions:,} sessions, {summary.follow_ups:,} follow-ups, {summary.assessments:,} assessments, "
        f"{summary.outcomes:,} learning outcomes and {summary.certificates:,} certificates "
        f"in {summary.seconds:.1f} s.",
        file=out,
    )
    return EXIT_OK


def _check(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    from mentordesk.config.cloud_folders import cloud_warning

    report = workspace.health.check()
    print(f"Checked {workspace.paths.location_label()}: {', '.join(report.checks)}.", file=out)
    database = workspace.paths.database_file
    warning = cloud_warning(database.parent if database is not None else workspace.paths.data_dir)
    if warning:
        print(f"Warning: {warning}", file=out)
    if report.ok:
        print("All checks passed.", file=out)
        return EXIT_OK
    for problem in report.problems:
        print(f"Problem: {problem}", file=out)
    return EXIT_FAILED


def _records(count: int, kind: str) -> str:
    """ "1 mentee", "12 mentees": `kind` is the plural the command line uses."""
    return f"{count:,} {kind.removesuffix('s') if count == 1 else kind}"


def _import(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    from mentordesk.services.mentee_csv import ImportRefused

    service = _IMPORTERS[args.kind](workspace)
    try:
        result = service.import_file(args.file, skip_invalid=args.skip_invalid)
    except ImportRefused as refused:
        count = len(refused.problems)
        print(f"mentordesk: Nothing was imported: {count:,} {'problem' if count == 1 else 'problems'} in {args.file}.",
              file=sys.stderr)
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        return EXIT_FAILED
    summary = f"Imported {_records(result.imported, args.kind)}: {result.created:,} new, {result.updated:,} updated"
    if result.unchanged:
        summary += f", {result.unchanged:,} unchanged"
    print(f"{summary}.", file=out)
    if result.skipped:
        rows = "row" if result.skipped == 1 else "rows"
        print(f"mentordesk: Skipped {result.skipped:,} invalid {rows} in {args.file}:", file=sys.stderr)
        for problem in result.problems:
            print(problem, file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    service = _EXPORTERS[args.kind](workspace)
    written = service.export(args.file)
    target = service.file_for(args.file)
    sealed = " (sealed: the data is encrypted; open it with 'mentordesk unseal')" if target != args.file else ""
    print(f"Exported {_records(written, args.kind)} to {target}{sealed}.", file=out)
    return EXIT_OK


def _certificate(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    from mentordesk.enums import CertificateKind

    certificates = workspace.certificates
    mentee_id = certificates.mentee_by_reference(args.mentee)
    issued = certificates.issue(mentee_id, CertificateKind(args.kind), args.language, write_to=args.out)
    info = issued.info
    print(f"Issued {info.kind.value} certificate {info.serial} to {info.holder} and wrote it to {args.out}.", file=out)
    return EXIT_OK


def _verify(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    if (args.file is None) == (args.code is None):
        print("mentordesk: Give either a certificate PDF or --code with the text of its QR code.", file=sys.stderr)
        return EXIT_USAGE
    certificates = workspace.certificates
    verification = certificates.verify_pdf(args.file) if args.file else certificates.verify_token(args.code)
    if not verification.valid:
        print(f"mentordesk: Not valid: {verification.reason}", file=sys.stderr)
        return EXIT_FAILED
    seal = verification.seal
    assert seal is not None
    print(verification.reason, file=out)
    print(f"Holder: {seal.holder}", file=out)
    print(f"Serial: {seal.serial}", file=out)
    issuer = seal.organisation
    if verification.signed_by != issuer:
        issuer += f" (signed with the key of {verification.signed_by})"
    print(f"Issuer: {issuer}", file=out)
    print(f"Issued on: {seal.issued_on.isoformat()}", file=out)
    return EXIT_OK


def _report(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    from mentordesk.services.validation import years_before

    last = args.period_to or date.today()
    first = args.period_from or years_before(last, 1) + timedelta(days=1)  # the 12 months to `last`
    if last < first:
        print(f"mentordesk: The period cannot end ({last.isoformat()}) before it starts ({first.isoformat()}).",
              file=sys.stderr)
        return EXIT_USAGE
    report = workspace.dashboard.funder_report(first, last)
    workspace.dashboard.write_report_pdf(report, args.out)
    written = f"Wrote the funder report for {first.isoformat()} to {last.isoformat()} to {args.out}"
    if args.csv is not None:
        workspace.dashboard.export_report_csv(report, args.csv)
        written += f" and its figures to {args.csv}"
    print(f"{written}.", file=out)
    return EXIT_OK


# ---- who is working (when accounts have passwords)


def sign_in(args: argparse.Namespace, workspace: Workspace, default_worker: str | None = None) -> str | None:
    """Sign the workspace in as --worker / MENTORDESK_WORKER when accounts are on; DomainError otherwise.

    The password comes from MENTORDESK_PASSWORD, or a prompt when stdin is a terminal. A wrong one is
    counted as in the app, so guessing from a script slows down just the same. Returns the password
    that signed in (None while accounts are off).
    """
    from mentordesk.services.errors import DomainError

    accounts = workspace.accounts
    if not accounts.accounts_on():
        return None
    name = getattr(args, "worker", None) or os.environ.get("MENTORDESK_WORKER") or default_worker
    if not name:
        raise DomainError("Accounts have passwords here: say who you are with --worker NAME "
                          "(or MENTORDESK_WORKER).")
    worker_id = accounts.find_worker(name)
    password = _secret("MENTORDESK_PASSWORD", f"Password for {name}: ",
                       "Give the password in MENTORDESK_PASSWORD, or run the command in a terminal to type it.")
    accounts.sign_in(worker_id, password)
    return password


def _add_password_command(commands: Any) -> None:
    password = commands.add_parser(
        "password", help="set a worker's password (asked twice; or env MENTORDESK_NEW_PASSWORD); the first one "
                         "must be a coordinator's, later ones need a coordinator or the worker themself")
    password.add_argument("--worker", dest="target", required=True, metavar="NAME", help="whose password to set")
    password.set_defaults(handler=_password, needs_sign_in=False)  # signs in itself: see _password


def _password(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    from mentordesk.services.errors import DomainError

    accounts = workspace.accounts
    target = accounts.find_worker(args.target)
    # Who asks: the global --worker, else the worker whose password it is (changing their own).
    typed = sign_in(args, workspace, default_worker=args.target)
    current = typed if workspace.access.actor_id == target else None
    new = os.environ.get("MENTORDESK_NEW_PASSWORD")
    if new is None:
        if not sys.stdin.isatty():
            raise DomainError("Give the new password in MENTORDESK_NEW_PASSWORD, or run the command in a terminal "
                              "to type it.")
        import getpass

        new = getpass.getpass(f"New password for {args.target}: ")
        if getpass.getpass("The same password again: ") != new:
            raise DomainError("The two passwords differ; nothing was changed.")
    accounts.set_password(target, new, current_password=current)
    print(f"Set the password of {args.target}.", file=out)
    return EXIT_OK


# ---- backups


def _passphrase(prompt: str) -> str | None:
    """The passphrase from the environment, or asked for on a terminal; None when neither can give one."""
    from mentordesk.services.errors import DomainError

    try:
        return _secret(PASSPHRASE_ENV, prompt, "") or None
    except DomainError:
        return None


def _size(count: int) -> str:
    if count < 1024:
        return f"{count:,} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:,.1f} KB"
    return f"{count / (1024 * 1024):,.1f} MB"


def _backup(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    info = workspace.backups.back_up(args.out)
    sealed = " (encrypted)" if info.encrypted else ""
    print(f"Backed up {workspace.paths.location_label()} to {info.path}{sealed}, {_size(info.size)}.", file=out)
    return EXIT_OK


def _restore(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    from mentordesk.services.backups import PassphraseNeeded

    backups = workspace.backups
    passphrase = None
    try:
        preview = backups.preview(args.file)
    except PassphraseNeeded as needed:
        passphrase = _passphrase(f"Passphrase of {args.file.name}: ")
        if passphrase is None:
            print(f"mentordesk: {needed} Set {PASSPHRASE_ENV} or run this in a terminal.", file=sys.stderr)
            return EXIT_FAILED
        preview = backups.preview(args.file, passphrase)
    made = preview.created.astimezone().strftime("%Y-%m-%d %H:%M")
    print(f"{args.file} was made on {made} and holds {preview.mentees:,} mentees, {preview.sessions:,} sessions, "
          f"{preview.certificates:,} certificates and {preview.workers:,} workers.", file=out)
    if not args.yes:
        if not sys.stdin.isatty():
            print("mentordesk: Nothing was restored: add --yes to restore without being asked.", file=sys.stderr)
            return EXIT_FAILED
        answer = input(f"Replace the data in {workspace.paths.location_label()} with this backup? "
                       "The current data is backed up first. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was restored.", file=out)
            return EXIT_FAILED
    result = backups.restore(args.file, passphrase)
    print(f"Restored the data from {args.file}; the data as it was before is in {result.before.path}.", file=out)
    return EXIT_OK


def _unseal(args: argparse.Namespace, _workspace: None, out: TextIO) -> int:
    from mentordesk.config.files import atomic_write_stream
    from mentordesk.db.cipher import derive_key
    from mentordesk.services import sealed_files

    header = sealed_files.header_of(args.file)
    if header.purpose == sealed_files.BACKUP_PURPOSE:
        print(f"mentordesk: {args.file.name} is a backup: restore it with 'mentordesk restore'.", file=sys.stderr)
        return EXIT_FAILED
    passphrase = _passphrase(f"Passphrase of {args.file.name}: ")
    if passphrase is None:
        print(f"mentordesk: {args.file.name} needs its passphrase: set {PASSPHRASE_ENV} or run this in a terminal.",
              file=sys.stderr)
        return EXIT_FAILED
    key = derive_key(passphrase, header.kdf)
    try:
        with atomic_write_stream(args.out) as plain:
            sealed_files.unseal_path(args.file, key, plain)
    except FileNotFoundError:
        print(f"mentordesk: The folder {args.out.parent} does not exist.", file=sys.stderr)
        return EXIT_FAILED
    print(f"Unsealed {args.file} to {args.out}.", file=out)
    return EXIT_OK


# ---- encrypted data: the passphrase, and the commands that encrypt, rekey and print the recovery sheet

NEW_PASSPHRASE_ENV = "MENTORDESK_NEW_PASSPHRASE"


def _add_encryption_commands(commands: Any) -> None:
    encrypt = commands.add_parser("encrypt", help="encrypt the data with a passphrase (asked twice, or "
                                                  f"{PASSPHRASE_ENV}); a backup is made and checked first")
    encrypt.set_defaults(handler=_encrypt)
    passphrase = commands.add_parser("passphrase", help="change the passphrase of encrypted data (the new one "
                                                        f"asked twice, or {NEW_PASSPHRASE_ENV})")
    passphrase.set_defaults(handler=_change_passphrase)
    sheet = commands.add_parser("recovery-sheet", help="write the one-page recovery sheet (the recovery key that "
                                                       "opens encrypted data without the passphrase) as PDF")
    sheet.add_argument("--out", required=True, type=Path, metavar="FILE.pdf",
                       help="the PDF to write (replaced if it exists); print it and delete the file")
    sheet.set_defaults(handler=_recovery_sheet)


def _open_workspace(paths: AppPaths, args: argparse.Namespace) -> Workspace:
    """The workspace; encrypted data is opened with MENTORDESK_PASSPHRASE, or a passphrase typed in a terminal."""
    from mentordesk.services.encryption import PassphraseRequired
    from mentordesk.services.workspace import open_workspace

    try:
        return open_workspace(paths)
    except PassphraseRequired:
        args.opened_with_passphrase = _secret(PASSPHRASE_ENV, "Passphrase: ",
                                  f"This data is encrypted; set {PASSPHRASE_ENV} or run in a terminal.")
        return open_workspace(paths, passphrase=args.opened_with_passphrase)


def _secret(variable: str, prompt: str, refusal: str) -> str:
    from mentordesk.services.errors import DomainError

    given = os.environ.get(variable)
    if given:
        return given
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    raise DomainError(refusal)


def _new_passphrase(variable: str) -> tuple[str, str | None]:
    """A new passphrase, typed twice in a terminal, or once in `variable`: (passphrase, repeat or None)."""
    given = os.environ.get(variable)
    if given:
        return given, None
    first = _secret(variable, "New passphrase: ", f"Set {variable} to the new passphrase or run in a terminal.")
    from mentordesk.services.encryption import check_new_passphrase

    check_new_passphrase(first)  # say what is wrong before asking again
    return first, _secret(variable, "Repeat the new passphrase: ", "")


def _sealed_summary(result: Any) -> str:
    parts = []
    if result.sealed:
        parts.append(f"{_records(len(result.sealed), 'older backups')} put under the new key")
    if result.left:
        parts.append(f"{_records(len(result.left), 'backups')} could not be (see the log)")
    return f"; {' and '.join(parts)}" if parts else ""


def _encrypt(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    passphrase, repeat = _new_passphrase(PASSPHRASE_ENV)
    result = workspace.encryption.encrypt(passphrase, repeat)
    print(f"Encrypted {workspace.paths.location_label()}: {result.rows:,} rows in {result.tables} tables checked "
          f"before the swap{_sealed_summary(result)} ({result.seconds:.1f} s). Without the passphrase the data "
          f"cannot be opened: write a recovery sheet now with 'mentordesk recovery-sheet --out FILE.pdf'.", file=out)
    return EXIT_OK


def _change_passphrase(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    from mentordesk.services.errors import DomainError

    current = getattr(args, "opened_with_passphrase", None)
    if current is None:
        raise DomainError("The data is not encrypted; encrypt it with 'mentordesk encrypt'.")
    new, repeat = _new_passphrase(NEW_PASSPHRASE_ENV)
    result = workspace.encryption.change_passphrase(current, new, repeat)
    print(f"Changed the passphrase of {workspace.paths.location_label()}: {result.rows:,} rows checked under the "
          f"new key{_sealed_summary(result)} ({result.seconds:.1f} s). Earlier recovery sheets no longer open the "
          f"data: write a new one with 'mentordesk recovery-sheet --out FILE.pdf'.", file=out)
    return EXIT_OK


def _recovery_sheet(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    written = workspace.encryption.write_recovery_sheet(args.out)
    print(f"Wrote the recovery sheet to {written}. Print it, keep the paper locked away, and delete the file.",
          file=out)
    return EXIT_OK
