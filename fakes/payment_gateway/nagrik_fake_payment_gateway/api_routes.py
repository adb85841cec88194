"""The Razorpay `/v1` endpoints the payments service calls. Handlers are `async` so that all state changes
happen on the event loop, never in FastAPI's thread pool."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request

from .api_errors import invalid_input, url_not_found
from .dependencies import BasicAuth, CheckoutDep, FakeDep

router = APIRouter(prefix="/v1", dependencies=[BasicAuth])


async def _json_body(request: Request) -> object:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        raise invalid_input("The request body is not valid JSON.") from None


@router.post("/orders")
async def create_order(request: Request, fake: FakeDep) -> dict:
    return fake.create_order(await _json_body(request))


@router.get("/orders")
async def list_orders(request: Request, fake: FakeDep) -> dict:
    return fake.list_orders(dict(request.query_params))


@router.get("/orders/{order_id}")
async def get_order(order_id: str, fake: FakeDep) -> dict:
    return fake.order(order_id).as_entity()


@router.get("/orders/{order_id}/payments")
async def get_order_payments(order_id: str, fake: FakeDep) -> dict:
    return fake.order_payments(order_id)


@router.post("/payment_links")
async def create_payment_link(request: Request, fake: FakeDep) -> dict:
    return fake.create_payment_link(await _json_body(request))


@router.get("/payment_links")
async def list_payment_links(request: Request, fake: FakeDep) -> dict:
    return fake.list_payment_links(dict(request.query_params))


@router.get("/payment_links/{link_id}")
async def get_payment_link(link_id: str, fake: FakeDep) -> dict:
    return fake.payment_link(link_id).as_entity()


@router.post("/payment_links/{link_id}/cancel")
async def cancel_payment_link(link_id: str, fake: FakeDep) -> dict:
    return fake.cancel_payment_link(link_id)


@router.get("/payments/{payment_id}")
async def get_payment(payment_id: str, fake: FakeDep) -> dict:
    return fake.payment(payment_id).as_entity()


@router.post("/payments/{payment_id}/capture")
async def capture_payment(payment_id: str, request: Request, checkout: CheckoutDep) -> dict:
    return checkout.capture_authorized(payment_id, await _json_body(request))


@router.get("/settlements/recon/combined")
async def settlement_recon(request: Request, fake: FakeDep) -> dict:
    return fake.recon(dict(request.query_params))


@router.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
async def unknown_endpoint(path: str) -> None:
    raise url_not_found()
