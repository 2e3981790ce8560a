"""Small field checks shared by services; each records one readable sentence per bad field."""

from __future__ import annotations

import unicodedata


def clean_text(value: str | None) -> str:
    """Trim, fold Unicode to NFC (so "é" typed two ways is one name) and drop control characters."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", value)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\n\t")
    return text.strip()


def required_text(value: str | None, label: str, max_length: int, errors: dict[str, str], field: str) -> str:
    text = clean_text(value)
    if not text:
        errors[field] = f"{label} is required."
    elif len(text) > max_length:
        errors[field] = f"{label} is too long (at most {max_length} characters)."
    return text
