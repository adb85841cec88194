"""Readable application numbers: DL-INC-2026-000123 (state, service code, year, sequence); no I/O."""

from __future__ import annotations

import re

NUMBER = re.compile(r"[A-Z]{2}-[A-Z]{2,4}-\d{4}-\d{6}")


def service_code(service_id: str) -> str:
    """A short code derived from the service id: word initials, filled up from the first word to 3 letters.

    income_certificate → INC, driving_licence_new → DLN. Codes may coincide for two services; numbers stay
    unique because the sequence is counted per code and year.
    """
    words = [w for w in service_id.split("_") if w]
    initials = "".join(w[0] for w in words)[:4]
    if len(initials) < 3:
        first = words[0]
        initials = (first[: 3 - len(initials) + 1] + "".join(w[0] for w in words[1:]))[:3]
    return initials.upper()


def format_number(*, state: str, code: str, year: int, sequence: int) -> str:
    if not 1 <= sequence <= 999_999:
        raise ValueError(f"sequence {sequence} does not fit six digits")
    return f"{state}-{code}-{year:04d}-{sequence:06d}"
