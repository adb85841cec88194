"""Turn the lines an OCR engine read off an Indian ID card into validated form fields. Pure: no I/O.

Decisions:
- An Aadhaar number leaves this module only masked (`XXXX XXXX 1234`); `ExtractedField` refuses anything
  else. A 12-digit number that fails the Verhoeff check is not returned at all (a masked wrong number would
  look confirmed to the citizen and to the department); instead "aadhaar" is listed in
  `Extraction.unreadable`, so the conversation can ask for a clearer photo. The same goes for two different
  valid numbers on one image, two different PANs, and an impossible date of birth.
- A field's confidence is its OCR line's confidence, multiplied by 0.9 for every character that had to be
  corrected (O→0, l→1, S→5, B→8 …); multi-line fields (the address) take their weakest line's confidence.
- Names are returned as printed, Latin script preferred over Devanagari on bilingual cards; gender as
  `male` / `female` / `transgender`; dates as ISO 8601 (`1990-08-15`, or `1985` for "Year of Birth").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

from .card_address import find_address
from .card_numbers import find_aadhaar, find_date_of_birth, find_pan
from .card_people import find_gender, find_names
from .fields import FIELD_ORDER, ExtractedField, Extraction, FieldName, OcrLine

__all__ = ["ExtractedField", "Extraction", "FieldName", "OcrLine", "extract", "extract_fields", "reading_order"]

_PAN_CARD = re.compile(r"income\s*tax|permanent\s*account|आयकर", re.IGNORECASE)


def reading_order(lines: Sequence[OcrLine]) -> list[OcrLine]:
    """Top to bottom, left to right within a row; lines without boxes keep the engine's order."""
    if not lines or any(line.box is None for line in lines):
        return list(lines)

    def top(line: OcrLine) -> float:
        return min(y for _, y in line.box or ())

    def bottom(line: OcrLine) -> float:
        return max(y for _, y in line.box or ())

    def left(line: OcrLine) -> float:
        return min(x for x, _ in line.box or ())

    half_height = median(bottom(line) - top(line) for line in lines) / 2
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda line: (top(line) + bottom(line)) / 2):
        middle = (top(line) + bottom(line)) / 2
        if rows and middle - (top(rows[-1][0]) + bottom(rows[-1][0])) / 2 <= half_height:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=left)]


def is_pan_card(lines: Sequence[OcrLine]) -> bool:
    return any(_PAN_CARD.search(line.clean_text) for line in lines)


def extract(lines: Sequence[OcrLine]) -> Extraction:
    """Every field the lines show, at most once each, plus the fields seen but unreadable."""
    ordered = reading_order(lines)
    found = [
        find_names(ordered, pan_card=is_pan_card(ordered)),
        find_date_of_birth(ordered),
        find_gender(ordered),
        find_aadhaar(ordered),
        find_pan(ordered),
        find_address(ordered),
    ]
    by_name: dict[FieldName, ExtractedField] = {}
    for extraction in found:
        for field in extraction.fields:
            by_name.setdefault(field.name, field)
    unreadable = {name for extraction in found for name in extraction.unreadable} - by_name.keys()
    return Extraction(
        fields=tuple(by_name[name] for name in FIELD_ORDER if name in by_name),
        unreadable=tuple(name for name in FIELD_ORDER if name in unreadable),
    )


def extract_fields(lines: Sequence[OcrLine]) -> list[ExtractedField]:
    """The validated fields only; see `extract` for the ones that were seen but could not be trusted."""
    return list(extract(lines).fields)
