"""Certificates (residence, income, caste, ...) as bilingual A4 PDFs with a QR code carrying a signed link."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from .bilingual import BilingualText, DetailRow, Issuer
from .formatting import IST, format_date
from .layout import DocumentPdf

CERTIFICATE_NUMBER = BilingualText("प्रमाण पत्र संख्या", "Certificate No.")
APPLICATION_NUMBER = BilingualText("आवेदन संख्या", "Application No.")
ISSUE_DATE = BilingualText("जारी करने की तिथि", "Date of issue")
PARTICULARS = BilingualText("आवेदक का विवरण", "Applicant's particulars")
VERIFY_CAPTION = BilingualText(
    "इस प्रमाण पत्र की सत्यता जाँचने के लिए QR कोड स्कैन करें या नीचे दिया गया लिंक खोलें।",
    "Scan the QR code or open the link below to check that this certificate is genuine.",
)
DEFAULT_FOOTER = BilingualText(
    "यह प्रमाण पत्र डिजिटल रूप से जनित है; इस पर हस्ताक्षर की आवश्यकता नहीं है।",
    "This certificate is digitally generated and does not require a signature.",
)


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on a certificate; `verification_url` comes from `verification.verification_url()`."""

    issuer: Issuer
    title: BilingualText
    certificate_number: str
    application_number: str
    issued_on: date
    details: tuple[DetailRow, ...]
    body: BilingualText
    verification_url: str
    footer: BilingualText = field(default=DEFAULT_FOOTER)

    def __post_init__(self) -> None:
        for name in ("certificate_number", "application_number"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{name} must be a non-empty string")
        if not isinstance(self.issued_on, date):
            raise TypeError("issued_on must be a date")
        if isinstance(self.issued_on, datetime) and self.issued_on.utcoffset() is None:
            raise ValueError("issued_on as a datetime must be aware (or pass a plain date)")
        # Accept any sequence but store a tuple, so the dataclass stays hashable and immutable.
        object.__setattr__(self, "details", tuple(self.details))
        if not self.details or not all(isinstance(row, DetailRow) for row in self.details):
            raise ValueError("details must be a non-empty sequence of DetailRow")
        if not self.verification_url.startswith(("https://", "http://")):
            raise ValueError(f"verification_url must be an http(s) URL, got {self.verification_url!r}")


def render_certificate(cert: CertificateData) -> bytes:
    """The certificate as PDF bytes; the same data always gives the same bytes."""
    pdf = DocumentPdf(
        issuer=cert.issuer,
        footer_text=cert.footer,
        title=f"{cert.title.en} {cert.certificate_number}",
        created_at=_moment_of_issue(cert.issued_on),
    )
    pdf.letterhead()
    pdf.document_title(cert.title)
    pdf.reference_line((CERTIFICATE_NUMBER, cert.certificate_number), (ISSUE_DATE, format_date(cert.issued_on)))
    pdf.reference_line((APPLICATION_NUMBER, cert.application_number))
    pdf.ln(2)
    pdf.detail_rows(cert.details, heading=PARTICULARS)
    pdf.paragraph(cert.body.hi)
    pdf.paragraph(cert.body.en)
    pdf.ln(2)
    pdf.verification_block(cert.verification_url, VERIFY_CAPTION)
    return pdf.to_bytes()


def _moment_of_issue(issued_on: date) -> datetime:
    if isinstance(issued_on, datetime):
        return issued_on
    return datetime.combine(issued_on, time(), IST)
