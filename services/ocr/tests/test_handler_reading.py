"""The handler's decisions with a stand-in engine (the integration tests use the real one): which pictures
reach the engine, and what its lines make of the result."""

from __future__ import annotations

import base64
import hashlib
import io

import httpx
from PIL import Image
from pydantic import SecretStr

from nagrik_contracts.ocr import ReadDocument
from nagrik_dev.cards import aadhaar_card
from nagrik_ocr.fields import OcrLine
from nagrik_ocr.handlers import Ocr, Reading, Rejection
from nagrik_ocr.media_api import MediaApi
from nagrik_ocr.media_checks import MediaLimits
from nagrik_ocr.vault import Vault

CARD = aadhaar_card()


class StandInEngine:
    def __init__(self, *texts: str) -> None:
        self.lines = [OcrLine(text, 0.9) for text in texts]
        self.pictures: list[Image.Image] = []

    async def read(self, image: Image.Image) -> list[OcrLine]:
        self.pictures.append(image)
        return self.lines


def ocr_for(content: bytes, mime_type: str, engine: StandInEngine) -> Ocr:
    def meta(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/download":
            return httpx.Response(200, content=content)
        return httpx.Response(200, json={"url": "https://cdn.test/download", "mime_type": mime_type,
                                         "file_size": len(content), "id": "1",
                                         "sha256": base64.b64encode(hashlib.sha256(content).digest()).decode()})

    api = MediaApi(base_url="https://graph.test", version="v21.0", access_token=SecretStr("t"),
                   transport=httpx.MockTransport(meta))
    return Ocr(media_api=api, engine=engine, vault=Vault("k"), limits=MediaLimits())


def command(mime_type: str = "image/png") -> ReadDocument:
    return ReadDocument(request_id="r1", citizen_id="919800000001", language="hi", media_id="1", mime_type=mime_type,
                        document_type="aadhaar_card")


async def test_the_engines_lines_become_validated_fields():
    engine = StandInEngine("Government of India", "Asha Verma", "DOB: 15/08/1990", "Female", "2345 6789 0124")

    outcome = await ocr_for(CARD, "image/png", engine).read(command())

    assert isinstance(outcome, Reading)
    assert {f.name: f.value for f in outcome.extraction.fields} == {
        "name": "Asha Verma", "date_of_birth": "1990-08-15", "gender": "female", "aadhaar": "XXXX XXXX 0124"}
    assert outcome.media.content == CARD and engine.pictures[0].mode == "RGB"


async def test_a_photo_without_a_field_we_can_vouch_for_is_unreadable():
    engine = StandInEngine("Government of India", "2345 6789 0125")  # check digit wrong

    outcome = await ocr_for(CARD, "image/png", engine).read(command())

    assert isinstance(outcome, Rejection) and outcome.reason == "unreadable"
    assert "aadhaar" in outcome.detail and "2345" not in outcome.detail


async def test_a_pdf_without_a_photo_is_read_with_no_fields_and_never_reaches_the_engine():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    content = bytes(pdf.output())
    engine = StandInEngine("Asha Verma")

    outcome = await ocr_for(content, "application/pdf", engine).read(command("application/pdf"))

    assert isinstance(outcome, Reading) and outcome.extraction.fields == () and engine.pictures == []


async def test_a_corrupt_photo_never_reaches_the_engine():
    engine = StandInEngine("Asha Verma")
    out = io.BytesIO()
    Image.new("RGB", (50, 50)).save(out, format="JPEG")

    outcome = await ocr_for(out.getvalue()[:-10], "image/jpeg", engine).read(command("image/jpeg"))

    assert isinstance(outcome, Rejection) and outcome.reason == "corrupt" and engine.pictures == []
