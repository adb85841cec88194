"""What the gateway makes of Meta's webhooks, without HTTP or Kafka."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from nagrik_contracts.topics import WA_INBOUND, WA_STATUS
from nagrik_contracts.whatsapp import MessageReceived, MessageStatusChanged
from nagrik_fake_whatsapp import webhooks as meta
from nagrik_gateway.domain import (
    SignatureCheck,
    correlation_id_for,
    envelope_for,
    parse_whatsapp,
    verification_challenge,
    verify_signature,
)

CITIZEN = "919812345678"
NUMBER = "106540352242922"
SECRET = "app-secret"
KEY = b"pseudonym-key"
AT = "1767225600"  # 2026-01-01T00:00:00Z
CONTEXT = "wamid.HBgMOTE5ODEyMzQ1Njc4FQIAERgSQUFBQUFBQUFBQUFBQUFBAA=="


def messages_webhook(*messages: dict, wa_id: str = CITIZEN, number: str = NUMBER) -> dict:
    return meta.message_webhook(phone_number_id=number, display_phone_number="911140000000", waba_id="1",
                                wa_id=wa_id, profile_name="Asha", messages=list(messages))


def statuses_webhook(*statuses: dict, number: str = NUMBER) -> dict:
    return meta.status_webhook(phone_number_id=number, display_phone_number="911140000000", waba_id="1",
                               statuses=list(statuses))


def only(payload: dict) -> MessageReceived | MessageStatusChanged:
    events = parse_whatsapp(payload)
    assert len(events) == 1, events
    return events[0]


# ------------------------------------------------------------------ message types


def test_text_message_becomes_message_received():
    message = only(messages_webhook(meta.text_message(wa_id=CITIZEN, body="नमस्ते / hi", timestamp=AT)))
    assert isinstance(message, MessageReceived)
    assert (message.type, message.text, message.citizen_id) == ("text", "नमस्ते / hi", CITIZEN)
    assert message.phone_number_id == NUMBER and message.profile_name == "Asha"
    assert message.sent_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert message.raw_type is None and message.errors == []


def test_image_keeps_media_and_caption():
    message = only(messages_webhook(meta.image_message(wa_id=CITIZEN, media_id="m1", mime_type="image/jpeg",
                                                       sha256="c2hh", caption="my aadhaar")))
    assert message.type == "image" and message.text == "my aadhaar"
    assert message.media.model_dump(exclude_none=True) == {"id": "m1", "mime_type": "image/jpeg", "sha256": "c2hh",
                                                           "caption": "my aadhaar"}


def test_document_keeps_its_filename():
    message = only(messages_webhook(meta.document_message(wa_id=CITIZEN, media_id="d1", mime_type="application/pdf",
                                                          sha256="c2hh", filename="ration.pdf")))
    assert message.type == "document" and message.media.filename == "ration.pdf" and message.text is None


@pytest.mark.parametrize("build, kind, mime_type", [
    (lambda: meta.audio_message(wa_id=CITIZEN, media_id="m7", sha256="c2hh"), "audio", "audio/ogg; codecs=opus"),
    (lambda: meta.video_message(wa_id=CITIZEN, media_id="m7", sha256="c2hh"), "video", "video/mp4"),
    (lambda: meta.sticker_message(wa_id=CITIZEN, media_id="m7", sha256="c2hh"), "sticker", "image/webp"),
])
def test_audio_video_and_sticker_are_media(build, kind, mime_type):
    message = only(messages_webhook(build()))
    assert (message.type, message.media.id, message.media.mime_type) == (kind, "m7", mime_type)


def test_shared_contact_cards_are_announced_but_not_copied():
    card = {"name": {"formatted_name": "Ravi"}, "phones": [{"phone": "+91 98000 00002", "wa_id": "919800000002"}]}
    message = only(messages_webhook(meta.complete_inbound_message({"type": "contacts", "contacts": [card]},
                                                                  wa_id=CITIZEN)))
    assert message.type == "contacts" and message.text is None
    assert "919800000002" not in message.model_dump_json()  # a third person's number is not ours to publish


def test_button_reply_is_a_reply_to_our_message():
    message = only(messages_webhook(meta.button_reply_message(wa_id=CITIZEN, button_id="lang:hi", title="हिन्दी",
                                                              context_id=CONTEXT)))
    assert message.type == "interactive" and message.context_message_id == CONTEXT
    assert message.reply.model_dump(exclude_none=True) == {"kind": "button_reply", "id": "lang:hi", "title": "हिन्दी"}


def test_list_reply_keeps_the_row_description():
    message = only(messages_webhook(meta.list_reply_message(wa_id=CITIZEN, row_id="svc:birth", title="Birth",
                                                            description="Certificate", context_id=CONTEXT)))
    reply = message.reply
    assert (reply.kind, reply.id, reply.description) == ("list_reply", "svc:birth", "Certificate")


def test_template_quick_reply_is_a_reply_with_its_payload():
    message = only(messages_webhook(meta.template_button_message(wa_id=CITIZEN, payload="renew", text="Renew now",
                                                                 context_id=CONTEXT)))
    assert message.type == "button" and message.context_message_id == CONTEXT
    assert (message.reply.kind, message.reply.id, message.reply.title) == ("quick_reply", "renew", "Renew now")


def test_location_keeps_coordinates_and_place():
    message = only(messages_webhook(meta.location_message(wa_id=CITIZEN, latitude=28.61, longitude=77.2,
                                                          name="Office", address="Janpath")))
    assert message.location.model_dump() == {"latitude": 28.61, "longitude": 77.2, "name": "Office",
                                             "address": "Janpath"}


def test_reaction_names_the_message_it_reacts_to():
    reaction = meta.complete_inbound_message({"type": "reaction", "reaction": {"message_id": CONTEXT, "emoji": "👍"}},
                                             wa_id=CITIZEN)
    message = only(messages_webhook(reaction))
    assert (message.type, message.text, message.context_message_id) == ("reaction", "👍", CONTEXT)


def test_unsupported_message_is_published_with_its_errors():
    message = only(messages_webhook(meta.unsupported_message(wa_id=CITIZEN)))
    assert message.type == "unsupported" and message.raw_type is None
    assert [(e.code, e.details) for e in message.errors] == [(131051, "Message type is currently not supported.")]


@pytest.mark.parametrize("partial, raw_type", [
    ({"type": "poll", "poll": {"question": "?"}}, "poll"),
    ({"type": "interactive", "interactive": {"type": "nfm_reply", "nfm_reply": {"response_json": "{}"}}},
     "interactive.nfm_reply"),
])
def test_types_we_do_not_know_yet_are_unsupported_but_kept(partial, raw_type):
    message = only(messages_webhook(meta.complete_inbound_message(partial, wa_id=CITIZEN)))
    assert (message.type, message.raw_type) == ("unsupported", raw_type)


def test_username_only_sender_is_identified_by_from_user_id():
    message = meta.text_message(wa_id="", body="hi")
    message["from_user_id"] = "IN.1648738043044942"
    payload = messages_webhook(message, wa_id="")
    payload["entry"][0]["changes"][0]["value"]["contacts"][0]["user_id"] = "IN.1648738043044942"
    event = only(payload)
    assert event.citizen_id == "IN.1648738043044942" and event.profile_name == "Asha"


# ------------------------------------------------------------------ statuses


def test_delivery_statuses_become_status_changes():
    wamid = meta.new_wamid(CITIZEN)
    payload = statuses_webhook(*(meta.status_item(wamid=wamid, status=s, recipient_id=CITIZEN, timestamp=AT,
                                                  pricing=meta.pricing_for("service"))
                                 for s in ("sent", "delivered", "read")))
    events = parse_whatsapp(payload)
    assert [(type(e), e.status, e.message_id, e.citizen_id) for e in events] == [
        (MessageStatusChanged, s, wamid, CITIZEN) for s in ("sent", "delivered", "read")]
    assert events[0].occurred_at == datetime(2026, 1, 1, tzinfo=UTC) and events[0].pricing_category == "service"


def test_failed_status_carries_metas_errors():
    error = meta.status_error(code=131026, title="Message undeliverable", details="Recipient not on WhatsApp")
    event = only(statuses_webhook(meta.status_item(wamid=meta.new_wamid(), status="failed", recipient_id=CITIZEN,
                                                   errors=[error])))
    assert event.status == "failed"
    assert [e.model_dump() for e in event.errors] == [{"code": 131026, "title": "Message undeliverable",
                                                       "message": "Message undeliverable",
                                                       "details": "Recipient not on WhatsApp"}]


def test_payment_statuses_and_unknown_statuses_are_skipped():
    payment = meta.status_item(wamid=meta.new_wamid(), status="captured", recipient_id=CITIZEN)
    payment |= {"type": "payment", "payment": {"reference_id": "ref-1"}}
    unknown = meta.status_item(wamid=meta.new_wamid(), status="deleted", recipient_id=CITIZEN)
    kept = meta.status_item(wamid=meta.new_wamid(), status="read", recipient_id=CITIZEN)
    assert [e.message_id for e in parse_whatsapp(statuses_webhook(payment, unknown, kept))] == [kept["id"]]


def test_status_to_a_username_only_citizen_uses_recipient_user_id():
    status = meta.status_item(wamid=meta.new_wamid(), status="sent", recipient_id="")
    status["recipient_user_id"] = "IN.1648738043044942"
    assert only(statuses_webhook(status)).citizen_id == "IN.1648738043044942"


# ------------------------------------------------------------------ batches and shapes


def test_batch_yields_every_message_and_status_of_every_entry_and_change_in_order():
    first = messages_webhook(meta.text_message(wa_id=CITIZEN, body="one"), meta.text_message(wa_id=CITIZEN, body="two"))
    other = messages_webhook(meta.text_message(wa_id="919800000002", body="three"), wa_id="919800000002",
                             number="222")
    statuses = statuses_webhook(meta.status_item(wamid=meta.new_wamid(), status="read", recipient_id=CITIZEN))
    batch = first
    batch["entry"][0]["changes"].append(statuses["entry"][0]["changes"][0])
    batch["entry"] += other["entry"]
    events = parse_whatsapp(batch)
    assert [(getattr(e, "text", None) or e.status, e.citizen_id, e.phone_number_id) for e in events] == [
        ("one", CITIZEN, NUMBER), ("two", CITIZEN, NUMBER), ("read", CITIZEN, NUMBER),
        ("three", "919800000002", "222")]
    assert events[3].profile_name == "Asha"


def test_an_item_that_does_not_fit_is_skipped_and_the_rest_kept():
    broken = meta.text_message(wa_id=CITIZEN, body="x")
    del broken["timestamp"]
    good = meta.text_message(wa_id=CITIZEN, body="fine")
    assert [e.text for e in parse_whatsapp(messages_webhook(broken, good))] == ["fine"]


@pytest.mark.parametrize("payload", [
    {"object": "page", "entry": [{"id": "1", "changes": []}]},
    {"entry": "nonsense"},
    [],
    {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "account_update", "value": {}}]}]},
    {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"phone_number_id": NUMBER},
        "errors": [{"code": 131000, "title": "Something went wrong"}]}}]}]},
])
def test_notifications_without_citizen_messages_yield_no_events(payload):
    assert parse_whatsapp(payload) == []


def test_what_the_parser_logs_never_holds_the_citizens_number(caplog):
    broken = meta.text_message(wa_id=CITIZEN, body="x")
    del broken["timestamp"]
    payment = meta.status_item(wamid=meta.new_wamid(CITIZEN), status="captured", recipient_id=CITIZEN) | {
        "type": "payment"}
    odd = meta.status_item(wamid=meta.new_wamid(CITIZEN), status="deleted", recipient_id=CITIZEN)
    payload = messages_webhook(broken)
    payload["entry"] += statuses_webhook(payment, odd)["entry"]
    payload["entry"][0]["changes"].append({"field": "account_update", "value": {"phone_number": CITIZEN}})
    with caplog.at_level("DEBUG", logger="nagrik_gateway"):
        assert parse_whatsapp(payload) == []
        parse_whatsapp({"object": CITIZEN})
    assert len(caplog.records) >= 5
    for record in caplog.records:
        assert CITIZEN[-10:] not in json.dumps(record.__dict__, default=str)


# ------------------------------------------------------------------ ids and envelopes


def test_the_same_webhook_twice_gives_identical_envelopes():
    payload = messages_webhook(meta.text_message(wa_id=CITIZEN, body="hi"))
    payload["entry"][0]["changes"].append(statuses_webhook(
        meta.status_item(wamid=meta.new_wamid(), status="delivered", recipient_id=CITIZEN))["entry"][0]["changes"][0])
    again = json.loads(json.dumps(payload))
    first = [envelope_for(e, producer="gateway", pseudonym_key=KEY) for e in parse_whatsapp(payload)]
    second = [envelope_for(e, producer="gateway", pseudonym_key=KEY) for e in parse_whatsapp(again)]
    assert [(t, e.model_dump_json()) for t, e in first] == [(t, e.model_dump_json()) for t, e in second]
    assert [t for t, _ in first] == [WA_INBOUND, WA_STATUS]
    assert first[0][1].occurred_at == parse_whatsapp(payload)[0].sent_at


def test_each_status_of_a_message_has_its_own_event_id():
    wamid = meta.new_wamid(CITIZEN)
    events = parse_whatsapp(statuses_webhook(*(meta.status_item(wamid=wamid, status=s, recipient_id=CITIZEN)
                                               for s in ("sent", "delivered", "read", "failed"))))
    ids = {envelope_for(e, producer="gateway", pseudonym_key=KEY)[1].event_id for e in events}
    inbound = only(messages_webhook(meta.text_message(wa_id=CITIZEN, body="x", message_id=wamid)))
    assert len(ids) == 4
    assert envelope_for(inbound, producer="gateway", pseudonym_key=KEY)[1].event_id not in ids


def test_correlation_id_is_stable_per_citizen_and_hides_the_number():
    first = correlation_id_for(CITIZEN, KEY)
    assert first == correlation_id_for(CITIZEN, KEY) != correlation_id_for("919800000002", KEY)
    assert CITIZEN not in first and CITIZEN[-10:] not in first
    assert correlation_id_for(CITIZEN, b"another-key") != first


# ------------------------------------------------------------------ signature and verification


def test_signature_of_metas_exact_bytes_is_accepted():
    body = meta.encode_like_meta(messages_webhook(meta.text_message(wa_id=CITIZEN, body="नमस्ते https://x.in/a")))
    assert b"\\u0928" in body and b"\\/" in body
    assert verify_signature(body, meta.sign(body, SECRET), SECRET.encode()) is SignatureCheck.OK


def test_signature_over_reserialised_json_does_not_match_metas_bytes():
    payload = messages_webhook(meta.text_message(wa_id=CITIZEN, body="नमस्ते https://x.in/a"))
    body = meta.encode_like_meta(payload)
    reserialised = json.dumps(json.loads(body), ensure_ascii=False).encode()
    assert verify_signature(reserialised, meta.sign(body, SECRET), SECRET.encode()) is SignatureCheck.MISMATCH


@pytest.mark.parametrize("header, expected", [
    (None, SignatureCheck.MISSING),
    ("", SignatureCheck.MISSING),
    ("sha256=" + "0" * 64, SignatureCheck.MISMATCH),
    ("sha256=zz", SignatureCheck.MISMATCH),
    ("sha1=abc", SignatureCheck.MISMATCH),
    ("sha256=नमस्ते", SignatureCheck.MISMATCH),
])
def test_missing_and_wrong_signatures_are_told_apart(header, expected):
    assert verify_signature(b"{}", header, SECRET.encode()) is expected


def test_signature_with_another_secret_or_another_body_mismatches():
    body = b'{"object":"whatsapp_business_account"}'
    assert verify_signature(body, meta.sign(body, "other"), SECRET.encode()) is SignatureCheck.MISMATCH
    assert verify_signature(body + b" ", meta.sign(body, SECRET), SECRET.encode()) is SignatureCheck.MISMATCH


@pytest.mark.parametrize("query, expected", [
    ({"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1158201444"}, "1158201444"),
    ({"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"}, None),
    ({"hub.mode": "unsubscribe", "hub.verify_token": "tok", "hub.challenge": "1"}, None),
    ({"hub.mode": "subscribe", "hub.challenge": "1"}, None),
    ({"hub.mode": "subscribe", "hub.verify_token": "tok"}, None),
])
def test_verification_echoes_the_challenge_only_for_our_token(query, expected):
    assert verification_challenge(query, "tok") == expected


def test_an_aadhaar_number_typed_by_a_citizen_is_published_only_masked():
    from nagrik_contracts.identifiers import verhoeff_check_digit
    from nagrik_fake_whatsapp.webhooks import message_webhook, text_message

    aadhaar = "23456789012" + verhoeff_check_digit("23456789012")
    payload = message_webhook(phone_number_id="1", display_phone_number="2", waba_id="3", wa_id="919812345678",
                              profile_name="Asha", messages=[text_message(wa_id="919812345678", body=aadhaar)])
    [event] = parse_whatsapp(payload)
    assert event.text == f"XXXX XXXX {aadhaar[-4:]}"
    assert aadhaar not in envelope_for(event, producer="gateway", pseudonym_key=KEY)[1].model_dump_json()
