"""The adapter against the fake gateway in-process (ASGI transport): request and response shapes, errors."""

from __future__ import annotations

import uuid

import httpx
import pytest
from pydantic import SecretStr

from nagrik_fake_payment_gateway.app import create_app
from nagrik_fake_payment_gateway.settings import FakePaymentGatewaySettings
from nagrik_payments.gateway_api import AuthenticationFailed, GatewayApi, GatewayRefused, GatewayUnavailable

KEY_ID, KEY_SECRET = "rzp_test_Unit0001", "unit-secret"


@pytest.fixture
async def fake():
    app = create_app(FakePaymentGatewaySettings(key_id=KEY_ID, key_secret=KEY_SECRET, webhook_url=""))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://fake") as control:
        yield app, control
    await app.state.fake.aclose()


def api_for(app, *, secret: str = KEY_SECRET) -> GatewayApi:
    return GatewayApi(base_url="http://fake", key_id=KEY_ID, key_secret=SecretStr(secret),
                      transport=httpx.ASGITransport(app=app))


def receipt() -> str:
    return "ngr_" + uuid.uuid4().hex


async def test_an_order_is_created_once_per_receipt(fake):
    app, _ = fake
    api = api_for(app)
    ours = receipt()
    first = await api.find_or_create_order(amount_paise=5000, receipt=ours, notes={"application_id": "A-1"})
    again = await api.find_or_create_order(amount_paise=5000, receipt=ours)
    assert first == again
    assert first.id.startswith("order_") and first.status == "created" and first.receipt == ours
    assert (await api.get_order(first.id)).amount == 5000
    assert await api.order_payments(first.id) == []
    await api.aclose()


async def test_a_payment_link_is_found_again_by_reference(fake):
    app, _ = fake
    api = api_for(app)
    ours = receipt()
    link = await api.create_payment_link(amount_paise=5000, reference_id=ours, description="Income certificate")
    assert link.id.startswith("plink_") and link.short_url.endswith(f"/pay/{link.id}") and link.reference_id == ours
    assert await api.create_payment_link(amount_paise=5000, reference_id=ours, description="again") == link
    await api.aclose()


async def test_payments_are_read_back_with_their_details(fake):
    app, control = fake
    api = api_for(app)
    order = await api.create_order(amount_paise=5000, receipt=receipt())
    paid = (await control.post("/_fake/pay", json={"order_id": order.id, "outcome": "failed_then_captured",
                                                    "error_reason": "payment_declined"})).json()
    failed_id, captured_id = paid["payment_ids"]
    failed, captured = await api.get_payment(failed_id), await api.get_payment(captured_id)
    assert (failed.status, failed.error_reason, failed.order_id) == ("failed", "payment_declined", order.id)
    assert (captured.status, captured.method, captured.amount) == ("captured", "upi", 5000)
    assert captured.rrn
    assert {p.id for p in await api.order_payments(order.id)} == {failed_id, captured_id}
    await api.aclose()


async def test_errors_are_typed(fake):
    app, control = fake
    with pytest.raises(AuthenticationFailed):
        await api_for(app, secret="wrong").get_order("order_x")
    api = api_for(app)
    with pytest.raises(GatewayRefused) as unknown:
        await api.get_payment("pay_DoesNotExist00")
    assert unknown.value.status == 400 and not unknown.value.retryable
    with pytest.raises(GatewayRefused) as small:
        await api.create_order(amount_paise=99, receipt=receipt())
    assert small.value.field == "amount"
    await control.post("/_fake/faults", json={"status": 503, "on": "orders"})
    with pytest.raises(GatewayUnavailable) as outage:
        await api.find_order_by_receipt(receipt())
    assert outage.value.retryable
    await api.aclose()
