"""The kit against a real broker and a real PostgreSQL: outbox, inbox, retries, dead letters."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer

from nagrik_contracts import Envelope, Topic
from nagrik_contracts.conversation import ConversationStarted
from nagrik_contracts.topics import DEAD_LETTERS
from nagrik_contracts.whatsapp import MessageReceived
from nagrik_dev.recorder import TopicRecorder
from nagrik_kit import PoisonMessage, Service, ServiceSettings, Transaction
from nagrik_kit.broker import ensure_topics
from nagrik_kit.deadletters import read_dead_letters, replay

# Topics of this test only, so that the test service and the real services' tests never see
# each other's messages.
WA_INBOUND = Topic("kittest.inbound.v1", "citizen_id", "test", (MessageReceived,), "Test input.")
CONVERSATION_EVENTS = Topic("kittest.events.v1", "citizen_id", "kittest", (ConversationStarted,), "Test output.")


class Settings(ServiceSettings):
    service_name: str = "kittest"


def inbound(text: str, citizen: str = "919800000001") -> Envelope:
    payload = MessageReceived(
        citizen_id=citizen, message_id=f"wamid.{uuid.uuid4().hex}", phone_number_id="1",
        sent_at=datetime.now(UTC), type="text", text=text,
    )
    return Envelope.wrap(payload, producer="test", correlation_id=str(uuid.uuid4()))


@pytest.fixture(scope="session")
async def kit_service(infrastructure):
    settings = Settings(
        kafka_bootstrap_servers=infrastructure.kafka_bootstrap_servers,
        database_url=infrastructure.database_url,
        consumer_max_attempts=3,
        consumer_retry_backoff_seconds=0.01,
    )
    await ensure_topics(infrastructure.kafka_bootstrap_servers, (WA_INBOUND, CONVERSATION_EVENTS))
    service = Service(settings, schema="kittest")
    attempts: dict[str, int] = {}
    fixed: set[str] = set()  # texts whose handling an operator has "deployed a fix" for
    committed: list[str] = []  # texts whose handling committed (counted through on_commit)

    async def handle(envelope: Envelope, tx: Transaction) -> None:
        message = envelope.open(MessageReceived)
        attempts[message.text] = attempts.get(message.text, 0) + 1
        await tx.conn.execute("CREATE TABLE IF NOT EXISTS seen (text text)")
        await tx.conn.execute("INSERT INTO seen VALUES ($1)", message.text)
        tx.on_commit(lambda: committed.append(message.text))
        if message.text == "refuse":
            told = ConversationStarted(citizen_id=message.citizen_id, returning=True)
            raise PoisonMessage("refused, and the sender is told", tell=((CONVERSATION_EVENTS, told),))
        if message.text.startswith("poison") and message.text not in fixed:
            raise PoisonMessage("cannot ever handle this")
        if message.text.startswith("flaky") and attempts[message.text] < 2:
            raise RuntimeError("transient")
        if message.text == "broken":
            raise RuntimeError("always fails")
        await tx.emit(CONVERSATION_EVENTS, ConversationStarted(citizen_id=message.citizen_id, returning=False))

    service.consume(WA_INBOUND, handle)
    await service.start()
    service.attempts = attempts
    service.fixed = fixed
    service.committed = committed
    yield service
    await service.stop()


@pytest.fixture(scope="session")
async def recorder(infrastructure, kit_service):
    reader = TopicRecorder(infrastructure.kafka_bootstrap_servers, (WA_INBOUND, CONVERSATION_EVENTS, DEAD_LETTERS))
    await reader.start()
    yield reader
    await reader.stop()


async def produce(bootstrap: str, value: bytes, key: bytes = b"919800000001") -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(WA_INBOUND.name, value, key=key)
    finally:
        await producer.stop()


async def seen(service: Service, text: str) -> int:
    return await service.pool.fetchval("SELECT count(*) FROM seen WHERE text = $1", text)


async def test_event_is_handled_once_and_its_result_published(kit_service, infrastructure, recorder):
    message = inbound("hello")
    await produce(infrastructure.kafka_bootstrap_servers, message.model_dump_json().encode())
    await produce(infrastructure.kafka_bootstrap_servers, message.model_dump_json().encode())  # redelivery

    emitted = await recorder.wait_for(CONVERSATION_EVENTS.name,
                            lambda e: e["causation_id"] == str(message.event_id))
    assert len(emitted) == 1
    assert emitted[0]["correlation_id"] == message.correlation_id
    assert await seen(kit_service, "hello") == 1
    assert kit_service.committed.count("hello") == 1


async def test_transient_failure_is_retried_and_rolled_back(kit_service, infrastructure, recorder):
    message = inbound("flaky-1")
    await produce(infrastructure.kafka_bootstrap_servers, message.model_dump_json().encode())
    emitted = await recorder.wait_for(CONVERSATION_EVENTS.name,
                            lambda e: e["causation_id"] == str(message.event_id))
    assert len(emitted) == 1
    assert kit_service.attempts["flaky-1"] == 2
    assert await seen(kit_service, "flaky-1") == 1  # the failed attempt's insert was rolled back
    assert kit_service.committed.count("flaky-1") == 1  # and its after-commit work never ran


async def test_a_refused_message_is_dead_lettered_and_its_sender_told_once(kit_service, infrastructure, recorder):
    message = inbound("refuse")
    await produce(infrastructure.kafka_bootstrap_servers, message.model_dump_json().encode())
    await produce(infrastructure.kafka_bootstrap_servers, message.model_dump_json().encode())  # redelivery

    [told] = await recorder.wait_for(CONVERSATION_EVENTS.name, lambda e: e["causation_id"] == str(message.event_id))
    assert told["payload"]["returning"] is True and told["correlation_id"] == message.correlation_id
    [letter] = await recorder.wait_for(DEAD_LETTERS.name, lambda e: e["causation_id"] == str(message.event_id))
    assert "refused, and the sender is told" in letter["payload"]["error"]
    assert await seen(kit_service, "refuse") == 0  # the handler's own effects rolled back


@pytest.mark.parametrize("text, attempts", [("poison", 1), ("broken", 3)])
async def test_failing_message_is_dead_lettered_with_its_error(kit_service, infrastructure, recorder, text, attempts):
    message = inbound(text)
    await produce(infrastructure.kafka_bootstrap_servers, message.model_dump_json().encode())
    letters = await recorder.wait_for(DEAD_LETTERS.name,
                            lambda e: e["causation_id"] == str(message.event_id))
    assert len(letters) == 1
    letter = letters[0]["payload"]
    assert letter["consumer"] == "kittest" and letter["attempts"] == attempts
    assert letter["source_topic"] == WA_INBOUND.name
    assert json.loads(letter["original"])["event_id"] == str(message.event_id)
    assert await seen(kit_service, text) == 0


async def test_malformed_message_is_dead_lettered_and_the_partition_moves_on(kit_service, infrastructure, recorder):
    await produce(infrastructure.kafka_bootstrap_servers, b"{not json", key=b"919800000009")
    after = inbound("after-garbage", citizen="919800000009")
    await produce(infrastructure.kafka_bootstrap_servers, after.model_dump_json().encode(), key=b"919800000009")
    letters = await recorder.wait_for(DEAD_LETTERS.name,
                            lambda e: e["payload"]["original"] == "{not json")
    assert letters and "ValidationError" in letters[0]["payload"]["error"]
    emitted = await recorder.wait_for(CONVERSATION_EVENTS.name,
                            lambda e: e["causation_id"] == str(after.event_id))
    assert len(emitted) == 1


async def test_dead_letter_can_be_replayed_once_the_cause_is_fixed(kit_service, infrastructure, recorder):
    bootstrap = infrastructure.kafka_bootstrap_servers
    message = inbound("poison-then-fixed")
    await produce(bootstrap, message.model_dump_json().encode())
    assert await recorder.wait_for(DEAD_LETTERS.name, lambda e: e["causation_id"] == str(message.event_id))

    [letter] = [l for e, l in await read_dead_letters(bootstrap) if e.causation_id == message.event_id]
    kit_service.fixed.add("poison-then-fixed")
    await replay(bootstrap, letter)

    emitted = await recorder.wait_for(CONVERSATION_EVENTS.name, lambda e: e["causation_id"] == str(message.event_id))
    assert len(emitted) == 1
    assert await seen(kit_service, "poison-then-fixed") == 1


async def test_plain_redelivery_of_a_dead_lettered_event_stays_a_no_op(kit_service, infrastructure, recorder):
    bootstrap = infrastructure.kafka_bootstrap_servers
    message = inbound("poison-twice")
    await produce(bootstrap, message.model_dump_json().encode())
    await produce(bootstrap, message.model_dump_json().encode())
    letters = await recorder.wait_for(DEAD_LETTERS.name, lambda e: e["causation_id"] == str(message.event_id))
    assert len(letters) == 1
