"""What a WhatsApp webhook means (PROTOCOLS.md §1): its signature, its events and their ids. No I/O.

Event ids are derived from Meta's ids, so a webhook that Meta retries, or delivers twice through
two subscribed apps, yields byte-identical envelopes and the consumers' inboxes drop the copy.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any, get_args
from uuid import UUID, uuid5

from pydantic import ValidationError

from nagrik_contracts import Envelope, Topic
from nagrik_contracts.identifiers import redact_aadhaar_numbers
from nagrik_contracts.topics import WA_INBOUND, WA_STATUS
from nagrik_contracts.whatsapp import (
    DeliveryStatus,
    Location,
    Media,
    MessageReceived,
    MessageStatusChanged,
    MessageType,
    MetaError,
    Reply,
)

log = logging.getLogger(__name__)

WhatsAppEvent = MessageReceived | MessageStatusChanged

# Never change these: published event ids derive from them, and consumers dedupe on event ids.
MESSAGE_NAMESPACE = UUID("6f1c7d0e-3b8a-5c52-9a0e-8d2b4f6a1c01")
STATUS_NAMESPACE = UUID("6f1c7d0e-3b8a-5c52-9a0e-8d2b4f6a1c02")

_MEDIA_TYPES = frozenset({"image", "document", "audio", "video", "sticker"})
_KNOWN_TYPES = frozenset(get_args(MessageType))
_DELIVERY_STATUSES = frozenset(get_args(DeliveryStatus))
_SIGNATURE_PREFIX = "sha256="
_PROTOCOL_NAME = re.compile(r"[a-z_]{1,64}")


class SignatureCheck(Enum):
    MISSING = "missing"
    MISMATCH = "mismatch"
    OK = "ok"


def verify_signature(raw: bytes, header: str | None, secret: bytes) -> SignatureCheck:
    """Check `X-Hub-Signature-256` against the raw body bytes, in constant time."""
    if not header:
        return SignatureCheck.MISSING
    expected = (_SIGNATURE_PREFIX + hmac.new(secret, raw, hashlib.sha256).hexdigest()).encode()
    given = header.strip().lower().encode("utf-8", "replace")
    return SignatureCheck.OK if hmac.compare_digest(expected, given) else SignatureCheck.MISMATCH


def verification_challenge(query: Mapping[str, str], verify_token: str) -> str | None:
    """The challenge to echo for Meta's GET handshake, or None to refuse it."""
    token = query.get("hub.verify_token", "")
    challenge = query.get("hub.challenge")
    if query.get("hub.mode") != "subscribe" or not challenge:
        return None
    return challenge if hmac.compare_digest(token.encode(), verify_token.encode()) else None


def message_event_id(message_id: str) -> UUID:
    return uuid5(MESSAGE_NAMESPACE, message_id)


def status_event_id(message_id: str, status: str) -> UUID:
    """Meta reports each status of a message once per app; (wamid, status) identifies the report."""
    return uuid5(STATUS_NAMESPACE, f"{message_id}\n{status}")


def correlation_id_for(citizen_id: str, key: bytes) -> str:
    """One correlation per citizen, without the citizen's number in it.

    The gateway is stateless, so it cannot tell where one journey ends; the citizen is the stable
    thing every later event of their conversation shares. Correlation ids travel to every topic
    (department systems, analytics), so they carry a keyed hash, not the phone number: with the key,
    support staff can still find a citizen's journey from their number.
    """
    return "citizen-" + hmac.new(key, citizen_id.encode(), hashlib.sha256).hexdigest()[:32]


def envelope_for(event: WhatsAppEvent, *, producer: str, pseudonym_key: bytes) -> tuple[Topic, Envelope]:
    """The topic and envelope of an event; the same event always gives the same envelope."""
    if isinstance(event, MessageReceived):
        topic, event_id, occurred_at = WA_INBOUND, message_event_id(event.message_id), event.sent_at
    else:
        topic, event_id = WA_STATUS, status_event_id(event.message_id, event.status)
        occurred_at = event.occurred_at
    envelope = Envelope.wrap(
        event,
        producer=producer,
        correlation_id=correlation_id_for(event.citizen_id, pseudonym_key),
        event_id=event_id,
        occurred_at=occurred_at,
    )
    return topic, envelope


def parse_whatsapp(payload: Any) -> list[WhatsAppEvent]:
    """Every message and status of a (possibly batched) webhook, in the order Meta listed them.

    Items that do not fit §1 are logged and skipped rather than failing the whole webhook: Meta
    resends a refused webhook unchanged for 7 days, so refusing would only delay its good items.
    """
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        log.warning("ignored a webhook that is not about a WhatsApp Business Account",
                    extra={"object": _name(payload.get("object") if isinstance(payload, dict) else None)})
        return []
    events: list[WhatsAppEvent] = []
    for entry in _dicts(payload.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if change.get("field") != "messages" or not isinstance(value, dict):
                log.info("ignored a webhook change", extra={"field": _name(change.get("field"))})
                continue
            events.extend(_events_of(value))
    return events


def _events_of(value: dict) -> Iterator[WhatsAppEvent]:
    metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
    phone_number_id = str(metadata.get("phone_number_id") or "")
    for error in _dicts(value.get("errors")):
        code = error.get("code")
        log.warning("Meta reported an error instead of messages",
                    extra={"code": code if isinstance(code, int) else None})
    profiles = _profile_names(value.get("contacts"))
    for message in _dicts(value.get("messages")):
        event = _parsed(_message, message, phone_number_id, profiles)
        if event is not None:
            yield event
    for status in _dicts(value.get("statuses")):
        if status.get("type") == "payment":
            # WhatsApp Pay statuses (§4) get their own event in a later issue; until then they are not events.
            log.info("skipped a payment status", extra={"message_id": str(status.get("id"))[:200]})
            continue
        event = _parsed(_status, status, phone_number_id)
        if event is not None:
            yield event


def _parsed(parse, item: dict, *args) -> WhatsAppEvent | None:
    try:
        return parse(item, *args)
    except (AttributeError, KeyError, TypeError, ValueError, ValidationError) as error:
        log.warning("skipped a webhook item that does not fit the protocol",
                    extra={"item_id": str(item.get("id"))[:200], "error": type(error).__name__})
        return None


def _message(message: dict, phone_number_id: str, profiles: dict[str, str]) -> MessageReceived:
    # Username-only users (2026) come without a phone number: their business-scoped user id is the sender.
    citizen_id = message.get("from") or message.get("from_user_id") or ""
    raw_type = str(message.get("type") or "")
    body = message.get(raw_type) if isinstance(message.get(raw_type), dict) else {}
    context = message.get("context") if isinstance(message.get("context"), dict) else {}
    fields: dict[str, Any] = {}
    # Citizens type Aadhaar numbers into the chat; only the masked form may be published (DPDP).
    if raw_type == "text":
        fields["text"] = redact_aadhaar_numbers(body["body"])
    elif raw_type in _MEDIA_TYPES:
        fields["media"] = Media(id=body["id"], mime_type=body.get("mime_type") or "", sha256=body.get("sha256"),
                                caption=redact_aadhaar_numbers(body["caption"]) if body.get("caption") else None,
                                filename=body.get("filename"))
        fields["text"] = redact_aadhaar_numbers(body["caption"]) if body.get("caption") else None
    elif raw_type == "interactive":
        kind = body.get("type")
        if kind in ("button_reply", "list_reply"):
            reply = body[kind]
            fields["reply"] = Reply(kind=kind, id=reply["id"], title=reply.get("title") or "",
                                    description=reply.get("description"))
        else:  # e.g. a WhatsApp Flow's nfm_reply: kept, but as something the dialogue does not understand yet
            raw_type = f"interactive.{kind}"
    elif raw_type == "button":
        fields["reply"] = Reply(kind="quick_reply", id=body["payload"], title=body.get("text") or "")
    elif raw_type == "location":
        fields["location"] = Location(latitude=body["latitude"], longitude=body["longitude"],
                                      name=body.get("name"), address=body.get("address"))
    elif raw_type == "reaction":
        fields["text"] = body.get("emoji")
        context = {"id": body.get("message_id")}
    known = raw_type in _KNOWN_TYPES
    return MessageReceived(
        citizen_id=citizen_id,
        message_id=message["id"],
        phone_number_id=phone_number_id,
        sent_at=_utc(message["timestamp"]),
        type=raw_type if known else "unsupported",
        raw_type=None if known else (raw_type or None),
        profile_name=profiles.get(citizen_id),
        context_message_id=context.get("id"),
        errors=_errors(message.get("errors")),
        **fields,
    )


def _status(status: dict, phone_number_id: str) -> MessageStatusChanged | None:
    if status.get("status") not in _DELIVERY_STATUSES:
        log.info("skipped a status outside sent/delivered/read/failed", extra={"status": _name(status.get("status"))})
        return None
    pricing = status.get("pricing") if isinstance(status.get("pricing"), dict) else {}
    return MessageStatusChanged(
        citizen_id=status.get("recipient_id") or status.get("recipient_user_id") or "",
        message_id=status["id"],
        phone_number_id=phone_number_id,
        status=status["status"],
        occurred_at=_utc(status["timestamp"]),
        errors=_errors(status.get("errors")),
        pricing_category=pricing.get("category"),
    )


def _profile_names(contacts: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    for contact in _dicts(contacts):
        name = (contact.get("profile") or {}).get("name") if isinstance(contact.get("profile"), dict) else None
        if name:
            for sender in (contact.get("wa_id"), contact.get("user_id")):
                if sender:
                    names[sender] = name
    return names


def _errors(errors: Any) -> list[MetaError]:
    return [
        MetaError(code=int(error["code"]), title=error.get("title"), message=error.get("message"),
                  details=(error.get("error_data") or {}).get("details"))
        for error in _dicts(errors)
    ]


def _utc(timestamp: str | int) -> datetime:
    """Meta's timestamps are strings of Unix seconds."""
    return datetime.fromtimestamp(int(timestamp), UTC)


def _name(value: Any) -> str:
    """A protocol name (object, field, status) fit for a log line; anything else could be personal data."""
    return value if isinstance(value, str) and _PROTOCOL_NAME.fullmatch(value) else "<other>"


def _dicts(items: Any) -> list[dict]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
