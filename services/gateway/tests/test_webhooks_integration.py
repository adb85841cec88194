"""The gateway as Meta sees it (real HTTP through uvicorn) and as consumers see it (a real broker)."""

from __future__ import annotations

import asyncio
import json

import pytest

from nagrik_contracts.topics import WA_INBOUND, WA_STATUS
from nagrik_fake_whatsapp import webhooks as meta

from .gateway_harness import APP_SECRET, PHONE_NUMBER_ID, WEBHOOK, in_kafka, new_citizen, post_webhook

MB = 1024 * 1024


def inbound(citizen: str, *messages: dict) -> dict:
    return meta.message_webhook(phone_number_id=PHONE_NUMBER_ID, display_phone_number="911140000000",
                                waba_id="102290129340398", wa_id=citizen, profile_name="Asha", messages=list(messages))


def statuses(*items: dict) -> dict:
    return meta.status_webhook(phone_number_id=PHONE_NUMBER_ID, display_phone_number="911140000000",
                               waba_id="102290129340398", statuses=list(items))


def ids_of(payload: dict) -> set[str]:
    value_items = [c["value"] for e in payload["entry"] for c in e["changes"]]
    return {i["id"] for v in value_items for i in v.get("messages", []) + v.get("statuses", [])}


# ------------------------------------------------------------------ verification handshake


async def test_verification_echoes_the_challenge_as_plain_text(gateway):
    response = await gateway.get(WEBHOOK, params={"hub.mode": "subscribe", "hub.verify_token": APP_SECRET,
                                                  "hub.challenge": "1158201444"})
    assert response.status_code == 200
    assert response.content == b"1158201444"
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("params", [
    {"hub.mode": "subscribe", "hub.verify_token": "guessed", "hub.challenge": "1158201444"},
    {"hub.mode": "unsubscribe", "hub.verify_token": APP_SECRET, "hub.challenge": "1158201444"},
    {"hub.challenge": "1158201444"},
])
async def test_verification_with_a_wrong_token_or_mode_is_forbidden(gateway, params):
    response = await gateway.get(WEBHOOK, params=params)
    assert response.status_code == 403
    assert b"1158201444" not in response.content


# ------------------------------------------------------------------ refused webhooks publish nothing


async def test_forged_signature_is_forbidden_and_nothing_is_published(gateway, infrastructure):
    payload = inbound(new_citizen(), meta.text_message(wa_id="919800000001", body="forged"))
    response = await post_webhook(gateway, payload, secret="not-our-app-secret")
    assert response.status_code == 403
    assert await in_kafka(infrastructure.kafka_bootstrap_servers, message_ids=ids_of(payload)) == []


async def test_body_changed_after_signing_is_forbidden(gateway, infrastructure):
    payload = inbound(new_citizen(), meta.text_message(wa_id="919800000001", body="pay 100"))
    body = meta.encode_like_meta(payload)
    tampered = body.replace(b"pay 100", b"pay 900")
    response = await gateway.post(WEBHOOK, content=tampered,
                                  headers={"X-Hub-Signature-256": meta.sign(body, APP_SECRET)})
    assert response.status_code == 403
    assert await in_kafka(infrastructure.kafka_bootstrap_servers, message_ids=ids_of(payload)) == []


async def test_missing_signature_is_unauthorized_and_nothing_is_published(gateway, infrastructure):
    payload = inbound(new_citizen(), meta.text_message(wa_id="919800000001", body="unsigned"))
    response = await gateway.post(WEBHOOK, content=meta.encode_like_meta(payload),
                                  headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    assert await in_kafka(infrastructure.kafka_bootstrap_servers, message_ids=ids_of(payload)) == []


async def test_malformed_json_is_a_bad_request(gateway):
    body = b'{"object":"whatsapp_business_account","entry":[{'
    response = await gateway.post(WEBHOOK, content=body, headers={"X-Hub-Signature-256": meta.sign(body, APP_SECRET)})
    assert response.status_code == 400


async def test_signed_json_of_another_shape_is_acknowledged_without_publishing(gateway, infrastructure):
    # Meta would resend a refused notification for 7 days; nothing in it is a citizen's message.
    payload = {"object": "page", "entry": [{"id": "1", "changes": [{"field": "feed", "value": {"id": "wamid.page"}}]}]}
    response = await post_webhook(gateway, payload)
    assert response.status_code == 200
    assert await in_kafka(infrastructure.kafka_bootstrap_servers, message_ids={"wamid.page"}) == []


async def test_body_over_3_mb_declared_in_content_length_is_refused(gateway):
    body = b"{" + b" " * (3 * MB) + b"}"
    response = await gateway.post(WEBHOOK, content=body, headers={"X-Hub-Signature-256": meta.sign(body, APP_SECRET)})
    assert response.status_code == 413


async def test_chunked_body_over_3_mb_is_refused_before_it_ends(gateway):
    """A 50 MB chunked upload is answered 413 while the client is still sending: nothing buffers 50 MB."""
    host, port = gateway.base_url.host, gateway.base_url.port
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"POST {WEBHOOK} HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n"
                 "Content-Type: application/json\r\nX-Hub-Signature-256: sha256=00\r\n\r\n".encode())
    chunk = b" " * (256 * 1024)
    sent = 0
    response = asyncio.create_task(reader.readline())
    try:
        while sent < 50 * MB and not response.done():
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            await asyncio.wait_for(writer.drain(), timeout=10)
            sent += len(chunk)
            await asyncio.sleep(0)
    except (ConnectionError, TimeoutError):
        pass  # the server stopped reading and closed: the answer is already on its way
    status_line = await asyncio.wait_for(response, timeout=10)
    writer.close()
    assert status_line.startswith(b"HTTP/1.1 413")
    assert sent < 50 * MB


# ------------------------------------------------------------------ accepted webhooks


async def test_batched_webhook_is_in_kafka_keyed_by_citizen_when_answered(gateway, infrastructure):
    asha, ravi = new_citizen(), new_citizen()
    ours = meta.new_wamid(asha)
    payload = inbound(asha, meta.text_message(wa_id=asha, body="नमस्ते / hello"),
                      meta.image_message(wa_id=asha, media_id="1203", mime_type="image/jpeg", sha256="c2hh",
                                         caption="aadhaar"))
    payload["entry"] += inbound(ravi, meta.button_reply_message(wa_id=ravi, button_id="lang:en", title="English",
                                                                context_id=ours))["entry"]
    payload["entry"][1]["changes"] += statuses(
        meta.status_item(wamid=ours, status="delivered", recipient_id=asha, pricing=meta.pricing_for("service")),
        meta.status_item(wamid=ours, status="read", recipient_id=asha),
    )["entry"][0]["changes"]

    response = await post_webhook(gateway, payload)
    assert response.status_code == 200
    # Read right after the 200, up to the end offsets of that moment: acknowledged means already in Kafka.
    records = await in_kafka(infrastructure.kafka_bootstrap_servers, message_ids=ids_of(payload))

    received = sorted((r.key, r.envelope["payload"]["type"], r.envelope["payload"].get("text"))
                      for r in records if r.topic == WA_INBOUND.name)
    assert received == sorted([(asha, "text", "नमस्ते / hello"), (asha, "image", "aadhaar"),
                               (ravi, "interactive", None)])
    reports = sorted((r.key, r.envelope["payload"]["status"]) for r in records if r.topic == WA_STATUS.name)
    assert reports == [(asha, "delivered"), (asha, "read")]
    for record in records:
        envelope = record.envelope
        assert envelope["producer"] == "gateway"
        assert envelope["event_type"] == ("wa.MessageReceived" if record.topic == WA_INBOUND.name
                                          else "wa.MessageStatusChanged")
        assert envelope["payload"]["phone_number_id"] == PHONE_NUMBER_ID
        assert record.key not in envelope["correlation_id"]


async def test_webhook_delivered_twice_carries_the_same_event_ids(gateway, infrastructure):
    citizen = new_citizen()
    payload = inbound(citizen, meta.text_message(wa_id=citizen, body="hi"))
    payload["entry"] += statuses(meta.status_item(wamid=meta.new_wamid(citizen), status="sent",
                                                  recipient_id=citizen))["entry"]

    assert (await post_webhook(gateway, payload)).status_code == 200
    assert (await post_webhook(gateway, payload)).status_code == 200

    records = await in_kafka(infrastructure.kafka_bootstrap_servers, message_ids=ids_of(payload))
    by_message: dict[str, list[dict]] = {}
    for record in records:
        by_message.setdefault(record.message_id, []).append(record.envelope)
    assert sorted(len(copies) for copies in by_message.values()) == [2, 2]
    for first, second in by_message.values():
        assert first == second  # same event_id, same content: the consumers' inboxes drop the second


async def test_messages_of_one_citizen_keep_their_order(gateway, infrastructure):
    citizen = new_citizen()
    messages = [meta.text_message(wa_id=citizen, body=str(n)) for n in range(5)]
    for message in messages:
        assert (await post_webhook(gateway, inbound(citizen, message))).status_code == 200
    records = await in_kafka(infrastructure.kafka_bootstrap_servers, message_ids={m["id"] for m in messages})
    assert [r.envelope["payload"]["text"] for r in records] == ["0", "1", "2", "3", "4"]
    assert {r.key for r in records} == {citizen}


async def test_concurrent_webhooks_are_all_published(gateway, infrastructure):
    payloads = [inbound(c, meta.text_message(wa_id=c, body="hi")) for c in (new_citizen() for _ in range(50))]
    responses = await asyncio.gather(*(post_webhook(gateway, p) for p in payloads))
    assert {r.status_code for r in responses} == {200}
    wanted = set().union(*(ids_of(p) for p in payloads))
    records = await in_kafka(infrastructure.kafka_bootstrap_servers, message_ids=wanted)
    assert sorted(r.message_id for r in records) == sorted(wanted)


async def test_health_and_readiness_answer(gateway):
    assert (await gateway.get("/healthz")).status_code == 200
    ready = await gateway.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert json.loads(ready.content)["checks"] == {"kafka": "ok"}
