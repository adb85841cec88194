"""The walking skeleton, in Hindi: a citizen applies for a learner licence in the chat, sends a photo of her
Aadhaar card that OCR reads, confirms what it read, pays the fee, gets a receipt, the transport department
approves over Kafka, the licence arrives as a PDF whose QR code verifies it, she asks for the status and sees
the history — and every step is in the analytics tables. Every service is a real process."""

from __future__ import annotations

import io
import json
import re

import httpx
import pytest
import zxingcpp
from pypdf import PdfReader

from nagrik_applications.numbering import service_code
from nagrik_contracts.identifiers import verhoeff_check_digit
from nagrik_dev.cards import aadhaar_card

pytestmark = pytest.mark.e2e

AADHAAR = "34567890123" + verhoeff_check_digit("34567890123")
MASKED = f"XXXX XXXX {AADHAAR[-4:]}"
NUMBER = re.compile(r"DL-[A-Z]{3}-\d{4}-\d{6}")
PAYMENT_LINK = re.compile(r"https?://\S+/pay/[\w-]+")
ANSWERS = {  # what Asha types for whatever OCR did not fill
    "vehicle_class": "lmv", "applicant_name": "Asha Verma", "father_name": "Ramesh Verma",
    "date_of_birth": "15/08/1990", "gender": "female", "mobile": "9812300020", "aadhaar_number": AADHAAR,
    "address": "12 Civil Lines, Delhi", "pincode": "110054",
}


def test_apply_with_an_aadhaar_photo_pay_and_receive_the_licence(stack, applicant, department, payment_page,
                                                                  database, until):
    asha = applicant("919812300020", "learner_licence", "hi", name="Asha")
    chat = asha.citizen
    asha.open_service()

    # The form starts with the Aadhaar card; OCR reads the photo and offers what it read.
    chat.wait_for("आधार कार्ड")
    card = aadhaar_card(name="Asha Verma", date_of_birth="15/08/1990", gender="Female", number=AADHAAR)
    chat.send_file(card, "image/png", filename="aadhaar.png")
    _, offer = chat.wait_for("Asha Verma", timeout=120)
    offered = chat.text_of(offer)
    assert MASKED in offered and "15/08/1990" in offered and "महिला" in offered
    assert AADHAAR not in json.dumps(chat.everything_received())
    if offer["type"] != "interactive":
        chat.replies(1)
    chat.choose(asha.title("use_read_values_button"))

    # Only the questions OCR could not answer are asked; the summary shows the read values.
    summary, _ = asha.answer_questions(ANSWERS)
    assert "Asha Verma" in chat.text_of(summary) and MASKED in chat.text_of(summary)
    chat.choose(asha.title("submit_button"))

    _, registered = chat.wait_for("आवेदन संख्या")
    number = NUMBER.search(chat.text_of(registered)).group(0)
    assert number.startswith(f"DL-{service_code('learner_licence')}-")

    # The fee: a UPI deep link and a payment link, in Hindi.
    _, fee = chat.wait_for("शुल्क")
    assert "₹200" in chat.text_of(fee) and "upi://pay?" in chat.text_of(fee)
    payment_page.pay(PAYMENT_LINK.search(chat.text_of(fee)).group(0), method="upi")

    _, receipt = chat.wait_for(lambda reply: reply["type"] == "document")
    receipt_pdf = httpx.get(receipt["body"]["document"]["link"], timeout=30)
    assert receipt_pdf.status_code == 200
    receipt_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt_pdf.content)).pages)
    assert number in receipt_text and "200" in receipt_text

    # The transport department approves over Kafka; the licence arrives with a QR code that verifies it.
    recorded = department.decide("approve", "transport", number, officer="MLO Janakpuri")
    assert recorded == {"recorded": "approved", "application_id": number, "status": "certificate_issued"}
    _, licence = chat.wait_for(
        lambda reply: reply["type"] == "document" and reply["body"]["document"]["filename"] == f"{number}.pdf",
        timeout=90)
    licence_pdf = PdfReader(io.BytesIO(httpx.get(licence["body"]["document"]["link"], timeout=30).content))
    [qr] = [image for page in licence_pdf.pages for image in page.images]
    [code] = zxingcpp.read_barcodes(qr.image.convert("L"))
    verified = httpx.get(code.text, timeout=10)
    assert verified.status_code == 200
    assert verified.json() | {"genuine": True, "application_id": number} == verified.json()

    told = [chat.text_of(reply) for reply in chat.everything_received()]
    assert any(number in text and "जाँच के लिए" in text for text in told)  # under review, after paying
    assert any(number in text and "स्वीकृत" in text for text in told)

    # Asking for the status shows the history, in Hindi.
    chat.say("स्थिति")
    _, status = chat.wait_for(lambda reply: number in chat.text_of(reply)
                              and asha.title("status_step_submitted") in chat.text_of(reply))
    history = chat.text_of(status)
    steps = [history.index(asha.title(f"status_step_{step}"))
             for step in ("submitted", "payment_due", "paid", "under_review", "approved")]
    assert steps == sorted(steps), history  # in the order they happened

    # What the services recorded.
    [application] = database("SELECT status, documents FROM applications.applications WHERE application_id = $1",
                             number)
    assert application["status"] == "certificate_issued"
    [document] = [d for d in json.loads(application["documents"]) if d["document_type"] == "aadhaar_card"]
    [stored] = database("SELECT ciphertext FROM ocr.documents WHERE id::text = $1", document["document_id"])
    assert b"\x89PNG" not in stored["ciphertext"] and AADHAAR.encode() not in stored["ciphertext"]
    [order] = database("SELECT status, method FROM payments.orders WHERE application_id = $1", number)
    assert order == {"status": "paid", "method": "upi"}

    # Analytics counted each step once: its totals match the services' own tables.
    def counted(status: str) -> int:
        return database("SELECT coalesce(sum(applications), 0) AS n FROM analytics.applications_daily "
                        "WHERE department_id = 'transport' AND service_id = 'learner_licence' AND status = $1",
                        status)[0]["n"]

    [learner_licences] = database("SELECT count(*) AS n FROM applications.applications "
                                  "WHERE service_id = 'learner_licence'")
    assert until(lambda: counted("approved") == learner_licences["n"])
    assert counted("submitted") == counted("under_review") == learner_licences["n"]
    assert until(lambda: database("SELECT 1 FROM analytics.payments_daily WHERE method = 'upi' "
                                  "AND outcome = 'captured' AND amount_paise >= 20000"))
    assert until(lambda: database("SELECT 1 FROM analytics.ocr_outcomes_daily WHERE outcome = 'read'"))
    assert until(lambda: database("SELECT 1 FROM analytics.messages_daily WHERE direction = 'in' "
                                  "AND type = 'image'"))
    assert until(lambda: database("SELECT 1 FROM analytics.messages_daily WHERE direction = 'out' "
                                  "AND type = 'document' AND messages >= 2"))
