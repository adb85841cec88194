"""The payment gateway's webhook (PROTOCOLS.md §5): verify, parse, publish to payments.gateway.v1.

What the webhook means is decided by the pure functions at the top; the route below only does I/O.
Razorpay waits 5 s for an answer and retries for 24 h, so we answer 200 only after Kafka acknowledged,
503 when it did not (Razorpay then retries the same bytes with the same event id).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any
from uuid import UUID, uuid5

from starlette.requests import Request
from starlette.responses import Response

from nagrik_contracts import Envelope, Topic
from nagrik_contracts.payments import GatewayEventReceived
from nagrik_contracts.topics import PAYMENT_GATEWAY
from nagrik_kit.fast_routes import Endpoint

from .domain import SignatureCheck
from .publisher import Publish, PublishFailed
from .settings import Settings
from .webhooks import _answer, read_signed_json

log = logging.getLogger(__name__)

PATH = "/webhooks/payments"
MAX_PAYMENT_WEBHOOK_BYTES = 1024 * 1024
"""Razorpay's events are a few kB; anything near a megabyte is not one of them."""

# Never change this: published event ids derive from it, and the payments service's inbox dedupes on them.
GATEWAY_EVENT_NAMESPACE = UUID("6f1c7d0e-3b8a-5c52-9a0e-8d2b4f6a1c10")


# ------------------------------------------------------------------ pure: signature, parsing, envelope


def verify_razorpay_signature(raw: bytes, header: str | None, secret: bytes) -> SignatureCheck:
    """`X-Razorpay-Signature` = hex HMAC-SHA256(webhook secret, raw body); compared in constant time."""
    if not header:
        return SignatureCheck.MISSING
    expected = hmac.new(secret, raw, hashlib.sha256).hexdigest().encode()
    given = header.strip().lower().encode("utf-8", "replace")
    return SignatureCheck.OK if hmac.compare_digest(expected, given) else SignatureCheck.MISMATCH


def gateway_event_id(razorpay_event_id: str) -> UUID:
    return uuid5(GATEWAY_EVENT_NAMESPACE, razorpay_event_id)


def parse_payment_event(payload: Any, *, raw: bytes, gateway_event_id: str) -> GatewayEventReceived | None:
    """The event a signed webhook carries, or None when it names no order (nothing for us to do)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("event"), str):
        log.warning("ignored a payment webhook that is not an event")
        return None
    entities = payload.get("payload") if isinstance(payload.get("payload"), dict) else {}
    payment = _entity(entities, "payment")
    order = _entity(entities, "order")
    link = _entity(entities, "payment_link")
    order_id = _text(payment.get("order_id")) or _text(order.get("id")) or _text(link.get("order_id"))
    if not order_id:
        log.info("skipped a payment webhook without an order id", extra={"event": payload["event"][:64]})
        return None
    amount = payment.get("amount")
    return GatewayEventReceived(
        gateway_event_id=gateway_event_id,
        event=payload["event"][:64],
        order_id=order_id,
        payment_id=_text(payment.get("id")),
        amount_paise=amount if isinstance(amount, int) and not isinstance(amount, bool) else None,
        status=_text(payment.get("status")),
        method=_text(payment.get("method")),
        error_code=_text(payment.get("error_code")),
        error_reason=_text(payment.get("error_reason")),
        body=raw.decode("utf-8", "replace"),
    )


def payment_envelope(event: GatewayEventReceived, *, producer: str) -> tuple[Topic, Envelope]:
    """The same webhook (same `x-razorpay-event-id`) always gives the same event id."""
    return PAYMENT_GATEWAY, Envelope.wrap(
        event, producer=producer, correlation_id=f"order-{event.order_id}",
        event_id=gateway_event_id(event.gateway_event_id),
    )


def _entity(entities: dict, name: str) -> dict:
    wrapper = entities.get(name)
    entity = wrapper.get("entity") if isinstance(wrapper, dict) else None
    return entity if isinstance(entity, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# ------------------------------------------------------------------ the route


def payment_routes(*, settings: Settings, publish: Publish) -> list[tuple[str, str, Endpoint]]:
    secret = settings.payment_webhook_secret.get_secret_value().encode()
    producer = settings.service_name
    limit = min(settings.max_body_bytes, MAX_PAYMENT_WEBHOOK_BYTES)

    async def receive_payment_event(request: Request) -> Response:
        checked = await read_signed_json(
            request, limit, lambda raw: verify_razorpay_signature(raw, request.headers.get("x-razorpay-signature"),
                                                                  secret))
        if isinstance(checked, Response):
            return checked
        raw, payload = checked
        # Razorpay always sends the header; without it, the body's hash keeps redeliveries identical.
        event_id = request.headers.get("x-razorpay-event-id") or "sha256:" + hashlib.sha256(raw).hexdigest()
        event = parse_payment_event(payload, raw=raw, gateway_event_id=event_id)
        if event is None:
            return _answer(200, "ok")
        try:
            await publish([payment_envelope(event, producer=producer)])
        except PublishFailed:
            return _answer(503, "try again later")
        return _answer(200, "ok")

    return [("POST", PATH, receive_payment_event)]
