"""Pure rules: references, the UPI deep link (§6), and the exactly-once decision."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from nagrik_payments import domain
from nagrik_payments.domain import Decision


def test_the_reference_is_stable_unique_and_fits_the_gateways_receipt():
    first = domain.reference_for("APP-2026-000123")
    assert first == domain.reference_for("APP-2026-000123") != domain.reference_for("APP-2026-000124")
    assert len(first) <= domain.MAX_RECEIPT_LENGTH


def test_upi_link_encodes_every_value_and_shows_two_decimals():
    link = domain.upi_link(payee_vpa="revenue.up@sbi", payee_name="Revenue Dept, U.P.", reference="ngr_abc",
                           note="आय प्रमाणपत्र & fee", amount_paise=5005)
    assert link.startswith("upi://pay?pa=revenue.up%40sbi&pn=Revenue%20Dept%2C%20U.P.&tr=ngr_abc&tn=")
    assert link.endswith("&am=50.05&cu=INR")
    assert " " not in link and "+" not in link
    params = dict(parse_qsl(urlsplit(link).query))
    assert params == {"pa": "revenue.up@sbi", "pn": "Revenue Dept, U.P.", "tr": "ngr_abc",
                      "tn": "आय प्रमाणपत्र & fee", "am": "50.05", "cu": "INR"}


@pytest.mark.parametrize(("paise", "shown"), [(100, "1.00"), (5000, "50.00"), (12345, "123.45"), (101, "1.01")])
def test_amounts_are_rupees_with_two_decimals(paise, shown):
    assert f"am={shown}&" in domain.upi_link(payee_vpa="a@b", payee_name="A", reference="r", note="n",
                                              amount_paise=paise)


@pytest.mark.parametrize(("order_status", "paid_by", "payment_status", "expected"), [
    ("created", None, "captured", Decision.CAPTURE),
    ("paid", "pay_1", "captured", Decision.ALREADY_PAID),      # a duplicate of the capture
    ("paid", "pay_0", "captured", Decision.DOUBLE_CHARGE),     # another payment already paid it
    ("created", None, "failed", Decision.FAIL),                # the order stays open
    ("paid", "pay_0", "failed", Decision.IGNORE),              # a late failure after the capture
    ("created", None, "created", Decision.IGNORE),             # pending: wait, never failed
    ("created", None, "authorized", Decision.IGNORE),
])
def test_what_a_confirmed_payment_does(order_status, paid_by, payment_status, expected):
    assert domain.decide(order_status=order_status, paid_by=paid_by, payment_id="pay_1",
                         payment_status=payment_status) is expected


def test_receipt_numbers_and_methods():
    assert domain.receipt_number(2026, 42) == "NGR-2026-00000042"
    assert domain.payment_method("upi") == "upi"
    assert domain.payment_method("emi") == "unknown"


def test_the_receipt_prints_one_of_the_methods_it_knows():
    assert domain.receipt_method("netbanking") == "netbanking"
    assert domain.receipt_method("emi") == "upi"
