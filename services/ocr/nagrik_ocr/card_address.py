"""Find the address block and its PIN code among a card's OCR lines.

The block starts at an "Address:" / "पता:" label (the English one preferred on bilingual cards) and runs
to the line holding the PIN code. A leading care-of ending in a comma ("S/O Suresh Kumar,", "C/O …,") names
a person, not a place: it is dropped from the address (card_people reads the father's name from S/O, D/O).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .fields import ExtractedField, Extraction, OcrLine
from nagrik_contracts.identifiers import is_pincode
from .ocr_confusions import penalised, read_digits

_ADDRESS_LABEL = re.compile(r"^(?:address|पता)\s*[:\-]?\s*", re.IGNORECASE)
_ENGLISH_LABEL = re.compile(r"^address", re.IGNORECASE)
_CARE_OF = re.compile(r"^[SDCW]\s?/\s?O\b[^,]*,\s*", re.IGNORECASE)
_END_OF_BLOCK = re.compile(r"\bvid\b|www\.|@|uidai|\bhelp\b|^[0-9OoIlSB ]{10,}$", re.IGNORECASE)
_PIN_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])([0-9OoIlSB]{6})(?![0-9A-Za-z])")
_PIN_OUTSIDE_ADDRESS = re.compile(
    r"(?:pin\s*(?:code)?|पिन(?:\s*कोड)?)\s*[:\-]?\s*([1-9][0-9]{5})(?![0-9])|[^\W\d_]\s*[-,]\s*([1-9][0-9]{5})\s*$",
    re.IGNORECASE,
)
_MAX_ADDRESS_LINES = 6
_MIN_REAL_PIN_DIGITS = 4


def _pincode_in(line: OcrLine) -> ExtractedField | None:
    found = None
    for match in _PIN_IN_TEXT.finditer(line.clean_text):
        read = read_digits(match.group(1))
        if read and len(read[0]) - read[1] >= _MIN_REAL_PIN_DIGITS and is_pincode(read[0]):
            found = ExtractedField("pincode", read[0], penalised(line.confidence, read[1]))
    return found


def _block(lines: Sequence[OcrLine]) -> list[tuple[str, OcrLine]]:
    """The labelled address lines (label removed), up to and including the one with the PIN code."""
    starts = [i for i, line in enumerate(lines) if _ADDRESS_LABEL.match(line.clean_text)]
    if not starts:
        return []
    start = next((i for i in starts if _ENGLISH_LABEL.match(lines[i].clean_text)), starts[0])
    block = [(_ADDRESS_LABEL.sub("", lines[start].clean_text), lines[start])]
    for line in lines[start + 1 : start + _MAX_ADDRESS_LINES]:
        if _pincode_in(block[-1][1]) or _END_OF_BLOCK.search(line.clean_text):
            break
        block.append((line.clean_text, line))
    return block


def find_address(lines: Sequence[OcrLine]) -> Extraction:
    block = _block(lines)
    parts = [part for text, _ in block if (part := text.strip(" ,;"))]
    address = _CARE_OF.sub("", ", ".join(parts)).strip(" ,")
    fields: list[ExtractedField] = []
    if address:
        fields.append(ExtractedField("address", address, min(line.confidence for _, line in block)))
    pins = [pin for _, line in block if (pin := _pincode_in(line))]
    if not pins:
        for line in lines:
            if match := _PIN_OUTSIDE_ADDRESS.search(line.clean_text):
                pins.append(ExtractedField("pincode", match.group(1) or match.group(2), line.confidence))
    if pins:
        fields.append(pins[-1])
    return Extraction(fields=tuple(fields))
