"""A citizen applies in English for a free certificate, typing her details instead of sending a photo; it
goes straight to the department (no fee), whose officer finds it with the department CLI and rejects it
with a reason that reaches the citizen — every service a real process."""

from __future__ import annotations

import re

import httpx
import pytest

from nagrik_contracts.identifiers import verhoeff_check_digit

pytestmark = pytest.mark.e2e

AADHAAR = "23456789012" + verhoeff_check_digit("23456789012")
ANSWERS = {
    "applicant_name": "Asha Devi", "father_name": "Ram Prasad", "date_of_birth": "15/08/1990", "gender": "female",
    "mobile": "9812345678", "aadhaar_number": AADHAAR, "address": "7 Mayur Vihar, Delhi", "pincode": "110091",
    "annual_family_income": "120000", "purpose": "Scholarship",
}


def test_a_free_certificate_goes_to_the_department_which_rejects_it_with_a_reason(stack, applicant, department,
                                                                                  database):
    asha = applicant("919812300010", "income_certificate", "en", name="Asha")
    chat = asha.citizen
    asha.open_service()
    chat.wait_for("Aadhaar card")
    chat.choose(asha.title("skip_button"))

    summary, _ = asha.answer_questions(ANSWERS)
    assert f"XXXX XXXX {AADHAAR[-4:]}" in chat.text_of(summary) and AADHAAR not in chat.text_of(summary)
    chat.choose(asha.title("submit_button"))
    _, registered = chat.wait_for("Application number")
    number = re.search(r"DL-INC-\d{4}-\d{6}", chat.text_of(registered)).group(0)

    listed = department.run("list", "--department", "revenue")
    assert listed.returncode == 0 and number in listed.stdout, listed.stderr

    recorded = department.decide("reject", "revenue", number, reason="The income proof is not attested.",
                                 officer="SDM (East)")
    assert recorded["status"] == "rejected"
    _, rejected = chat.wait_for("not attested")
    assert number in chat.text_of(rejected)
    assert not [reply for reply in chat.everything_received() if reply["type"] == "document"]

    status = httpx.get(f"http://127.0.0.1:{stack.ports.applications}/applications/{number}", timeout=10).json()
    assert status["status"] == "rejected"
    [stored] = database("SELECT answers FROM applications.applications WHERE application_id = $1", number)
    assert AADHAAR not in stored["answers"] and f"XXXX XXXX {AADHAAR[-4:]}" in stored["answers"]
