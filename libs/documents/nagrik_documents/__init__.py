"""Nagrik's documents: bilingual certificate and receipt PDFs, and signed verification links; no network or database."""

from .bilingual import BilingualText, DetailRow, Issuer
from .certificate import CertificateData, render_certificate
from .fonts import UnsupportedCharacterError, prepare_fonts, unsupported_characters
from .formatting import format_date, format_datetime_ist, format_rupees, mask_mobile
from .receipt import PaymentMethod, ReceiptData, render_receipt
from .verification import is_genuine, sign_verification, verification_url

__all__ = [
    "BilingualText",
    "CertificateData",
    "DetailRow",
    "Issuer",
    "PaymentMethod",
    "ReceiptData",
    "UnsupportedCharacterError",
    "format_date",
    "format_datetime_ist",
    "format_rupees",
    "is_genuine",
    "mask_mobile",
    "prepare_fonts",
    "render_certificate",
    "render_receipt",
    "sign_verification",
    "unsupported_characters",
    "verification_url",
]
