"""The pure builders other teams import: webhook bodies and signatures, UPI deep links, entities."""

import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from nagrik_fake_payment_gateway.entities import Order, Payment
from nagrik_fake_payment_gateway.upi import upi_link
from nagrik_fake_payment_gateway.webhooks import (
    checkout_signature,
    encode,
    event_body,
    sign,
    verify,
    webhook_headers,
)


def a_payment(**fields) -> Payment:
    values = dict(
        id="pay_AAAAAAAAAAAAAA",
        order_id="order_BBBBBBBBBBBBBB",
        amount=5000,
        currency="INR",
        method="upi",
        created_at=1767225600,
        contact="+919812345678",
        email="void@razorpay.com",
        vpa="asha@oksbi",
    )
    values.update(fields)
    return Payment(**values)


def test_event_body_builds_razorpays_envelope_in_contains_order():
    order = Order(id="order_BBBBBBBBBBBBBB", amount=5000, currency="INR", receipt="APP-1", notes={}, created_at=1)
    payment = a_payment()
    payment.capture(fee=100, tax=18, at=2)
    order.mark_paid()

    body = event_body(
        "order.paid", account_id="acc_X", payment=payment.as_entity(), order=order.as_entity(), created_at=3
    )

    assert body == {
        "entity": "event",
        "account_id": "acc_X",
        "event": "order.paid",
        "contains": ["payment", "order"],
        "payload": {"payment": {"entity": payment.as_entity()}, "order": {"entity": order.as_entity()}},
        "created_at": 3,
    }


def test_event_body_refuses_unknown_events_and_missing_entities():
    with pytest.raises(ValueError, match="unknown event"):
        event_body("payment.exploded", account_id="acc_X", payment={})
    with pytest.raises(ValueError, match="missing \\['order'\\]"):
        event_body("order.paid", account_id="acc_X", payment={})


def test_signed_headers_verify_against_the_encoded_bytes():
    body = encode(event_body("payment.failed", account_id="acc_X", payment=a_payment(vpa="आशा/x@upi").as_entity()))

    headers = webhook_headers(body, secret="s3cret", event_id="EvtAAAAAAAAAAA")

    assert body.isascii() and b"\\/" in body and json.loads(body)["payload"]["payment"]["entity"]["vpa"] == "आशा/x@upi"
    assert headers["X-Razorpay-Event-Id"] == "EvtAAAAAAAAAAA"
    assert headers["X-Razorpay-Signature"] == sign(body, "s3cret")
    assert verify(body, headers["X-Razorpay-Signature"], "s3cret")
    assert not verify(body + b" ", headers["X-Razorpay-Signature"], "s3cret")
    assert not verify(body, headers["X-Razorpay-Signature"], "other")


def test_checkout_signature_matches_razorpays_order_pipe_payment_rule():
    assert checkout_signature("order_A", "pay_B", "k") == sign(b"order_A|pay_B", "k")


def test_upi_link_has_every_parameter_encoded_and_two_decimal_rupees():
    link = upi_link("nagrik.gov@sbi", "Nagar Nigam & Co", "APP/2026 #1", "जन्म प्रमाण पत्र", 12305, mcc="9399")

    url = urlsplit(link)
    assert (url.scheme, url.netloc) == ("upi", "pay")
    assert " " not in link and "+" not in link and "&Co" not in link
    assert dict(parse_qsl(url.query)) == {
        "pa": "nagrik.gov@sbi",
        "pn": "Nagar Nigam & Co",
        "tr": "APP/2026 #1",
        "tn": "जन्म प्रमाण पत्र",
        "am": "123.05",
        "cu": "INR",
        "mc": "9399",
    }
    assert link.startswith("upi://pay?pa=nagrik.gov@sbi&pn=Nagar%20Nigam%20%26%20Co&tr=APP%2F2026%20%231&tn=")
    assert [name for name, _ in parse_qsl(url.query)] == ["pa", "pn", "tr", "tn", "am", "cu", "mc"]


def test_upi_link_without_mcc_and_with_whole_rupees():
    link = upi_link("a@b", "N", "R", "T", 100)

    assert link.endswith("&am=1.00&cu=INR")
    with pytest.raises(ValueError):
        upi_link("a@b", "N", "R", "T", 0)
