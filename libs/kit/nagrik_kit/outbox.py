"""Transactional outbox: events are written in the same transaction as the state they describe,
and a relay publishes them to Kafka afterwards, in order, at least once."""

from __future__ import annotations

import asyncio
import json
import logging

import asyncpg
from faststream.kafka import KafkaBroker
from opentelemetry import context, propagate

from nagrik_contracts import Envelope, Topic

log = logging.getLogger(__name__)

_CHANNEL = "nagrik_outbox"


async def add(conn: asyncpg.Connection, topic: Topic, envelope: Envelope) -> None:
    """Queue an event for publishing; visible to the relay only when the transaction commits."""
    headers: dict[str, str] = {}
    propagate.inject(headers)  # the trace continues from whoever caused this event
    await conn.execute(
        "INSERT INTO outbox (topic, key, value, headers) VALUES ($1, $2, $3, $4)",
        topic.name,
        topic.key_of(envelope.payload),
        envelope.model_dump_json().encode(),
        json.dumps(headers),
    )
    await conn.execute("SELECT pg_notify($1, '')", _CHANNEL)


class OutboxRelay:
    """Publishes committed outbox rows in id order and deletes them once Kafka has acknowledged.

    One relay per schema is active at a time (a session advisory lock), which keeps per-key order
    when several replicas run. A crash between the ack and the delete republishes: consumers'
    inboxes make that harmless.
    """

    def __init__(self, pool: asyncpg.Pool, broker: KafkaBroker, schema: str, *, batch: int = 200) -> None:
        self._pool = pool
        self._broker = broker
        self._schema = schema
        self._batch = batch
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self._schema}")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        while True:
            try:
                await self._relay_while_leader()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying", extra={"schema": self._schema})
                await asyncio.sleep(1.0)

    async def _relay_while_leader(self) -> None:
        async with self._pool.acquire() as listener:
            while not await listener.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", f"outbox:{self._schema}"):
                await asyncio.sleep(2.0)
            await listener.add_listener(_CHANNEL, self._notified)
            try:
                while True:
                    self._wakeup.clear()
                    if await self.publish_pending() == 0:
                        try:
                            await asyncio.wait_for(self._wakeup.wait(), timeout=1.0)
                        except TimeoutError:
                            pass
            finally:
                await listener.remove_listener(_CHANNEL, self._notified)
                await listener.execute("SELECT pg_advisory_unlock(hashtext($1))", f"outbox:{self._schema}")

    def _notified(self, *_: object) -> None:
        self._wakeup.set()

    async def publish_pending(self) -> int:
        """Publish one batch; returns how many rows it published."""
        async with self._pool.acquire() as conn:
            rows = await conn.fetch("SELECT id, topic, key, value, headers FROM outbox ORDER BY id LIMIT $1", self._batch)
            if not rows:
                return 0
            acks = []
            for row in rows:
                token = context.attach(propagate.extract(json.loads(row["headers"])))
                try:
                    acks.append(
                        await self._broker.publish(row["value"], row["topic"], key=row["key"], no_confirm=True)
                    )
                finally:
                    context.detach(token)
            await asyncio.gather(*acks)
            await conn.execute("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [row["id"] for row in rows])
            return len(rows)
