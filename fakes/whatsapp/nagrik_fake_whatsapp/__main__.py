"""`python -m nagrik_fake_whatsapp`: serve the fake on FAKE_WHATSAPP_HOST:FAKE_WHATSAPP_PORT."""

from __future__ import annotations

import uvicorn

from .app import create_app
from .settings import FakeWhatsAppSettings


def main() -> None:
    settings = FakeWhatsAppSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    main()
