"""`/_fake/*`: endpoints for tests and for a person at the terminal (no auth; they do not exist at Razorpay)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from .checkout import Outcome, PayRequest
from .dependencies import CheckoutDep, FakeDep
from .entities import FailureReason, Method
from .faults import Fault, Target

router = APIRouter(prefix="/_fake", tags=["fake controls"])


class PayBody(BaseModel):
    order_id: str | None = Field(None, description="Pay this order (give this or payment_link_id)")
    payment_link_id: str | None = Field(None, description="Pay this payment link")
    method: Method = "upi"
    outcome: Outcome = Field(
        "captured",
        description=(
            "captured | failed | failed_then_captured (a UPI retry: payment.failed, then payment.captured + "
            "order.paid) | pending (no webhook; resolve later with /_fake/settle)"
        ),
    )
    vpa: str | None = Field(None, description="Payer VPA; default success@razorpay / failure@razorpay")
    contact: str | None = None
    email: str | None = None
    error_reason: FailureReason = "payment_declined"
    pending_status: Literal["created", "authorized"] = Field(
        "created", description="Where a pending payment waits: created (UPI collect not approved) or authorized"
    )
    deliver_twice: bool = Field(False, description="Deliver every event twice, with the same event id and bytes")


class SettleBody(BaseModel):
    payment_id: str
    status: Literal["captured", "failed"]
    webhooks: bool = Field(False, description="Also send the webhooks (default: silent, only re-querying tells)")


class RedeliverBody(BaseModel):
    event_id: str


class FaultBody(BaseModel):
    status: Literal[429, 500, 502, 503, 504]
    times: int = Field(1, ge=1)
    on: Target = "any"
    method: Literal["GET", "POST"] | None = None
    after_commit: bool = Field(False, description="Do the work, then answer with the failure anyway")
    delay_seconds: float = Field(0.0, ge=0)


@router.get("/health")
async def health(fake: FakeDep) -> dict:
    settings = fake.settings
    return {
        "status": "ok",
        "api_base_url": f"{settings.own_url}/v1",
        "key_id": settings.key_id,
        "account_id": settings.account_id,
        "webhook_url": settings.webhook_url,
        "webhook_events": sorted(settings.subscribed_events),
    }


@router.post("/pay")
async def pay(body: PayBody, checkout: CheckoutDep) -> dict:
    return await checkout.pay(PayRequest(**body.model_dump()))


@router.post("/settle")
async def settle(body: SettleBody, checkout: CheckoutDep) -> dict:
    return await checkout.settle(body.payment_id, body.status, send_webhooks=body.webhooks)


@router.get("/webhooks")
async def webhooks(fake: FakeDep, event_id: str | None = None, payment_id: str | None = None) -> dict:
    attempts = [
        attempt.to_json()
        for attempt in fake.webhooks.attempts
        if (event_id is None or attempt.event_id == event_id)
        and (payment_id is None or attempt.payment_id == payment_id)
    ]
    return {"deliveries": attempts}


@router.post("/redeliver")
async def redeliver(body: RedeliverBody, checkout: CheckoutDep) -> dict:
    return await checkout.redeliver(body.event_id)


@router.post("/faults")
async def add_fault(body: FaultBody, fake: FakeDep) -> dict:
    fake.faults.add(Fault(**body.model_dump()))
    return {"pending": [vars(fault) for fault in fake.faults.pending()]}


@router.get("/faults")
async def list_faults(fake: FakeDep) -> dict:
    return {"pending": [vars(fault) for fault in fake.faults.pending()]}


@router.post("/reset")
async def reset(fake: FakeDep) -> dict:
    await fake.reset()
    return {"reset": True}
