"""What an OCR engine hands us (`OcrLine`) and what extraction hands on (`ExtractedField`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

FieldName = Literal["name", "date_of_birth", "gender", "aadhaar", "pan", "pincode", "address", "father_name"]
FIELD_ORDER: tuple[FieldName, ...] = (
    "name", "father_name", "date_of_birth", "gender", "aadhaar", "pan", "address", "pincode"
)  # fmt: skip

Point = tuple[float, float]

_MASKED_AADHAAR = re.compile(r"XXXX XXXX [0-9]{4}")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None)


def _check_confidence(confidence: float) -> None:
    if not 0.0 <= confidence <= 1.0:
        raise ValueError("confidence must be between 0 and 1")


@dataclass(frozen=True)
class OcrLine:
    """One line of text as an OCR engine read it, with the engine's confidence (0–1) and its corner points."""

    text: str = field(repr=False)
    """Kept out of repr: a line may hold a full Aadhaar number, and reprs end up in logs and tracebacks."""
    confidence: float
    box: tuple[Point, ...] | None = None

    def __post_init__(self) -> None:
        _check_confidence(self.confidence)

    @property
    def clean_text(self) -> str:
        """NFC-normalised, without zero-width characters, whitespace collapsed."""
        return " ".join(unicodedata.normalize("NFC", self.text).translate(_INVISIBLE).split())


@dataclass(frozen=True)
class ExtractedField:
    """A form field read from a document. An Aadhaar field can only ever hold the masked number."""

    name: FieldName
    value: str
    confidence: float

    def __post_init__(self) -> None:
        _check_confidence(self.confidence)
        if self.name == "aadhaar" and not _MASKED_AADHAAR.fullmatch(self.value):
            raise ValueError("an aadhaar field holds only the masked number XXXX XXXX 1234")


@dataclass(frozen=True)
class Extraction:
    fields: tuple[ExtractedField, ...]
    unreadable: tuple[FieldName, ...] = ()
    """Fields the document shows but that failed validation (an Aadhaar number whose check digit is wrong,
    two different numbers, an impossible date), so the citizen can be asked for a clearer photo."""

    def get(self, name: FieldName) -> ExtractedField | None:
        return next((f for f in self.fields if f.name == name), None)
