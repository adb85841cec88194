"""Composition root: `uvicorn nagrik_fake_payment_gateway.app:create_app --factory` (or `python -m …`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from . import api_routes, control_routes, payment_page
from .api_errors import RazorpayError
from .checkout import Checkout, Refused
from .fake_gateway import FakePaymentGateway
from .faults import inject_faults
from .settings import FakePaymentGatewaySettings


def create_app(
    settings: FakePaymentGatewaySettings | None = None, *, webhook_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """Build the fake; `webhook_transport` lets tests deliver webhooks to an in-process receiver app."""
    fake = FakePaymentGateway(settings or FakePaymentGatewaySettings(), webhook_transport=webhook_transport)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await fake.aclose()

    app = FastAPI(title="Fake payment gateway, Razorpay-compatible (Nagrik)", lifespan=lifespan)
    app.state.fake = fake
    app.state.checkout = Checkout(fake)
    app.add_exception_handler(RazorpayError, _razorpay_error_response)
    app.add_exception_handler(Refused, _refused_response)
    app.middleware("http")(inject_faults)
    # Page and control routes first: their paths never start with /v1, but keep the catch-all last anyway.
    app.include_router(payment_page.router)
    app.include_router(control_routes.router)
    app.include_router(api_routes.router)
    return app


async def _razorpay_error_response(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RazorpayError)
    return JSONResponse(error.to_body(), status_code=error.http_status)


async def _refused_response(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, Refused)
    return JSONResponse({"detail": error.detail}, status_code=error.http_status)
