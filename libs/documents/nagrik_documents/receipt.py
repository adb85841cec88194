"""Payment receipts as bilingual A4 PDFs, sent to the citizen in the chat after a fee is captured."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .bilingual import BilingualText, DetailRow, Issuer
from .formatting import format_date, format_datetime_ist, format_rupees, mask_mobile
from .layout import DocumentPdf


class PaymentMethod(StrEnum):
    """How the fee was paid; the values are the payment gateway's own method names."""

    UPI = "upi"
    CARD = "card"
    NET_BANKING = "netbanking"
    WALLET = "wallet"


METHOD_LABELS: dict[PaymentMethod, BilingualText] = {
    PaymentMethod.UPI: BilingualText("यूपीआई", "UPI"),
    PaymentMethod.CARD: BilingualText("कार्ड", "Card"),
    PaymentMethod.NET_BANKING: BilingualText("नेट बैंकिंग", "Net banking"),
    PaymentMethod.WALLET: BilingualText("वॉलेट", "Wallet"),
}

TITLE = BilingualText("भुगतान रसीद", "Payment receipt")
RECEIPT_NUMBER = BilingualText("रसीद संख्या", "Receipt No.")
PAYMENT_DATE = BilingualText("दिनांक", "Date")
APPLICATION_NUMBER = BilingualText("आवेदन संख्या", "Application No.")
SERVICE = BilingualText("सेवा", "Service")
AMOUNT = BilingualText("राशि", "Amount")
STATUS = BilingualText("स्थिति", "Status")
PAID = BilingualText("सफल", "Paid")
METHOD = BilingualText("भुगतान का माध्यम", "Payment method")
GATEWAY_PAYMENT_ID = BilingualText("भुगतान आईडी (गेटवे)", "Gateway payment ID")
UPI_RRN = BilingualText("यूपीआई संदर्भ संख्या (RRN)", "UPI reference number (RRN)")
PAID_AT = BilingualText("भुगतान का दिनांक और समय", "Date and time of payment")
PAYER_MOBILE = BilingualText("भुगतानकर्ता का मोबाइल", "Payer's mobile")
PAYMENT_DETAILS = BilingualText("भुगतान का विवरण", "Payment details")
DEFAULT_FOOTER = BilingualText(
    "यह रसीद डिजिटल रूप से जनित है; इस पर हस्ताक्षर की आवश्यकता नहीं है।",
    "This receipt is digitally generated and does not require a signature.",
)


@dataclass(frozen=True)
class ReceiptData:
    """One captured payment. `payer_mobile` may be full or already masked: only its last 4 digits are printed."""

    issuer: Issuer
    receipt_number: str
    application_number: str
    service: BilingualText
    amount_paise: int
    method: PaymentMethod
    gateway_payment_id: str
    paid_at: datetime
    payer_mobile: str
    upi_rrn: str | None = None
    footer: BilingualText = field(default=DEFAULT_FOOTER)

    def __post_init__(self) -> None:
        for name in ("receipt_number", "application_number", "gateway_payment_id", "payer_mobile"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{name} must be a non-empty string")
        if isinstance(self.amount_paise, bool) or not isinstance(self.amount_paise, int) or self.amount_paise <= 0:
            raise ValueError("amount_paise must be a positive integer (paise, not rupees)")
        object.__setattr__(self, "method", PaymentMethod(self.method))
        if not isinstance(self.paid_at, datetime) or self.paid_at.utcoffset() is None:
            raise ValueError("paid_at must be an aware datetime")
        if self.upi_rrn is not None and not self.upi_rrn.strip():
            raise ValueError("upi_rrn must be None or a non-empty string")
        mask_mobile(self.payer_mobile)  # refuses a number without four digits to show


def render_receipt(receipt: ReceiptData) -> bytes:
    """The receipt as PDF bytes; the same data always gives the same bytes."""
    pdf = DocumentPdf(
        issuer=receipt.issuer,
        footer_text=receipt.footer,
        title=f"{TITLE.en} {receipt.receipt_number}",
        created_at=receipt.paid_at,
    )
    pdf.letterhead()
    pdf.document_title(TITLE)
    pdf.reference_line((RECEIPT_NUMBER, receipt.receipt_number), (PAYMENT_DATE, format_date(receipt.paid_at)))
    pdf.ln(2)
    pdf.detail_rows(_rows(receipt), heading=PAYMENT_DETAILS)
    amount = format_rupees(receipt.amount_paise)
    pdf.paragraph(
        f"आवेदन संख्या {receipt.application_number} ({receipt.service.hi}) के शुल्क के रूप में {amount} "
        "की राशि धन्यवाद सहित प्राप्त हुई।"
    )
    pdf.paragraph(
        f"Received with thanks {amount} as the fee for application {receipt.application_number} ({receipt.service.en})."
    )
    return pdf.to_bytes()


def _rows(receipt: ReceiptData) -> list[DetailRow]:
    method = METHOD_LABELS[receipt.method]
    rows = [
        DetailRow(APPLICATION_NUMBER, receipt.application_number),
        DetailRow(SERVICE, f"{receipt.service.hi}\n{receipt.service.en}"),
        DetailRow(AMOUNT, format_rupees(receipt.amount_paise)),
        DetailRow(STATUS, f"{PAID.hi} / {PAID.en}"),
        DetailRow(METHOD, f"{method.hi} / {method.en}"),
        DetailRow(GATEWAY_PAYMENT_ID, receipt.gateway_payment_id),
    ]
    if receipt.upi_rrn is not None:
        rows.append(DetailRow(UPI_RRN, receipt.upi_rrn))
    rows += [
        DetailRow(PAID_AT, format_datetime_ist(receipt.paid_at)),
        DetailRow(PAYER_MOBILE, mask_mobile(receipt.payer_mobile)),
    ]
    return rows
