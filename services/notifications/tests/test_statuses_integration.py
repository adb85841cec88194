"""Meta's status reports on wa.status move our messages forward, never back (real broker and PostgreSQL).

Messages here are templates to citizens who never wrote: they need no open window, so no inbound
message, so no reply from a conversation service running in the same session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nagrik_contracts.outbound import SendMessage, Template, Text

REMINDER = Template(name="payment_reminder", language="en", body_parameters=["50", "Income certificate", "5 May"])


def reminder_to(citizen: str) -> SendMessage:
    return SendMessage(citizen_id=citizen, language="en", content=REMINDER)


def status(wamid: str, citizen: str, name: str, *, seconds: int = 0, errors: list | None = None) -> dict:
    item = {"id": wamid, "status": name, "recipient_id": citizen,
            "timestamp": str(int(datetime.now(UTC).timestamp()) + seconds)}
    if errors:
        item["errors"] = errors
    return item


async def reports_of(world, wamid: str) -> list[str]:
    rows = await world.service.pool.fetch("SELECT status FROM status_reports WHERE wamid = $1 ORDER BY status", wamid)
    return [row["status"] for row in rows]


async def test_metas_statuses_take_a_message_to_read(world):
    citizen = world.citizen()
    read_before = world.counter("notifications_statuses_total", status="read")

    sent = await world.send(reminder_to(citizen))
    [message] = await world.received(citizen)

    row = await world.stored(sent, status="read")
    assert row["status_at"] is not None
    assert await reports_of(world, message["wamid"]) == ["delivered", "read", "sent"]
    # At least: statuses of earlier tests' messages may still be arriving.
    assert world.counter("notifications_statuses_total", status="read") >= read_before + 1


async def test_a_late_delivered_after_read_does_not_go_backwards(world):
    citizen = world.citizen()
    world.gateway.withheld_statuses.add(citizen)  # this test plays Meta's webhooks itself, out of order
    sent = await world.send(reminder_to(citizen))
    [message] = await world.received(citizen, settle=0)
    wamid = message["wamid"]

    await world.report(status(wamid, citizen, "read", seconds=2))
    await world.stored(sent, status="read")
    await world.report(status(wamid, citizen, "delivered", seconds=1))
    await world.report(status(wamid, citizen, "sent"))
    await world.report(status(wamid, citizen, "read", seconds=2))  # Meta delivers the same report twice
    await world.eventually(lambda: _all_reported(world, wamid), what="every report handled")

    row = await world.stored(sent)
    assert row["status"] == "read"


async def _all_reported(world, wamid: str) -> bool:
    return await reports_of(world, wamid) == ["delivered", "read", "sent"]


async def test_a_late_sent_does_not_revive_a_failed_message(world):
    citizen = world.citizen()
    world.gateway.withheld_statuses.add(citizen)
    sent = await world.send(reminder_to(citizen))
    [message] = await world.received(citizen, settle=0)
    wamid = message["wamid"]

    error = {"code": 131049, "title": "Meta chose not to deliver", "error_data": {"details": "ecosystem"}}
    await world.report(status(wamid, citizen, "failed", errors=[error]))
    await world.report(status(wamid, citizen, "sent"))
    await world.eventually(lambda: _reported(world, wamid, ["failed", "sent"]), what="both reports handled")

    row = await world.stored(sent)
    assert row["status"] == "failed" and row["error_code"] == 131049 and row["error_detail"] == "ecosystem"


async def _reported(world, wamid: str, statuses: list[str]) -> bool:
    return await reports_of(world, wamid) == statuses


async def test_a_status_for_a_message_we_do_not_know_is_kept(world):
    citizen = world.citizen()
    wamid = f"wamid.from-another-app-{citizen}"

    await world.report(status(wamid, citizen, "delivered"))

    await world.eventually(lambda: _reported(world, wamid, ["delivered"]), what="report kept")
    assert await world.service.pool.fetchval("SELECT count(*) FROM outbound_messages WHERE wamid = $1", wamid) == 0


async def test_a_window_closed_failure_reported_after_acceptance_sends_the_template(world):
    """What the live Cloud API does today: it accepts free-form text outside the window, then reports it
    failed with 131047. The citizen must still hear from us."""
    citizen = world.citizen()
    await world.wrote_to_us(citizen, ago=timedelta(minutes=2), name="Kavita")  # Meta knows of no message
    world.fake.settings.window_error_delivery = "status"
    try:
        sent = await world.send(SendMessage(citizen_id=citizen, language="hi", content=Text(body="आपकी सेवाएँ")))
        text, template = await world.received(citizen, 2)
    finally:
        world.fake.settings.window_error_delivery = "response"

    assert text["type"] == "text" and text["status"] == "failed"
    assert template["type"] == "template"
    assert template["body"]["template"]["name"] == "session_reopen"
    assert template["body"]["template"]["components"][0]["parameters"] == [{"type": "text", "text": "Kavita"}]
    first = await world.stored(sent, status="failed", wamid=text["wamid"])
    assert first["error_code"] == 131047
    await world.stored(sent, seq=2, wamid=template["wamid"], type="template", status="read")
