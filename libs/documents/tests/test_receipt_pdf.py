"""What a citizen gets as a payment receipt (Hindi checked through the ToUnicode maps; see test_certificate_pdf)."""

from datetime import datetime

import pytest
from nagrik_documents import PaymentMethod, render_receipt


def test_is_one_complete_pdf_in_the_document_font(receipt_pdf):
    assert receipt_pdf.raw.startswith(b"%PDF-")
    assert receipt_pdf.raw.rstrip().endswith(b"%%EOF")
    assert len(receipt_pdf.reader.pages) == 1
    assert {font.base_font.split("+")[-1] for font in receipt_pdf.fonts.values()} == {
        "NotoSansDevanagari",
        "NotoSansDevanagariBold",
    }


def test_english_text_shows_the_payment(receipt_pdf):
    for text in [
        "Government of National Capital Territory of Delhi",
        "PAYMENT RECEIPT",
        "Receipt No.: RCPT-2025-000777",
        "APP-2025-0042",
        "Income Certificate",
        "₹1,234.50",
        "UPI",
        "pay_Q8xK2mVb7LrT1a",
        "512345678901",
        "05/03/2025 14:05:09 IST",
        "XXXXXX3210",
        "This receipt is digitally generated",
    ]:
        assert text in receipt_pdf.text


def test_hindi_text_reads_in_logical_order(receipt_pdf):
    lines = receipt_pdf.unicode_lines()

    for line in ["भुगतान रसीद", "आय प्रमाण पत्र", "यूपीआई / UPI", "सफल / Paid", "भुगतानकर्ता का मोबाइल", "स्थिति"]:
        assert line in lines
    assert any("₹1,234.50 की राशि धन्यवाद सहित प्राप्त हुई।" in line for line in lines)


def test_the_full_mobile_number_never_appears(receipt_pdf):
    assert "98765" not in receipt_pdf.text
    assert "+91" not in receipt_pdf.text


def test_a_payment_without_rrn_has_no_rrn_row(make_receipt, pdf_reader):
    pdf = pdf_reader(render_receipt(make_receipt(method=PaymentMethod.CARD, upi_rrn=None)))

    assert "RRN" not in pdf.text
    assert "कार्ड / Card" in pdf.unicode_lines()


def test_the_gateways_method_name_is_accepted(make_receipt, pdf_reader):
    receipt = make_receipt(method="netbanking", upi_rrn=None)

    assert receipt.method is PaymentMethod.NET_BANKING
    assert "नेट बैंकिंग / Net banking" in pdf_reader(render_receipt(receipt)).unicode_lines()


def test_the_same_receipt_renders_to_the_same_bytes(make_receipt):
    assert render_receipt(make_receipt()) == render_receipt(make_receipt())


@pytest.mark.parametrize(
    "changes",
    [
        {"amount_paise": 0},
        {"amount_paise": 1234.5},
        {"amount_paise": True},
        {"paid_at": datetime(2025, 3, 5, 14, 5)},
        {"method": "cash"},
        {"payer_mobile": "unknown"},
        {"upi_rrn": ""},
    ],
)
def test_incomplete_receipt_data_is_refused(make_receipt, changes):
    with pytest.raises(ValueError):
        make_receipt(**changes)
