"""The ocr service as the conversation sees it on ocr.results.v1 and as an auditor finds it in ocr.documents:
real broker, real PostgreSQL, the fake Cloud API for media, the real EasyOCR engine."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging

import httpx
import pytest
from PIL import Image

from nagrik_contracts.topics import DEAD_LETTERS, OCR_RESULTS
from nagrik_dev.cards import aadhaar_card, aadhaar_number

NUMBER = aadhaar_number(seed=7)
SPACED = " ".join(NUMBER[i : i + 4] for i in range(0, 12, 4))
MASKED = f"XXXX XXXX {NUMBER[-4:]}"

# EasyOCR on torch's CPU build warns about deprecated quantisation APIs and pinned memory: not ours.
pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.filterwarnings("ignore::UserWarning")]


@pytest.fixture
def no_full_number_logged(caplog):
    """No log record of the test (message or extra field) carries a full Aadhaar number."""
    caplog.set_level(logging.DEBUG)
    yield
    records = caplog.get_records("call")
    assert any(record.name.startswith("nagrik_ocr") for record in records)  # the service's logs were seen
    for record in records:
        text = str(record.getMessage()) + " " + " ".join(str(value) for value in record.__dict__.values())
        assert NUMBER not in text and SPACED not in text, record


def fields_of(result: dict) -> dict[str, dict]:
    return {field["name"]: field for field in result["payload"]["fields"]}


async def test_a_card_is_read_into_masked_fields_and_stored_encrypted(ocr_world, no_full_number_logged):
    card = aadhaar_card(name="Asha Verma", date_of_birth="15/08/1990", gender="Female", number=NUMBER)
    command = ocr_world.command(await ocr_world.upload(card, "image/png"))

    result = await ocr_world.ask(command, timeout=90)

    assert result["event_type"] == "ocr.DocumentRead"
    assert result["producer"] == "ocr" and result["correlation_id"] == f"test-{command.request_id}"
    payload = result["payload"]
    assert payload["citizen_id"] == command.citizen_id and payload["language"] == "en"
    fields = fields_of(result)
    assert {name: field["value"] for name, field in fields.items()} == {
        "name": "Asha Verma", "date_of_birth": "1990-08-15", "gender": "female", "aadhaar": MASKED,
    }
    assert all(0.3 < field["confidence"] <= 1 for field in fields.values())
    assert payload["unreadable"] == []

    row = await ocr_world.row(command)
    assert str(row["id"]) == payload["document_id"]
    assert (row["status"], row["citizen_id"], row["mime_type"]) == ("read", command.citizen_id, "image/png")
    assert row["sha256"] == hashlib.sha256(card).hexdigest() and row["size_bytes"] == len(card)
    assert sorted(row["field_names"]) == ["aadhaar", "date_of_birth", "gender", "name"]
    sealed = bytes(row["ciphertext"])
    assert card not in sealed and card[:64] not in sealed and b"IHDR" not in sealed
    assert ocr_world.vault.open(sealed, request_id=command.request_id, citizen_id=command.citizen_id) == card


async def test_a_jpeg_whose_download_url_expired_is_fetched_again_and_read(ocr_world, no_full_number_logged):
    card = aadhaar_card(name="Ravi Kumar", date_of_birth="02/01/1985", gender="Male", number=NUMBER,
                        image_format="JPEG")
    media_id = await ocr_world.upload(card, "image/jpeg", "card.jpg")
    command = ocr_world.command(media_id, "image/jpeg")
    ocr_world.network.calls.clear()
    ocr_world.network.expire_next_downloads = 1

    result = await ocr_world.ask(command, timeout=90)

    assert result["event_type"] == "ocr.DocumentRead"
    assert fields_of(result)["name"]["value"] == "Ravi Kumar"
    assert fields_of(result)["aadhaar"]["value"] == MASKED
    assert ocr_world.network.calls == [f"lookup {media_id}", "download", f"lookup {media_id}", "download"]


async def test_the_same_request_answered_once_whether_redelivered_or_sent_again(ocr_world):
    card = aadhaar_card(name="Meena Iyer", date_of_birth="30/11/1978", gender="Female", number=NUMBER)
    command = ocr_world.command(await ocr_world.upload(card, "image/png"))
    envelope = ocr_world.envelope(command)

    await ocr_world.publish(envelope)
    await ocr_world.publish(envelope)  # Kafka redelivery: the same event
    await ocr_world.publish(ocr_world.envelope(command))  # the conversation sending the request again
    result = await ocr_world.result_of(command, timeout=90, settle=3.0)

    assert result["event_type"] == "ocr.DocumentRead"
    assert await ocr_world.service.pool.fetchval(
        "SELECT count(*) FROM documents WHERE request_id = $1", command.request_id) == 1


def rejection(result: dict) -> tuple[str, str]:
    assert result["event_type"] == "ocr.DocumentRejected", result
    return result["payload"]["reason"], result["payload"]["detail"]


async def test_a_text_file_sent_as_a_photo_is_the_wrong_type(ocr_world):
    text = f"Name: Asha Verma\nAadhaar: {SPACED}\n".encode()
    command = ocr_world.command(await ocr_world.upload(text, "image/jpeg", "card.jpg"), "image/jpeg")

    reason, _ = rejection(await ocr_world.ask(command))

    assert reason == "wrong_type"
    row = await ocr_world.row(command)
    assert (row["status"], row["reason"], row["ciphertext"]) == ("rejected", "wrong_type", None)


async def test_a_type_that_is_no_id_proof_is_refused_before_downloading(ocr_world):
    media_id = await ocr_world.upload(b"OggS" + b"\x00" * 100, "audio/ogg", "voice.ogg")
    command = ocr_world.command(media_id, "audio/ogg")
    ocr_world.network.calls.clear()

    assert rejection(await ocr_world.ask(command))[0] == "wrong_type"
    assert ocr_world.network.calls == [f"lookup {media_id}"]


async def test_a_photo_over_the_limit_is_oversize_and_never_downloaded(ocr_world):
    noise = Image.effect_noise((600, 600), 90).convert("RGB")
    out = io.BytesIO()
    noise.save(out, format="JPEG", quality=98)
    assert len(out.getvalue()) > ocr_world.max_image_bytes
    media_id = await ocr_world.upload(out.getvalue(), "image/jpeg", "big.jpg")
    command = ocr_world.command(media_id, "image/jpeg")
    ocr_world.network.calls.clear()

    reason, detail = rejection(await ocr_world.ask(command))

    assert reason == "oversize" and str(ocr_world.max_image_bytes) in detail
    assert ocr_world.network.calls == [f"lookup {media_id}"]
    assert (await ocr_world.row(command))["reason"] == "oversize"


async def test_a_truncated_jpeg_is_corrupt(ocr_world):
    card = aadhaar_card(number=NUMBER, image_format="JPEG")
    command = ocr_world.command(await ocr_world.upload(card[: len(card) * 2 // 3], "image/jpeg", "card.jpg"),
                                "image/jpeg")

    reason, detail = rejection(await ocr_world.ask(command))

    assert reason == "corrupt" and "truncated" in detail
    row = await ocr_world.row(command)
    assert (row["reason"], row["ciphertext"]) == ("corrupt", None)


async def test_a_png_damaged_in_the_middle_is_corrupt(ocr_world):
    card = bytearray(aadhaar_card(number=NUMBER))
    middle = len(card) // 2
    card[middle : middle + 64] = bytes(64)  # the ends are intact: only a real decode notices
    command = ocr_world.command(await ocr_world.upload(bytes(card), "image/png"))

    reason, detail = rejection(await ocr_world.ask(command))

    assert reason == "corrupt" and "decode" in detail


async def test_media_meta_does_not_know_is_unavailable(ocr_world):
    command = ocr_world.command("1999999999999999")

    reason, _ = rejection(await ocr_world.ask(command))

    assert reason == "unavailable"
    assert (await ocr_world.row(command))["status"] == "rejected"


async def test_media_whose_fresh_url_is_gone_too_is_unavailable(ocr_world):
    media_id = await ocr_world.upload(aadhaar_card(number=NUMBER), "image/png")
    ocr_world.network.calls.clear()
    ocr_world.network.expire_next_downloads = 2

    reason, _ = rejection(await ocr_world.ask(ocr_world.command(media_id)))

    assert reason == "unavailable"
    assert ocr_world.network.calls == [f"lookup {media_id}", "download", f"lookup {media_id}", "download"]


async def test_a_photo_with_nothing_to_read_is_unreadable(ocr_world):
    out = io.BytesIO()
    Image.new("RGB", (640, 400), (250, 250, 250)).save(out, format="PNG")
    command = ocr_world.command(await ocr_world.upload(out.getvalue(), "image/png"))

    reason, _ = rejection(await ocr_world.ask(command, timeout=90))

    assert reason == "unreadable"
    row = await ocr_world.row(command)
    assert (row["reason"], row["ciphertext"]) == ("unreadable", None)


async def test_meta_failing_for_a_moment_is_retried(ocr_world):
    media_id = await ocr_world.upload(b"just text", "image/png")
    ocr_world.network.calls.clear()
    ocr_world.network.fail_next_lookups = 1

    result = await ocr_world.ask(ocr_world.command(media_id))

    assert rejection(result)[0] == "wrong_type"  # an answer after the retry, not a dead letter
    assert ocr_world.network.calls == [f"lookup {media_id}", f"lookup {media_id}", "download"]


async def test_a_scanned_pdf_is_read_from_its_page_photo(ocr_world, no_full_number_logged):
    scan = io.BytesIO()
    Image.open(io.BytesIO(aadhaar_card(name="Kiran Rao", gender="Male", number=NUMBER))).save(scan, format="PDF")
    command = ocr_world.command(await ocr_world.upload(scan.getvalue(), "application/pdf", "scan.pdf"),
                                "application/pdf")

    result = await ocr_world.ask(command, timeout=90)

    assert result["event_type"] == "ocr.DocumentRead"
    assert fields_of(result)["name"]["value"] == "Kiran Rao"
    assert fields_of(result)["aadhaar"]["value"] == MASKED
    assert (await ocr_world.row(command))["mime_type"] == "application/pdf"


async def test_a_pdf_without_a_photo_is_stored_with_no_fields(ocr_world):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Income certificate")
    content = bytes(pdf.output())
    command = ocr_world.command(await ocr_world.upload(content, "application/pdf", "cert.pdf"), "application/pdf")

    result = await ocr_world.ask(command)

    assert result["event_type"] == "ocr.DocumentRead"
    assert result["payload"]["fields"] == [] and result["payload"]["unreadable"] == []
    row = await ocr_world.row(command)
    assert ocr_world.vault.open(bytes(row["ciphertext"]), request_id=command.request_id,
                                citizen_id=command.citizen_id) == content


async def test_no_full_aadhaar_number_was_published(ocr_world):
    """Runs last in this module: everything the service published in the session."""
    published = [value for topic, _, value in ocr_world.recorder.messages if topic in (OCR_RESULTS.name,
                                                                                          DEAD_LETTERS.name)]
    assert any(MASKED in str(value) for value in published)
    assert not any(NUMBER in str(value) or SPACED in str(value) for value in published)



async def test_the_service_reports_ready_only_with_its_engine_loaded(ocr_world):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=ocr_world.service.app),
                                 base_url="http://ocr") as http:
        deadline = asyncio.get_running_loop().time() + 60
        while (answer := await http.get("/readyz")).status_code != 200:
            assert answer.json()["checks"]["ocr_engine"].startswith("failing"), answer.json()
            assert asyncio.get_running_loop().time() < deadline, "the engine never loaded"
            await asyncio.sleep(0.5)
    assert answer.json()["checks"] == {"kafka": "ok", "postgres": "ok", "ocr_engine": "ok"}
