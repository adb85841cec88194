"""Consuming with an inbox, bounded retries and dead letters.

A handler runs inside one PostgreSQL transaction that also records the event in the inbox, so the
state change, the events it emits (outbox) and "this event is done" commit together; a redelivered
event finds its inbox row and is skipped. The Kafka offset is committed only after that.
A handler that keeps failing, or a message that can never succeed, is dead-lettered — also through
the outbox, in the same transaction that marks it done — and the partition moves on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from uuid import uuid4

import asyncpg
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from pydantic import ValidationError

from nagrik_contracts import Envelope, Payload, Topic
from nagrik_contracts.deadletters import DeadLettered
from nagrik_contracts.topics import DEAD_LETTERS

from . import outbox

log = logging.getLogger(__name__)


REPLAY_HEADER = "nagrik-replay"
"""Set to a consumer's name by `nagrik deadletters replay`: that consumer may process the event again."""


class PoisonMessage(Exception):
    """Raised by a handler for a message that can never succeed: dead-lettered without retries.

    `tell` names events to publish with the dead letter (in its transaction), e.g. to tell the sender
    why its message was refused; the handler's own effects roll back as always."""

    def __init__(self, reason: str, *, tell: tuple[tuple[Topic, Payload], ...] = ()) -> None:
        super().__init__(reason)
        self.tell = tell


@dataclass
class Transaction:
    """What a handler gets: the open connection and a way to emit events atomically with it."""

    conn: asyncpg.Connection
    producer: str
    cause: Envelope
    committed: list[Callable[[], None]] = field(default_factory=list)
    """What to do once the transaction has committed (see `on_commit`)."""

    async def emit(self, topic: Topic, payload: Payload) -> Envelope:
        envelope = self.cause.caused(payload, producer=self.producer)
        await outbox.add(self.conn, topic, envelope)
        return envelope

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` after the commit only, e.g. to count a business metric exactly once: a
        transaction that rolls back (and is retried) never ran it."""
        self.committed.append(callback)


Handler = Callable[[Envelope, Transaction], Awaitable[None]]


@dataclass
class Consumer:
    name: str
    """Consumer group and inbox namespace, e.g. 'conversation'."""
    pool_of: Callable[[], asyncpg.Pool]
    handler: Handler
    max_attempts: int = 4
    backoff_seconds: float = 0.2

    async def on_message(self, message: KafkaMessage) -> None:
        record = message.raw_message
        try:
            envelope = Envelope.model_validate_json(message.body)
        except ValidationError as error:
            await self._dead_letter(record, None, error, attempts=1)
            return
        replay = (message.headers or {}).get(REPLAY_HEADER) == self.name
        for attempt in range(1, self.max_attempts + 1):
            try:
                await self.process(envelope, replay=replay)
                return
            except (PoisonMessage, ValidationError) as error:
                await self._dead_letter(record, envelope, error, attempts=attempt,
                                        tell=error.tell if isinstance(error, PoisonMessage) else ())
                return
            except Exception as error:
                if attempt == self.max_attempts:
                    await self._dead_letter(record, envelope, error, attempts=attempt)
                    return
                log.warning(
                    "handler failed; retrying",
                    extra={"consumer": self.name, "event_id": str(envelope.event_id), "attempt": attempt,
                           "error": repr(error)},
                )
                await asyncio.sleep(self.backoff_seconds * 2 ** (attempt - 1))

    async def process(self, envelope: Envelope, *, replay: bool = False) -> None:
        """Run the handler for one envelope, once: its inbox row and its effects commit together."""
        async with self.pool_of().acquire() as conn:
            tx = Transaction(conn, self.name, envelope)
            async with conn.transaction():
                if replay:
                    await conn.execute(
                        "DELETE FROM inbox WHERE consumer = $1 AND event_id = $2 AND dead_lettered",
                        self.name, str(envelope.event_id),
                    )
                if not await _claim(conn, self.name, str(envelope.event_id)):
                    log.info("duplicate skipped", extra={"consumer": self.name, "event_id": str(envelope.event_id)})
                    return
                await self.handler(envelope, tx)
        for callback in tx.committed:
            callback()

    async def _dead_letter(self, record, envelope: Envelope | None, error: BaseException, *, attempts: int,
                           tell: tuple[tuple[Topic, Payload], ...] = ()) -> None:
        letter = DeadLettered(
            consumer=self.name,
            source_topic=record.topic,
            source_partition=record.partition,
            source_offset=record.offset,
            key=record.key.decode(errors="replace") if record.key else None,
            error=f"{type(error).__name__}: {error}"[:4000],
            attempts=attempts,
            original=(record.value or b"").decode(errors="replace"),
        )
        correlation = envelope.correlation_id if envelope else f"deadletter-{uuid4()}"
        dead = Envelope.wrap(letter, producer=self.name, correlation_id=correlation, causation=envelope)
        async with self.pool_of().acquire() as conn, conn.transaction():
            if envelope is not None and not await _claim(conn, self.name, str(envelope.event_id), dead=True):
                return
            await outbox.add(conn, DEAD_LETTERS, dead)
            for topic, payload in tell if envelope is not None else ():
                await outbox.add(conn, topic, envelope.caused(payload, producer=self.name))
        log.error(
            "dead-lettered",
            extra={"consumer": self.name, "topic": record.topic, "offset": record.offset, "error": letter.error},
        )


async def _claim(conn: asyncpg.Connection, consumer: str, event_id: str, *, dead: bool = False) -> bool:
    inserted = await conn.fetchval(
        "INSERT INTO inbox (consumer, event_id, dead_lettered) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING RETURNING true",
        consumer,
        event_id,
        dead,
    )
    return bool(inserted)


def subscribe(broker: KafkaBroker, topics: tuple[Topic, ...], consumer: Consumer) -> None:
    """Register `consumer` for `topics`; each offset is committed only after the handler returns."""
    broker.subscriber(
        *(topic.name for topic in topics),
        group_id=consumer.name,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        title=f"{consumer.name}:{','.join(topic.name for topic in topics)}",
    )(consumer.on_message)
