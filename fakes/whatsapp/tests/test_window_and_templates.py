"""The 24-hour customer-service window and approved templates."""

import pytest
from fake_whatsapp_harness import CITIZEN, text_body, wait_until

pytestmark = pytest.mark.asyncio


def template_body(name: str = "session_reopen", language: str = "hi", parameters: list[str] | None = None, **extra) -> dict:
    components = [{"type": "body", "parameters": [{"type": "text", "text": p} for p in (parameters or ["आशा"])]}]
    template = {"name": name, "language": {"code": language}, "components": components, **extra}
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": CITIZEN, "type": "template", "template": template}


async def test_free_form_to_a_citizen_who_never_wrote_is_refused_with_131047(harness):
    response = await harness.send(text_body())

    assert response.status_code == 400
    assert response.json()["error"]["code"] == 131047


async def test_free_form_allowed_within_24_hours_of_the_last_inbound(harness):
    await harness.citizen_says("Hi")
    await harness.client.post("/_fake/last-inbound", json={"wa_id": CITIZEN, "seconds_ago": 23 * 3600})

    assert (await harness.send(text_body())).status_code == 200


async def test_free_form_refused_once_the_last_inbound_is_older_than_24_hours(harness):
    await harness.citizen_says("Hi")
    moved = await harness.client.post("/_fake/last-inbound", json={"wa_id": CITIZEN, "seconds_ago": 24 * 3600 + 1})

    assert moved.json()["within_window"] is False
    response = await harness.send(text_body())
    assert response.status_code == 400 and response.json()["error"]["code"] == 131047
    entries = (await harness.client.get(f"/_fake/transcripts/{CITIZEN}")).json()["entries"]
    assert [entry["direction"] for entry in entries] == ["in"]


async def test_template_allowed_outside_the_window(harness):
    response = await harness.send(template_body("session_reopen", "hi", ["आशा"]))

    assert response.status_code == 200, response.text


async def test_template_billed_in_its_category(harness):
    await harness.send(template_body("session_reopen", "en", ["Asha"]))

    await wait_until(lambda: len(harness.receiver.statuses()) == 3)
    sent = harness.receiver.statuses()[0]
    assert sent["pricing"]["category"] == "utility" and sent["pricing"]["billable"] is True
    assert sent["conversation"]["origin"] == {"type": "utility"}


async def test_unknown_template_is_132001(harness):
    response = await harness.send(template_body("free_money"))

    assert response.status_code == 400 and response.json()["error"]["code"] == 132001


async def test_template_language_must_exist_for_that_template(harness):
    response = await harness.send(template_body("session_reopen", "ta"))

    assert response.json()["error"]["code"] == 132001


async def test_template_parameter_count_must_match(harness):
    response = await harness.send(template_body("application_update", "en", ["A-1"]))

    assert response.json()["error"]["code"] == 132000
    ok = await harness.send(template_body("application_update", "en", ["A-1", "Birth certificate", "Approved"]))
    assert ok.status_code == 200


async def test_document_header_template_needs_a_document(harness):
    body = template_body("certificate_ready", "en", ["Birth certificate", "A-1"])
    assert (await harness.send(body)).json()["error"]["code"] == 132000

    body["template"]["components"].append(
        {"type": "header", "parameters": [{"type": "image", "image": {"link": "https://example.org/c.png"}}]}
    )
    assert (await harness.send(body)).json()["error"]["code"] == 132012

    body["template"]["components"][-1] = {
        "type": "header",
        "parameters": [{"type": "document", "document": {"link": "https://example.org/c.pdf", "filename": "c.pdf"}}],
    }
    assert (await harness.send(body)).status_code == 200


async def test_window_error_as_a_failed_status_when_configured(harness):
    harness.fake.settings.window_error_delivery = "status"

    response = await harness.send(text_body())

    assert response.status_code == 200
    await wait_until(lambda: len(harness.receiver.statuses()) == 1)
    (status,) = harness.receiver.statuses()
    assert status["status"] == "failed" and status["errors"][0]["code"] == 131047
