import hashlib
import hmac
import json
import re

from nagrik_fake_whatsapp import webhooks

WA_ID = "919812345678"


def _envelope_value(payload: dict) -> dict:
    (entry,) = payload["entry"]
    (change,) = entry["changes"]
    assert change["field"] == "messages"
    return change["value"]


def test_signature_verifies_on_the_exact_bytes_and_fails_when_tampered():
    body = webhooks.encode_like_meta({"text": {"body": "नमस्ते"}})
    signature = webhooks.sign(body, "secret")

    assert re.fullmatch(r"sha256=[0-9a-f]{64}", signature)
    expected = hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature, "sha256=" + expected)
    tampered = body.replace(b"\\u0928", b"\\u0929")
    assert webhooks.sign(tampered, "secret") != signature
    assert webhooks.sign(body, "other-secret") != signature


def test_signature_differs_from_one_over_reserialised_json():
    body = webhooks.encode_like_meta({"text": {"body": "नमस्ते / hi"}})
    reserialised = json.dumps(json.loads(body), ensure_ascii=False).encode()

    assert webhooks.sign(reserialised, "secret") != webhooks.sign(body, "secret")


def test_encoding_escapes_devanagari_in_lowercase_hex_and_slashes():
    body = webhooks.encode_like_meta({"name": "ह", "url": "https://x/y", "n": 1})

    assert body == b'{"name":"\\u0939","url":"https:\\/\\/x\\/y","n":1}'
    assert body.isascii()
    assert json.loads(body) == {"name": "ह", "url": "https://x/y", "n": 1}


def test_message_webhook_has_metas_envelope():
    message = webhooks.text_message(wa_id=WA_ID, body="Hi")
    payload = webhooks.message_webhook(
        phone_number_id="100", display_phone_number="911100000000", waba_id="200", wa_id=WA_ID,
        profile_name="Asha", messages=[message],
    )

    assert payload["object"] == "whatsapp_business_account"
    assert payload["entry"][0]["id"] == "200"
    value = _envelope_value(payload)
    assert value["messaging_product"] == "whatsapp"
    assert value["metadata"] == {"display_phone_number": "911100000000", "phone_number_id": "100"}
    assert value["contacts"] == [{"profile": {"name": "Asha"}, "wa_id": WA_ID}]
    assert value["messages"] == [message]


def test_status_webhook_carries_statuses_and_no_contacts():
    status = webhooks.status_item(wamid="wamid.X", status="read", recipient_id=WA_ID)
    value = _envelope_value(
        webhooks.status_webhook(phone_number_id="1", display_phone_number="2", waba_id="3", statuses=[status])
    )

    assert value["statuses"] == [status]
    assert "contacts" not in value
    assert isinstance(status["timestamp"], str) and status["timestamp"].isdigit()


def test_text_message_has_wamid_and_string_timestamp():
    message = webhooks.text_message(wa_id=WA_ID, body="Hi")

    assert message["from"] == WA_ID
    assert message["id"].startswith("wamid.HBg")
    assert isinstance(message["timestamp"], str) and message["timestamp"].isdigit()
    assert message["type"] == "text" and message["text"] == {"body": "Hi"}


def test_wamids_are_unique():
    assert len({webhooks.new_wamid(WA_ID) for _ in range(200)}) == 200


def test_media_message_builders():
    image = webhooks.image_message(wa_id=WA_ID, media_id="1", mime_type="image/jpeg", sha256="abc=", caption="c")
    document = webhooks.document_message(
        wa_id=WA_ID, media_id="2", mime_type="application/pdf", sha256="def=", filename="a.pdf"
    )
    audio = webhooks.audio_message(wa_id=WA_ID, media_id="3", sha256="ghi=")
    video = webhooks.video_message(wa_id=WA_ID, media_id="4", sha256="jkl=")
    sticker = webhooks.sticker_message(wa_id=WA_ID, media_id="5", sha256="mno=")

    assert image["image"] == {"mime_type": "image/jpeg", "sha256": "abc=", "id": "1", "caption": "c"}
    assert document["document"]["filename"] == "a.pdf" and "caption" not in document["document"]
    assert audio["audio"]["voice"] is True and audio["type"] == "audio"
    assert video["video"]["mime_type"] == "video/mp4"
    assert sticker["sticker"]["mime_type"] == "image/webp"


def test_interactive_replies_point_at_the_message_replied_to():
    button = webhooks.button_reply_message(wa_id=WA_ID, button_id="lang_hi", title="हिंदी", context_id="wamid.Q")
    row = webhooks.list_reply_message(
        wa_id=WA_ID, row_id="birth", title="Birth certificate", description="New", context_id="wamid.L",
        context_from="911100000000",
    )
    quick = webhooks.template_button_message(wa_id=WA_ID, payload="continue", text="Continue", context_id="wamid.T")

    assert button["interactive"] == {"type": "button_reply", "button_reply": {"id": "lang_hi", "title": "हिंदी"}}
    assert button["context"] == {"id": "wamid.Q"}
    assert row["interactive"]["list_reply"] == {"id": "birth", "title": "Birth certificate", "description": "New"}
    assert row["context"] == {"from": "911100000000", "id": "wamid.L"}
    assert quick["type"] == "button" and quick["button"] == {"payload": "continue", "text": "Continue"}


def test_location_and_unsupported_messages():
    location = webhooks.location_message(wa_id=WA_ID, latitude=28.61, longitude=77.2, name="India Gate")
    unsupported = webhooks.unsupported_message(wa_id=WA_ID)

    assert location["location"] == {"latitude": 28.61, "longitude": 77.2, "name": "India Gate"}
    assert unsupported["type"] == "unsupported"
    assert unsupported["errors"][0]["code"] == 131051


def test_complete_inbound_message_adds_sender_id_and_timestamp():
    message = webhooks.complete_inbound_message({"type": "text", "text": {"body": "Hi"}}, wa_id=WA_ID)

    assert message["from"] == WA_ID and message["id"].startswith("wamid.") and message["timestamp"].isdigit()
    assert message["text"] == {"body": "Hi"}


def test_pricing_is_free_for_service_replies_and_billable_for_templates():
    assert webhooks.pricing_for("service")["billable"] is False
    assert webhooks.pricing_for("utility") == {
        "billable": True, "pricing_model": "PMP", "category": "utility", "type": "regular",
    }
