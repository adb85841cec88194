"""Test harness: the fake wired to an in-process webhook receiver that records what the gateway would get.

A uniquely named module (not conftest) so that test modules can import it even when several projects'
tests run in one pytest session.
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

from nagrik_fake_whatsapp.app import create_app
from nagrik_fake_whatsapp.fake_whatsapp import FakeWhatsApp
from nagrik_fake_whatsapp.settings import FakeWhatsAppSettings

ACCESS_TOKEN = "test-access-token"
APP_SECRET = "test-app-secret"
PHONE_NUMBER_ID = "100000000000001"
CITIZEN = "919812345678"
AUTH = {"Authorization": f"Bearer {ACCESS_TOKEN}"}
MESSAGES_URL = f"/v21.0/{PHONE_NUMBER_ID}/messages"
MEDIA_URL = f"/v21.0/{PHONE_NUMBER_ID}/media"


@dataclass
class ReceivedWebhook:
    body: bytes
    headers: dict[str, str]

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    @property
    def value(self) -> dict:
        return self.payload["entry"][0]["changes"][0]["value"]


@dataclass
class WebhookReceiver:
    """Stands in for the gateway: records every POST and answers with scripted statuses (then 200)."""

    received: list[ReceivedWebhook] = field(default_factory=list)
    scripted_statuses: list[int] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/webhooks/whatsapp")
        async def webhook(request: Request) -> Response:
            self.received.append(ReceivedWebhook(await request.body(), dict(request.headers)))
            status = self.scripted_statuses.pop(0) if self.scripted_statuses else 200
            return Response(status_code=status)

        @app.get("/webhooks/whatsapp")
        async def verify(request: Request) -> Response:
            params = request.query_params
            if params.get("hub.verify_token") != "right-token":
                return Response(status_code=403)
            return Response(params["hub.challenge"], media_type="text/plain")

        return app

    def statuses(self) -> list[dict]:
        return [item for hook in self.received for item in hook.value.get("statuses", [])]

    def messages(self) -> list[dict]:
        return [item for hook in self.received for item in hook.value.get("messages", [])]


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def make_settings(**overrides) -> FakeWhatsAppSettings:
    values = dict(
        access_token=ACCESS_TOKEN,
        app_secret=APP_SECRET,
        webhook_url="http://gateway/webhooks/whatsapp",
        public_url="http://fake",
        status_delay_seconds=0.0,
        webhook_retry_base_seconds=0.01,
        webhook_retry_max_seconds=0.05,
    )
    values.update(overrides)
    return FakeWhatsAppSettings(**values)


@dataclass
class FakeHarness:
    client: httpx.AsyncClient
    fake: FakeWhatsApp
    receiver: WebhookReceiver

    async def citizen_says(self, text: str = "Hi", wa_id: str = CITIZEN) -> dict:
        response = await self.client.post(
            "/_fake/inbound", json={"from": wa_id, "message": {"type": "text", "text": {"body": text}}}
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def send(self, body: dict, headers: dict | None = None) -> httpx.Response:
        return await self.client.post(MESSAGES_URL, json=body, headers=AUTH if headers is None else headers)


@pytest.fixture
def settings_overrides() -> dict:
    return {}


@pytest_asyncio.fixture
async def harness(settings_overrides: dict) -> AsyncIterator[FakeHarness]:
    receiver = WebhookReceiver()
    app = create_app(make_settings(**settings_overrides), webhook_transport=httpx.ASGITransport(app=receiver.app()))
    fake: FakeWhatsApp = app.state.fake
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://fake") as client:
        yield FakeHarness(client=client, fake=fake, receiver=receiver)
    await fake.aclose()


def text_body(body: str = "Hello", to: str = CITIZEN) -> dict:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "text", "text": {"body": body}}
