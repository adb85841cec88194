"""The `SendMessage` command: every Meta limit of PROTOCOLS.md §3 is checked here, so no
service can build a message the Cloud API would reject. Limits count characters (code points)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .envelope import Payload

Language = Literal["hi", "en"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Part):
    type: Literal["text"] = "text"
    body: str = Field(min_length=1, max_length=4096)
    preview_url: bool = False


class Row(_Part):
    id: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=24)
    description: str | None = Field(default=None, max_length=72)


class Section(_Part):
    title: str | None = Field(default=None, max_length=24)
    rows: list[Row] = Field(min_length=1, max_length=10)


class List(_Part):
    """An interactive list: at most 10 rows in all, across at most 10 sections."""

    type: Literal["list"] = "list"
    header: str | None = Field(default=None, max_length=60)
    body: str = Field(min_length=1, max_length=4096)
    footer: str | None = Field(default=None, max_length=60)
    button: str = Field(min_length=1, max_length=20)
    sections: list[Section] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _rows_fit(self) -> List:
        rows = [row for section in self.sections for row in section.rows]
        if len(rows) > 10:
            raise ValueError(f"a list holds at most 10 rows in all, got {len(rows)}")
        ids = [row.id for row in rows]
        if len(set(ids)) != len(ids):
            raise ValueError("row ids must be unique within a list")
        if len(self.sections) > 1 and any(not section.title for section in self.sections):
            raise ValueError("every section needs a title when there are several")
        return self


class Button(_Part):
    id: str = Field(min_length=1, max_length=256)
    title: str = Field(min_length=1, max_length=20)


class Buttons(_Part):
    """Reply buttons: one to three, titles unique."""

    type: Literal["buttons"] = "buttons"
    header: str | None = Field(default=None, max_length=60)
    body: str = Field(min_length=1, max_length=1024)
    footer: str | None = Field(default=None, max_length=60)
    buttons: list[Button] = Field(min_length=1, max_length=3)

    @model_validator(mode="after")
    def _unique(self) -> Buttons:
        for attribute in ("id", "title"):
            values = [getattr(button, attribute) for button in self.buttons]
            if len(set(values)) != len(values):
                raise ValueError(f"button {attribute}s must be unique")
        return self


class _MediaRef(_Part):
    media_id: str | None = None
    link: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> _MediaRef:
        if (self.media_id is None) == (self.link is None):
            raise ValueError("give exactly one of media_id or link")
        return self


class Document(_MediaRef):
    type: Literal["document"] = "document"
    filename: str = Field(min_length=1, max_length=240)
    caption: str | None = Field(default=None, max_length=1024)


class Image(_MediaRef):
    type: Literal["image"] = "image"
    caption: str | None = Field(default=None, max_length=1024)


class Template(_Part):
    """An approved template: the only thing Meta delivers outside the 24-hour window."""

    type: Literal["template"] = "template"
    name: str = Field(min_length=1, max_length=512)
    language: Language
    body_parameters: list[str] = Field(default_factory=list, max_length=10)
    header_document: Document | None = None


Content = Annotated[Text | List | Buttons | Document | Image | Template, Field(discriminator="type")]


class SendMessage(Payload):
    """Send one message to a citizen through the WhatsApp Cloud API."""

    event_type = "wa.SendMessage"

    citizen_id: str = Field(min_length=1, description="Recipient `wa_id`.")
    language: Language = Field(description="The citizen's language; picks the fallback template's language.")
    content: Content
    phone_number_id: str | None = Field(default=None, description="Our sending number; the default number if absent.")
    reply_to: str | None = Field(default=None, description="`wamid` of the citizen's message this answers.")
    fallback: Template | None = Field(
        default=None,
        description="Template to send instead when the 24-hour window is closed; a generic one if absent.",
    )
