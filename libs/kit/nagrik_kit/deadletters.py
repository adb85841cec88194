"""Reading and replaying dead letters, for operators (`nagrik deadletters`)."""

from __future__ import annotations

import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from nagrik_contracts import Envelope
from nagrik_contracts.deadletters import DeadLettered
from nagrik_contracts.topics import DEAD_LETTERS

from .consumer import REPLAY_HEADER


async def read_dead_letters(bootstrap_servers: str, *, timeout_ms: int = 3000) -> list[tuple[Envelope, DeadLettered]]:
    """Every dead letter currently on the topic, oldest first (reads without joining a real group)."""
    consumer = AIOKafkaConsumer(
        DEAD_LETTERS.name, bootstrap_servers=bootstrap_servers, auto_offset_reset="earliest",
        group_id=f"deadletter-reader-{uuid.uuid4()}", enable_auto_commit=False,
    )
    await consumer.start()
    letters = []
    try:
        while batch := await consumer.getmany(timeout_ms=timeout_ms):
            for records in batch.values():
                for record in records:
                    envelope = Envelope.model_validate_json(record.value)
                    letters.append((envelope, envelope.open(DeadLettered)))
    finally:
        await consumer.stop()
    return sorted(letters, key=lambda pair: pair[0].occurred_at)


async def replay(bootstrap_servers: str, letter: DeadLettered) -> None:
    """Publish the original message again to its topic, marked so its consumer processes it anew."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            letter.source_topic,
            letter.original.encode(),
            key=letter.key.encode() if letter.key else None,
            headers=[(REPLAY_HEADER, letter.consumer.encode())],
        )
    finally:
        await producer.stop()
