"""Synthetic, clearly fake Aadhaar-like card images for tests and demos.

The layout follows the front of a real card closely enough for the OCR service's extraction (the name just
above the date of birth, then the gender, the number in three groups of four at the bottom), but the card
says "SPECIMEN" and is not issued by anyone: no emblem, no photo, no QR code. The default number is
Verhoeff-valid and made up; `aadhaar_number(seed)` makes others.

Text is drawn large and black on white with Pillow's bundled scalable font (`ImageFont.load_default(size=…)`,
Pillow ≥ 10.1), never a system font path, so the image is the same on every machine and EasyOCR reads it
reliably.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont

from nagrik_contracts.identifiers import is_aadhaar, verhoeff_check_digit

DEFAULT_NUMBER = "234567890124"
"""Made up; Verhoeff-valid (its last digit is the check digit of the first eleven)."""

_WIDTH, _HEIGHT = 1000, 620
_INK = (20, 20, 20)
_PAPER = (255, 255, 255)
_BAND = (255, 153, 51)


def aadhaar_number(seed: int = 0) -> str:
    """A made-up, Verhoeff-valid 12-digit number (first digit 2–9), the same for the same seed."""
    rng = random.Random(seed)
    body = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    return body + verhoeff_check_digit(body)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def aadhaar_card(
    name: str = "Asha Verma",
    date_of_birth: str = "15/08/1990",
    gender: str = "Female",
    number: str = DEFAULT_NUMBER,
    *,
    image_format: str = "PNG",
) -> bytes:
    """The front of a fake Aadhaar card as PNG (or `image_format="JPEG"`) bytes.

    `date_of_birth` is printed as given (DD/MM/YYYY on real cards); `number` must be a valid Aadhaar
    number (12 digits, Verhoeff-valid) and is printed in groups of four.
    """
    digits = number.replace(" ", "")
    if not is_aadhaar(digits):
        raise ValueError("number must be a Verhoeff-valid 12-digit Aadhaar number")
    card = Image.new("RGB", (_WIDTH, _HEIGHT), _PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, _WIDTH, 70), fill=_BAND)
    draw.text((40, 14), "Government of India", font=_font(40), fill=_INK)
    draw.text((40, 95), "SPECIMEN test card, not valid", font=_font(26), fill=(120, 120, 120))
    body = _font(40)
    draw.text((60, 190), name, font=body, fill=_INK)
    draw.text((60, 260), f"DOB: {date_of_birth}", font=body, fill=_INK)
    draw.text((60, 330), gender, font=body, fill=_INK)
    draw.text((260, 470), " ".join(digits[i : i + 4] for i in range(0, 12, 4)), font=_font(56), fill=_INK)
    draw.line((0, 570, _WIDTH, 570), fill=_BAND, width=6)
    out = io.BytesIO()
    card.save(out, format=image_format, **({"quality": 92} if image_format.upper() == "JPEG" else {}))
    return out.getvalue()
