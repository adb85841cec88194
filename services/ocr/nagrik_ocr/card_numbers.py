"""Find the Aadhaar number, the PAN and the date of birth among a card's OCR lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .fields import ExtractedField, Extraction, OcrLine
from nagrik_contracts.identifiers import is_aadhaar, is_pan, mask_aadhaar, parse_date
from .ocr_confusions import penalised, read_digits, read_pan_shape

# Lines that carry other long numbers: the 16-digit Virtual ID, and mobiles printed as 91XXXXXXXXXX.
_NOT_THE_NUMBER = re.compile(r"\bvid\b|virtual\s*id|mobile|phone|\bmob\b|मोबाइल", re.IGNORECASE)
_TOKEN_EDGES = ".,:;()[]{}\"'"
_MAX_AADHAAR_CORRECTIONS = 3
_MAX_PAN_CORRECTIONS = 2

_DOB_LABEL = re.compile(
    r"\bd\s?\.?\s?o\s?\.?\s?b\b|date\s*of\s*birth|birth\s*date|जन्म\s*तिथि|जन्म\s*की\s*तारीख|जन्मतिथि", re.IGNORECASE
)
_YOB_LABEL = re.compile(r"(?:year\s*of\s*birth|\byob\b|जन्म\s*वर्ष)\D*?([0-9OoIlSB]{4})(?![0-9])", re.IGNORECASE)
_OTHER_DATE_LABEL = re.compile(r"issue|download|print|generat|valid|जारी", re.IGNORECASE)
_DATE = re.compile(r"(?<![0-9])([0-9OoIlSB]{1,2})\s?([/\-.])\s?([0-9OoIlSB]{1,2})\s?\2\s?([0-9OoIlSB]{4})(?![0-9])")


def _tokens(text: str) -> list[str]:
    return [token.strip(_TOKEN_EDGES) for token in text.split()]


def _digit_runs(text: str) -> list[list[tuple[str, int]]]:
    """Maximal runs of consecutive tokens that read as digits (each token at least half real digits)."""
    runs: list[list[tuple[str, int]]] = [[]]
    for token in _tokens(text):
        read = read_digits(token) if token else None
        if read and 2 * read[1] <= len(token):
            runs[-1].append(read)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def find_aadhaar(lines: Sequence[OcrLine]) -> Extraction:
    """The masked Aadhaar number; a number failing Verhoeff (or two different valid ones) is unreadable."""
    found: dict[str, float] = {}
    seen_a_number = False
    for line in lines:
        text = line.clean_text
        if _NOT_THE_NUMBER.search(text):
            continue
        for run in _digit_runs(text):
            digits = "".join(token for token, _ in run)
            corrections = sum(count for _, count in run)
            if len(digits) != 12 or any(len(token) % 4 for token, _ in run):
                continue
            seen_a_number = True
            if corrections <= _MAX_AADHAAR_CORRECTIONS and is_aadhaar(digits):
                found[digits] = max(found.get(digits, 0.0), penalised(line.confidence, corrections))
    if len(found) == 1:
        ((digits, confidence),) = found.items()
        return Extraction(fields=(ExtractedField("aadhaar", mask_aadhaar(digits), confidence),))
    return Extraction(fields=(), unreadable=("aadhaar",) if seen_a_number else ())


def find_pan(lines: Sequence[OcrLine]) -> Extraction:
    found: dict[str, float] = {}
    seen_a_pan = False
    for line in lines:
        for token in _tokens(line.clean_text):
            read = read_pan_shape(token)
            if read is None or sum(c.isdigit() for c in token[5:9]) < 2:
                continue
            pan, corrections = read
            if corrections > _MAX_PAN_CORRECTIONS:
                continue
            seen_a_pan = True
            if is_pan(pan):
                found[pan] = max(found.get(pan, 0.0), penalised(line.confidence, corrections))
    if len(found) == 1:
        ((pan, confidence),) = found.items()
        return Extraction(fields=(ExtractedField("pan", pan, confidence),))
    return Extraction(fields=(), unreadable=("pan",) if seen_a_pan else ())


def _date_in(text: str) -> tuple[str | None, int] | None:
    """The ISO date in `text` (None if impossible) and the corrections it needed; None if no date."""
    match = _DATE.search(text)
    if match is None:
        return None
    day, _, month, year = match.groups()
    parts = [read_digits(part) for part in (day, month, year)]
    digits = [read for read in parts if read is not None]
    return parse_date("/".join(d for d, _ in digits)), sum(c for _, c in digits)


def _field(iso: str | None, corrections: int, line: OcrLine) -> Extraction:
    if iso is None:
        return Extraction(fields=(), unreadable=("date_of_birth",))
    return Extraction(fields=(ExtractedField("date_of_birth", iso, penalised(line.confidence, corrections)),))


def is_date_line(text: str) -> bool:
    """A date-of-birth label, or nothing but a date."""
    return bool(_DOB_LABEL.search(text) or _YOB_LABEL.search(text) or _DATE.fullmatch(text))


def find_date_of_birth(lines: Sequence[OcrLine]) -> Extraction:
    """A labelled date of birth (value on the label's line or the next), `Year of Birth` as a year, or
    failing both an unlabelled line that is only a date (old PAN cards print the date bare)."""
    texts = [line.clean_text for line in lines]
    for i, (line, text) in enumerate(zip(lines, texts)):
        if year := _YOB_LABEL.search(text):
            digits, corrections = read_digits(year.group(1)) or ("", 0)
            return _field(parse_date(f"Year of Birth: {digits}"), corrections, line)
        if _DOB_LABEL.search(text):
            if (date := _date_in(text)) is not None:
                return _field(*date, line)
            if i + 1 < len(lines) and (date := _date_in(texts[i + 1])) is not None:
                return _field(*date, lines[i + 1])
    for i, (line, text) in enumerate(zip(lines, texts)):
        match = _DATE.fullmatch(text)
        labelled_otherwise = _OTHER_DATE_LABEL.search(text) or (i and _OTHER_DATE_LABEL.search(texts[i - 1]))
        if match and not labelled_otherwise and (date := _date_in(text)) is not None:
            return _field(*date, line)
    return Extraction(fields=())
