"""Status webhooks after a send, and injected faults."""

import time

import pytest
from fake_whatsapp_harness import APP_SECRET, CITIZEN, text_body, wait_until

from nagrik_fake_whatsapp.webhooks import sign

pytestmark = pytest.mark.asyncio

OTHER_CITIZEN = "919800000001"


async def test_statuses_arrive_signed_in_order_sent_delivered_read(harness):
    await harness.citizen_says("Hi")
    wamid = (await harness.send(text_body())).json()["messages"][0]["id"]

    await wait_until(lambda: len(harness.receiver.statuses()) == 3)
    status_hooks = [hook for hook in harness.receiver.received if "statuses" in hook.value]
    for hook in status_hooks:
        assert hook.headers["x-hub-signature-256"] == sign(hook.body, APP_SECRET)
        assert hook.headers["content-type"] == "application/json"
    statuses = harness.receiver.statuses()
    assert [s["status"] for s in statuses] == ["sent", "delivered", "read"]
    assert {s["id"] for s in statuses} == {wamid}
    assert all(s["recipient_id"] == CITIZEN and s["timestamp"].isdigit() for s in statuses)
    sent, delivered, read = statuses
    assert sent["conversation"]["expiration_timestamp"].isdigit() and sent["pricing"]["category"] == "service"
    assert "expiration_timestamp" not in delivered["conversation"] and delivered["pricing"]["billable"] is False
    assert "conversation" not in read and "pricing" not in read


async def test_transcript_records_the_outbound_body_and_its_latest_status(harness):
    await harness.citizen_says("नमस्ते")
    body = text_body("Welcome")
    wamid = (await harness.send(body)).json()["messages"][0]["id"]
    await wait_until(lambda: len(harness.receiver.statuses()) == 3)

    entries = (await harness.client.get(f"/_fake/transcripts/{CITIZEN}")).json()["entries"]
    inbound, outbound = entries
    assert inbound["seq"] == 1 and inbound["direction"] == "in" and inbound["status"] is None
    assert inbound["body"]["text"] == {"body": "नमस्ते"} and inbound["type"] == "text"
    assert outbound == {
        "seq": 2, "direction": "out", "wamid": wamid, "timestamp": outbound["timestamp"], "type": "text",
        "body": body, "status": "read",
    }
    later = (await harness.client.get(f"/_fake/transcripts/{CITIZEN}", params={"after": 1})).json()["entries"]
    assert [entry["seq"] for entry in later] == [2]


@pytest.mark.parametrize(
    "code, http_status",
    [(130429, 429), (131056, 429), (80007, 429), (4, 429), (131000, 500), (131016, 503), (131053, 400), (131008, 400)],
)
async def test_fault_fails_the_next_sends_with_that_code(harness, code, http_status):
    await harness.citizen_says("Hi")
    await harness.client.post("/_fake/faults", json={"code": code, "times": 2})

    for _ in range(2):
        response = await harness.send(text_body())
        assert response.status_code == http_status
        assert response.json()["error"]["code"] == code
    assert (await harness.send(text_body())).status_code == 200


async def test_fault_can_target_one_citizen(harness):
    await harness.citizen_says("Hi")
    await harness.citizen_says("Hi", wa_id=OTHER_CITIZEN)
    await harness.client.post("/_fake/faults", json={"code": 130429, "times": 1, "to": OTHER_CITIZEN})

    assert (await harness.send(text_body())).status_code == 200
    assert (await harness.send(text_body(to=OTHER_CITIZEN))).status_code == 429
    assert (await harness.send(text_body(to=OTHER_CITIZEN))).status_code == 200


async def test_undeliverable_fault_is_accepted_then_reported_failed(harness):
    await harness.citizen_says("Hi")
    await harness.client.post("/_fake/faults", json={"code": 131026})

    response = await harness.send(text_body())

    assert response.status_code == 200
    wamid = response.json()["messages"][0]["id"]
    await wait_until(lambda: len(harness.receiver.statuses()) == 1)
    (failed,) = harness.receiver.statuses()
    assert failed["id"] == wamid and failed["status"] == "failed"
    error = failed["errors"][0]
    assert error["code"] == 131026 and error["title"] and error["error_data"]["details"]
    entries = (await harness.client.get(f"/_fake/transcripts/{CITIZEN}")).json()["entries"]
    assert entries[-1]["status"] == "failed"


async def test_bare_5xx_fault_has_no_graph_body(harness):
    await harness.citizen_says("Hi")
    await harness.client.post("/_fake/faults", json={"code": 502})

    response = await harness.send(text_body())

    assert response.status_code == 502
    assert not response.headers["content-type"].startswith("application/json")


async def test_delayed_fault_answers_late(harness):
    await harness.citizen_says("Hi")
    await harness.client.post("/_fake/faults", json={"code": 131000, "delay_seconds": 0.2})

    started = time.monotonic()
    response = await harness.send(text_body())

    assert response.status_code == 500 and time.monotonic() - started >= 0.2


async def test_media_upload_fault(harness):
    await harness.client.post("/_fake/faults", json={"code": 131053, "on": "media"})
    files = {"file": ("c.pdf", b"%PDF", "application/pdf")}
    data = {"messaging_product": "whatsapp", "type": "application/pdf"}

    first = await harness.client.post("/v21.0/100000000000001/media", headers={"Authorization": "Bearer test-access-token"}, data=data, files=files)
    second = await harness.client.post("/v21.0/100000000000001/media", headers={"Authorization": "Bearer test-access-token"}, data=data, files=files)

    assert first.json()["error"]["code"] == 131053 and second.status_code == 200


async def test_reset_clears_transcripts_faults_and_window(harness):
    await harness.citizen_says("Hi")
    await harness.client.post("/_fake/faults", json={"code": 130429, "times": 5})

    await harness.client.post("/_fake/reset")

    assert (await harness.client.get(f"/_fake/transcripts/{CITIZEN}")).json()["entries"] == []
    assert (await harness.client.get("/_fake/faults")).json()["pending"] == []
    assert (await harness.send(text_body())).json()["error"]["code"] == 131047


async def test_a_refused_status_webhook_is_retried_before_the_next_status(harness):
    await harness.citizen_says("Hi")
    harness.receiver.scripted_statuses[:] = [500]

    await harness.send(text_body())

    await wait_until(lambda: len(harness.receiver.statuses()) == 4)
    assert [s["status"] for s in harness.receiver.statuses()] == ["sent", "sent", "delivered", "read"]


async def test_health_names_the_graph_base_url(harness):
    health = (await harness.client.get("/_fake/health")).json()

    assert health["status"] == "ok" and health["graph_base_url"] == "http://fake/v21.0"
    assert health["phone_number_id"] == "100000000000001"
