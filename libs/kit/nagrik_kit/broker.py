"""The Kafka broker every service uses: telemetry and Prometheus added once, here."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from opentelemetry import propagate
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry, Counter

from nagrik_contracts import Envelope, Topic

from .kafka_security import client_options, kafka_security

log = logging.getLogger(__name__)


def make_broker(
    bootstrap_servers: str, *, service: str, tracer_provider: TracerProvider, registry: CollectorRegistry,
    request_timeout_ms: int,
) -> KafkaBroker:
    return KafkaBroker(
        bootstrap_servers,
        client_id=f"nagrik-{service}",
        acks="all",
        request_timeout_ms=request_timeout_ms,
        graceful_timeout=15.0,
        security=kafka_security().faststream(),
        middlewares=(
            KafkaTelemetryMiddleware(tracer_provider=tracer_provider),
            KafkaPrometheusMiddleware(registry=registry, app_name=service),
        ),
        logger=logging.getLogger(f"faststream.{service}"),
        log_level=logging.DEBUG,  # one line per message is Prometheus' job, not the log's
    )


async def ensure_topics(bootstrap_servers: str, topics: tuple[Topic, ...], *, partitions: int | None = None,
                        wait_seconds: float = 60.0) -> None:
    """Create the topics explicitly (partition counts matter); waits for the broker to come up."""
    deadline = asyncio.get_running_loop().time() + wait_seconds
    while True:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=5_000,
                                    **client_options())
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [
                NewTopic(t.name, num_partitions=partitions or t.partitions, replication_factor=1)
                for t in topics
                if t.name not in existing
            ]
            if missing:
                try:
                    await admin.create_topics(missing)
                except TopicAlreadyExistsError:
                    pass
            return
        except (KafkaConnectionError, OSError):
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)
        finally:
            await admin.close()


class DirectPublisher:
    """Publishes straight through aiokafka, for stateless hot paths (the gateway) that answer their
    caller only after Kafka acknowledged: FastStream's per-message middlewares cost several times
    the send itself there. Trace context still travels in the `traceparent` header."""

    def __init__(self, bootstrap_servers: str, *, service: str, registry: CollectorRegistry,
                 request_timeout_ms: int) -> None:
        self._config = {
            "bootstrap_servers": bootstrap_servers, "client_id": f"nagrik-{service}-direct", "acks": "all",
            "request_timeout_ms": request_timeout_ms, "linger_ms": 1, **client_options(),
        }
        self._producer: AIOKafkaProducer | None = None  # made in start(): aiokafka needs the running loop
        self._published = Counter(
            "nagrik_direct_published_total", "Messages acknowledged by Kafka, by topic", ["topic"], registry=registry
        )

    async def start(self) -> None:
        self._producer = AIOKafkaProducer(**self._config)
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer:
            await self._producer.stop()

    async def publish(self, messages: Iterable[tuple[Topic, Envelope]]) -> None:
        """Return once Kafka acknowledged every message; raise if any was not."""
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        headers = [(name, value.encode()) for name, value in carrier.items()]
        pending = [
            (topic, await self._producer.send(
                topic.name, envelope.model_dump_json().encode(), key=topic.key_of(envelope.payload), headers=headers
            ))
            for topic, envelope in messages
        ]
        for topic, acknowledged in pending:
            await acknowledged
            self._published.labels(topic.name).inc()


async def read_from_start(bootstrap_servers: str, topics: Iterable[Topic]) -> AsyncIterator[ConsumerRecord]:
    """Every record now on `topics`, from the start, without joining a consumer group (for operators'
    tools and rebuilds). Stops at the first empty fetch: the embedded broker's end offsets can lag."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False, **client_options())
    await consumer.start()
    try:
        await consumer.topics()  # fetches metadata, so the partitions of every topic are known
        partitions = [TopicPartition(topic.name, number) for topic in topics
                      for number in sorted(consumer.partitions_for_topic(topic.name) or ())]
        if not partitions:
            return
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        while batch := await consumer.getmany(timeout_ms=1500):
            for records in batch.values():
                for record in records:
                    yield record
    finally:
        await consumer.stop()
