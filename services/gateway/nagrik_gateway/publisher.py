"""Publishing a webhook's events: done only when Kafka acknowledged every one of them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from aiokafka.errors import KafkaError
from faststream.exceptions import IncorrectState

from nagrik_contracts import ALL_TOPICS, Envelope, Topic
from nagrik_kit import Service
from nagrik_kit.broker import ensure_topics

log = logging.getLogger(__name__)

Publish = Callable[[Sequence[tuple[Topic, Envelope]]], Awaitable[None]]
"""The port the webhook routes publish through; tests may pass any coroutine function."""

SAFETY_MARGIN_SECONDS = 1.0
_BROKER_ERRORS = (TimeoutError, KafkaError, OSError, IncorrectState)


class PublishFailed(Exception):
    """Kafka did not acknowledge in time: the webhook must be refused so that Meta retries it."""


class KafkaPublisher:
    """Publishes through the kit and turns every broker failure into `PublishFailed`.

    The producer's own delivery timeout is the publish timeout (see `main.build`), so when aiokafka
    gives up it has also dropped the records: a webhook answered 503 does not reach Kafka later
    behind our back, and Meta's retry publishes it once. aiokafka reconnects to a broker that comes
    back by itself, so the producer is kept. What it cannot know is that the broker came back empty
    (the embedded one keeps topics in memory) and then acknowledges records for topics that no
    longer exist, which are lost: so after a failure the topics are created again before the next
    publish.
    """

    def __init__(self, service: Service, *, timeout_seconds: float) -> None:
        self._service = service
        self._timeout = timeout_seconds + SAFETY_MARGIN_SECONDS
        self._topics = tuple(topic for topic in ALL_TOPICS if topic.owner == service.settings.service_name)
        self._broker_may_have_restarted = False

    async def __call__(self, messages: Sequence[tuple[Topic, Envelope]]) -> None:
        if not messages:
            return
        try:
            async with asyncio.timeout(self._timeout):
                if self._broker_may_have_restarted:
                    await self._recreate_topics()
                await self._service.publish_now(messages)
        except _BROKER_ERRORS as error:
            self._broker_may_have_restarted = True
            log.warning("kafka did not acknowledge a webhook's events",
                        extra={"events": len(messages), "error": type(error).__name__})
            raise PublishFailed(type(error).__name__) from error

    async def _recreate_topics(self) -> None:
        settings = self._service.settings
        if settings.create_topics:
            await ensure_topics(settings.kafka_bootstrap_servers, self._topics, partitions=settings.topic_partitions,
                                wait_seconds=0)
        self._broker_may_have_restarted = False
        log.info("kafka answers again; topics ensured")
