"""FastAPI dependencies: the fake itself, and Razorpay's Basic auth on every /v1 call."""

from __future__ import annotations

import base64
import binascii
import hmac
from typing import Annotated

from fastapi import Depends, Request

from .api_errors import authentication_failed
from .checkout import Checkout
from .fake_gateway import FakePaymentGateway


def get_fake(request: Request) -> FakePaymentGateway:
    return request.app.state.fake


def get_checkout(request: Request) -> Checkout:
    return request.app.state.checkout


FakeDep = Annotated[FakePaymentGateway, Depends(get_fake)]
CheckoutDep = Annotated[Checkout, Depends(get_checkout)]


def require_basic_auth(request: Request, fake: FakeDep) -> None:
    """`Authorization: Basic base64(key_id:key_secret)`; anything else is 401 "Authentication failed"."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        raise authentication_failed()
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise authentication_failed() from None
    key_id, separator, key_secret = decoded.partition(b":")
    settings = fake.settings
    # Both comparisons always run, so the answer time does not tell a right key id from a wrong one.
    id_ok = hmac.compare_digest(key_id, settings.key_id.encode())
    secret_ok = hmac.compare_digest(key_secret, settings.key_secret.encode())
    if not (separator and id_ok and secret_ok):
        raise authentication_failed()


BasicAuth = Depends(require_basic_auth)
