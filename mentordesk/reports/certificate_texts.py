"""Every fixed text printed on a certificate, by language; dates and numbers in that language's manner.

A certificate's language is chosen when it is issued and may differ from the app's. The texts are
not Qt translations: reports stay Qt-free, and the certificate must print the same words on a
machine set to another language. Adding a language is adding one dict to CATALOGUE with the same
keys as English (a test builds every entry, so a missing key fails there, not while issuing).

Placeholders in braces are filled by the certificate; everything else is printed as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mentordesk.services.errors import DomainError

ENGLISH: dict[str, Any] = {
    "language_name": "English",
    "title_validation": "Certificate of validated learning",
    "title_participation": "Certificate of participation",
    "certifies": "This is to certify that",
    "took_part_in": "took part in the mentoring programme",
    "took_part": "took part in mentoring",
    "period": "Period",
    "hours": "Hours of mentoring",
    "sessions": "Sessions attended",
    "outcomes_heading": "Validated learning outcomes",
    "framework": "Competence framework: {framework}",
    "column_outcome": "Learning outcome",
    "column_level": "Level",
    "column_method": "Validation method",
    "issued_at": "Issued in {place} on {date}",
    "issued": "Issued on {date}",
    "serial": "Certificate no. {serial}",
    "verify": "To verify this certificate, scan the code or run “mentordesk verify” with this PDF file. "
              "The issuer’s key fingerprint begins with {key}.",
    "preview": "PREVIEW",
    "span": "{start} – {end}",
    "from": "from {date}",
    "until": "until {date}",
    "date": "{day} {month} {year}",
    "months": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"),
    "decimal_separator": ".",
}

CATALOGUE: dict[str, dict[str, Any]] = {"en": ENGLISH}


@dataclass(frozen=True)
class CertificateTexts:
    """One language's texts; built from a CATALOGUE entry (a missing or unknown key is a TypeError)."""

    code: str
    language_name: str
    title_validation: str
    title_participation: str
    certifies: str
    took_part_in: str
    took_part: str
    period: str
    hours: str
    sessions: str
    outcomes_heading: str
    framework: str
    column_outcome: str
    column_level: str
    column_method: str
    issued_at: str
    issued: str
    serial: str
    verify: str
    preview: str
    span: str
    date: str
    months: tuple[str, ...]
    decimal_separator: str
    from_: str
    until: str

    def format_date(self, day: date) -> str:
        return self.date.format(day=day.day, month=self.months[day.month - 1], year=day.year)

    def format_period(self, start: date | None, end: date | None) -> str | None:
        """'3 March 2026 – 30 June 2026'; 'from …' or 'until …' when one end is open; None when both are."""
        if start and end:
            return self.format_date(start) if start == end else self.span.format(
                start=self.format_date(start), end=self.format_date(end))
        if start:
            return self.from_.format(date=self.format_date(start))
        if end:
            return self.until.format(date=self.format_date(end))
        return None

    def format_hours(self, hours: float) -> str:
        """One decimal, as signed ('12.5', '40.0'), with the language's decimal separator."""
        return f"{hours:.1f}".replace(".", self.decimal_separator)


def languages() -> dict[str, str]:
    """Language code -> the language's own name, for the issue dialog's choice."""
    return {code: entry["language_name"] for code, entry in CATALOGUE.items()}


def certificate_texts(language: str) -> CertificateTexts:
    """The texts for a language code; DomainError naming the available languages for any other code."""
    entry = CATALOGUE.get(language)
    if entry is None:
        available = ", ".join(f"{name} ({code})" for code, name in languages().items())
        raise DomainError(f"Certificates cannot be printed in “{language}” yet; available: {available}.")
    fields = {("from_" if key == "from" else key): value for key, value in entry.items()}
    return CertificateTexts(code=language, **fields)
