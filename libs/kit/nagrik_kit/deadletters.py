"""Reading and replaying dead letters, for operators (`nagrik deadletters`)."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer

from nagrik_contracts import Envelope
from nagrik_contracts.deadletters import DeadLettered
from nagrik_contracts.topics import DEAD_LETTERS

from .broker import read_from_start
from .kafka_security import client_options
from .consumer import REPLAY_HEADER


async def read_dead_letters(bootstrap_servers: str) -> list[tuple[Envelope, DeadLettered]]:
    """Every dead letter currently on the topic, oldest first."""
    letters = []
    async for record in read_from_start(bootstrap_servers, (DEAD_LETTERS,)):
        envelope = Envelope.model_validate_json(record.value)
        letters.append((envelope, envelope.open(DeadLettered)))
    return sorted(letters, key=lambda pair: pair[0].occurred_at)


async def replay(bootstrap_servers: str, letter: DeadLettered) -> None:
    """Publish the original message again to its topic, marked so its consumer processes it anew."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all", **client_options())
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
