from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from mentordesk.config.cloud_folders import cloud_sync_provider, cloud_warning


@pytest.mark.parametrize(("path", "provider"), [
    (r"C:\Users\Ana\Dropbox\MentorDesk", "Dropbox"),
    (r"C:\Users\Ana\Dropbox (Youth Centre)\data", "Dropbox"),
    ("/home/ana/Dropbox/mentordesk", "Dropbox"),
    ("/Users/ana/Library/CloudStorage/Dropbox/md", "Dropbox"),
    (r"C:\Users\Ana\OneDrive\Documents\MentorDesk", "OneDrive"),
    (r"c:\users\ana\onedrive - jugendzentrum köln e.v\mentordesk", "OneDrive"),
    ("/Users/ana/Library/CloudStorage/OneDrive-Personal/md", "OneDrive"),
    (r"G:\My Drive\MentorDesk", "Google Drive"),
    (r"C:\Users\Ana\Google Drive\md", "Google Drive"),
    ("/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.org/My Drive/md", "Google Drive"),
    ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/MentorDesk", "iCloud Drive"),
    (r"C:\Users\Ana\iCloudDrive\MentorDesk", "iCloud Drive"),
    (r"C:\Users\Ana\iCloud Drive\MentorDesk", "iCloud Drive"),
    (PurePosixPath("/HOME/ANA/DROPBOX/X"), "Dropbox"),
])
def test_cloud_folders_are_recognised(path: str, provider: str) -> None:
    assert cloud_sync_provider(path) == provider


@pytest.mark.parametrize("path", [
    "/home/ana/.local/share/MentorDesk",
    r"C:\Users\Ana\AppData\Roaming\MentorDesk",
    "/home/ana/dropboxes/data",
    "/Users/ana/Library/Mobile Documents/com~apple~Notes/x",
    "/home/ana/MyDropboxBackup/data",
    "/srv/drive/data",
])
def test_other_folders_are_not(path: str) -> None:
    assert cloud_sync_provider(path) is None


def test_the_warning_says_why_and_what_to_do() -> None:
    text = cloud_warning(r"C:\Users\Ana\OneDrive - Org\MentorDesk")
    assert text is not None and "OneDrive" in text and "damaged" in text and "cloud" in text
    assert cloud_warning("/home/ana/data") is None
