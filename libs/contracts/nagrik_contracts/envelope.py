"""The envelope every event and command travels in, and the base of every payload."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar, Self, TypeVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Payload(BaseModel):
    """Base of every event and command body; subclasses name their type and version."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1


P = TypeVar("P", bound=Payload)


class Envelope(BaseModel):
    """Metadata around a payload. Trace context travels in Kafka headers, not here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: UUID = Field(default_factory=uuid4, description="Unique per event; consumers dedupe on it.")
    event_type: str = Field(description="Payload type, e.g. 'wa.MessageReceived'.")
    schema_version: int = Field(ge=1, description="Version of the payload schema.")
    occurred_at: AwareDatetime = Field(description="When it happened, UTC.")
    correlation_id: str = Field(min_length=1, max_length=200, description="One per citizen journey.")
    causation_id: UUID | None = Field(default=None, description="event_id of the message that caused this one.")
    producer: str = Field(min_length=1, max_length=64, description="Service that produced it.")
    payload: dict = Field(description="The event or command body, per event_type and schema_version.")

    @classmethod
    def wrap(
        cls,
        payload: Payload,
        *,
        producer: str,
        correlation_id: str,
        causation: Envelope | None = None,
        event_id: UUID | None = None,
        occurred_at: datetime | None = None,
    ) -> Self:
        """Put a payload in a new envelope; `causation` links it to the message that caused it."""
        return cls(
            event_id=event_id or uuid4(),
            event_type=payload.event_type,
            schema_version=payload.schema_version,
            occurred_at=occurred_at or datetime.now(UTC),
            correlation_id=correlation_id,
            causation_id=causation.event_id if causation else None,
            producer=producer,
            payload=payload.model_dump(mode="json", exclude_none=True),
        )

    def open(self, model: type[P]) -> P:
        """Validate the payload as `model`; refuses an envelope of another type."""
        if (self.event_type, self.schema_version) != (model.event_type, model.schema_version):
            raise ValueError(
                f"envelope holds {self.event_type} v{self.schema_version}, "
                f"not {model.event_type} v{model.schema_version}"
            )
        return model.model_validate(self.payload)

    def caused(self, payload: Payload, *, producer: str) -> Envelope:
        """A follow-up message in the same journey."""
        return Envelope.wrap(payload, producer=producer, correlation_id=self.correlation_id, causation=self)
