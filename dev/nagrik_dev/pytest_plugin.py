"""The one fixture that gives tests a real Kafka-protocol broker and a real PostgreSQL.

It honours KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL, uses testcontainers when a Docker engine
answers, and otherwise starts the embedded broker and database for the test session.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .infrastructure import Infrastructure, provide


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[Infrastructure]:
    with tempfile.TemporaryDirectory(prefix="nagrik-test-") as directory:
        with provide(data_dir=Path(directory), allow_containers=True) as infra:
            yield infra


@pytest.fixture(scope="session")
async def recorder(infrastructure: Infrastructure):
    """Every message on every registered topic during the test session, readable by tests."""
    from nagrik_contracts import ALL_TOPICS
    from nagrik_kit.broker import ensure_topics

    from .recorder import TopicRecorder

    await ensure_topics(infrastructure.kafka_bootstrap_servers, ALL_TOPICS)
    reader = TopicRecorder(infrastructure.kafka_bootstrap_servers)
    await reader.start()
    yield reader
    await reader.stop()


@pytest.fixture(scope="session")
async def producer(infrastructure: Infrastructure):
    """A Kafka producer for tests that play another service's part (publishing its events)."""
    from aiokafka import AIOKafkaProducer

    kafka = AIOKafkaProducer(bootstrap_servers=infrastructure.kafka_bootstrap_servers)
    await kafka.start()
    yield kafka
    await kafka.stop()
