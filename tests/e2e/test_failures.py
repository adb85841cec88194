"""What goes wrong in real life, end to end: the gateway delivers a webhook twice, a payment fails and is
retried, a citizen sends something that is not a photo, a department decides on an application that does
not exist. Every service is a real process; the citizen's side is asserted at the fake Cloud API."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from nagrik_contracts.identifiers import verhoeff_check_digit

pytestmark = pytest.mark.e2e

AADHAAR = "45678901234" + verhoeff_check_digit("45678901234")
PAYMENT_LINK = re.compile(r"https?://\S+/pay/[\w-]+")
NUMBER = re.compile(r"DL-[A-Z]{3}-\d{4}-\d{6}")
TYPED = {  # answers for any form, by field id; choices by option id
    "applicant_name": "Ravi Kumar", "father_name": "Mohan Kumar", "date_of_birth": "02/01/1988", "gender": "male",
    "mobile": "9812300031", "aadhaar_number": AADHAAR, "address": "4 Lajpat Nagar, Delhi", "pincode": "110024",
    "annual_family_income": "180000", "purpose": "Scholarship", "dl_number": "DL0420110012345", "reason": "lost",
    "business_name": "Meena Tea Stall", "food_items": "Tea, samosa", "annual_turnover": "300000",
}


def submit_with_typed_answers(person) -> str:
    """Open the service, skip the photo, type every answer, submit; returns the application number."""
    chat = person.citizen
    person.open_service()
    chat.wait_for(lambda reply: person.title("skip_button") in str(reply["body"]))
    chat.choose(person.title("skip_button"))
    person.answer_questions({field.id: TYPED[field.id] for field in person.service.fields})
    chat.choose(person.title("submit_button"))
    _, registered = chat.wait_for(lambda reply: any(words in chat.text_of(reply)
                                                    for words in ("Application number", "आवेदन संख्या")))
    return NUMBER.search(chat.text_of(registered)).group(0)


def receipts_of(chat) -> list[dict]:
    return [reply for reply in chat.everything_received()
            if reply["type"] == "document" and reply["body"]["document"]["filename"].startswith("NGR-")]


def test_a_payment_webhook_delivered_twice_pays_once_and_sends_one_receipt(applicant, payment_page, database):
    ravi = applicant("919812300031", "driving_licence_duplicate", "en", name="Ravi")
    number = submit_with_typed_answers(ravi)
    chat = ravi.citizen
    _, fee = chat.wait_for("Fee for application")

    payment_page.pay(PAYMENT_LINK.search(chat.text_of(fee)).group(0), method="card", deliver_twice=True)

    chat.wait_for(lambda reply: reply["type"] == "document")
    chat.wait_for("with the department for review")
    time.sleep(3)  # a second capture, if there were one, would have been told by now
    told = [chat.text_of(reply) for reply in chat.everything_received()]
    assert sum("received for application" in text for text in told) == 1
    assert len(receipts_of(chat)) == 1
    [order] = database("SELECT status, method FROM payments.orders WHERE application_id = $1", number)
    assert order == {"status": "paid", "method": "card"}
    [app] = database("SELECT status FROM applications.applications WHERE application_id = $1", number)
    assert app["status"] == "under_review"


def test_a_failed_payment_then_a_successful_retry_is_told_and_paid_once(applicant, payment_page, database, until):
    meena = applicant("919812300032", "food_business_registration", "hi", name="Meena")
    number = submit_with_typed_answers(meena)
    chat = meena.citizen
    _, fee = chat.wait_for("शुल्क")

    payment_page.pay(PAYMENT_LINK.search(chat.text_of(fee)).group(0), outcome="failed_then_captured")

    chat.wait_for(lambda reply: reply["type"] == "document")
    told = [chat.text_of(reply) for reply in chat.everything_received()]
    assert any(number in text and "भुगतान पूरा नहीं हुआ" in text for text in told)
    assert sum(number in text and "का भुगतान मिल गया" in text for text in told) == 1
    assert len(receipts_of(chat)) == 1
    [order] = database("SELECT status FROM payments.orders WHERE application_id = $1", number)
    assert order["status"] == "paid"
    assert until(lambda: database("SELECT 1 FROM analytics.payments_daily WHERE outcome = 'failed' "
                                  "AND method = 'upi'"))


def test_a_file_that_is_not_a_photo_is_refused_with_a_reason_and_the_form_goes_on(applicant, database, until):
    sunita = applicant("919812300033", "income_certificate", "en", name="Sunita")
    chat = sunita.citizen
    sunita.open_service()
    chat.wait_for("Aadhaar card")

    chat.send_file(b"Dear sir, please find my details below.\n", "text/plain", kind="document",
                   filename="details.txt")
    chat.wait_for("This kind of file cannot be read", timeout=60)
    chat.send_file(b"\xff\xd8\xff\xe0 this is not really a photo", "image/jpeg")
    chat.wait_for("damaged or incomplete", timeout=60)

    # The citizen can still go on without a photo.
    chat.choose(sunita.title("skip_button"))
    chat.wait_for(lambda reply: chat.text_of(reply).startswith("(1/"))
    assert until(lambda: database("SELECT 1 FROM analytics.ocr_outcomes_daily WHERE outcome = 'rejected:wrong_type'"))
    assert until(lambda: database("SELECT 1 FROM analytics.ocr_outcomes_daily WHERE outcome = 'rejected:corrupt'"))


def test_a_decision_for_an_unknown_application_is_refused_to_the_department_and_dead_lettered(stack, department, database):
    unknown = "DL-INC-2026-999999"
    officer = department.run("approve", "--department", "revenue", "--application", unknown, "--officer", "SDM")
    assert officer.returncode == 1  # the department hears why, on its own topic
    assert f"refused: decision for unknown application {unknown}" in officer.stderr

    environment = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": stack.infrastructure.kafka_bootstrap_servers}
    deadline = time.monotonic() + 60
    while True:
        listed = subprocess.run([sys.executable, "-m", "nagrik_dev.cli", "deadletters", "list"], env=environment,
                                capture_output=True, text=True, timeout=60)
        assert listed.returncode == 0, listed.stderr
        if f"decision for unknown application {unknown}" in listed.stdout or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert f"decision for unknown application {unknown}" in listed.stdout
    assert "applications" in listed.stdout
    assert database("SELECT 1 FROM applications.applications WHERE application_id = $1", unknown) == []
