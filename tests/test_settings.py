from __future__ import annotations

import uuid
from pathlib import Path

from mentordesk.config.settings import LocalSettings, load_settings, save_settings


def test_settings_round_trip_and_bad_files_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert load_settings(path) == LocalSettings()
    worker = uuid.uuid4()
    save_settings(path, LocalSettings(current_worker_id=worker))
    assert load_settings(path).current_worker_id == worker
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"], "no temporary file is left behind"
    path.write_text("{not json")
    assert load_settings(path) == LocalSettings()
