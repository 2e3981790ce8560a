"""Small field checks shared by services; each records one readable sentence per bad field."""

from __future__ import annotations

import re
import unicodedata
from datetime import date


def clean_text(value: str | None) -> str:
    """Trim, fold Unicode to NFC (so "é" typed two ways is one name) and drop control characters."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", value)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\n\t")
    return text.strip()


def one_line(value: str | None) -> str:
    """clean_text for a one-line field: any run of white space, newlines included, becomes one space."""
    return " ".join(clean_text(value).split())


def required_text(value: str | None, label: str, max_length: int, errors: dict[str, str], field: str) -> str:
    text = one_line(value)
    # Invisible characters alone (a zero-width space, say) do not make a name.
    if not any(unicodedata.category(ch)[0] in "LNS" for ch in text):
        errors[field] = f"{label} is required."
    elif len(text) > max_length:
        errors[field] = f"{label} is too long (at most {max_length} characters)."
    return text


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
PHONE = re.compile(r"^[+0-9 ()./-]+$")


def optional_email(value: str | None, errors: dict[str, str], field: str = "email") -> str | None:
    text = clean_text(value)
    if not text:
        return None
    if len(text) > 254 or not EMAIL.match(text):
        errors[field] = "This does not look like an email address (name@example.org)."
    return text


def optional_phone(value: str | None, errors: dict[str, str], field: str = "phone") -> str | None:
    text = clean_text(value)
    if not text:
        return None
    digits = sum(ch.isdigit() for ch in text)
    if not PHONE.match(text) or text.count("+") > 1 or not 6 <= digits <= 15:
        errors[field] = "A phone number has 6 to 15 digits, and may start with + (e.g. +49 30 1234567)."
    return text


def optional_text(value: str | None, label: str, max_length: int, errors: dict[str, str], field: str,
                  multiline: bool = False) -> str | None:
    text = clean_text(value) if multiline else one_line(value)
    if len(text) > max_length:
        errors[field] = f"{label} is too long (at most {max_length} characters)."
    return text or None


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


EARLIEST = date(1900, 1, 1)


def checked_date(value: date | None, label: str, today: date, errors: dict[str, str], field: str,
                 earliest: date = EARLIEST) -> date | None:
    """A required date between `earliest` and today; the error names what is wrong with it."""
    if value is None:
        errors[field] = f"{label} is required."
    elif value > today:
        errors[field] = f"{label} cannot be in the future."
    elif value < earliest:
        errors[field] = f"{label} cannot be before {earliest.isoformat()}."
    else:
        return value
    return None
