"""The fake wired to an in-process receiver that records what our gateway's /webhooks/payments would get.

Everything the tests share is a fixture here, so test modules import nothing from this directory and run
the same way from `fakes/payment_gateway` and from the repository root (`--import-mode=importlib`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI, Request, Response

from nagrik_fake_payment_gateway.app import create_app
from nagrik_fake_payment_gateway.fake_gateway import FakePaymentGateway
from nagrik_fake_payment_gateway.settings import FakePaymentGatewaySettings

KEY_ID = "rzp_test_TestKey0000001"
KEY_SECRET = "test-key-secret"
WEBHOOK_SECRET = "test-webhook-secret"


@dataclass
class ReceivedWebhook:
    body: bytes
    headers: dict[str, str]

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    @property
    def event(self) -> str:
        return self.payload["event"]

    @property
    def event_id(self) -> str:
        return self.headers["x-razorpay-event-id"]

    def entity(self, name: str) -> dict:
        return self.payload["payload"][name]["entity"]


@dataclass
class WebhookReceiver:
    """Stands in for the gateway: records every POST, answers scripted statuses (then 200) after scripted delays."""

    received: list[ReceivedWebhook] = field(default_factory=list)
    scripted_statuses: list[int] = field(default_factory=list)
    scripted_delays: list[float] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/webhooks/payments")
        async def webhook(request: Request) -> Response:
            self.received.append(ReceivedWebhook(await request.body(), dict(request.headers)))
            if self.scripted_delays:
                await asyncio.sleep(self.scripted_delays.pop(0))
            status = self.scripted_statuses.pop(0) if self.scripted_statuses else 200
            return Response(status_code=status)

        return app

    def events(self) -> list[str]:
        return [hook.event for hook in self.received]


def make_settings(**overrides) -> FakePaymentGatewaySettings:
    values = dict(
        key_id=KEY_ID,
        key_secret=KEY_SECRET,
        webhook_secret=WEBHOOK_SECRET,
        webhook_url="http://gateway/webhooks/payments",
        public_url="http://fake",
        webhook_retry_base_seconds=0.01,
        webhook_retry_max_seconds=0.05,
    )
    values.update(overrides)
    return FakePaymentGatewaySettings(**values)


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


@dataclass
class Harness:
    api: httpx.AsyncClient  # authenticated, like the payments service
    client: httpx.AsyncClient  # no credentials, like a test or a person at the terminal
    fake: FakePaymentGateway
    receiver: WebhookReceiver
    settings: FakePaymentGatewaySettings

    async def create_order(self, **fields) -> dict:
        body = {"amount": 5000, "currency": "INR", "receipt": "APP-2026-000123", **fields}
        response = await self.api.post("/v1/orders", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    async def create_link(self, **fields) -> dict:
        body = {
            "amount": 5000,
            "currency": "INR",
            "description": "Birth certificate fee",
            "reference_id": "APP-2026-000123",
            "customer": {"name": "Asha", "contact": "+919812345678"},
            "notify": {"sms": False, "email": False},
            **fields,
        }
        response = await self.api.post("/v1/payment_links", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    async def pay(self, **body) -> dict:
        response = await self.client.post("/_fake/pay", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    async def payment(self, payment_id: str) -> dict:
        return (await self.api.get(f"/v1/payments/{payment_id}")).json()

    async def order(self, order_id: str) -> dict:
        return (await self.api.get(f"/v1/orders/{order_id}")).json()


@pytest.fixture
def settings_overrides() -> dict:
    return {}


@pytest_asyncio.fixture
async def harness(settings_overrides: dict) -> AsyncIterator[Harness]:
    receiver = WebhookReceiver()
    settings = make_settings(**settings_overrides)
    app = create_app(settings, webhook_transport=httpx.ASGITransport(app=receiver.app()))
    fake: FakePaymentGateway = app.state.fake
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://fake", auth=(KEY_ID, KEY_SECRET)) as api,
        httpx.AsyncClient(transport=transport, base_url="http://fake") as client,
    ):
        yield Harness(api=api, client=client, fake=fake, receiver=receiver, settings=settings)
    await fake.aclose()


@pytest.fixture
def waiter() -> Callable:
    """`await waiter(lambda: …)`: poll a condition until it holds (background webhook retries)."""
    return wait_until


@pytest.fixture
def settings_factory() -> Callable[..., FakePaymentGatewaySettings]:
    return make_settings
