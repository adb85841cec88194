"""Analytics against a real broker and PostgreSQL: counted once, and the same after a rebuild."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from nagrik_analytics.main import build, rebuild
from nagrik_analytics.settings import Settings
from nagrik_contracts import Envelope
from nagrik_contracts.applications import ApplicationSubmitted
from nagrik_contracts.topics import APPLICATION_EVENTS

SERVICE_ID = f"test_service_{uuid.uuid4().hex[:8]}"  # a service id no other test uses


def settings_for(infrastructure) -> Settings:
    return Settings(kafka_bootstrap_servers=infrastructure.kafka_bootstrap_servers,
                    database_url=infrastructure.database_url)


def submitted(number: int) -> Envelope:
    payload = ApplicationSubmitted(application_id=f"DL-TST-2026-{number:06d}", submission_id=str(uuid.uuid4()),
                                   citizen_id="919812345678", service_id=SERVICE_ID, department_id="revenue",
                                   language="hi", fee_paise=0)
    return Envelope.wrap(payload, producer="applications", correlation_id="c",
                         occurred_at=datetime(2026, 11, 22, 6, 0, tzinfo=UTC))


async def count(service) -> int:
    return await service.pool.fetchval(
        "SELECT coalesce(sum(applications), 0) FROM applications_daily WHERE service_id = $1", SERVICE_ID) or 0


async def eventually_count(service, expected: int, timeout: float = 30.0) -> int:
    deadline = asyncio.get_running_loop().time() + timeout
    while (value := await count(service)) != expected and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)  # a double count would show up now
    return await count(service)


async def test_each_event_is_counted_once_and_a_rebuild_counts_the_same(infrastructure, producer):
    events = [submitted(n) for n in range(3)]
    for envelope in [*events, events[0]]:  # the last one is a redelivery
        await producer.send_and_wait(APPLICATION_EVENTS.name, envelope.model_dump_json().encode(), key=b"919812345678")

    service = build(settings_for(infrastructure))
    await service.start()
    try:
        assert await eventually_count(service, 3) == 3
        assert await rebuild(settings_for(infrastructure)) >= 4  # every event on the topics was read again
        assert await eventually_count(service, 3) == 3
        day = await service.pool.fetchval("SELECT day FROM applications_daily WHERE service_id = $1", SERVICE_ID)
        assert str(day) == "2026-11-22"
    finally:
        await service.stop()
