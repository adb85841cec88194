"""The Kafka broker every service uses: telemetry and Prometheus added once, here."""

from __future__ import annotations

import asyncio
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry

from nagrik_contracts import Topic

log = logging.getLogger(__name__)


def make_broker(
    bootstrap_servers: str, *, service: str, tracer_provider: TracerProvider, registry: CollectorRegistry
) -> KafkaBroker:
    return KafkaBroker(
        bootstrap_servers,
        client_id=f"nagrik-{service}",
        acks="all",
        request_timeout_ms=10_000,
        graceful_timeout=15.0,
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
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=5_000)
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
