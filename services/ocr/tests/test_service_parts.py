"""The parts around the OCR engine that need no broker: encryption at rest, decoding, the engine's output as
OcrLines, settings that refuse development secrets in production."""

from __future__ import annotations

import io

import pytest
from cryptography.exceptions import InvalidTag
from PIL import Image

from nagrik_dev.cards import DEFAULT_NUMBER, aadhaar_card, aadhaar_number
from nagrik_contracts.identifiers import is_aadhaar
from nagrik_kit import DEVELOPMENT_SECRET
from nagrik_ocr.engine import lines_from_easyocr
from nagrik_ocr.images import OCR_MAX_SIDE, CorruptFile, decoded_image, pdf_first_page_image
from nagrik_ocr.settings import Settings
from nagrik_ocr.vault import Vault

CARD = aadhaar_card()


def test_a_sealed_document_opens_only_with_its_key_and_in_its_row():
    vault = Vault("a long random production secret")
    sealed = vault.seal(CARD, request_id="r1", citizen_id="919800000001")

    assert CARD not in sealed and len(sealed) == len(CARD) + 1 + 12 + 16
    assert vault.seal(CARD, request_id="r1", citizen_id="919800000001") != sealed  # a fresh nonce each time
    assert vault.open(sealed, request_id="r1", citizen_id="919800000001") == CARD
    with pytest.raises(InvalidTag):
        vault.open(sealed, request_id="r2", citizen_id="919800000001")
    with pytest.raises(InvalidTag):
        Vault(DEVELOPMENT_SECRET).open(sealed, request_id="r1", citizen_id="919800000001")


def test_production_refuses_the_development_encryption_key(monkeypatch):
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "ocr")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "a-real-password")
    with pytest.raises(ValueError, match="DOCUMENT_ENCRYPTION_KEY"):
        Settings(environment="production", whatsapp_access_token="a-real-token")
    Settings(environment="production", whatsapp_access_token="a-real-token", document_encryption_key="k" * 44)


def test_photos_are_decoded_upright_and_bounded_for_the_engine():
    big = io.BytesIO()
    Image.new("RGB", (4000, 3000), "white").save(big, format="JPEG")
    picture = decoded_image(big.getvalue(), "image/jpeg")
    assert picture.mode == "RGB" and max(picture.size) == OCR_MAX_SIDE


def test_content_that_does_not_decode_is_corrupt():
    damaged = bytearray(CARD)
    damaged[len(damaged) // 2 : len(damaged) // 2 + 64] = bytes(64)
    with pytest.raises(CorruptFile):
        decoded_image(bytes(damaged), "image/png")
    with pytest.raises(CorruptFile, match="Pillow reads PNG"):
        decoded_image(CARD, "image/jpeg")  # a PNG sent as a JPEG
    with pytest.raises(CorruptFile):
        pdf_first_page_image(b"%PDF-1.4\nnot really\n%%EOF\n")


def test_the_photo_inside_a_scanned_pdf_is_found():
    scan = io.BytesIO()
    Image.open(io.BytesIO(CARD)).save(scan, format="PDF")
    picture = pdf_first_page_image(scan.getvalue())
    assert picture is not None and picture.size == Image.open(io.BytesIO(CARD)).size


def test_easyocr_results_become_ocr_lines_without_showing_their_text():
    results = [([[1, 2], [30, 2], [30, 12], [1, 12]], "2345 6789 0124", 0.98), ([[0, 0]] * 4, "  ", 0.5)]
    (line,) = lines_from_easyocr(results)
    assert line.box == ((1.0, 2.0), (30.0, 2.0), (30.0, 12.0), (1.0, 12.0)) and line.confidence == 0.98
    assert "2345" not in repr(line)


def test_generated_cards_carry_valid_made_up_numbers():
    assert is_aadhaar(DEFAULT_NUMBER)
    assert all(is_aadhaar(aadhaar_number(seed)) for seed in range(50))
    assert aadhaar_number(3) == aadhaar_number(3) != aadhaar_number(4)
    with pytest.raises(ValueError):
        aadhaar_card(number="234567890123")
    assert aadhaar_card(image_format="JPEG").startswith(b"\xff\xd8\xff")
