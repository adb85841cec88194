"""The topic registry: the one place that names topics, what they carry and how they are keyed.

Citizen-scoped topics are keyed by the citizen id so one citizen's messages stay in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from .conversation import ConversationStarted, LanguageChosen, ServiceChosen
from .deadletters import DeadLettered
from .envelope import Payload
from .outbound import SendMessage
from .whatsapp import MessageReceived, MessageStatusChanged


@dataclass(frozen=True)
class Topic:
    name: str
    key: str
    """Payload field whose value is the Kafka key."""
    owner: str
    """The one service that produces it."""
    payloads: tuple[type[Payload], ...]
    description: str
    partitions: int = 6

    def key_of(self, payload: Payload | dict) -> bytes:
        """The Kafka key of a payload, given as a model or as its JSON dict."""
        value = payload[self.key] if isinstance(payload, dict) else getattr(payload, self.key)
        return str(value).encode()


WA_INBOUND = Topic(
    "wa.inbound.v1", "citizen_id", "gateway", (MessageReceived,), "Messages citizens sent on WhatsApp."
)
WA_STATUS = Topic(
    "wa.status.v1", "citizen_id", "gateway", (MessageStatusChanged,), "Meta's sent/delivered/read/failed reports."
)
WA_OUTBOUND = Topic(
    "wa.outbound.v1", "citizen_id", "conversation", (SendMessage,), "Messages to send to citizens."
)
CONVERSATION_EVENTS = Topic(
    "conversation.events.v1",
    "citizen_id",
    "conversation",
    (ConversationStarted, LanguageChosen, ServiceChosen),
    "Milestones of citizens' dialogues.",
)
DEAD_LETTERS = Topic(
    "deadletters.v1", "consumer", "any", (DeadLettered,), "Messages a consumer gave up on, with the error.", 1
)

ALL = (WA_INBOUND, WA_STATUS, WA_OUTBOUND, CONVERSATION_EVENTS, DEAD_LETTERS)
PAYLOADS: dict[tuple[str, int], type[Payload]] = {
    (p.event_type, p.schema_version): p for topic in ALL for p in topic.payloads
}


def by_name(name: str) -> Topic:
    for topic in ALL:
        if topic.name == name:
            return topic
    raise KeyError(f"unknown topic {name!r}")
