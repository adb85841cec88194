"""Shared by the tests: a residence certificate and a UPI receipt as a Delhi office would issue them, and a
reader that opens a rendered PDF with pypdf (pure Python) to see what a viewer and a screen reader get."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from fontTools.ttLib import TTFont
from nagrik_documents import (
    BilingualText,
    CertificateData,
    DetailRow,
    Issuer,
    PaymentMethod,
    ReceiptData,
    verification_url,
)
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

SECRET = b"test-only-verification-secret-32b"
VERIFY_BASE = "https://verify.nagrik.example.gov.in"

ISSUER = Issuer(
    government=BilingualText("राष्ट्रीय राजधानी क्षेत्र दिल्ली सरकार", "Government of National Capital Territory of Delhi"),
    department=BilingualText("राजस्व विभाग, ज़िला दक्षिण", "Revenue Department, District South"),
)


def build_certificate(**changes) -> CertificateData:
    fields = dict(
        issuer=ISSUER,
        title=BilingualText("निवास प्रमाण पत्र", "Residence Certificate"),
        certificate_number="DL-RES-2025-000123",
        application_number="APP-2025-0042",
        issued_on=date(2025, 3, 5),
        details=(
            DetailRow(BilingualText("आवेदक का नाम", "Name of applicant"), "प्रिया शर्मा / Priya Sharma"),
            DetailRow(BilingualText("पिता / पति का नाम", "Father's / Husband's name"), "Rajesh Kumar Sharma"),
            DetailRow(BilingualText("जन्म तिथि", "Date of birth"), "14/08/1994"),
            DetailRow(BilingualText("पता", "Address"), "मकान संख्या 12, ब्लॉक C, साकेत, नई दिल्ली - 110017"),
            DetailRow(BilingualText("क्षेत्र", "Area"), "दक्षिण दिल्ली (South Delhi)"),
            DetailRow(BilingualText("निवास की अवधि", "Residing since"), "2009"),
        ),
        body=BilingualText(
            "प्रमाणित किया जाता है कि प्रिया शर्मा, पुत्री राजेश कुमार शर्मा, उपर्युक्त पते पर वर्ष 2009 से निवास कर "
            "रही हैं। यह प्रमाण पत्र आवेदक द्वारा प्रस्तुत दस्तावेज़ों और क्षेत्रीय जाँच के आधार पर जारी किया गया है।",
            "This is to certify that Priya Sharma, daughter of Rajesh Kumar Sharma, has been residing at the "
            "above address since 2009. This certificate is issued on the basis of the documents submitted by "
            "the applicant and a field verification.",
        ),
        verification_url=verification_url(VERIFY_BASE, "DL-RES-2025-000123", SECRET),
    )
    fields.update(changes)
    return CertificateData(**fields)


def build_receipt(**changes) -> ReceiptData:
    fields = dict(
        issuer=ISSUER,
        receipt_number="RCPT-2025-000777",
        application_number="APP-2025-0042",
        service=BilingualText("आय प्रमाण पत्र", "Income Certificate"),
        amount_paise=123450,
        method=PaymentMethod.UPI,
        gateway_payment_id="pay_Q8xK2mVb7LrT1a",
        upi_rrn="512345678901",
        # 08:35:09 UTC is 14:05:09 IST.
        paid_at=datetime(2025, 3, 5, 8, 35, 9, tzinfo=UTC),
        payer_mobile="+91 98765 43210",
    )
    fields.update(changes)
    return ReceiptData(**fields)


@pytest.fixture(scope="session")
def certificate() -> CertificateData:
    return build_certificate()


@pytest.fixture(scope="session")
def receipt() -> ReceiptData:
    return build_receipt()


@pytest.fixture(scope="session")
def verification_secret() -> bytes:
    return SECRET


@pytest.fixture(scope="session")
def make_certificate() -> Callable[..., CertificateData]:
    return build_certificate


@pytest.fixture(scope="session")
def make_receipt() -> Callable[..., ReceiptData]:
    return build_receipt


def compact(text: str) -> str:
    """Drop whitespace and control characters.

    Text extraction of shaped Devanagari is lossy in exactly these: a reordered matra makes extractors insert a
    space, and the consonant glyph that follows it has no Unicode of its own (its cluster's text sits on the
    matra glyph), which pypdf renders as a control character. The letters themselves keep their logical order.
    """
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cc")


@dataclass
class EmbeddedFont:
    base_font: str
    program: TTFont  # the embedded (subset) TrueType program
    to_unicode: dict[int, str]  # character code in the content stream -> Unicode text
    code_to_glyph: dict[int, str]  # character code -> glyph name in `program`


@dataclass
class PdfFacts:
    raw: bytes
    reader: PdfReader
    text: str
    fonts: dict[str, EmbeddedFont]  # by resource name, over all pages
    images: list[Image.Image]
    links: list[str]

    @property
    def compact_text(self) -> str:
        return compact(self.text)

    def glyph_runs(self) -> list[tuple[str, list[int]]]:
        """Every text object (BT..ET) as (font resource, character codes in drawing order, i.e. left to right)."""
        runs: list[tuple[str, list[int]]] = []
        for page in self.reader.pages:
            font, codes = "", []
            for operands, operator in ContentStream(page.get_contents(), self.reader).operations:
                if operator == b"Tf":
                    font = str(operands[0])
                elif operator == b"BT":
                    codes = []
                elif operator in (b"Tj", b"TJ"):
                    parts = operands[0] if operator == b"TJ" else [operands[0]]
                    data = b"".join(_raw(part) for part in parts if not isinstance(part, (int, float)))
                    codes += [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
                elif operator == b"ET" and codes:
                    runs.append((font, codes))
        return runs

    def glyph_names(self, font: str, codes: list[int]) -> list[str]:
        return [self.fonts[font].code_to_glyph.get(code, "?") for code in codes]

    def unicode_lines(self) -> list[str]:
        """The text of each text object read through the fonts' ToUnicode maps, as a viewer's copy-paste does."""
        return [
            "".join(self.fonts[font].to_unicode.get(code, "") for code in codes) for font, codes in self.glyph_runs()
        ]


def _raw(part) -> bytes:
    return part.original_bytes if hasattr(part, "original_bytes") else bytes(part)


def _parse_to_unicode(cmap: str) -> dict[int, str]:
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int.from_bytes(bytes.fromhex(target), "big")
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _embedded_font(font_dict) -> EmbeddedFont:
    descendant = font_dict["/DescendantFonts"][0].get_object()
    program = TTFont(io.BytesIO(descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
    glyph_order = program.getGlyphOrder()
    cid_to_gid = descendant.get("/CIDToGIDMap")
    if cid_to_gid is None or cid_to_gid == "/Identity":
        gid_of = {code: code for code in range(len(glyph_order))}
    else:
        table = cid_to_gid.get_object().get_data()
        gid_of = {i // 2: int.from_bytes(table[i : i + 2], "big") for i in range(0, len(table), 2)}
    return EmbeddedFont(
        base_font=str(font_dict["/BaseFont"]),
        program=program,
        to_unicode=_parse_to_unicode(font_dict["/ToUnicode"].get_object().get_data().decode("latin-1")),
        code_to_glyph={code: glyph_order[gid] for code, gid in gid_of.items() if gid < len(glyph_order)},
    )


def read_pdf(raw: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(raw))
    fonts, images, links = {}, [], []
    for page in reader.pages:
        for name, font in page["/Resources"].get("/Font", {}).items():
            fonts.setdefault(str(name), _embedded_font(font.get_object()))
        images += [image.image for image in page.images]
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                links.append(str(action["/URI"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return PdfFacts(raw=raw, reader=reader, text=text, fonts=fonts, images=images, links=links)


@pytest.fixture(scope="session")
def certificate_pdf(certificate: CertificateData) -> PdfFacts:
    from nagrik_documents import render_certificate

    return read_pdf(render_certificate(certificate))


@pytest.fixture(scope="session")
def receipt_pdf(receipt: ReceiptData) -> PdfFacts:
    from nagrik_documents import render_receipt

    return read_pdf(render_receipt(receipt))


@pytest.fixture(scope="session")
def pdf_reader() -> Callable[[bytes], PdfFacts]:
    return read_pdf
