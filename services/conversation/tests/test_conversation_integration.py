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
from nagrik_contracts.whatsapp import MessageReceived, Reply
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
               again: Envelope | None = None) -> Envelope:
    if again is None:
        message = MessageReceived(
            citizen_id=citizen_id, message_id=f"wamid.{uuid.uuid4().hex}", phone_number_id="100000000000001",
            sent_at=datetime.now(UTC), type="interactive" if tap else "text", text=text,
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
    for field in service.fields:
        await send(producer, kiran, text=typed[field.type])
    await send(producer, kiran, tap=("submit", "Submit"))
    await send(producer, kiran, tap=("submit", "Submit"))  # a second tap must not submit again

    [command] = await recorder.wait_for("applications.commands.v1", lambda e: e["payload"]["citizen_id"] == kiran)
    assert command["payload"]["service_id"] == service.id and command["payload"]["language"] == "en"
    assert len(command["payload"]["answers"]) == len(service.fields)
    assert aadhaar not in str(command) and f"XXXX XXXX {aadhaar[-4:]}" in command["payload"]["answers"].values()
