"""Basic auth on every /v1 call, Razorpay's error body on refusal; control endpoints need none."""

import base64

import pytest

pytestmark = pytest.mark.asyncio

AUTH_FAILED = {
    "error": {
        "code": "BAD_REQUEST_ERROR",
        "description": "Authentication failed",
        "source": "NA",
        "step": "NA",
        "reason": "NA",
        "metadata": {},
    }
}


def basic(user_and_password: bytes) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(user_and_password).decode()}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic(b"rzp_test_TestKey0000001:wrong-secret"),
        basic(b"rzp_test_SomeoneElse0001:test-key-secret"),
        basic(b"rzp_test_TestKey0000001"),
        {"Authorization": "Basic not-base64!"},
        {"Authorization": "Bearer test-key-secret"},
    ],
    ids=["missing", "wrong secret", "wrong key id", "no colon", "not base64", "bearer"],
)
async def test_bad_credentials_are_401_with_razorpays_body_and_change_nothing(harness, headers):
    response = await harness.client.post(
        "/v1/orders", json={"amount": 5000, "currency": "INR", "receipt": "R1"}, headers=headers
    )

    assert response.status_code == 401
    assert response.json() == AUTH_FAILED
    assert harness.fake.orders == {}


@pytest.mark.parametrize(
    "path",
    ["/v1/orders?receipt=R1", "/v1/payments/pay_00000000000000", "/v1/settlements/recon/combined?year=2026&month=1"],
)
async def test_every_read_needs_auth_too(harness, path):
    response = await harness.client.get(path)

    assert response.status_code == 401 and response.json() == AUTH_FAILED


async def test_right_credentials_are_accepted(harness):
    response = await harness.client.get("/v1/orders", headers=basic(b"rzp_test_TestKey0000001:test-key-secret"))

    assert response.status_code == 200
    assert response.json() == {"entity": "collection", "count": 0, "items": []}


async def test_control_endpoints_need_no_auth(harness):
    health = (await harness.client.get("/_fake/health")).json()

    assert health["status"] == "ok"
    assert health["api_base_url"] == "http://fake/v1" and health["key_id"] == "rzp_test_TestKey0000001"
    assert health["webhook_events"] == ["order.paid", "payment.captured", "payment.failed", "payment_link.paid"]


async def test_unknown_v1_endpoint_is_a_razorpay_400(harness):
    response = await harness.api.get("/v1/refunds/rfnd_00000000000000")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST_ERROR"
    assert response.json()["error"]["description"] == "The requested URL was not found on the server."
