"""The certificate as a phone camera would see it: the whole page rasterised, then the QR code found and read.

Needs poppler's pdftoppm (Debian: poppler-utils) and zxing-cpp; skipped where either is missing. The same
properties are asserted without them in test_certificate_pdf.
"""

import shutil
import subprocess

import pytest
from nagrik_documents import render_certificate, render_receipt
from PIL import Image

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")


def rasterise(pdf: bytes, tmp_path, dpi: int) -> Image.Image:
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", source, tmp_path / "page"], check=True)
    return Image.open(tmp_path / "page.png")


@pytest.mark.parametrize("dpi", [100, 200])
def test_the_printed_qr_code_reads_back_as_the_verification_url(certificate, tmp_path, dpi):
    zxingcpp = pytest.importorskip("zxingcpp")
    page = rasterise(render_certificate(certificate), tmp_path, dpi)

    assert [code.text for code in zxingcpp.read_barcodes(page.convert("L"))] == [certificate.verification_url]


def test_the_receipt_page_is_printed_with_ink(receipt, tmp_path):
    page = rasterise(render_receipt(receipt), tmp_path, 50).convert("L")

    dark_pixels = sum(page.histogram()[:128])
    assert dark_pixels > 0.01 * page.width * page.height
