"""A citizen pays: payments, order states and webhooks in Razorpay's order, duplicates, pending payments."""

import hashlib
import hmac
import re

import pytest

pytestmark = pytest.mark.asyncio


async def test_a_captured_upi_payment_pays_the_order_and_sends_captured_then_order_paid(harness):
    order = await harness.create_order(amount=5000)

    result = await harness.pay(order_id=order["id"], method="upi", outcome="captured", vpa="asha@okhdfcbank")

    (payment_id,) = result["payment_ids"]
    assert re.fullmatch(r"pay_[A-Za-z0-9]{14}", payment_id)
    assert result["order_status"] == "paid"
    assert harness.receiver.events() == ["payment.captured", "order.paid"]
    captured, paid = harness.receiver.received
    assert captured.event_id != paid.event_id
    assert [(hook["event"], hook["status"]) for hook in result["webhooks"]] == [
        ("payment.captured", 200),
        ("order.paid", 200),
    ]
    assert [hook["event_id"] for hook in result["webhooks"]] == [captured.event_id, paid.event_id]

    assert captured.payload["contains"] == ["payment"] and paid.payload["contains"] == ["payment", "order"]
    entity = captured.entity("payment")
    assert entity["id"] == payment_id and entity["order_id"] == order["id"]
    assert entity["status"] == "captured" and entity["captured"] is True and entity["method"] == "upi"
    assert entity["vpa"] == "asha@okhdfcbank" and re.fullmatch(r"\d{12}", entity["acquirer_data"]["rrn"])
    assert entity["error_code"] is None and entity["error_reason"] is None
    assert paid.entity("order")["status"] == "paid" and paid.entity("order")["amount_paid"] == 5000

    assert await harness.payment(payment_id) == entity
    assert (await harness.order(order["id"]))["status"] == "paid"
    assert (await harness.order(order["id"]))["amount_due"] == 0 and (await harness.order(order["id"]))["attempts"] == 1


async def test_a_failed_payment_leaves_the_order_attempted(harness):
    order = await harness.create_order()

    result = await harness.pay(order_id=order["id"], outcome="failed", error_reason="insufficient_funds")

    assert result["order_status"] == "attempted" and result["payments"][0]["status"] == "failed"
    (hook,) = harness.receiver.received
    assert hook.event == "payment.failed"
    payment = hook.entity("payment")
    assert payment["status"] == "failed" and payment["captured"] is False
    assert payment["error_code"] == "BAD_REQUEST_ERROR" and payment["error_reason"] == "insufficient_funds"
    assert payment["error_source"] == "customer" and payment["error_step"] == "payment_authorization"
    assert payment["error_description"]
    assert result["checkout"] is None


async def test_failed_then_captured_is_a_upi_retry_on_the_same_order(harness):
    order = await harness.create_order()

    result = await harness.pay(order_id=order["id"], outcome="failed_then_captured")

    assert harness.receiver.events() == ["payment.failed", "payment.captured", "order.paid"]
    failed_id, captured_id = result["payment_ids"]
    failed, captured, paid = harness.receiver.received
    assert failed.entity("payment")["id"] == failed_id and captured.entity("payment")["id"] == captured_id
    assert paid.entity("payment")["id"] == captured_id
    assert len({hook.event_id for hook in harness.receiver.received}) == 3
    after = await harness.order(order["id"])
    assert after["status"] == "paid" and after["attempts"] == 2


async def test_deliver_twice_sends_each_event_twice_with_the_same_id_and_bytes(harness):
    order = await harness.create_order()

    result = await harness.pay(order_id=order["id"], deliver_twice=True)

    assert harness.receiver.events() == ["payment.captured", "payment.captured", "order.paid", "order.paid"]
    first, again, paid, paid_again = harness.receiver.received
    assert first.event_id == again.event_id and first.body == again.body
    assert paid.event_id == paid_again.event_id and first.event_id != paid.event_id
    assert first.headers["x-razorpay-signature"] == again.headers["x-razorpay-signature"]
    assert [hook["kind"] for hook in result["webhooks"]] == ["first", "duplicate", "first", "duplicate"]


async def test_pending_sends_nothing_and_a_later_settle_is_seen_only_by_querying(harness):
    order = await harness.create_order()

    result = await harness.pay(order_id=order["id"], outcome="pending")

    (payment_id,) = result["payment_ids"]
    assert result["webhooks"] == [] and harness.receiver.received == []
    assert (await harness.payment(payment_id))["status"] == "created"
    assert (await harness.order(order["id"]))["status"] == "attempted"

    settled = (await harness.client.post("/_fake/settle", json={"payment_id": payment_id, "status": "captured"})).json()

    assert settled["webhooks"] == [] and settled["order_status"] == "paid"
    await harness.fake.webhooks.wait_idle()
    assert harness.receiver.received == []
    payment = await harness.payment(payment_id)
    assert payment["status"] == "captured" and payment["captured"] is True and payment["acquirer_data"]["rrn"]
    assert (await harness.order(order["id"]))["status"] == "paid"


async def test_a_pending_payment_can_also_end_failed(harness):
    order = await harness.create_order()
    (payment_id,) = (await harness.pay(order_id=order["id"], outcome="pending"))["payment_ids"]

    await harness.client.post("/_fake/settle", json={"payment_id": payment_id, "status": "failed"})

    payment = await harness.payment(payment_id)
    assert payment["status"] == "failed" and payment["error_reason"] == "payment_timed_out"
    assert (await harness.order(order["id"]))["status"] == "attempted"


async def test_settle_can_send_the_webhooks_late(harness):
    order = await harness.create_order()
    (payment_id,) = (await harness.pay(order_id=order["id"], outcome="pending"))["payment_ids"]

    await harness.client.post("/_fake/settle", json={"payment_id": payment_id, "status": "captured", "webhooks": True})

    assert harness.receiver.events() == ["payment.captured", "order.paid"]


async def test_settling_twice_or_an_unknown_payment_is_refused(harness):
    order = await harness.create_order()
    (payment_id,) = (await harness.pay(order_id=order["id"]))["payment_ids"]

    again = await harness.client.post("/_fake/settle", json={"payment_id": payment_id, "status": "failed"})
    unknown = await harness.client.post("/_fake/settle", json={"payment_id": "pay_00000000000000", "status": "failed"})

    assert again.status_code == 409 and unknown.status_code == 404
    assert (await harness.payment(payment_id))["status"] == "captured"


async def test_an_authorized_pending_payment_is_captured_through_the_api(harness, waiter):
    order = await harness.create_order(amount=5000)
    (payment_id,) = (await harness.pay(order_id=order["id"], outcome="pending", pending_status="authorized"))[
        "payment_ids"
    ]
    assert (await harness.payment(payment_id))["status"] == "authorized"

    wrong = await harness.api.post(f"/v1/payments/{payment_id}/capture", json={"amount": 4000, "currency": "INR"})
    response = await harness.api.post(f"/v1/payments/{payment_id}/capture", json={"amount": 5000, "currency": "INR"})
    twice = await harness.api.post(f"/v1/payments/{payment_id}/capture", json={"amount": 5000, "currency": "INR"})

    assert wrong.status_code == 400 and wrong.json()["error"]["field"] == "amount"
    assert response.status_code == 200 and response.json()["status"] == "captured"
    assert twice.status_code == 400 and "already been captured" in twice.json()["error"]["description"]
    await waiter(lambda: harness.receiver.events() == ["payment.captured", "order.paid"])


async def test_a_paid_order_cannot_be_paid_again(harness):
    order = await harness.create_order()
    await harness.pay(order_id=order["id"])

    response = await harness.client.post("/_fake/pay", json={"order_id": order["id"]})

    assert response.status_code == 409
    assert len(harness.fake.payments) == 1


async def test_a_late_success_after_the_order_was_paid_is_a_double_charge_without_a_second_order_paid(harness):
    order = await harness.create_order()
    (late_id,) = (await harness.pay(order_id=order["id"], outcome="pending"))["payment_ids"]
    await harness.pay(order_id=order["id"])

    await harness.client.post("/_fake/settle", json={"payment_id": late_id, "status": "captured", "webhooks": True})

    assert harness.receiver.events() == ["payment.captured", "order.paid", "payment.captured"]
    payments = (await harness.api.get(f"/v1/orders/{order['id']}/payments")).json()["items"]
    assert [payment["status"] for payment in payments] == ["captured", "captured"]


@pytest.mark.parametrize(
    "method, field, value",
    [("card", "card_id", r"card_[A-Za-z0-9]{14}"), ("netbanking", "bank", "HDFC"), ("wallet", "wallet", "paytm")],
)
async def test_other_methods_carry_their_own_fields(harness, method, field, value):
    order = await harness.create_order()

    (payment_id,) = (await harness.pay(order_id=order["id"], method=method))["payment_ids"]

    payment = await harness.payment(payment_id)
    assert payment["method"] == method and payment["vpa"] is None and re.fullmatch(value, payment[field])


async def test_the_checkout_result_is_signed_with_the_key_secret(harness):
    order = await harness.create_order()

    result = await harness.pay(order_id=order["id"])

    checkout = result["checkout"]
    message = f"{order['id']}|{checkout['razorpay_payment_id']}".encode()
    expected = hmac.new(harness.settings.key_secret.encode(), message, hashlib.sha256).hexdigest()
    assert checkout["razorpay_order_id"] == order["id"] and checkout["razorpay_signature"] == expected


@pytest.mark.parametrize(
    "body, status",
    [({}, 422), ({"order_id": "order_00000000000000"}, 404), ({"order_id": "x", "payment_link_id": "y"}, 422)],
)
async def test_pay_needs_exactly_one_known_target(harness, body, status):
    response = await harness.client.post("/_fake/pay", json=body)

    assert response.status_code == status
