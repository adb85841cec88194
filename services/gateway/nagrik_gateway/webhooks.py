"""HTTP in, calls out: the WhatsApp webhook routes. What a webhook means is decided in `domain`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from nagrik_kit.fast_routes import Endpoint

from . import domain
from .domain import SignatureCheck
from .publisher import Publish, PublishFailed
from .settings import Settings

PATH = "/webhooks/whatsapp"


class _BodyTooLarge(Exception):
    pass


def whatsapp_routes(*, settings: Settings, publish: Publish) -> list[tuple[str, str, Endpoint]]:
    """The webhook endpoints, served as the kit's fast routes: FastAPI's middleware and dependency
    machinery would cost most of the gateway's throughput (bench/gateway_throughput.py)."""
    app_secret = settings.whatsapp_app_secret.get_secret_value().encode()
    verify_token = settings.whatsapp_verify_token.get_secret_value()
    pseudonym_key = settings.citizen_pseudonym_key.get_secret_value().encode()
    producer = settings.service_name
    limit = settings.max_body_bytes

    async def verify_subscription(request: Request) -> Response:
        challenge = domain.verification_challenge(request.query_params, verify_token)
        return _answer(403, "verification refused") if challenge is None else _answer(200, challenge)

    async def receive_notification(request: Request) -> Response:
        checked = await read_signed_json(
            request, limit, lambda raw: domain.verify_signature(raw, request.headers.get("x-hub-signature-256"),
                                                                app_secret))
        if isinstance(checked, Response):
            return checked
        _, payload = checked
        # Valid JSON of a shape we do not know is answered 200 with nothing published (parse_whatsapp
        # logs it): it is signed, so it is Meta's, and Meta would resend it unchanged for 7 days.
        events = domain.parse_whatsapp(payload)
        try:
            await publish([domain.envelope_for(e, producer=producer, pseudonym_key=pseudonym_key) for e in events])
        except PublishFailed:
            return _answer(503, "try again later")
        return _answer(200, "ok")

    return [("GET", PATH, verify_subscription), ("POST", PATH, receive_notification)]


async def read_signed_json(
    request: Request, limit: int, verify: Callable[[bytes], SignatureCheck]
) -> tuple[bytes, Any] | Response:
    """A signed webhook's raw body and its JSON, or the answer that refuses it: 413 over `limit`,
    401 without a signature, 403 with a wrong one (checked on the raw bytes), 400 if not JSON."""
    try:
        raw = await _read_body(request, limit)
    except _BodyTooLarge:
        return _answer(413, "payload too large")
    signature = verify(raw)
    if signature is SignatureCheck.MISSING:
        return _answer(401, "signature missing")
    if signature is SignatureCheck.MISMATCH:
        return _answer(403, "signature mismatch")
    try:
        return raw, json.loads(raw)
    except ValueError:
        return _answer(400, "malformed json")


async def _read_body(request: Request, limit: int) -> bytes:
    """The raw body, refused as soon as it is known to exceed `limit` (never buffered past it)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _answer(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type="text/plain")
