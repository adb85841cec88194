"""Injected API failures, including the lost response that makes lookup-before-create necessary."""

import pytest

pytestmark = pytest.mark.asyncio

ORDER = {"amount": 5000, "currency": "INR", "receipt": "APP-1"}


@pytest.mark.parametrize("status, code", [(429, "BAD_REQUEST_ERROR"), (500, "SERVER_ERROR"), (502, "GATEWAY_ERROR")])
async def test_json_faults_use_razorpays_error_body(harness, status, code):
    await harness.client.post("/_fake/faults", json={"status": status, "on": "orders"})

    response = await harness.api.post("/v1/orders", json=ORDER)

    assert response.status_code == status and response.json()["error"]["code"] == code
    assert harness.fake.orders == {}
    assert (await harness.api.post("/v1/orders", json=ORDER)).status_code == 200  # used up


async def test_a_proxy_503_is_plain_text_not_json(harness):
    await harness.client.post("/_fake/faults", json={"status": 503, "times": 2})

    first = await harness.api.get("/v1/orders")
    second = await harness.api.get("/v1/payments/pay_00000000000000")

    assert first.status_code == second.status_code == 503
    assert first.headers["content-type"].startswith("text/plain")
    assert (await harness.client.get("/_fake/faults")).json() == {"pending": []}


async def test_after_commit_creates_the_order_but_the_client_sees_a_failure(harness):
    await harness.client.post(
        "/_fake/faults", json={"status": 504, "on": "orders", "method": "POST", "after_commit": True}
    )

    lost = await harness.api.post("/v1/orders", json=ORDER)

    assert lost.status_code == 504
    found = (await harness.api.get("/v1/orders", params={"receipt": "APP-1"})).json()
    assert found["count"] == 1 and found["items"][0]["amount"] == 5000


async def test_faults_only_hit_their_target_and_method(harness):
    await harness.client.post("/_fake/faults", json={"status": 500, "on": "payment_links", "method": "POST"})

    order = await harness.api.post("/v1/orders", json=ORDER)
    listing = await harness.api.get("/v1/payment_links")
    link = await harness.api.post("/v1/payment_links", json={"amount": 5000, "currency": "INR"})

    assert (order.status_code, listing.status_code, link.status_code) == (200, 200, 500)


async def test_control_endpoints_are_never_faulted(harness):
    await harness.client.post("/_fake/faults", json={"status": 500})

    assert (await harness.client.get("/_fake/health")).status_code == 200
    assert len((await harness.client.get("/_fake/faults")).json()["pending"]) == 1
