"""Tests read what services published through one background reader per test session."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer

from nagrik_contracts import ALL_TOPICS, Topic


class TopicRecorder:
    """Reads topics (all registered ones by default) from the beginning and keeps each message as
    (topic, key, JSON)."""

    def __init__(self, bootstrap_servers: str, topics: tuple[Topic, ...] = ALL_TOPICS) -> None:
        self._consumer = AIOKafkaConsumer(
            *(topic.name for topic in topics), bootstrap_servers=bootstrap_servers,
            auto_offset_reset="earliest", group_id=f"test-recorder-{uuid.uuid4()}", metadata_max_age_ms=1000,
        )
        self.messages: list[tuple[str, bytes | None, dict]] = []
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        await self._consumer.start()
        self._task = asyncio.create_task(self._pump())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
        await self._consumer.stop()

    async def _pump(self) -> None:
        async for record in self._consumer:
            try:
                value = json.loads(record.value)
            except ValueError:
                value = {"undecodable": record.value.decode(errors="replace")}
            self.messages.append((record.topic, record.key, value))

    def matching(self, topic: str, predicate: Callable[[dict], bool]) -> list[dict]:
        return [value for name, _, value in self.messages if name == topic and predicate(value)]

    async def wait_for(self, topic: str, predicate: Callable[[dict], bool], *, count: int = 1,
                       timeout: float = 30.0, settle: float = 1.0) -> list[dict]:
        """Messages on `topic` matching `predicate`, once at least `count` arrived; waits `settle`
        seconds more so that a wrong extra message (a duplicate) shows up in the result too."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.matching(topic, predicate)) < count:
            if asyncio.get_running_loop().time() > deadline:
                found = self.matching(topic, predicate)
                raise AssertionError(f"{len(found)} of {count} expected messages on {topic} after {timeout} s: {found}")
            await asyncio.sleep(0.05)
        await asyncio.sleep(settle)
        return self.matching(topic, predicate)
