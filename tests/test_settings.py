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


def test_lock_minutes_round_trip_within_their_range(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert load_settings(path).lock_after_minutes == 10
    save_settings(path, LocalSettings().with_lock_after(25))
    assert load_settings(path).lock_after_minutes == 25
    path.write_text('{"current_worker_id": null, "lock_after_minutes": 0}')
    assert load_settings(path).lock_after_minutes == 1, "never zero: that would lock at once, again and again"
    path.write_text('{"current_worker_id": null, "lock_after_minutes": "soon"}')
    assert load_settings(path).lock_after_minutes == 10
def test_backups_to_keep_round_trips_and_is_kept_in_bounds(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert load_settings(path).backups_to_keep == 10
    save_settings(path, LocalSettings().with_backups_to_keep(4))
    assert load_settings(path).backups_to_keep == 4
    assert LocalSettings().with_backups_to_keep(0).backups_to_keep == 1
    assert LocalSettings().with_backups_to_keep(10_000).backups_to_keep == 365
    path.write_text('{"backups_to_keep": "many"}')
    assert load_settings(path).backups_to_keep == 10
