"""Find the holder's name, father's name and gender among a card's OCR lines.

Labelled values come first ("Name", "नाम", "Father's Name", "पिता", "S/O", "D/O"); otherwise the card's
layout decides: on an Aadhaar card the name is printed just above the date of birth (a Devanagari line
above the Latin one on bilingual cards); on an old PAN card the holder's and the father's names are the
first two name-like lines below the header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .card_numbers import is_date_line
from .fields import ExtractedField, Extraction, OcrLine

_LATIN_NAME = re.compile(r"[A-Z][A-Za-z.']*(?: [A-Z][A-Za-z.']*){0,5}")
# Devanagari letters and signs, without the dandas (।॥) and Devanagari digits.
_DEVANAGARI_NAME = re.compile(r"[\u0900-\u0963\u0970-\u097F]+(?: [\u0900-\u0963\u0970-\u097F]+){0,5}")
_NOT_NAME_WORDS = frozenset(
    {
        "government",
        "govt",
        "india",
        "of",
        "income",
        "tax",
        "department",
        "permanent",
        "account",
        "number",
        "card",
        "signature",
        "name",
        "father",
        "father's",
        "fathers",
        "date",
        "birth",
        "dob",
        "male",
        "female",
        "transgender",
        "gender",
        "address",
        "aadhaar",
        "aadhar",
        "unique",
        "identification",
        "authority",
        "enrolment",
        "enrollment",
        "vid",
        "issue",
        "download",
        "year",
        "help",
        "www",
        "mera",
        "meri",
        "pehchan",
        "mobile",
        "no",
        "pin",
        "भारत",
        "सरकार",
        "आयकर",
        "विभाग",
        "आधार",
        "पहचान",
        "जन्म",
        "तिथि",
        "वर्ष",
        "पिता",
        "पता",
        "पुरुष",
        "महिला",
        "नाम",
        "हस्ताक्षर",
        "स्थायी",
        "लेखा",
        "संख्या",
        "प्राधिकरण",
        "भारतीय",
        "विशिष्ट",
        "मेरा",
        "मेरी",
        "का",
        "की",
    }
)
_FATHER_LABEL = re.compile(r"father'?s?\s*name|\bfather\b|पिता(?:\s*का\s*नाम)?|\b[SD]\s?/\s?O\b", re.IGNORECASE)
_NAME_LABEL = re.compile(r"(?<![A-Za-z'])name\b|नाम", re.IGNORECASE)
_LABEL_SEPARATORS = " :-/|."
_GENDERS = (
    ("female", re.compile(r"\bfemale\b|महिला", re.IGNORECASE)),
    ("male", re.compile(r"\bmale\b|पुरुष", re.IGNORECASE)),
    ("transgender", re.compile(r"\btransgender\b|ट्रांसजेंडर", re.IGNORECASE)),
)
_LINES_ABOVE_BIRTH_DATE = 4


def is_latin_name(text: str) -> bool:
    return (
        bool(_LATIN_NAME.fullmatch(text))
        and sum(c.isalpha() for c in text) >= 3
        and not any(word.strip(".").lower() in _NOT_NAME_WORDS for word in text.split())
    )


def is_devanagari_name(text: str) -> bool:
    return bool(_DEVANAGARI_NAME.fullmatch(text)) and not any(word in _NOT_NAME_WORDS for word in text.split())


def _value_after_label(text: str, label: re.Pattern[str]) -> str | None:
    """What follows the last label on the line, up to a comma ("Father : SURESH" → "SURESH")."""
    matches = list(label.finditer(text))
    if not matches:
        return None
    return text[matches[-1].end() :].lstrip(_LABEL_SEPARATORS).split(",")[0].strip()


def _labelled(
    lines: Sequence[OcrLine], label: re.Pattern[str], unless: re.Pattern[str] | None = None
) -> tuple[str, float] | None:
    """The value of the first such label, preferring a Latin-script value (bilingual cards print both)."""
    found: list[tuple[str, float]] = []
    for i, line in enumerate(lines):
        text = line.clean_text
        value = None if unless is not None and unless.search(text) else _value_after_label(text, label)
        if value:
            found.append((value, line.confidence))
        elif value == "":  # the value is printed on the next line(s)
            found.extend((c.clean_text, c.confidence) for c in lines[i + 1 : i + 3])
    for accept in (is_latin_name, is_devanagari_name):
        for value, confidence in found:
            if accept(value):
                return value, confidence
    return None


def _above_birth_date(lines: Sequence[OcrLine]) -> tuple[str, float] | None:
    """The Aadhaar layout: the nearest name-like line above the date of birth (or the gender)."""
    texts = [line.clean_text for line in lines]
    anchor = next((i for i, t in enumerate(texts) if is_date_line(t) or find_gender_in(t)), None)
    if anchor is None:
        return None
    above = range(anchor - 1, max(-1, anchor - 1 - _LINES_ABOVE_BIRTH_DATE), -1)
    candidates = [i for i in above if not _FATHER_LABEL.search(texts[i])]
    for accept in (is_latin_name, is_devanagari_name):
        for i in candidates:
            if accept(texts[i]):
                return texts[i], lines[i].confidence
    return None


def _first_two_names(lines: Sequence[OcrLine]) -> list[tuple[str, float]]:
    """The old PAN layout: holder's name, then father's name, before the date of birth."""
    names: list[tuple[str, float]] = []
    for line in lines:
        text = line.clean_text
        if is_date_line(text):
            break
        if is_latin_name(text) and not _FATHER_LABEL.search(text):
            names.append((text, line.confidence))
    return names[:2]


def find_gender_in(text: str) -> str | None:
    return next((gender for gender, pattern in _GENDERS if pattern.search(text)), None)


def find_gender(lines: Sequence[OcrLine]) -> Extraction:
    for line in lines:
        if gender := find_gender_in(line.clean_text):
            return Extraction(fields=(ExtractedField("gender", gender, line.confidence),))
    return Extraction(fields=())


def find_names(lines: Sequence[OcrLine], *, pan_card: bool) -> Extraction:
    name = _labelled(lines, _NAME_LABEL, unless=_FATHER_LABEL)
    father = _labelled(lines, _FATHER_LABEL)
    if pan_card and (name is None or father is None):
        layout = _first_two_names(lines)
        name = name or (layout[0] if layout else None)
        unused = [found for found in layout if found != name]
        father = father or (unused[0] if unused else None)
    elif name is None:
        name = _above_birth_date(lines)
    fields = []
    if name:
        fields.append(ExtractedField("name", *name))
    if father:
        fields.append(ExtractedField("father_name", *father))
    return Extraction(fields=tuple(fields))
