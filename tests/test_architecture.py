"""The layers of DESIGN.md hold: import-linter's contracts from pyproject.toml, run as a test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_qt_in_the_gui_start_path_before_the_window() -> None:
    """The GUI path must not pull SQLAlchemy, Alembic or ReportLab in before the first window."""
    code = (
        "import sys; import mentordesk.__main__, mentordesk.cli, mentordesk.ui.app; "
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'reportlab') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
