"""Composition root of the analytics service, and `python -m nagrik_analytics rebuild`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from nagrik_contracts import Envelope
from nagrik_contracts.topics import APPLICATION_EVENTS, OCR_RESULTS, PAYMENT_EVENTS, WA_INBOUND, WA_OUTBOUND, WA_STATUS
from nagrik_kit import Service
from nagrik_kit.broker import read_from_start
from nagrik_kit.consumer import Consumer
from nagrik_kit.database import create_pool, migrate

from .handlers import on_event
from .repository import clear
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "sql"
TOPICS = (WA_INBOUND, WA_OUTBOUND, WA_STATUS, APPLICATION_EVENTS, PAYMENT_EVENTS, OCR_RESULTS)


def build(settings: Settings) -> Service:
    service = Service(settings, schema="analytics", migrations=MIGRATIONS)
    service.consume(TOPICS, on_event)
    return service


async def rebuild(settings: Settings) -> int:
    """Empty the projections and count every event still on the topics again; returns how many were read.

    Counting goes through the same inbox as the running service, so the two may run at once: an event
    either has counted before the rebuild reaches it, or it is counted by the rebuild, never both.
    """
    pool = await create_pool(settings.database_url, "analytics")
    try:
        await migrate(pool, "analytics", MIGRATIONS)
        async with pool.acquire() as conn:
            await clear(conn, settings.service_name)
        counter = Consumer(name=settings.service_name, pool_of=lambda: pool, handler=on_event)
        read = 0
        async for record in read_from_start(settings.kafka_bootstrap_servers, TOPICS):
            try:
                envelope = Envelope.model_validate_json(record.value)
            except ValueError:
                continue  # the running service dead-letters it; nothing to count
            await counter.process(envelope)
            read += 1
        return read
    finally:
        await pool.close()


def main() -> None:
    if sys.argv[1:] == ["rebuild"]:
        read = asyncio.run(rebuild(Settings()))
        print(f"analytics rebuilt from {read} events")
        return
    build(Settings()).run()
