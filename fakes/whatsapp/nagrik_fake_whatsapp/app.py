"""Composition root: `uvicorn nagrik_fake_whatsapp.app:create_app --factory` (or `python -m nagrik_fake_whatsapp`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from . import control_routes, graph_routes
from .fake_whatsapp import BareHttpError, FakeWhatsApp
from .graph_errors import GraphApiError
from .settings import FakeWhatsAppSettings


def create_app(
    settings: FakeWhatsAppSettings | None = None, *, webhook_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """Build the fake; `webhook_transport` lets tests deliver webhooks to an in-process receiver app."""
    fake = FakeWhatsApp(settings or FakeWhatsAppSettings(), webhook_transport=webhook_transport)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await fake.aclose()

    app = FastAPI(title="Fake WhatsApp Cloud API (Nagrik)", lifespan=lifespan)
    app.state.fake = fake
    app.add_exception_handler(GraphApiError, _graph_error_response)
    app.add_exception_handler(BareHttpError, _bare_http_error_response)
    # Control routes first: `GET /{version}/{media_id}` would otherwise swallow `GET /_fake/health`.
    app.include_router(control_routes.router)
    app.include_router(graph_routes.router)
    return app


async def _graph_error_response(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, GraphApiError)
    headers = {}
    if error.code == 190:
        headers["WWW-Authenticate"] = 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"'
    return JSONResponse(error.to_body(), status_code=error.http_status, headers=headers)


async def _bare_http_error_response(_: Request, error: Exception) -> PlainTextResponse:
    assert isinstance(error, BareHttpError)
    return PlainTextResponse("upstream connect error or disconnect/reset before headers", status_code=error.status_code)
