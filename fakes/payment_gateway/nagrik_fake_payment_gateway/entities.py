"""Orders, payments and payment links as Razorpay shapes them. No I/O.

`as_entity()` renders exactly what the API returns and what webhooks carry, so other teams' tests can
build realistic payloads from these classes (see `webhooks.py`).
"""

from __future__ import annotations

import secrets
import string
import time
from dataclasses import dataclass, field
from typing import Literal

_ID_ALPHABET = string.ascii_letters + string.digits

Method = Literal["upi", "card", "netbanking", "wallet"]
FailureReason = Literal["payment_declined", "payment_timed_out", "payment_cancelled", "insufficient_funds"]

# error_reason -> (error_source, error_description), as Razorpay reports a payment the customer's bank or
# the customer did not complete.
FAILURE_REASONS: dict[str, tuple[str, str]] = {
    "payment_declined": ("bank", "Payment was declined by the bank."),
    "payment_timed_out": ("customer", "Payment was not completed in time by the customer."),
    "payment_cancelled": ("customer", "Payment was cancelled by the customer."),
    "insufficient_funds": ("customer", "Payment failed because of insufficient balance in the customer's account."),
}


def new_id(prefix: str) -> str:
    """Razorpay ids: a type prefix, an underscore and 14 letters or digits (`order_EKwxwAgItmmXdp`)."""
    return f"{prefix}_{''.join(secrets.choice(_ID_ALPHABET) for _ in range(14))}"


def unix_now() -> int:
    return int(time.time())


def notes_json(notes: dict) -> dict | list:
    # Razorpay's PHP backend serialises empty notes as a JSON array, not an object: clients must accept both.
    return dict(notes) if notes else []


def collection(items: list[dict]) -> dict:
    return {"entity": "collection", "count": len(items), "items": items}


@dataclass
class Order:
    id: str
    amount: int
    currency: str
    receipt: str | None
    notes: dict
    created_at: int
    amount_paid: int = 0
    attempts: int = 0
    status: Literal["created", "attempted", "paid"] = "created"

    @property
    def amount_due(self) -> int:
        return self.amount - self.amount_paid

    def record_attempt(self) -> None:
        self.attempts += 1
        if self.status == "created":
            self.status = "attempted"

    def mark_paid(self) -> None:
        self.status = "paid"
        self.amount_paid = self.amount

    def as_entity(self) -> dict:
        return {
            "id": self.id,
            "entity": "order",
            "amount": self.amount,
            "amount_paid": self.amount_paid,
            "amount_due": self.amount_due,
            "currency": self.currency,
            "receipt": self.receipt,
            "offer_id": None,
            "status": self.status,
            "attempts": self.attempts,
            "notes": notes_json(self.notes),
            "created_at": self.created_at,
        }


@dataclass
class Payment:
    id: str
    order_id: str
    amount: int
    currency: str
    method: Method
    created_at: int
    contact: str
    email: str
    vpa: str | None = None
    bank: str | None = None
    wallet: str | None = None
    card_id: str | None = None
    description: str | None = None
    notes: dict = field(default_factory=dict)
    status: Literal["created", "authorized", "captured", "failed", "refunded"] = "created"
    rrn: str | None = None
    fee: int | None = None
    tax: int | None = None
    captured_at: int | None = None
    error_reason: str | None = None

    def authorize(self) -> None:
        self.status = "authorized"
        self.rrn = "".join(secrets.choice(string.digits) for _ in range(12))

    def capture(self, *, fee: int, tax: int, at: int) -> None:
        if self.status == "created":
            self.authorize()
        self.status = "captured"
        self.fee, self.tax, self.captured_at = fee, tax, at

    def fail(self, reason: str) -> None:
        self.status = "failed"
        self.error_reason = reason

    @property
    def is_pending(self) -> bool:
        return self.status in ("created", "authorized")

    def as_entity(self) -> dict:
        error_source, error_description = FAILURE_REASONS.get(self.error_reason or "", (None, None))
        return {
            "id": self.id,
            "entity": "payment",
            "amount": self.amount,
            "currency": self.currency,
            "status": self.status,
            "order_id": self.order_id,
            "invoice_id": None,
            "international": False,
            "method": self.method,
            "amount_refunded": 0,
            "refund_status": None,
            "captured": self.status == "captured",
            "description": self.description,
            "card_id": self.card_id,
            "bank": self.bank,
            "wallet": self.wallet,
            "vpa": self.vpa,
            "email": self.email,
            "contact": self.contact,
            "notes": notes_json(self.notes),
            "fee": self.fee,
            "tax": self.tax,
            "error_code": None if self.error_reason is None else _error_code(error_source),
            "error_description": error_description,
            "error_source": error_source,
            "error_step": None if self.error_reason is None else "payment_authorization",
            "error_reason": self.error_reason,
            "acquirer_data": self._acquirer_data(),
            "created_at": self.created_at,
        }

    def _acquirer_data(self) -> dict:
        data: dict = {"rrn": self.rrn}
        if self.method == "upi":
            data["upi_transaction_id"] = None if self.rrn is None else f"UPI{self.rrn}"
        elif self.method == "netbanking":
            data["bank_transaction_id"] = self.rrn
        elif self.method == "card":
            data["auth_code"] = None if self.rrn is None else self.rrn[-6:]
        return data


def _error_code(source: str | None) -> str:
    return "GATEWAY_ERROR" if source == "bank" else "BAD_REQUEST_ERROR"


@dataclass
class PaymentLink:
    id: str
    amount: int
    currency: str
    description: str | None
    reference_id: str | None
    customer: dict
    notify: dict
    notes: dict
    callback_url: str | None
    callback_method: str | None
    upi_link: bool
    accept_partial: bool
    reminder_enable: bool
    expire_by: int | None
    created_at: int
    short_url: str
    status: Literal["created", "paid", "expired", "cancelled"] = "created"
    order_id: str | None = None
    amount_paid: int = 0
    cancelled_at: int = 0
    expired_at: int = 0
    payments: list[dict] = field(default_factory=list)
    updated_at: int = 0

    def refresh(self, now: int) -> None:
        """Expire an unpaid link once `expire_by` has passed (Razorpay does this on its own clock)."""
        if self.status == "created" and self.expire_by is not None and now >= self.expire_by:
            self.status, self.expired_at, self.updated_at = "expired", self.expire_by, now

    def record_payment(self, payment: Payment, now: int) -> None:
        """Add the payment to the link's `payments`, or bring its entry up to date."""
        entry = next((item for item in self.payments if item["payment_id"] == payment.id), None)
        if entry is None:
            entry = {"amount": payment.amount, "created_at": payment.created_at, "payment_id": payment.id}
            self.payments.append(entry)
        entry.update(method=payment.method, plink_id=self.id, status=payment.status, updated_at=now)
        if payment.status == "captured" and self.status != "paid":
            self.status, self.amount_paid = "paid", payment.amount
        self.updated_at = now

    def as_entity(self) -> dict:
        return {
            "id": self.id,
            "entity": "payment_link",
            "accept_partial": self.accept_partial,
            "amount": self.amount,
            "amount_paid": self.amount_paid,
            "callback_method": self.callback_method or "",
            "callback_url": self.callback_url or "",
            "cancelled_at": self.cancelled_at,
            "created_at": self.created_at,
            "currency": self.currency,
            "customer": dict(self.customer),
            "description": self.description or "",
            "expire_by": self.expire_by or 0,
            "expired_at": self.expired_at,
            "first_min_partial_amount": 0,
            "notes": notes_json(self.notes),
            "notify": dict(self.notify),
            "order_id": self.order_id,
            "payments": [dict(item) for item in self.payments] or None,
            "reference_id": self.reference_id or "",
            "reminder_enable": self.reminder_enable,
            "reminders": [],
            "short_url": self.short_url,
            "status": self.status,
            "updated_at": self.updated_at or self.created_at,
            "upi_link": self.upi_link,
            "user_id": "",
        }
