"""Fees end to end: real broker and PostgreSQL, the fake gateway over HTTP, its signed webhooks through the
real gateway service onto Kafka, and what the payments service emits."""

from __future__ import annotations

import asyncio

import httpx

from nagrik_contracts.topics import PAYMENT_EVENTS

REQUESTED, CAPTURED, FAILED = "payments.PaymentRequested", "payments.PaymentCaptured", "payments.PaymentFailed"


def about(order_id: str, *event_types: str):
    return lambda e: e["payload"].get("order_id") == order_id and e["event_type"] in event_types


async def requested(world, recorder, command) -> dict:
    envelope = world.envelope(command)
    await world.publish(envelope)
    [event] = await recorder.wait_for(
        PAYMENT_EVENTS.name,
        lambda e: e["event_type"] == REQUESTED and e["payload"]["application_id"] == command.application_id,
        settle=0.2)
    return event["payload"]


async def test_a_fee_becomes_an_order_with_our_receipt_and_both_links(payments_world, recorder):
    command = payments_world.command(amount_paise=5005)
    payload = await requested(payments_world, recorder, command)

    order = await payments_world.api.find_order_by_receipt(payments_world.reference(command))
    assert order is not None and order.id == payload["order_id"] and order.amount == 5005
    assert payload["upi_link"] == (
        f"upi://pay?pa=revenue.up%40sbi&pn=Revenue%20Dept%20UP&tr={payments_world.reference(command)}"
        "&tn=Income%20certificate%20fee&am=50.05&cu=INR")
    assert payload["payment_link"].startswith(str(payments_world.fake.base_url).rstrip("/") + "/pay/plink_")
    page = await payments_world.fake.get(payload["payment_link"])
    assert page.status_code == 200


async def test_a_retried_request_makes_no_second_order(payments_world, recorder):
    command = payments_world.command()
    first = payments_world.envelope(command)
    await payments_world.publish(first)
    await payments_world.publish(first)                            # redelivered: the inbox drops it
    await payments_world.publish(payments_world.envelope(command))  # re-sent as a new command: same order
    events = await recorder.wait_for(
        PAYMENT_EVENTS.name,
        lambda e: e["event_type"] == REQUESTED and e["payload"]["application_id"] == command.application_id,
        count=2, settle=1.5)
    assert len(events) == 2 and len({e["payload"]["order_id"] for e in events}) == 1
    listed = await payments_world.api._call("GET", "/orders",
                                             params={"receipt": payments_world.reference(command), "count": 100})
    assert listed["count"] == 1


async def test_a_capture_is_confirmed_once_with_a_receipt_pdf(payments_world, recorder):
    order_id = (await requested(payments_world, recorder, payments_world.command()))["order_id"]
    paid = await payments_world.pay(order_id, "captured")
    assert {w["status"] for w in paid["webhooks"]} == {200}, paid["webhooks"]

    [captured] = await recorder.wait_for(PAYMENT_EVENTS.name, about(order_id, CAPTURED), settle=2.0)
    payload = captured["payload"]
    assert payload["payment_id"] == paid["payment_ids"][0]
    assert (payload["amount_paise"], payload["method"]) == (5000, "upi")
    link = httpx.URL(payload["receipt_url"])
    assert link.path == f"/receipts/{payload['receipt_number']}.pdf"
    pdf = await payments_world.http.get(link.path, params=link.params)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    guessed = await payments_world.http.get(f"/receipts/{payload['receipt_number']}.pdf")  # the number alone
    assert guessed.status_code == 404
    assert (await payments_world.http.get("/receipts/NGR-1999-00000000.pdf")).status_code == 404


def outcomes(world, outcome: str, method: str = "upi") -> float:
    return world.service.registry.get_sample_value("payments_outcomes_total",
                                                   {"method": method, "outcome": outcome}) or 0


async def test_webhooks_delivered_twice_still_capture_once(payments_world, recorder):
    before = outcomes(payments_world, "captured")
    order_id = (await requested(payments_world, recorder, payments_world.command()))["order_id"]
    paid = await payments_world.pay(order_id, "captured", deliver_twice=True)
    assert len(paid["webhooks"]) >= 4

    captured = await recorder.wait_for(PAYMENT_EVENTS.name, about(order_id, CAPTURED), settle=3.0)
    assert len(captured) == 1
    assert outcomes(payments_world, "captured") == before + 1  # /metrics counts it once too


async def test_failed_then_captured_reports_the_failure_then_captures_once(payments_world, recorder):
    failed_before = outcomes(payments_world, "failed")
    order_id = (await requested(payments_world, recorder, payments_world.command()))["order_id"]
    paid = await payments_world.pay(order_id, "failed_then_captured", error_reason="payment_declined")
    failed_id, captured_id = paid["payment_ids"]

    events = await recorder.wait_for(PAYMENT_EVENTS.name, about(order_id, FAILED, CAPTURED), count=2, settle=2.0)
    assert [(e["event_type"], e["payload"]["payment_id"]) for e in events] == [
        (FAILED, failed_id), (CAPTURED, captured_id)]
    assert events[0]["payload"]["reason"] == "payment_declined"
    assert outcomes(payments_world, "failed") == failed_before + 1


async def test_a_pending_payment_settled_silently_is_captured_by_reconciliation(payments_world, recorder):
    order_id = (await requested(payments_world, recorder, payments_world.command()))["order_id"]
    paid = await payments_world.pay(order_id, "pending")
    assert paid["webhooks"] == []
    await asyncio.sleep(0.5)
    assert recorder.matching(PAYMENT_EVENTS.name, about(order_id, CAPTURED, FAILED)) == []

    settled = await payments_world.fake.post("/_fake/settle", json={"payment_id": paid["payment_ids"][0],
                                                                    "status": "captured"})
    assert settled.status_code == 200, settled.text
    captured = await recorder.wait_for(PAYMENT_EVENTS.name, about(order_id, CAPTURED),
                                       timeout=payments_world.pending_after_seconds + 20, settle=2.0)
    assert len(captured) == 1 and captured[0]["payload"]["payment_id"] == paid["payment_ids"][0]


async def test_paying_through_the_payment_link_captures_our_order(payments_world, recorder):
    payload = await requested(payments_world, recorder, payments_world.command())
    link_id = payload["payment_link"].rsplit("/", 1)[-1]
    answer = await payments_world.fake.post("/_fake/pay", json={"payment_link_id": link_id, "outcome": "captured"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["order_id"] != payload["order_id"]  # the gateway backs a paid link with its own order

    captured = await recorder.wait_for(PAYMENT_EVENTS.name, about(payload["order_id"], CAPTURED), settle=2.0)
    assert len(captured) == 1 and captured[0]["payload"]["payment_id"] == answer.json()["payment_ids"][0]


async def test_a_pending_link_payment_settled_silently_is_captured_by_reconciliation(payments_world, recorder):
    payload = await requested(payments_world, recorder, payments_world.command())
    link_id = payload["payment_link"].rsplit("/", 1)[-1]
    answer = await payments_world.fake.post("/_fake/pay", json={"payment_link_id": link_id, "outcome": "pending"})
    assert answer.status_code == 200, answer.text
    [payment_id] = answer.json()["payment_ids"]

    settled = await payments_world.fake.post("/_fake/settle", json={"payment_id": payment_id, "status": "captured"})
    assert settled.status_code == 200, settled.text
    captured = await recorder.wait_for(PAYMENT_EVENTS.name, about(payload["order_id"], CAPTURED),
                                       timeout=payments_world.pending_after_seconds + 20, settle=2.0)
    assert len(captured) == 1 and captured[0]["payload"]["payment_id"] == payment_id
