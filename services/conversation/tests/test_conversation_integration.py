"""The conversation service against a real broker and PostgreSQL: inbound messages in, commands out."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from nagrik_contracts import Envelope
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


@pytest.fixture(scope="session")
async def outbound(infrastructure, conversation):
    """Every command and event the service publishes, collected in the background, by citizen."""
    seen: dict[str, list[Envelope]] = {}
    consumer = AIOKafkaConsumer(WA_OUTBOUND.name, CONVERSATION_EVENTS.name, auto_offset_reset="earliest",
                                bootstrap_servers=infrastructure.kafka_bootstrap_servers, group_id=f"t-{uuid.uuid4()}")
    await consumer.start()

    async def pump() -> None:
        async for record in consumer:
            envelope = Envelope.model_validate_json(record.value)
            seen.setdefault(envelope.payload["citizen_id"], []).append(envelope)

    task = asyncio.create_task(pump())
    yield seen
    task.cancel()
    await consumer.stop()


@pytest.fixture(scope="session")
async def producer(infrastructure):
    producer = AIOKafkaProducer(bootstrap_servers=infrastructure.kafka_bootstrap_servers)
    await producer.start()
    yield producer
    await producer.stop()


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


async def commands(outbound, citizen_id: str, count: int, timeout: float = 30.0) -> list[SendMessage]:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        found = [e.open(SendMessage) for e in outbound.get(citizen_id, []) if e.event_type == "wa.SendMessage"]
        if len(found) >= count:
            await asyncio.sleep(1.0)  # a wrong extra reply would show up now
            return [e.open(SendMessage) for e in outbound.get(citizen_id, []) if e.event_type == "wa.SendMessage"]
        await asyncio.sleep(0.1)
    raise AssertionError(f"{citizen_id} got {len(outbound.get(citizen_id, []))} messages, expected {count}")


async def test_greeting_offers_languages_then_hindi_departments(conversation, outbound, producer):
    asha = citizen()
    await send(producer, asha, text="नमस्ते")
    [welcome] = await commands(outbound, asha, 1)
    assert [b.title for b in welcome.content.buttons] == ["English", "हिंदी"]

    await send(producer, asha, tap=("lang:hi", "हिंदी"))
    replies = await commands(outbound, asha, 3)
    confirmation, departments = replies[1].content, replies[2].content
    assert "हिंदी" in confirmation.body
    assert all(r.language == "hi" for r in replies[1:])
    assert departments.type == "list" and "विभाग" in departments.body

    events = [e.event_type for e in outbound[asha] if e.producer == "conversation" and e.event_type.startswith("conv")]
    assert events == ["conversation.ConversationStarted", "conversation.LanguageChosen"]
    row = await conversation.pool.fetchrow("SELECT language, step FROM sessions WHERE citizen_id = $1", asha)
    assert dict(row) == {"language": "hi", "step": "choosing_department"}


async def test_redelivered_message_gets_no_second_reply(conversation, outbound, producer):
    ravi = citizen()
    first = await send(producer, ravi, text="Hi")
    await send(producer, ravi, again=first)
    assert len(await commands(outbound, ravi, 1)) == 1


async def test_a_citizens_messages_are_answered_in_order(conversation, outbound, producer):
    meena = citizen()
    await send(producer, meena, text="hello")
    await send(producer, meena, tap=("lang:en", "English"))
    await send(producer, meena, text="something the bot cannot understand")
    replies = await commands(outbound, meena, 4)
    assert [r.content.type for r in replies] == ["buttons", "text", "list", "text"]
    assert "did not understand" in replies[3].content.body
    assert replies[3].language == "en"
    assert json.loads(replies[0].model_dump_json())["reply_to"].startswith("wamid.")
