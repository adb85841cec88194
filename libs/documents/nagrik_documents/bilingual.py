"""The vocabulary every document shares: texts in Hindi and English, the issuing office, labelled rows."""

from __future__ import annotations

from dataclasses import dataclass


def _require_text(value: object, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")


@dataclass(frozen=True)
class BilingualText:
    """One text shown to a citizen in Hindi (Devanagari) and English."""

    hi: str
    en: str

    def __post_init__(self) -> None:
        _require_text(self.hi, "hi")
        _require_text(self.en, "en")


@dataclass(frozen=True)
class Issuer:
    """The letterhead: which government and which of its departments issues the document."""

    government: BilingualText
    department: BilingualText


@dataclass(frozen=True)
class DetailRow:
    """One label/value row; the value is printed as given (Devanagari, Latin or both)."""

    label: BilingualText
    value: str

    def __post_init__(self) -> None:
        _require_text(self.value, f"value of {self.label.en!r}")
