"""Citizens hear, in their language, what happened to their application and payment."""

from __future__ import annotations

import pytest

from nagrik_catalog import load_catalog
from nagrik_contracts import Envelope
from nagrik_contracts.applications import ApplicationStatusChanged, ApplicationSubmitted, CertificateIssued
from nagrik_contracts.payments import PaymentCaptured, PaymentRequested
from nagrik_conversation.texts import load_texts
from nagrik_conversation.updates import messages_for

CITIZEN = "919812345678"
APPLICATION = "DL-INC-2026-000123"


def told(payload) -> list:
    envelope = Envelope.wrap(payload, producer="applications", correlation_id="c")
    return messages_for(envelope, catalog=load_catalog(), texts=load_texts())


def test_the_application_number_is_told_in_hindi():
    [message] = told(ApplicationSubmitted(application_id=APPLICATION, submission_id="s", citizen_id=CITIZEN,
                                          service_id="income_certificate", department_id="revenue", language="hi",
                                          fee_paise=0))
    assert APPLICATION in message.content.body and "आय प्रमाण पत्र" in message.content.body
    assert message.citizen_id == CITIZEN and message.fallback.name == "application_update"


def test_payment_links_and_receipts_are_told_with_amounts_in_rupees():
    [links] = told(PaymentRequested(application_id=APPLICATION, citizen_id=CITIZEN, language="en", order_id="order_1",
                                    amount_paise=5050, upi_link="upi://pay?pa=x@y&am=50.50&cu=INR",
                                    payment_link="http://127.0.0.1:8091/pay/plink_1"))
    assert "₹50.50" in links.content.body and "upi://pay" in links.content.body and "plink_1" in links.content.body
    receipt, pdf = told(PaymentCaptured(application_id=APPLICATION, citizen_id=CITIZEN, language="en",
                                        order_id="order_1", payment_id="pay_1", amount_paise=5000, method="upi",
                                        receipt_number="R-2026-000001",
                                        receipt_url="http://127.0.0.1:8005/receipts/R-2026-000001.pdf?sig=x"))
    assert "₹50" in receipt.content.body and "R-2026-000001" in receipt.content.body
    assert pdf.content.type == "document" and pdf.content.link.endswith("?sig=x")


def test_the_certificate_arrives_as_a_pdf_document():
    [message] = told(CertificateIssued(application_id=APPLICATION, citizen_id=CITIZEN, service_id="income_certificate",
                                       language="en", certificate_id="C1",
                                       document_url="http://127.0.0.1:8003/certificates/C1.pdf",
                                       verification_url="http://127.0.0.1:8003/verify/C1?sig=x"))
    assert message.content.type == "document" and message.content.filename == f"{APPLICATION}.pdf"


@pytest.mark.parametrize("status, told_count", [("under_review", 1), ("rejected", 1), ("payment_due", 0)])
def test_status_changes_are_told_unless_another_message_already_says_it(status, told_count):
    messages = told(ApplicationStatusChanged(application_id=APPLICATION, citizen_id=CITIZEN,
                                             service_id="income_certificate", language="hi", status=status))
    assert len(messages) == told_count


def test_the_application_number_comes_with_a_button_to_follow_it():
    [message] = told(ApplicationSubmitted(application_id=APPLICATION, submission_id="s", citizen_id=CITIZEN,
                                          service_id="income_certificate", department_id="revenue", language="en",
                                          fee_paise=0))
    assert [(b.id, b.title) for b in message.content.buttons] == [("status", "My applications")]
