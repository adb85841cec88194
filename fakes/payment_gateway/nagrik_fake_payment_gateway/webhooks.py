"""Razorpay-shaped webhook events and their signatures (PROTOCOLS.md §5). Pure functions, no I/O.

Used by the fake and by other teams' tests:

    body = encode(event_body("payment.captured", account_id="acc_…", payment=payment.as_entity()))
    headers = webhook_headers(body, secret="…")   # X-Razorpay-Signature, X-Razorpay-Event-Id
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import string
import time

# Which entities each event carries, in Razorpay's order of `contains`.
EVENT_CONTENTS: dict[str, tuple[str, ...]] = {
    "payment.authorized": ("payment",),
    "payment.captured": ("payment",),
    "payment.failed": ("payment",),
    "order.paid": ("payment", "order"),
    "payment_link.paid": ("payment_link", "order", "payment"),
}


def new_event_id() -> str:
    """The value of `x-razorpay-event-id`: 14 letters or digits, the same on every redelivery."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(14))


def event_body(
    event: str,
    *,
    account_id: str,
    payment: dict | None = None,
    order: dict | None = None,
    payment_link: dict | None = None,
    created_at: int | None = None,
) -> dict:
    """The JSON object Razorpay POSTs; `payment`, `order`, `payment_link` are entities (`as_entity()`)."""
    if event not in EVENT_CONTENTS:
        raise ValueError(f"unknown event {event!r}; known: {sorted(EVENT_CONTENTS)}")
    given = {"payment": payment, "order": order, "payment_link": payment_link}
    contains = EVENT_CONTENTS[event]
    missing = [name for name in contains if given[name] is None]
    if missing:
        raise ValueError(f"{event} carries {list(contains)}; missing {missing}")
    return {
        "entity": "event",
        "account_id": account_id,
        "event": event,
        "contains": list(contains),
        "payload": {name: {"entity": given[name]} for name in contains},
        "created_at": int(time.time()) if created_at is None else created_at,
    }


def encode(body: dict) -> bytes:
    """Compact, ASCII-only JSON with `\\/` for `/`, as PHP's json_encode writes it.

    Razorpay does not document its encoding; escaping like PHP makes any verifier that re-serialises the
    JSON instead of hashing the raw bytes fail at once (non-ASCII notes, URLs, VPAs all change).
    """
    return json.dumps(body, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/").encode("ascii")


def sign(body: bytes, secret: str) -> str:
    """`X-Razorpay-Signature`: lowercase hex HMAC-SHA256 of the raw body with the webhook secret."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str, secret: str) -> bool:
    return hmac.compare_digest(sign(body, secret), signature)


def webhook_headers(body: bytes, *, secret: str, event_id: str | None = None) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Razorpay-Webhook/v1",
        "X-Razorpay-Signature": sign(body, secret),
        "X-Razorpay-Event-Id": event_id or new_event_id(),
    }


def checkout_signature(order_id: str, payment_id: str, key_secret: str) -> str:
    """What Checkout hands the browser: HMAC-SHA256(key_secret, "order_id|payment_id"), hex."""
    return hmac.new(key_secret.encode(), f"{order_id}|{payment_id}".encode(), hashlib.sha256).hexdigest()


def payment_link_signature(
    *, payment_link_id: str, reference_id: str, status: str, payment_id: str, key_secret: str
) -> str:
    """`razorpay_signature` on a payment link's callback: HMAC over "link_id|reference_id|status|payment_id"."""
    message = f"{payment_link_id}|{reference_id}|{status}|{payment_id}"
    return hmac.new(key_secret.encode(), message.encode(), hashlib.sha256).hexdigest()
