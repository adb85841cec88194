"""Citizen messages reach the gateway signed, Meta-encoded, and are retried until accepted."""

import json

import httpx
import pytest
from fake_whatsapp_harness import APP_SECRET, CITIZEN, make_settings, wait_until

from nagrik_fake_whatsapp.app import create_app
from nagrik_fake_whatsapp.webhooks import encode_like_meta, sign

pytestmark = pytest.mark.asyncio


async def test_inbound_is_signed_meta_encoded_and_reports_the_gateway_status(harness):
    result = (
        await harness.client.post(
            "/_fake/inbound",
            json={"from": CITIZEN, "profile_name": "आशा", "message": {"type": "text", "text": {"body": "जन्म / birth"}}},
        )
    ).json()

    assert result["webhook_status"] == 200
    (hook,) = harness.receiver.received
    assert hook.headers["x-hub-signature-256"] == sign(hook.body, APP_SECRET)
    assert hook.body.isascii() and b"\\u091c" in hook.body and b"\\/" in hook.body
    assert hook.body == encode_like_meta(json.loads(hook.body))
    value = hook.value
    assert value["contacts"] == [{"profile": {"name": "आशा"}, "wa_id": CITIZEN}]
    assert value["metadata"]["phone_number_id"] == "100000000000001"
    (message,) = value["messages"]
    assert message["id"] == result["wamid"] and message["from"] == CITIZEN and message["timestamp"].isdigit()
    assert message["text"] == {"body": "जन्म / birth"}


async def test_inbound_is_retried_with_the_same_bytes_after_a_500(harness):
    harness.receiver.scripted_statuses[:] = [500, 503]

    result = await harness.citizen_says("Hi")

    assert result["webhook_status"] == 500
    await wait_until(lambda: len(harness.receiver.received) == 3)
    bodies = {hook.body for hook in harness.receiver.received}
    signatures = {hook.headers["x-hub-signature-256"] for hook in harness.receiver.received}
    assert len(bodies) == 1 and len(signatures) == 1
    await harness.fake.webhooks.wait_idle()
    assert len(harness.receiver.received) == 3


@pytest.mark.parametrize("settings_overrides", [{"webhook_max_attempts": 3}])
async def test_retries_stop_after_the_configured_number_of_attempts(harness):
    harness.receiver.scripted_statuses[:] = [500] * 10

    await harness.citizen_says("Hi")
    await harness.fake.webhooks.wait_idle()

    assert len(harness.receiver.received) == 3


async def test_unreachable_gateway_reports_null_and_keeps_trying():
    attempts = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) < 3:
            raise httpx.ConnectError("connection refused")
        return httpx.Response(200)

    app = create_app(make_settings(), webhook_transport=httpx.MockTransport(refuse))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://fake") as client:
        response = await client.post("/_fake/inbound", json={"from": CITIZEN, "message": {"type": "text", "text": {"body": "Hi"}}})
        assert response.json()["webhook_status"] is None
        await wait_until(lambda: len(attempts) == 3)
    await app.state.fake.aclose()


async def test_interactive_reply_gets_the_business_number_in_its_context(harness):
    await harness.client.post(
        "/_fake/inbound",
        json={
            "from": CITIZEN,
            "message": {
                "type": "interactive",
                "interactive": {"type": "list_reply", "list_reply": {"id": "birth", "title": "Birth"}},
                "context": {"id": "wamid.ABC"},
            },
        },
    )

    (message,) = harness.receiver.messages()
    assert message["context"] == {"from": "911100000000", "id": "wamid.ABC"}
    assert message["interactive"]["list_reply"]["id"] == "birth"


async def test_unsupported_inbound_carries_error_131051(harness):
    await harness.client.post("/_fake/inbound", json={"from": CITIZEN, "message": {"type": "unsupported"}})

    (message,) = harness.receiver.messages()
    assert message["type"] == "unsupported" and message["errors"][0]["code"] == 131051


async def test_inbound_without_its_content_object_is_refused(harness):
    response = await harness.client.post("/_fake/inbound", json={"from": CITIZEN, "message": {"type": "text"}})

    assert response.status_code == 422 and harness.receiver.received == []


async def test_verify_webhook_handshake(harness):
    good = (await harness.client.post("/_fake/verify-webhook", json={"verify_token": "right-token"})).json()
    bad = (await harness.client.post("/_fake/verify-webhook", json={"verify_token": "wrong"})).json()

    assert good["verified"] is True and good["status"] == 200
    assert bad["verified"] is False and bad["status"] == 403

