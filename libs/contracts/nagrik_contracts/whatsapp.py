"""WhatsApp events (what citizens sent, what happened to our messages) — PROTOCOLS.md §1."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .envelope import Payload

MessageType = Literal[
    "text",
    "image",
    "document",
    "audio",
    "video",
    "sticker",
    "interactive",
    "button",
    "location",
    "contacts",
    "reaction",
    "unsupported",
]
"""`unsupported` also covers types Meta adds later: the original name is kept in `raw_type`."""

DeliveryStatus = Literal["sent", "delivered", "read", "failed"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Media(_Part):
    id: str = Field(description="Meta media id; downloadable for 7 days.")
    mime_type: str
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None


class Reply(_Part):
    """A tap on one of our buttons, list rows or template quick replies."""

    kind: Literal["button_reply", "list_reply", "quick_reply"]
    id: str = Field(description="The id we gave the row or button (the payload for quick replies).")
    title: str
    description: str | None = None


class Location(_Part):
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None


class MetaError(_Part):
    code: int
    title: str | None = None
    message: str | None = None
    details: str | None = None


class MessageReceived(Payload):
    """A citizen sent us a message (one `messages[]` item of a webhook)."""

    event_type = "wa.MessageReceived"

    citizen_id: str = Field(min_length=1, description="Opaque sender id: `wa_id`, or `from_user_id` for username-only users.")
    message_id: str = Field(min_length=1, description="Meta's `wamid`; unique per message.")
    phone_number_id: str = Field(description="Our business number that received it; routes multi-number setups.")
    sent_at: AwareDatetime
    type: MessageType
    raw_type: str | None = Field(default=None, description="Meta's type name when it differs from `type`.")
    profile_name: str | None = None
    text: str | None = Field(default=None, description="Text body, or a media caption.")
    media: Media | None = None
    reply: Reply | None = None
    location: Location | None = None
    context_message_id: str | None = Field(default=None, description="The message of ours this one replies to.")
    errors: list[MetaError] = Field(default_factory=list)


class MessageStatusChanged(Payload):
    """Meta reports what happened to a message we sent."""

    event_type = "wa.MessageStatusChanged"

    citizen_id: str = Field(min_length=1, description="`recipient_id` of the status.")
    message_id: str = Field(min_length=1, description="The `wamid` Meta returned when we sent it.")
    phone_number_id: str
    status: DeliveryStatus
    occurred_at: AwareDatetime
    errors: list[MetaError] = Field(default_factory=list)
    pricing_category: str | None = None
