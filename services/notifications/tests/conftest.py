"""Test harness: the notifications service in-process against a real broker and PostgreSQL, and the fake
Cloud API behind uvicorn, whose webhooks go to a small receiver that puts them on Kafka as the gateway would.

Tests reach everything through the `world` fixture and import nothing from here: with
`--import-mode=importlib` and several projects' `tests` folders in one session, a test folder cannot be
a package named `tests`, nor is it on sys.path.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI, Request, Response

from nagrik_contracts import Envelope, Payload
from nagrik_contracts.outbound import SendMessage
from nagrik_contracts.topics import WA_INBOUND, WA_OUTBOUND, WA_STATUS
from nagrik_contracts.whatsapp import MessageReceived, MessageStatusChanged, MessageType, MetaError
from nagrik_dev.embedded import free_port
from nagrik_dev.serving import serving as serve_asgi
from nagrik_fake_whatsapp.app import create_app
from nagrik_fake_whatsapp.fake_whatsapp import FakeWhatsApp
from nagrik_fake_whatsapp.settings import FakeWhatsAppSettings
from nagrik_kit import DEVELOPMENT_SECRET, Service
from nagrik_notifications.main import build
from nagrik_notifications.settings import Settings

PHONE_NUMBER_ID = "100000000000001"
SEND_MAX_ATTEMPTS = 4
_NAMESPACE = uuid.UUID("0f7e1c52-9d1b-4c63-8a7e-3b2f5d6c7e01")
_MESSAGE_TYPES = set(get_args(MessageType))


def new_citizen() -> str:
    return "9197" + str(uuid.uuid4().int)[:8]


async def eventually(check: Callable[[], Awaitable[Any]], *, timeout: float = 30.0, what: str = "condition") -> Any:
    """The first truthy result of `check`, polled until `timeout`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what} not met after {timeout} s (last: {result!r})")
        await asyncio.sleep(0.1)


@dataclass
class GatewayStandIn:
    """Receives the fake's webhooks and publishes them as the gateway's events (ids from Meta's ids)."""

    producer: AIOKafkaProducer
    withheld_statuses: set[str] = field(default_factory=set)
    """Citizens whose statuses a test publishes itself, in an order of its choosing."""

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/webhooks/whatsapp")
        async def webhook(request: Request) -> Response:
            for topic, envelope in self.events(await request.json()):
                await publish(self.producer, topic, envelope)
            return Response(status_code=200)

        return app

    def events(self, payload: dict):
        for entry in payload["entry"]:
            for change in entry["changes"]:
                value = change["value"]
                phone = value["metadata"]["phone_number_id"]
                names = {c["wa_id"]: c["profile"]["name"] for c in value.get("contacts", [])}
                for item in value.get("messages", []):
                    event = MessageReceived(
                        citizen_id=item["from"], message_id=item["id"], phone_number_id=phone,
                        sent_at=datetime.fromtimestamp(int(item["timestamp"]), UTC),
                        type=item["type"] if item["type"] in _MESSAGE_TYPES else "unsupported",
                        text=(item.get("text") or {}).get("body"), profile_name=names.get(item["from"]),
                    )
                    yield WA_INBOUND, wrap(event, uuid.uuid5(_NAMESPACE, item["id"]))
                for item in value.get("statuses", []):
                    if item["recipient_id"] in self.withheld_statuses:
                        continue
                    event_id = uuid.uuid5(_NAMESPACE, item["id"] + item["status"])
                    yield WA_STATUS, wrap(status_event(item, phone), event_id)


def status_event(item: dict, phone_number_id: str = PHONE_NUMBER_ID) -> MessageStatusChanged:
    return MessageStatusChanged(
        citizen_id=item["recipient_id"], message_id=item["id"], phone_number_id=phone_number_id,
        status=item["status"], occurred_at=datetime.fromtimestamp(int(item["timestamp"]), UTC),
        errors=[
            MetaError(code=e["code"], title=e.get("title"), message=e.get("message"),
                      details=(e.get("error_data") or {}).get("details"))
            for e in item.get("errors", [])
        ],
    )


def wrap(payload: Payload, event_id: uuid.UUID | None = None) -> Envelope:
    return Envelope.wrap(payload, producer="notifications-tests", correlation_id=f"test-{payload.citizen_id}",
                         event_id=event_id)


async def publish(producer: AIOKafkaProducer, topic, envelope: Envelope) -> None:
    await producer.send_and_wait(topic.name, envelope.model_dump_json().encode(), key=topic.key_of(envelope.payload))


@dataclass
class World:
    """What a test talks to: the running service, the fake Cloud API, Kafka."""

    service: Service
    fake: FakeWhatsApp
    http: httpx.AsyncClient  # the fake's base URL
    producer: AIOKafkaProducer
    gateway: GatewayStandIn
    commands: set[uuid.UUID] = field(default_factory=set)
    """Commands the tests published, as opposed to those of other services running in the same session."""

    phone_number_id = PHONE_NUMBER_ID
    send_max_attempts = SEND_MAX_ATTEMPTS
    citizen = staticmethod(new_citizen)
    envelope = staticmethod(wrap)
    eventually = staticmethod(eventually)

    async def publish(self, topic, envelope: Envelope) -> None:
        await publish(self.producer, topic, envelope)

    async def wrote_to_us(self, citizen: str, *, ago: timedelta, name: str | None = None) -> None:
        """Our record says the citizen last wrote `ago` (the fake knows nothing of it)."""
        message = MessageReceived(citizen_id=citizen, message_id=f"wamid.in-{uuid.uuid4().hex}",
                                  phone_number_id=PHONE_NUMBER_ID, sent_at=datetime.now(UTC) - ago, type="text",
                                  text="Hi", profile_name=name)
        await publish(self.producer, WA_INBOUND, wrap(message))
        await eventually(lambda: self.window_of(citizen), what=f"window of {citizen} recorded")

    async def send(self, command: SendMessage, *, again: Envelope | None = None) -> Envelope:
        envelope = again or wrap(command)
        self.commands.add(envelope.event_id)
        await publish(self.producer, WA_OUTBOUND, envelope)
        return envelope

    async def report(self, item: dict) -> None:
        """Publish a status as the gateway would (same event id for the same wamid and status)."""
        await publish(self.producer, WA_STATUS,
                      wrap(status_event(item), uuid.uuid5(_NAMESPACE, item["id"] + item["status"])))

    async def citizen_writes(self, citizen: str, text: str = "Hi", name: str = "Asha") -> None:
        """The citizen messages the business number (the fake opens its window, we record ours)."""
        answer = await self.http.post("/_fake/inbound", json={"from": citizen, "profile_name": name,
                                                              "message": {"type": "text", "text": {"body": text}}})
        assert answer.json()["webhook_status"] == 200, answer.text
        await eventually(lambda: self.window_of(citizen), what=f"window of {citizen} recorded")

    async def window_of(self, citizen: str):
        return await self.service.pool.fetchrow("SELECT * FROM citizen_windows WHERE citizen_id = $1", citizen)

    async def fault(self, code: int, *, to: str, times: int = 1) -> None:
        answer = await self.http.post("/_fake/faults", json={"code": code, "times": times, "to": to})
        answer.raise_for_status()

    async def sent_to(self, citizen: str) -> list[dict]:
        """What the citizen's phone shows from us (the fake records only the sends it accepted), less the
        replies of other services.

        When the whole suite runs, the conversation service of its tests is running too and answers every
        inbound message on Kafka, through this very notifications service. Its messages are told apart by
        their stored command; a message with no stored command (a duplicate send) counts as the tests'.
        """
        entries = (await self.http.get(f"/_fake/transcripts/{citizen}")).json()["entries"]
        foreign = {
            row["wamid"]
            for row in await self.service.pool.fetch(
                "SELECT wamid FROM outbound_messages WHERE citizen_id = $1 AND wamid IS NOT NULL "
                "AND NOT command_id = ANY($2::uuid[])",
                citizen, list(self.commands),
            )
        }
        return [entry for entry in entries if entry["direction"] == "out" and entry["wamid"] not in foreign]

    async def received(self, citizen: str, count: int = 1, *, settle: float = 1.0) -> list[dict]:
        """Wait until `count` messages reached the citizen, then a little longer so that a duplicate shows
        (and another service's message, seen before its row committed, is recognised as such)."""
        while True:
            await eventually(lambda: self._at_least(citizen, count), what=f"{count} message(s) to {citizen}")
            await asyncio.sleep(max(settle, 0.5))
            found = await self.sent_to(citizen)
            if len(found) >= count:
                return found

    async def _at_least(self, citizen: str, count: int) -> bool:
        return len(await self.sent_to(citizen)) >= count

    async def messages_of(self, command: Envelope) -> list[dict]:
        rows = await self.service.pool.fetch(
            "SELECT * FROM outbound_messages WHERE command_id = $1 ORDER BY seq", command.event_id
        )
        return [dict(row) for row in rows]

    async def stored(self, command: Envelope, *, seq: int = 1, **expected) -> dict:
        """The message row, once it has the expected values."""
        async def check():
            rows = [row for row in await self.messages_of(command) if row["seq"] == seq]
            return rows[0] if rows and all(rows[0][k] == v for k, v in expected.items()) else None

        return await eventually(check, what=f"message {command.event_id}/{seq} with {expected}")

    def counter(self, name: str, **labels: str) -> float:
        return self.service.registry.get_sample_value(name, labels) or 0.0


@pytest.fixture(scope="session")
async def world(infrastructure) -> AsyncIterator[World]:
    producer = AIOKafkaProducer(bootstrap_servers=infrastructure.kafka_bootstrap_servers, acks="all")
    await producer.start()
    gateway = GatewayStandIn(producer)
    port = free_port()
    fake_settings = FakeWhatsAppSettings(
        access_token=DEVELOPMENT_SECRET, app_secret=DEVELOPMENT_SECRET, phone_number_id=PHONE_NUMBER_ID,
        webhook_url="http://gateway.test/webhooks/whatsapp", port=port, status_delay_seconds=0.05,
        webhook_retry_base_seconds=0.05, webhook_retry_max_seconds=0.2,
    )
    app = create_app(fake_settings, webhook_transport=httpx.ASGITransport(app=gateway.app()))
    service = build(Settings(
        kafka_bootstrap_servers=infrastructure.kafka_bootstrap_servers,
        database_url=infrastructure.database_url,
        whatsapp_api_base_url=f"http://127.0.0.1:{port}",
        whatsapp_phone_number_id=PHONE_NUMBER_ID,
        send_max_attempts=SEND_MAX_ATTEMPTS,
        throttle_backoff_seconds=0.01,
        transient_backoff_seconds=0.01,
        consumer_max_attempts=3,
        consumer_retry_backoff_seconds=0.01,
    ))
    async with serve_asgi(app, port=port) as url:
        await service.start()
        try:
            async with httpx.AsyncClient(base_url=url, timeout=10) as http:
                yield World(service, app.state.fake, http, producer, gateway)
        finally:
            await service.stop()
            await producer.stop()
