"""CSV import and export of mentees: all or nothing, every problem located, formulas defused, round trips exact."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import uuid
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mentordesk.db.models import AuditEvent, Mentee, MenteeStatusChange, Worker
from mentordesk.enums import (
    AuditAction,
    ConsentAction,
    ConsentMethod,
    ConsentPurpose,
    Gender,
    MenteeStatus,
)
from mentordesk.services.audit import verify_chain
from mentordesk.services.consent import ConsentEntry, ConsentService
from mentordesk.services.demo import DemoService
from mentordesk.services.errors import DomainError
from mentordesk.services.mentee_csv import (
    COLUMNS,
    IMPORT_REASON,
    ImportProblem,
    ImportRefused,
    MenteeCsvService,
    neutralise,
)
from mentordesk.services.mentees import MenteeForm, MenteeService
from mentordesk.services.validation import clean_text, one_line

TODAY = date(2026, 3, 15)
settings.register_profile("mentee_csv", deadline=None, max_examples=40,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def csv_bytes(rows: list[dict[str, str]], *, delimiter: str = ",", encoding: str = "utf-8",
              header: tuple[str, ...] = COLUMNS) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([row.get(name, "") for name in header] for row in rows)
    return buffer.getvalue().encode(encoding)


def person(first: str = "Zoë", last: str = "Nowak", birth: str = "2004-05-06", **more: str) -> dict[str, str]:
    return {"first_name": first, "last_name": last, "birth_date": birth, **more}


@pytest.fixture
def service(session_factory: sessionmaker[Session]) -> MenteeCsvService:
    return MenteeCsvService(session_factory)


@pytest.fixture
def mentees(session_factory: sessionmaker[Session]) -> MenteeService:
    return MenteeService(session_factory)


def _add(mentees: MenteeService, first: str = "Ana", last: str = "Horvat", birth: date = date(2003, 2, 1),
         **more: object) -> uuid.UUID:
    form = MenteeForm(first_name=first, last_name=last, birth_date=birth, **more)  # type: ignore[arg-type]
    return mentees.create(form, confirmed=True, today=TODAY).id


def _count(sessions: sessionmaker[Session], model: type = Mentee) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _where(problems: tuple[ImportProblem, ...]) -> list[tuple[int, str]]:
    return [(problem.line, problem.column) for problem in problems]


# ---- importing


def test_a_valid_file_creates_and_updates(service: MenteeCsvService, mentees: MenteeService,
                                          session_factory: sessionmaker[Session]) -> None:
    ana = _add(mentees)
    data = csv_bytes([
        {"reference_code": "MD-0001", "first_name": "Ana", "last_name": "Horvat", "birth_date": "2003-02-01",
         "email": "ana@example.org", "status": "withdrawn"},
        person(gender="Non-binary", languages="Polish, English", phone="+48 601 234 567"),
    ])
    preview = service.preview(data, today=TODAY)
    assert (preview.creates, preview.updates, preview.unchanged, preview.rows_total) == (1, 1, 0, 2)
    assert preview.errors == () and preview.warnings == ()

    with session_factory.begin() as session:
        worker = Worker(full_name="Mira Petrović")
        session.add(worker)
        session.flush()
        actor = worker.id
    result = service.import_file(data, actor_id=actor, today=TODAY)
    assert (result.created, result.updated, result.skipped, result.problems) == (1, 1, 0, ())

    updated = mentees.get(ana, today=TODAY)
    assert updated.form.email == "ana@example.org" and updated.status is MenteeStatus.WITHDRAWN
    assert updated.history[0].reason == IMPORT_REASON and updated.history[0].previous_status is MenteeStatus.REFERRED
    with session_factory() as session:
        new = session.scalars(select(Mentee).where(Mentee.reference_code == "MD-0002")).one()
        assert (new.first_name, new.gender, new.status, new.birth_date) == (
            "Zoë", Gender.NON_BINARY, MenteeStatus.REFERRED, date(2004, 5, 6))
        assert new.search_text == "zoe nowak md-0002"
        change = session.scalars(select(MenteeStatusChange).where(MenteeStatusChange.mentee_id == new.id)).one()
        assert (change.status, change.reason) == (MenteeStatus.REFERRED, IMPORT_REASON)
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.IMPORT)).all()
        assert {event.entity_id for event in events} == {ana, new.id}
        assert {tuple(event.fields) for event in events if event.entity_id == ana} == {("email", "status")}
        assert all(event.entity == "mentee" and event.actor_id == actor for event in events)
        assert verify_chain(session) is None


def test_one_bad_row_imports_nothing_and_every_error_is_located(service: MenteeCsvService,
                                                                 session_factory: sessionmaker[Session]) -> None:
    data = csv_bytes([
        person(languages="Polish\nEnglish\nSign language"),  # lines 2-4: one record over three lines
        person("", "Kowalski", "31.02.2008", email="not-an-email", gender="robot"),  # line 5
        person("Jan", "Novák", "2030-01-01", status="active"),  # line 6
        {"reference_code": "MD-9999", **person("Eva", "Svoboda")},  # line 7
    ])
    with pytest.raises(ImportRefused) as refused:
        service.import_file(data, today=TODAY)
    assert _where(refused.value.problems) == [
        (5, "first_name"), (5, "birth_date"), (5, "gender"), (5, "email"),
        (6, "birth_date"), (6, "status"),
        (7, "reference_code"),
    ]
    messages = {(problem.line, problem.column): problem.message for problem in refused.value.problems}
    assert messages[(6, "status")] == "A new mentee cannot be imported as active: record consent first."
    assert messages[(7, "reference_code")] == ("No mentee has the code MD-9999; leave the code empty to add a "
                                               "new mentee.")
    assert "DD.MM.YYYY" in messages[(5, "birth_date")] and "'robot'" in messages[(5, "gender")]
    assert str(refused.value) == "Nothing was imported: 7 problems in the file."
    assert str(refused.value.problems[0]) == "line 5, column first_name: The first name is required."
    assert _count(session_factory) == 0 and _count(session_factory, AuditEvent) == 0

    preview = service.preview(data, today=TODAY)
    assert preview.errors == refused.value.problems
    assert (preview.creates, preview.invalid_rows, preview.rows_total) == (1, 3, 4)


def test_skip_invalid_imports_the_valid_rows_and_reports_the_others(service: MenteeCsvService,
                                                                    session_factory: sessionmaker[Session]) -> None:
    data = csv_bytes([person(), person("", "Kowalski"), person("Jan", "Novák", "12/03/2007")])
    result = service.import_file(data, skip_invalid=True, today=TODAY)
    assert (result.created, result.updated, result.skipped) == (2, 0, 1)
    assert _where(result.problems) == [(3, "first_name")]
    with session_factory() as session:
        assert set(session.scalars(select(Mentee.birth_date))) == {date(2004, 5, 6), date(2007, 3, 12)}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])  # Python's utf-16 writes a BOM
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters(service: MenteeCsvService, session_factory: sessionmaker[Session],
                                  encoding: str, delimiter: str) -> None:
    data = csv_bytes([person("Łukasz", "Şahin", "06.05.2004", languages="Polish, Turkish; German")],
                     delimiter=delimiter, encoding=encoding)
    result = service.import_file(data, today=TODAY)
    assert result.created == 1
    with session_factory() as session:
        assert session.execute(select(Mentee.first_name, Mentee.last_name, Mentee.languages)).one() == (
            "Łukasz", "Şahin", "Polish, Turkish; German")


def test_an_undecodable_line_is_one_clear_error(service: MenteeCsvService) -> None:
    data = csv_bytes([person("Ana"), person("Zoë")], encoding="cp1252")
    preview = service.preview(data, today=TODAY)
    assert not preview.readable and len(preview.errors) == 1
    problem = preview.errors[0]
    assert (problem.line, problem.column) == (3, "")
    assert problem.message.startswith("Line 3 is not valid UTF-8 text.") and "CSV UTF-8" in problem.message
    with pytest.raises(ImportRefused):
        service.import_file(data, skip_invalid=True, today=TODAY)


def test_utf16_without_a_bom_and_nul_characters_are_refused(service: MenteeCsvService) -> None:
    preview = service.preview(csv_bytes([person()], encoding="utf-16-le"), today=TODAY)
    assert not preview.readable and _where(preview.errors) == [(1, "")] and "NUL" in preview.errors[0].message
    preview = service.preview(csv_bytes([person(), person("A\x00na")], encoding="utf-16"), today=TODAY)
    assert not preview.readable and _where(preview.errors) == [(3, "")] and "NUL" in preview.errors[0].message


def test_header_names_ignore_case_spaces_and_order(service: MenteeCsvService) -> None:
    header = tuple(f"  {name.upper()} " for name in reversed(COLUMNS))
    data = csv_bytes([{name: value for name, value in zip(header, reversed(
        ["", "Ana", "Horvat", "", "2003-02-01", "female", "", "", "", "", ""]), strict=True)}], header=header)
    assert service.preview(data, today=TODAY).creates == 1


def test_unknown_and_missing_columns_are_named(service: MenteeCsvService) -> None:
    header = tuple(name for name in COLUMNS if name not in ("birth_date", "status")) + ("nickname",)
    preview = service.preview(csv_bytes([person()], header=header), today=TODAY)
    assert not preview.readable
    assert _where(preview.errors) == [(1, "nickname"), (1, "birth_date"), (1, "status")]
    assert "Unknown column 'nickname'" in preview.errors[0].message
    assert "no column birth_date" in preview.errors[1].message


def test_an_empty_file_and_a_header_only_file(service: MenteeCsvService) -> None:
    assert "empty" in service.preview(b"", today=TODAY).errors[0].message
    preview = service.preview(csv_bytes([]), today=TODAY)
    assert preview.readable and preview.errors == () and preview.rows_total == 0


def test_a_never_closed_quote_refuses_the_file(service: MenteeCsvService) -> None:
    data = csv_bytes([person()]) + b',"Ana,Horvat,,2003-02-01,,,,,,\r\n'
    preview = service.preview(data, today=TODAY)
    assert not preview.readable and _where(preview.errors) == [(3, "")]
    assert "never closed" in preview.errors[0].message and preview.creates == 0


def test_rows_with_the_wrong_number_of_cells_and_blank_rows(service: MenteeCsvService) -> None:
    data = csv_bytes([person()]) + b"\r\n,,,,,,,,,,\r\n,Ana,Horvat\r\n"
    preview = service.preview(data, today=TODAY)
    assert preview.rows_total == 2 and preview.creates == 1
    assert _where(preview.errors) == [(5, "")] and "has 3 cells" in preview.errors[0].message


def test_a_trailing_delimiter_column_must_stay_blank(service: MenteeCsvService) -> None:
    data = csv_bytes([{**person(), "": ""}, {**person("Jan"), "": "oops"}], delimiter=";", header=(*COLUMNS, ""))
    preview = service.preview(data, today=TODAY)
    assert preview.creates == 1 and _where(preview.errors) == [(3, "")]
    assert "no name in the header" in preview.errors[0].message


def test_duplicate_codes_in_the_file_are_errors(service: MenteeCsvService, mentees: MenteeService) -> None:
    _add(mentees)
    row = {"reference_code": "MD-0001", "first_name": "Ana", "last_name": "Horvat", "birth_date": "2003-02-01"}
    preview = service.preview(csv_bytes([row, person(), {**row, "reference_code": "md-0001"}]), today=TODAY)
    assert _where(preview.errors) == [(2, "reference_code"), (4, "reference_code")]
    assert "also on line 4" in preview.errors[0].message


def test_likely_duplicates_are_warnings(service: MenteeCsvService, mentees: MenteeService) -> None:
    _add(mentees, "Zoë", "Nowak", date(2004, 5, 6))
    preview = service.preview(csv_bytes([person("ZOE", "nowak"), person("Zoe", "Nowak")]), today=TODAY)
    assert preview.errors == () and preview.creates == 2
    assert [(w.line, w.column, w.message.split(" has ")[0]) for w in preview.warnings] == [
        (2, "", "MD-0001"), (3, "", "MD-0001"), (3, "", "The new mentee on line 2"),
    ]
    assert preview.warnings[0].message == "MD-0001 has the same name and birth date. Is this the same person?"


def test_status_changes_follow_the_status_dialogs_rules(service: MenteeCsvService, mentees: MenteeService,
                                                        session_factory: sessionmaker[Session]) -> None:
    _add(mentees, "Ana")
    _add(mentees, "Ben")
    cleo = _add(mentees, "Cleo")
    ConsentService(session_factory).record(cleo, ConsentEntry(
        ConsentPurpose.PROCESSING, ConsentAction.GIVEN, ConsentMethod.PAPER_FORM, "v1", TODAY), today=TODAY)

    def row(code: str, first: str, status: str) -> dict[str, str]:
        return {"reference_code": code, "first_name": first, "last_name": "Horvat", "birth_date": "2003-02-01",
                "status": status}

    data = csv_bytes([row("MD-0001", "Ana", "Completed"), row("MD-0002", "Ben", "active"),
                      row("MD-0003", "Cleo", "ACTIVE"), person(status="On hold")])
    preview = service.preview(data, today=TODAY)
    assert [(p.line, p.message) for p in preview.errors] == [
        (2, "A referred mentee cannot become completed directly."),
        (3, "Ben cannot become active before consent to process their data is recorded."),
        (5, "A new mentee starts as referred. A referred mentee cannot become on hold directly."),
    ]
    result = service.import_file(data, skip_invalid=True, today=TODAY)
    assert (result.created, result.updated, result.skipped) == (0, 1, 3)
    with session_factory() as session:
        statuses = dict(session.execute(select(Mentee.first_name, Mentee.status)).all())
    assert statuses == {"Ana": MenteeStatus.REFERRED, "Ben": MenteeStatus.REFERRED, "Cleo": MenteeStatus.ACTIVE}


def test_an_unchanged_row_is_not_judged_by_todays_form_rules(service: MenteeCsvService,
                                                              session_factory: sessionmaker[Session]) -> None:
    """A stored record the form would refuse now (no birth date) round-trips; changing it asks for the rest."""
    with session_factory.begin() as session:
        session.add(Mentee(reference_code="MD-0001", first_name="Ana", last_name="Horvat", search_text=""))
    same = {"reference_code": "MD-0001", "first_name": "Ana", "last_name": "Horvat"}
    preview = service.preview(csv_bytes([same]), today=TODAY)
    assert (preview.unchanged, preview.errors) == (1, ())
    preview = service.preview(csv_bytes([{**same, "email": "ana@example.org"}]), today=TODAY)
    assert _where(preview.errors) == [(2, "birth_date")]


def test_a_missing_file_is_one_sentence(service: MenteeCsvService, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match=r"^There is no file .*nope\.csv\.$"):
        service.preview(tmp_path / "nope.csv")
    with pytest.raises(DomainError, match="is a folder"):
        service.import_file(tmp_path)


# ---- exporting


def test_export_neutralises_formulas_and_quotes_as_rfc_4180(service: MenteeCsvService, mentees: MenteeService,
                                                            tmp_path: Path) -> None:
    first = _add(mentees, "=HYPERLINK(\"http://x\")", "O'Brien, Jr.", preferred_name="@home",
                 phone="+49 30 1234567", languages="Polish\nEnglish", postcode="-12")
    second = _add(mentees, "'=already", "Smith", preferred_name="'quoted", postcode="=1+1")
    target = tmp_path / "mentees.csv"
    assert service.export(target, ids=[second, first]) == 2
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [row["reference_code"] for row in rows] == ["MD-0002", "MD-0001"]
    assert (rows[1]["first_name"], rows[1]["preferred_name"], rows[1]["phone"], rows[1]["postcode"]) == (
        "'=HYPERLINK(\"http://x\")", "'@home", "'+49 30 1234567", "'-12")
    assert rows[1]["last_name"] == "O'Brien, Jr." and rows[1]["languages"] == "Polish English"
    assert (rows[0]["first_name"], rows[0]["preferred_name"], rows[0]["postcode"]) == ("''=already", "'quoted", "'=1+1")
    assert b'"=HYPERLINK' not in raw and b'"\'=HYPERLINK(""http://x"")"' in raw
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r", value
    assert service.preview(target, today=TODAY).unchanged == 2


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("'=x", "''=x"), ("'x", "'x"), ("a=b", "a=b"), ("", ""),
])
def test_neutralise(value: str, cell: str) -> None:
    assert neutralise(value) == cell


def test_export_is_atomic_and_audited(service: MenteeCsvService, mentees: MenteeService,
                                      session_factory: sessionmaker[Session], tmp_path: Path) -> None:
    ana = _add(mentees)
    folder = tmp_path / "out"
    (folder / "taken.csv").mkdir(parents=True)
    with pytest.raises(DomainError, match="Cannot write"):
        service.export(folder / "taken.csv")  # a folder cannot be replaced by a file
    with pytest.raises(DomainError, match="does not exist"):
        service.export(folder / "missing" / "x.csv")
    assert [path.name for path in folder.iterdir()] == ["taken.csv"], "no temporary file is left behind"
    with session_factory() as session:
        assert session.scalar(select(func.count()).where(AuditEvent.action == AuditAction.EXPORT)) == 0
    target = folder / "x.csv"
    target.write_text("old")
    assert service.export(target) == 1
    with session_factory() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)).one()
        assert event.entity_id == ana and event.fields == sorted(COLUMNS)


def test_export_then_import_of_demo_data_changes_nothing(template_database: Path, tmp_path: Path) -> None:
    from mentordesk.db.engine import make_engine, make_session_factory
    from mentordesk.db.migrate import backup_sqlite

    backup_sqlite(template_database, tmp_path / "demo.db")
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        sessions = make_session_factory(engine)
        DemoService(sessions).generate(mentees=40, seed=11, today=TODAY)
        service = MenteeCsvService(sessions)
        assert service.export(tmp_path / "demo.csv") == 40
        changes = _count(sessions, MenteeStatusChange)
        result = service.import_file(tmp_path / "demo.csv", today=TODAY)
        assert (result.created, result.updated, result.unchanged, result.problems) == (0, 0, 40, ())
        assert _count(sessions, MenteeStatusChange) == changes
        with sessions() as session:
            assert session.scalar(select(func.count()).where(AuditEvent.action == AuditAction.IMPORT)) == 0
        service.export(tmp_path / "again.csv")
        assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "demo.csv").read_bytes()
    finally:
        engine.dispose()


# ---- properties

_AWKWARD = ['"', "'", ",", ";", "\t", "\n", "\r\n", "=", "+", "-", "@", " ", "\u0301", "\u0308", "\u200f",
            "\u202e", "\u2028", "\ufeff", "\u05e9", "\u0639", "\U0001f600", "\U0001f469\U0001f3fd\u200d\U0001f9b1",
            "\u6f22", "\u5b57", "\ud55c", "\u00e9", "e\u0301", "\u00df", "\u0130"]
_text_chars = st.one_of(st.sampled_from(_AWKWARD), st.characters(categories=["L", "M", "N", "P", "S", "Zs"]))


def _clean(max_size: int) -> st.SearchStrategy[str]:
    """Text as a one-line field stores it: NFC, control characters gone, white space runs as one space."""
    pieces = st.lists(_text_chars, max_size=max_size // 2)
    return pieces.map(lambda parts: one_line("".join(parts))).filter(lambda text: len(text) <= max_size)


def _required(max_size: int) -> st.SearchStrategy[str]:
    return _clean(max_size).filter(lambda text: any(unicodedata.category(ch)[0] in "LNS" for ch in text))


_phones = st.from_regex(r"\A\+?[0-9]{6,12}( [0-9]{2,3})?\Z")
_emails = st.from_regex(r"\A[=+\-a-z0-9._']{1,10}@[a-z]{1,8}\.[a-z]{2,4}\Z")


@settings(settings.get_profile("mentee_csv"))
@given(first=_required(40), last=_required(40), preferred=_clean(40), languages=_clean(60), postcode=_clean(20),
       phone=st.one_of(st.just(""), _phones), email=st.one_of(st.just(""), _emails),
       gender=st.sampled_from(Gender), birth=st.dates(date(1930, 1, 1), date(2012, 1, 1)))
@example(first="=1+2", last='"Quote", she said,\nthen left', preferred="'-x",
         languages="\U0001f469\U0001f3fd\u200d\U0001f9b1 \u6f22\u5b57 \u05e9\u05dc\u05d5\u05dd\u200f; \u0639",
         postcode="@1", phone="+49301234567", email="=a@example.org", gender=Gender.OTHER, birth=date(2001, 2, 3))
@example(first=clean_text("e\u0301\u0308"), last="-Ng", preferred="''+", languages="a\tb", postcode="'", phone="",
         email="", gender=Gender.NOT_STATED, birth=date(1990, 12, 31))
def test_export_then_import_gives_back_the_same_values(
    service: MenteeCsvService, mentees: MenteeService, tmp_path: Path, first: str, last: str, preferred: str,
    languages: str, postcode: str, phone: str, email: str, gender: Gender, birth: date,
) -> None:
    form = MenteeForm(first_name=first, last_name=last, birth_date=birth, preferred_name=preferred, gender=gender,
                      email=email, phone=phone, postcode=postcode, languages=languages)
    created = mentees.create(form, confirmed=True, today=TODAY)
    mentee_id = created.id
    target = tmp_path / f"{mentee_id}.csv"
    service.export(target, ids=[mentee_id])
    raw = target.read_text(encoding="utf-8-sig")
    for row in csv.reader(io.StringIO(raw, newline="")):
        assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row), row

    # The exported file, read back as it is, matches the record exactly...
    preview = service.preview(target, today=TODAY)
    assert (preview.unchanged, preview.errors) == (1, ()), preview.errors
    # ...and importing it over changed values restores every one of them.
    mentees.update(mentee_id, MenteeForm(first_name="X", last_name="Y", birth_date=date(2000, 1, 1)),
                   confirmed=True, today=TODAY)
    result = service.import_file(target, today=TODAY)
    assert (result.updated, result.problems) == (1, ())
    assert mentees.get(mentee_id, today=TODAY).form == created.form


@settings(settings.get_profile("mentee_csv"))
@given(values=st.lists(_required(30), min_size=1, max_size=4),
       delimiter=st.sampled_from([",", ";", "\t"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_hand_made_files_read_back_in_any_dialect(service: MenteeCsvService, session_factory: sessionmaker[Session],
                                                  values: list[str], delimiter: str, encoding: str) -> None:
    """Whatever a cell holds, the import reads the text the file was written with (less the export's apostrophe)."""
    family = uuid.uuid4().hex[:12]
    data = csv_bytes([person(value, family, languages=value) for value in values], delimiter=delimiter,
                     encoding=encoding)
    result = service.import_file(data, today=TODAY)
    assert result.created == len(values)
    expected = sorted(one_line(value[1:] if re.match(r"'+[=+\-@\t\r]", value) else value) for value in values)
    with session_factory() as session:
        stored = session.execute(select(Mentee.first_name, Mentee.languages).where(Mentee.last_name == family)).all()
    assert sorted(first for first, _ in stored) == expected
    assert all(first == languages for first, languages in stored)
