"""Webhooks reach the gateway signed over their raw bytes, and are retried until a 2xx comes in time."""

import hashlib
import hmac
import json

import httpx
import pytest

from nagrik_fake_payment_gateway.app import create_app

pytestmark = pytest.mark.asyncio


def razorpay_signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def test_signature_verifies_over_the_exact_raw_bytes_only(harness):
    order = await harness.create_order(notes={"service": "जन्म प्रमाण पत्र / birth"})
    await harness.pay(order_id=order["id"])

    hook = harness.receiver.received[1]  # order.paid carries the order's notes
    secret = harness.settings.webhook_secret
    assert hook.headers["x-razorpay-signature"] == razorpay_signature(hook.body, secret)
    assert hook.headers["content-type"] == "application/json"
    # Re-serialising the parsed JSON gives other bytes (PHP-style \/ and \uXXXX escapes), so it does not verify.
    assert hook.body.isascii() and b"\\/" in hook.body and b"\\u091c" in hook.body
    reserialised = json.dumps(json.loads(hook.body)).encode()
    assert razorpay_signature(reserialised, secret) != hook.headers["x-razorpay-signature"]
    tampered = hook.body.replace(b'"amount":5000', b'"amount":9000', 1)
    assert tampered != hook.body
    assert razorpay_signature(tampered, secret) != hook.headers["x-razorpay-signature"]
    assert razorpay_signature(hook.body, "another-secret") != hook.headers["x-razorpay-signature"]


async def test_envelope_has_razorpays_fields(harness):
    order = await harness.create_order()
    await harness.pay(order_id=order["id"])

    payload = harness.receiver.received[1].payload
    assert set(payload) == {"entity", "account_id", "event", "contains", "payload", "created_at"}
    assert payload["entity"] == "event" and payload["account_id"] == harness.settings.account_id
    assert isinstance(payload["created_at"], int)
    assert set(payload["payload"]) == {"payment", "order"}


async def test_a_500_is_retried_with_the_same_bytes_and_event_id(harness, waiter):
    harness.receiver.scripted_statuses[:] = [500]
    order = await harness.create_order()

    result = await harness.pay(order_id=order["id"])

    assert result["webhooks"][0]["status"] == 500
    await waiter(lambda: len(harness.receiver.received) == 3)
    first, second, retry = harness.receiver.received
    assert (first.event, second.event, retry.event) == ("payment.captured", "order.paid", "payment.captured")
    assert retry.body == first.body and retry.event_id == first.event_id
    assert retry.headers["x-razorpay-signature"] == first.headers["x-razorpay-signature"]
    await harness.fake.webhooks.wait_idle()
    assert len(harness.receiver.received) == 3
    log = (await harness.client.get("/_fake/webhooks", params={"event_id": first.event_id})).json()["deliveries"]
    assert [(entry["kind"], entry["attempt"], entry["status"], entry["accepted"]) for entry in log] == [
        ("first", 1, 500, False),
        ("retry", 2, 200, True),
    ]


@pytest.mark.parametrize("settings_overrides", [{"webhook_timeout_seconds": 0.2}])
async def test_an_answer_slower_than_the_timeout_counts_as_failed_and_is_retried(harness, waiter):
    harness.receiver.scripted_delays[:] = [0.5]
    order = await harness.create_order()

    result = await harness.pay(order_id=order["id"])

    assert result["webhooks"][0]["status"] is None and "no answer within 0.2 s" in result["webhooks"][0]["error"]
    await waiter(lambda: len(harness.receiver.received) == 3)
    assert harness.receiver.received[2].event_id == harness.receiver.received[0].event_id


@pytest.mark.parametrize("settings_overrides", [{"webhook_max_attempts": 3}])
async def test_retries_stop_after_the_configured_number_of_attempts(harness):
    harness.receiver.scripted_statuses[:] = [503] * 10
    order = await harness.create_order()

    await harness.pay(order_id=order["id"], outcome="failed")
    await harness.fake.webhooks.wait_idle()

    assert harness.receiver.events() == ["payment.failed"] * 3


async def test_any_2xx_is_accepted(harness):
    harness.receiver.scripted_statuses[:] = [204]
    order = await harness.create_order()

    await harness.pay(order_id=order["id"], outcome="failed")
    await harness.fake.webhooks.wait_idle()

    assert len(harness.receiver.received) == 1


async def test_redeliver_sends_an_old_event_again_byte_for_byte(harness):
    order = await harness.create_order()
    result = await harness.pay(order_id=order["id"])
    event_id = result["webhooks"][0]["event_id"]

    again = (await harness.client.post("/_fake/redeliver", json={"event_id": event_id})).json()

    assert again["webhooks"] == [
        {"event": "payment.captured", "event_id": event_id, "kind": "redelivery", "status": 200, "error": None}
    ]
    assert harness.receiver.received[-1].body == harness.receiver.received[0].body
    missing = await harness.client.post("/_fake/redeliver", json={"event_id": "nope"})
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "settings_overrides", [{"webhook_events": "payment.authorized,payment.captured,payment.failed"}]
)
async def test_only_subscribed_events_are_sent(harness):
    order = await harness.create_order()

    await harness.pay(order_id=order["id"])

    assert harness.receiver.events() == ["payment.authorized", "payment.captured"]
    authorized = harness.receiver.received[0].entity("payment")
    assert authorized["status"] == "authorized" and authorized["captured"] is False


async def test_unknown_subscribed_event_is_a_settings_error(settings_factory):
    with pytest.raises(ValueError, match="unknown webhook events"):
        settings_factory(webhook_events="payment.captured,payment.exploded")


async def test_unreachable_gateway_reports_null_and_keeps_trying(settings_factory, waiter):
    attempts = []

    def refuse_twice(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) < 3:
            raise httpx.ConnectError("connection refused")
        return httpx.Response(200)

    app = create_app(
        settings_factory(webhook_events="payment.failed"), webhook_transport=httpx.MockTransport(refuse_twice)
    )
    auth = (app.state.fake.settings.key_id, app.state.fake.settings.key_secret)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://fake", auth=auth) as client:
        order = (await client.post("/v1/orders", json={"amount": 5000, "currency": "INR"})).json()
        result = (await client.post("/_fake/pay", json={"order_id": order["id"], "outcome": "failed"})).json()
        assert result["webhooks"][0]["status"] is None and "ConnectError" in result["webhooks"][0]["error"]
        await waiter(lambda: len(attempts) == 3)
        assert {request.headers["x-razorpay-event-id"] for request in attempts} == {result["webhooks"][0]["event_id"]}
    await app.state.fake.aclose()


@pytest.mark.parametrize("settings_overrides", [{"webhook_url": ""}])
async def test_an_empty_webhook_url_sends_nothing(harness):
    order = await harness.create_order()

    result = await harness.pay(order_id=order["id"])

    assert [hook["status"] for hook in result["webhooks"]] == [None, None]
    assert harness.receiver.received == [] and result["order_status"] == "paid"


async def test_reset_forgets_everything_and_cancels_retries(harness):
    harness.receiver.scripted_statuses[:] = [500] * 10
    order = await harness.create_order()
    await harness.pay(order_id=order["id"])

    await harness.client.post("/_fake/reset")

    assert (await harness.api.get("/v1/orders")).json()["count"] == 0
    assert (await harness.client.get("/_fake/webhooks")).json() == {"deliveries": []}
    await harness.fake.webhooks.wait_idle(timeout=0.2)
    assert harness.fake.webhooks.attempts == []
