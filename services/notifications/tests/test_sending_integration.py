"""Commands on wa.outbound reach citizens through the (fake) Cloud API, with Meta's rules honoured.

Real broker, real PostgreSQL, the fake Cloud API over HTTP; what is asserted is what the citizen's
phone shows (the fake's transcript), what we stored, and what an operator finds in dead letters.
Tests that inject faults send templates to citizens who never wrote: no inbound message means no
reply from a conversation service running in the same session, which could take the fault first.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from nagrik_contracts.outbound import Button, Buttons, List, Row, Section, SendMessage, Template, Text
from nagrik_contracts.topics import DEAD_LETTERS, WA_OUTBOUND
from nagrik_kit.deadletters import read_dead_letters, replay
from nagrik_notifications.cloud_api import message_body

DEPARTMENTS = List(
    header="विभाग", body="अपना विभाग चुनें", button="विभाग देखें",
    sections=[Section(rows=[Row(id="dept:revenue", title="राजस्व विभाग", description="जाति, आय, निवास"),
                            Row(id="dept:transport", title="परिवहन विभाग")])],
)
UPDATE = Template(name="application_update", language="hi", body_parameters=["A-2025-7", "आय प्रमाणपत्र", "स्वीकृत"])


def command(citizen: str, content=None, *, language: str = "hi", **extra) -> SendMessage:
    return SendMessage(citizen_id=citizen, language=language, content=content or UPDATE, **extra)


async def dead_letters_of(recorder, command_envelope) -> list[dict]:
    return await recorder.wait_for(DEAD_LETTERS.name, lambda e: e["causation_id"] == str(command_envelope.event_id))


async def test_a_message_reaches_the_citizen_as_metas_json_and_its_wamid_is_stored(world):
    asha = world.citizen()
    await world.citizen_writes(asha)

    sent = await world.send(command(asha, DEPARTMENTS, phone_number_id=world.phone_number_id))
    [message] = await world.received(asha)

    assert message["type"] == "interactive"
    assert message["body"] == message_body(asha, DEPARTMENTS)
    row = await world.stored(sent, wamid=message["wamid"])
    assert row["type"] == row["requested_type"] == "list"
    assert row["citizen_id"] == asha and row["attempts"] == 1 and row["accepted_at"] is not None


async def test_a_reply_quotes_the_citizens_message(world):
    ravi = world.citizen()
    await world.citizen_writes(ravi)
    [inbound] = [e for e in (await world.http.get(f"/_fake/transcripts/{ravi}")).json()["entries"]
                 if e["direction"] == "in"]
    buttons = Buttons(body="Choose your language", buttons=[Button(id="lang:en", title="English"),
                                                            Button(id="lang:hi", title="हिंदी")])

    await world.send(command(ravi, buttons, reply_to=inbound["wamid"]))
    [message] = await world.received(ravi)
    assert message["body"] == message_body(ravi, buttons, reply_to=inbound["wamid"])


async def test_throttled_twice_then_sent_exactly_once(world):
    meena = world.citizen()
    throttled_before = world.counter("notifications_messages_sent_total", type="template", outcome="throttled")
    await world.fault(131056, to=meena, times=2)  # the pair rate limit

    sent = await world.send(command(meena))
    messages = await world.received(meena, settle=2.0)

    assert [m["body"] for m in messages] == [message_body(meena, UPDATE)]
    await world.stored(sent, wamid=messages[0]["wamid"], attempts=3)
    assert world.counter("notifications_messages_sent_total", type="template", outcome="throttled") == (
        throttled_before + 2
    )


async def test_a_transient_error_is_retried(world):
    citizen = world.citizen()
    await world.fault(131000, to=citizen)

    sent = await world.send(command(citizen))
    [message] = await world.received(citizen)
    await world.stored(sent, wamid=message["wamid"], attempts=2)


@pytest.mark.parametrize(
    "content, fault, code",
    [
        (Template(name="no_such_template", language="hi"), None, 132001),  # Meta checks templates itself
        (UPDATE, 131009, 131009),
        (UPDATE, 190, 190),  # the token expired: nothing goes out until it is renewed
    ],
)
async def test_a_refused_message_is_recorded_failed_and_dead_lettered_without_retry(world, recorder, content, fault,
                                                                                   code):
    citizen = world.citizen()
    if fault:
        await world.fault(fault, to=citizen, times=5)

    sent = await world.send(command(citizen, content))
    [letter] = await dead_letters_of(recorder, sent)

    assert letter["payload"]["consumer"] == "notifications"
    assert letter["payload"]["source_topic"] == WA_OUTBOUND.name and letter["payload"]["attempts"] == 1
    assert f"code {code}" in letter["payload"]["error"]
    row = await world.stored(sent, status="failed")
    assert row["error_code"] == code and row["wamid"] is None and row["attempts"] == 1  # never retried
    assert await world.sent_to(citizen) == []


async def test_transient_errors_that_do_not_stop_are_dead_lettered_after_bounded_retries(world, recorder):
    citizen = world.citizen()
    await world.fault(502, to=citizen, times=world.send_max_attempts)  # a proxy error with no Graph body

    sent = await world.send(command(citizen))
    [letter] = await dead_letters_of(recorder, sent)

    assert "Transient" in letter["payload"]["error"]
    await world.stored(sent, status="failed", attempts=world.send_max_attempts)
    assert await world.sent_to(citizen) == []


async def test_a_dead_letter_replayed_once_the_cause_is_gone_is_delivered(world, recorder, infrastructure):
    citizen = world.citizen()
    await world.fault(190, to=citizen)  # the token expires, then someone renews it

    sent = await world.send(command(citizen))
    await dead_letters_of(recorder, sent)
    [letter] = [letter for envelope, letter in await read_dead_letters(infrastructure.kafka_bootstrap_servers)
                if envelope.causation_id == sent.event_id]
    await replay(infrastructure.kafka_bootstrap_servers, letter)

    [message] = await world.received(citizen)
    assert message["body"] == message_body(citizen, UPDATE)
    await world.stored(sent, wamid=message["wamid"], attempts=2, error_code=None)


async def test_an_undeliverable_message_is_recorded_failed_and_not_retried(world, recorder):
    citizen = world.citizen()
    await world.fault(131026, to=citizen)  # Meta accepts it, then reports it failed

    sent = await world.send(command(citizen))
    [message] = await world.received(citizen, settle=2.0)

    row = await world.stored(sent, status="failed", wamid=message["wamid"])
    assert row["error_code"] == 131026 and row["attempts"] == 1
    assert recorder.matching(DEAD_LETTERS.name, lambda e: e["causation_id"] == str(sent.event_id)) == []


async def test_the_same_command_delivered_twice_sends_one_message(world):
    citizen = world.citizen()

    first = await world.send(command(citizen))
    await world.send(command(citizen), again=first)
    messages = await world.received(citizen, settle=3.0)

    assert len(messages) == 1
    assert len(await world.messages_of(first)) == 1


# ---------------------------------------------------------------- the 24-hour window


async def test_a_citizen_who_never_wrote_gets_the_reopen_template_in_their_language(world):
    citizen = world.citizen()

    sent = await world.send(command(citizen, Text(body="Your application moved on"), language="en"))
    [message] = await world.received(citizen)

    assert message["body"]["template"] == {
        "name": "session_reopen", "language": {"code": "en"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "Citizen"}]}],
    }
    await world.stored(sent, type="template", requested_type="text", template_name="session_reopen")


async def test_outside_the_window_the_commands_own_template_is_sent(world):
    citizen = world.citizen()

    await world.send(command(citizen, Text(body="आपका आवेदन स्वीकृत"), fallback=UPDATE))
    [message] = await world.received(citizen)
    assert message["body"] == message_body(citizen, UPDATE)


async def test_a_citizen_who_wrote_more_than_a_day_ago_is_greeted_by_name(world):
    citizen = world.citizen()
    await world.wrote_to_us(citizen, ago=timedelta(hours=25), name="Sunita  Devi")

    await world.send(command(citizen, Text(body="आपका प्रमाणपत्र तैयार है")))
    [message] = await world.received(citizen)
    assert message["body"]["template"]["name"] == "session_reopen"
    assert message["body"]["template"]["components"][0]["parameters"] == [{"type": "text", "text": "Sunita Devi"}]


async def test_when_meta_says_the_window_closed_the_template_goes_instead(world):
    """We believe the window open (an inbound message we recorded); Meta does not (131047 in its answer)."""
    citizen = world.citizen()
    await world.wrote_to_us(citizen, ago=timedelta(minutes=1), name="Imran")

    sent = await world.send(command(citizen, Text(body="Menu"), language="en"))
    [message] = await world.received(citizen, settle=1.5)

    assert message["type"] == "template"
    assert message["body"]["template"]["components"][0]["parameters"] == [{"type": "text", "text": "Imran"}]
    row = await world.stored(sent, wamid=message["wamid"])
    assert row["type"] == "template" and row["requested_type"] == "text" and row["attempts"] == 2
    assert world.counter("notifications_messages_sent_total", type="text", outcome="window_closed") >= 1
