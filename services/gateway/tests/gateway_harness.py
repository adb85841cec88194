"""Test harness: the gateway behind real uvicorn on a free port, and a way to read exactly what Kafka holds.

A uniquely named module (not conftest) so that test modules can import it when several projects' tests
run in one pytest session.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from nagrik_contracts.topics import WA_INBOUND, WA_STATUS
from nagrik_dev.serving import serving as serve_asgi
from nagrik_fake_whatsapp.webhooks import encode_like_meta, sign
from nagrik_gateway.main import build
from nagrik_gateway.settings import Settings
from nagrik_kit import DEVELOPMENT_SECRET

APP_SECRET = DEVELOPMENT_SECRET
PHONE_NUMBER_ID = "106540352242922"
WEBHOOK = "/webhooks/whatsapp"


@dataclass(frozen=True)
class Record:
    topic: str
    key: str
    envelope: dict

    @property
    def message_id(self) -> str:
        return self.envelope["payload"]["message_id"]


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway as uvicorn serves it (lifespan included), and an HTTP client pointed at it."""
    async with serve_asgi(build(settings).asgi) as url, httpx.AsyncClient(base_url=url, timeout=30.0) as client:
        yield client


@pytest.fixture(scope="session")
async def gateway(infrastructure) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(kafka_bootstrap_servers=infrastructure.kafka_bootstrap_servers)
    async with serving(settings) as client:
        yield client


async def in_kafka(bootstrap_servers: str, *, message_ids: set[str]) -> list[Record]:
    """Everything on wa.inbound / wa.status about `message_ids`, duplicates included, in partition order.

    Reads every partition from the beginning without a consumer group (no slow group join) until a
    fetch finds nothing more. End offsets would be the exact snapshot, but the embedded broker (Tansu)
    reports the base offset of the last batch as the end offset, so they cannot be trusted.
    """
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False,
                                fetch_max_wait_ms=200)
    await consumer.start()
    try:
        await consumer.topics()  # loads the partition metadata
        partitions = [
            TopicPartition(topic, partition)
            for topic in (WA_INBOUND.name, WA_STATUS.name)
            for partition in consumer.partitions_for_topic(topic) or ()
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        found: list[Record] = []
        while batches := await consumer.getmany(timeout_ms=1000):
            for tp, records in batches.items():
                for record in records:
                    envelope = json.loads(record.value)
                    if envelope["payload"].get("message_id") in message_ids:
                        found.append(Record(tp.topic, record.key.decode(), envelope))
        return found
    finally:
        await consumer.stop()


async def post_webhook(client: httpx.AsyncClient, payload: dict, *, secret: str = APP_SECRET) -> httpx.Response:
    """POST as Meta does: ASCII-escaped JSON, signed over exactly those bytes."""
    body = encode_like_meta(payload)
    return await client.post(WEBHOOK, content=body,
                             headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, secret)})


def new_citizen() -> str:
    return "9198" + str(uuid.uuid4().int)[:8]
