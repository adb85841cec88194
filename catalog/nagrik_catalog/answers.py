"""Checking a citizen's answer to a form field, by the field's type and rules.

Used where answers are typed (the conversation) and where they are accepted (applications), so both
agree. An Aadhaar answer leaves here only masked (`XXXX XXXX 1234`), after its Verhoeff check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nagrik_contracts.identifiers import is_aadhaar, is_pincode, mask_aadhaar, normalise_mobile, parse_date

from .schema import BUILTIN_PATTERNS, FormField

MASKED_AADHAAR = re.compile(r"XXXX XXXX \d{4}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SKIP_WORDS = frozenset({"skip", "-", "छोड़ें", "छोड़े", "chhodo", "none", "na", "n/a"})


@dataclass(frozen=True)
class Answer:
    """A checked answer: `value` normalised (None for a skipped optional field), or a `problem` code."""

    value: str | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_answer(field: FormField, raw: str | None) -> Answer:
    text = " ".join((raw or "").split())
    if not text or text.casefold() in _SKIP_WORDS:
        return Answer() if field.optional else Answer(problem="required")
    return _CHECKS[field.type](field, text)


def _text(field: FormField, text: str) -> Answer:
    rules = field.validation
    if rules and rules.max_length and len(text) > rules.max_length:
        return Answer(problem="too_long")
    if rules and rules.regex and not re.fullmatch(rules.regex, text):
        return Answer(problem="pattern")
    return Answer(text)


def _number(field: FormField, text: str) -> Answer:
    try:
        number = float(text.replace(",", "").replace("₹", "").strip())
    except ValueError:
        return Answer(problem="not_a_number")
    rules = field.validation
    if rules and rules.min is not None and number < rules.min:
        return Answer(problem="too_small")
    if rules and rules.max is not None and number > rules.max:
        return Answer(problem="too_large")
    return Answer(f"{number:g}" if number != int(number) else str(int(number)))


def _date(field: FormField, text: str) -> Answer:
    if _ISO_DATE.fullmatch(text):  # already normalised (an answer checked again where it is accepted)
        try:
            return Answer(date.fromisoformat(text).isoformat())
        except ValueError:
            return Answer(problem="not_a_date")
    iso = parse_date(text)
    return Answer(iso) if iso else Answer(problem="not_a_date")


def _choice(field: FormField, text: str) -> Answer:
    wanted = text.casefold()
    for number, option in enumerate(field.options or [], start=1):
        names = {option.id, option.label.hi.casefold(), option.label.en.casefold(), str(number)}
        if wanted in names:
            return Answer(option.id)
    return Answer(problem="unknown_option")


def _phone(field: FormField, text: str) -> Answer:
    mobile = normalise_mobile(text)
    return Answer(mobile) if mobile else Answer(problem="invalid_phone")


def _aadhaar(field: FormField, text: str) -> Answer:
    if MASKED_AADHAAR.fullmatch(text):  # already masked (read by OCR and confirmed)
        return Answer(text)
    return Answer(mask_aadhaar(text)) if is_aadhaar(text) else Answer(problem="invalid_aadhaar")


def _pincode(field: FormField, text: str) -> Answer:
    return Answer(text) if is_pincode(text) else Answer(problem="invalid_pincode")


def _email(field: FormField, text: str) -> Answer:
    return Answer(text) if re.fullmatch(BUILTIN_PATTERNS["email"], text) else Answer(problem="invalid_email")


_CHECKS = {
    "text": _text,
    "number": _number,
    "date": _date,
    "choice": _choice,
    "phone": _phone,
    "aadhaar": _aadhaar,
    "pincode": _pincode,
    "email": _email,
}
