"""Payments: fees due, what the payment gateway reported, what was captured."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .envelope import Payload
from .outbound import Language

PaymentMethod = Literal["upi", "card", "netbanking", "wallet", "whatsapp_pay", "unknown"]


class RequestPayment(Payload):
    """A fee is due for an application: create the order and send the citizen the ways to pay."""

    event_type = "payments.RequestPayment"

    application_id: str
    citizen_id: str
    service_id: str
    language: Language
    amount_paise: int = Field(ge=100, description="The gateway refuses less than ₹1.")
    description: str = Field(max_length=255)


class GatewayEventReceived(Payload):
    """A signed payment-gateway webhook, as the gateway service received it (PROTOCOLS.md §5)."""

    event_type = "payments.GatewayEventReceived"

    gateway_event_id: str = Field(description="`x-razorpay-event-id`: the same for a redelivery.")
    event: str = Field(description="e.g. payment.captured, payment.failed, order.paid.")
    order_id: str = Field(description="The gateway's order; events without one are not published.")
    payment_id: str | None = None
    amount_paise: int | None = None
    status: str | None = None
    method: str | None = None
    error_code: str | None = None
    error_reason: str | None = None
    body: str = Field(description="The raw webhook body, for audit and for fields not mapped here.")


class PaymentRequested(Payload):
    """The order exists at the gateway; the citizen has been given a UPI link and a payment link."""

    event_type = "payments.PaymentRequested"

    application_id: str
    citizen_id: str
    language: Language
    order_id: str
    amount_paise: int
    upi_link: str
    payment_link: str


class PaymentCaptured(Payload):
    """Money received, once per order, confirmed with the gateway."""

    event_type = "payments.PaymentCaptured"

    application_id: str
    citizen_id: str
    language: Language
    order_id: str
    payment_id: str
    amount_paise: int
    method: PaymentMethod
    receipt_number: str
    receipt_url: str | None = Field(default=None, description="Signed link to the receipt PDF, to send as a document.")


class PaymentFailed(Payload):
    """An attempt failed; the order stays open and the citizen may try again."""

    event_type = "payments.PaymentFailed"

    application_id: str
    citizen_id: str
    language: Language
    order_id: str
    payment_id: str | None = None
    reason: str | None = None
    method: PaymentMethod | None = Field(default=None, description="How the citizen tried to pay, when known.")
