"""Composition root of the ocr service: one consumer (ocr.requests → ocr.results), the OCR engine loaded at start."""

from __future__ import annotations

from pathlib import Path

from nagrik_contracts.topics import OCR_REQUESTS
from nagrik_kit import Service

from .engine import EasyOcrEngine, OcrEngine
from .handlers import Ocr
from .media_api import MediaApi
from .metrics import Metrics
from .settings import Settings
from .vault import Vault

MIGRATIONS = Path(__file__).parent / "sql"


class OcrService(Service):
    """The kit's service; starting it also starts loading the OCR engine, in a worker thread, so that the
    first document does not wait for it (it still would, were it to arrive within those few seconds)."""

    def __init__(self, settings: Settings, ocr: Ocr) -> None:
        super().__init__(settings, schema="ocr", migrations=MIGRATIONS)
        self.ocr = ocr

    async def start(self) -> None:
        warm_up = getattr(self.ocr.engine, "warm_up", None)
        if warm_up is not None:
            warm_up()
        await super().start()


def media_api_from(settings: Settings) -> MediaApi:
    return MediaApi(base_url=settings.whatsapp_api_base_url, version=settings.whatsapp_api_version,
                    access_token=settings.whatsapp_access_token, timeout_seconds=settings.whatsapp_timeout_seconds)


def build(settings: Settings, *, media_api: MediaApi | None = None, engine: OcrEngine | None = None) -> OcrService:
    media_api = media_api or media_api_from(settings)
    ocr = Ocr(media_api=media_api, engine=engine or EasyOcrEngine(),
              vault=Vault(settings.document_encryption_key.get_secret_value()), limits=settings.media_limits())
    service = OcrService(settings, ocr)
    ocr.metrics = Metrics(service.registry)
    service.on_stop(media_api.aclose)
    service.consume(OCR_REQUESTS, ocr.on_read_document)
    return service


def main() -> None:
    build(Settings()).run()
