"""`mentordesk report`: the funder report as PDF (and CSV), a period by default, one sentence on bad input."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from mentordesk.__main__ import main
from mentordesk.config.paths import AppPaths
from mentordesk.services.validation import years_before


@pytest.fixture
def data_dir(paths: AppPaths, capsys) -> str:  # noqa: ANN001
    """A migrated database with a little demo data: sessions, outcomes and certificates to report on."""
    assert main(["--data-dir", str(paths.data_dir), "demo", "--mentees", "12"]) == 0
    capsys.readouterr()
    return str(paths.data_dir)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_report_with_csv(data_dir: str, out: Path, capsys) -> None:  # noqa: ANN001
    pdf, table = out / "report.pdf", out / "report.csv"
    today = date.today()
    assert main(["--data-dir", data_dir, "report", "--out", str(pdf), "--from", "2020-01-01",
                 "--to", today.isoformat(), "--csv", str(table)]) == 0
    captured = capsys.readouterr()
    assert captured.out == (f"Wrote the funder report for 2020-01-01 to {today.isoformat()} to {pdf} "
                            f"and its figures to {table}.\n")
    assert captured.err == ""
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Mentoring programme report" in text and "Sessions by mode" in text
    rows = table.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "section,label,value"
    assert "Report,Period from,2020-01-01" in rows
    sections = {row.split(",")[0] for row in rows[1:]}
    assert {"Participants by status", "Participants by gender", "Participants by age", "Sessions by mode",
            "Pathway", "Certificates issued", "Hours of mentoring", "Sessions per week"} <= sections
    assert sorted(path.name for path in out.iterdir()) == ["report.csv", "report.pdf"]


def test_the_last_twelve_months_by_default(data_dir: str, out: Path, capsys) -> None:  # noqa: ANN001
    today = date.today()
    first = years_before(today, 1) + timedelta(days=1)
    assert main(["--data-dir", data_dir, "report", "--out", str(out / "r.pdf")]) == 0
    assert capsys.readouterr().out == (f"Wrote the funder report for {first.isoformat()} to {today.isoformat()} "
                                       f"to {out / 'r.pdf'}.\n")


def test_from_alone_runs_to_today(data_dir: str, out: Path, capsys) -> None:  # noqa: ANN001
    assert main(["--data-dir", data_dir, "report", "--out", str(out / "r.pdf"), "--from", "2026-01-01"]) == 0
    assert f"for 2026-01-01 to {date.today().isoformat()} " in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["2026-13-01", "31.01.2026", "2026-02-30", "yesterday", "20260101"])
def test_a_bad_date_is_one_sentence_and_exit_2(data_dir: str, out: Path, capsys, bad: str) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", data_dir, "report", "--out", str(out / "r.pdf"), "--from", bad])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err == (f"mentordesk report: Argument --from: '{bad}' is not a date; write it as YYYY-MM-DD, "
                   "e.g. 2026-01-31. Run 'mentordesk report --help' for usage.\n")
    assert list(out.iterdir()) == []


def test_a_period_ending_before_it_starts_is_refused(data_dir: str, out: Path, capsys) -> None:  # noqa: ANN001
    code = main(["--data-dir", data_dir, "report", "--out", str(out / "r.pdf"), "--from", "2026-05-01",
                 "--to", "2026-04-30"])
    assert code == 2
    captured = capsys.readouterr()
    assert captured.err == "mentordesk: The period cannot end (2026-04-30) before it starts (2026-05-01).\n"
    assert captured.out == ""
    assert list(out.iterdir()) == []


def test_a_missing_folder_is_one_sentence_and_exit_1(data_dir: str, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    target = tmp_path / "nowhere" / "r.pdf"
    assert main(["--data-dir", data_dir, "report", "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"mentordesk: Cannot write {target}: ") and err.count("\n") == 1
    assert not target.parent.exists()


def test_out_is_required(data_dir: str, capsys) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", data_dir, "report"])
    assert exited.value.code == 2
    assert "--out" in capsys.readouterr().err
