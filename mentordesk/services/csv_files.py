"""Files MentorDesk exports: CSV cells a spreadsheet cannot run, and files written whole or not at all.

Every CSV export is UTF-8 with a byte-order mark (so Excel shows diacritics), comma-separated,
CRLF line ends and quoted where needed (RFC 4180). A cell that a spreadsheet would run as a
formula (starting with = + - @, tab or carriage return: OWASP "CSV injection") gets a leading
apostrophe, and so does a value that already starts with apostrophes before such a character,
so that an import taking exactly one apostrophe off gets back the value that was exported.

`exported_file` is the one place that turns a failed write into a sentence for the person; the
calendar export uses it too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mentordesk.config.files import atomic_write, atomic_write_stream
from mentordesk.services.errors import DomainError

if TYPE_CHECKING:
    from mentordesk.db.cipher import DatabaseKey

_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")  # export: also values already starting with ' + such a character
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")  # import: take exactly one apostrophe off these


def neutralise(value: str) -> str:
    """A cell that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    return f"'{value}" if _NEEDS_QUOTE.match(value) else value


def unneutralise(cell: str) -> str:
    """The value `neutralise` was given: one apostrophe fewer where it added one."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def cell(value: object) -> str:
    """The text of one exported cell: empty for None, ISO dates, hours:minutes, neutralised text."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    return neutralise(str(value))


@contextmanager
def exported_file(target: Path, encoding: str = "utf-8", newline: str | None = None,
                  key: DatabaseKey | None = None) -> Iterator[TextIO]:
    """An atomic write (config/files.py) whose failures become one DomainError sentence each.

    With `key` (encrypted data) the text is sealed as it is written (services/sealed_files.py) into
    `target` + `.mdsealed`: an export of encrypted data never lands on disk in the clear.
    """
    directory = target.parent
    try:
        if key is None:
            with atomic_write(target, encoding=encoding, newline=newline) as handle:
                yield handle
        else:
            from mentordesk.services.sealed_files import EXPORT_PURPOSE, sealed_path, sealed_text

            with atomic_write_stream(sealed_path(target)) as out, \
                    sealed_text(out, key, EXPORT_PURPOSE, encoding=encoding, newline=newline) as handle:
                yield handle
    except FileNotFoundError:
        raise DomainError(f"The folder {directory} does not exist.") from None
    except PermissionError:
        raise DomainError(f"MentorDesk is not allowed to write in {directory}.") from None
    except OSError as error:
        raise DomainError(f"Cannot write {target}: {error.strerror or error}.") from None


def write_csv(target: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
              key: DatabaseKey | None = None) -> None:
    """The header and every row (consumed as it comes, so rows may be streamed), cells through `cell`;
    sealed into `target.mdsealed` with `key`."""
    with exported_file(target, encoding="utf-8-sig", newline="", key=key) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([cell(value) for value in row] for row in rows)
