"""A citizen applies for a free certificate in the chat, a department officer approves it with the
department CLI, and the certificate arrives in the chat — every service a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx
import pytest

from nagrik_catalog import load_catalog
from nagrik_contracts.identifiers import verhoeff_check_digit

pytestmark = pytest.mark.e2e

AADHAAR = "23456789012" + verhoeff_check_digit("23456789012")
TYPED = {"text": "Asha Devi", "date": "15/08/1990", "choice": "1", "phone": "9812345678", "aadhaar": AADHAAR,
         "pincode": "110001", "number": "120000"}


def body_of(reply: dict) -> str:
    body = reply["body"]
    return body["text"]["body"] if reply["type"] == "text" else body.get("interactive", {}).get("body", {}).get("text", "")


def replies_until(citizen, predicate, timeout: float = 60.0) -> tuple[list[dict], dict]:
    """Replies until one matches (updates from different services may interleave): all, and the match."""
    seen: list[dict] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen += citizen.replies(1, timeout=max(1.0, deadline - time.monotonic()))
        for reply in seen:
            if predicate(reply):
                return seen, reply
    raise AssertionError(f"no matching reply among {seen}")


def test_apply_get_a_number_and_receive_the_approved_certificate(stack, citizen_factory):
    service = load_catalog().service("income_certificate")
    department = load_catalog().department(service.department)
    asha = citizen_factory("919812300010", "Asha")
    asha.say("Hi")
    asha.replies(1)
    asha.choose("English")
    asha.replies(2)
    asha.choose(department.list_title("en"))
    asha.replies(1)
    asha.choose(service.list_title("en"))
    asha.replies(2)
    asha.choose("Apply")
    for field in service.fields:
        asha.replies(1)
        asha.say(TYPED[field.type])
    summary, _question = asha.replies(2)
    assert f"XXXX XXXX {AADHAAR[-4:]}" in body_of(summary) and AADHAAR not in body_of(summary)
    asha.choose("Submit")

    _, registered = replies_until(asha, lambda reply: "Application number" in body_of(reply))
    number = re.search(r"DL-[A-Z]{3}-\d{4}-\d{6}", body_of(registered)).group(0)

    officer = subprocess.run(
        [sys.executable, "-m", "nagrik_applications.department", "approve", "--department", department.id,
         "--application", number, "--officer", "SDM (East)"],
        env={**os.environ, "KAFKA_BOOTSTRAP_SERVERS": stack.infrastructure.kafka_bootstrap_servers},
        capture_output=True, text=True, timeout=60,
    )
    assert officer.returncode == 0, officer.stderr

    told, certificate = replies_until(asha, lambda reply: reply["type"] == "document")
    assert any("approved" in body_of(reply) for reply in told)
    document = certificate["body"]["document"]
    assert document["filename"] == f"{number}.pdf"
    pdf = httpx.get(document["link"], timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    status = httpx.get(f"http://127.0.0.1:{stack.ports.applications}/applications/{number}", timeout=10).json()
    assert status["status"] == "certificate_issued"
