"""What happened in a citizen's dialogue with the bot."""

from __future__ import annotations

from pydantic import Field

from .envelope import Payload
from .outbound import Language


class ConversationStarted(Payload):
    """A citizen greeted the bot (or asked for the menu) and a dialogue began."""

    event_type = "conversation.ConversationStarted"

    citizen_id: str = Field(min_length=1)
    returning: bool = Field(description="The citizen had talked to the bot before.")


class LanguageChosen(Payload):
    event_type = "conversation.LanguageChosen"

    citizen_id: str = Field(min_length=1)
    language: Language


class ServiceChosen(Payload):
    """The citizen picked a service from the catalogue."""

    event_type = "conversation.ServiceChosen"

    citizen_id: str = Field(min_length=1)
    department_id: str
    service_id: str
    language: Language
