"""Undo the character confusions OCR engines make on printed ID cards (O↔0, I/l↔1, S↔5, B↔8 …).

A correction is only applied where the position must be a digit (or, in a PAN, a letter), and every
correction is counted so callers can lower their confidence accordingly.
"""

from __future__ import annotations

LETTER_AS_DIGIT: dict[str, str] = {
    "O": "0", "o": "0", "D": "0", "Q": "0",
    "I": "1", "l": "1", "i": "1", "|": "1", "!": "1",
    "Z": "2", "z": "2",
    "S": "5", "s": "5",
    "G": "6", "b": "6",
    "B": "8",
    "g": "9", "q": "9",
}  # fmt: skip
DIGIT_AS_LETTER: dict[str, str] = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}

CORRECTION_PENALTY = 0.9
"""Confidence is multiplied by this once per corrected character."""


def penalised(confidence: float, corrections: int) -> float:
    return confidence * CORRECTION_PENALTY**corrections


def read_digits(token: str) -> tuple[str, int] | None:
    """`token` read as ASCII digits, and how many characters needed correcting; None if it is not digits."""
    digits: list[str] = []
    corrections = 0
    for char in token:
        if "0" <= char <= "9":
            digits.append(char)
        elif char in LETTER_AS_DIGIT:
            digits.append(LETTER_AS_DIGIT[char])
            corrections += 1
        else:
            return None
    return "".join(digits), corrections


def read_pan_shape(token: str) -> tuple[str, int] | None:
    """`token` read as five letters, four digits and a letter (AAAAA9999A), counting corrections."""
    if len(token) != 10:
        return None
    chars: list[str] = []
    corrections = 0
    for position, char in enumerate(token):
        wants_digit = 5 <= position <= 8
        if wants_digit and "0" <= char <= "9" or not wants_digit and "A" <= char <= "Z":
            chars.append(char)
        elif wants_digit and char in LETTER_AS_DIGIT:
            chars.append(LETTER_AS_DIGIT[char])
            corrections += 1
        elif not wants_digit and char in DIGIT_AS_LETTER:
            chars.append(DIGIT_AS_LETTER[char])
            corrections += 1
        elif not wants_digit and char.isascii() and char.isalpha():
            chars.append(char.upper())
            corrections += 1
        else:
            return None
    return "".join(chars), corrections
