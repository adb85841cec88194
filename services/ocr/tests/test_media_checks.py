"""Uploads are accepted only as JPEG/PNG photos or PDF documents within WhatsApp's limits, and whole."""

import struct
import zlib

import pytest

from nagrik_ocr.media_checks import MIB, MediaLimits, check_declared, check_file, check_media, normalise_mime_type
from nagrik_ocr.settings import Settings


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg(payload: bytes = b"\x12\x34" * 3000) -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + app0 + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + payload + b"\xff\xd9"


def pdf() -> bytes:
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b" " * 4000
    return body + b"trailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"


@pytest.mark.parametrize(
    "mime_type, content", [("image/jpeg", jpeg()), ("image/png", png()), ("application/pdf", pdf())]
)
def test_whole_photos_and_pdfs_are_accepted(mime_type, content):
    verdict = check_file(mime_type, content)
    assert verdict.accepted and verdict.reason is None


@pytest.mark.parametrize(
    "mime_type", ["image/webp", "image/heic", "application/msword", "text/plain", "video/mp4", "audio/ogg", ""]
)
def test_other_types_are_the_wrong_type(mime_type):
    assert check_declared(mime_type, 1000).reason == "wrong_type"


def test_the_type_is_judged_before_the_size():
    assert check_declared("video/mp4", 500 * MIB).reason == "wrong_type"


@pytest.mark.parametrize("mime_type", ["image/jpg", "IMAGE/JPEG", "image/jpeg; charset=binary", " application/pdf "])
def test_type_spellings_are_normalised(mime_type):
    assert normalise_mime_type(mime_type) in {"image/jpeg", "application/pdf"}
    assert check_declared(mime_type, 1000).accepted


@pytest.mark.parametrize(
    "mime_type, limit", [("image/jpeg", 5 * MIB), ("image/png", 5 * MIB), ("application/pdf", 100 * MIB)]
)
def test_files_over_whatsapps_limits_are_oversize(mime_type, limit):
    assert check_declared(mime_type, limit).accepted
    verdict = check_declared(mime_type, limit + 1)
    assert verdict.reason == "oversize"
    assert str(limit) in verdict.detail


def test_limits_are_parameters():
    small = MediaLimits(image_bytes=1000, document_bytes=2000)
    assert check_declared("image/png", 1001, small).reason == "oversize"
    assert check_declared("application/pdf", 1001, small).accepted
    assert check_file("image/jpeg", jpeg(), small).reason == "oversize"


def test_whatsapps_file_size_may_be_a_string():
    assert check_declared("image/jpeg", "123456").accepted
    assert check_declared("image/jpeg", str(6 * MIB)).reason == "oversize"
    assert check_declared("image/jpeg", "a lot").reason == "corrupt"


@pytest.mark.parametrize("size", [0, -1])
def test_empty_files_are_corrupt(size):
    assert check_declared("image/jpeg", size).reason == "corrupt"


@pytest.mark.parametrize(
    "mime_type, content",
    [
        ("image/png", jpeg()),
        ("image/jpeg", png()),
        ("application/pdf", jpeg()),
        ("image/jpeg", pdf()),
    ],
)
def test_content_that_is_not_the_declared_type_is_corrupt(mime_type, content):
    verdict = check_file(mime_type, content)
    assert verdict.reason == "corrupt"
    assert "not" in verdict.detail


@pytest.mark.parametrize("mime_type", ["image/jpeg", "image/png", "application/pdf"])
def test_content_that_is_no_accepted_type_at_all_is_the_wrong_type(mime_type):
    verdict = check_file(mime_type, b"Name: Asha Verma\nDOB: 15/08/1990\n")
    assert verdict.reason == "wrong_type"


@pytest.mark.parametrize("mime_type, whole", [("image/jpeg", jpeg()), ("image/png", png()), ("application/pdf", pdf())])
def test_truncated_files_are_corrupt(mime_type, whole):
    verdict = check_file(mime_type, whole[: len(whole) * 2 // 3])
    assert verdict.reason == "corrupt"
    assert "truncated" in verdict.detail


def test_a_truncated_jpeg_is_caught_even_if_its_exif_thumbnail_has_an_end_marker():
    thumbnail = b"\xff\xd8\xff\xdb" + b"\x01" * 50 + b"\xff\xd9"
    with_thumbnail = jpeg(payload=thumbnail + b"\x12\x34" * 3000)
    assert check_file("image/jpeg", with_thumbnail).accepted
    assert check_file("image/jpeg", with_thumbnail[:-2]).reason == "corrupt"


def test_head_and_tail_are_enough_for_a_large_download():
    whole = pdf()
    verdict = check_media(mime_type="application/pdf", size=len(whole), head=whole[:1024], tail=whole[-1024:])
    assert verdict.accepted


def test_a_pdf_may_have_a_little_junk_before_its_header():
    assert check_file("application/pdf", b"\r\n" + pdf()).accepted


def test_settings_carry_the_protocol_limits_and_can_override_them(monkeypatch):
    assert Settings().media_limits() == MediaLimits(image_bytes=5 * MIB, document_bytes=100 * MIB)
    monkeypatch.setenv("MAX_IMAGE_BYTES", "1000")
    assert Settings().media_limits().image_bytes == 1000
