"""A message a consumer gave up on, with the reason, so an operator can fix and replay it."""

from __future__ import annotations

from pydantic import Field

from .envelope import Payload


class DeadLettered(Payload):
    event_type = "ops.DeadLettered"

    consumer: str = Field(description="Consumer group that failed, e.g. 'conversation'.")
    source_topic: str
    source_partition: int
    source_offset: int
    key: str | None = None
    error: str = Field(description="Exception type and message of the last attempt.")
    attempts: int = Field(ge=1)
    original: str = Field(description="The original message value, as UTF-8 text (replacement chars if not).")
