"""The conversation service against a real broker and PostgreSQL: inbound messages in, commands out."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from nagrik_contracts import Envelope
from nagrik_contracts.identifiers import verhoeff_check_digit
from nagrik_contracts.outbound import SendMessage
from nagrik_contracts.topics import CONVERSATION_EVENTS, WA_INBOUND, WA_OUTBOUND
from nagrik_contracts.whatsapp import Media, MessageReceived, Reply
from nagrik_conversation.main import build
from nagrik_conversation.settings import Settings


@pytest.fixture(scope="session")
async def conversation(infrastructure):
    service = build(Settings(kafka_bootstrap_servers=infrastructure.kafka_bootstrap_servers,
                             database_url=infrastructure.database_url))
    await service.start()
    yield service
    await service.stop()


def citizen() -> str:
    return "9198" + str(uuid.uuid4().int)[:8]


async def send(producer, citizen_id: str, *, text: str | None = None, tap: tuple[str, str] | None = None,
               media: Media | None = None, again: Envelope | None = None) -> Envelope:
    if again is None:
        kind = "interactive" if tap else "image" if media else "text"
        message = MessageReceived(
            citizen_id=citizen_id, message_id=f"wamid.{uuid.uuid4().hex}", phone_number_id="100000000000001",
            sent_at=datetime.now(UTC), type=kind, text=text, media=media,
            reply=Reply(kind="list_reply", id=tap[0], title=tap[1]) if tap else None,
        )
        again = Envelope.wrap(message, producer="gateway", correlation_id=citizen_id)
    await producer.send_and_wait(WA_INBOUND.name, again.model_dump_json().encode(), key=citizen_id.encode())
    return again


async def commands(recorder, citizen_id: str, count: int) -> list[SendMessage]:
    found = await recorder.wait_for(WA_OUTBOUND.name, lambda e: e["payload"]["citizen_id"] == citizen_id, count=count)
    return [Envelope.model_validate(e).open(SendMessage) for e in found]


def events_of(recorder, citizen_id: str) -> list[str]:
    return [e["event_type"] for e in recorder.matching(CONVERSATION_EVENTS.name,
                                                        lambda e: e["payload"]["citizen_id"] == citizen_id)]


async def test_greeting_offers_languages_then_hindi_departments(conversation, recorder, producer):
    asha = citizen()
    await send(producer, asha, text="नमस्ते")
    [welcome] = await commands(recorder, asha, 1)
    assert [b.title for b in welcome.content.buttons] == ["English", "हिंदी"]

    await send(producer, asha, tap=("lang:hi", "हिंदी"))
    replies = await commands(recorder, asha, 3)
    confirmation, departments = replies[1].content, replies[2].content
    assert "हिंदी" in confirmation.body
    assert all(r.language == "hi" for r in replies[1:])
    assert departments.type == "list" and "विभाग" in departments.body

    assert events_of(recorder, asha) == ["conversation.ConversationStarted", "conversation.LanguageChosen"]
    row = await conversation.pool.fetchrow("SELECT language, step FROM sessions WHERE citizen_id = $1", asha)
    assert dict(row) == {"language": "hi", "step": "choosing_department"}


async def test_redelivered_message_gets_no_second_reply(conversation, recorder, producer):
    ravi = citizen()
    first = await send(producer, ravi, text="Hi")
    await send(producer, ravi, again=first)
    assert len(await commands(recorder, ravi, 1)) == 1


async def test_a_citizens_messages_are_answered_in_order(conversation, recorder, producer):
    meena = citizen()
    await send(producer, meena, text="hello")
    await send(producer, meena, tap=("lang:en", "English"))
    await send(producer, meena, text="something the bot cannot understand")
    replies = await commands(recorder, meena, 4)
    assert [r.content.type for r in replies] == ["buttons", "text", "list", "text"]
    assert "did not understand" in replies[3].content.body
    assert replies[3].language == "en"
    assert json.loads(replies[0].model_dump_json())["reply_to"].startswith("wamid.")


async def test_a_completed_form_becomes_one_application_command(conversation, recorder, producer):
    from nagrik_catalog import load_catalog

    service = load_catalog().service("income_certificate")
    aadhaar = "23456789012" + verhoeff_check_digit("23456789012")
    typed = {"text": "Kiran Bedi", "date": "15/08/1990", "choice": "1", "phone": "9812345678", "aadhaar": aadhaar,
             "pincode": "110001", "number": "120000"}
    kiran = citizen()
    await send(producer, kiran, text="hi")
    await send(producer, kiran, tap=("lang:en", "English"))
    await send(producer, kiran, tap=(f"svc:{service.id}", "x"))
    await send(producer, kiran, tap=(f"apply:{service.id}", "Apply"))
    await send(producer, kiran, tap=("doc:skip", "Skip"))  # no photo of the Aadhaar card: type everything
    for field in service.fields:
        await send(producer, kiran, text=typed[field.type])
    await send(producer, kiran, tap=("submit", "Submit"))
    await send(producer, kiran, tap=("submit", "Submit"))  # a second tap must not submit again

    [command] = await recorder.wait_for("applications.commands.v1", lambda e: e["payload"]["citizen_id"] == kiran)
    assert command["payload"]["service_id"] == service.id and command["payload"]["language"] == "en"
    assert len(command["payload"]["answers"]) == len(service.fields)
    assert aadhaar not in str(command) and f"XXXX XXXX {aadhaar[-4:]}" in command["payload"]["answers"].values()


# -- the document step, with the ocr service's part played by the test ------------------------------

from nagrik_catalog import load_catalog  # noqa: E402
from nagrik_contracts.applications import ApplicationStatusChanged, ApplicationSubmitted  # noqa: E402
from nagrik_contracts.ocr import DocumentRead, DocumentRejected, ExtractedField, ReadDocument  # noqa: E402
from nagrik_contracts.payments import PaymentCaptured  # noqa: E402
from nagrik_contracts.topics import (  # noqa: E402
    APPLICATION_COMMANDS,
    APPLICATION_EVENTS,
    OCR_REQUESTS,
    OCR_RESULTS,
    PAYMENT_EVENTS,
)
from nagrik_conversation.repository import record_step  # noqa: E402
from nagrik_conversation.status import recorded_step  # noqa: E402

INCOME = load_catalog().service("income_certificate")


async def publish(producer, topic, payload, *, producer_name: str) -> Envelope:
    envelope = Envelope.wrap(payload, producer=producer_name, correlation_id=payload.citizen_id)
    await producer.send_and_wait(topic.name, envelope.model_dump_json().encode(), key=topic.key_of(payload))
    return envelope


async def at_document_step(producer, recorder, citizen_id: str, language: str = "en") -> None:
    await send(producer, citizen_id, text="hi")
    await send(producer, citizen_id, tap=(f"lang:{language}", "x"))
    await send(producer, citizen_id, tap=(f"svc:{INCOME.id}", "x"))
    await send(producer, citizen_id, tap=(f"apply:{INCOME.id}", "x"))
    await commands(recorder, citizen_id, 6)


async def read_request(recorder, citizen_id: str, count: int = 1) -> list[ReadDocument]:
    found = await recorder.wait_for(OCR_REQUESTS.name, lambda e: e["payload"]["citizen_id"] == citizen_id,
                                    count=count)
    return [Envelope.model_validate(e).open(ReadDocument) for e in found]


async def test_a_photo_of_the_aadhaar_card_fills_the_form(conversation, recorder, producer):
    asha = citizen()
    await at_document_step(producer, recorder, asha)
    [ask] = (await commands(recorder, asha, 6))[5:]
    assert "Send a photo of your *Aadhaar card*" in ask.content.body and ask.content.buttons[0].title == "Skip"

    photo = await send(producer, asha, media=Media(id="media-1", mime_type="image/jpeg"))
    # The same webhook again, published by the gateway a second time (a new envelope): read once only.
    await send(producer, asha, again=Envelope.wrap(photo.open(MessageReceived), producer="gateway",
                                                   correlation_id=asha))
    [request] = await read_request(recorder, asha)
    assert (request.media_id, request.mime_type, request.document_type, request.language) == (
        "media-1", "image/jpeg", "aadhaar_card", "en")
    reading = (await commands(recorder, asha, 7))[6]
    assert "Reading your document" in reading.content.body

    masked = "XXXX XXXX 2346"
    fields = [("name", "Asha Devi"), ("date_of_birth", "1990-08-15"), ("gender", "female"), ("aadhaar", masked),
              ("pincode", "110001")]
    await publish(producer, OCR_RESULTS, DocumentRead(request_id="an-older-request", citizen_id=asha, language="en",
                                                      document_id="doc-old", fields=[]), producer_name="ocr")
    await publish(producer, OCR_RESULTS, DocumentRead(
        request_id=request.request_id, citizen_id=asha, language="en", document_id="doc-42",
        fields=[ExtractedField(name=n, value=v, confidence=0.95) for n, v in fields], unreadable=["address"],
    ), producer_name="ocr")
    values, question = [c.content for c in (await commands(recorder, asha, 9))[7:]]
    assert all(v in values.body for v in ("Asha Devi", "15/08/1990", "Female", masked, "110001"))
    assert "Could not read: Present address in Delhi" in values.body
    assert [b.title for b in question.buttons] == ["Use these", "Type myself"]

    await send(producer, asha, tap=("doc:use", "Use these"))
    first = (await commands(recorder, asha, 10))[9]
    assert first.content.body.startswith("(2/10)") and "Father" in first.content.body
    typed = {"father_name": "Ram Lal", "mobile": "9812345678", "address": "12 Rohini, Delhi",
             "annual_family_income": "120000", "purpose": "skip"}
    for answer in typed.values():
        await send(producer, asha, text=answer)
    await send(producer, asha, tap=("submit", "Submit"))

    [command] = await recorder.wait_for(APPLICATION_COMMANDS.name, lambda e: e["payload"]["citizen_id"] == asha)
    answers = command["payload"]["answers"]
    assert answers["applicant_name"] == "Asha Devi" and answers["aadhaar_number"] == masked
    assert answers["father_name"] == "Ram Lal" and answers["date_of_birth"] == "1990-08-15"
    assert command["payload"]["documents"] == [{"document_type": "aadhaar_card", "media_id": "media-1",
                                                "mime_type": "image/jpeg", "document_id": "doc-42"}]
    assert len(await read_request(recorder, asha)) == 1


async def test_a_refused_photo_is_explained_and_the_citizen_can_skip(conversation, recorder, producer):
    ravi = citizen()
    await at_document_step(producer, recorder, ravi, "hi")
    await send(producer, ravi, media=Media(id="media-2", mime_type="image/jpeg"))
    [request] = await read_request(recorder, ravi)
    await commands(recorder, ravi, 7)  # "Reading your document…"
    await publish(producer, OCR_RESULTS, DocumentRejected(request_id=request.request_id, citizen_id=ravi,
                                                          language="hi", reason="unreadable"), producer_name="ocr")
    refused = (await commands(recorder, ravi, 8))[7]
    assert "अच्छी रोशनी" in refused.content.body and refused.content.buttons[0].id == "doc:skip"
    row = await conversation.pool.fetchrow("SELECT step FROM sessions WHERE citizen_id = $1", ravi)
    assert row["step"] == "sending_document"

    await send(producer, ravi, text="छोड़ें")
    question = (await commands(recorder, ravi, 9))[8]
    assert question.content.body.startswith("(1/10)") and question.language == "hi"


# -- status, with the applications and payments services' part played by the test ------------------

async def test_status_tells_the_history_recorded_from_events(conversation, recorder, producer):
    meena = citizen()
    await send(producer, meena, text="status")
    [nothing] = await commands(recorder, meena, 1)
    assert "कोई आवेदन नहीं" in nothing.content.body

    await send(producer, meena, text="hello")
    await send(producer, meena, tap=("lang:en", "English"))
    await send(producer, meena, tap=(f"svc:{INCOME.id}", "x"))
    await send(producer, meena, tap=(f"apply:{INCOME.id}", "x"))
    await send(producer, meena, tap=("doc:skip", "Skip"))
    await send(producer, meena, text="Sunita Sharma")
    await commands(recorder, meena, 9)

    application = f"DL-INC-2026-{meena[-6:]}"
    common = dict(application_id=application, citizen_id=meena, language="en")
    submitted = await publish(producer, APPLICATION_EVENTS, ApplicationSubmitted(
        **common, submission_id="s", service_id=INCOME.id, department_id="revenue", fee_paise=5000),
        producer_name="applications")
    await publish(producer, APPLICATION_EVENTS, ApplicationStatusChanged(
        **common, service_id=INCOME.id, status="payment_due", previous="submitted"), producer_name="applications")
    await publish(producer, PAYMENT_EVENTS, PaymentCaptured(
        **common, order_id=f"order_{meena}", payment_id="pay_1", amount_paise=5000, method="upi",
        receipt_number="R-2026-000009"), producer_name="payments")
    await commands(recorder, meena, 11)  # the application number, then the payment, told as they happen
    await publish(producer, APPLICATION_EVENTS, ApplicationStatusChanged(
        **common, service_id=INCOME.id, status="under_review", previous="payment_due"), producer_name="applications")
    told = await commands(recorder, meena, 12)
    registered = next(c.content for c in told if "Application number" in c.content.body)
    assert [b.id for b in registered.buttons] == ["status"]  # the application number comes with a button

    await send(producer, meena, tap=("status", "My applications"))
    status, question = [c.content for c in (await commands(recorder, meena, 14))[12:]]
    assert f"*{application}* — Income Certificate" in status.body
    assert ["Submitted", "Fee due", "Fee paid (receipt R-2026-000009)", "With the department for review"] == [
        line.split(" — ", 1)[1] for line in status.body.splitlines() if line.startswith("• ")]
    assert question.body.startswith("(2/10)")  # the form goes on where it was
    row = await conversation.pool.fetchrow("SELECT step, answers FROM sessions WHERE citizen_id = $1", meena)
    assert row["step"] == "filling_form" and json.loads(row["answers"]) == {"applicant_name": "Sunita Sharma"}

    async with conversation.pool.acquire() as conn:  # a redelivered event records nothing more
        await record_step(conn, str(submitted.event_id), recorded_step(submitted))
    count = await conversation.pool.fetchval("SELECT count(*) FROM application_history WHERE citizen_id = $1", meena)
    assert count == 4
