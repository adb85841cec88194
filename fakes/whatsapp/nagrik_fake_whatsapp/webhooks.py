"""Meta-shaped WhatsApp Cloud API webhook payloads (PROTOCOLS.md §1). Pure functions, no I/O.

Used by the fake, by the chat and by other teams' tests, so every builder returns plain dicts exactly
as they appear inside a webhook POST from Meta.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

# Meta's message ids are base64 of a small binary record that starts with 0x1c 0x18 (hence "wamid.HBg")
# and embeds the wa_id; mimicking that keeps ids realistic, including the '+', '/' and '=' characters
# that a careless parser or URL builder trips over.
_WAMID_PREFIX = bytes([0x1C, 0x18])
_WAMID_MIDDLE = bytes([0x15, 0x02, 0x00, 0x12, 0x18, 0x20])


def new_wamid(wa_id: str = "") -> str:
    """A fresh `wamid.…` message id."""
    digits = wa_id.encode()[:255]
    record = _WAMID_PREFIX + bytes([len(digits)]) + digits + _WAMID_MIDDLE
    record += secrets.token_hex(16).upper().encode() + b"\x00"
    return "wamid." + base64.b64encode(record).decode()


def unix_timestamp(at: float | None = None) -> str:
    """Meta sends timestamps as strings of whole Unix seconds."""
    return str(int(time.time() if at is None else at))


# ---------------------------------------------------------------- envelopes


def _envelope(*, phone_number_id: str, display_phone_number: str, waba_id: str, value: dict) -> dict:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": waba_id,
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": display_phone_number,
                                "phone_number_id": phone_number_id,
                            },
                            **value,
                        },
                        "field": "messages",
                    }
                ],
            }
        ],
    }


def message_webhook(
    *,
    phone_number_id: str,
    display_phone_number: str,
    waba_id: str,
    wa_id: str,
    profile_name: str,
    messages: list[dict],
) -> dict:
    """The webhook Meta POSTs when a citizen sends one or more messages."""
    return _envelope(
        phone_number_id=phone_number_id,
        display_phone_number=display_phone_number,
        waba_id=waba_id,
        value={
            "contacts": [{"profile": {"name": profile_name}, "wa_id": wa_id}],
            "messages": messages,
        },
    )


def status_webhook(
    *, phone_number_id: str, display_phone_number: str, waba_id: str, statuses: list[dict]
) -> dict:
    """The webhook Meta POSTs when an outbound message changes status (no `contacts` in these)."""
    return _envelope(
        phone_number_id=phone_number_id,
        display_phone_number=display_phone_number,
        waba_id=waba_id,
        value={"statuses": statuses},
    )


# ---------------------------------------------------------------- inbound messages


def _message(
    wa_id: str,
    message_type: str,
    content: dict | None,
    *,
    message_id: str | None,
    timestamp: str | None,
    context_id: str | None = None,
    context_from: str | None = None,
) -> dict:
    message: dict[str, Any] = {"from": wa_id, "id": message_id or new_wamid(wa_id)}
    message["timestamp"] = timestamp or unix_timestamp()
    if context_id is not None:
        message["context"] = {"from": context_from, "id": context_id} if context_from else {"id": context_id}
    message["type"] = message_type
    if content is not None:
        message[message_type] = content
    return message


def complete_inbound_message(
    partial: dict, *, wa_id: str, message_id: str | None = None, timestamp: str | None = None
) -> dict:
    """Turn `{"type": "text", "text": {...}}` into a full `messages[]` item (adds from, id, timestamp)."""
    message = {"from": wa_id, "id": message_id or new_wamid(wa_id), "timestamp": timestamp or unix_timestamp()}
    message.update({key: value for key, value in partial.items() if key not in message})
    return message


def text_message(*, wa_id: str, body: str, message_id: str | None = None, timestamp: str | None = None) -> dict:
    return _message(wa_id, "text", {"body": body}, message_id=message_id, timestamp=timestamp)


def _media(media_id: str, mime_type: str, sha256: str, **optional: Any) -> dict:
    content = {"mime_type": mime_type, "sha256": sha256, "id": media_id}
    content.update({key: value for key, value in optional.items() if value is not None})
    return content


def image_message(
    *, wa_id: str, media_id: str, mime_type: str, sha256: str, caption: str | None = None,
    message_id: str | None = None, timestamp: str | None = None,
) -> dict:
    content = _media(media_id, mime_type, sha256, caption=caption)
    return _message(wa_id, "image", content, message_id=message_id, timestamp=timestamp)


def document_message(
    *, wa_id: str, media_id: str, mime_type: str, sha256: str, filename: str, caption: str | None = None,
    message_id: str | None = None, timestamp: str | None = None,
) -> dict:
    content = _media(media_id, mime_type, sha256, filename=filename, caption=caption)
    return _message(wa_id, "document", content, message_id=message_id, timestamp=timestamp)


def audio_message(
    *, wa_id: str, media_id: str, sha256: str, mime_type: str = "audio/ogg; codecs=opus", voice: bool = True,
    message_id: str | None = None, timestamp: str | None = None,
) -> dict:
    content = _media(media_id, mime_type, sha256, voice=voice)
    return _message(wa_id, "audio", content, message_id=message_id, timestamp=timestamp)


def video_message(
    *, wa_id: str, media_id: str, sha256: str, mime_type: str = "video/mp4", caption: str | None = None,
    message_id: str | None = None, timestamp: str | None = None,
) -> dict:
    content = _media(media_id, mime_type, sha256, caption=caption)
    return _message(wa_id, "video", content, message_id=message_id, timestamp=timestamp)


def sticker_message(
    *, wa_id: str, media_id: str, sha256: str, animated: bool = False,
    message_id: str | None = None, timestamp: str | None = None,
) -> dict:
    content = _media(media_id, "image/webp", sha256, animated=animated)
    return _message(wa_id, "sticker", content, message_id=message_id, timestamp=timestamp)


def button_reply_message(
    *, wa_id: str, button_id: str, title: str, context_id: str, context_from: str | None = None,
    message_id: str | None = None, timestamp: str | None = None,
) -> dict:
    """A tap on a reply button of an interactive `button` message."""
    content = {"type": "button_reply", "button_reply": {"id": button_id, "title": title}}
    return _message(
        wa_id, "interactive", content, message_id=message_id, timestamp=timestamp,
        context_id=context_id, context_from=context_from,
    )


def list_reply_message(
    *, wa_id: str, row_id: str, title: str, description: str | None = None, context_id: str,
    context_from: str | None = None, message_id: str | None = None, timestamp: str | None = None,
) -> dict:
    """A choice from an interactive `list` message."""
    reply = {"id": row_id, "title": title}
    if description is not None:
        reply["description"] = description
    content = {"type": "list_reply", "list_reply": reply}
    return _message(
        wa_id, "interactive", content, message_id=message_id, timestamp=timestamp,
        context_id=context_id, context_from=context_from,
    )


def template_button_message(
    *, wa_id: str, payload: str, text: str, context_id: str, context_from: str | None = None,
    message_id: str | None = None, timestamp: str | None = None,
) -> dict:
    """A tap on a quick-reply button of a template message (type `button`, not `interactive`)."""
    return _message(
        wa_id, "button", {"payload": payload, "text": text}, message_id=message_id, timestamp=timestamp,
        context_id=context_id, context_from=context_from,
    )


def location_message(
    *, wa_id: str, latitude: float, longitude: float, name: str | None = None, address: str | None = None,
    message_id: str | None = None, timestamp: str | None = None,
) -> dict:
    content: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    if name is not None:
        content["name"] = name
    if address is not None:
        content["address"] = address
    return _message(wa_id, "location", content, message_id=message_id, timestamp=timestamp)


def unsupported_message(*, wa_id: str, message_id: str | None = None, timestamp: str | None = None) -> dict:
    """What Meta sends for types the Cloud API cannot carry (polls, view-once media, ...)."""
    message = _message(wa_id, "unsupported", None, message_id=message_id, timestamp=timestamp)
    message["errors"] = unsupported_message_errors()
    return message


def unsupported_message_errors() -> list[dict]:
    return [
        {
            "code": 131051,
            "title": "Message type unknown",
            "message": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."},
        }
    ]


# ---------------------------------------------------------------- statuses


def status_error(*, code: int, title: str, details: str) -> dict:
    """One item of `statuses[].errors` (only ever present on `failed`)."""
    return {
        "code": code,
        "title": title,
        "message": title,
        "error_data": {"details": details},
        "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
    }


def pricing_for(category: str) -> dict:
    """Per-message pricing object; replies inside the customer-service window are free."""
    if category == "service":
        return {"billable": False, "pricing_model": "PMP", "category": "service", "type": "free_customer_service"}
    return {"billable": True, "pricing_model": "PMP", "category": category, "type": "regular"}


def conversation_for(*, conversation_id: str, category: str, expiration_timestamp: str | None = None) -> dict:
    """Meta only sends `expiration_timestamp` with the first (`sent`) status of a conversation."""
    conversation: dict[str, Any] = {"id": conversation_id}
    if expiration_timestamp is not None:
        conversation["expiration_timestamp"] = expiration_timestamp
    conversation["origin"] = {"type": category}
    return conversation


def status_item(
    *,
    wamid: str,
    status: str,
    recipient_id: str,
    timestamp: str | None = None,
    conversation: dict | None = None,
    pricing: dict | None = None,
    errors: list[dict] | None = None,
) -> dict:
    item: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": timestamp or unix_timestamp(),
        "recipient_id": recipient_id,
    }
    if conversation is not None:
        item["conversation"] = conversation
    if pricing is not None:
        item["pricing"] = pricing
    if errors:
        item["errors"] = errors
    return item


# ---------------------------------------------------------------- bytes on the wire


def encode_like_meta(payload: dict) -> bytes:
    """Serialise the way Meta does: compact, ASCII-only (lowercase `\\u0939`), and `/` as `\\/`.

    Receivers must verify signatures on these exact bytes; producing them faithfully is what catches
    a gateway that re-serialises JSON before checking the HMAC.
    """
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    # A '/' can only occur inside JSON strings, so a textual replace escapes exactly those.
    return text.replace("/", "\\/").encode("ascii")


def sign(body: bytes, app_secret: str) -> str:
    """The `X-Hub-Signature-256` header value for `body`."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def sign_sha1(body: bytes, app_secret: str) -> str:
    """The legacy `X-Hub-Signature` header Meta still sends next to the SHA-256 one."""
    return "sha1=" + hmac.new(app_secret.encode(), body, hashlib.sha1).hexdigest()
