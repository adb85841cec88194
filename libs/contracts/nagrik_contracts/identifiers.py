"""Validators for the identifiers printed on Indian documents (PROTOCOLS.md §7), shared by every service
that reads or checks them (OCR, the conversation, applications). Pure: no I/O.

Errors never quote their input: the input may be a full Aadhaar number, which must not reach a log.
"""

from __future__ import annotations

import re
from datetime import date

# Verhoeff's scheme over the dihedral group D5: _D is its multiplication table, _P the position
# permutations (row i applies to the digit i places from the right, cycling every 8), _INV the inverses.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)

_DIGITS = re.compile(r"[0-9]+")
_AADHAAR = re.compile(r"[2-9][0-9]{11}")
_AADHAAR_SEPARATORS = re.compile(r"[ \-]")
_PAN = re.compile(r"[A-Z]{5}[0-9]{4}[A-Z]")
_MOBILE = re.compile(r"(?:\+91|91|0)?([6-9][0-9]{9})")
_MOBILE_SEPARATORS = re.compile(r"[ \-()]")
_PINCODE = re.compile(r"[1-9][0-9]{5}")
_FULL_DATE = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})")
_YEAR_OF_BIRTH = re.compile(
    r"(?:year\s+of\s+birth|yob|जन्म\s*वर्ष)(?:\s*/\s*(?:year\s+of\s+birth|yob))?\s*[:\-]?\s*([0-9]{4})", re.IGNORECASE
)
_EARLIEST_YEAR = 1900
_LATEST_YEAR = 2099


def _checked_digits(number: str) -> str:
    if not _DIGITS.fullmatch(number):
        raise ValueError("expected a string of ASCII digits")
    return number


def verhoeff_check_digit(number: str) -> str:
    """The Verhoeff digit to append to `number` (a string of digits)."""
    c = 0
    for i, digit in enumerate(reversed(_checked_digits(number))):
        c = _D[c][_P[(i + 1) % 8][int(digit)]]
    return str(_INV[c])


def verhoeff_is_valid(number: str) -> bool:
    """Whether the last digit of `number` is the Verhoeff check digit of the ones before it."""
    if not _DIGITS.fullmatch(number):
        return False
    c = 0
    for i, digit in enumerate(reversed(number)):
        c = _D[c][_P[i % 8][int(digit)]]
    return c == 0


def _aadhaar_digits(number: str) -> str:
    return _AADHAAR_SEPARATORS.sub("", number.strip())


def is_aadhaar(number: str) -> bool:
    """12 digits, not starting with 0 or 1, Verhoeff-valid; spaces or hyphens between digits are ignored."""
    digits = _aadhaar_digits(number)
    return bool(_AADHAAR.fullmatch(digits)) and verhoeff_is_valid(digits)


def mask_aadhaar(number: str) -> str:
    """`XXXX XXXX 1234`: the only form of an Aadhaar number Nagrik may store, show or publish."""
    digits = _aadhaar_digits(number)
    if not _AADHAAR.fullmatch(digits):
        raise ValueError("not a 12-digit Aadhaar number")
    return f"XXXX XXXX {digits[-4:]}"


PAN_HOLDER_TYPES: dict[str, str] = {
    "P": "individual",
    "C": "company",
    "H": "hindu_undivided_family",
    "F": "firm",
    "A": "association_of_persons",
    "T": "trust",
    "B": "body_of_individuals",
    "L": "local_authority",
    "J": "artificial_juridical_person",
    "G": "government",
}
"""The 4th letter of a PAN names the kind of holder. The income-tax department issues no other letter there."""


def is_pan(text: str) -> bool:
    """`AAAAA9999A` with a known holder-type letter in 4th place (stricter than the shape alone, so OCR
    noise that merely looks like a PAN is refused)."""
    return bool(_PAN.fullmatch(text)) and text[3] in PAN_HOLDER_TYPES


def pan_holder_type(pan: str) -> str:
    """The holder type of a valid PAN, e.g. `individual` for `ABCPE1234F`."""
    if not is_pan(pan):
        raise ValueError("not a valid PAN")
    return PAN_HOLDER_TYPES[pan[3]]


def normalise_mobile(text: str) -> str | None:
    """The 10-digit national number of an Indian mobile (+91/91/0 prefix, spaces and hyphens allowed)."""
    match = _MOBILE.fullmatch(_MOBILE_SEPARATORS.sub("", text.strip()))
    return match.group(1) if match else None


def is_mobile(text: str) -> bool:
    return normalise_mobile(text) is not None


def is_pincode(text: str) -> bool:
    """A six-digit Indian postal index number; the first digit (the postal region) is never 0."""
    return bool(_PINCODE.fullmatch(text.strip()))


def parse_date(text: str) -> str | None:
    """An Indian document date as ISO 8601: `15/08/1990` or `15-08-1990` → `1990-08-15`.

    Aadhaar cards of people who only know their birth year print `Year of Birth : 1985`; that gives the
    reduced-precision ISO form `1985`. Impossible dates (31/02/1990) give None.
    """
    text = text.strip()
    if full := _FULL_DATE.fullmatch(text):
        day, _, month, year = full.groups()
        if not _EARLIEST_YEAR <= int(year) <= _LATEST_YEAR:
            return None
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    if year_only := _YEAR_OF_BIRTH.fullmatch(text):
        year = year_only.group(1)
        return year if _EARLIEST_YEAR <= int(year) <= _LATEST_YEAR else None
    return None


_AADHAAR_SHAPED = re.compile(r"(?<!\d)([2-9]\d{3})[ -]?(\d{4})[ -]?(\d{4})(?!\d)")


def redact_aadhaar_numbers(text: str) -> str:
    """Free text with every Aadhaar number masked, before it is published anywhere.

    A Verhoeff-valid number becomes `XXXX XXXX 1234` (still usable as an answer). A 12-digit number
    that fails the check is hidden whole (`XXXX XXXX XXXX`) unless it starts with 9: that is most
    likely a mobile number written with its 91 prefix, which the citizen may be giving on purpose.
    """

    def mask(match: re.Match[str]) -> str:
        digits = "".join(match.groups())
        if verhoeff_is_valid(digits):
            return f"XXXX XXXX {digits[-4:]}"
        return match.group(0) if digits.startswith("9") else "XXXX XXXX XXXX"

    return _AADHAAR_SHAPED.sub(mask, text)
