"""OCR: read a document a citizen sent and offer the fields it fills."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .envelope import Payload
from .outbound import Language

OcrField = Literal["name", "date_of_birth", "gender", "aadhaar", "pan", "pincode", "address", "father_name"]


class ReadDocument(Payload):
    event_type = "ocr.ReadDocument"

    request_id: str = Field(min_length=1, max_length=64)
    citizen_id: str = Field(min_length=1)
    language: Language
    media_id: str
    mime_type: str
    document_type: str = Field(description="Catalogue document type the citizen was asked for.")


class ExtractedField(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: OcrField
    value: str = Field(description="An Aadhaar number only in its masked form XXXX XXXX 1234.")
    confidence: float = Field(ge=0, le=1)


class DocumentRead(Payload):
    event_type = "ocr.DocumentRead"

    request_id: str
    citizen_id: str
    language: Language
    document_id: str = Field(description="Our id of the stored (encrypted) original.")
    fields: list[ExtractedField]
    unreadable: list[OcrField] = Field(default_factory=list)


class DocumentRejected(Payload):
    event_type = "ocr.DocumentRejected"

    request_id: str
    citizen_id: str
    language: Language
    reason: Literal["wrong_type", "oversize", "corrupt", "unavailable", "unreadable"]
    detail: str | None = None
