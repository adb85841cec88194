"""FastAPI dependencies shared by the Graph and control routes."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from .fake_whatsapp import FakeWhatsApp
from .graph_errors import invalid_token


def get_fake(request: Request) -> FakeWhatsApp:
    return request.app.state.fake


FakeDep = Annotated[FakeWhatsApp, Depends(get_fake)]


def require_access_token(request: Request, fake: FakeDep) -> None:
    """Graph accepts `Authorization: Bearer <token>` (or `?access_token=`); anything else is error 190."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        token = request.query_params.get("access_token", "")
    if not token or not hmac.compare_digest(token.strip().encode(), fake.settings.access_token.encode()):
        raise invalid_token()


AccessToken = Depends(require_access_token)
