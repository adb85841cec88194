"""Citizens greet the bot and get the menus in their language, through every service as a process:
fake Meta → gateway → Kafka → conversation → Kafka → notifications → fake Meta."""

from __future__ import annotations

import time

import httpx
import pytest

from nagrik_catalog import load_catalog
from nagrik_dev.stack import DEV_SECRET
from nagrik_fake_whatsapp import webhooks

pytestmark = pytest.mark.e2e

CATALOG = load_catalog()


def text_of(reply: dict) -> str:
    body = reply["body"]
    if reply["type"] == "text":
        return body["text"]["body"]
    return body["interactive"]["body"]["text"]


def row_titles(reply: dict) -> list[str]:
    return [row["title"] for s in reply["body"]["interactive"]["action"]["sections"] for row in s["rows"]]


@pytest.mark.parametrize(
    "wa_id, greeting, language_button, confirmation_word, department_word",
    [
        ("919812300001", "नमस्ते", "हिंदी", "हिंदी", "विभाग"),
        ("919812300002", "Hii", "English", "English", "department"),
    ],
)
def test_citizen_gets_menus_in_their_language(citizen_factory, wa_id, greeting, language_button,
                                               confirmation_word, department_word):
    language = "hi" if language_button == "हिंदी" else "en"
    citizen = citizen_factory(wa_id)
    citizen.say(greeting)
    [welcome] = citizen.replies(1)
    buttons = [b["reply"]["title"] for b in welcome["body"]["interactive"]["action"]["buttons"]]
    assert buttons == ["English", "हिंदी"]

    citizen.choose(language_button)
    confirmation, departments = citizen.replies(2)
    assert confirmation_word in text_of(confirmation)
    assert department_word in text_of(departments)
    department = CATALOG.departments[0]
    assert department.list_title(language) in row_titles(departments)

    citizen.choose(department.list_title(language))
    [services] = citizen.replies(1)
    service = CATALOG.services_of(department.id)[0]
    assert service.list_title(language) in row_titles(services)

    citizen.choose(service.list_title(language))
    summary, _offer_to_apply = citizen.replies(2)
    assert service.name.get(language) in text_of(summary)

    # Meta's status webhooks travelled back through the gateway to notifications and to the transcript.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        entries = citizen.http.get(f"/_fake/transcripts/{wa_id}").json()["entries"]
        if all(e["status"] == "read" for e in entries if e["direction"] == "out"):
            break
        time.sleep(0.3)
    assert all(e["status"] == "read" for e in entries if e["direction"] == "out")


def test_a_webhook_delivered_twice_gets_one_reply(stack, citizen_factory):
    """Meta retries and may deliver the same notification twice; the citizen must not hear twice."""
    wa_id = "919812300003"
    payload = webhooks.message_webhook(
        phone_number_id="100000000000001", display_phone_number="911100000000", waba_id="100000000000002",
        wa_id=wa_id, profile_name="Ravi", messages=[webhooks.text_message(wa_id=wa_id, body="Hi")],
    )
    body = webhooks.encode_like_meta(payload)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": webhooks.sign(body, DEV_SECRET)}
    gateway = f"http://127.0.0.1:{stack.ports.gateway}/webhooks/whatsapp"
    for _ in range(2):
        assert httpx.post(gateway, content=body, headers=headers).status_code == 200

    citizen = citizen_factory(wa_id)
    citizen.replies(1)
    time.sleep(3)
    outbound = [e for e in citizen.http.get(f"/_fake/transcripts/{wa_id}").json()["entries"] if e["direction"] == "out"]
    assert len(outbound) == 1
