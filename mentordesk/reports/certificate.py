"""The certificate PDF: one A4 page that states the facts, carries the QR code and embeds the signed data.

This module only lays out what it is given: the certificate's facts (already signed elsewhere) and the
token for the QR code. Signing, the register and choosing the facts are the certificate service's job.

The signed data travels inside the PDF as an attached file, `mentordesk-certificate.json`, so
`mentordesk verify` can check the signature and compare the facts with the visible text.

ReportLab and pypdf are imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mentordesk.services.certificate_facts import CertificateFacts
from mentordesk.services.errors import DomainError

ATTACHMENT = "mentordesk-certificate.json"


@dataclass(frozen=True)
class CertificateSheet:
    """Everything printed: the facts, the QR code's token and the organisation's images."""

    facts: CertificateFacts
    token: str  # the MD1 token the QR code holds
    preview: bool = False  # a PREVIEW watermark across the page
    logo: Path | None = None
    signature_image: Path | None = None


@dataclass(frozen=True)
class PdfContents:
    """What a certificate PDF carries: the embedded token and canonical facts, and its visible text."""

    token: str
    facts: bytes  # canonical facts, as embedded
    text: str  # visible text of all pages, whitespace normalised


def render_certificate(sheet: CertificateSheet) -> bytes:
    """The certificate as PDF bytes: A4, one page whenever the content allows; the same sheet gives the same bytes."""
    raise NotImplementedError  # pending: the layout lands in the next commit


def read_certificate_pdf(data: bytes) -> PdfContents:
    """The embedded data and the visible text; raises DomainError for a file that is not a MentorDesk certificate."""
    raise DomainError("This PDF is not a MentorDesk certificate.")


def visible_facts(facts: CertificateFacts) -> tuple[str, ...]:
    """The strings that must appear in the certificate's visible text, exactly as printed."""
    raise NotImplementedError
