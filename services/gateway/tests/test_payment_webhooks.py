"""The payment webhook: pure parsing, the route's refusals (stub publisher), and what reaches Kafka."""

from __future__ import annotations

import json
import uuid

import httpx
from starlette.applications import Starlette
from starlette.routing import Route

from nagrik_contracts.topics import PAYMENT_GATEWAY
from nagrik_fake_payment_gateway.webhooks import encode, event_body, sign
from nagrik_gateway.payment_webhooks import (
    PATH,
    gateway_event_id,
    parse_payment_event,
    payment_routes,
    verify_razorpay_signature,
)
from nagrik_gateway.domain import SignatureCheck
from nagrik_gateway.publisher import PublishFailed
from nagrik_gateway.settings import Settings
from nagrik_kit import DEVELOPMENT_SECRET

SECRET = DEVELOPMENT_SECRET


def payment(order_id: str | None = "order_Abc123", status: str = "captured", **extra) -> dict:
    return {"id": "pay_Xyz789", "entity": "payment", "amount": 5000, "currency": "INR", "status": status,
            "order_id": order_id, "method": "upi", "vpa": "asha@okaxis", "acquirer_data": {"rrn": "123456789012"},
            "error_code": None, "error_reason": None, **extra}


def body_of(event: str = "payment.captured", **kwargs) -> bytes:
    return encode(event_body(event, account_id="acc_Test", payment=payment(**kwargs)))


def headers(body: bytes, *, event_id: str = "EvtAbcdefgh0001", secret: str = SECRET) -> dict:
    return {"Content-Type": "application/json", "X-Razorpay-Signature": sign(body, secret),
            "X-Razorpay-Event-Id": event_id}


# ------------------------------------------------------------------ pure


def test_signature_is_checked_on_the_raw_bytes():
    body = body_of()
    assert verify_razorpay_signature(body, sign(body, SECRET), SECRET.encode()) is SignatureCheck.OK
    assert verify_razorpay_signature(body, None, SECRET.encode()) is SignatureCheck.MISSING
    assert verify_razorpay_signature(body, sign(body, "other"), SECRET.encode()) is SignatureCheck.MISMATCH
    reserialised = json.dumps(json.loads(body)).encode()
    assert verify_razorpay_signature(reserialised, sign(body, SECRET), SECRET.encode()) is SignatureCheck.MISMATCH


def test_a_captured_payment_is_parsed():
    body = body_of()
    event = parse_payment_event(json.loads(body), raw=body, gateway_event_id="Evt1")
    assert event is not None
    assert (event.event, event.order_id, event.payment_id, event.amount_paise, event.status, event.method) == (
        "payment.captured", "order_Abc123", "pay_Xyz789", 5000, "captured", "upi")
    assert event.body == body.decode()


def test_a_failed_payment_carries_its_reason():
    body = body_of("payment.failed", status="failed", error_code="BAD_REQUEST_ERROR", error_reason="payment_declined")
    event = parse_payment_event(json.loads(body), raw=body, gateway_event_id="Evt2")
    assert (event.status, event.error_code, event.error_reason) == ("failed", "BAD_REQUEST_ERROR", "payment_declined")


def test_an_event_without_an_order_is_skipped():
    body = body_of(order_id=None)
    assert parse_payment_event(json.loads(body), raw=body, gateway_event_id="Evt3") is None
    assert parse_payment_event(["not", "an", "event"], raw=b"[]", gateway_event_id="Evt4") is None


def test_the_event_id_derives_from_razorpays():
    assert gateway_event_id("EvtA") == gateway_event_id("EvtA") != gateway_event_id("EvtB")


# ------------------------------------------------------------------ the route, with a stub publisher


class StubPublish:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.published: list = []

    async def __call__(self, messages) -> None:
        if self.fail:
            raise PublishFailed("TimeoutError")
        self.published.extend(messages)


def client_for(publish: StubPublish, **settings) -> httpx.AsyncClient:
    routes = [Route(path, endpoint, methods=[method])
              for method, path, endpoint in payment_routes(settings=Settings(**settings), publish=publish)]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=Starlette(routes=routes)), base_url="http://gw")


async def test_a_signed_event_is_published_keyed_by_order_with_a_stable_event_id():
    publish = StubPublish()
    body = body_of()
    async with client_for(publish) as client:
        assert (await client.post(PATH, content=body, headers=headers(body))).status_code == 200
        assert (await client.post(PATH, content=body, headers=headers(body))).status_code == 200
    [(topic, first), (_, again)] = publish.published
    assert topic is PAYMENT_GATEWAY
    assert PAYMENT_GATEWAY.key_of(first.payload) == b"order_Abc123"
    assert first.event_id == again.event_id == gateway_event_id("EvtAbcdefgh0001")


async def test_refusals_publish_nothing():
    publish = StubPublish()
    body = body_of()
    async with client_for(publish, max_body_bytes=2000) as client:
        missing = await client.post(PATH, content=body, headers={"X-Razorpay-Event-Id": "E1"})
        forged = await client.post(PATH, content=body, headers=headers(body, secret="guessed"))
        tampered = await client.post(PATH, content=body.replace(b"5000", b"9000"), headers=headers(body))
        malformed = await client.post(PATH, content=b"{not json", headers=headers(b"{not json"))
        big = b" " * 3000
        too_large = await client.post(PATH, content=big, headers=headers(big))
    assert [r.status_code for r in (missing, forged, tampered, malformed, too_large)] == [401, 403, 403, 400, 413]
    assert publish.published == []


async def test_no_order_id_is_acknowledged_and_skipped():
    publish = StubPublish()
    body = body_of(order_id=None)
    async with client_for(publish) as client:
        assert (await client.post(PATH, content=body, headers=headers(body))).status_code == 200
    assert publish.published == []


async def test_kafka_not_acknowledging_is_503_so_razorpay_retries():
    body = body_of()
    async with client_for(StubPublish(fail=True)) as client:
        assert (await client.post(PATH, content=body, headers=headers(body))).status_code == 503


# ------------------------------------------------------------------ through uvicorn to a real broker


async def test_a_webhook_reaches_kafka_once_per_razorpay_event(gateway, recorder):
    order_id = f"order_{uuid.uuid4().hex[:14]}"
    body = body_of(order_id=order_id)
    event_id = uuid.uuid4().hex[:14]
    for _ in range(2):  # a redelivery: same bytes, same event id
        response = await gateway.post(PATH, content=body, headers=headers(body, event_id=event_id))
        assert response.status_code == 200
    records = await recorder.wait_for(PAYMENT_GATEWAY.name, lambda e: e["payload"]["order_id"] == order_id, count=2)
    assert {r["event_id"] for r in records} == {str(gateway_event_id(event_id))}
    assert records[0]["payload"]["payment_id"] == "pay_Xyz789"
