"""`python -m nagrik_fake_payment_gateway`: serve the fake on FAKE_PAYMENT_GATEWAY_HOST:FAKE_PAYMENT_GATEWAY_PORT."""

from __future__ import annotations

import uvicorn

from .app import create_app
from .settings import FakePaymentGatewaySettings


def main() -> None:
    settings = FakePaymentGatewaySettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    main()
