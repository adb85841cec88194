"""The handlers against the real PostgreSQL, with a scripted Cloud API: the orderings a broker rarely
produces on demand (a status before our insert commits, a resend Meta refuses)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import CollectorRegistry
from pydantic import SecretStr

from nagrik_contracts import Envelope
from nagrik_contracts.outbound import Content, SendMessage, Text
from nagrik_contracts.whatsapp import MessageReceived, MessageStatusChanged, MetaError
from nagrik_kit import PoisonMessage, Transaction
from nagrik_notifications.cloud_api import Accepted, CloudApi, Rejected, Undeliverable
from nagrik_notifications.domain import RetryPolicy
from nagrik_notifications.handlers import Notifications
from nagrik_notifications.metrics import Metrics



class ScriptedCloudApi(CloudApi):
    """Answers each send with the next scripted result."""

    def __init__(self, *results: Accepted | Exception) -> None:
        super().__init__(base_url="http://unused", version="v21.0", access_token=SecretStr("t"), phone_number_id="1")
        self.results = list(results)
        self.sent: list[Content] = []

    async def send(self, to: str, content: Content, *, reply_to: str | None = None,
                   phone_number_id: str | None = None) -> Accepted:
        self.sent.append(content)
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


@pytest.fixture
def pool(world):
    return world.service.pool


def notifications(pool, api: CloudApi) -> Notifications:
    return Notifications(cloud_api=api, policy=RetryPolicy(max_attempts=2, throttle_backoff_seconds=0.01,
                                                           transient_backoff_seconds=0.01),
                         reopen_template="session_reopen", pool_of=lambda: pool,
                         metrics=Metrics(CollectorRegistry()))


async def handle(pool, handler, envelope: Envelope) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await handler(envelope, Transaction(conn, "test", envelope))


def new_citizen() -> str:
    return "9196" + str(uuid.uuid4().int)[:8]


def wrap(payload) -> Envelope:
    return Envelope.wrap(payload, producer="notifications-tests", correlation_id="test")


def status(citizen: str, wamid: str, name: str, code: int | None = None) -> Envelope:
    errors = [MetaError(code=code, title="x")] if code else []
    return wrap(MessageStatusChanged(citizen_id=citizen, message_id=wamid, phone_number_id="1", status=name,
                                     occurred_at=datetime.now(UTC), errors=errors))


def text_to(citizen: str) -> Envelope:
    # reply_to: the window counts as open without an inbound record
    return wrap(SendMessage(citizen_id=citizen, language="en", content=Text(body="Hello"), reply_to="wamid.IN"))


async def row(pool, envelope: Envelope, seq: int = 1):
    return await pool.fetchrow("SELECT * FROM outbound_messages WHERE command_id = $1 AND seq = $2",
                               envelope.event_id, seq)


def wamid() -> str:
    return f"wamid.{uuid.uuid4().hex}"


async def test_a_status_that_arrives_before_the_message_is_stored_is_applied_when_it_is(pool):
    citizen, w = new_citizen(), wamid()
    service = notifications(pool, ScriptedCloudApi(Accepted(w, citizen)))
    await handle(pool, service.on_status, status(citizen, w, "delivered"))

    command = text_to(citizen)
    await handle(pool, service.on_send_message, command)
    assert (await row(pool, command))["status"] == "delivered"


async def test_a_status_handled_while_the_insert_is_uncommitted_waits_for_it(pool):
    citizen, w = new_citizen(), wamid()
    service = notifications(pool, ScriptedCloudApi(Accepted(w, citizen)))
    command = text_to(citizen)
    async with pool.acquire() as conn:
        sending = conn.transaction()
        await sending.start()
        await service.on_send_message(command, Transaction(conn, "test", command))
        reporting = asyncio.create_task(handle(pool, service.on_status, status(citizen, w, "read")))
        await asyncio.sleep(0.3)
        assert not reporting.done()  # held on the wamid's lock, not stored as "unknown"
        await sending.commit()
    await asyncio.wait_for(reporting, 5)
    assert (await row(pool, command))["status"] == "read"


async def test_a_window_closed_failure_crossing_the_uncommitted_insert_still_gets_the_template(pool):
    citizen, first, second = new_citizen(), wamid(), wamid()
    api = ScriptedCloudApi(Accepted(first, citizen), Accepted(second, citizen))
    service = notifications(pool, api)
    command = text_to(citizen)
    async with pool.acquire() as conn:
        sending = conn.transaction()
        await sending.start()
        await service.on_send_message(command, Transaction(conn, "test", command))
        reporting = asyncio.create_task(handle(pool, service.on_status, status(citizen, first, "failed", 131047)))
        await asyncio.sleep(0.3)
        await sending.commit()
    await asyncio.wait_for(reporting, 5)

    assert [c.type for c in api.sent] == ["text", "template"]
    assert (await row(pool, command))["status"] == "failed"
    assert (await row(pool, command, 2))["wamid"] == second


async def test_an_undeliverable_answer_is_recorded_failed_without_a_dead_letter(pool):
    citizen = new_citizen()
    api = ScriptedCloudApi(Undeliverable("Message undeliverable", code=131026, http_status=400))
    command = text_to(citizen)
    await handle(pool, notifications(pool, api).on_send_message, command)  # no PoisonMessage

    stored = await row(pool, command)
    assert stored["status"] == "failed" and stored["error_code"] == 131026 and len(api.sent) == 1


async def test_a_command_whose_message_meta_accepted_is_not_sent_again(pool):
    """Even without its inbox record (an operator replaying a dead letter it should not have)."""
    citizen = new_citizen()
    api = ScriptedCloudApi(Accepted(wamid(), citizen))
    service = notifications(pool, api)
    command = text_to(citizen)
    await handle(pool, service.on_send_message, command)
    await handle(pool, service.on_send_message, command)
    assert len(api.sent) == 1


async def test_a_window_closed_failure_reported_before_the_insert_still_gets_the_template(pool):
    citizen, first, second = new_citizen(), wamid(), wamid()
    api = ScriptedCloudApi(Accepted(first, citizen), Accepted(second, citizen))
    service = notifications(pool, api)
    await handle(pool, service.on_status, status(citizen, first, "failed", 131047))

    command = text_to(citizen)
    await handle(pool, service.on_send_message, command)

    assert [c.type for c in api.sent] == ["text", "template"]
    assert (await row(pool, command))["status"] == "failed"
    assert (await row(pool, command, 2))["wamid"] == second


async def test_a_template_resend_meta_refuses_is_dead_lettered_with_the_failure_on_record(pool):
    citizen, first = new_citizen(), wamid()
    api = ScriptedCloudApi(Accepted(first, citizen), Rejected("template paused", code=132015, http_status=400))
    service = notifications(pool, api)
    command = text_to(citizen)
    await handle(pool, service.on_send_message, command)

    with pytest.raises(PoisonMessage):
        await handle(pool, service.on_status, status(citizen, first, "failed", 131047))

    original, resend = await row(pool, command), await row(pool, command, 2)
    assert original["status"] == "failed" and original["error_code"] == 131047
    assert resend["status"] == "failed" and resend["error_code"] == 132015 and resend["wamid"] is None


async def test_the_window_keeps_the_latest_message_whatever_order_they_are_handled_in(pool):
    citizen, now = new_citizen(), datetime.now(UTC)
    service = notifications(pool, ScriptedCloudApi())

    def inbound(at: datetime, name: str) -> Envelope:
        return wrap(MessageReceived(citizen_id=citizen, message_id=wamid(), phone_number_id="1", sent_at=at,
                                    type="text", text="Hi", profile_name=name))

    await handle(pool, service.on_message_received, inbound(now, "Asha Rani"))
    await handle(pool, service.on_message_received, inbound(now - timedelta(hours=2), "Asha"))

    window = await pool.fetchrow("SELECT * FROM citizen_windows WHERE citizen_id = $1", citizen)
    assert window["last_inbound_at"] == now and window["profile_name"] == "Asha Rani"
